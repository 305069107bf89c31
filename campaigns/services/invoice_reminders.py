"""Reminder emails for overdue invoices, through Django's email backend (console when embedded).

An invoice is reminded at most once per ``INVOICE_REMINDER_INTERVAL_DAYS``: the reminder is
claimed with a conditional UPDATE first, so two workers (or a click and the schedule) send one.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone

from campaigns.models import Invoice, InvoiceStatus
from campaigns.services.errors import ForbiddenAction
from influencer_platform.common.errors import ServiceError
from influencer_platform.templatetags.studio_format import format_money


def invoice_reminder_recipients(*, invoice: Invoice) -> list[str]:
    """The brand's contacts and its portal users, each address once."""
    brand = invoice.campaign.brand
    emails = [c.email for c in brand.contacts.all()] + [
        u.email for u in brand.members.filter(is_active=True) if u.email
    ]
    return sorted({email.strip().lower() for email in emails if email.strip()})


def invoice_reminder_send(*, invoice: Invoice, user=None, force: bool = False) -> int:
    """Email one overdue invoice's reminder; returns how many addresses it went to (0 when it was
    reminded recently and ``force`` is off). Staff press "send reminder" with ``force``."""
    if user is not None and not user.is_agency:
        raise ForbiddenAction("Only the agency sends invoice reminders.")
    if not invoice.is_overdue:
        raise ServiceError(f"{invoice} is not overdue; there is nothing to remind.", code="not_overdue")
    recipients = invoice_reminder_recipients(invoice=invoice)
    if not recipients:
        raise ServiceError(
            f"{invoice.campaign.brand} has no contact with an email address; add one to the brand.",
            code="no_recipients",
        )
    now = timezone.now()
    due = Q(last_reminder_sent_at__isnull=True) | Q(
        last_reminder_sent_at__lte=now - timedelta(days=settings.INVOICE_REMINDER_INTERVAL_DAYS)
    )
    claim = Invoice.objects.filter(pk=invoice.pk, status=InvoiceStatus.ISSUED)
    if not force:
        claim = claim.filter(due)
    previous = invoice.last_reminder_sent_at
    if not claim.update(last_reminder_sent_at=now):
        return 0
    try:
        send_mail(
            subject=f"Reminder: invoice {invoice.number} was due on {invoice.due_date:%d %b %Y}",
            message=_body(invoice),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    except Exception:
        Invoice.objects.filter(pk=invoice.pk).update(last_reminder_sent_at=previous)
        raise
    invoice.last_reminder_sent_at = now
    return len(recipients)


def invoice_reminders_send_due() -> dict[str, int]:
    """Every overdue invoice not reminded within the interval; the periodic task calls this."""
    today = timezone.localdate()
    sent = skipped = 0
    overdue = Invoice.objects.select_related("campaign__brand").filter(
        status=InvoiceStatus.ISSUED, due_date__lt=today
    )
    for invoice in overdue:
        try:
            count = invoice_reminder_send(invoice=invoice)
        except ServiceError:
            skipped += 1
            continue
        sent += 1 if count else 0
        skipped += 0 if count else 1
    return {"sent": sent, "skipped": skipped}


def _body(invoice: Invoice) -> str:
    paid = sum((p.amount for p in invoice.payments.all()), start=Decimal("0"))
    outstanding = invoice.total - paid
    days = (timezone.localdate() - invoice.due_date).days
    lines = [
        f"Hello {invoice.campaign.brand},",
        "",
        f"Invoice {invoice.number} for the campaign “{invoice.campaign.name}” was due on "
        f"{invoice.due_date:%d %B %Y} ({days} day{'s' if days != 1 else ''} ago).",
        f"Outstanding: {format_money(outstanding, invoice.currency)} "
        f"of {format_money(invoice.total, invoice.currency)}.",
    ]
    if settings.INVOICE_BANK_DETAILS:
        lines += ["", "Bank details:", settings.INVOICE_BANK_DETAILS]
    lines += [
        "",
        f"Please quote {invoice.number} with your payment. Thank you!",
        "",
        settings.INVOICE_ISSUER_NAME,
    ]
    return "\n".join(lines)
