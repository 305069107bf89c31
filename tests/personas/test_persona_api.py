from datetime import date

import pytest
from django.urls import reverse

from personas.models import Persona
from tests.factories import ChannelFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def test_staff_creates_persona_with_bible(staff_api):
    response = staff_api.post(
        "/api/personas/",
        {
            "name": "Nova Lane",
            "handle": "@nova.lane",
            "status": "active",
            "bio": "Digital creator",
            "personality": ["curious", "warm"],
            "birthday": "2001-08-01",
            "home_city": "Lisbon",
            "interests": ["surfing"],
            "never_topics": ["politics"],
            "brand_safety": "family",
            "commission_percent": "22.50",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["handle"] == "nova.lane"
    assert body["slug"] == "novalane"
    assert body["zodiac_sign"] == "Leo"
    assert body["commission_percent"] == "22.50"
    persona = Persona.objects.get(uuid=body["id"])
    assert persona.never_topics == ["politics"]
    assert persona.birthday == date(2001, 8, 1)


def test_duplicate_handle_is_a_clear_400(staff_api):
    PersonaFactory(handle="taken")
    response = staff_api.post("/api/personas/", {"name": "X", "handle": "taken"}, format="json")
    assert response.status_code == 400
    assert "handle" in response.json()["detail"]
    assert Persona.objects.filter(handle="taken").count() == 1


def test_commission_outside_0_100_is_refused(staff_api):
    response = staff_api.post(
        "/api/personas/", {"name": "X", "handle": "x", "commission_percent": "120"}, format="json"
    )
    assert response.status_code == 400
    assert not Persona.objects.exists()


@pytest.mark.parametrize("field", ["identity_threshold", "appearance_floor"])
def test_quality_thresholds_are_bounded_and_default_when_omitted(staff_api, field):
    refused = staff_api.post("/api/personas/", {"name": "X", "handle": "x", field: "0.99"}, format="json")
    assert refused.status_code == 400
    assert field in str(refused.json()) and "0.95" in str(refused.json())
    assert not Persona.objects.exists()
    created = staff_api.post("/api/personas/", {"name": "X", "handle": "x"}, format="json").json()
    assert (created["identity_threshold"], created["appearance_floor"]) == ("0.40", "0.70")
    changed = staff_api.patch(f"/api/personas/{created['id']}/", {field: "0.55"}, format="json")
    assert changed.status_code == 200 and changed.json()[field] == "0.55"


def test_brand_client_cannot_see_or_touch_personas(client_a_api):
    persona = PersonaFactory()
    assert client_a_api.get("/api/personas/").status_code == 404
    assert client_a_api.get(f"/api/personas/{persona.uuid}/").status_code == 404
    response = client_a_api.patch(f"/api/personas/{persona.uuid}/", {"name": "hacked"}, format="json")
    assert response.status_code == 404
    persona.refresh_from_db()
    assert persona.name != "hacked"


def test_anonymous_is_refused(client):
    assert client.get("/api/personas/").status_code in (401, 403)


def test_channel_and_follower_snapshots(staff_api):
    persona = PersonaFactory()
    response = staff_api.post(
        f"/api/personas/{persona.uuid}/channels/",
        {"platform": "tiktok", "handle": "@nova", "follower_count": 1200},
        format="json",
    )
    assert response.status_code == 201, response.content
    channel_id = response.json()["id"]
    response = staff_api.post(
        f"/api/personas/{persona.uuid}/channels/{channel_id}/snapshots/",
        {"follower_count": 1500, "date": date.today().isoformat()},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["follower_count"] == 1500
    detail = staff_api.get(f"/api/personas/{persona.uuid}/").json()
    assert detail["total_followers"] == 1500


def test_persona_list_query_count_is_constant(staff_api, django_assert_num_queries):
    def seed(n):
        for _ in range(n):
            ChannelFactory(persona=PersonaFactory())

    seed(2)
    with django_assert_num_queries(4) as small:
        assert staff_api.get("/api/personas/").status_code == 200
    seed(10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = staff_api.get("/api/personas/")
    assert response.json()["count"] == 12


def test_list_filters_and_orders(staff_api):
    PersonaFactory(name="Zed", status="paused")
    PersonaFactory(name="Amy", status="active")
    names = [p["name"] for p in staff_api.get("/api/personas/?status=active").json()["results"]]
    assert names == ["Amy"]
    names = [p["name"] for p in staff_api.get("/api/personas/?ordering=-name").json()["results"]]
    assert names == ["Zed", "Amy"]


@pytest.mark.parametrize("page_size", ["100000", "0", "-1", "ten", "2.5"])
def test_an_unusable_page_size_is_a_400_naming_the_limits(staff_api, page_size):
    response = staff_api.get(reverse("persona-list") + f"?page_size={page_size}")
    assert response.status_code == 400
    assert response.json()["detail"] == "page_size: page_size must be a whole number from 1 to 100."
    assert staff_api.get(reverse("persona-list") + "?page_size=100").status_code == 200


def test_unknown_query_parameters_are_a_400(staff_api):
    response = staff_api.get("/api/generation-jobs/?stauts=failed")
    assert response.status_code == 400
    assert "stauts" in response.json()["errors"] and "status" in response.json()["detail"] + str(
        response.json()["errors"]
    )
    assert staff_api.get("/api/generation-jobs/?status=failed&ordering=-created_at").status_code == 200
