"""The public window and its API take a bounded number of inquiries from one address, mail a
bounded number of acknowledgements to one recipient, and refuse what a script fills in
(issue 11, item 4)."""

import json
import re
import uuid
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from renkei.conftest_helpers import run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.forms import HONEYPOT
from renkei.inquiries.models import Drawing, Inquiry

from .conftest import STEP_BYTES, held_form_data, held_upload

WINDOW = "/g/miyako/inquiry/"
URL = "/api/v1/groups/miyako/inquiries"
API_DATA = {
    "company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "アルミブラケット",
    "description": "図面の通り",
}


def send_form(client, n: int, **extra):
    return client.post(
        WINDOW, held_form_data(title=f"試作 {n}", email=f"buyer{n}@rocket.example"), **extra
    )


def send_api(client, n: int, **extra):
    data = API_DATA | {"title": f"試作 {n}", "email": f"buyer{n}@rocket.example"}
    return client.post(URL, {"data": json.dumps(data)}, **extra)


@pytest.mark.django_db
def test_the_eleventh_form_in_an_hour_is_429_in_polite_japanese(client, group):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    assert [send_form(client, n).status_code for n in range(10)] == [302] * 10
    refused = send_form(client, 10)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    html = refused.content.decode()
    assert "しばらくお待ちください" in html and "今回の内容は届いていません" in html
    # The group's address for what cannot wait, and the way back to the form.
    assert group.contact_email in html and 'href="/g/miyako/inquiry/"' in html
    assert "Too many" not in html and "429" not in html.split("<main", 1)[-1]
    assert Inquiry.objects.count() == 10


@pytest.mark.django_db
def test_the_eleventh_api_request_is_429_json_and_another_address_is_not_affected(
    held_english, group
):
    assert [send_api(held_english, n).status_code for n in range(10)] == [201] * 10
    refused = send_api(held_english, 10)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert set(refused.json()) == {"detail", "errors"} and "try again" in refused.json()["detail"]
    other = send_api(held_english, 11, REMOTE_ADDR="198.51.100.23")
    assert other.status_code == 201
    # The window and the API share the one count per address.
    assert send_form(held_english, 12).status_code == 429
    assert send_form(held_english, 13, REMOTE_ADDR="198.51.100.23").status_code == 302


@pytest.mark.django_db
def test_the_limit_is_configurable(held_english, group, settings):
    settings.RENKEI_RATE_LIMITS = settings.RENKEI_RATE_LIMITS | {"inquiry_address": "2/h"}
    assert [send_form(held_english, n).status_code for n in range(3)] == [302, 302, 429]


@pytest.mark.django_db
def test_showing_the_form_errors_and_sending_it_twice_are_not_counted(
    held_english, group, settings
):
    settings.RENKEI_RATE_LIMITS = settings.RENKEI_RATE_LIMITS | {"inquiry_address": "1/h"}
    for _ in range(5):
        assert held_english.get(WINDOW).status_code == 200
        assert held_english.post(WINDOW, held_form_data(email="nope")).status_code == 400
    data = held_form_data()
    first = held_english.post(WINDOW, data)
    again = held_english.post(WINDOW, data)  # a double click
    assert (first.status_code, again.status_code) == (302, 302)
    assert first["Location"] == again["Location"]
    assert send_form(held_english, 2).status_code == 429


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_sixth_acknowledgement_to_one_address_is_not_sent_but_the_inquiry_is_kept(
    client, group, alice, smtp
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    for n in range(6):
        response = client.post(WINDOW, held_form_data(title=f"試作 {n}"))
        assert response.status_code == 302
    run_worker()
    to_customer = [m for m in smtp.messages if m[0] == ["taro@rocket.example"]]
    to_coordinator = [m for m in smtp.messages if m[0] == ["alice@example.com"]]
    assert len(to_customer) == 5
    assert len(to_coordinator) == 6
    assert Inquiry.objects.count() == 6
    last = Inquiry.objects.get(title="試作 5")
    assert last.acknowledgement_withheld and last.acknowledged_at is None
    assert last.coordinators_told_at is not None
    assert AuditEntry.objects.filter(
        action="inquiry.acknowledgement_withheld", object_id=str(last.pk)
    ).exists()
    # The customer still follows it on the tracking page, which says no mail is coming.
    page = client.get(last.get_tracking_url() + "?received=1")
    assert page.status_code == 200
    assert "no e-mail is sent this time" in page.content.decode()
    # Another recipient is not affected.
    client.post(WINDOW, held_form_data(email="hanako@rocket.example"), REMOTE_ADDR="198.51.100.5")
    run_worker()
    assert [m[0] for m in smtp.messages].count(["hanako@rocket.example"]) == 1


@pytest.mark.django_db
def test_a_filled_trap_field_is_refused_politely_and_nothing_is_saved(held_english, group):
    data = held_form_data(files=[held_upload("bracket.step", STEP_BYTES)])
    data[HONEYPOT] = "http://spam.example/"
    response = held_english.post(WINDOW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "could not be sent" in html
    assert "株式会社ロケット工房" in html  # a person who somehow filled it loses nothing typed
    assert not Inquiry.objects.exists() and not Drawing.objects.exists()
    assert AuditEntry.objects.filter(action="inquiry.refuse_automated", group=group).exists()


@pytest.mark.django_db
def test_the_trap_field_is_hidden_from_people(client, group):
    html = client.get(WINDOW).content.decode()
    field = re.search(r'<div class="renkei-hp" aria-hidden="true">.*?</div>', html, re.S)
    assert field, "the trap field sits in its hidden box"
    tag = re.search(rf'<input[^>]*name="{HONEYPOT}"[^>]*>', field.group(0)).group(0)
    assert 'tabindex="-1"' in tag and 'autocomplete="off"' in tag and "style=" not in tag
    css = Path(finders.find("renkei/renkei.css")).read_text(encoding="utf-8")
    assert ".renkei-hp" in css


@pytest.mark.django_db
def test_the_window_has_no_inline_script(client, group):
    html = client.get(WINDOW).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert 'src="/static/inquiries/window.js"' in html or "inquiries/window" in html
    assert finders.find("inquiries/window.js")
    assert uuid.UUID(re.search(r'name="submission_key" value="([^"]+)"', html).group(1))
