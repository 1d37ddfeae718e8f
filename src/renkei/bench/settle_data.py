"""The settlement benchmark's data: a bench group that is a 企業組合 contracting its orders
(共同受注), its member companies with billing details, and one month of accepted (検収) orders.

Going through confirm_order and accept_delivery would issue a 注文請書 PDF per order and take an
hour for 50,000 orders, so the rows go in with bulk_create in chunks, shaped as those services
leave them: a quote line per member part with the member's price, a share per line with its part
of the quote's fee (lib.money.share_out, as services.orders.fee_parts shares it), the order's
delivery date set, and the settlement ACCEPTED on a day of the month. Everything comes from the
seed; the group's tagline records what was generated, so that a second run reuses it.
"""

import datetime as dt
import random
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from time import perf_counter
from typing import Any

from django.db import transaction
from django.utils import timezone

from renkei.bench.dataset import BenchDataError, _bench_group
from renkei.bench.generator import chunked
from renkei.core.analyze import refresh_statistics
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry, Order, Quote, QuoteLine
from renkei.lib.houjin import make_corporate_number
from renkei.lib.money import share_out
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Company, Group, Membership
from renkei.settlement.choices import EntityForm, OrderState, SettlementMode, ShareState
from renkei.settlement.models import (
    CapitalEntry,
    GroupSettlement,
    MemberBilling,
    MemberShare,
    OrderSettlement,
)

# Bump when the generator changes, so that a run regenerates rather than reuses.
GENERATOR_VERSION = 1
CHUNK = 2000
FEE_PERCENT = Decimal("10")
# One share in twenty is at the reduced rate (a food-related part, say), so that invoices and
# statements carry two rates and the tax is rounded per rate.
REDUCED_RATE_SHARE = 0.05
PARTS = (
    "ブラケット",
    "シャフト",
    "カバー",
    "フランジ",
    "ギヤ",
    "スペーサ",
    "ハウジング",
    "プレート",
)
STEPS = ("切削", "研削", "板金", "溶接", "めっき", "熱処理", "放電加工", "検査")


@dataclass
class SettleData:
    group: Group
    month: dt.date  # the first day of the month the orders were accepted in
    orders: int
    members: int
    customers: int
    generated: bool
    seconds: float


def bench_month(today: dt.date) -> dt.date:
    """The month the orders are accepted in: the last whole month before ``today``."""
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def marker(orders: int, members: int, customers: int, seed: int, month: dt.date) -> str:
    return (
        f"settlement benchmark data v{GENERATOR_VERSION}: {orders} orders, {members} members, "
        f"{customers} customers, seed {seed}, {month:%Y-%m}"
    )


def ensure_settle_data(
    *, orders: int, members: int, customers: int, seed: int = 1, group_slug: str = "bench-settle"
) -> SettleData:
    """The bench group with its month of accepted orders, reused when already there."""
    month = bench_month(timezone.localdate())
    group = Group.objects.filter(slug=group_slug).first()
    if (
        group is not None
        and group.tagline == marker(orders, members, customers, seed, month)
        and OrderSettlement.objects.filter(group=group).count() == orders
    ):
        return SettleData(group, month, orders, members, customers, False, 0.0)
    return make_settle_data(
        orders=orders, members=members, customers=customers, seed=seed, group_slug=group_slug,
        month=month,
    )  # fmt: skip


@transaction.atomic
def make_settle_data(
    *, orders: int, members: int, customers: int, seed: int, group_slug: str, month: dt.date
) -> SettleData:
    if orders < 1 or members < 1 or customers < 1:
        raise BenchDataError("--orders, --members and --customers must be at least 1")
    started = perf_counter()
    group = _bench_group(group_slug)
    _delete(group)
    rng = random.Random(seed)
    prefix = f"8{zlib.crc32(group_slug.encode()) % 1000:03d}"
    _terms(group, prefix)
    companies = _members(group, members, prefix, rng)
    zone = timezone.get_current_timezone()
    days = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - month
    number = 0
    for chunk in chunked(iter(range(orders)), CHUNK):
        _orders(group, chunk, companies, customers, rng, month, days.days, zone, number)
        number += len(chunk)
    refresh_statistics(sqlite=False)  # PostgreSQL plans what was just written (core.analyze)
    group.tagline = marker(orders, members, customers, seed, month)
    group.save(update_fields=["tagline", "updated_at"])
    return SettleData(group, month, orders, members, customers, True, perf_counter() - started)


