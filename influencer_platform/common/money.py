"""Money is a Decimal plus a currency code; amounts of different currencies never mix."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CURRENCY_CHOICES = [("EUR", "EUR"), ("USD", "USD"), ("GBP", "GBP"), ("CHF", "CHF")]
CENT = Decimal("0.01")

# Bounds on what a user may send, chosen so that the largest quote they allow (a price at its bound,
# times the largest multiplier, plus fees and rounds at theirs, rushed at the largest surcharge) still
# fits a 12-digit, 2-place column by two orders of magnitude.
MAX_PRICE = Decimal("1000000.00")
MAX_MULTIPLIER = Decimal("20.000")
MAX_SURCHARGE_PERCENT = Decimal("200.00")
MAX_EXCLUSIVITY_MONTHS = 60
MAX_EXTRA_REVISION_ROUNDS = 20
# The largest amount any money column stores (max_digits=12, decimal_places=2).
MAX_AMOUNT = Decimal("9999999999.99")


class CurrencyMismatch(ValueError):
    pass


def quantize(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def fits_amount_column(amount: Decimal) -> bool:
    return abs(amount) <= MAX_AMOUNT


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if isinstance(self.amount, float):
            raise TypeError("Money amounts must be Decimal, never float")
        object.__setattr__(self, "amount", Decimal(self.amount))

    def __add__(self, other: "Money") -> "Money":
        if other.currency != self.currency:
            raise CurrencyMismatch(f"Cannot add {other.currency} to {self.currency}")
        return Money(self.amount + other.amount, self.currency)

    def __str__(self) -> str:
        return f"{quantize(self.amount)} {self.currency}"


def totals_by_currency(pairs) -> dict[str, Decimal]:
    """Sum (amount, currency) pairs into one total per currency, never across them."""
    totals: dict[str, Decimal] = {}
    for amount, currency in pairs:
        totals[currency] = totals.get(currency, Decimal("0")) + Decimal(amount)
    return {currency: quantize(total) for currency, total in sorted(totals.items())}
