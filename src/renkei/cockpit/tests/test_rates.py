"""The quote and win rates as ロダン21 counts them (seed l.489–491): 1,000 inquiries a year, 300
quotes returned, 100 orders — a quote rate of 30 % and a win rate of 33.3 %, one decimal, half up."""

import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone, translation

from renkei.api.services import create_api_token
from renkei.cockpit import kpis
from renkei.cockpit.tests.conftest import make_inquiry
from renkei.conftest_helpers import login
from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry, Order, Quote
from renkei.lib.kpi import rate

pytestmark = pytest.mark.django_db


def funnel(group, *, inquiries, quoted, ordered, lost=0):
    """``inquiries`` received now; the first ``quoted`` got a sent quote, the first ``ordered``
    of those an order, and ``lost`` of the unquoted ones were closed as lost."""
    now = timezone.now()
    Inquiry.objects.bulk_create(
        Inquiry(
            group=group,
            number=10_000 + n,
            submission_key=uuid.uuid4(),
            customer_company="株式会社ロダン",
            contact_name="試作 太郎",
            email=f"c{n}@example.jp",
            title="試作",
            description="図面の通り",
            status=InquiryStatus.LOST if quoted <= n < quoted + lost else InquiryStatus.NEW,
        )
        for n in range(inquiries)
    )
    rows = list(Inquiry.objects.filter(group=group).order_by("number"))
    Quote.objects.bulk_create(
        Quote(inquiry=row, valid_until=dt.date(2030, 1, 1), sent_at=now) for row in rows[:quoted]
    )
    quotes = list(Quote.objects.filter(inquiry__group=group).order_by("inquiry__number"))
    Order.objects.bulk_create(
        Order(inquiry=quote.inquiry, quote=quote, total_yen=100_000) for quote in quotes[:ordered]
    )


def bearer(user):
    _token, secret = create_api_token(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_rodan21s_funnel_gives_30_and_33_3_percent_on_the_page_and_in_the_api(client, alice, group):
    funnel(group, inquiries=1000, quoted=300, ordered=100, lost=200)
    login(client, alice)

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        page = client.get(f"/g/{group.slug}/cockpit/kpis/").content.decode()
        body = json.loads(
            client.get(f"/api/v1/groups/{group.slug}/cockpit", **bearer(alice)).content
        )

    quote_row = page.split('id="kpi-quote_rate"')[1].split("</tr>")[0]
    win_row = page.split('id="kpi-win_rate"')[1].split("</tr>")[0]
    assert "見積率" in quote_row and "30.0 %" in quote_row
    assert "見積を送った引き合い ÷ 引き合い" in quote_row
    assert "受注率" in win_row and "33.3 %" in win_row
    assert "受注した引き合い ÷ 見積を送った引き合い" in win_row
    assert "小数第1位" in page  # the rounding rule is stated
    by_code = {k["code"]: k for k in body["kpis"]}
    assert by_code["quote_rate"]["value"] == 30.0
    assert by_code["win_rate"]["value"] == 33.3
    assert by_code["win_rate"]["label"] == "受注率"
    assert by_code["win_rate"]["definition"] == "受注した引き合い ÷ 見積を送った引き合い"


def test_the_win_rate_divides_by_quotes_sent_not_by_inquiries_decided(group):
    # 10 inquiries, 4 quoted, 1 ordered, 5 unquoted closed as lost: decided ones would say
    # 1 / 6 = 16.7 %; ロダン21's count says 1 / 4.
    funnel(group, inquiries=10, quoted=4, ordered=1, lost=5)

    values = {r.code: r.value for r in kpis.readings(group)}

    assert values["quote_rate"] == 40.0
    assert values["win_rate"] == 25.0


def test_no_quote_sent_is_no_win_rate_and_a_draft_quote_does_not_count(group):
    inquiry = make_inquiry(group)
    Quote.objects.create(inquiry=inquiry, valid_until=dt.date(2030, 1, 1))  # not sent

    values = {r.code: r.value for r in kpis.readings(group)}

    assert values["quote_rate"] == 0.0
    assert values["win_rate"] is None  # nothing to divide by is not 0 %


def test_rates_round_half_up_to_one_decimal():
    assert rate(100, 300) == 33.3
    assert rate(200, 300) == 66.7
    assert rate(1, 16) == 6.3  # 6.25: half up, where float rounding gives 6.2
    assert rate(1, 8) == 12.5
    assert rate(0, 5) == 0.0
    assert rate(3, 0) is None


def test_the_english_page_names_the_rates_and_their_definitions(client, alice, group):
    funnel(group, inquiries=10, quoted=3, ordered=1)
    login(client, alice)

    page = client.get(f"/g/{group.slug}/cockpit/kpis/").content.decode()

    assert "inquiries quoted ÷ inquiries" in page
    assert "inquiries ordered ÷ inquiries quoted" in page
    assert "33.3 %" in page and "30.0 %" in page
