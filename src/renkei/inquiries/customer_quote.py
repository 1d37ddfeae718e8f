"""The quote as the customer reads it: with the group's fee as a line of its own, or folded into
the parts' prices when the group keeps it to itself (Group.show_fee_to_customers).

Folding never changes what the customer pays: the fee is shared out over the lines in proportion
to their amounts, the yen left over by rounding going to the largest remainders, so that the
lines add up to the subtotal plus the fee to the yen and the tax and total are the quote's own.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from renkei.inquiries.models import Quote, QuoteLine
from renkei.inquiries.models.quote import quote_figures


@dataclass(frozen=True)
class CustomerLine:
    description: str
    quantity: int
    unit_price: Decimal  # whole yen, or to the sen when a folded fee does not divide evenly
    amount: int


@dataclass(frozen=True)
class CustomerQuote:
    lines: list[CustomerLine]
    subtotal: int  # what the lines add up to
    fee: int | None  # None when the fee is folded into the lines
    fee_percent: Decimal
    tax: int
    total: int


def share_out(amounts: list[int], extra: int) -> list[int]:
    """``extra`` yen shared over ``amounts`` in proportion, largest remainders first; the shares
    add up to ``extra`` exactly."""
    base = sum(amounts)
    if not amounts or extra == 0:
        return [0] * len(amounts)
    if base == 0:
        shares = [extra // len(amounts)] * len(amounts)
        remainders = [0] * len(amounts)
    else:
        shares = [extra * a // base for a in amounts]
        remainders = [extra * a % base for a in amounts]
    left = extra - sum(shares)
    by_remainder = sorted(range(len(amounts)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares


def _unit(amount: int, quantity: int) -> Decimal:
    exact = Decimal(amount) / Decimal(quantity)
    if exact == exact.to_integral_value():
        return exact.quantize(Decimal(1))
    return exact.quantize(Decimal("0.01"), ROUND_HALF_UP)


def customer_quote(
    quote: Quote, *, show_fee: bool, lines: Sequence[QuoteLine] | None = None
) -> CustomerQuote:
    """The quote as the customer reads it. ``lines`` are the quote's lines in order when the
    caller already loaded them (invoicing many orders at once); else they are read here."""
    lines = list(quote.lines.all()) if lines is None else list(lines)
    amounts = [line.amount for line in lines]
    # Fee, tax and total from the one list of lines, rather than Quote.fee/.tax/.total, each of
    # which reads the lines again.
    figures = quote_figures(sum(amounts), quote.fee_percent)
    fee = figures.fee
    folded = [0] * len(lines) if show_fee else share_out(amounts, fee)
    shown = [
        CustomerLine(
            description=line.description,
            quantity=line.quantity,
            unit_price=_unit(amount + extra, line.quantity),
            amount=amount + extra,
        )
        for line, amount, extra in zip(lines, amounts, folded, strict=True)
    ]
    return CustomerQuote(
        lines=shown,
        subtotal=sum(line.amount for line in shown),
        fee=fee if show_fee else None,
        fee_percent=quote.fee_percent,
        tax=figures.tax,
        total=figures.total,
    )
