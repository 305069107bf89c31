"""Earnings from invoiced work, aggregated in the database and kept apart per currency.

Rule: a line counts once its invoice is issued (or paid), in the month of the invoice's
issue date; drafts and void invoices never count. Gross is the sum of line amounts, the
agency commission is gross × the persona's ``commission_percent`` rounded to cents per row
(per persona and month; for brands per brand and persona, then summed), net = gross − commission.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth

from campaigns.models import InvoiceLine, InvoiceStatus, Payment
from influencer_platform.common.money import quantize

COUNTED_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PAID)
ZERO = Decimal("0.00")


@dataclass
class EarningsRow:
    currency: str
    gross: Decimal
    commission: Decimal
    net: Decimal
    persona_uuid: UUID | None = None
    persona_name: str = ""
    brand_uuid: UUID | None = None
    brand_name: str = ""
    month: date | None = None


@dataclass
class CurrencyEarnings:
    currency: str
    rows: list[EarningsRow] = field(default_factory=list)
    gross: Decimal = ZERO
    commission: Decimal = ZERO
    net: Decimal = ZERO

    def add(self, row: EarningsRow) -> None:
        self.rows.append(row)
        self.gross += row.gross
        self.commission += row.commission
        self.net += row.net


def earnings_by_persona_month(
    *, user, year: int | None = None, currency: str | None = None
) -> dict[str, CurrencyEarnings]:
    """One row per persona, issue month and currency; keyed by currency, never summed across."""
    grouped = (
        _counted_lines(user=user, year=year, currency=currency)
        .annotate(month=TruncMonth("invoice__issue_date"))
        .values(
            "month",
            "invoice__currency",
            "deliverable__persona__uuid",
            "deliverable__persona__name",
            "deliverable__persona__commission_percent",
        )
        .annotate(gross=Sum("amount"))
        .order_by("invoice__currency", "month", "deliverable__persona__name")
    )
    report: dict[str, CurrencyEarnings] = {}
    for values in grouped:
        gross, commission = _split(values["gross"], values["deliverable__persona__commission_percent"])
        row = EarningsRow(
            currency=values["invoice__currency"],
            gross=gross,
            commission=commission,
            net=gross - commission,
            persona_uuid=values["deliverable__persona__uuid"],
            persona_name=values["deliverable__persona__name"],
            month=_as_date(values["month"]),
        )
        report.setdefault(row.currency, CurrencyEarnings(row.currency)).add(row)
    return report


def earnings_by_brand(
    *, user, year: int | None = None, currency: str | None = None
) -> dict[str, CurrencyEarnings]:
    """One row per brand and currency. Grouped by persona in SQL too, because commission rates differ."""
    grouped = (
        _counted_lines(user=user, year=year, currency=currency)
        .values(
            "invoice__currency",
            "invoice__campaign__brand__uuid",
            "invoice__campaign__brand__name",
            "deliverable__persona_id",
            "deliverable__persona__commission_percent",
        )
        .annotate(gross=Sum("amount"))
        .order_by("invoice__currency", "invoice__campaign__brand__name", "deliverable__persona_id")
    )
    rows: dict[tuple[str, UUID], EarningsRow] = {}
    for values in grouped:
        gross, commission = _split(values["gross"], values["deliverable__persona__commission_percent"])
        key = (values["invoice__currency"], values["invoice__campaign__brand__uuid"])
        row = rows.setdefault(
            key,
            EarningsRow(
                currency=key[0],
                gross=ZERO,
                commission=ZERO,
                net=ZERO,
                brand_uuid=key[1],
                brand_name=values["invoice__campaign__brand__name"],
            ),
        )
        row.gross += gross
        row.commission += commission
        row.net += gross - commission
    report: dict[str, CurrencyEarnings] = {}
    for row in rows.values():
        report.setdefault(row.currency, CurrencyEarnings(row.currency)).add(row)
    return report


def _counted_lines(*, user, year: int | None, currency: str | None) -> QuerySet[InvoiceLine]:
    if not getattr(user, "is_agency", False):
        return InvoiceLine.objects.none()  # commission and margins are agency-only
    lines = InvoiceLine.objects.filter(invoice__status__in=COUNTED_STATUSES)
    if year is not None:
        lines = lines.filter(invoice__issue_date__year=year)
    if currency:
        lines = lines.filter(invoice__currency=currency)
    return lines


def _split(gross: Decimal, commission_percent: Decimal) -> tuple[Decimal, Decimal]:
    gross = quantize(gross)
    return gross, quantize(gross * commission_percent / Decimal("100"))


def _as_date(value) -> date | None:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


@dataclass
class CashReceived:
    """Payments received in a year, by the month they arrived and by brand (cash basis)."""

    currency: str
    by_month: dict[int, Decimal] = field(default_factory=dict)
    by_brand: list[tuple[str, Decimal]] = field(default_factory=list)
    total: Decimal = ZERO


def cash_received(*, user, year: int) -> dict[str, CashReceived]:
    """Keyed by payment currency; months with no payment are 0.00. Void invoices keep no cash."""
    if not getattr(user, "is_agency", False):
        return {}
    payments = Payment.objects.filter(received_on__year=year).exclude(invoice__status=InvoiceStatus.VOID)
    report: dict[str, CashReceived] = {}
    monthly = (
        payments.annotate(month=TruncMonth("received_on"))
        .values("currency", "month")
        .annotate(amount=Sum("amount"))
        .order_by("currency", "month")
    )
    for values in monthly:
        entry = report.setdefault(values["currency"], CashReceived(values["currency"]))
        month = _as_date(values["month"]).month
        entry.by_month[month] = quantize(values["amount"])
        entry.total += quantize(values["amount"])
    by_brand = (
        payments.values("currency", "invoice__campaign__brand__name")
        .annotate(amount=Sum("amount"))
        .order_by("currency", "-amount", "invoice__campaign__brand__name")
    )
    for values in by_brand:
        report[values["currency"]].by_brand.append(
            (values["invoice__campaign__brand__name"], quantize(values["amount"]))
        )
    for entry in report.values():
        entry.by_month = {m: entry.by_month.get(m, ZERO) for m in range(1, 13)}
    return report
