"""Region intelligence: rollups, unmet demand in the gates' terms, privacy, open data, access."""

import csv
import datetime as dt
import io
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from renkei.conftest_helpers import login
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.matching import group_pool, need_of, rank
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import submit_inquiry
from renkei.inquiries.status import change_status
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group, Region
from renkei.orgs.services import grant_role
from renkei.region.models import DemandCell, InquiryOutcome, RollupWatermark, UnmetCell
from renkei.region.rollups import build_region
from renkei.region.services import set_sharing

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def ask(group, customer, *, month=1, place="京都府京都市", **line):
    header = {
        "customer_company": customer,
        "contact_name": "担当 太郎",
        "email": f"{abs(hash(customer)) % 10**8}@customer.example",
        "title": "試作のお願い",
        "description": "図面の通り",
        "delivery_place": place,
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


@pytest.fixture
def operator(django_user_model):
    return django_user_model.objects.create_user(
        "operator", password="correct-horse-42", is_staff=True
    )


def staff_client(client, user):
    from renkei.conftest_helpers import login_with_second_factor

    login_with_second_factor(client, user)
    return client


def test_unmet_reasons_are_the_matching_gates_reasons(group, aoki, sharing):
    # aoki has 5-axis machining and JIS Q 9100, but its machines take 650 mm at most.
    inquiry = ask(group, "株式会社ロケット工房", process_text="5軸", size="1200x300x50",
                  certifications=["JIS Q 9100"])  # fmt: skip
    change_status(inquiry, InquiryStatus.DECLINED)
    with translation.override("ja"):
        # The coordinator's board ranks the group's members through the same gates.
        need = need_of(inquiry.lines.get(), inquiry)
        closest = rank(group_pool(group), need, limit=1)[0]
        failed = {text for text, ok in closest.reasons if not ok}
    assert not closest.passes and closest.company == aoki
    build_region(group.region, full=True)
    reasons = InquiryOutcome.objects.get(inquiry=inquiry).reasons
    assert failed == {"1200mm"}
    assert {r["gate"] for r in reasons} == failed
    assert [r["code"] for r in reasons] == ["size"]
    assert reasons[0]["key"] == "five_axis|gt1000"


def test_no_member_with_the_process_and_certificate_is_named_and_suggested(
    group, aoki, sakura, sharing
):
    # Electroplating exists (sakura) but nobody plates under JIS Q 9100: three customers, each
    # with a budget, asked for it.
    for n, customer in enumerate(["甲社", "乙社", "丙社"], start=1):
        inquiry = ask(group, customer, month=n, process_text="電気めっき",
                      certifications=["JIS Q 9100"])  # fmt: skip
        Inquiry.objects.filter(pk=inquiry.pk).update(budget="50万円")
        change_status(inquiry, InquiryStatus.DECLINED)
    build_region(group.region, full=True)
    cell = UnmetCell.objects.get(region=group.region, process="", code="certificate")
    assert cell.inquiries == 3 and cell.value_yen == 1_500_000
    from renkei.region import queries

    with translation.override("ja"):
        filters = queries.parse_filters(group.region, {"year": str(YEAR)}, timezone.localdate())
        [suggestion] = queries.suggestions(group.region, filters)
    assert "JIS Q 9100" in suggestion and "3" in suggestion and "1,500,000" in suggestion
    assert "電気めっき" in suggestion


def test_a_process_asked_for_by_two_customers_is_not_shown_as_such(group, aoki, sharing):
    for customer in ("甲社", "乙社"):
        ask(group, customer, process_text="5軸")
    for customer in ("丙社", "丁社", "戊社"):
        ask(group, customer, process_text="旋盤")
    build_region(group.region, full=True)
    keys = set(
        DemandCell.objects.filter(
            region=group.region, period_kind="year", process="", dimension="process"
        ).values_list("key", flat=True)
    )
    assert "five_axis" not in keys
    assert "turning" not in keys or "_other" in keys


def test_the_open_data_csv_round_trips(client, group, aoki, sharing, operator):
    for customer in ("甲社", "乙社", "丙社", "丁社"):
        ask(group, customer, process_text="旋盤", place="大阪府大阪市")
    build_region(group.region, full=True)
    staff_client(client, operator)
    url = reverse("region:download", args=[group.region.slug, "demand", "csv"])
    response = client.get(url, {"year": YEAR})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = DemandCell.objects.filter(region=group.region, period_kind="year", process="")
    assert len(rows) == cells.count() > 0
    by_key = {(c.dimension, c.key): c for c in cells}
    for row in rows:
        cell = by_key[(row["dimension"], row["key"])]
        assert row["licence"] == "CC BY 4.0"
        assert int(row["inquiries"]) == cell.inquiries
        assert int(row["customers"]) == cell.customers
        assert (row["ordered_yen"] or None) == (
            None if cell.ordered_yen is None else str(cell.ordered_yen)
        )
    prefecture = next(r for r in rows if r["dimension"] == "prefecture")
    assert prefecture["label"] == "大阪府" and prefecture["inquiries"] == "4"
    document = json.loads(
        client.get(
            reverse("region:download", args=[group.region.slug, "demand", "json"]), {"year": YEAR}
        ).content
    )
    assert document["licence"] == "CC BY 4.0" and len(document["rows"]) == len(rows)


def test_a_group_that_opted_out_is_absent(client, group, other_group, aoki, operator):
    set_sharing(actor=None, group=group, shares=True)
    for customer in ("甲社", "乙社", "丙社"):
        ask(group, customer, process_text="旋盤")
    for customer in ("北社", "南社", "東社", "西社"):
        ask(other_group, customer, process_text="旋盤")
    build_region(group.region, full=True)
    total = DemandCell.objects.get(
        region=group.region, period_kind="year", process="", dimension="all"
    )
    assert total.inquiries == 3
    staff_client(client, operator)
    page = client.get(reverse("region:overview", args=[group.region.slug])).content.decode()
    assert "みやこ試作ネット" in page and "北光めっきネット" not in page
    # Opting out later removes the group at the next run.
    set_sharing(actor=None, group=group, shares=False)
    build_region(group.region)
    assert not DemandCell.objects.filter(region=group.region).exists()


def test_supporters_see_aggregates_only(client, group, aoki, bob, carol, sharing):
    from renkei.conftest_helpers import compose_test_quote
    from renkei.inquiries import replies

    names = ("株式会社秘密工業", "乙社", "丙社")
    for customer in names:
        inquiry = ask(group, customer, process_text="旋盤")
    quote = compose_test_quote(None, inquiry, [("旋盤加工", 1, 123_457)])
    replies.send_quote(actor=None, quote=quote)
    build_region(group.region, full=True)
    login(client, carol)
    response = client.get(reverse("region:overview", args=[group.region.slug]), {"year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert "旋削" in page
    for secret in (*names, "123,457", "123457", "135,802", "試作のお願い", "担当 太郎"):
        assert secret not in page
    csv_text = client.get(
        reverse("region:download", args=[group.region.slug, "demand", "csv"]), {"year": YEAR}
    ).content.decode("utf-8-sig")
    for secret in (*names, "123457", "135802"):
        assert secret not in csv_text
    # A member company's person is no supporter: 404.
    client.logout()
    login(client, bob)
    assert client.get(reverse("region:overview", args=[group.region.slug])).status_code == 404


def test_another_regions_data_is_not_shown(client, group, aoki, carol, sharing, django_user_model):
    far = Region.objects.create(name="遠い地域", slug="far")
    far_group = Group.objects.create(region=far, name="遠方ネット", slug="far-net")
    set_sharing(actor=None, group=far_group, shares=True)
    for customer in ("甲社", "乙社", "丙社"):
        ask(far_group, customer, process_text="旋盤")
    build_region(far, full=True)
    build_region(group.region, full=True)
    assert not DemandCell.objects.filter(region=group.region).exists()
    login(client, carol)
    assert client.get(reverse("region:overview", args=["far"])).status_code == 404
    page = client.get(reverse("region:overview", args=[group.region.slug])).content.decode()
    assert "遠方ネット" not in page
    far_supporter = django_user_model.objects.create_user("far", password="correct-horse-42")
    grant_role(actor=None, user=far_supporter, group=far_group, role=PersonRole.SUPPORTER)
    client.logout()
    login(client, far_supporter)
    assert client.get(reverse("region:overview", args=["far"])).status_code == 200
    assert client.get(reverse("region:overview", args=[group.region.slug])).status_code == 404


def test_the_incremental_run_recomputes_only_the_changed_months(group, aoki, sharing):
    march = [ask(group, c, month=3, process_text="旋盤") for c in ("甲社", "乙社", "丙社")]
    for customer in ("丁社", "戊社", "己社"):
        ask(group, customer, month=5, process_text="旋盤")
    build_region(group.region, full=True)
    mark = RollupWatermark.objects.get(region=group.region)
    assert mark.last_months == [f"{YEAR}-03", f"{YEAR}-05"]
    build_region(group.region)
    assert RollupWatermark.objects.get(region=group.region).last_months == []
    change_status(march[0], InquiryStatus.DECLINED)
    build_region(group.region)
    mark = RollupWatermark.objects.get(region=group.region)
    assert mark.last_months == [f"{YEAR}-03"]
    march_total = DemandCell.objects.get(
        region=group.region, period_kind="month", period=dt.date(YEAR, 3, 1), dimension="all",
        process="",
    )  # fmt: skip
    assert march_total.declined == 1


def test_bad_filters_get_a_polite_japanese_message(client, group, carol, sharing):
    build_region(group.region, full=True)
    login(client, carol)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    url = reverse("region:overview", args=[group.region.slug])
    response = client.get(url, {"year": "二〇二六'; --", "process": "<script>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "表示できる年ではありません" in page and "加工" in page
    assert "<script>" not in page
    download = reverse("region:download", args=[group.region.slug, "demand", "csv"])
    assert client.get(download, {"year": "abc"}).status_code == 400


def test_anonymous_and_other_people_get_nothing(client, group, dave, sharing):
    url = reverse("region:overview", args=[group.region.slug])
    assert client.get(url).status_code == 302
    login(client, dave)
    # dave coordinates a sharing group of the region: he may see the region's figures.
    assert client.get(url).status_code == 200


def test_the_page_lists_the_most_frequent_unmet_reasons_and_the_csv_all(
    client, group, sharing, operator
):
    """A region's year has a couple of thousand combinations of reasons: the page shows the
    first ``UNMET_SHOWN`` by their rank and says where the rest are; the CSV has every one."""
    from renkei.region.queries import UNMET_SHOWN

    build_region(group.region, full=True)
    shown = UNMET_SHOWN + 7
    UnmetCell.objects.bulk_create(
        UnmetCell(
            region=group.region,
            period=dt.date(YEAR, 1, 1),
            process="",
            code="certificate",
            key=f"cert-{n}",
            label_ja=f"認証{n:03d}",
            label_en=f"cert {n}",
            inquiries=100 - n,
            customers=5,
            position=n,
        )
        for n in range(shown)
    )
    staff_client(client, operator)
    page = client.get(reverse("region:overview", args=[group.region.slug]), {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200
    assert "認証000" in html and f"認証{UNMET_SHOWN - 1:03d}" in html
    assert f"認証{UNMET_SHOWN:03d}" not in html
    assert "ほかに 7 件の理由がオープンデータにあります。" in html
    url = reverse("region:download", args=[group.region.slug, "unmet", "csv"])
    rows = list(
        csv.DictReader(io.StringIO(client.get(url, {"year": YEAR}).content.decode("utf-8-sig")))
    )
    assert len([r for r in rows if r["key"].startswith("cert-")]) == shown
