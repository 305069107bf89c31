from unittest import mock

import pytest
from django.core.management import call_command

from campaigns.models import Deliverable, Invoice
from generation.models import GenerationJob, Motion, MotionStatus
from generation.queue import NOTIFICATION_EMAIL_TASK, RENDER_TASK
from influencer_platform.accounts.models import User
from personas.models import Persona

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_a_complete_studio_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("seed_demo")
    assert set(User.objects.values_list("username", flat=True)) == {"admin", "staff", "lumen", "northwind"}
    mila = Persona.objects.get(slug="mila-voss")
    assert mila.images.filter(is_primary=True).count() == 1
    assert mila.rate_card.prices.count() == 3
    motion = Motion.objects.get()
    assert motion.status == MotionStatus.READY and motion.frame_count == 48 and motion.pose_video
    statuses = set(Deliverable.objects.values_list("status", flat=True))
    assert {
        "planned",
        "in_production",
        "client_review",
        "changes_requested",
        "approved",
        "published",
    } <= statuses
    assert Invoice.objects.filter(status="paid").count() == 2
    assert Invoice.objects.filter(status="issued").count() == 1
    job = GenerationJob.objects.get()
    assert job.status == "queued"
    # After commit: the one render, and the emails of the notifications the seeded reviews raised.
    with mock.patch("influencer_platform.celery.app.send_task") as send:
        for callback in callbacks:
            callback()
    sent = [call.args[0] for call in send.call_args_list]
    assert sent.count(RENDER_TASK) == 1 and set(sent) == {RENDER_TASK, NOTIFICATION_EMAIL_TASK}

    call_command("seed_demo")
    assert Persona.objects.count() == 2


def test_demo_dates_agree_with_each_other_and_with_statuses(django_capture_on_commit_callbacks):
    from datetime import date

    from campaigns.models import Campaign, Payment

    with django_capture_on_commit_callbacks(execute=False):
        call_command("seed_demo", "--no-render")
    today = date.today()
    done = {"approved", "scheduled", "published", "cancelled"}
    for deliverable in Deliverable.objects.select_related("campaign"):
        campaign = deliverable.campaign
        assert campaign.start_date <= deliverable.due_date <= campaign.end_date, deliverable
        if deliverable.status in done:
            assert deliverable.due_date < today, deliverable
        else:
            assert deliverable.due_date >= today, deliverable
        if deliverable.published_at:
            assert deliverable.published_at.date() == deliverable.due_date
        history = list(deliverable.status_changes.values_list("created_at", flat=True))
        assert history == sorted(history)
    for invoice in Invoice.objects.select_related("campaign").prefetch_related("lines__deliverable"):
        assert invoice.issue_date >= invoice.campaign.start_date
        assert all(line.deliverable.due_date <= invoice.issue_date for line in invoice.lines.all())
    for payment in Payment.objects.select_related("invoice"):
        assert payment.invoice.issue_date <= payment.received_on <= today
    assert [i.campaign.name for i in Invoice.objects.all() if i.is_overdue] == ["Trail season"]
    assert Campaign.objects.get(name="Spring reset").status == "closed"
    assert all(c.start_date <= c.end_date for c in Campaign.objects.all())
