"""The region's figures: the platform operator filters them by process and year and downloads
the CSV; a supporter sees the same aggregates and nothing of a single job. At 1280 px and on a
390×844 phone."""

import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import submit_inquiry
from renkei.region.rollups import build_region
from renkei.region.services import set_sharing
from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository
YEAR = timezone.localdate().year

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _demand(group):
    customers = [
        "甲工業",
        "乙製作所",
        "丙電機",
        "丁精機",
        "戊技研",
        "己産業",
        "庚金属",
        "辛化成",
        "壬光学",
    ]
    for n, customer in enumerate(customers):
        for process in ("旋盤", "5軸"):
            header = {
                "customer_company": customer, "contact_name": "担当", "title": "秘密の試作品",
                "email": f"c{n}@customer.example", "description": "図面の通り",
                "delivery_place": ["京都府京都市", "大阪府堺市", "滋賀県大津市"][n % 3],
            }  # fmt: skip
            inquiry, _ = submit_inquiry(
                group=group, key=uuid.uuid4(), header=header,
                lines=[{"part_name": "部品", "process_text": process, "material": "A5052"}],
            )  # fmt: skip
            received = timezone.make_aware(dt.datetime(YEAR, 1 + n % 6, 5, 10))
            Inquiry.objects.filter(pk=inquiry.pk).update(received_at=received)


def test_operator_filters_and_downloads_and_a_supporter_sees_the_same(
    page, phone, group, other_group, aoki, carol, django_user_model
):
    set_sharing(actor=None, group=group, shares=True)
    _demand(group)
    build_region(group.region, full=True)
    operator = django_user_model.objects.create_user(
        "operator", password="correct-horse-42", is_staff=True
    )
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    log_in(page, "operator")
    if page.locator("input[name=code]").count():
        totp = TOTP(device.bin_key)
        totp.time = time.time()
        page.fill("input[name=code]", f"{totp.token():06d}")
        page.click("main button[type=submit]")
        page.wait_for_load_state("networkidle")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/regions/")
    page.click(f"#region-figures-{group.region.slug}")
    expect(page.locator("h1")).to_contain_text("需要と供給")
    page.select_option("select[name=process]", "turning")
    page.select_option("select[name=year]", str(YEAR))
    page.click("#region-filters button[type=submit]")
    expect(page.locator("#region-summary h2")).to_contain_text("旋削")
    expect(page.locator("#demand-prefecture")).to_contain_text("京都府")
    assert page.locator("#chart-region-trend").count() == 1
    page.screenshot(path=str(SHOTS / "region-operator-1280.png"), full_page=True)
    with page.expect_download() as info:
        page.click("#download-demand-csv")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("licence,year,process,dimension")
    assert "CC BY 4.0" in text and "turning" in text
    operator_rows = page.locator("#demand-prefecture tbody").inner_text()

    log_in(phone, "carol")
    phone.goto(f"/r/{group.region.slug}/?year={YEAR}&process=turning")
    expect(phone.locator("#demand-prefecture")).to_be_visible()
    supporter_rows = phone.locator("#demand-prefecture tbody").inner_text()
    assert supporter_rows.split() == operator_rows.split()
    body = phone.locator("main").inner_text()
    for secret in ("甲工業", "乙製作所", "秘密の試作品", "担当"):
        assert secret not in body
    assert "北光めっきネット" not in body  # the group that did not opt in
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.screenshot(path=str(SHOTS / "region-supporter-390.png"), full_page=True)
