"""An invoice as a PDF (fpdf2): issuer and brand addresses, one line per deliverable with the
itemised quote behind it, tax lines where configured, payment status and bank details."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from fpdf import FPDF

from campaigns.models import Invoice
from influencer_platform.common.money import quantize
from influencer_platform.templatetags.studio_format import format_money

# The PDF's built-in fonts speak Latin-1; these common typographic characters have plain twins.
PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "×": "x"})


@dataclass(frozen=True)
class TaxLine:
    label: str
    percent: Decimal
    amount: Decimal


def _plain(text: str) -> str:
    return str(text).translate(PLAIN).replace("\u00a0", " ").encode("latin-1", "replace").decode("latin-1")


def tax_lines(total: Decimal) -> list[TaxLine]:
    """Taxes contained in a gross total, one per configured "label=percent" rate."""
    rates = []
    for item in settings.INVOICE_TAX_RATES:
        label, _, percent = str(item).partition("=")
        if label.strip() and percent.strip():
            rates.append((label.strip(), Decimal(percent.strip())))
    combined = sum((percent for _, percent in rates), Decimal("0"))
    if not rates or combined <= 0:
        return []
    net = total * 100 / (100 + combined)
    return [TaxLine(label, percent, quantize(net * percent / 100)) for label, percent in rates]


class _InvoiceDocument(FPDF):
    def footer(self):
        self.set_y(-14)
        self.set_font("Helvetica", size=8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def invoice_pdf_render(*, invoice: Invoice, amount_paid: Decimal | None = None) -> bytes:
    """The caller reads the invoice through its user-scoped selector; this only lays it out."""
    currency = invoice.currency
    brand = invoice.campaign.brand
    pdf = _InvoiceDocument(format="A4")
    pdf.set_title(_plain(f"Invoice {invoice.number or 'draft'}"))
    pdf.set_author(_plain(settings.INVOICE_ISSUER_NAME))
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()
    width = pdf.epw

    def text(value, *, size=10, style="", height=5, align="L", w=0):
        pdf.set_font("Helvetica", style=style, size=size)
        pdf.multi_cell(w or width, height, _plain(value), align=align, new_x="LMARGIN", new_y="NEXT")

    # Issuer, then the invoice's own facts on the right.
    top = pdf.get_y()
    text(settings.INVOICE_ISSUER_NAME, size=13, style="B", height=6, w=width / 2)
    if settings.INVOICE_ISSUER_ADDRESS:
        text(settings.INVOICE_ISSUER_ADDRESS, w=width / 2)
    if settings.INVOICE_TAX_ID:
        text(f"Tax ID: {settings.INVOICE_TAX_ID}", w=width / 2)
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + width / 2, top)
    title = f"Invoice {invoice.number}" if invoice.number else "Draft invoice (not issued)"
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.cell(width / 2, 8, _plain(title), align="R", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    facts = [("Status", invoice.get_status_display())]
    if invoice.issue_date:
        facts += [("Issued", f"{invoice.issue_date:%d %b %Y}"), ("Due", f"{invoice.due_date:%d %b %Y}")]
    facts.append(("Campaign", invoice.campaign.name))
    for label, value in facts:
        pdf.cell(width / 2, 5, _plain(f"{label}: {value}"), align="R", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, max(left_bottom, pdf.get_y()) + 8)

    text("Bill to", size=9, style="B")
    text(brand.name, style="B")
    if brand.billing_address:
        text(brand.billing_address)
    pdf.ln(6)

    # Lines, each followed by the quote that priced it.
    amount_w = 40
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.set_fill_color(236, 235, 255)
    pdf.cell(width - amount_w, 7, "Description", fill=True)
    pdf.cell(amount_w, 7, f"Amount ({currency})", fill=True, align="R", new_x="LMARGIN", new_y="NEXT")
    for line in invoice.lines.select_related("deliverable"):
        pdf.set_font("Helvetica", style="B", size=10)
        y = pdf.get_y()
        pdf.multi_cell(width - amount_w, 6, _plain(line.description), new_x="RIGHT", new_y="TOP")
        bottom = pdf.get_y() if pdf.get_y() > y else y + 6
        pdf.set_xy(pdf.l_margin + width - amount_w, y)
        pdf.cell(amount_w, 6, _plain(format_money(line.amount)), align="R")
        pdf.set_xy(pdf.l_margin, max(bottom, y + 6))
        pdf.set_font("Helvetica", size=9)
        pdf.set_text_color(90, 90, 90)
        for quote_line in line.deliverable.quote_lines or []:
            pdf.cell(8, 5, "")
            pdf.cell(width - amount_w - 8, 5, _plain(quote_line["label"]))
            pdf.cell(
                amount_w,
                5,
                _plain(format_money(quote_line["amount"])),
                align="R",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        pdf.set_text_color(0, 0, 0)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.l_margin + width, pdf.get_y() + 1)
        pdf.ln(3)

    # Totals.
    def total_row(label, amount, *, bold=False):
        pdf.set_font("Helvetica", style="B" if bold else "", size=10)
        pdf.cell(width - amount_w, 6, _plain(label), align="R")
        pdf.cell(
            amount_w, 6, _plain(format_money(amount, currency)), align="R", new_x="LMARGIN", new_y="NEXT"
        )

    taxes = tax_lines(invoice.total)
    if taxes:
        total_row("Net", invoice.total - sum(tax.amount for tax in taxes))
        for tax in taxes:
            total_row(f"{tax.label} {tax.percent.normalize()} %", tax.amount)
    total_row("Total", invoice.total, bold=True)
    if amount_paid is not None:
        total_row("Paid", amount_paid)
        total_row("Outstanding", invoice.total - amount_paid, bold=True)
    pdf.ln(6)

    if invoice.notes:
        text(invoice.notes)
        pdf.ln(3)
    if invoice.due_date and invoice.status == "issued":
        text(f"Please pay by {invoice.due_date:%d %b %Y}, quoting {invoice.number}.")
    if settings.INVOICE_BANK_DETAILS:
        pdf.ln(2)
        text("Bank details", size=9, style="B")
        text(settings.INVOICE_BANK_DETAILS)
    return bytes(pdf.output())
