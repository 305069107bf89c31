"""factory-boy factories for every app's models."""

from datetime import date, timedelta
from decimal import Decimal

import factory

from campaigns.models import (
    Brand,
    Campaign,
    Deliverable,
    DeliverableType,
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
    hashtags = factory.LazyFunction(lambda: ["summer", "ad"])
