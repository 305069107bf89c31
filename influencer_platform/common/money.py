"""Money is a Decimal plus a currency code; amounts of different currencies never mix."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CURRENCY_CHOICES = [("EUR", "EUR"), ("USD", "USD"), ("GBP", "GBP"), ("CHF", "CHF")]
CENT = Decimal("0.01")


class CurrencyMismatch(ValueError):
    pass


def quantize(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


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
