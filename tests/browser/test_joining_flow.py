"""A company applies to join from the group's page, the coordinator screens and accepts it, the
new member's admin acknowledges the mission, vision and 会員規約 on a phone, and only then is it
passed its first inquiry (京都試作ネット asks new members to understand the vision, seed
l.5207–5209)."""

import os
import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.capabilities.models import CertificationStandard, Material, Process
from renkei.cockpit.choices import DocumentKind
from renkei.cockpit.services.levers import publish_document
from renkei.conftest_helpers import CUSTOMER, PASSWORD
from renkei.inquiries.models import Referral
from renkei.inquiries.services import submit_inquiry
from renkei.joining.models import Application
from renkei.lib.houjin import make_corporate_number
from renkei.orgs.models import Company, Invitation
from renkei.orgs.services import accept_invitation
from tests.browser.conftest import log_in
from tests.browser.japanese_text import english_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]

SCREENSHOTS = os.environ.get("RENKEI_SCREENSHOTS", "")


def _screenshot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


def _japanese_only(page):
    """No English words but the taxonomy's own (TIG溶接, DLC, a material symbol, a standard) and
    login names: those are data, as the crawl of every page allows them."""
    names = [f"{s.code} {s.name_ja}" for s in CertificationStandard.objects.all()]
    names += [p.name_ja for p in Process.objects.all()]
    names += [f"{m.symbol} {m.family.name_ja}" for m in Material.objects.select_related("family")]
    names += ["alice", "ichiro"]
    allowed = set(re.findall(r"[A-Za-z][A-Za-z0-9_'.+-]*", " ".join(names)))
    found = english_words(page.inner_text("main"), allowed)
    assert not found, found


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"


def test_a_company_applies_is_accepted_acknowledges_and_then_gets_its_first_referral(
    page, phone, group, alice, aoki
):
    for kind, title, body in [
        (DocumentKind.MISSION, "ミッション", "試作の窓口として地域のものづくりをつなぐ。"),
        (DocumentKind.VISION, "ビジョン", "図面一枚から三日で形にする。"),
        (DocumentKind.RULES, "みやこ試作ネット会員規約", "第1条 会員は知り得た秘密を守る。"),
    ]:
        publish_document(actor=alice, group=group, kind=kind, title=title, body=body)

    # A company applies, without an account.
    phone.goto("/g/miyako/")
    phone.click("#apply-to-join")
    expect(phone.locator("h1")).to_contain_text("みやこ試作ネットへの入会申込")
    _no_sideways_scroll(phone)
    _japanese_only(phone)
    _screenshot(phone, "joining-apply-390.png")
    page.goto("/g/miyako/join/")
    page.fill("#id_company_name", "株式会社みなみ精密")
    page.fill("#id_kana", "みなみせいみつ")
    page.fill("#id_corporate_number", make_corporate_number("301234567890"))
    page.select_option("#id_prefecture", "京都府")
    page.fill("#id_address", "京都市南区上鳥羽1-2")
    page.fill("#id_contact_name", "南 一郎")
    page.fill("#id_email", "ichiro@minami.example")
    page.fill("#id_motivation", "試作の引き合いを共同で受けたい。")
    page.locator("#capabilities label", has_text="旋削").first.locator("input").check()
    page.get_by_role("checkbox", name="SUS304", exact=True).check()
    page.select_option("#id_cert1_standard", "ISO 9001")
    page.fill("#id_cert1_until", "2099-03-31")
    _screenshot(page, "joining-apply-1280.png")
    page.click("#send-application")  # without the agreement the browser does not send it
    expect(page.locator("#id_address")).to_have_value("京都市南区上鳥羽1-2")
    assert not Application.objects.exists()
    page.check("#id_agree")
    page.click("#send-application")
    expect(page.locator("#application-sent")).to_be_visible()
    application = Application.objects.get()

    # The coordinator screens and accepts it.
    log_in(page, "alice")
    page.goto("/g/miyako/manage/applications/")
    page.click("text=株式会社みなみ精密")
    for item in ("profile", "capabilities", "certificates", "references", "agreement"):
        page.click(f"#tick-{item}")
        expect(page.locator(f"#check-{item}")).to_contain_text("✓")
    _japanese_only(page)
    _screenshot(page, "joining-application-1280.png")
    page.click("#accept")
    expect(page.locator("#status")).to_contain_text("入会承認")
    company = Company.objects.get(name="株式会社みなみ精密")
    application.refresh_from_db()
    assert application.company == company

    # The contact person signs up through the invitation, as its member admin.
    accept_invitation(
        invitation=Invitation.objects.get(email="ichiro@minami.example"),
        user=None,
        username="ichiro",
        password=PASSWORD,
    )
    inquiry, _ = submit_inquiry(
        group=group,
        key=uuid.uuid4(),
        header=CUSTOMER,
        lines=[{"part_name": "シャフト", "quantity": 3, "process_text": "旋削"}],
    )

    # Before acknowledging: the board shows why, and passing it on gives it nothing.
    page.goto(f"/g/miyako/manage/inquiries/{inquiry.pk}/")
    row = page.locator("tr", has_text="株式会社みなみ精密")
    expect(row).to_contain_text("新規会員：ミッション、ビジョン、会員規約の確認がまだ")
    _screenshot(page, "joining-board-blocked-1280.png")

    # The new member's admin acknowledges the documents, on a phone.
    log_in(phone, "ichiro")
    phone.goto("/g/miyako/")
    phone.click("#my-documents")
    expect(phone.locator(f"#blocked-{company.pk}")).to_be_visible()
    _no_sideways_scroll(phone)
    _japanese_only(phone)
    _screenshot(phone, "joining-documents-390.png")
    for _n in range(3):
        phone.locator("main button:has-text('読んで確認しました')").first.click()
        phone.wait_for_load_state("networkidle")
    expect(phone.locator(f"#ready-{company.pk}")).to_be_visible()
    _screenshot(phone, "joining-documents-done-390.png")

    # Now the coordinator passes the inquiry to it: its first referral.
    page.goto(f"/g/miyako/manage/inquiries/{inquiry.pk}/")
    row = page.locator("tr", has_text="株式会社みなみ精密")
    expect(row).not_to_contain_text("新規会員")
    page.uncheck(f"input[name=company][value='{aoki.pk}']")
    page.check(f"input[name=company][value='{company.pk}']")
    page.click("#refer-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert Referral.objects.filter(inquiry=inquiry, company=company).exists()
    log_in(phone, "ichiro")
    phone.goto("/g/miyako/work/inquiries/")
    expect(phone.locator("main")).to_contain_text("シャフト")
    _screenshot(phone, "joining-first-referral-390.png")
