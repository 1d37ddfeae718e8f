"""Settlement arithmetic in whole yen, with no Django import: tax per rate, the group's fee, member
shares, credit-note limits, registration numbers and payment terms.

The quote, the invoice, the member statements and the benchmark all call these, so that a yen is
computed the same way everywhere. Services only load, call and save.

Rounding of negative amounts (credit notes, 適格返還請求書): every method rounds the *magnitude* and
keeps the sign, so "down" is toward zero, "up" is away from zero and "half_up" is half away from
zero. A credit note that reverses an invoice line therefore carries exactly the negative of the
tax the invoice charged on it, which is what the customer and the books expect.
"""

import calendar
import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from renkei.lib.documents import ByRate, Line, RateTotal, Rounding
from renkei.lib.houjin import corporate_number_check_digit

_DECIMAL_ROUNDING = {
    Rounding.DOWN: ROUND_DOWN,  # toward zero
    Rounding.HALF_UP: ROUND_HALF_UP,  # half away from zero
    Rounding.UP: ROUND_UP,  # away from zero
}


def round_yen(value: Decimal, rounding: Rounding) -> int:
    """``value`` yen as whole yen; negative values round symmetrically (see the module doc)."""
    return int(value.quantize(Decimal(1), _DECIMAL_ROUNDING[Rounding(rounding)]))


