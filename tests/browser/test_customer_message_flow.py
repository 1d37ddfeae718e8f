"""A customer writes on the private tracking page; the coordinator gets a notice and a mail over
SMTP, finds the inquiry marked on her board, follows the mail to the inquiry and reads the
message there; after that the board no longer marks it."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import CUSTOMER, run_worker
from renkei.inquiries.services import submit_inquiry
from renkei.notices.models import Notice, NoticeKind
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_a_customer_message_reaches_the_coordinator(page, browser, live_server, group, alice, smtp):
    inquiry, _ = submit_inquiry(group=group, key=uuid.uuid4(), header=CUSTOMER, lines=[])
    run_worker()  # the acknowledgement and the coordinator's "new inquiry" mail
    smtp.messages.clear()

    customer = browser.new_context(base_url=live_server.url, locale="ja-JP").new_page()
    customer.goto(inquiry.get_tracking_url())
    message_form = customer.locator("form[action$='/message']")
    message_form.locator("textarea[name=body]").fill("納期を 1 週間早められますか?")
    message_form.locator("button[type=submit]").click()
    expect(customer.locator(".messages")).to_contain_text("事務局")
    expect(customer.locator(".message.mine")).to_contain_text("納期を 1 週間早められますか?")
    customer.context.close()

    run_worker()
    [mail] = [re.sub(r"=\r?\n", "", raw) for to, raw in smtp.messages if to == [alice.email]]
    notice = Notice.objects.get(user=alice, kind=NoticeKind.CUSTOMER_MESSAGE)
    link = re.search(r"https?://\S+?(/notices/\d+/)", mail)
    assert link and link.group(1) == f"/notices/{notice.pk}/"

    log_in(page, "alice")
    expect(page.locator("#nav-notices .count-badge")).to_be_visible()
    page.goto(f"/g/{group.slug}/manage/inquiries/")
    row = page.locator("#inquiries tr", has_text=inquiry.reference)
    expect(row.locator(".unread-message")).to_be_visible()

    page.goto(link.group(1))  # the path the mail links to
    expect(page.locator("h1")).to_contain_text(inquiry.title)
    expect(page.locator("body")).to_contain_text("納期を 1 週間早められますか?")
    page.goto(f"/g/{group.slug}/manage/inquiries/")
    expect(page.locator("#inquiries tr", has_text=inquiry.reference)).to_be_visible()
    expect(row.locator(".unread-message")).to_have_count(0)
