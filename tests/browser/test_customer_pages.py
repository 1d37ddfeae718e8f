"""What customers and members read, in Debian's chromium: the window refuses a 法人番号 that
cannot exist and keeps everything typed; the tracking page speaks the customer's words, hides
the group's fee and confirms an order before placing it; a member reads every part detail."""

import uuid

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import CUSTOMER, compose_test_quote
from renkei.inquiries import referrals, replies
from renkei.inquiries.models import Order, Referral
from renkei.inquiries.services import submit_inquiry
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def quoted_inquiry(group, alice, aoki, lines=None):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER,
        lines=lines or [{"part_name": "シャフト", "drawing_number": "S-1", "quantity": 4}],
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    quote = compose_test_quote(alice, inquiry, [("シャフト S-1", 4, 12000)], lead_days=9)
    replies.send_quote(actor=alice, quote=quote)
    return inquiry, quote


def test_the_window_refuses_corporate_number_12345_and_keeps_what_was_typed(page, group):
    page.goto("/g/miyako/inquiry/")
    expect(page.locator("label[for=id_customer_company]")).to_contain_text("必須")
    page.fill("#id_customer_company", "株式会社ロケット工房")
    page.fill("#id_customer_corporate_number", "12345")
    page.fill("#id_contact_name", "宇宙 太郎")
    page.fill("#id_email", "taro@rocket.example")
    page.fill("#id_title", "シャフト試作")
    page.fill("#id_description", "図面の通り")
    page.fill("#id_lines-0-part_name", "シャフト")
    page.fill("#id_lines-0-revision", "B")
    page.click("#inquiry-form button[type=submit]:not([name])")
    expect(page.locator("main")).to_contain_text("法人番号は13桁です。入力された番号は5桁です。")
    expect(page.locator("#id_customer_corporate_number")).to_have_value("12345")
    expect(page.locator("#id_customer_company")).to_have_value("株式会社ロケット工房")
    expect(page.locator("#id_description")).to_have_value("図面の通り")
    expect(page.locator("#id_lines-0-revision")).to_have_value("B")


def test_the_tracking_page_speaks_the_customers_words_and_hides_the_fee(page, group, alice, aoki):
    inquiry, quote = quoted_inquiry(group, alice, aoki)
    page.goto(inquiry.get_tracking_url())
    expect(page.locator("#status")).to_have_text("お見積りをお送りしました")
    table = page.locator(".quote-table")
    expect(table.locator("thead")).to_contain_text("品名")
    expect(table.locator("thead")).to_contain_text("単価")
    expect(table).not_to_contain_text("手数料")
    expect(page.locator("#quote-total")).to_have_text(f"¥{quote.total:,}")
    expect(table).to_contain_text("¥13,200")  # 12,000 with the fee folded in


def test_accept_and_order_asks_for_confirmation_first(page, group, alice, aoki):
    inquiry, quote = quoted_inquiry(group, alice, aoki)
    page.goto(inquiry.get_tracking_url())
    page.click("#accept")
    expect(page.locator("h1")).to_have_text("ご注文内容の確認")
    expect(page.locator("#confirm-total")).to_have_text(f"¥{quote.total:,}")
    expect(page.locator("#confirm-delivery")).to_have_text(
        quote.delivery_if_ordered_today.isoformat()
    )
    expect(page.locator("#order-summary")).to_contain_text("シャフト S-1")
    assert not Order.objects.exists()
    page.click("#back")
    expect(page.locator("#accept")).to_be_visible()
    page.click("#accept")
    page.click("#place-order")
    expect(page.locator("#decision")).to_be_visible()
    expect(page.locator("#status")).to_have_text("ご注文を承りました")
    expect(page.locator("#event-order")).to_contain_text("ご注文いただきました")
    expect(page.locator(".message.mine")).to_have_count(0)
    assert Order.objects.get().total_yen == quote.total


def test_a_member_reads_revision_surface_treatment_and_certifications(
    page, group, alice, bob, aoki
):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER,
        lines=[
            {
                "part_name": "ブラケット",
                "drawing_number": "A-100",
                "revision": "C",
                "quantity": 5,
                "surface_treatment": "白アルマイト",
                "certifications": ["JIS Q 9100"],
            }
        ],
    )
    referrals.refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    log_in(page, "bob")
    page.goto(f"/g/miyako/work/inquiries/{Referral.objects.get().pk}/")
    expect(page.locator(".part-revision")).to_have_text("C")
    expect(page.locator(".part-surface")).to_have_text("白アルマイト")
    expect(page.locator(".part-certifications")).to_contain_text("JIS Q 9100")
    expect(page.locator("main")).not_to_contain_text("taro@rocket.example")
