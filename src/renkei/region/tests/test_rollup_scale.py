"""The rollup at scale: reading a month binds no parameter per inquiry, and the incremental run
reads from the raw rows only the changed months yet equals a full rebuild."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import submit_inquiry
from renkei.inquiries.status import change_status
from renkei.region import facts as F
from renkei.region.models import DemandCell, FlowCell, MonthFacts, UnmetCell
from renkei.region.rollups import build_region
from renkei.region.services import set_sharing

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def ask(group, customer, *, month, **line):
    header = {
        "customer_company": customer,
        "contact_name": "担当 太郎",
        "email": f"buyer@{abs(hash(customer)) % 10**8}.example",
        "title": "試作のお願い",
        "description": "図面の通り",
        "delivery_place": "京都府京都市",
    }
    inquiry, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header=header, lines=[{"part_name": "部品", **line}]
    )
    received = timezone.make_aware(dt.datetime(YEAR, month, 10, 10))
    Inquiry.objects.filter(pk=inquiry.pk).update(received_at=received)
    inquiry.refresh_from_db()
    return inquiry


@pytest.fixture
def sharing(group, other_group):
    set_sharing(actor=None, group=group, shares=True)
    set_sharing(actor=None, group=other_group, shares=True)


def test_reading_a_month_binds_no_parameter_per_inquiry(group, aoki, sharing):
    # A list of the month's inquiry ids broke above SQLite's 32,766 bound parameters (a month
    # of the million-inquiry benchmark holds ~28,000 inquiries, a busy region more).
    for n in range(30):
        ask(group, f"顧客{n}工業", month=2, process_text="旋盤", size="120x40x20")
    bound: list[int] = []

    def record(execute, sql, params, many, context):
        bound.append(len(params or ()))
        return execute(sql, params, many, context)

    groups = F.sharing_groups(group.region)
    with connection.execute_wrapper(record):
        facts = F.read_facts(group.region, [dt.date(YEAR, 2, 1)], groups)
    assert len(facts) == 30
    assert {f.size_band for f in facts} == {"le500"}
    assert max(bound) < 30, "some query binds one parameter per inquiry"


def _cells():
    out = {}
    for model in (DemandCell, UnmetCell, FlowCell):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        out[model.__name__] = sorted(model.objects.values_list(*fields))
    return out


def test_the_incremental_run_reads_only_changed_months_and_equals_a_full_rebuild(
    group, other_group, aoki, sharing, monkeypatch
):
    for month, customers in ((1, ("甲社", "乙社", "丙社")), (3, ("丁社", "戊社", "己社")),
                             (5, ("庚社", "辛社", "壬社")), (7, ("癸社", "子社", "丑社"))):  # fmt: skip
        for customer in customers:
            ask(group, customer, month=month, process_text="旋盤")
    declined = ask(other_group, "寅社", month=7, process_text="5軸", size="1500x300x50")
    change_status(declined, InquiryStatus.DECLINED)
    build_region(group.region, full=True)
    assert MonthFacts.objects.filter(region=group.region).count() == 12

    # March: a status changes; May: a customer of January asks again (one customer of the year).
    march = Inquiry.objects.filter(group=group, received_at__month=3).first()
    change_status(march, InquiryStatus.DECLINED)
    ask(group, "甲社", month=5, process_text="5軸", certifications=["JIS Q 9100"])
    read: list[dt.date] = []
    real_read = F.read_facts

    def spy(region, months, groups):
        months = list(months)
        read.extend(months)
        return real_read(region, months, groups)

    monkeypatch.setattr(F, "read_facts", spy)
    result = build_region(group.region)
    assert result["months"] == 2
    assert sorted(set(read)) == [dt.date(YEAR, 3, 1), dt.date(YEAR, 5, 1)]
    incremental = _cells()

    build_region(group.region, full=True)
    assert _cells() == incremental
    year = DemandCell.objects.get(
        region=group.region, period_kind="year", process="", dimension="all"
    )
    assert year.inquiries == 14 and year.customers == 13 and year.declined == 2
