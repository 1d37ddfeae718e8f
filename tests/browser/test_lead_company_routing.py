"""In "the lead company chooses" mode the 幹事企業's admin passes an inquiry of its field on —
on a wide screen and on a phone — and the member it chose sees it among its inquiries."""

import tempfile
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.capabilities.models import ProcessCategory
from renkei.conftest_helpers import CUSTOMER
from renkei.inquiries.models import LeadCompany, Referral
from renkei.inquiries.services import submit_inquiry
from renkei.orgs.choices import JobDecision
from renkei.orgs.models import Group
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _plating_inquiry(group, title):
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER | {"title": title},
        lines=[{"part_name": "カバー", "quantity": 20, "material": "SPCC",
                "process_text": "電気めっき"}],
    )  # fmt: skip
    return inquiry


def _lead_mode(group, sakura):
    Group.objects.filter(pk=group.pk).update(job_decision=JobDecision.LEAD_COMPANY)
    LeadCompany.objects.create(
        group=group, category=ProcessCategory.objects.get(code="surface_treatment"), company=sakura
    )


def test_the_lead_companys_admin_passes_an_inquiry_on_and_the_member_sees_it(
    page, phone, group, aoki, sakura, hana, bob
):
    _lead_mode(group, sakura)
    inquiry = _plating_inquiry(group, "カバーのめっき試作")

    log_in(page, "hana")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/g/miyako/work/inquiries/")
    page.click("#deciding-links a")
    expect(page.locator("#lead-inquiries")).to_contain_text(inquiry.reference)
    page.click(f"text={inquiry.reference}")
    expect(page.locator("h1")).to_contain_text(inquiry.reference)
    page.screenshot(path=str(SHOTS / "lead_inquiry_wide.png"), full_page=True)
    assert CUSTOMER["email"] not in page.content()  # the customer's contact stays the window's
    assert not findings(page.content(), {"hana", "SPCC"}), findings(page.content(), {"SPCC"})
    page.check(f"#refer-form input[name=company][value='{aoki.pk}']")
    page.click("#refer")
    expect(page.locator("#referrals")).to_contain_text("株式会社青木精工")
    assert Referral.objects.filter(inquiry=inquiry, company=aoki).exists()

    log_in(page, "bob")
    page.goto("/g/miyako/work/inquiries/")
    expect(page.locator("main")).to_contain_text(inquiry.reference)

    # On a phone: the next inquiry, passed to the lead company itself.
    second = _plating_inquiry(group, "ブラケットのめっき")
    log_in(phone, "hana")
    phone.goto(f"/g/miyako/work/lead/{second.pk}/")
    phone.check(f"#refer-form input[name=company][value='{sakura.pk}']")
    phone.screenshot(path=str(SHOTS / "lead_inquiry_phone.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width  # nothing scrolls sideways on a phone
    phone.click("#refer")
    expect(phone.locator("#referrals")).to_contain_text("さくら鍍金工業")
    expect(phone.locator("#compose-quote")).to_be_visible()


def test_a_plain_members_admin_is_refused_the_lead_desk(page, group, aoki, sakura, bob):
    _lead_mode(group, sakura)
    inquiry = _plating_inquiry(group, "カバーのめっき試作")
    log_in(page, "bob")
    response = page.goto(f"/g/miyako/work/lead/{inquiry.pk}/")
    assert response is not None and response.status == 403
    page.goto("/g/miyako/work/inquiries/")
    expect(page.locator("#deciding-links")).to_have_count(0)
