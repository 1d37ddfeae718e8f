"""The package page on a phone: the member sees the required 検査成績書 as missing, uploads it,
and 検査合格 is recorded; the page has no English words. Screenshots go to /tmp."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from renkei.conftest_helpers import pdf_bytes
from renkei.projects import claims, services
from renkei.projects.models import WorkPackage
from renkei.projects.tests.conftest import make_order
from renkei.quality.services import documents as quality
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # looked at by people, never kept in the repo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_upload_on_a_phone_then_inspected(page, phone, group, alice, bob, aoki, tmp_path):
    order = make_order(group, alice)
    project, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    quality.set_line_documents(
        actor=alice,
        line=order.inquiry.lines.get(),
        kinds=["inspection_report", "mill_certificate"],
        explicit=True,
    )
    package = WorkPackage.objects.filter(project=project).order_by("-position").first()
    package = claims.claim_package(actor=bob, package=package, company=aoki)
    quality.upload_document(
        actor=bob, package=package, kind="mill_certificate", name="ミルシート.pdf",
        data=pdf_bytes(), key="m",
    )  # fmt: skip

    log_in(phone, "bob")
    phone.goto(f"/g/miyako/packages/{package.pk}/")
    expect(phone.locator("#required-inspection_report")).to_contain_text("未提出")
    phone.screenshot(path=SHOTS / "quality-package-390.png", full_page=True)
    assert not findings(phone.locator("#quality-documents").inner_html(), {"pdf"})
    report = tmp_path / "検査成績書.pdf"
    report.write_bytes(pdf_bytes())
    phone.set_input_files("#quality-file", str(report))
    phone.click("#quality-upload-button")
    expect(phone.locator("#required-inspection_report")).to_contain_text("提出済み")
    phone.click("#tap-inspected")
    expect(phone.locator("#package-stage")).to_have_text("検査合格")

    log_in(page, "alice")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/g/miyako/packages/{package.pk}/")
    page.click("#quality-requirement summary")
    page.screenshot(path=SHOTS / "quality-package-1280.png", full_page=True)
    assert not findings(page.locator("#quality-documents").inner_html(), {"pdf"})
