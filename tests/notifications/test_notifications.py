"""Notifications: approvals and change requests reach the agency, reviews reach the brand, renders
reach who asked for them, overdue invoices reach admins; each person chooses in-app and email."""

import pytest
from django.core import mail

from campaigns.services.deliverables import deliverable_approve, deliverable_request_changes
from generation.models import JobStatus
from generation.services.job_states import job_transition
from influencer_platform.accounts.models import User
from notifications.models import Notification, NotificationKind
from notifications.services import invoices_overdue_notify, notification_email_send
from tests.factories import GenerationJobFactory

pytestmark = pytest.mark.django_db
K = NotificationKind


def _kinds(user):
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_review_loop_notifies_the_other_side(
    client_a, client_b, agency_staff, studio, agency_admin, django_capture_on_commit_callbacks
):
    User.objects.filter(pk__in=[agency_staff.pk, client_a.pk]).update(email="x@studio.example")
    agency_staff.refresh_from_db()
    # The fixture sent review_a to client review: brand A's user heard of it, brand B's did not.
    sent = Notification.objects.get(
        user=client_a, kind=K.SENT_FOR_REVIEW, url__contains=str(studio.review_a.uuid)
    )
    assert sent.title == f"{studio.review_a} is ready for your review"
    assert sent.url == f"/portal/deliverables/{studio.review_a.uuid}/"
    assert K.SENT_FOR_REVIEW not in _kinds(agency_admin)
    assert not Notification.objects.filter(user=client_b, url__contains=str(studio.review_a.uuid)).exists()

    with django_capture_on_commit_callbacks() as callbacks:
        deliverable_request_changes(
            deliverable=studio.review_a, user=client_a, comment="Brighter light, please"
        )
    asked = Notification.objects.get(user=agency_staff, kind=K.CHANGES_REQUESTED)
    assert "Brighter light, please" in asked.body and asked.email_wanted  # emailed by default
    assert K.CHANGES_REQUESTED in _kinds(agency_admin)
    assert not Notification.objects.filter(user=client_a, kind=K.CHANGES_REQUESTED).exists()  # not the actor
    assert callbacks  # the email task is sent after commit
    assert notification_email_send(notification_id=asked.id) is True
    assert notification_email_send(notification_id=asked.id) is False  # once
    (message,) = mail.outbox
    assert message.to == ["x@studio.example"] and message.subject == asked.title
    assert f"http://localhost:8000/deliverables/{studio.review_a.uuid}/" in message.body


def test_preferences_decide_in_app_and_email(client, agency_staff, client_a, studio):
    User.objects.filter(pk=agency_staff.pk).update(email="staff@studio.example")
    client.force_login(agency_staff)
    page = client.get("/notifications/preferences/").content.decode()
    assert "A client approved a deliverable" in page and "A deliverable is ready for your review" not in page
    response = client.post(
        "/notifications/preferences/",
        {"deliverable_approved:email": "on", "changes_requested:in_app": "on"},
        follow=True,
    )
    assert "Your notification choices are saved." in response.content.decode()
    deliverable_approve(deliverable=studio.review_a, user=client_a)
    approved = Notification.objects.get(user=agency_staff, kind=K.DELIVERABLE_APPROVED)
    assert (approved.in_app, approved.email_wanted) == (False, True)
    assert approved.title not in client.get("/notifications/").content.decode()  # email only


def test_list_open_and_read_all(client, agency_staff, client_a, agency_admin, studio):
    deliverable_request_changes(deliverable=studio.review_a, user=client_a, comment="Shorter intro")
    deliverable_approve(
        deliverable=studio.review_b,
        user=User.objects.create(username="cb", role="brand_client", brand=studio.campaign_b.brand),
    )
    client.force_login(agency_staff)
    page = client.get("/notifications/").content.decode()
    assert f"Changes requested on {studio.review_a}" in page
    assert 'aria-label="2 unread"' in page  # the navigation shows the count
    mine = Notification.objects.filter(user=agency_staff).order_by("id").first()
    opened = client.post(f"/notifications/{mine.uuid}/open/")
    assert opened.status_code == 302 and opened["Location"] == mine.url
    mine.refresh_from_db()
    assert mine.read_at is not None
    theirs = Notification.objects.filter(user=agency_admin).first()
    assert client.post(f"/notifications/{theirs.uuid}/open/").status_code == 404
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(user=agency_staff, read_at__isnull=True).exists()
    assert "unread" not in client.get("/notifications/").content.decode().split("<main", 1)[0]


def test_renders_notify_who_asked_and_overdue_invoices_reach_admins_once(agency_staff, agency_admin, studio):
    job = GenerationJobFactory(
        reference_image=studio.image, deliverable=studio.planned, status="running", requested_by=agency_staff
    )
    assert job_transition(
        job_id=job.id, from_status=JobStatus.RUNNING, to_status=JobStatus.FAILED,
        fields={"error_code": "oom", "error_message": "Out of memory at 512x768"},
    )  # fmt: skip
    failed = Notification.objects.get(user=agency_staff, kind=K.RENDER_FAILED)
    assert failed.title == f"Render for {studio.planned} failed"
    assert failed.body == "Out of memory at 512x768" and failed.url == f"/jobs/{job.uuid}/"
    assert not Notification.objects.filter(user=agency_admin, kind=K.RENDER_FAILED).exists()

    assert invoices_overdue_notify() == 1  # the studio's invoice was due weeks ago; one admin
    overdue = Notification.objects.get(user=agency_admin, kind=K.INVOICE_OVERDUE)
    assert studio.invoice.number in overdue.title
    assert invoices_overdue_notify() == 0


def test_scheduling_tools_have_no_notification_pages(client, agency_admin):
    from influencer_platform.accounts.services import scheduler_create
    from tests.factories import PersonaFactory

    scheduler = scheduler_create(name="buffer", personas=[PersonaFactory()], created_by=agency_admin)
    client.force_login(scheduler)
    assert client.get("/notifications/").status_code == 404
    assert client.post("/notifications/preferences/", {}).status_code == 404
