"""The header per role: each person sees the sections their roles open and no others, the
person menu holds the account's pages, the badges agree with 「今日」, and on a phone the header
is one line above a bar of sections at the bottom that hides nothing."""

import datetime as dt
import os
import re
import tempfile
import uuid

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.conftest_helpers import CUSTOMER
from renkei.inquiries.models import Inquiry
from renkei.inquiries.notices import notify_customer_message
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import submit_inquiry
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

# Screenshots to look at, outside the repository.
SHOTS = os.environ.get("RENKEI_SCREENSHOTS", tempfile.gettempdir())
MAIN = "header.topbar nav a"
MENU = "#person-menu .menu"


def _inquiry(group, title, days_ago=0):
    made, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header={**CUSTOMER, "title": title}, lines=[]
    )
    if days_ago:
        back = timezone.now() - dt.timedelta(days=days_ago)
        Inquiry.objects.filter(pk=made.pk).update(received_at=back, reply_due_at=back)
    return made


def _waiting(group, alice, aoki):
    """A late reply, a fresh inquiry with a customer's message, both referred to aoki."""
    late = _inquiry(group, "遅れているシャフトの試作", days_ago=10)
    fresh = _inquiry(group, "アルミブラケットの試作")
    notify_customer_message(fresh, "納期を早められますか?")
    refer(actor=alice, inquiry=late, companies=[aoki], reasons={})
    refer(actor=alice, inquiry=fresh, companies=[aoki], reasons={})


def _main_links(page):
    """The visible main links' names, without their badges."""
    return [t.strip() for t in page.locator(MAIN).evaluate_all(_NAMES)]


# Each shown link's own words (its label, not its badge); hidden ones are left out.
_NAMES = """links => links.filter(a => a.getClientRects().length > 0)
    .map(a => (a.querySelector('.label') || a).textContent)"""


def _menu_links(page):
    page.locator("#person-menu summary").click()
    expect(page.locator(MENU)).to_be_visible()
    return [t.strip() for t in page.locator(f"{MENU} a, {MENU} button").evaluate_all(_NAMES)]


def test_the_coordinator_sees_every_section_and_keeps_the_account_in_the_menu(
    page, group, alice, aoki
):
    _waiting(group, alice, aoki)
    log_in(page, "alice")

    assert _main_links(page) == [
        "今日",
        "引き合い",
        "プロジェクト",
        "ナレッジ",
        "コックピット",
        "お知らせ",
    ]
    expect(page.locator(MENU)).to_be_hidden()
    expect(page.get_by_role("link", name="API トークン")).to_be_hidden()
    page.screenshot(path=f"{SHOTS}/nav-coordinator-desktop.png")
    menu = _menu_links(page)
    assert menu == [
        "請求・支払", "実績評価", "是正処置", "API トークン", "二段階認証", "English", "ログアウト",
    ]  # fmt: skip
    page.screenshot(path=f"{SHOTS}/nav-coordinator-menu.png")
    page.mouse.click(640, 500)  # elsewhere: the menu closes (nav.js)
    expect(page.locator(MENU)).to_be_hidden()
    page.locator("#person-menu summary").click()
    page.keyboard.press("Escape")
    expect(page.locator(MENU)).to_be_hidden()

    page.locator("#nav-inquiries").click()
    expect(page).to_have_url(re.compile(r"/g/miyako/manage/inquiries/$"))
    expect(page.locator("#nav-inquiries")).to_have_attribute("aria-current", "page")


def test_the_badges_agree_with_today(page, group, alice, bob, aoki):
    _waiting(group, alice, aoki)

    log_in(page, "alice")
    desk = page.locator("#coordinating-miyako")
    listed = 0
    for title in ("返信の期限", "お客さまからの新しいメッセージ", "まだ回答のない打診"):
        card = desk.locator(".today-card", has=page.locator("h3", has_text=title))
        listed += card.locator(".today-items li").count()
    assert listed == 5  # two replies due, one message, two referrals
    expect(page.locator("#nav-inquiries .count-badge")).to_have_text(str(listed))

    page.context.clear_cookies()
    log_in(page, "bob")
    answer = page.locator(
        "#working-miyako .today-card", has=page.locator("h3", has_text="回答待ち")
    )
    expect(answer.locator(".today-items li")).to_have_count(2)
    expect(page.locator("#nav-inquiries .count-badge")).to_have_text("2")
    unread = page.locator("#notices .today-items li").count()
    expect(page.locator("#nav-notices .count-badge")).to_have_text(str(unread))


