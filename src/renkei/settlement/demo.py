"""Settlement in the demo region: 洛南試作ネットワーク contracts through its 企業組合 with a year of
settled orders, and 越後みがき連合 only introduces (斡旋): its members invoice the customer and
the group invoices them its fee.

Made through the services, as real flows: inquiry → quote → order confirmed with a PO number →
purchase orders → 検収 → consolidated invoice at the month's closing → payment → the month's
statements (仕入明細書), confirmed by the demo member or deemed confirmed → one transfer file →
last fiscal year's distribution. Two things stand in for what the demo cannot do in the past:
the packages' shipments (the projects demo shows that flow) are recorded as the order's delivery,
and the services stamp "now", so each order's confirmation, delivery and 検収 are moved back to
its month, relative to today, before its month is closed.

Keyed by each inquiry's submission key and by what already exists (a month's invoices and
statements are issued once, a payment once per invoice): a second run writes nothing.
"""

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from renkei.inquiries import replies
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import submit_inquiry
from renkei.lib.houjin import make_corporate_number
from renkei.orgs.models import Company, Group
from renkei.settlement.choices import (
    EntityForm,
    OrderState,
    SettlementMode,
    StatementState,
)
from renkei.settlement.models import (
    CapitalEntry,
    Distribution,
    GroupSettlement,
    IssuedDocument,
    MemberBilling,
    OrderSettlement,
    Payment,
    PurchaseOrder,
    Statement,
    TransferFile,
)
from renkei.settlement.services import distribution, invoices, orders, payments, payouts
from renkei.settlement.services import statements as statement_services
from renkei.settlement.services.issue import fiscal_year_of
from renkei.settlement.services.profile import save_billing, save_terms

JOINT_ORDERS = 36  # three a month over the last twelve months
BROKERED_ORDERS = 3
CUSTOMERS = (
    ("株式会社みなと光学", "港 花子", "hanako@minato-kogaku.example", "ﾐﾅﾄｺｳｶﾞｸ"),
    ("洛北医療機器株式会社", "北山 翔", "kitayama@rakuhoku-medical.example", "ﾗｸﾎｸｲﾘｮｳｷｷ"),
    ("株式会社比叡ロボティクス", "比叡 聡", "satoshi@hiei-robotics.example", "ﾋｴｲﾛﾎﾞﾃｨｸｽ"),
)
PARTS = (
    ("筐体ブラケット", "A5052 切削・アルマイト"),
    ("ギヤシャフト", "SCM440 旋削・焼入れ"),
    ("センサカバー", "SUS304 板金・溶接"),
    ("治具プレート", "S50C 研削"),
)
# Members of 洛南試作ネットワーク whose prices make the quotes (法人番号 bodies of the demo data).
JOINT_MEMBERS = ("130001090202", "130001090101", "130002090303", "130001090707")
BROKERED_MEMBERS = ("110001070101", "110002070202")


def _key(kind: str, n: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"renkei-demo:settlement:{kind}-{n}")


def _month_start(today: dt.date, months_back: int) -> dt.date:
    year, month = today.year, today.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    return dt.date(year, month, 1)


def _month_end(start: dt.date) -> dt.date:
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _companies(bodies: tuple[str, ...]) -> list[Company]:
    numbers = [make_corporate_number(body) for body in bodies]
    found = {c.corporate_number: c for c in Company.objects.filter(corporate_number__in=numbers)}
    return [found[n] for n in numbers if n in found]


def load_demo_settlement(groups: dict[str, Group]) -> int:
    """Creates what is missing; returns how many orders it settled."""
    users = get_user_model().objects
    coordinator = users.get(username="coordinator")
    member = users.get(username="member")
    made = 0
    joint = groups.get("rakunan-shisaku")
    if joint is not None:
        made += _joint(joint, coordinator, member)
    brokered = groups.get("echigo-migaki")
    if brokered is not None:
        made += _brokered(brokered, users.get(username="migaki"))
    return made


# --- the 企業組合 ---------------------------------------------------------------------------


def _terms(group: Group, coordinator: Any, **fields: Any) -> None:
    terms = GroupSettlement.objects.filter(group=group).first() or GroupSettlement(group=group)
    if terms.pk is not None and all(getattr(terms, k) == v for k, v in fields.items()):
        return
    for name, value in fields.items():
        setattr(terms, name, value)
    save_terms(actor=coordinator, group=group, terms=terms)


def _billing(company: Company, actor: Any, n: int) -> None:
    if MemberBilling.objects.filter(company=company).exclude(account_number="").exists():
        return
    billing = MemberBilling.objects.filter(company=company).first() or MemberBilling()
    billing.legal_name = company.name
    billing.address = company.address
    billing.registration_number = f"T{company.corporate_number}"
    billing.bank_name = "洛南信用金庫"
    billing.bank_code = "1190"
    billing.branch_name = "本店"
    billing.branch_code = "001"
    billing.account_number = f"{1000000 + n * 1111:07d}"
    billing.account_holder_kana = company.kana[:40] if company.kana else "ｶｲｲﾝ"
    save_billing(actor=actor, company=company, billing=billing)


