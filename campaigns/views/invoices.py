"""Invoice pages: list, create from deliverables, issue, void, record payments, printable view."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.forms import InvoiceCreateForm, IssueInvoiceForm, PaymentForm
from campaigns.invoice_pdf import invoice_pdf_render, tax_lines
from campaigns.models import InvoiceStatus
from campaigns.selectors import (
    campaigns_for_user,
    deliverables_for_user,
    invoices_for_user,
    payments_for_invoice,
)
from campaigns.services.invoice_reminders import invoice_reminder_send
from campaigns.services.invoices import invoice_create, invoice_issue, invoice_void, payment_record
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required, paginate


def invoice_create_form(user, campaign, data=None) -> InvoiceCreateForm:
    """Offers the campaign's priced deliverables; the service decides which may be billed."""
    candidates = deliverables_for_user(user=user).filter(campaign=campaign, price_locked_at__isnull=False)
    return InvoiceCreateForm(data, deliverables=candidates)


@agency_required
def invoice_list(request):
    invoices = invoices_for_user(user=request.user).order_by("-created_at", "-id")
    status = request.GET.get("status", "")
    if status:
        invoices = invoices.filter(status=status)
    context = {
        "page": paginate(request, invoices),
        "status": status,
        "status_choices": InvoiceStatus.choices,
        "query": f"status={status}" if status else "",
        "nav": "invoices",
    }
    return render(request, "campaigns/invoice_list.html", context)


@agency_required
@require_POST
def invoice_create_view(request, uuid):
    campaign = get_object_or_404(campaigns_for_user(user=request.user), uuid=uuid)
    form = invoice_create_form(request.user, campaign, request.POST)
    if form.is_valid():
        try:
            invoice = invoice_create(
                campaign=campaign,
                deliverables=list(form.cleaned_data["deliverables"]),
                user=request.user,
                due_in_days=form.cleaned_data["due_in_days"],
                notes=form.cleaned_data["notes"],
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Draft invoice created.")
            return redirect("campaigns:invoice-detail", uuid=invoice.uuid)
    context = {"form": form, "title": f"New invoice · {campaign.name}", "nav": "invoices"}
    return render(request, "campaigns/form.html", context, status=400)


def _invoice_or_404(request, uuid):
    return get_object_or_404(invoices_for_user(user=request.user), uuid=uuid)


def _detail(request, invoice, status=200, **forms):
    context = {
        "invoice": invoice,
        "payments": payments_for_invoice(invoice=invoice, user=request.user),
        "payment_form": forms.get("payment_form") or PaymentForm(initial={"currency": invoice.currency}),
        "issue_form": forms.get("issue_form") or IssueInvoiceForm(),
        "outstanding": invoice.total - invoice.amount_paid,
        "nav": "invoices",
    }
    return render(request, "campaigns/invoice_detail.html", context, status=status)


@agency_required
def invoice_detail(request, uuid):
    return _detail(request, _invoice_or_404(request, uuid))


@agency_required
def invoice_print(request, uuid):
    invoice = _invoice_or_404(request, uuid)
    return render(request, "campaigns/invoice_print.html", invoice_print_context(invoice))


def invoice_print_context(invoice, **extra) -> dict:
    """The printable page shows what the PDF shows: issuer, tax lines, bank details."""
    return {
        "invoice": invoice,
        "issuer": {
            "name": settings.INVOICE_ISSUER_NAME,
            "address": settings.INVOICE_ISSUER_ADDRESS,
            "tax_id": settings.INVOICE_TAX_ID,
            "bank_details": settings.INVOICE_BANK_DETAILS,
        },
        "tax_lines": tax_lines(invoice.total),
        **extra,
    }


def invoice_pdf_response(invoice) -> HttpResponse:
    name = invoice.number or f"draft-{invoice.uuid}"
    response = HttpResponse(
        invoice_pdf_render(invoice=invoice, amount_paid=invoice.amount_paid), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="invoice-{name}.pdf"'
    return response


@agency_required
def invoice_pdf(request, uuid):
    return invoice_pdf_response(_invoice_or_404(request, uuid))


@agency_required
@require_POST
def invoice_issue_view(request, uuid):
    invoice = _invoice_or_404(request, uuid)
    form = IssueInvoiceForm(request.POST)
    if form.is_valid():
        try:
            invoice_issue(invoice=invoice, user=request.user, issue_date=form.cleaned_data["issue_date"])
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Invoice {invoice.number} issued.")
            return redirect("campaigns:invoice-detail", uuid=invoice.uuid)
    return _detail(request, invoice, status=400, issue_form=form)


@agency_required
@require_POST
def invoice_remind_view(request, uuid):
    invoice = _invoice_or_404(request, uuid)
    try:
        count = invoice_reminder_send(invoice=invoice, user=request.user, force=True)
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, f"Reminder sent to {count} address{'es' if count != 1 else ''}.")
    return redirect("campaigns:invoice-detail", uuid=invoice.uuid)


@agency_required
@require_POST
def invoice_void_view(request, uuid):
    invoice = _invoice_or_404(request, uuid)
    try:
        invoice_void(invoice=invoice, user=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, "Invoice voided.")
    return redirect("campaigns:invoice-detail", uuid=invoice.uuid)


@agency_required
@require_POST
def payment_record_view(request, uuid):
    invoice = _invoice_or_404(request, uuid)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment_record(invoice=invoice, user=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Payment recorded.")
            return redirect("campaigns:invoice-detail", uuid=invoice.uuid)
    return _detail(request, _invoice_or_404(request, uuid), status=400, payment_form=form)