def _round_fraction(numerator: int, denominator: int, rounding: Rounding) -> int:
    """numerator / denominator (denominator > 0) rounded as ``round_yen`` does, in ints only."""
    sign = -1 if numerator < 0 else 1
    n = abs(numerator)
    if rounding == Rounding.DOWN:
        q = n // denominator
    elif rounding == Rounding.UP:
        q = -(-n // denominator)
    else:
        q = (2 * n + denominator) // (2 * denominator)
    return sign * q


def _round_decimal_product(amount: int, factor: Decimal, rounding: Rounding) -> int:
    """amount × factor exactly (Decimal → Fraction), rounded once."""
    f = Fraction(factor)
    return _round_fraction(amount * f.numerator, f.denominator, rounding)


def tax_yen(taxable: int, rate: int, rounding: Rounding = Rounding.DOWN) -> int:
    """Consumption tax on ``taxable`` yen at ``rate`` percent, rounded once, in ints only (no
    Decimal: the monthly statements call this for every member and rate)."""
    return _round_fraction(taxable * rate, 100, rounding)


# Rates in the order a qualified invoice prints them: standard, reduced, then untaxed.
def _rate_order(rate: int) -> int:
    return -rate


def tax_by_rate(lines: Iterable[Line], rounding: Rounding = Rounding.DOWN) -> tuple[RateTotal, ...]:
    """The document's totals per tax rate, each rate's tax rounded ONCE on its total — the rule
    for a 適格請求書 (消費税法 §57-4①; REFERENCE.md § Settlement): rounding each line and adding
    is not allowed. Sorted 10, 8, 0; only the rates that occur."""
    taxable: dict[int, int] = {}
    for line in lines:
        taxable[line.tax_rate] = taxable.get(line.tax_rate, 0) + line.amount
    return tuple(
        RateTotal(rate=rate, taxable=amount, tax=tax_yen(amount, rate, rounding))
        for rate, amount in sorted(taxable.items(), key=lambda item: _rate_order(item[0]))
    )


def tax_per_line(lines: Iterable[Line], rounding: Rounding = Rounding.DOWN) -> int:
    """The tax rounded on every line and added up — NOT allowed on a qualified invoice; kept to
    show (and test) how far it drifts from ``tax_by_rate``."""
    return sum(tax_yen(line.amount, line.tax_rate, rounding) for line in lines)


def tax_included_by_rate(
    lines: Iterable[Line], rounding: Rounding = Rounding.DOWN
) -> tuple[RateTotal, ...]:
    """The totals per rate of a document whose line amounts INCLUDE the tax (税込: a shop's
    prices), each rate's tax taken out of its tax-inclusive total ONCE: total × rate /
    (100 + rate), rounded — the 税込 way of the same 適格請求書 rule as ``tax_by_rate``
    (消費税法 §57-4①: once per rate per invoice). ``taxable`` is what is left before tax, so
    taxable + tax is the price the customer was shown, to the yen. Sorted 10, 8, 0."""
    gross: dict[int, int] = {}
    for line in lines:
        gross[line.tax_rate] = gross.get(line.tax_rate, 0) + line.amount
    totals = []
    for rate, amount in sorted(gross.items(), key=lambda item: _rate_order(item[0])):
        tax = _round_fraction(amount * rate, 100 + rate, rounding)
        totals.append(RateTotal(rate=rate, taxable=amount - tax, tax=tax))
    return tuple(totals)


def document_totals(
    lines: Iterable[Line], rounding: Rounding = Rounding.DOWN
) -> tuple[int, int, int, tuple[RateTotal, ...]]:
    """(net, tax, total, totals per rate) of a document's lines."""
    totals = tax_by_rate(lines, rounding)
    net = sum(t.taxable for t in totals)
    tax = sum(t.tax for t in totals)
    return net, tax, net + tax, totals


# --- shares ---------------------------------------------------------------------------------


def share_out(amounts: Sequence[int], extra: int) -> list[int]:
    """``extra`` yen (may be negative) shared over ``amounts`` (each ≥ 0) in proportion, the yen
    left by rounding going to the largest remainders, ties to the earlier amount; the shares add
    up to ``extra`` exactly. With nothing to weigh by (all zero) the yen are shared evenly."""
    n = len(amounts)
    if n == 0 or extra == 0:
        return [0] * n
    if any(a < 0 for a in amounts):
        raise ValueError("amounts must not be negative")
    base = sum(amounts)
    if base == 0:
        weights: Sequence[int] = [1] * n
        base = n
    else:
        weights = amounts
    # Floor division floors toward −∞ for a negative ``extra`` too, so what is left is ≥ 0.
    shares = [extra * w // base for w in weights]
    left = extra - sum(shares)
    if left:
        remainders = [extra * w % base for w in weights]
        for i in sorted(range(n), key=lambda i: (-remainders[i], i))[:left]:
            shares[i] += 1
    return shares


# --- the group's fee --------------------------------------------------------------------------


class FeeKind(StrEnum):
    """How the group earns its fee on an order (issue 14 item 3)."""

    # A percent of the member price, kept back from what the member is paid: the customer pays
    # the member prices (受注手数料 of the model 共同受注事業規約; the 斡旋 fee a member pays).
    PERCENT_OF_MEMBER = "percent_of_member"
    # A fixed yen amount per order, kept back from the members in proportion to their prices.
    FIXED = "fixed"
    # A percent added on top: customer = member × (1 + m/100), the member keeps its full price.
    # This is what today's quote does with Quote.fee_percent.
    MARGIN = "margin"


@dataclass(frozen=True)
class FeePolicy:
    kind: FeeKind
    value: Decimal  # percent for PERCENT_OF_MEMBER and MARGIN, yen for FIXED
    rounding: Rounding = Rounding.DOWN  # of the fee, once per order

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", FeeKind(self.kind))
        object.__setattr__(self, "rounding", Rounding(self.rounding))
        if not isinstance(self.value, Decimal) or not self.value.is_finite():
            raise ValueError("fee value must be a finite Decimal")
        if self.value < 0:
            raise ValueError("fee must not be negative")
        if self.kind == FeeKind.PERCENT_OF_MEMBER and self.value > 100:
            raise ValueError("a fee kept from the member price cannot exceed 100 %")
        if self.kind == FeeKind.FIXED and self.value != self.value.to_integral_value():
            raise ValueError("a fixed fee is whole yen")


def fee(member_price: int, policy: FeePolicy) -> int:
    """The group's fee on an order whose members' prices add up to ``member_price``."""
    if policy.kind == FeeKind.FIXED:
        if member_price <= 0:
            return 0
        fixed = int(policy.value)
        if fixed > member_price:
            raise ValueError("the fixed fee is larger than the members' prices")
        return fixed
    return _round_decimal_product(member_price, policy.value / 100, policy.rounding)


def customer_price(member_prices: Sequence[int], policy: FeePolicy) -> tuple[list[int], int]:
    """(what the customer pays per line, the fee on the order).

    The fee is computed once on the order's total and rounded once. With MARGIN it is folded into
    the lines by ``share_out`` (a group that shows its fee prints ``member_prices`` plus one fee
    line instead — the total is the same); with the other kinds the customer pays the members'
    prices and the fee is kept back from the members (``member_shares``). Either way
    ``sum(customer_lines) == sum(member_shares) + fee_total``.
    """
    total_fee = fee(sum(member_prices), policy)
    if policy.kind == FeeKind.MARGIN:
        folded = share_out(member_prices, total_fee)
        return [p + f for p, f in zip(member_prices, folded, strict=True)], total_fee
    return list(member_prices), total_fee


def member_shares(member_prices: Sequence[int], policy: FeePolicy) -> list[int]:
    """What each line's member is paid (before tax): its price, less its part of a fee that is
    kept back, shared out in proportion so the parts add up to the order's fee to the yen."""
    if policy.kind == FeeKind.MARGIN:
        return list(member_prices)
    kept = share_out(member_prices, fee(sum(member_prices), policy))
    return [p - k for p, k in zip(member_prices, kept, strict=True)]


# --- credit notes -----------------------------------------------------------------------------


class AmountNotPositive(ValueError):
    """A credit note, payment or price of zero or less yen."""


class CreditAboveInvoice(ValueError):
    """A credit note larger than what is left of its invoice."""

    def __init__(self, left: int, amount: int) -> None:
        super().__init__(f"credit of {amount} yen exceeds the {left} yen left on the invoice")
        self.left = left
        self.amount = amount


SMALL_RETURN_LIMIT = 10_000  # 適格返還請求書 not required under ¥10,000 incl. tax (REFERENCE.md)


def credit_note_limit(invoice_total: int, already_credited: int, amount: int) -> int:
    """Check a credit note of ``amount`` yen (incl. tax, positive) against its invoice; returns
    what is left to credit after it. Raises ``AmountNotPositive`` or ``CreditAboveInvoice``."""
    if amount <= 0:
        raise AmountNotPositive("a credit note must be for more than 0 yen")
    left = invoice_total - already_credited
    if amount > left:
        raise CreditAboveInvoice(left=max(left, 0), amount=amount)
    return left - amount


def is_small_return(amount_incl_tax: int) -> bool:
    """A return or discount under ¥10,000 incl. tax needs no 適格返還請求書."""
    return abs(amount_incl_tax) < SMALL_RETURN_LIMIT


# --- registration numbers ---------------------------------------------------------------------


def normalize_registration_number(value: str) -> str:
    """Full-width letters and digits, spaces and hyphens as people type them → "T" + digits."""
    text = unicodedata.normalize("NFKC", value).strip()
    text = "".join(ch for ch in text if ch not in " -\u30fc\u2010\u2212\u2013")
    return text.upper()


def registration_number_error(value: str) -> str | None:
    """None when ``value`` is a well-formed 適格請求書発行事業者登録番号, else a short English
    reason (for translation). The 13 digits carry the 法人番号 check digit: a corporation's are its
    法人番号, and the numbers given to sole proprietors are drawn from the same scheme."""
    number = normalize_registration_number(value)
    if not number:
        return "is empty"
    if not number.startswith("T"):
        return "must start with T followed by 13 digits"
    digits = number[1:]
    if not digits.isascii() or not digits.isdigit():
        return "must be T followed by digits only"
    if len(digits) != 13:
        return "must be T followed by 13 digits"
    if int(digits[0]) != corporate_number_check_digit(digits[1:]):
        return "check digit does not match"
    return None


# --- payment terms ----------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _day_in_month(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month, 0 or past the end meaning the month's last day (31日払い in April)."""
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, last if day == 0 or day > last else day)


def closing_date(closing_day: int, transaction_on: dt.date) -> dt.date:
    """The 締め日 that takes in a transaction on ``transaction_on`` (0 = month end)."""
    if not 0 <= closing_day <= 31:
        raise ValueError("closing day must be 0 (month end) or 1–31")
    this_month = _day_in_month(transaction_on.year, transaction_on.month, closing_day)
    if transaction_on <= this_month:
        return this_month
    year, month = _add_months(transaction_on.year, transaction_on.month, 1)
    return _day_in_month(year, month, closing_day)


def payment_due(
    closing_day: int, months_later: int, pay_day: int, transaction_on: dt.date
) -> dt.date:
    """The 支払期日 of a transaction under "``closing_day``日締め, ``months_later`` months later on
    ``pay_day``" (0 = month end): 月末締め翌月末払い is (0, 1, 0), 20日締め翌月10日払い (20, 1, 10).
    A day past a month's end falls on that month's last day. Bank holidays are not moved here:
    the caller's business calendar does that."""
    if not 0 <= months_later <= 12:
        raise ValueError("payment must be 0–12 months after the closing")
    if not 0 <= pay_day <= 31:
        raise ValueError("pay day must be 0 (month end) or 1–31")
    closed = closing_date(closing_day, transaction_on)
    year, month = _add_months(closed.year, closed.month, months_later)
    due = _day_in_month(year, month, pay_day)
    if due < closed:
        raise ValueError("the pay day falls before the closing day")
    return due


TORIHIKI_DAYS = 60


def torihiki_deadline(received_on: dt.date) -> dt.date:
    """The latest payment date 取適法 allows: within 60 days counted from the day of receipt, the
    receipt day being day 1 — so the 60th day is 59 days later (REFERENCE.md § Settlement)."""
    return received_on + dt.timedelta(days=TORIHIKI_DAYS - 1)


def check_payment_terms(
    received_on: dt.date, pay_on: dt.date, *, month_end_closing: bool = False
) -> str | None:
    """None when paying on ``pay_on`` for goods received on ``received_on`` is within 取適法's 60
    days, else a short English reason (for translation). With ``month_end_closing`` (月末締め翌月末
    払い) the authorities read "60 days" as "two months", since a 31-day month can make it 61 or
    62: paying by the end of the month after the receipt's month is accepted."""
    deadline = torihiki_deadline(received_on)
    if month_end_closing:
        year, month = _add_months(received_on.year, received_on.month, 1)
        deadline = max(deadline, _month_end(year, month))
    if pay_on > deadline:
        return "payment is due more than 60 days after receipt"
    return None


# --- monthly statements -----------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyTotal(ByRate):
    """One member's month: its totals per rate, tax rounded once per rate."""

    company_id: int
    totals: tuple[RateTotal, ...]


def totals_by_company(
    rows: Iterable[tuple[int, int, int]], rounding: Rounding = Rounding.DOWN
) -> dict[int, CompanyTotal]:
    """Per-company totals from (company_id, amount, rate) rows, tax rounded once per company and
    rate (one 仕入明細書 per member and month). One pass over the rows, ints only."""
    sums: dict[tuple[int, int], int] = {}
    get = sums.get
    for company_id, amount, rate in rows:
        key = (company_id, rate)
        sums[key] = get(key, 0) + amount
    per_company: dict[int, list[RateTotal]] = {}
    for (company_id, rate), taxable in sums.items():
        per_company.setdefault(company_id, []).append(
            RateTotal(rate=rate, taxable=taxable, tax=tax_yen(taxable, rate, rounding))
        )
    return {
        company_id: CompanyTotal(
            company_id=company_id, totals=tuple(sorted(totals, key=lambda t: _rate_order(t.rate)))
        )
        for company_id, totals in per_company.items()
    }
