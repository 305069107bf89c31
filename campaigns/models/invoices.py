"""Invoices per campaign. Once issued an invoice is immutable; payments settle it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from influencer_platform.common.errors import ServiceError
from influencer_platform.common.models import PublicModel, TimeStampedModel
from influencer_platform.common.money import CENT, CURRENCY_CHOICES, MAX_AMOUNT


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"
    PAID = "paid", "Paid"
    VOID = "void", "Void"


class InvoiceImmutable(ServiceError):
    code = "invoice_immutable"


# Once an invoice leaves draft, only its settlement bookkeeping may still change,
# and its status only moves forward along these edges.
SETTLEMENT_FIELDS = frozenset({"status", "paid_at", "voided_at", "last_reminder_sent_at", "updated_at"})
SETTLEMENT_MOVES = {("issued", "paid"), ("issued", "void")}


class Invoice(PublicModel):
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(
        max_length=30, unique=True, null=True, blank=True, help_text="Assigned on issue."
    )
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    status = models.CharField(max_length=8, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    issue_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        default=30, help_text="Due date = issue date + this."
    )
    total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    notes = models.TextField(blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    last_reminder_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the brand was last reminded of this overdue invoice."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="issued_invoice_has_number_and_dates",
                condition=Q(status="draft")
                | Q(status="void", number__isnull=True)
                | Q(number__isnull=False, issue_date__isnull=False, due_date__isnull=False),
            ),
            models.CheckConstraint(name="invoice_total_nonnegative", condition=Q(total__gte=0)),
            models.CheckConstraint(name="invoice_total_fits", condition=Q(total__lte=MAX_AMOUNT)),
        ]

    def __str__(self) -> str:
        return self.number or f"Draft invoice · {self.campaign.name}"

    @property
    def is_overdue(self) -> bool:
        """Issued, not fully paid, and past its due date."""
        from django.utils import timezone

        return (
            self.status == InvoiceStatus.ISSUED
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )

    def save(self, *args, **kwargs):
        """Guard against edits of issued invoices from anywhere (admin, shell), not only services."""
        if self.pk is not None:
            stored = Invoice.objects.filter(pk=self.pk).values().first()
            if stored is not None and stored["status"] != InvoiceStatus.DRAFT:
                changed = {
                    field.attname
                    for field in self._meta.concrete_fields
                    if field.attname not in SETTLEMENT_FIELDS
                    and getattr(self, field.attname) != stored[field.attname]
                }
                moved = (stored["status"], self.status)
                if self.status != stored["status"] and moved not in SETTLEMENT_MOVES:
                    changed.add("status")
                if changed:
                    raise InvoiceImmutable(
                        f"Invoice {stored['number'] or self.uuid} is {stored['status']} and cannot be edited "
                        f"(tried to change: {', '.join(sorted(changed))})."
                    )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if Invoice.objects.filter(pk=self.pk).exclude(status=InvoiceStatus.DRAFT).exists():
            raise InvoiceImmutable("Only draft invoices can be deleted; void an issued one instead.")
        return super().delete(*args, **kwargs)


class InvoiceLine(TimeStampedModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    deliverable = models.ForeignKey(
        "campaigns.Deliverable", on_delete=models.PROTECT, related_name="invoice_lines"
    )
    description = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="invoice_line_nonnegative", condition=Q(amount__gte=0)),
            models.CheckConstraint(name="invoice_line_fits", condition=Q(amount__lte=MAX_AMOUNT)),
        ]

    def _refuse_unless_draft(self) -> None:
        if Invoice.objects.filter(pk=self.invoice_id).exclude(status=InvoiceStatus.DRAFT).exists():
            raise InvoiceImmutable("Lines of an issued, paid or void invoice cannot change.")

    def save(self, *args, **kwargs):
        self._refuse_unless_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_unless_draft()
        return super().delete(*args, **kwargs)


class InvoiceNumberSequence(models.Model):
    """One counter row per year; incremented with a row-locking UPDATE so numbers never collide."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Payment(PublicModel):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(CENT), MaxValueValidator(MAX_AMOUNT)]
    )
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    received_on = models.DateField()
    reference = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [models.CheckConstraint(name="payment_positive", condition=Q(amount__gt=0))]
