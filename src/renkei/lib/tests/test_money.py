"""Settlement arithmetic: tax per rate, fees and shares, credit notes, T-numbers, payment terms."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from renkei.lib.documents import Line, RateTotal, Rounding
from renkei.lib.money import (
    AmountNotPositive,
    CreditAboveInvoice,
    FeeKind,
    FeePolicy,
    check_payment_terms,
    closing_date,
    credit_note_limit,
    customer_price,
    document_totals,
    fee,
    is_small_return,
    member_shares,
    normalize_registration_number,
    payment_due,
    registration_number_error,
    round_yen,
    share_out,
    tax_by_rate,
    tax_per_line,
    tax_yen,
    torihiki_deadline,
    totals_by_company,
)


def line(amount: int, rate: int = 10, quantity: int = 1) -> Line:
    return Line(
        description="部品",
        quantity=quantity,
        unit_price=Decimal(amount),
        amount=amount,
        tax_rate=rate,
    )


# --- rounding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rounding", "expected"),
    [
        ("10.5", Rounding.DOWN, 10),
        ("10.5", Rounding.HALF_UP, 11),
        ("10.4", Rounding.HALF_UP, 10),
        ("10.1", Rounding.UP, 11),
        ("10", Rounding.UP, 10),
        # credit notes: the magnitude is rounded, the sign kept
        ("-10.5", Rounding.DOWN, -10),
        ("-10.5", Rounding.HALF_UP, -11),
        ("-10.4", Rounding.HALF_UP, -10),
        ("-10.1", Rounding.UP, -11),
        ("0", Rounding.UP, 0),
    ],
)
def test_round_yen_rounds_each_method_symmetrically(
    value: str, rounding: Rounding, expected: int
) -> None:
    assert round_yen(Decimal(value), rounding) == expected


def test_round_yen_accepts_the_stored_string() -> None:
    assert round_yen(Decimal("3.5"), "half_up") == 4  # type: ignore[arg-type]


def test_integer_tax_agrees_with_decimal_rounding() -> None:
    rng = random.Random(14)
    for _ in range(2000):
        taxable = rng.randint(-500_000, 500_000)
        rate = rng.choice((10, 8, 0))
        for rounding in Rounding:
            assert tax_yen(taxable, rate, rounding) == round_yen(
                Decimal(taxable) * rate / 100, rounding
            )


# --- tax per rate ----------------------------------------------------------------------------


def test_tax_is_rounded_once_per_rate_not_per_line() -> None:
    lines = [line(105), line(105), line(105)]
    # per line: 10.5 → 10, three times; per rate: 315 × 10 % = 31.5 → 31
    assert tax_per_line(lines, Rounding.DOWN) == 30
    assert tax_by_rate(lines, Rounding.DOWN) == (RateTotal(rate=10, taxable=315, tax=31),)


def test_per_rate_and_per_line_differ_with_half_up_and_up() -> None:
    lines = [line(104), line(104), line(104)]  # 10.4 each, 31.2 together
    assert tax_per_line(lines, Rounding.HALF_UP) == 30
    assert tax_by_rate(lines, Rounding.HALF_UP)[0].tax == 31
    assert tax_per_line(lines, Rounding.UP) == 33
    assert tax_by_rate(lines, Rounding.UP)[0].tax == 32


def test_reduced_rate_lines_get_their_own_total_sorted_10_8_0() -> None:
    lines = [line(1_000, 0), line(333, 8), line(1_005), line(333, 8), line(1_005)]
    assert tax_by_rate(lines, Rounding.DOWN) == (
        RateTotal(rate=10, taxable=2_010, tax=201),
        RateTotal(rate=8, taxable=666, tax=53),  # 53.28
        RateTotal(rate=0, taxable=1_000, tax=0),
    )
    assert tax_per_line(lines, Rounding.DOWN) == 100 + 100 + 26 + 26


def test_document_totals_add_up() -> None:
    net, tax, total, totals = document_totals([line(10_000), line(5_000, 8)], Rounding.DOWN)
    assert (net, tax, total) == (15_000, 1_400, 16_400)
    assert [t.rate for t in totals] == [10, 8]


def test_credit_note_tax_mirrors_the_invoice() -> None:
    invoice = [line(105), line(210)]
    credit = [line(-105), line(-210)]
    for rounding in Rounding:
        assert document_totals(credit, rounding)[1] == -document_totals(invoice, rounding)[1]
    assert tax_by_rate(credit, Rounding.DOWN) == (RateTotal(rate=10, taxable=-315, tax=-31),)


def test_no_lines_no_totals() -> None:
    assert document_totals([], Rounding.DOWN) == (0, 0, 0, ())


# --- share_out and fees ----------------------------------------------------------------------


def test_share_out_gives_the_leftover_yen_to_the_largest_remainders() -> None:
    assert share_out([48_000, 3_003], 5_100) == [4_800, 300]
    assert share_out([1, 1, 1], 2) == [1, 1, 0]
    assert share_out([], 5) == []
    assert share_out([0, 0], 3) == [2, 1]
    assert share_out([5, 5], 0) == [0, 0]


def test_share_out_is_exact_for_negative_and_random_amounts() -> None:
    assert share_out([1, 1, 1], -2) == [0, -1, -1]
    rng = random.Random(7)
    for _ in range(500):
        amounts = [rng.randint(0, 100_000) for _ in range(rng.randint(1, 12))]
        extra = rng.randint(-50_000, 50_000)
        shares = share_out(amounts, extra)
        assert sum(shares) == extra
        base = sum(amounts) or len(amounts)
        for a, s in zip(amounts, shares, strict=True):
            weight = a if sum(amounts) else 1
            assert abs(s - extra * weight / base) < 1


def test_share_out_refuses_negative_weights() -> None:
    with pytest.raises(ValueError):
        share_out([5, -1], 3)


def test_percent_fee_is_kept_from_the_members() -> None:
    policy = FeePolicy(FeeKind.PERCENT_OF_MEMBER, Decimal("5"))
    prices = [48_000, 3_003, 999]
    customer, total_fee = customer_price(prices, policy)
    assert total_fee == fee(52_002, policy) == 2_600  # 2600.1, rounded down once
    assert customer == prices
    shares = member_shares(prices, policy)
    assert sum(customer) == sum(shares) + total_fee
    assert shares == [48_000 - 2_400, 3_003 - 150, 999 - 50]


def test_fixed_fee_is_shared_out_over_the_members_in_proportion() -> None:
    policy = FeePolicy(FeeKind.FIXED, Decimal(1_000))
    assert fee(30_000, policy) == 1_000
    assert member_shares([20_000, 10_000], policy) == [19_333, 9_667]
    assert customer_price([20_000, 10_000], policy) == ([20_000, 10_000], 1_000)


def test_fixed_fee_above_the_order_is_refused() -> None:
    with pytest.raises(ValueError):
        fee(500, FeePolicy(FeeKind.FIXED, Decimal(1_000)))


def test_margin_is_added_to_the_customer_price_and_the_member_keeps_its_own() -> None:
    policy = FeePolicy(FeeKind.MARGIN, Decimal("10"))
    prices = [48_000, 3_003]
    customer, total_fee = customer_price(prices, policy)
    # like today's quote: the fee on the subtotal, folded into the lines to the yen
    assert total_fee == 5_100
    assert customer == [52_800, 3_303]
    assert member_shares(prices, policy) == prices
    assert sum(customer) == sum(member_shares(prices, policy)) + total_fee


def test_fee_rounding_follows_the_policy() -> None:
    assert fee(1_005, FeePolicy(FeeKind.MARGIN, Decimal("10"), Rounding.HALF_UP)) == 101
    assert fee(1_001, FeePolicy(FeeKind.MARGIN, Decimal("10"), Rounding.UP)) == 101
    assert fee(1_009, FeePolicy(FeeKind.MARGIN, Decimal("10"))) == 100
    assert fee(10_000, FeePolicy(FeeKind.MARGIN, Decimal("2.5"))) == 250


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (FeeKind.MARGIN, Decimal(-1)),
        (FeeKind.PERCENT_OF_MEMBER, Decimal(101)),
        (FeeKind.FIXED, Decimal("10.5")),
        (FeeKind.MARGIN, Decimal("NaN")),
    ],
)
def test_bad_fee_policies_are_refused(kind: FeeKind, value: Decimal) -> None:
    with pytest.raises(ValueError):
        FeePolicy(kind, value)


def test_every_fee_kind_adds_up_on_random_orders() -> None:
    rng = random.Random(3)
    for _ in range(300):
        prices = [rng.randint(1, 300_000) for _ in range(rng.randint(1, 6))]
        for policy in (
            FeePolicy(FeeKind.PERCENT_OF_MEMBER, Decimal(rng.randint(0, 30))),
            FeePolicy(FeeKind.MARGIN, Decimal(rng.randint(0, 300)) / 10, Rounding.HALF_UP),
            FeePolicy(FeeKind.FIXED, Decimal(rng.randint(0, min(prices)))),
        ):
            customer, total_fee = customer_price(prices, policy)
            assert sum(customer) == sum(member_shares(prices, policy)) + total_fee


# --- credit notes ----------------------------------------------------------------------------


def test_credit_note_within_the_invoice_leaves_the_rest() -> None:
    assert credit_note_limit(110_000, 0, 11_000) == 99_000
    assert credit_note_limit(110_000, 99_000, 11_000) == 0


def test_credit_note_above_what_is_left_is_refused() -> None:
    with pytest.raises(CreditAboveInvoice) as caught:
        credit_note_limit(110_000, 100_000, 10_001)
    assert caught.value.left == 10_000
    assert caught.value.amount == 10_001
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("amount", [0, -1])
def test_credit_note_of_nothing_is_refused(amount: int) -> None:
    with pytest.raises(AmountNotPositive):
        credit_note_limit(110_000, 0, amount)


def test_small_returns_need_no_qualified_credit_note() -> None:
    assert is_small_return(9_999)
    assert is_small_return(-9_999)
    assert not is_small_return(10_000)


# --- registration numbers --------------------------------------------------------------------


def test_registration_number_with_the_right_check_digit_passes() -> None:
    assert registration_number_error("T7000012050002") is None
    assert registration_number_error("T7123456789012") is None


def test_registration_number_full_width_and_lower_case_are_normalized() -> None:
    assert registration_number_error("Ｔ７０００－０１２０５－０００２") is None
    assert normalize_registration_number(" ｔ7000 0120 50002 ") == "T7000012050002"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("T8000012050002", "check digit does not match"),
        ("7000012050002", "must start with T followed by 13 digits"),
        ("T700001205000", "must be T followed by 13 digits"),
        ("T70000120500021", "must be T followed by 13 digits"),
        ("T70000120500X2", "must be T followed by digits only"),
        ("", "is empty"),
        ("T٧000012050002", "must be T followed by digits only"),  # Arabic-Indic seven
    ],
)
def test_bad_registration_numbers_are_named(value: str, reason: str) -> None:
    assert registration_number_error(value) == reason


# --- payment terms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "on", "due"),
    [
        # 月末締め翌月末払い
        ((0, 1, 0), dt.date(2026, 1, 15), dt.date(2026, 2, 28)),
        ((0, 1, 0), dt.date(2028, 1, 31), dt.date(2028, 2, 29)),  # leap year
        ((0, 1, 0), dt.date(2026, 12, 1), dt.date(2027, 1, 31)),  # over the year end
        # 20日締め翌月10日払い
        ((20, 1, 10), dt.date(2026, 3, 20), dt.date(2026, 4, 10)),
        ((20, 1, 10), dt.date(2026, 3, 21), dt.date(2026, 5, 10)),
        ((20, 1, 10), dt.date(2026, 12, 25), dt.date(2027, 2, 10)),
        # 31日 pay day in short months falls on the month end
        ((15, 1, 31), dt.date(2026, 3, 10), dt.date(2026, 4, 30)),
        ((15, 1, 31), dt.date(2027, 1, 10), dt.date(2027, 2, 28)),
        ((15, 1, 30), dt.date(2024, 1, 10), dt.date(2024, 2, 29)),
        # 30日締め in February closes on the month end
        ((30, 0, 0), dt.date(2026, 2, 28), dt.date(2026, 2, 28)),
        ((30, 1, 0), dt.date(2026, 3, 31), dt.date(2026, 5, 31)),
        # 月末締め翌々月15日払い
        ((0, 2, 15), dt.date(2026, 11, 30), dt.date(2027, 1, 15)),
    ],
)
def test_payment_due_counts_closing_and_months(
    terms: tuple[int, int, int], on: dt.date, due: dt.date
) -> None:
    assert payment_due(*terms, transaction_on=on) == due


def test_closing_date_of_the_month_end() -> None:
    assert closing_date(0, dt.date(2024, 2, 1)) == dt.date(2024, 2, 29)


@pytest.mark.parametrize("terms", [(32, 1, 0), (-1, 1, 0), (0, 13, 0), (0, 1, 32), (20, 0, 10)])
def test_impossible_payment_terms_are_refused(terms: tuple[int, int, int]) -> None:
    with pytest.raises(ValueError):
        payment_due(*terms, transaction_on=dt.date(2026, 1, 5))


def test_torihiki_deadline_counts_the_receipt_day_as_day_one() -> None:
    assert torihiki_deadline(dt.date(2026, 4, 1)) == dt.date(2026, 5, 30)
    assert torihiki_deadline(dt.date(2028, 1, 1)) == dt.date(2028, 2, 29)
    assert torihiki_deadline(dt.date(2026, 12, 15)) == dt.date(2027, 2, 12)


def test_payment_within_60_days_passes_and_day_61_is_named() -> None:
    received = dt.date(2026, 4, 1)
    assert check_payment_terms(received, dt.date(2026, 5, 30)) is None
    assert check_payment_terms(received, dt.date(2026, 5, 31)) == (
        "payment is due more than 60 days after receipt"
    )


def test_month_end_closing_is_read_as_two_months() -> None:
    received = dt.date(2026, 7, 1)  # paid 8-31: the 62nd day, but 月末締め翌月末払い
    pay_on = payment_due(0, 1, 0, received)
    assert pay_on == dt.date(2026, 8, 31)
    assert check_payment_terms(received, pay_on) is not None
    assert check_payment_terms(received, pay_on, month_end_closing=True) is None
    # 翌々月末 stays too late even then
    late = payment_due(0, 2, 0, received)
    assert check_payment_terms(received, late, month_end_closing=True) is not None


# --- monthly statements ----------------------------------------------------------------------


def test_statement_totals_round_once_per_member_and_rate() -> None:
    rows = [(1, 105, 10), (1, 105, 10), (2, 105, 10), (1, 105, 10), (1, 333, 8), (2, 500, 0)]
    totals = totals_by_company(rows, Rounding.DOWN)
    assert totals[1].totals == (
        RateTotal(rate=10, taxable=315, tax=31),
        RateTotal(rate=8, taxable=333, tax=26),
    )
    assert (totals[1].net, totals[1].tax, totals[1].total) == (648, 57, 705)
    assert totals[2].totals == (
        RateTotal(rate=10, taxable=105, tax=10),
        RateTotal(rate=0, taxable=500, tax=0),
    )


def test_statement_totals_agree_with_tax_by_rate_on_random_rows() -> None:
    rng = random.Random(50)
    rows = [
        (rng.randint(1, 20), rng.randint(1, 900_000), rng.choice((10, 8))) for _ in range(5_000)
    ]
    for rounding in Rounding:
        totals = totals_by_company(rows, rounding)
        for company_id, company in totals.items():
            mine = [line(amount, rate) for cid, amount, rate in rows if cid == company_id]
            assert company.totals == tax_by_rate(mine, rounding)


def test_statement_totals_over_50000_rows_are_quick() -> None:
    import time

    rng = random.Random(1)
    rows = [(rng.randint(1, 200), rng.randint(1, 900_000), 10) for _ in range(50_000)]
    started = time.perf_counter()
    totals = totals_by_company(rows)
    assert time.perf_counter() - started < 1.0
    assert sum(t.net for t in totals.values()) == sum(r[1] for r in rows)
