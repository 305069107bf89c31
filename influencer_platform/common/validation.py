"""Validation errors in words people use: database constraint names and Django's generic
"X with this Y already exists" never reach a page or an API answer."""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

# constraint name → (field the message belongs to, or None for the whole form; the sentence)
CONSTRAINT_MESSAGES: dict[str, tuple[str | None, str]] = {
    "campaign_dates_ordered": ("end_date", "The end date must be on or after the start date."),
    "campaign_budget_positive": ("budget", "The budget cannot be negative."),
    "persona_commission_0_100": ("commission_percent", "Commission must be between 0 and 100 %."),
    "revision_rounds_within_allowed": (
        "extra_revision_rounds",
        "More revision rounds have been used than this would allow.",
    ),
    "locked_price_nonnegative": (None, "A price cannot be negative."),
    "rate_card_rush_nonnegative": ("rush_surcharge_percent", "The rush surcharge cannot be negative."),
    "rate_card_revision_nonnegative": (
        "extra_revision_round_price",
        "A revision round cannot cost less than 0.",
    ),
    "invoice_total_nonnegative": (None, "An invoice total cannot be negative."),
    "issued_invoice_has_number_and_dates": (
        None,
        "An issued invoice needs a number, an issue date and a due date.",
    ),
    "payment_positive": ("amount", "A payment must be more than 0."),
    "brand_client_has_exactly_one_brand": (
        "brand",
        "A brand client belongs to exactly one brand; agency users to none.",
    ),
    "progress_0_100": (None, "Progress must be between 0 and 100."),
    "unique_channel_handle": ("handle", "This handle is already registered on that platform."),
    "one_snapshot_per_day": ("date", "There is already a follower count for that day."),
    "base_price_nonnegative": ("base_price", "A price cannot be negative."),
    "base_price_bounded": ("base_price", "A price can be at most 1,000,000.00."),
    "multiplier_at_least_one": ("multiplier", "A usage-rights multiplier is at least 1."),
    "multiplier_bounded": ("multiplier", "A usage-rights multiplier is at most 20."),
    "exclusivity_fee_nonnegative": ("fee_per_month", "An exclusivity fee cannot be negative."),
    "exclusivity_fee_bounded": ("fee_per_month", "An exclusivity fee can be at most 1,000,000.00 a month."),
    "rate_card_amounts_bounded": (None, "Rush surcharge is at most 200 % and a revision round 1,000,000.00."),
    "deliverable_price_fits": ("price", "This price is more than the studio can record."),
    "invoice_total_fits": (None, "This invoice total is more than the studio can record."),
    "invoice_line_fits": ("amount", "This amount is more than the studio can record."),
}


_CONSTRAINT_NAME = re.compile(r'constraint(?: failed:)? "?(\w+)"?', re.IGNORECASE)


def database_error_message(error: Exception) -> tuple[str | None, str]:
    """(field, sentence) for an error the database raised: named constraints in words, never their names."""
    match = _CONSTRAINT_NAME.search(str(error))
    if match and match.group(1) in CONSTRAINT_MESSAGES:
        return CONSTRAINT_MESSAGES[match.group(1)]
    if "unique" in str(error).lower():
        return None, "Another record already has these values."
    return None, "A value is outside what the studio can store; please check the numbers."


def readable(error: ValidationError, instance) -> ValidationError:
    """The same error, with constraint and uniqueness messages rewritten."""
    if not hasattr(error, "error_dict"):
        return error
    by_message = {
        constraint.get_violation_error_message(): constraint.name
        for constraint in instance._meta.constraints
        if hasattr(constraint, "get_violation_error_message")
    }
    noun = str(instance._meta.verbose_name)
    rewritten: dict[str, list] = {}
    for field, errors in error.error_dict.items():
        for item in errors:
            message, target = _rewrite(item, field, by_message, noun)
            rewritten.setdefault(target, []).append(ValidationError(message, code=item.code or "invalid"))
    return ValidationError(rewritten)


def _rewrite(item: ValidationError, field: str, by_message: dict[str, str], noun: str) -> tuple[str, str]:
    text = item.message % item.params if item.params else item.message
    name = by_message.get(str(text))
    if name in CONSTRAINT_MESSAGES:
        target, sentence = CONSTRAINT_MESSAGES[name]
        return sentence, target or NON_FIELD_ERRORS
    if name is not None:  # a constraint without a sentence yet: still never show its name
        return "These values do not fit together; please check them.", field
    if item.code == "unique":
        label = str((item.params or {}).get("field_label", field)).lower()
        return f"Another {noun} already has this {label}.", field
    if item.code == "unique_together":
        labels = " and ".join(str(label).lower() for label in (item.params or {}).get("field_labels", []))
        return f"Another {noun} already has this {labels}.", field
    return str(text), field


def unique_slug(model, text: str, *, instance_pk=None, max_length: int = 80) -> str:
    """A slug made from ``text`` that no other row of ``model`` has: "brand-a", "brand-a-2", …"""
    from django.utils.text import slugify

    base = (slugify(text) or "item")[:max_length]
    taken = set(
        model.objects.exclude(pk=instance_pk).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        number += 1
    return slug
