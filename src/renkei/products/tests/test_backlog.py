"""The backlog's arithmetic with the seed's numbers: 磨き屋シンジケート's beer mug, 100 a month,
2,000 on order, delivery two years away (seed l.520–524)."""

import datetime as dt

import pytest

from renkei.lib import retail


def test_with_2000_on_order_at_100_a_month_the_next_order_ships_in_month_21():
    assert retail.production_month(units_ahead=2000, quantity=1, stock=0, capacity=100) == 21
    assert retail.production_month(units_ahead=2000, quantity=30, stock=0, capacity=100) == 21
    # The 2,000 themselves fill months 1 to 20 exactly.
    assert retail.production_month(units_ahead=1900, quantity=100, stock=0, capacity=100) == 20


def test_a_month_begun_counts_whole_rounded_up():
    assert retail.production_month(units_ahead=0, quantity=1, stock=0, capacity=100) == 1
    assert retail.production_month(units_ahead=0, quantity=100, stock=0, capacity=100) == 1
    assert retail.production_month(units_ahead=0, quantity=101, stock=0, capacity=100) == 2


def test_stock_serves_the_queue_first():
    slots = retail.schedule([30, 20, 5], stock=40, capacity=100)
    assert [s.from_stock for s in slots] == [True, False, False]
    assert [s.units_ahead for s in slots] == [0, 30, 50]
    assert [s.month for s in slots] == [0, 1, 1]


def test_the_seeds_two_thousand_spread_over_orders_puts_the_next_one_in_month_21():
    slots = retail.schedule([1200, 500, 300, 1], stock=0, capacity=100)
    assert [s.month for s in slots] == [12, 17, 20, 21]


def test_the_delivery_date_is_the_last_day_of_the_production_month():
    today = dt.date(2026, 12, 1)
    slot = retail.Slot(units_ahead=2000, from_stock=False, month=21)
    # Month 1 is January 2027, month 21 September 2028: about two years, as in the seed.
    assert retail.expected_delivery(slot, today=today, stock_ship_days=7) == dt.date(2028, 9, 30)
    assert retail.month_end(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    stock = retail.Slot(units_ahead=0, from_stock=True, month=0)
    assert retail.expected_delivery(stock, today=today, stock_ship_days=7) == dt.date(2026, 12, 8)


def test_production_without_a_capacity_gives_no_date():
    with pytest.raises(retail.NoCapacity):
        retail.production_month(units_ahead=0, quantity=1, stock=0, capacity=0)
    assert retail.production_month(units_ahead=0, quantity=1, stock=1, capacity=0) == 0


def test_the_tax_in_a_price_incl_tax_is_rounded_down():
    assert retail.tax_included(5500, 10) == 500
    assert retail.tax_included(1080, 8) == 80
    assert retail.tax_included(1000, 10) == 90  # 90.9… rounded down
    assert retail.tax_included(181_500, 10) == 16_500  # 30 mugs with 名入れ
    with pytest.raises(ValueError):
        retail.tax_included(100, 5)
