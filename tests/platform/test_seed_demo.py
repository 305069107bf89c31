import pytest
from django.core.management import call_command

from campaigns.models import Deliverable, Invoice
from generation.models import GenerationJob, Motion, MotionStatus
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
    assert len(callbacks) == 1  # the render is enqueued after commit

    call_command("seed_demo")
    assert Persona.objects.count() == 2
