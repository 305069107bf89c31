"""Demo data for a newcomer: personas the studio drew itself, a dancing skeleton, brands, a
campaign with deliverables in several states, paid invoices, and one render on the way."""

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from campaigns.models import Deliverable, DeliverableStatusChange
from campaigns.models import DeliverableStatus as S
from campaigns.services.brands import brand_contact_create, brand_create
from campaigns.services.campaigns import campaign_create, campaign_transition
from campaigns.services.deliverables import (
    deliverable_create,
    deliverable_request_changes,
    deliverable_transition,
)
from campaigns.services.invoices import invoice_create, invoice_issue, payment_record
from campaigns.services.rate_cards import rate_card_create
from influencer_platform.accounts.models import Role, User
from influencer_platform.accounts.services import user_create
from influencer_platform.management.commands.run_studio import DEMO_LOGINS
from personas.models import Persona
from personas.services.images import reference_image_upload
from personas.services.personas import channel_create, persona_create

# Path of each deliverable through the state machine, ending where the demo leaves it.
_PATHS = {
    S.PLANNED: [],
    S.IN_PRODUCTION: [S.IN_PRODUCTION],
    S.INTERNAL_REVIEW: [S.IN_PRODUCTION, S.INTERNAL_REVIEW],
    S.CLIENT_REVIEW: [S.IN_PRODUCTION, S.INTERNAL_REVIEW, S.CLIENT_REVIEW],
    S.APPROVED: [S.IN_PRODUCTION, S.INTERNAL_REVIEW, S.CLIENT_REVIEW, S.APPROVED],
    S.PUBLISHED: [S.IN_PRODUCTION, S.INTERNAL_REVIEW, S.CLIENT_REVIEW, S.APPROVED, S.SCHEDULED, S.PUBLISHED],
}


def _backdate(deliverable: Deliverable, day: date) -> None:
    """Finished demo work happened on its due date: its status history and publication say so."""
    moment = timezone.make_aware(datetime.combine(day, time(10)))
    changes = DeliverableStatusChange.objects.filter(deliverable=deliverable)
    for offset, change in enumerate(changes.order_by("id")):
        DeliverableStatusChange.objects.filter(pk=change.pk).update(
            created_at=moment - timedelta(days=changes.count() - 1 - offset)
        )
    if deliverable.published_at:
        Deliverable.objects.filter(pk=deliverable.pk).update(
            published_at=moment, scheduled_for=moment - timedelta(hours=2)
        )


def _png(image) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile("character.png", buffer.getvalue())


