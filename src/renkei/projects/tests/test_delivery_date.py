"""One delivery date: the day of the order plus the quote's lead time in business days on the
group's calendar, the same on the quote, its PDF, the order, the project, its packages and the
customer's tracking page; the customer's wish stays the coordinator's to compare."""

import datetime as dt
import io
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from renkei.conftest_helpers import login
from renkei.inquiries import replies
from renkei.inquiries.models.quote import DEFAULT_LEAD_DAYS
from renkei.inquiries.services import calendar_of, submit_inquiry
from renkei.lib.leadtime import add_business_days
from renkei.projects import services
from renkei.projects.tests.conftest import make_order

pytestmark = pytest.mark.django_db


def _pdf_text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_quoted_lead_time_counts_business_days_on_the_groups_calendar(group, alice):
    group.closures = [{"name": "年末年始", "start": "12-29", "end": "01-03"}]
    group.save()
    quote = make_order(group, alice).quote  # lead time 20

    # From Friday 2026-12-25: 12-28, the closure to 01-03, 成人の日 01-11 skipped → 01-29.
    assert quote.delivery_if_ordered_on(dt.date(2026, 12, 25)) == dt.date(2027, 1, 29)


def test_the_order_the_project_and_its_packages_keep_the_promised_date_not_the_wish(group, alice):
    wish = timezone.localdate() + dt.timedelta(days=60)  # later than the promise
    order = make_order(group, alice, delivery=wish)
    promised = add_business_days(calendar_of(group), timezone.localdate(), 20)

    project, _created = services.start_order_project(actor=alice, order=order)

    assert order.delivery_on == promised != wish
    assert project.delivery_on == promised
    machining, plating, inspection = project.packages.order_by("position")
    assert inspection.due_on == promised
    calendar = calendar_of(group)
    assert plating.due_on == add_business_days(calendar, promised, -3)
    assert machining.due_on == add_business_days(calendar, promised, -6)


def test_the_quote_pdf_and_the_tracking_page_say_the_same_date(client, group, alice):
    order = make_order(group, alice, delivery=timezone.localdate() + dt.timedelta(days=45))
    project, _created = services.start_order_project(actor=alice, order=order)
    inquiry = order.inquiry
    day = order.delivery_on

    page = client.get(inquiry.get_tracking_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    pdf = _pdf_text(client.get(reverse("inquiries:tracking_pdf", args=[inquiry.tracking_token, 1])))

    assert f'<strong class="quote-delivery">{day:%Y-%m-%d}</strong>' in page
    assert f'<strong id="progress-delivery">{day:%Y-%m-%d}</strong>' in page
    assert "20 営業日" in page
    assert f"納期: {day:%Y年%m月%d日}" in pdf and "20 営業日" in pdf
    assert inquiry.desired_delivery.strftime("%Y-%m-%d") not in page  # the wish is no promise
    assert project.delivery_on == day


def test_an_open_quote_promises_business_days_and_the_date_of_an_order_today(group, alice, client):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            "customer_company": "株式会社ロケット工房",
            "contact_name": "宇宙 太郎",
            "email": "taro@rocket.example",
            "title": "試作",
            "description": "A7075",
        },
        lines=[{"part_name": "ブラケット", "quantity": 5}],
    )
    quote = replies.compose_quote(
        actor=alice,
        inquiry=inquiry,
        lines=[("ブラケット", 5, 12000)],
        fee_percent=Decimal("10"),
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        lead_days=None,  # none given: the default promise, still in business days
    )
    replies.send_quote(actor=alice, quote=quote)

    pdf = _pdf_text(client.get(reverse("inquiries:tracking_pdf", args=[inquiry.tracking_token, 1])))
    page = client.get(inquiry.get_tracking_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    today = add_business_days(calendar_of(group), timezone.localdate(), DEFAULT_LEAD_DAYS)
    assert f"納期: ご注文から {DEFAULT_LEAD_DAYS} 営業日" in pdf
    assert f"本日ご注文の場合 {today:%Y年%m月%d日}" in pdf
    assert f"{DEFAULT_LEAD_DAYS} 営業日" in page and f"{today:%Y-%m-%d}" in page


def test_the_coordinator_sees_how_far_the_promise_is_after_the_wish(client, group, alice):
    wish = timezone.localdate() + dt.timedelta(days=7)  # sooner than 20 business days
    order = make_order(group, alice, delivery=wish)
    project, _created = services.start_order_project(actor=alice, order=order)
    login(client, alice)

    page = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()

    gap = (order.delivery_on - wish).days
    assert f"希望納期 {wish:%Y-%m-%d}" in page
    assert 'id="wish-gap"' in page and f"{gap}" in page
    assert f'<strong id="project-delivery">{order.delivery_on:%Y-%m-%d}</strong>' in page


def test_moving_the_projects_delivery_moves_the_customers_date(client, group, alice):
    order = make_order(group, alice)
    project, _created = services.start_order_project(actor=alice, order=order)
    later = order.delivery_on + dt.timedelta(days=5)
    login(client, alice)

    client.post(
        reverse("projects:edit", args=["miyako", project.pk]),
        {"title": project.title, "goal": "", "delivery_on": later.isoformat(), "status": "active"},
    )

    order.refresh_from_db()
    assert order.delivery_on == later
    page = client.get(order.inquiry.get_tracking_url()).content.decode()
    assert f'<strong class="quote-delivery">{later:%Y-%m-%d}</strong>' in page
