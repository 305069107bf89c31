"""The API says what it does: null for an empty URL, no field that a role never gets marked required,
and every operation's error answers documented in one shape."""

import pytest

from tests.factories import BrandFactory, DeliverableFactory

pytestmark = pytest.mark.django_db


def test_empty_urls_are_null_not_empty_strings(staff_api, client_a, client_a_api):
    brand = BrandFactory(website="")
    assert staff_api.get(f"/api/brands/{brand.uuid}/").json()["website"] is None
    deliverable = DeliverableFactory(campaign__brand=client_a.brand, status="client_review", published_url="")
    assert staff_api.get(f"/api/deliverables/{deliverable.uuid}/").json()["published_url"] is None
    # And a client may send null to clear one.
    patched = staff_api.patch(f"/api/brands/{brand.uuid}/", {"website": None}, format="json")
    assert patched.status_code == 200 and patched.json()["website"] is None


def test_brand_notes_are_null_for_brand_clients_never_absent(client_a, client_a_api, staff_api):
    client_a.brand.notes = "Pays late; chase in week 2"
    client_a.brand.save()
    seen = client_a_api.get(f"/api/brands/{client_a.brand.uuid}/").json()
    assert "notes" in seen and seen["notes"] is None
    assert (
        staff_api.get(f"/api/brands/{client_a.brand.uuid}/").json()["notes"] == "Pays late; chase in week 2"
    )


def test_every_operation_documents_its_error_answers(staff_api):
    schema = staff_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["schemas"]["Error"]["required"] == ["code", "detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"400", "401", "403", "429"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            assert responses["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }
