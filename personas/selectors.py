"""Reads for personas. Personas are the agency's own: brand clients see none of them here."""

from django.db.models import Prefetch, QuerySet

from personas.models import Channel, Persona, ReferenceImage


def personas_for_user(*, user) -> QuerySet[Persona]:
    if not user.is_authenticated or not user.is_agency:
        return Persona.objects.none()
    return Persona.objects.prefetch_related(
        Prefetch("channels", queryset=Channel.objects.order_by("platform")),
        Prefetch("images", queryset=ReferenceImage.objects.order_by("-is_primary", "created_at")),
    )


def reference_images_for_user(*, user) -> QuerySet[ReferenceImage]:
    if not user.is_authenticated or not user.is_agency:
        return ReferenceImage.objects.none()
    return ReferenceImage.objects.select_related("persona")


def primary_image(persona: Persona) -> ReferenceImage | None:
    """Uses the prefetched images when present, so rosters cost no extra query per row."""
    images = list(persona.images.all())
    return next((image for image in images if image.is_primary), images[0] if images else None)


def total_followers(persona: Persona) -> int:
    return sum(channel.follower_count for channel in persona.channels.all())