class Command(BaseCommand):
    help = "Load demo data (idempotent: does nothing when the demo persona already exists)."

    def add_arguments(self, parser):
        parser.add_argument("--no-render", action="store_true", help="Do not queue the demo render.")

    def handle(self, *args, no_render: bool, **options):
        if Persona.objects.filter(slug="mila-voss").exists():
            self.stdout.write("Demo data is already loaded.")
            return
        with transaction.atomic():
            job = self._seed(queue_render=not no_render)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if job is not None:
            self.stdout.write(f"A demo render is queued (job {job.uuid}); the worker picks it up.")

    def _seed(self, *, queue_render: bool):
        from generation.demo_assets import drawn_character, procedural_dance
        from generation.services.motions import motion_create_from_sequence

        today = date.today()
        users = self._users()
        admin = users["admin"]
        mila = persona_create(
            name="Mila Voss",
            handle="mila.voss",
            slug="mila-voss",
            status="active",
            bio="Lisbon-based virtual creator: street style, surf mornings and slow coffee.",
            backstory="The studio's first persona; grew up (fictionally) between Porto and Berlin.",
            personality=["warm", "curious", "playful"],
            birthday=date(2001, 8, 14),
            home_city="Lisbon",
            interests=["surfing", "film photography", "sustainable fashion"],
            style_notes="Relaxed tailoring, primary colours, white sneakers.",
            voice="Friendly, first person, short sentences, light humour.",
            never_topics=["politics", "gambling", "crypto"],
            brand_safety="family",
            private_notes="Contract renewal with the voice actor due in March.",
            commission_percent=Decimal("20.00"),
        )
        kai = persona_create(
            name="Kai Morrow",
            handle="kai.morrow",
            slug="kai-morrow",
            status="active",
            bio="Trail runner and gear nerd.",
            personality=["calm", "precise"],
            birthday=date(1998, 2, 2),
            home_city="Vancouver",
            interests=["trail running", "climbing"],
            voice="Matter-of-fact, encouraging.",
            never_topics=["diet pills"],
            commission_percent=Decimal("25.00"),
        )
        front = reference_image_upload(
            persona=mila,
            file=_png(drawn_character(variant=0)),
            label="full_body",
            user=admin,
            provenance="Drawn by the demo seeder",
            consent_notes="Synthetic character; no real person.",
        )
        reference_image_upload(
            persona=kai, file=_png(drawn_character(variant=1)), label="full_body", user=admin
        )
        channel_create(persona=mila, platform="instagram", handle="mila.voss", follower_count=182_400)
        channel_create(persona=mila, platform="tiktok", handle="milavoss", follower_count=96_100)
        channel_create(persona=kai, platform="youtube", handle="kaimorrow", follower_count=41_250)

        for persona, reel, post in ((mila, "1800.00", "950.00"), (kai, "1200.00", "600.00")):
            rate_card_create(
                persona=persona,
                user=admin,
                currency="EUR",
                rush_surcharge_percent=Decimal("25"),
                included_revision_rounds=2,
                extra_revision_round_price=Decimal("200.00"),
                prices=[
                    {"deliverable_type": "instagram_reel", "base_price": Decimal(reel)},
                    {"deliverable_type": "instagram_post", "base_price": Decimal(post)},
                    {"deliverable_type": "tiktok_video", "base_price": Decimal(reel)},
                ],
                usage_multipliers=[
                    {"term": "organic_90d", "multiplier": Decimal("1.25")},
                    {"term": "paid_ads_30d", "multiplier": Decimal("1.8")},
                    {"term": "perpetual", "multiplier": Decimal("3")},
                ],
                exclusivity_fees=[{"category": "skincare", "fee_per_month": Decimal("400.00")}],
            )

        motion = motion_create_from_sequence(
            name="Demo dance loop",
            sequence=procedural_dance(frames=48, fps=24),
            user=admin,
            tags=["demo", "dance"],
            performer="Procedural (generated by the studio)",
            licence_note="Synthetic motion; no performer.",
        )

        lumen, northwind = users["lumen"].brand, users["northwind"].brand
        summer = campaign_create(
            brand=lumen,
            name="Summer glow",
            user=admin,
            brief="Sunscreen launch for city surfers.",
            objectives="Reach 18–30 urban surfers; 3 reels, 2 posts.",
            currency="EUR",
            budget=Decimal("15000.00"),
            start_date=today - timedelta(days=30),
            end_date=today + timedelta(days=45),
        )
        spring = campaign_create(
            brand=lumen,
            name="Spring reset",
            user=admin,
            currency="EUR",
            budget=Decimal("6000.00"),
            start_date=today - timedelta(days=120),
            end_date=today - timedelta(days=60),
        )
        trail = campaign_create(
            brand=northwind,
            name="Trail season",
            user=admin,
            currency="EUR",
            budget=Decimal("9000.00"),
            start_date=today - timedelta(days=40),
            end_date=today + timedelta(days=50),
        )
        # (campaign, persona, type, where it ends, due in days from today, pricing extras): work that
        # is done was due in the past, open work is due ahead, every due date inside its campaign.
        plan = [
            (summer, mila, "instagram_reel", S.PUBLISHED, -6, {"usage_term": "paid_ads_30d"}),
            (summer, mila, "instagram_reel", S.CLIENT_REVIEW, 4, {"rush": True}),
            (summer, mila, "instagram_post", S.CLIENT_REVIEW, 9, {}),
            (
                summer,
                mila,
                "tiktok_video",
                S.IN_PRODUCTION,
                16,
                {"exclusivity_category": "skincare", "exclusivity_months": 3},
            ),
            (summer, mila, "instagram_post", S.PLANNED, 30, {}),
            (spring, mila, "instagram_reel", S.PUBLISHED, -95, {}),
            (spring, mila, "instagram_post", S.PUBLISHED, -80, {}),
            (trail, kai, "instagram_reel", S.INTERNAL_REVIEW, 7, {}),
            (trail, kai, "tiktok_video", S.APPROVED, -26, {}),
        ]
        for campaign in (summer, spring, trail):
            for status in ("proposed", "contracted", "in_production"):
                campaign_transition(campaign=campaign, to_status=status, user=admin)
        made: list[Deliverable] = []
        for index, (campaign, persona, kind, final, due_in, extra) in enumerate(plan):
            deliverable = deliverable_create(
                campaign=campaign,
                persona=persona,
                deliverable_type=kind,
                user=admin,
                title=f"{campaign.name} · {kind.replace('_', ' ')} {index + 1}",
                due_date=today + timedelta(days=due_in),
                caption="Sun's out, city's calling. Protect your glow ☀️",
                hashtags=["summerglow", "ad", "aigenerated"],
                disclosure_text="#ad Paid partnership with the brand",
                **extra,
            )
            for step in _PATHS[final]:
                deliverable = deliverable_transition(
                    deliverable=deliverable,
                    to_status=step,
                    user=admin,
                    scheduled_for=timezone.now() + timedelta(days=1) if step == S.SCHEDULED else None,
                    published_url="https://instagram.com/p/demo" if step == S.PUBLISHED else None,
                )
            if final in (S.APPROVED, S.PUBLISHED):
                _backdate(deliverable, deliverable.due_date)
            made.append(deliverable)
        deliverable_request_changes(
            deliverable=made[2], user=users["lumen"], comment="Could the caption mention SPF 50 explicitly?"
        )
        spring_invoice = invoice_create(campaign=spring, deliverables=made[5:7], user=admin)
        spring_invoice = invoice_issue(
            invoice=spring_invoice, user=admin, issue_date=today - timedelta(days=78)
        )
        payment_record(
            invoice=spring_invoice,
            user=admin,
            amount=spring_invoice.total,
            currency="EUR",
            received_on=today - timedelta(days=55),
            reference="SEPA 2231",
        )
        # Spring ended two months ago: delivered, invoiced and paid in full.
        for status in ("delivered", "closed"):
            campaign_transition(campaign=spring, to_status=status, user=admin)
        summer_invoice = invoice_create(campaign=summer, deliverables=made[0:1], user=admin)
        summer_invoice = invoice_issue(
            invoice=summer_invoice, user=admin, issue_date=today - timedelta(days=5)
        )
        payment_record(
            invoice=summer_invoice,
            user=admin,
            amount=summer_invoice.total,
            currency="EUR",
            received_on=today,
            reference="SEPA 2290",
        )
        # Issued after the approval, 14 days to pay, not paid: the demo's one overdue invoice.
        trail_invoice = invoice_create(campaign=trail, deliverables=made[8:9], user=admin, due_in_days=14)
        invoice_issue(invoice=trail_invoice, user=admin, issue_date=today - timedelta(days=24))

        if not queue_render:
            return None
        from generation.services.jobs import generation_job_submit

        job, _ = generation_job_submit(
            user=users["staff"],
            reference_image=front,
            motion=motion,
            deliverable=made[1],
            parameters={
                "width": 128,
                "height": 192,
                "frames": 16,
                "steps": 4,
                "guidance_scale": 3.5,
                "seed": 7,
                "context_frames": 8,
                "context_overlap": 2,
            },
        )
        return job

    def _users(self) -> dict[str, User]:
        passwords = {username: password for _, username, password in DEMO_LOGINS}

        def make(username, role, brand=None):
            return user_create(
                username=username,
                password=passwords[username],
                role=role,
                brand=brand,
                email=f"{username}@studio.example.com",
            )

        admin = make("admin", Role.AGENCY_ADMIN)
        staff = make("staff", Role.AGENCY_STAFF)
        lumen = brand_create(
            user=admin, name="Lumen Skincare", slug="lumen", website="https://lumen.example.com"
        )
        northwind = brand_create(user=admin, name="Northwind Outdoor", slug="northwind")
        brand_contact_create(
            brand=lumen, user=admin, name="Ana Ribeiro", email="ana@lumen.example.com", role="CMO"
        )
        return {
            "admin": admin,
            "staff": staff,
            "lumen": make("lumen", Role.BRAND_CLIENT, lumen),
            "northwind": make("northwind", Role.BRAND_CLIENT, northwind),
        }