def _delete(group: Group) -> None:
    from renkei.bench.settle import reset_documents

    reset_documents(group)
    settlements = OrderSettlement.objects.filter(group=group)
    MemberShare.objects.filter(settlement__in=settlements).delete()
    order_ids = list(settlements.values_list("order_id", flat=True))
    settlements.delete()
    inquiries = Inquiry.objects.filter(group=group)
    for ids in chunked(iter(order_ids), 900):
        Order.objects.filter(pk__in=ids).delete()
    QuoteLine.objects.filter(quote__inquiry__in=inquiries).delete()
    Quote.objects.filter(inquiry__in=inquiries).delete()
    inquiries.delete()
    CapitalEntry.objects.filter(group=group).delete()
    members = list(Membership.objects.filter(group=group).values_list("company_id", flat=True))
    Membership.objects.filter(group=group).delete()
    # The bench members belong to no other group (their numbers are the bench's own prefix).
    for ids in chunked(iter(members), 900):
        MemberBilling.objects.filter(company_id__in=ids).delete()
        Company.objects.filter(pk__in=ids).exclude(memberships__isnull=False).delete()


def _registration(body: str) -> str:
    return "T" + make_corporate_number(body)


def _terms(group: Group, prefix: str) -> None:
    GroupSettlement.objects.update_or_create(
        group=group,
        defaults={
            "mode": SettlementMode.JOINT,
            "entity_form": EntityForm.KIGYO_KUMIAI,
            "legal_name": "ベンチマーク企業組合（架空）",
            "address": "東京都千代田区架空町1-1",
            "registration_number": _registration(f"{prefix}00000000"),
            "representative": "代表理事 架空 太郎",
            "bank_name": "架空銀行",
            "bank_code": "0009",
            "branch_name": "本店",
            "branch_code": "001",
            "account_number": "1234567",
            "account_holder_kana": "ﾍﾞﾝﾁﾏｰｸｷｷﾞｮｳｸﾐｱｲ",
            "zengin_requester_code": "1234567890",
            "consolidated_invoices": True,
            "closing_day": 0,
            "fee_value": FEE_PERCENT,
            "capital_dividend_percent": Decimal("5"),
        },
    )


def _members(group: Group, members: int, prefix: str, rng: random.Random) -> list[Company]:
    companies = [
        Company(
            kind=CompanyKind.MANUFACTURER,
            name=f"架空工業{i + 1:04d}株式会社",
            kana=f"かくうこうぎょう{i + 1:04d}",
            corporate_number=make_corporate_number(f"{prefix}{i + 1:08d}"),
            prefecture="東京都",
        )
        for i in range(members)
    ]
    Company.objects.bulk_create(companies, batch_size=CHUNK)
    joined = timezone.localdate() - dt.timedelta(days=800)
    Membership.objects.bulk_create(
        (Membership(group=group, company_id=c.pk, joined_on=joined) for c in companies),
        batch_size=CHUNK,
    )
    MemberBilling.objects.bulk_create(
        (
            MemberBilling(
                company_id=c.pk,
                legal_name=c.name,
                registration_number=f"T{c.corporate_number}",
                bank_name="架空信用金庫",
                bank_code="1001",
                branch_name=f"第{i % 90 + 1}支店",
                branch_code=f"{i % 90 + 100:03d}",
                account_number=f"{i + 1:07d}",
                account_holder_kana=f"ｶｸｳｺｳｷﾞｮｳ{i + 1:04d}",
            )
            for i, c in enumerate(companies)
        ),
        batch_size=CHUNK,
    )
    CapitalEntry.objects.bulk_create(
        (
            CapitalEntry(
                group=group,
                company_id=c.pk,
                on=joined,
                units=(units := rng.randint(1, 20)),
                paid_in_yen=units * 10_000,
            )
            for c in companies
        ),
        batch_size=CHUNK,
    )
    return companies


def _customer(index: int) -> tuple[str, str]:
    return f"架空顧客{index + 1:04d}株式会社", f"buyer{index + 1:04d}@customer.example"


