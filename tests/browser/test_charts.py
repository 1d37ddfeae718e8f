"""The KPI charts, the supporters' dashboard and a project's timeline, seen at 1280 px and on a
390×844 phone: the charts have their axes, target and values, fit the screen without a
horizontal scroll, and break no rule of the Content-Security-Policy."""

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from renkei.cockpit.services.kpi import record_effect, set_target
from renkei.cockpit.tests.conftest import make_inquiry
from renkei.inquiries.models import Inquiry
from renkei.projects import services
from renkei.projects.tests.conftest import make_order
from tests.browser.conftest import log_in

SHOTS = Path(tempfile.gettempdir())  # screenshots to look at, never in the repository

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases="__all__", transaction=True)]


def _history(group, alice):
    """Inquiries over the last six months (three to eight a month) and a target of five."""
    now = timezone.now()
    for months_ago, count in enumerate((6, 4, 8, 3, 5, 7)):
        for _ in range(count):
            inquiry = make_inquiry(group, replied_after_hours=1)
            received = now - dt.timedelta(days=31 * months_ago)
            Inquiry.objects.filter(pk=inquiry.pk).update(
                received_at=received,
                reply_due_at=received + dt.timedelta(hours=2),
                first_reply_at=received + dt.timedelta(hours=1),
            )
    set_target(actor=alice, group=group, kpi="inquiries", target=5, tolerance=1)
    set_target(actor=alice, group=group, kpi="reply_rate", target=90, tolerance=5)
    for kind, count in (("visitors", 320), ("media", 3), ("hires", 2), ("events", 4)):
        record_effect(
            actor=alice, group=group, kind=kind, occurred_on=timezone.localdate(), count=count
        )


def _csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def _no_horizontal_scroll(page) -> None:
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_kpi_charts_read_at_desktop_and_phone_widths(page, phone, group, alice, carol):
    _history(group, alice)
    for viewer, size in ((page, "1280"), (phone, "390")):
        errors = _csp_errors(viewer)
        log_in(viewer, "alice")
        viewer.goto("/g/miyako/cockpit/kpis/")
        chart = viewer.locator("#chart-inquiries")
        expect(chart).to_be_visible()
        expect(chart.locator("text.target-label")).to_have_text("目標 5件")
        expect(chart.locator("text.value-label")).to_contain_text("件")
        expect(chart.locator("text.unit")).to_have_text("（件）")
        expect(chart.locator("line.target")).to_have_count(1)
        box = chart.bounding_box()
        assert box and box["width"] <= viewer.evaluate("window.innerWidth")
        assert box["height"] > 120  # scaled with its viewBox, not squashed
        _no_horizontal_scroll(viewer)
        viewer.locator("#trends").screenshot(path=SHOTS / f"renkei-kpi-charts-{size}.png")
        assert errors == []

    log_in(phone, "carol")
    phone.goto("/g/miyako/cockpit/supporters/")
    effects = phone.locator("#chart-effects")
    expect(effects.locator("text.bar-label").first).to_have_text("人材育成")
    expect(effects.locator("text.value-label", has_text="320人")).to_have_count(1)
    expect(phone.locator("#chart-sales")).to_be_visible()
    _no_horizontal_scroll(phone)
    phone.screenshot(path=SHOTS / "renkei-supporters-390.png", full_page=True)


def test_the_timeline_shows_dates_and_today_on_a_phone(page, phone, group, alice):
    order = make_order(group, alice, title="アルミブラケット試作")
    project, _created = services.start_order_project(actor=alice, order=order)
    services.publish_packages(actor=alice, project=project)
    first = project.packages.order_by("position").first()

    for viewer, size in ((page, "1280"), (phone, "390")):
        errors = _csp_errors(viewer)
        log_in(viewer, "alice")
        viewer.goto(project.get_absolute_url())
        expect(viewer.locator("#gantt-scale text.today-label")).to_have_text("今日")
        ticks = viewer.locator("#gantt-scale text.tick").all_text_contents()
        assert ticks and all(re.fullmatch(r"\d{1,2}/\d{1,2}", tick) for tick in ticks)
        dates = viewer.locator(f"#gantt-{first.pk} .gantt-dates")
        expect(dates).to_contain_text(f"→ {first.due_on.month}/{first.due_on.day}")
        _no_horizontal_scroll(viewer)
        viewer.locator("#timeline").screenshot(path=SHOTS / f"renkei-gantt-{size}.png")
        assert errors == []
