"""Number formatting for every page: thousands separators, two decimals for money, no line breaks
inside an amount (a no-break space joins the amount and its currency)."""

from decimal import Decimal, InvalidOperation

from django import template

from influencer_platform.common.money import quantize

register = template.Library()
NO_BREAK_SPACE = "\u00a0"


def format_money(amount, currency: str = "") -> str:
    """``1234.5, "EUR"`` → ``"1,234.50 EUR"``; an empty amount stays empty."""
    if amount is None or amount == "":
        return ""
    try:
        value = quantize(Decimal(str(amount)))
    except InvalidOperation:
        return str(amount)
    text = f"{value:,.2f}"
    return f"{text}{NO_BREAK_SPACE}{currency}" if currency else text


@register.filter
def money(amount, currency: str = "") -> str:
    return format_money(amount, currency)


@register.filter
def thousands(number) -> str:
    """Whole numbers (followers, frames) with thousands separators."""
    if number is None or number == "":
        return ""
    try:
        return f"{int(number):,}"
    except (TypeError, ValueError):
        return str(number)


@register.filter
def label(name) -> str:
    """A snake_case key as words: ``"model_family"`` → ``"Model family"``."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def approximate_duration(seconds) -> str:
    """An estimate in words, as static/js/studio.js writes it: ``3725`` → ``"about 1 h 02 min"``."""
    if seconds is None or seconds == "":
        return ""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"about {seconds} s"
    minutes = int(seconds / 60 + 0.5)  # half up, as Math.round in the page script
    if minutes < 60:
        return f"about {minutes} min"
    return f"about {minutes // 60} h {minutes % 60:02d} min"
