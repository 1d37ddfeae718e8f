"""The coordinator completes the build-stage checklist with evidence and moves the group from
構築期 to 開発期 (seed l.1729–1772, 893–902); the city's supporter downloads the external-effects
report from a phone (seed l.1550–1562)."""

import io
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from renkei.cockpit.models import StageChange
from renkei.cockpit.services.kpi import record_effect
from renkei.cockpit.services.stage import mark_item
from renkei.orgs.models import Group
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def test_coordinator_moves_the_group_to_development_and_supporter_gets_the_report(
    page, phone, group, alice, carol, aoki
):
    Group.objects.filter(pk=group.pk).update(stage="building")
    group.stage = "building"
    for item in ("a1", "a2", "a3"):
        mark_item(actor=alice, group=group, item=item, done=True)
    record_effect(actor=alice, group=group, kind="hires", occurred_on=timezone.localdate(), count=4)

    log_in(page, "alice")
    page.goto("/g/miyako/cockpit/stage/")
    expect(page.locator("#current-stage")).to_contain_text("構築期")
    for number, item in enumerate(("a4", "a5", "a6", "b1", "b2", "b3", "b4"), start=1):
        row = page.locator(f"#item-{item}")
        row.locator("input[name=done]").check()
        row.locator("input[name=evidence_url]").fill(f"https://example.org/minutes/{number}")
        row.locator("button[type=submit]").click()
        expect(page.locator(f"#item-{item} input[name=done]")).to_be_checked()
    expect(page.locator("#suggested-stage")).to_contain_text("開発期")
    expect(page.locator("#missing")).to_contain_text("⑤ 最初の開発に必要な資金の目処を付ける。")

    page.select_option("#move select[name=to_stage]", "development")
    page.fill("#move input[name=reason]", "開発計画を公表し、賛同者が集まった")
    page.click("#move-stage")

    expect(page.locator("#current-stage")).to_contain_text("開発期")
    expect(page.locator("#history")).to_contain_text("開発計画を公表し")
    change = StageChange.objects.get(group=group)
    assert (change.from_stage, change.to_stage) == ("building", "development")

    log_in(phone, "carol")
    phone.goto("/g/miyako/cockpit/supporters/")
    expect(phone.locator("#effect-hires")).to_contain_text("4")
    with phone.expect_download() as download_info:
        phone.click("#effects-pdf")
    data = Path(download_info.value.path()).read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "外部効果報告書" in text and "開発期" in text
