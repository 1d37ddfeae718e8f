"""Arithmetic of counter-offers, in whole yen (no Django).

A member answers with a price for a whole quantity (「50個 ¥48,000」); the quote is written in
unit prices. When the price does not divide by the quantity the unit price is rounded down to
the yen (円未満切り捨て), the rounding Japanese quotes name most often: the customer is never
asked for more than the member said, and the yen given up is shown rather than hidden.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class UnitPrice:
    yen: int  # rounded down to the yen
    given_up: int  # what quantity × yen falls short of the total: 0 when it divides evenly

    @property
    def exact(self) -> bool:
        return self.given_up == 0


def unit_price(total_yen: int, quantity: int) -> UnitPrice:
    """The unit price of ``total_yen`` for ``quantity`` parts, 円未満切り捨て."""
    if quantity < 1:
        raise ValueError("quantity must be at least 1")
    if total_yen < 0:
        raise ValueError("a price cannot be negative")
    yen, given_up = divmod(total_yen, quantity)
    return UnitPrice(yen=yen, given_up=given_up)
