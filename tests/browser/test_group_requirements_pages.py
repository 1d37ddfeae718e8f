"""The coordinator sets the group's rule (JIS Q 9100 for aerospace, as NSCA asks of its
members) on a phone, and the ranking of an aerospace inquiry shows the rule a member fails."""

import datetime as dt
import os
import re
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.capabilities.models import CertificationStandard, GroupRequirement, Process
from renkei.capabilities.services import set_processes
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.services import create_company
from tests.browser.conftest import log_in
from tests.browser.japanese_text import english_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

# Set RENKEI_SCREENSHOTS to a directory to keep screenshots of the pages.
SCREENSHOTS = os.environ.get("RENKEI_SCREENSHOTS", "")


def _screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def test_the_coordinator_requires_jis_q_9100_for_aerospace_and_sees_it_fail(
    phone, page, group, alice, aoki
):
    shop = create_company(actor=None, group=group, name="無認証精機", kana="むにんしょう")
    set_processes(actor=None, company=shop, processes=Process.objects.filter(code="five_axis"))
    log_in(phone, "alice")
    phone.goto("/g/miyako/manage/requirements/")
    phone.select_option("select[name=standard]", label="JIS Q 9100 (AS/EN 9100)")
    phone.select_option("select[name=industry]", label="航空宇宙")
    phone.click("main button:has-text('追加する')")
    expect(phone.locator("#requirements")).to_contain_text(
        "航空宇宙の案件はJIS Q 9100が必要（グループの規定）"
    )
    assert GroupRequirement.objects.filter(group=group).count() == 1
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    # The standards' names are data (ISO 9001, HACCP …): proper names, as the crawl allows them.
    names = " ".join(f"{s.code} {s.name_ja}" for s in CertificationStandard.objects.all())
    assert not english_words(phone.inner_text("main"), set(re.findall(r"[A-Za-z][\w-]*", names)))
    _screenshot(phone, "requirements-390.png")

    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header={
            "customer_company": "株式会社ロケット工房",
            "contact_name": "宇宙 太郎",
            "email": "taro@rocket.example",
            "title": "ブラケット試作",
            "description": "図面の通り",
            "industry": "aerospace",
            "desired_delivery": timezone.localdate() + dt.timedelta(days=60),
        },
        lines=[{"part_name": "ブラケット", "process_text": "5軸"}],
    )
    log_in(page, "alice")
    page.goto("/g/miyako/manage/requirements/")
    _screenshot(page, "requirements-1280.png")
    page.goto(f"/g/miyako/manage/inquiries/{inquiry.pk}/")
    row = page.locator("tr", has_text="無認証精機")
    expect(row).to_contain_text("航空宇宙の案件はJIS Q 9100が必要（グループの規定） ✗")
    expect(page.locator("tr", has_text="株式会社青木精工")).to_contain_text("まで ✓")
    _screenshot(page, "ranking-group-rule-1280.png")
