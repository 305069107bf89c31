"""Brand contacts join the portal by a one-time, expiring email link sent from the brand page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from influencer_platform.accounts.models import BrandInvitation, Role, User
from influencer_platform.accounts.services import brand_invitation_send

pytestmark = pytest.mark.django_db
STRONG = "violet-harbour-48"


def _link(message) -> str:
    return re.search(r"http://localhost:8000(/invite/[^/\s]+/)", message.body).group(1)


def _invite(client, brand, email="ana@brand-a.example", name="Ana Ruiz"):
    return client.post(f"/brands/{brand.uuid}/invite/", {"email": email, "name": name}, follow=True)


def test_staff_invite_a_contact_who_joins_the_portal_once(
    client, agency_staff, brand_a, brand_b, django_capture_on_commit_callbacks
):
    client.force_login(agency_staff)
    with django_capture_on_commit_callbacks(execute=True):
        page = _invite(client, brand_a).content.decode()
    assert "Invitation sent to ana@brand-a.example" in page
    assert "Open invitations" in page and "ana@brand-a.example" in page
    (message,) = mail.outbox
    assert message.to == ["ana@brand-a.example"]
    assert "Brand A" in message.subject and "Hello Ana Ruiz," in message.body
    link = _link(message)
    invitation = BrandInvitation.objects.get()
    assert link.split("/")[2] not in invitation.token_hash  # only a hash is stored

    client.logout()
    form = client.get(link)
    assert form.status_code == 200 and "Join Brand A" in form.content.decode()
    mismatch = client.post(link, {"username": "ana", "password": STRONG, "password_again": "other"})
    assert mismatch.status_code == 400 and "The two passwords differ." in mismatch.content.decode()
    weak = client.post(link, {"username": "ana", "password": "123", "password_again": "123"})
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    taken = client.post(link, {"username": "staff", "password": STRONG, "password_again": STRONG})
    assert taken.status_code == 400 and "That username is taken" in taken.content.decode()
    assert BrandInvitation.objects.get().accepted_at is None  # a refused attempt does not spend the link

    joined = client.post(link, {"username": "ana", "password": STRONG, "password_again": STRONG}, follow=True)
    assert joined.redirect_chain[-1][0] == "/portal/"
    assert "Welcome, ana" in joined.content.decode()
    ana = User.objects.get(username="ana")
    assert (ana.role, ana.brand, ana.email, ana.is_staff) == (
        Role.BRAND_CLIENT,
        brand_a,
        "ana@brand-a.example",
        False,
    )
    assert client.get(f"/brands/{brand_b.uuid}/").status_code == 404  # a brand client, not staff

    client.logout()
    again = client.get(link)
    assert again.status_code == 410 and "already used" in again.content.decode()
    assert (
        client.post(link, {"username": "ana2", "password": STRONG, "password_again": STRONG}).status_code
        == 410
    )
    assert User.objects.filter(brand=brand_a).count() == 1
    logged_in = client.post("/login/", {"username": "ana", "password": STRONG})
    assert logged_in.status_code == 302


def test_expired_withdrawn_replaced_and_unknown_links_say_why(client, agency_staff, brand_a):
    first = brand_invitation_send(brand=brand_a, email="Bo@Brand-A.example", invited_by=agency_staff)
    assert first.email == "bo@brand-a.example"
    second = brand_invitation_send(brand=brand_a, email="bo@brand-a.example", invited_by=agency_staff)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None  # only the newest link works

    assert client.get("/invite/not-a-real-token/").status_code == 410
    BrandInvitation.objects.filter(pk=second.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(agency_staff)
    page = client.get(f"/brands/{brand_a.uuid}/").content.decode()
    assert "expired" in page
    response = client.post(f"/invitations/{second.uuid}/revoke/", follow=True)
    assert "withdrawn" in response.content.decode()
    second.refresh_from_db()
    assert second.revoked_at is not None
    assert "Open invitations" not in client.get(f"/brands/{brand_a.uuid}/").content.decode()


def test_expired_link_page(client, agency_staff, brand_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = brand_invitation_send(brand=brand_a, email="cy@brand-a.example", invited_by=agency_staff)
    link = _link(mail.outbox[0])
    BrandInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(link)
    assert response.status_code == 410 and "expired" in response.content.decode()


def test_bad_input_and_who_may_invite(client, agency_staff, client_a, brand_a):
    client.force_login(agency_staff)
    assert "Enter a valid email address." in _invite(client, brand_a, email="not-an-email").content.decode()
    User.objects.filter(pk=client_a.pk).update(email="known@brand-a.example")
    page = _invite(client, brand_a, email="KNOWN@brand-a.example").content.decode()
    assert "known@brand-a.example already has a studio account." in page
    assert BrandInvitation.objects.count() == 0
    client.force_login(client_a)
    assert client.post(f"/brands/{brand_a.uuid}/invite/", {"email": "z@z.example"}).status_code == 404
    assert BrandInvitation.objects.count() == 0