def _joint(group: Group, coordinator: Any, member: Any) -> int:
    _terms(
        group, coordinator,
        mode=SettlementMode.JOINT,
        entity_form=EntityForm.KIGYO_KUMIAI,
        legal_name="洛南試作企業組合",
        address="洛南市工業団地1-1 洛南ものづくりセンター2階",
        registration_number="T" + make_corporate_number("130005090001"),
        representative="代表理事 伏見 一郎",
        phone="075-000-0001",
        billing_email="keiri@rakunan-shisaku.example",
        bank_name="洛南信用金庫",
        bank_code="1190",
        branch_name="本店",
        branch_code="001",
        account_number="0123456",
        account_holder_kana="ﾗｸﾅﾝｼｻｸｷｷﾞｮｳｸﾐｱｲ",
        zengin_requester_code="1234567890",
        consolidated_invoices=True,
        capital_dividend_percent=Decimal("5"),
    )  # fmt: skip
    companies = _companies(JOINT_MEMBERS)
    for n, company in enumerate(companies):
        _billing(company, coordinator, n)
        if not CapitalEntry.objects.filter(group=group, company=company).exists():
            distribution.record_capital(
                actor=coordinator, group=group, company=company,
                on=timezone.localdate() - dt.timedelta(days=3 * 365),
                units=10 + 5 * n, paid_in_yen=(10 + 5 * n) * 50_000, note="設立時出資",
            )  # fmt: skip
    today = timezone.localdate()
    made = 0
    rng = random.Random(14)
    for n in range(JOINT_ORDERS):
        months_back = 12 - n // 3  # the oldest month first, three orders a month
        start = _month_start(today, months_back)
        day = start + dt.timedelta(days=5 + 8 * (n % 3) + rng.randrange(3))
        if _order(group, coordinator, member, n, day, companies, rng):
            made += 1
    for months_back in range(12, 0, -1):
        _close_month(group, coordinator, member, _month_start(today, months_back), today)
    _payouts(group, coordinator, today)
    _distribution(group, coordinator, today)
    return made


def _order(
    group: Group, coordinator: Any, member: Any, n: int, day: dt.date,
    companies: list[Company], rng: random.Random,
) -> bool:  # fmt: skip
    key = _key("order", n)
    if Inquiry.objects.filter(group=group, submission_key=key).exists():
        return False
    customer, contact, email, _kana = CUSTOMERS[n % len(CUSTOMERS)]
    part, spec = PARTS[n % len(PARTS)]
    quantity = (5, 10, 20, 50)[rng.randrange(4)]
    inquiry, _created = submit_inquiry(
        group=group, key=key,
        header={"customer_company": customer, "contact_name": contact, "email": email,
                "title": f"{part} {quantity}個", "description": spec},
        lines=[{"part_name": part, "quantity": quantity}],
    )  # fmt: skip
    makers = [companies[0]] if n % 2 else [companies[0], companies[1 + n % (len(companies) - 1)]]
    lines = [
        (f"{part} {'加工' if i == 0 else '仕上げ'}", quantity, rng.randrange(800, 9000, 50), maker)
        for i, maker in enumerate(makers)
    ]
    quote = replies.compose_quote(
        actor=coordinator, inquiry=inquiry, lines=lines, fee_percent=Decimal("10"),
        valid_until=timezone.localdate() + dt.timedelta(days=30), lead_days=10,
    )  # fmt: skip
    replies.send_quote(actor=coordinator, quote=quote)
    order = replies.accept_quote(quote=quote)
    settlement = orders.confirm_order(order=order, po_number=f"MK-{day:%y%m}-{n + 1:03d}")
    for purchase_order in orders.issue_purchase_orders(actor=coordinator, settlement=settlement):
        if purchase_order.company_id == companies[0].pk:
            orders.answer_purchase_order(actor=member, purchase_order=purchase_order, accept=True)
    # The packages' shipments stand in here (see the module's docstring).
    OrderSettlement.objects.filter(pk=settlement.pk).update(
        state=OrderState.DELIVERED, delivered_at=_at(day - dt.timedelta(days=1), 16)
    )
    settlement.refresh_from_db()
    orders.accept_delivery(actor=coordinator, settlement=settlement)
    OrderSettlement.objects.filter(pk=settlement.pk).update(
        confirmed_at=_at(day - dt.timedelta(days=14), 10), accepted_at=_at(day, 11)
    )
    return True


def _close_month(
    group: Group, coordinator: Any, member: Any, start: dt.date, today: dt.date
) -> None:
    end = _month_end(start)
    issued = invoices.close_period(group, end, actor=coordinator)
    for invoice in issued:
        # Most customers pay on the due date; the newest month's invoices are not due yet, and
        # the third customer's invoice of three months ago is overdue.
        due = invoice.due_on or end
        overdue_one = start == _month_start(today, 3) and CUSTOMERS[2][2] == invoice.customer_email
        if due < today and not overdue_one:
            _pay(group, coordinator, invoice, due)
    if not Statement.objects.filter(group=group, month=start).exists():
        latest = start == _month_start(today, 1)
        issue_day = today if latest else end + dt.timedelta(days=1)
        statement_services.issue_statements(
            actor=coordinator, group=group, month=start, today=issue_day
        )
    for statement in Statement.objects.filter(
        group=group, month=start, state=StatementState.ISSUED
    ).select_related("group", "company"):
        if statement_services.can_answer(member, statement) and start != _month_start(today, 1):
            statement_services.confirm_statement(actor=member, statement=statement)
    statement_services.deem_confirmed(today)