def test_a_member_sees_its_inquiries_and_its_company(page, group, alice, bob, aoki):
    _waiting(group, alice, aoki)
    log_in(page, "bob")

    assert _main_links(page) == [
        "今日",
        "引き合い",
        "プロジェクト",
        "ナレッジ",
        "コックピット",
        "お知らせ",
    ]
    assert _menu_links(page) == [
        "請求・支払",
        "実績評価",
        "是正処置",
        "自社",
        "API トークン",
        "二段階認証",
        "English",
        "ログアウト",
    ]
    page.screenshot(path=f"{SHOTS}/nav-member-desktop.png")
    page.keyboard.press("Escape")
    page.locator("#nav-inquiries").click()
    expect(page.locator("h1")).to_be_visible()
    assert page.url.endswith("/g/miyako/work/inquiries/")


def test_a_supporter_sees_no_inquiries(page, group, carol):
    log_in(page, "carol")

    assert _main_links(page) == ["今日", "プロジェクト", "ナレッジ", "コックピット", "お知らせ"]
    assert "自社" not in _menu_links(page)


def test_anonymous_visitors_see_the_groups_knowledge_and_log_in(page, group):
    page.goto("/")

    assert _main_links(page) == ["地域とグループ", "ナレッジ", "お問い合わせ履歴", "ログイン"]
    expect(page.locator("#person-menu")).to_have_count(0)
    expect(page.get_by_role("button", name="English")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/nav-anonymous-desktop.png")


def _one_line_header(phone):
    box = phone.locator("header.topbar").bounding_box()
    assert box is not None and box["height"] <= 64, box


def _no_sideways_scroll(phone):
    # Against 390, not innerWidth: a mobile viewport widens its layout to fit what overflows.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, phone.url


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_on_a_phone_the_sections_sit_in_a_bar_at_the_bottom(phone, group, alice, bob, aoki, who):
    _waiting(group, alice, aoki)
    log_in(phone, who)

    bar = phone.locator("header.topbar nav")
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] == pytest.approx(844, abs=1)
    assert _main_links(phone) == ["今日", "引き合い", "プロジェクト", "ナレッジ", "お知らせ"]
    expect(phone.locator("#nav-inquiries .count-badge")).to_be_visible()
    expect(phone.locator("#nav-today")).to_have_attribute("aria-current", "page")
    for path in ("/today/", "/notices/", "/knowledge/", "/g/miyako/projects/"):
        phone.goto(path)
        _one_line_header(phone)
        _no_sideways_scroll(phone)
        # The page's end can be scrolled clear of the bar.
        phone.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        footer = phone.locator("footer.footer").bounding_box()
        top_of_bar = bar.bounding_box()
        assert footer and top_of_bar and footer["y"] + footer["height"] <= top_of_bar["y"] + 1
        phone.screenshot(path=f"{SHOTS}/nav-{who}-phone{path.replace('/', '-')}.png")

    phone.goto("/today/")
    menu = _menu_links(phone)
    assert menu[0] == "コックピット" and "API トークン" in menu
    panel = phone.locator(MENU).bounding_box()
    assert panel and panel["x"] >= 0 and panel["x"] + panel["width"] <= 390
    phone.screenshot(path=f"{SHOTS}/nav-{who}-phone-menu.png")
    phone.keyboard.press("Escape")
    phone.locator("#nav-knowledge").click()
    expect(phone.locator("#nav-knowledge")).to_have_attribute("aria-current", "page")


def test_on_a_phone_an_anonymous_header_is_one_line_too(phone, group):
    phone.goto("/")

    _one_line_header(phone)
    _no_sideways_scroll(phone)
    expect(phone.locator("#nav-login")).to_be_visible()
    expect(phone.locator("#footer-portal")).to_be_visible()  # the header has no room for it
    phone.screenshot(path=f"{SHOTS}/nav-anonymous-phone.png")


def test_a_won_inquiry_leads_to_its_project(page, group, alice):
    from renkei.projects.services import start_order_project
    from renkei.projects.tests.conftest import make_order

    order = make_order(group, alice, title="受注したブラケット")
    log_in(page, "alice")
    page.goto(f"/g/miyako/manage/inquiries/{order.inquiry_id}/")
    page.locator("#start-project").click()  # no project yet: start it from here
    expect(page.locator("h1")).to_contain_text("受注したブラケット")
    project_url = page.url

    page.goto(f"/g/miyako/manage/inquiries/{order.inquiry_id}/")
    expect(page.locator("#order")).to_contain_text("この引き合いは受注しました")
    page.screenshot(path=f"{SHOTS}/nav-won-inquiry.png")
    page.locator("#to-project").click()
    expect(page).to_have_url(project_url)
    assert start_order_project(actor=alice, order=order)[1] is False  # the same one project
