"""Invoice writes: draft from locked deliverable prices, issue with a sequential number, void, payments."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from campaigns.models import (
    Campaign,
    Deliverable,
    DeliverableStatus,
    Invoice,
    InvoiceLine,
    InvoiceNumberSequence,
    InvoiceStatus,
    Payment,
)
from campaigns.services.errors import ForbiddenAction, illegal_transition
from influencer_platform.common.errors import ConflictError, ServiceError
from influencer_platform.common.money import quantize
from webhooks.models import EventType
from webhooks.services.business_events import invoice_event_record

I = InvoiceStatus  # noqa: E741
# Work is invoiced once the brand has approved it.
BILLABLE_STATUSES = frozenset(
    {DeliverableStatus.APPROVED, DeliverableStatus.SCHEDULED, DeliverableStatus.PUBLISHED}
)
INVOICE_TRANSITIONS: dict[str, frozenset[str]] = {
    I.DRAFT: frozenset({I.ISSUED, I.VOID}),
    I.ISSUED: frozenset({I.PAID, I.VOID}),
    I.PAID: frozenset(),
    I.VOID: frozenset(),
}


def invoice_create(
    *, campaign: Campaign, deliverables: Sequence[Deliverable], user, due_in_days: int = 30, notes: str = ""
) -> Invoice:
    """A draft with one line per deliverable at its locked price. A deliverable sits on at most
    one non-void invoice, and one invoice has one currency."""
    _require_agency(user)
    if not deliverables:
        raise ServiceError(
            "An invoice needs at least one deliverable.", code="no_deliverables", field="deliverables"
        )
    if due_in_days < 0:
        raise ServiceError("due_in_days cannot be negative.", field="due_in_days")
    with transaction.atomic():
        ids = sorted({d.pk for d in deliverables})
        rows = list(Deliverable.objects.select_for_update().filter(pk__in=ids).select_related("persona"))
        for deliverable in rows:
            _check_billable(deliverable, campaign)
        currencies = {d.currency for d in rows}
        if len(currencies) > 1:
            raise ServiceError(
                f"Deliverables are priced in different currencies ({', '.join(sorted(currencies))}); "
                "invoice each currency separately.",
                code="currency_mismatch",
                field="deliverables",
            )
        already = (
            InvoiceLine.objects.filter(deliverable_id__in=ids)
            .exclude(invoice__status=I.VOID)
            .select_related("deliverable", "invoice")
            .first()
        )
        if already is not None:
            raise ServiceError(
                f"'{already.deliverable}' is already on invoice {already.invoice}.",
                code="already_invoiced",
                field="deliverables",
            )
        invoice = Invoice.objects.create(
            campaign=campaign,
            currency=currencies.pop(),
            payment_terms_days=due_in_days,
            total=quantize(sum((d.price for d in rows), Decimal("0"))),
            notes=notes,
            created_by=user,
        )
        InvoiceLine.objects.bulk_create(
            InvoiceLine(invoice=invoice, deliverable=d, description=str(d)[:300], amount=d.price)
            for d in rows
        )
    return invoice


def invoice_update(
    *, invoice: Invoice, user, notes: str | None = None, due_in_days: int | None = None
) -> Invoice:
    _require_agency(user)
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status != I.DRAFT:
            raise ServiceError(
                f"Invoice {locked} is {locked.status}; only drafts can be edited.", code="invoice_immutable"
            )
        if notes is not None:
            locked.notes = notes
        if due_in_days is not None:
            locked.payment_terms_days = due_in_days
        locked.save()
    invoice.refresh_from_db()
    return invoice


def invoice_issue(*, invoice: Invoice, user, issue_date: date | None = None) -> Invoice:
    """Freeze the invoice and give it the next number of its issue year (INV-2026-0001)."""
    _require_agency(user)
    with transaction.atomic():
        locked = _lock_for(invoice, I.ISSUED)
        if not locked.lines.exists():
            raise ServiceError("An invoice without lines cannot be issued.", code="no_deliverables")
        issued_on = issue_date or timezone.localdate()
        locked.number = _next_invoice_number(issued_on.year)
        locked.issue_date = issued_on
        locked.due_date = issued_on + timedelta(days=locked.payment_terms_days)
        locked.status = I.ISSUED
        locked.save()
        invoice_event_record(invoice=locked, event_type=EventType.INVOICE_ISSUED)
    invoice.refresh_from_db()
    return invoice


def invoice_void(*, invoice: Invoice, user, reason: str = "") -> Invoice:
    """Voiding frees its deliverables for a new invoice; an invoice with payments must be settled."""
    _require_agency(user)
    with transaction.atomic():
        locked = _lock_for(invoice, I.VOID)
        if locked.payments.exists():
            raise ServiceError(
                "This invoice has payments recorded and cannot be voided.", code="invoice_has_payments"
            )
        locked.status = I.VOID
        locked.voided_at = timezone.now()
        locked.save(update_fields=["status", "voided_at", "updated_at"])
    invoice.refresh_from_db()
    return invoice


def payment_record(
    *,
    invoice: Invoice,
    user,
    amount: Decimal,
    currency: str,
    received_on: date | None = None,
    reference: str = "",
) -> Payment:
    """Payments settle issued invoices only, in the invoice currency, never beyond the total."""
    _require_agency(user)
    amount = Decimal(amount)
    if amount <= 0 or quantize(amount) != amount:
        raise ServiceError(
            "A payment is a positive amount in whole cents.", code="invalid_amount", field="amount"
        )
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if locked.status != I.ISSUED:
            raise ServiceError(
                f"Payments are recorded against issued invoices; this one is {locked.status}.",
                code="invoice_not_issued",
            )
        if currency != locked.currency:
            raise ServiceError(
                f"The invoice is in {locked.currency}; a {currency} payment cannot settle it.",
                code="currency_mismatch",
                field="currency",
            )
        paid = locked.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
        outstanding = locked.total - paid
        if amount > outstanding:
            raise ServiceError(
                f"Overpayment: {amount} {currency} exceeds the outstanding {outstanding} {currency}.",
                code="overpayment",
                field="amount",
            )
        payment = Payment.objects.create(
            invoice=locked,
            amount=amount,
            currency=currency,
            received_on=received_on or timezone.localdate(),
            reference=reference,
            recorded_by=user,
        )
        if amount == outstanding:
            locked.status = I.PAID
            locked.paid_at = timezone.now()
            locked.save(update_fields=["status", "paid_at", "updated_at"])
            invoice_event_record(invoice=locked, event_type=EventType.INVOICE_PAID)
    invoice.refresh_from_db()
    return payment


def _check_billable(deliverable: Deliverable, campaign: Campaign) -> None:
    if deliverable.campaign_id != campaign.pk:
        raise ServiceError(
            f"'{deliverable}' belongs to another campaign.", code="wrong_campaign", field="deliverables"
        )
    if deliverable.price_locked_at is None or deliverable.price is None:
        raise ServiceError(
            f"'{deliverable}' has no locked price yet; contract the campaign first.",
            code="price_not_locked",
            field="deliverables",
        )
    if deliverable.status == DeliverableStatus.CANCELLED:
        raise ServiceError(
            f"'{deliverable}' is cancelled.", code="deliverable_cancelled", field="deliverables"
        )
    if deliverable.status not in BILLABLE_STATUSES:
        raise ServiceError(
            f"'{deliverable}' is {deliverable.get_status_display().lower()}; only approved work is invoiced.",
            code="deliverable_not_approved",
            field="deliverables",
        )


def _lock_for(invoice: Invoice, to_status: str) -> Invoice:
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    allowed = INVOICE_TRANSITIONS[locked.status]
    if to_status not in allowed:
        raise illegal_transition(
            noun="invoice", from_status=locked.status, to_status=to_status, allowed=allowed
        )
    return locked


def _next_invoice_number(year: int) -> str:
    """The counter row is bumped by a single UPDATE, which takes the row (or SQLite's write) lock,
    so two issuers can never read the same value."""
    for _ in range(2):
        bumped = InvoiceNumberSequence.objects.filter(year=year).update(last_number=F("last_number") + 1)
        if bumped:
            number = InvoiceNumberSequence.objects.get(year=year).last_number
            return f"INV-{year}-{number:04d}"
        try:
            with transaction.atomic():
                InvoiceNumberSequence.objects.create(year=year, last_number=0)
        except IntegrityError:
            pass  # another issuer created the row first; bump it on the next pass
    raise ConflictError("Could not allocate an invoice number; try again.", code="number_allocation")


def _require_agency(user) -> None:
    if not user.is_agency:
        raise ForbiddenAction("Only the agency manages invoices.")
