"""factory-boy factories for every app's models."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from campaigns.models import (
    Brand,
    BrandContact,
    Campaign,
    Deliverable,
    DeliverableType,
    ExclusivityFee,
    RateCard,
    RateCardPrice,
    UsageRightsMultiplier,
)
from influencer_platform.accounts.models import Role, User
from personas.models import Channel, Persona


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.AGENCY_STAFF
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona

    name = factory.Sequence(lambda n: f"Persona {n}")
    handle = factory.Sequence(lambda n: f"persona_{n}")
    slug = factory.Sequence(lambda n: f"persona-{n}")
    status = "active"
    commission_percent = Decimal("20.00")


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel

    persona = factory.SubFactory(PersonaFactory)
    platform = "instagram"
    handle = factory.Sequence(lambda n: f"handle_{n}")
    follower_count = 1000


class RateCardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RateCard
        skip_postgeneration_save = True

    persona = factory.SubFactory(PersonaFactory)
    currency = "EUR"
    rush_surcharge_percent = Decimal("25.00")
    included_revision_rounds = 2
    extra_revision_round_price = Decimal("150.00")

    @factory.post_generation
    def with_prices(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        RateCardPrice.objects.create(
            rate_card=obj, deliverable_type=DeliverableType.INSTAGRAM_REEL, base_price=Decimal("1000.00")
        )
        RateCardPrice.objects.create(
            rate_card=obj, deliverable_type=DeliverableType.TIKTOK_VIDEO, base_price=Decimal("800.00")
        )
        UsageRightsMultiplier.objects.create(rate_card=obj, term="paid_ads_30d", multiplier=Decimal("1.5"))
        UsageRightsMultiplier.objects.create(rate_card=obj, term="perpetual", multiplier=Decimal("3"))


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")
    currency = "EUR"
    budget = Decimal("10000.00")
    start_date = factory.LazyFunction(date.today)
    end_date = factory.LazyFunction(lambda: date.today() + timedelta(days=60))


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    campaign = factory.SubFactory(CampaignFactory)
    persona = factory.SubFactory(PersonaFactory)
    deliverable_type = DeliverableType.INSTAGRAM_REEL
    due_date = factory.LazyFunction(lambda: date.today() + timedelta(days=7))
    caption = "Summer drop"
    hashtags = factory.LazyFunction(lambda: ["summer", "ad", "aigenerated"])


class BrandContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandContact

    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@brand.example")


class ExclusivityFeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExclusivityFee

    rate_card = factory.SubFactory(RateCardFactory)
    category = "beverages"
    fee_per_month = Decimal("200.00")


# --- Pages and browser tests (web UI) ---------------------------------------------------
# Media rows backed by small real files, so pages can render thumbnails, posters and videos.


def _png_bytes(size=(64, 96), colour=(120, 90, 200)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


class ReferenceImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "personas.ReferenceImage"

    persona = factory.SubFactory(PersonaFactory)
    image = factory.LazyFunction(lambda: _content_file(_png_bytes(), "ref.png"))
    label = "full_body"
    is_primary = True


def _content_file(data: bytes, name: str):
    from django.core.files.base import ContentFile

    return ContentFile(data, name=name)


class MotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "generation.Motion"

    name = factory.Sequence(lambda n: f"Motion {n}")
    source = "skeleton_video"
    status = "ready"
    poster = factory.LazyFunction(lambda: _content_file(_png_bytes(colour=(0, 0, 0)), "poster.png"))
    fps = 24.0
    frame_count = 48
    duration_seconds = 2.0
    width = 512
    height = 768
    progress = 100
    tags = factory.LazyFunction(lambda: ["dance"])


class GenerationJobFactory(factory.django.DjangoModelFactory):
    """A finished render, shared with the client (pass ``shared_at=None`` for one still internal); the
    video file is a stand-in (pages only link to it)."""

    class Meta:
        model = "generation.GenerationJob"

    reference_image = factory.SubFactory(ReferenceImageFactory)
    motion = factory.SubFactory(MotionFactory)
    parameters = factory.LazyFunction(
        lambda: {"width": 256, "height": 384, "frames": 16, "steps": 10, "guidance_scale": 3.0, "seed": 7}
    )
    status = "succeeded"
    progress = 100
    current_step = 10
    total_steps = 10
    video = factory.LazyFunction(lambda: _content_file(b"\x00\x00\x00\x18ftypmp42", "video.mp4"))
    poster = factory.LazyFunction(lambda: _content_file(_png_bytes(), "poster.png"))
    model_fingerprint = "tiny-test-model"
    model_description = factory.LazyFunction(lambda: {"name": "tiny test model", "parameters": "1M"})
    shared_at = factory.LazyFunction(timezone.now)
