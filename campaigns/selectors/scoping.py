"""Who sees what. Agency users see everything; a brand client sees only their own brand's
objects, and deliverables only once they have been put in front of the client."""

from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.models import (
    Brand,
    BrandContact,
    Campaign,
    CommentVisibility,
    Deliverable,
    DeliverableComment,
    DeliverableStatus,
    DeliverableStatusChange,
    Invoice,
    InvoiceStatus,
    Payment,
    RateCard,
    RateCardPrice,
)
from campaigns.services.deliverables import CLIENT_VISIBLE_STATUSES
from influencer_platform.common.money import totals_by_currency


def _brand_client(user) -> bool:
    return not getattr(user, "is_agency", False)


def brands_for_user(*, user) -> QuerySet[Brand]:
    brands = Brand.objects.prefetch_related("contacts")
    if _brand_client(user):
        return brands.filter(pk=user.brand_id) if user.brand_id else brands.none()
    return brands


def brand_contacts_for_user(*, user) -> QuerySet[BrandContact]:
    contacts = BrandContact.objects.select_related("brand")
    if _brand_client(user):
        return contacts.filter(brand_id=user.brand_id) if user.brand_id else contacts.none()
    return contacts


def campaigns_for_user(*, user) -> QuerySet[Campaign]:
    campaigns = Campaign.objects.select_related("brand")
    if _brand_client(user):
        return campaigns.filter(brand_id=user.brand_id) if user.brand_id else campaigns.none()
    return campaigns


def deliverables_for_user(*, user) -> QuerySet[Deliverable]:
    """Brand clients see client_review and later, plus cancellations of work they had reviewed."""
    deliverables = Deliverable.objects.select_related("campaign__brand", "persona", "usage_rights")
    if not _brand_client(user):
        return deliverables
    if not user.brand_id:
        return deliverables.none()
    reviewed = DeliverableStatusChange.objects.filter(
        deliverable_id=OuterRef("pk"), to_status=DeliverableStatus.CLIENT_REVIEW
    )
    return deliverables.filter(campaign__brand_id=user.brand_id).filter(
        Q(status__in=CLIENT_VISIBLE_STATUSES) | Q(Exists(reviewed), status=DeliverableStatus.CANCELLED)
    )


def comments_for_deliverable(*, deliverable: Deliverable, user) -> QuerySet[DeliverableComment]:
    """The caller has already reached ``deliverable`` through ``deliverables_for_user``; brand
    clients read only what was shared with them."""
    comments = DeliverableComment.objects.filter(deliverable=deliverable).select_related("author")
    if _brand_client(user):
        comments = comments.filter(visibility=CommentVisibility.SHARED)
    return comments


def comment_threads_for_deliverable(*, deliverable: Deliverable, user) -> QuerySet[DeliverableComment]:
    """Top-level comments with their replies (each as the user may read them), for the review pages."""
    from django.db.models import Prefetch

    readable = comments_for_deliverable(deliverable=deliverable, user=user)
    return (
        readable.filter(parent__isnull=True)
        .select_related("job", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=readable.order_by("created_at", "id")))
    )


def invoices_for_user(*, user) -> QuerySet[Invoice]:
    """Brand clients see their brand's invoices once issued; drafts are the agency's work in progress."""
    invoices = (
        Invoice.objects.select_related("campaign__brand")
        .prefetch_related("lines__deliverable")
        .annotate(
            amount_paid=Coalesce(
                Sum("payments__amount"),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=12, decimal_places=2),
            )
        )
    )
    if _brand_client(user):
        if not user.brand_id:
            return invoices.none()
        return invoices.filter(campaign__brand_id=user.brand_id).exclude(status=InvoiceStatus.DRAFT)
    return invoices


def payments_for_invoice(*, invoice: Invoice, user) -> QuerySet[Payment]:
    return Payment.objects.filter(invoice=invoice)


def rate_cards_for_user(*, user) -> QuerySet[RateCard]:
    """Rate cards are agency-only commercial data."""
    cards = RateCard.objects.select_related("persona").prefetch_related(
        "prices", "usage_multipliers", "exclusivity_fees"
    )
    return cards.none() if _brand_client(user) else cards


def priced_types_by_persona(*, user) -> dict[str, list[str]]:
    """Persona uuid → the deliverable types its rate card prices (what a deliverable may be)."""
    if _brand_client(user):
        return {}
    priced: dict[str, list[str]] = {}
    rows = RateCardPrice.objects.values_list("rate_card__persona__uuid", "deliverable_type")
    for persona_uuid, deliverable_type in rows.order_by("deliverable_type"):
        priced.setdefault(str(persona_uuid), []).append(deliverable_type)
    return priced


# A deliverable is overdue while its due date has passed and the work is not done.
DONE_STATUSES = frozenset(
    {
        DeliverableStatus.APPROVED,
        DeliverableStatus.SCHEDULED,
        DeliverableStatus.PUBLISHED,
        DeliverableStatus.CANCELLED,
    }
)


def overdue_deliverables(deliverables: QuerySet[Deliverable], *, today=None) -> QuerySet[Deliverable]:
    today = today or timezone.localdate()
    return deliverables.filter(due_date__lt=today).exclude(status__in=DONE_STATUSES)


def is_overdue(deliverable: Deliverable, *, today=None) -> bool:
    today = today or timezone.localdate()
    return bool(
        deliverable.due_date and deliverable.due_date < today and deliverable.status not in DONE_STATUSES
    )


def campaign_money_summary(*, campaign: Campaign, user) -> list[dict]:
    """Budget against contracted (locked deliverable prices), invoiced (issued or paid invoices)
    and paid amounts, one row per currency; currencies are never added together."""
    deliverables = deliverables_for_user(user=user).filter(campaign=campaign, price__isnull=False)
    contracted = totals_by_currency(
        deliverables.exclude(status=DeliverableStatus.CANCELLED).values_list("price", "currency")
    )
    invoices = invoices_for_user(user=user).filter(
        campaign=campaign, status__in=(InvoiceStatus.ISSUED, InvoiceStatus.PAID)
    )
    invoiced = totals_by_currency(invoices.values_list("total", "currency"))
    paid = totals_by_currency(Payment.objects.filter(invoice__in=invoices).values_list("amount", "currency"))
    currencies = sorted(
        {*contracted, *invoiced, *paid} | ({campaign.currency} if campaign.budget is not None else set())
    )
    zero = Decimal("0.00")
    rows = []
    for currency in currencies:
        budget = campaign.budget if currency == campaign.currency else None
        row = {
            "currency": currency,
            "budget": budget,
            "contracted": contracted.get(currency, zero),
            "invoiced": invoiced.get(currency, zero),
            "paid": paid.get(currency, zero),
        }
        row["remaining"] = budget - row["contracted"] if budget is not None else None
        row["over_budget"] = budget is not None and row["contracted"] > budget
        row["percent"] = min(100, round(row["contracted"] * 100 / budget)) if budget else None
        rows.append(row)
    return rows