def _pay(group: Group, actor: Any, invoice: IssuedDocument, on: dt.date) -> None:
    reference = f"振込 {invoice.number}"  # the invoice number the customer quoted when paying
    if Payment.objects.filter(group=group, reference=reference).exists():
        return
    kana = next((c[3] for c in CUSTOMERS if c[2] == invoice.customer_email), invoice.counterparty)
    payments.record_payment(
        actor=actor, group=group, received_on=on, amount_yen=invoice.total_yen,
        payer_name=kana, reference=reference, allocations=[(invoice, invoice.total_yen)],
    )  # fmt: skip


def _payouts(group: Group, coordinator: Any, today: dt.date) -> None:
    if TransferFile.objects.filter(group=group).exists():
        return
    payable = list(payouts.payable_statements(group))
    if payable:
        payouts.make_transfer_file(
            actor=coordinator, group=group, transfer_on=today + dt.timedelta(days=3),
            statements=payable,
        )  # fmt: skip


def _distribution(group: Group, coordinator: Any, today: dt.date) -> None:
    start_month = GroupSettlement.objects.get(group=group).fiscal_year_start_month
    last_year = fiscal_year_of(today, start_month) - 1
    if Distribution.objects.filter(group=group, fiscal_year=last_year).exists():
        return
    computed = distribution.compute_distribution(
        group, last_year, 1_200_000, capital_dividend_percent=Decimal("5")
    )
    distribution.save_distribution(actor=coordinator, computed=computed)


# --- 斡旋 ------------------------------------------------------------------------------------


def _brokered(group: Group, coordinator: Any) -> int:
    _terms(
        group, coordinator,
        mode=SettlementMode.BROKERED,
        entity_form=EntityForm.NONE,
        legal_name="越後みがき連合 事務局",
        address="新潟県燕市架空町2-2",
        registration_number="T" + make_corporate_number("110005070001"),
        representative="会長 中ノ口 勇",
        bank_name="越後信用組合",
        bank_code="2190",
        branch_name="燕支店",
        branch_code="010",
        account_number="0765432",
        account_holder_kana="ｴﾁｺﾞﾐｶﾞｷﾚﾝｺﾞｳ",
    )  # fmt: skip
    companies = _companies(BROKERED_MEMBERS)
    for n, company in enumerate(companies):
        _billing(company, coordinator, 10 + n)
    today = timezone.localdate()
    made = 0
    for n in range(BROKERED_ORDERS):
        key = _key("brokered", n)
        if Inquiry.objects.filter(group=group, submission_key=key).exists():
            continue
        inquiry, _created = submit_inquiry(
            group=group, key=key,
            header={"customer_company": "燕カトラリー株式会社", "contact_name": "燕 美咲",
                    "email": "misaki@tsubame-cutlery.example",
                    "title": f"ステンレス鏡面研磨 ロット{n + 1}",
                    "description": "SUS304 プレス品の鏡面研磨（#800 相当）"},
            lines=[{"part_name": "スプーン素材", "quantity": 500}],
        )  # fmt: skip
        maker = companies[n % len(companies)]
        quote = replies.compose_quote(
            actor=coordinator, inquiry=inquiry,
            lines=[("鏡面研磨 #800", 500, 120 + 10 * n, maker)], fee_percent=Decimal("8"),
            valid_until=today + dt.timedelta(days=30), lead_days=10,
        )  # fmt: skip
        replies.send_quote(actor=coordinator, quote=quote)
        settlement = orders.confirm_order(order=replies.accept_quote(quote=quote))
        OrderSettlement.objects.filter(pk=settlement.pk).update(
            state=OrderState.DELIVERED, delivered_at=timezone.now()
        )
        settlement.refresh_from_db()
        settlement = orders.accept_delivery(actor=coordinator, settlement=settlement)
        if n < 2:  # the third one waits on the coordinator's list of orders to invoice
            invoices.issue_invoice(actor=coordinator, settlements=[settlement])
        made += 1
    return made


def demo_counts() -> dict[str, int]:
    """What the settlement demo holds, for the loader's idempotency test."""
    return {
        "orders": OrderSettlement.objects.count(),
        "documents": IssuedDocument.objects.count(),
        "purchase orders": PurchaseOrder.objects.count(),
        "statements": Statement.objects.count(),
        "payments": Payment.objects.count(),
        "transfers": TransferFile.objects.count(),
        "distributions": Distribution.objects.count(),
        "capital entries": CapitalEntry.objects.count(),
    }
