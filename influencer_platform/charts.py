"""Bar charts drawn on the server as SVG: horizontal bars, so every label and its amount has a
line of its own and stays readable at phone width; nothing runs outside the drawing."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from influencer_platform.templatetags.studio_format import format_money

WIDTH = 360  # drawn at about phone width, so text keeps its size where space is tightest
ROW = 26
BAR = 14
LABEL_WIDTH = 92
AMOUNT_WIDTH = 100
FONT = 13
MAX_LABEL_CHARS = 12


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def bar_chart_svg(points, *, title: str, format_amount=format_money) -> SafeString:
    """(label, amount) pairs as an accessible SVG: a <title> for the whole chart, each bar's
    label on the left, its amount on the right, and a bar scaled to the largest amount.
    ``format_amount`` writes the amounts (money by default; counts for views)."""
    points = [(str(label), Decimal(amount or 0)) for label, amount in points]
    peak = max((amount for _, amount in points), default=Decimal("0"))
    track = WIDTH - LABEL_WIDTH - AMOUNT_WIDTH
    height = max(ROW, ROW * len(points))
    parts = [
        format_html(
            '<svg class="svg-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
            'role="img" aria-label="{}" font-size="{}" preserveAspectRatio="xMinYMin meet"><title>{}</title>',
            WIDTH,
            height,
            title,
            FONT,
            title,
        )
    ]
    for index, (label, amount) in enumerate(points):
        y = index * ROW
        baseline = f"{y + ROW / 2 + FONT / 3:.1f}"
        length = float(amount / peak * track) if peak > 0 and amount > 0 else 0.0
        amount_text = format_amount(amount)
        parts.append(
            format_html(
                '<g class="bar-row"><title>{}: {}</title>'
                '<text x="{}" y="{}" text-anchor="end" class="bar-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="2" class="bar" data-amount="{}"/>'
                '<text x="{}" y="{}" text-anchor="end" class="bar-amount">{}</text></g>',
                label,
                amount_text,
                LABEL_WIDTH - 6,
                baseline,
                _short(label),
                LABEL_WIDTH,
                f"{y + (ROW - BAR) / 2:.1f}",
                f"{length:.1f}",
                BAR,
                amount,
                WIDTH - 2,
                baseline,
                amount_text,
            )
        )
    parts.append(format_html("{}", SafeString("</svg>")))
    return format_html_join("", "{}", ((part,) for part in parts))
