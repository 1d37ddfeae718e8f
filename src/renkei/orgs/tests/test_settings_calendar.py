"""The group's business calendar is filled in with checkboxes, a number of hours and rows of
date inputs — never typed as JSON or digit strings."""

import re

import pytest
from django.utils import timezone, translation

from renkei.conftest_helpers import login
from renkei.orgs.models import Group

pytestmark = pytest.mark.django_db

URL = "/g/miyako/manage/settings/"


@pytest.fixture
def ja(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    with translation.override("ja"):
        yield client


def form_data(client) -> dict[str, object]:
    """What the browser would post back unchanged: every field as the page fills it."""
    response = client.get(URL)
    form = response.context["form"]
    data: dict[str, object] = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[field.html_name] = value
    return data


def test_weekdays_are_checkboxes_monday_to_sunday(ja, group, alice):
    login(ja, alice)

    html = ja.get(URL).content.decode()

    for day, name in zip("1234567", "月火水木金土日", strict=True):
        assert re.search(
            rf'type="checkbox" name="business_weekdays" value="{day}"[^>]*>\s*{name}\s*</label>',
            html,
        )
    assert html.count('name="business_weekdays" value="1"') == 1
    assert "12345" not in html


def test_the_promise_shows_as_hours_not_a_decimal(ja, group, alice):
    login(ja, alice)

    html = ja.get(URL).content.decode()

    assert 'name="reply_promise_hours" value="2"' in html and "2.00" not in html


def test_closures_are_date_rows_not_json(ja, group, alice):
    Group.objects.filter(pk=group.pk).update(
        closures=[{"name": "年末年始", "start": "12-29", "end": "01-03"}]
    )
    login(ja, alice)

    html = ja.get(URL).content.decode()

    year = timezone.localdate().year
    assert f'value="{year}-12-29"' in html and f'value="{year + 1}-01-03"' in html
    assert html.count('type="date" name="closure_start_') == 4  # the saved one and 3 empty
    assert '"start"' not in html and "[{" not in html


def test_ticking_days_and_adding_and_removing_closures_saves_them(ja, group, alice):
    Group.objects.filter(pk=group.pk).update(
        closures=[{"name": "年末年始", "start": "12-29", "end": "01-03"}]
    )
    login(ja, alice)
    data = form_data(ja)
    data["business_weekdays"] = ["1", "2", "3", "4", "5", "6"]
    data["reply_promise_hours"] = "1.5"
    data["closure_remove_0"] = "on"
    data["closure_name_1"] = "お盆"
    data["closure_start_1"] = "2026-08-13"
    data["closure_end_1"] = "2026-08-16"

    response = ja.post(URL, data)

    assert response.status_code == 302, response.content.decode()
    group.refresh_from_db()
    assert group.business_weekdays == "123456"
    assert str(group.reply_promise_hours) == "1.50"
    assert group.closures == [{"name": "お盆", "start": "08-13", "end": "08-16"}]


def test_saving_unchanged_keeps_the_calendar(ja, group, alice):
    Group.objects.filter(pk=group.pk).update(
        closures=[{"name": "年末年始", "start": "12-29", "end": "01-03"}], business_weekdays="12346"
    )
    login(ja, alice)

    response = ja.post(URL, form_data(ja))

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.closures == [{"name": "年末年始", "start": "12-29", "end": "01-03"}]
    assert group.business_weekdays == "12346"


def test_no_weekday_or_a_half_filled_closure_is_refused_politely(ja, group, alice):
    login(ja, alice)
    data = form_data(ja)
    data.pop("business_weekdays")
    data["closure_start_0"] = "2026-08-13"

    response = ja.post(URL, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "営業日を1日以上選んでください。" in html
    assert "休業の名前を入れてください" in html and "休業の最終日を選んでください。" in html
    group.refresh_from_db()
    assert group.business_weekdays == "12345" and group.closures == []
