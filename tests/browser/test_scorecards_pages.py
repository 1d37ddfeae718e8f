"""The member scorecard read by the member itself on a desk and by the coordinator on a phone:
the figures in Japanese, no English words, screenshots to look at."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.projects import claims, progress, services
from tests.browser.conftest import log_in
from tests.browser.japanese_text import findings

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _jobs(alice, bob, company, *, on_time, late):
    project = services.create_development_project(
        actor=alice, group=company.memberships.get().group, title="治具開発", goal="量産治具"
    )
    today = timezone.localdate()
    for n in range(on_time + late):
        due = today + dt.timedelta(days=1) if n < on_time else today - dt.timedelta(days=2)
        package = services.add_package(actor=alice, project=project, name="部品", due_on=due)
        claims.offer_package(actor=alice, package=package, company=company)
        claims.confirm_claim(actor=bob, package=package)
        progress.post_event(actor=alice, package=package, kind="shipped")


def test_the_scorecard_reads_well_on_a_desk_and_on_a_phone(
    page, phone, group, alice, bob, aoki, sakura
):
    _jobs(alice, bob, aoki, on_time=11, late=1)

    log_in(page, "bob")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/g/{group.slug}/quality/scorecards/{aoki.pk}/")
    card = page.locator("#scorecard")
    expect(card).to_contain_text("92%")
    expect(card).to_contain_text("12件中 11件が納期内")
    expect(card).to_contain_text("不適合 0件")
    assert findings(page.content(), {"bob"}) == []  # the login name in the top bar
    page.screenshot(path=str(SHOTS / "scorecard-1280.png"), full_page=True)

    log_in(phone, "alice")
    phone.goto(f"/g/{group.slug}/quality/scorecards/")
    expect(phone.locator(f"#scorecard-{aoki.pk}")).to_contain_text("92%")
    expect(phone.locator(f"#scorecard-{sakura.pk}")).to_contain_text("実績10件未満")
    assert findings(phone.content(), {"alice"}) == []
    phone.screenshot(path=str(SHOTS / "scorecards-390.png"), full_page=True)
    phone.goto(f"/g/{group.slug}/quality/scorecards/{aoki.pk}/")
    expect(phone.locator("#scorecard")).to_contain_text("92%")
    phone.screenshot(path=str(SHOTS / "scorecard-390.png"), full_page=True)
