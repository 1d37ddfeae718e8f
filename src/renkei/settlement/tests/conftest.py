"""Fixtures of the settlement tests.

hana  — member admin of さくら鍍金工業 (bob is member admin of 株式会社青木精工)
emi   — member staff of さくら鍍金工業
kei   — accountant (会計) of みやこ試作ネット

``accepted_order`` is an order of two lines: machining by aoki (¥12,000 × 5 at the member's
price) and plating by sakura (¥3,000 × 5); ``accepted_settlement`` is its money side already
checked on receipt (検収), with the two members' shares, made straight in the database so that
each area's tests stand on their own.
"""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from renkei.capabilities.models import Process
from renkei.conftest_helpers import compose_test_quote
from renkei.inquiries import replies
from renkei.inquiries.models import LineStep, Order, Quote
from renkei.inquiries.services import submit_inquiry
from renkei.lib.houjin import make_corporate_number
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role
from renkei.settlement.choices import OrderState, SettlementMode
from renkei.settlement.models import GroupSettlement, MemberBilling, MemberShare, OrderSettlement

PASSWORD = "correct-horse-42"
GROUP_T_NUMBER = "T" + make_corporate_number("123456789012")
AOKI_T_NUMBER = "T" + make_corporate_number("210987654321")
SAKURA_T_NUMBER = "T" + make_corporate_number("555566667777")


def _user(username: str):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.com"
    )


@pytest.fixture
def kei(group):
    user = _user("kei")
    grant_role(actor=None, user=user, group=group, role=PersonRole.ACCOUNTANT)
    return user


@pytest.fixture
def terms(group):
    """The group contracts (共同受注) as 企業組合みやこ試作, registered, with a bank account."""
    return GroupSettlement.objects.create(
        group=group,
        mode=SettlementMode.JOINT,
        entity_form="kigyo_kumiai",
        legal_name="企業組合みやこ試作",
        address="京都府京都市下京区四条通1-1",
        registration_number=GROUP_T_NUMBER,
        representative="代表理事 都 一郎",
        bank_name="京都中央信用金庫",
        bank_code="1611",
        branch_name="本店",
        branch_code="001",
        account_number="1234567",
        account_holder_kana="ｷｷﾞﾖｳｸﾐｱｲﾐﾔｺｼｻｸ",
        zengin_requester_code="0000012345",
        fee_value=Decimal("10"),
    )


@pytest.fixture
def billing(aoki, sakura):
    """Both members' billing details: registered, with bank accounts."""
    return [
        MemberBilling.objects.create(
            company=aoki,
            legal_name="株式会社青木精工",
            registration_number=AOKI_T_NUMBER,
            bank_name="京都銀行",
            bank_code="0158",
            branch_name="西陣支店",
            branch_code="123",
            account_number="7654321",
            account_holder_kana="ｶ)ｱｵｷｾｲｺｳ",
        ),
        MemberBilling.objects.create(
            company=sakura,
            legal_name="さくら鍍金工業株式会社",
            registration_number=SAKURA_T_NUMBER,
            bank_name="京都銀行",
            bank_code="0158",
            branch_name="伏見支店",
            branch_code="456",
            account_number="1112223",
            account_holder_kana="ｻｸﾗﾒﾂｷｺｳｷﾞﾖｳ(ｶ",
        ),
    ]


STEPS = ["five_axis", "electroless_nickel"]


def sent_quote(group, alice, aoki, sakura, lines=None) -> Quote:
    """A quote sent to the customer: machining by aoki, plating by sakura, at their prices; the
    inquiry's one line goes through the two steps, so the project makes one package per line."""
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            "customer_company": "株式会社ロケット工房",
            "contact_name": "宇宙 太郎",
            "email": "taro@rocket.example",
            "title": "アルミブラケット",
            "description": "A7075、めっき後に検査成績書。",
            "desired_delivery": timezone.localdate() + dt.timedelta(days=30),
        },
        lines=[{"part_name": "ブラケット", "quantity": 5}],
    )
    line = inquiry.lines.get()
    LineStep.objects.filter(line=line).delete()
    for position, code in enumerate(STEPS, start=1):
        LineStep.objects.create(
            line=line, process=Process.objects.get(code=code), position=position
        )
    quote = compose_test_quote(
        alice,
        inquiry,
        lines
        or [
            ("ブラケット 切削加工", 5, 12000, aoki),
            ("ブラケット 無電解ニッケルめっき", 5, 3000, sakura.pk),
        ],
        lead_days=20,
    )
    replies.send_quote(actor=alice, quote=quote)
    return quote


@pytest.fixture
def accepted_order(group, alice, aoki, sakura) -> Order:
    """An accepted order: machining by aoki and plating by sakura, at the members' prices, the
    group's 10 % fee on top."""
    return replies.accept_quote(quote=sent_quote(group, alice, aoki, sakura))


@pytest.fixture
def accepted_settlement(group, accepted_order, aoki, sakura, terms):
    """The order's money side, checked on receipt (検収) and so invoiceable."""
    settlement = OrderSettlement.objects.create(
        order=accepted_order,
        group=group,
        mode=SettlementMode.JOINT,
        state=OrderState.ACCEPTED,
        customer_po_number="RK-PO-0042",
        payment_terms="月末締め翌月末払い",
        confirmed_at=timezone.now(),
        payer_kana="ｶ)ﾛｹﾂﾄｺｳﾎﾞｳ",
        delivered_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    for line in accepted_order.quote.lines.order_by("position"):
        MemberShare.objects.create(
            settlement=settlement,
            company=line.company,
            quote_line=line,
            description=line.description,
            quantity=line.quantity,
            member_price_yen=line.amount,
            fee_yen=line.amount // 10,
        )
    return settlement


@pytest.fixture
def fee_kept_back(request):
    """The group keeps its 10 % fee back from the members' prices (FeeKind.PERCENT), which is
    what a statement nets (a margin on top of the customer's price is never netted): the shares
    of ``accepted_settlement``, where the test has it, carry the fee as kept back."""
    if "accepted_settlement" in request.fixturenames:
        request.getfixturevalue("accepted_settlement")
        MemberShare.objects.update(kept_yen=F("fee_yen"), fee_yen=0)
