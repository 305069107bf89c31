"""The disclosure rule table: one versioned table per platform and jurisdiction, shown to staff
with the reason for each requirement, and the platform fields a scheduler sets."""

import pytest

from tests.factories import DeliverableFactory
from trust import disclosure_rules as table
from trust.selectors import deliverable_platform, disclosure_platform_fields
from trust.services.disclosures import disclosure_set

pytestmark = pytest.mark.django_db


def test_every_rule_has_a_reason_a_source_and_an_enforcement():
    assert table.CHANGES[-1][0] == table.VERSION and table.CHANGES[-1][1] == table.EFFECTIVE
    keys = [
        (r.platform, r.jurisdiction, r.requirement, r.platform_field, r.only_when_paid) for r in table.RULES
    ]
    assert len(keys) == len(set(keys))  # no duplicate rows
    for rule in table.RULES:
        assert rule.reason and rule.source and rule.enforced_by and rule.requirement_label
        assert (rule.requirement == table.PLATFORM_FLAG) == bool(rule.platform_field)


def test_rules_for_a_platform_include_the_any_platform_rows_first():
    tiktok = table.disclosure_rules(platform="tiktok")
    assert {r.platform for r in tiktok} == {"*", "tiktok"}
    assert [r.platform for r in tiktok][:5] == ["*"] * 5
    assert [r.platform_field for r in tiktok if r.platform == "tiktok"] == ["is_aigc", "brand_content_toggle"]
    unpaid = table.disclosure_rules(platform="tiktok", paid=False)
    assert [(r.jurisdiction, r.requirement) for r in unpaid] == [
        ("EU", "ai_label"),
        ("EU", "machine_readable_mark"),
        ("*", "platform_flag"),
    ]


def test_platform_fields_follow_the_disclosure_record():
    deliverable = DeliverableFactory(deliverable_type="tiktok_video")
    assert deliverable_platform(deliverable=deliverable) == "tiktok"
    assert disclosure_platform_fields(deliverable=deliverable, platform="tiktok") == {
        "is_aigc": True,
        "brand_content_toggle": True,
    }
    disclosure_set(deliverable=deliverable, is_paid_partnership=False)
    deliverable.refresh_from_db()
    assert disclosure_platform_fields(deliverable=deliverable, platform="youtube") == {
        "containsSyntheticMedia": True,
        "hasPaidProductPlacement": False,
    }
    assert disclosure_platform_fields(deliverable=deliverable, platform="instagram") == {
        "is_ai_generated": True,
        "is_paid_partnership": False,
    }


def test_the_staff_page_lists_the_table_with_version_and_reasons(client, agency_staff, client_a):
    client.force_login(agency_staff)
    page = client.get("/trust/disclosure-rules/").content.decode()
    assert f"version {table.VERSION}" in page
    assert page.count("<tr>") == len(table.RULES) + 1  # header + one row per rule
    assert (
        "EU AI Act (Regulation 2024/1689), Art. 50(4)" in page
        and "<code>containsSyntheticMedia</code>" in page
    )
    client.force_login(client_a)
    assert client.get("/trust/disclosure-rules/").status_code == 404


def test_the_api_serves_the_table_to_staff_and_404_to_brands(staff_api, client_a_api):
    body = staff_api.get("/api/disclosure-rules/").json()
    assert (body["version"], body["effective"], len(body["rules"])) == (
        table.VERSION,
        table.EFFECTIVE,
        len(table.RULES),
    )
    first = body["rules"][0]
    assert set(first) == {"platform", "jurisdiction", "requirement", "requirement_label", "only_when_paid",
                          "platform_field", "reason", "source", "enforced_by"}  # fmt: skip
    assert client_a_api.get("/api/disclosure-rules/").status_code == 404


def test_the_deliverable_page_shows_the_disclosures_and_links_the_rules(client, agency_staff):
    deliverable = DeliverableFactory(
        deliverable_type="youtube_short", caption="Hi", hashtags=[], disclosure_text=""
    )
    client.force_login(agency_staff)
    page = client.get(f"/deliverables/{deliverable.uuid}/").content.decode()
    assert "<code>containsSyntheticMedia</code> on" in page
    assert "Paid partnership is not disclosed" in page and "/trust/disclosure-rules/" in page
