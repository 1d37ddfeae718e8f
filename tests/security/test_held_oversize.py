"""Oversize web forms: a POST body over DATA_UPLOAD_MAX_MEMORY_SIZE, or with more fields than
DATA_UPLOAD_MAX_NUMBER_FIELDS, to the window or the login gets a 400-class answer, never a 500,
and saves nothing. (The API's JSON answer to the same is checked with the API.)"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from renkei.conftest_helpers import PASSWORD

from .conftest import held_form_data

pytestmark = pytest.mark.django_db

WINDOW = "/g/miyako/inquiry/"


@pytest.fixture
def browser():
    """A client that answers a server error with its page, as a browser sees it, instead of
    raising it into the test: a 500 is then a status to assert against."""
    return Client(raise_request_exception=False)


def _urlencoded(fields: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(fields)


def _refused(response) -> None:
    assert 400 <= response.status_code < 500, response.status_code
    assert b"Traceback" not in response.content


def test_a_huge_description_to_the_window_is_refused(browser, group):
    from renkei.inquiries.models import Inquiry

    text = "あ" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 10)  # 3 bytes each in UTF-8
    body = _urlencoded(held_form_data(description=text))
    response = browser.post(WINDOW, body, content_type="application/x-www-form-urlencoded")
    _refused(response)
    assert not Inquiry.objects.exists()


def test_a_huge_multipart_field_to_the_window_is_refused(browser, group):
    from renkei.inquiries.models import Inquiry

    data = held_form_data(description="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    _refused(browser.post(WINDOW, data))
    assert not Inquiry.objects.exists()


def test_too_many_fields_to_the_window_are_refused(browser, group):
    from renkei.inquiries.models import Inquiry

    many = {f"x{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    body = _urlencoded(held_form_data(**many))
    _refused(browser.post(WINDOW, body, content_type="application/x-www-form-urlencoded"))
    _refused(browser.post(WINDOW, held_form_data(**many)))  # multipart too
    assert not Inquiry.objects.exists()


def test_a_huge_line_count_in_the_window_is_refused_without_building_the_lines(browser, group):
    """A claimed lines-TOTAL_FORMS of 100,000 must not make the server build, validate and
    render a form for each (up to Django's absolute_max of max_num + 1000): one such anonymous
    POST took about 13 s instead of 1 s."""
    from renkei.inquiries.forms import MAX_LINES
    from renkei.inquiries.models import Inquiry

    lines = {"lines-TOTAL_FORMS": "100000"}
    for n in range(300):
        lines[f"lines-{n}-part_name"] = f"部品{n}"
        lines[f"lines-{n}-quantity"] = "1"
    response = browser.post(WINDOW, held_form_data(**lines))
    _refused(response)
    assert not Inquiry.objects.exists()
    assert f'name="lines-{MAX_LINES + 1}-part_name"' not in response.content.decode()


def test_an_oversize_login_is_refused(browser, alice):
    url = reverse("login")
    huge = {"username": "alice", "password": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    _refused(browser.post(url, _urlencoded(huge), content_type="application/x-www-form-urlencoded"))
    many = {"username": "alice", "password": PASSWORD}
    many |= {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    _refused(browser.post(url, _urlencoded(many), content_type="application/x-www-form-urlencoded"))
    assert "_auth_user_id" not in browser.session


def test_a_long_password_is_an_ordinary_failed_login(browser, alice):
    """Under the body limit, a very long password is just wrong: no 500, no slow hash."""
    response = browser.post(reverse("login"), {"username": "alice", "password": "x" * 100_000})
    assert response.status_code in (200, 400, 403, 429)
    assert "_auth_user_id" not in browser.session


def test_a_coordinator_form_with_too_many_fields_is_refused(browser, group, alice):
    from renkei.conftest_helpers import login

    login(browser, alice)
    many = {"action": "create", "url": "https://93.184.215.14/x", "events": "inquiry.created"}
    many |= {f"f{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    url = reverse("webhooks:manage", args=["miyako"])
    _refused(browser.post(url, _urlencoded(many), content_type="application/x-www-form-urlencoded"))
    from renkei.webhooks.models import Endpoint

    assert not Endpoint.objects.exists()