def _orders(
    group: Group,
    chunk: list[int],
    companies: list[Company],
    customers: int,
    rng: random.Random,
    month: dt.date,
    days: int,
    zone: dt.tzinfo,
    numbered: int,
) -> None:
    rows = []
    for i in chunk:
        day = month + dt.timedelta(days=rng.randrange(days))
        accepted = dt.datetime.combine(day, dt.time(9 + rng.randrange(9)), tzinfo=zone)
        parts = [
            (rng.choice(companies), rng.randint(1, 50), rng.randrange(500, 60_000, 10))
            for _ in range(1 if rng.random() < 0.5 else 2)
        ]
        rates = [8 if rng.random() < REDUCED_RATE_SHARE else 10 for _ in parts]
        rows.append((i, rng.randrange(customers), accepted, parts, rates))
    inquiries = []
    for i, customer, _accepted, _parts, _rates in rows:
        company, email = _customer(customer)
        key = uuid.UUID(int=rng.getrandbits(128))
        inquiries.append(
            Inquiry(
                group=group,
                number=i + 1,
                tracking_token=f"bench-{key.hex}",
                submission_key=key,
                status=InquiryStatus.WON,
                customer_company=company,
                contact_name="架空 花子",
                email=email,
                title=f"{rng.choice(PARTS)} 試作 {i + 1}",
                description="ベンチマークの注文",
            )
        )
    Inquiry.objects.bulk_create(inquiries)
    quotes = [
        Quote(
            inquiry_id=inquiry.pk,
            fee_percent=FEE_PERCENT,
            lead_days=10,
            valid_until=accepted.date() + dt.timedelta(days=30),
            sent_at=accepted - dt.timedelta(days=20),
            accepted_at=accepted - dt.timedelta(days=18),
        )
        for inquiry, (_i, _c, accepted, _p, _r) in zip(inquiries, rows, strict=True)
    ]
    Quote.objects.bulk_create(quotes)
    lines = [
        [
            QuoteLine(
                quote_id=quote.pk,
                position=position,
                description=f"{rng.choice(PARTS)} {rng.choice(STEPS)}",
                quantity=quantity,
                unit_price_yen=price,
                company_id=company.pk,
            )
            for position, (company, quantity, price) in enumerate(parts, start=1)
        ]
        for quote, (_i, _c, _a, parts, _r) in zip(quotes, rows, strict=True)
    ]
    QuoteLine.objects.bulk_create(line for order_lines in lines for line in order_lines)
    orders = []
    for inquiry, quote, order_lines, (_i, _c, accepted, _p, _r) in zip(
        inquiries, quotes, lines, rows, strict=True
    ):
        subtotal = sum(line.amount for line in order_lines)
        fee = int((subtotal * FEE_PERCENT / 100).quantize(Decimal(1), ROUND_DOWN))
        tax = int(((subtotal + fee) * Decimal("0.10")).quantize(Decimal(1), ROUND_DOWN))
        orders.append(
            Order(
                inquiry_id=inquiry.pk,
                quote_id=quote.pk,
                total_yen=subtotal + fee + tax,
                delivery_on=accepted.date() - dt.timedelta(days=1),
            )
        )
    Order.objects.bulk_create(orders)
    settlements = [
        OrderSettlement(
            order_id=order.pk,
            group=group,
            mode=SettlementMode.JOINT,
            state=OrderState.ACCEPTED,
            customer_po_number=f"PO-{i + 1:06d}",
            payment_terms="月末締め 翌月末払い",
            confirmed_at=accepted - dt.timedelta(days=18),
            delivered_at=accepted - dt.timedelta(days=1),
            accepted_at=accepted,
        )
        for order, (i, _c, accepted, _p, _r) in zip(orders, rows, strict=True)
    ]
    OrderSettlement.objects.bulk_create(settlements)
    MemberShare.objects.bulk_create(_shares(settlements, lines, rows))


def _shares(
    settlements: list[OrderSettlement], lines: list[list[QuoteLine]], rows: list[tuple[Any, ...]]
) -> Iterator[MemberShare]:
    for settlement, order_lines, row in zip(settlements, lines, rows, strict=True):
        amounts = [line.amount for line in order_lines]
        fee = int((sum(amounts) * FEE_PERCENT / 100).quantize(Decimal(1), ROUND_DOWN))
        for line, part, rate in zip(order_lines, share_out(amounts, fee), row[4], strict=True):
            yield MemberShare(
                settlement_id=settlement.pk,
                company_id=line.company_id or 0,
                quote_line_id=line.pk,
                description=line.description,
                quantity=line.quantity,
                member_price_yen=line.amount,
                fee_yen=part,
                tax_rate=rate,
                state=ShareState.ACTIVE,
            )
