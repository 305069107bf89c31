"""Brand (client company) and contact writes; agency only."""

from typing import Any

from django.db import transaction

from campaigns.models import Brand, BrandContact
from campaigns.services.errors import ForbiddenAction
from influencer_platform.common.errors import ServiceError
from influencer_platform.common.validation import unique_slug

BRAND_FIELDS = frozenset({"name", "slug", "website", "billing_address", "notes"})
CONTACT_FIELDS = frozenset({"name", "email", "phone", "role"})


def brand_create(*, user, name: str, slug: str = "", **fields: Any) -> Brand:
    """Without a slug one is made from the name, unique among brands."""
    _require_agency(user)
    _refuse_unknown(fields, BRAND_FIELDS)
    brand = Brand(name=name, slug=slug or unique_slug(Brand, name), **fields)
    brand.full_clean()
    brand.save()
    return brand


def brand_update(*, brand: Brand, user, data: dict[str, Any]) -> Brand:
    _require_agency(user)
    _refuse_unknown(data, BRAND_FIELDS)
    for name, value in data.items():
        setattr(brand, name, value)
    if not brand.slug:
        brand.slug = unique_slug(Brand, brand.name, instance_pk=brand.pk)
    brand.full_clean()
    brand.save()
    return brand


def brand_delete(*, brand: Brand, user) -> None:
    """Only a brand nobody works with yet can go; otherwise history would dangle."""
    _require_agency(user)
    if brand.campaigns.exists() or brand.members.exists():
        raise ServiceError("This brand has campaigns or users and cannot be deleted.", code="brand_in_use")
    with transaction.atomic():
        brand.delete()


def brand_contact_create(*, brand: Brand, user, name: str, email: str, **fields: Any) -> BrandContact:
    _require_agency(user)
    _refuse_unknown(fields, CONTACT_FIELDS)
    contact = BrandContact(brand=brand, name=name, email=email, **fields)
    contact.full_clean(exclude=["brand"])
    contact.save()
    return contact


def brand_contact_update(*, contact: BrandContact, user, data: dict[str, Any]) -> BrandContact:
    _require_agency(user)
    _refuse_unknown(data, CONTACT_FIELDS)
    for name, value in data.items():
        setattr(contact, name, value)
    contact.full_clean(exclude=["brand"])
    contact.save()
    return contact


def brand_contact_delete(*, contact: BrandContact, user) -> None:
    _require_agency(user)
    contact.delete()


def _refuse_unknown(data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ServiceError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")


def _require_agency(user) -> None:
    if not user.is_agency:
        raise ForbiddenAction("Only the agency manages brands.")
