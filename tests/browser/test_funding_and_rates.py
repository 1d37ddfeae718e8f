"""A development project's funding (an all-or-nothing crowdfunding, seed l.1969–1975) and the
cockpit's quote and win rates as ロダン21 counts them (l.489–491), at 1280 px and on a 390×844
phone: Japanese throughout, no horizontal scroll."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.cockpit.tests.test_rates import funnel
from renkei.projects import services
from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _project(alice, group):
    project = services.create_development_project(
        actor=alice, group=group, title="空飛ぶクルマ 1/1 モデル", goal="人が乗れる試作機"
    )
    today = timezone.localdate()
    for name, pledged, days in (
        ("ゼンモノ（バッテリー費用）", 2_600_000, -10),
        ("ゼンモノ（機体フレーム）", 900_000, -3),
        ("ゼンモノ（操縦装置）", 1_200_000, 20),
    ):
        services.add_funding(
            actor=alice, project=project, kind="crowdfunding", name=name, target_yen=1_800_000,
            pledged_yen=pledged, deadline=today + dt.timedelta(days=days),
            status="received" if pledged >= 1_800_000 else "open",
        )  # fmt: skip
    services.add_funding(
        actor=alice, project=project, kind="support_deposit", name="洛南信用金庫 応援預金",
        amount_yen=300_000, status="received",
    )  # fmt: skip
    return project


@pytest.mark.parametrize("device", ["page", "phone"])
def test_funding_and_rates_read_in_japanese_on_a_desktop_and_a_phone(request, device, alice, group):
    view = request.getfixturevalue(device)
    project = _project(alice, group)
    funnel(group, inquiries=1000, quoted=300, ordered=100)
    log_in(view, "alice")
    if device == "page":
        view.set_viewport_size({"width": 1280, "height": 900})

    view.goto(project.get_absolute_url() + "#funding")
    funding = view.locator("#funding")
    expect(funding).to_contain_text("入金済の合計: ¥2,900,000")
    expect(funding).to_contain_text("144.4 %")
    expect(funding).to_contain_text("不成立")
    funding.screenshot(path=str(SHOTS / f"renkei-funding-{device}.png"))
    assert view.evaluate("document.documentElement.scrollWidth") <= view.evaluate(
        "window.innerWidth"
    )

    view.goto(f"/g/{group.slug}/cockpit/kpis/")
    expect(view.locator("#kpi-quote_rate")).to_contain_text("30.0 %")
    expect(view.locator("#kpi-win_rate")).to_contain_text("33.3 %")
    expect(view.locator("#kpi-win_rate")).to_contain_text("受注した引き合い ÷ 見積を送った引き合い")
    view.locator("table.kpis").first.screenshot(path=str(SHOTS / f"renkei-rates-{device}.png"))
    assert view.evaluate("document.documentElement.scrollWidth") <= view.evaluate(
        "window.innerWidth"
    )
