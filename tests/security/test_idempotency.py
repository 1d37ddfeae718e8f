"""An Idempotency-Key is bound to its request: the same key with the same content answers what
the first request made; with other content it is refused and says nothing of the first inquiry
(issue 11, item 2). A replay stores nothing; a retry after a failed attempt attaches each
drawing once."""

import json
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from renkei.inquiries.models import Drawing, Inquiry
from renkei.inquiries.services import stage_drawing

from .conftest import STEP_BYTES, held_form_data, held_upload

URL = "/api/v1/groups/miyako/inquiries"
WINDOW = "/g/miyako/inquiry/"
KEY = "8d3f2c1e-rocket-order-2026-0042"
DATA = {
    "company": "株式会社ロケット工房",
    "contact_name": "宇宙 太郎",
    "email": "taro@rocket.example",
    "title": "アルミブラケット",
    "description": "図面の通り",
    "quantity": 5,
    "material": "A7075",
}


def step(name: str = "bracket.step", extra: bytes = b"") -> object:
    return held_upload(name, STEP_BYTES + extra)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def post(client, data=DATA, files=(), key=KEY, **extra):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        URL, {"data": json.dumps(data), "files": list(files)}, headers=headers, **extra
    )


@pytest.mark.django_db
def test_the_same_key_and_content_answers_the_first_answer_and_stores_nothing(held_english, group):
    first = post(held_english, files=[step()])
    assert first.status_code == 201, first.content
    files_before = stored_files()
    again = post(held_english, files=[step()])
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Inquiry.objects.count() == 1 and Drawing.objects.count() == 1
    assert stored_files() == files_before


@pytest.mark.django_db
def test_the_same_content_in_another_order_is_the_same_request(held_english, group):
    two = [step("a.step"), step("b.step", b"\n")]
    first = post(
        held_english, data=DATA | {"lines": [{"part_name": "軸", "quantity": 2}]}, files=two
    )
    assert first.status_code == 201
    reordered = {"lines": [{"quantity": 2, "part_name": "軸"}]} | DATA
    again = post(held_english, data=reordered, files=[step("b.step", b"\n"), step("a.step")])
    assert again.status_code == 200 and again.json() == first.json()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "files"),
    [
        (DATA | {"contact_name": "悪意 次郎", "email": "jiro@evil.example"}, []),
        (DATA, [held_upload("other.step", STEP_BYTES + b"\n")]),
        (DATA | {"submission_key": "ignored-because-the-header-wins"}, [step(), step("c.step")]),
    ],
)
def test_the_same_key_with_other_content_is_409_naming_nothing(held_english, group, data, files):
    first = post(held_english, files=[step()])
    inquiry = Inquiry.objects.get(pk=first.json()["id"])
    response = post(held_english, data=data, files=files)
    assert response.status_code == 409
    body = response.json()
    assert body == {
        "detail": "This Idempotency-Key was already used for a different request.",
        "errors": {},
    }
    text = response.content.decode()
    for secret in (inquiry.tracking_token, inquiry.reference, "宇宙", "ロケット", str(inquiry.pk)):
        assert secret not in text
    assert Inquiry.objects.count() == 1 and Drawing.objects.count() == 1


@pytest.mark.django_db
def test_the_409_is_in_japanese_for_a_japanese_client(client, group):
    post(client, HTTP_ACCEPT_LANGUAGE="ja")
    with translation.override("ja"):
        response = post(client, data=DATA | {"title": "別件"}, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 409
    assert "Idempotency-Key" in response.json()["detail"]
    assert "already used" not in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("headers", "data", "field"),
    [
        ({"Idempotency-Key": "order-42"}, DATA, "Idempotency-Key"),
        ({"Idempotency-Key": "注文番号二〇二六年〇〇四二番ですよ"}, DATA, "Idempotency-Key"),
        ({"Idempotency-Key": "order 2026 0042 with spaces"}, DATA, "Idempotency-Key"),
        ({"Idempotency-Key": "x" * 256}, DATA, "Idempotency-Key"),
        ({}, DATA | {"submission_key": "short"}, "submission_key"),
        ({}, DATA | {"submission_key": 12345678901234567890}, "submission_key"),
    ],
)
def test_short_or_unreadable_keys_are_400(held_english, group, headers, data, field):
    response = held_english.post(URL, {"data": json.dumps(data)}, headers=headers)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Inquiry.objects.exists()


@pytest.mark.django_db
def test_a_readable_key_of_16_characters_and_a_uuid_are_accepted(held_english, group):
    assert post(held_english, key="rocket-2026-0042").status_code == 201
    assert (
        post(held_english, key=str(uuid.uuid4()), data=DATA | {"title": "二件目"}).status_code
        == 201
    )


@pytest.mark.django_db
def test_keys_are_scoped_per_group(held_english, group, other_group):
    other_group.is_public = True
    other_group.save()
    first = post(held_english)
    other = held_english.post(
        "/api/v1/groups/hokko/inquiries",
        {"data": json.dumps(DATA | {"title": "別の依頼"})},
        headers={"Idempotency-Key": KEY},
    )
    assert (first.status_code, other.status_code) == (201, 201)
    assert other.json()["id"] != first.json()["id"]


@pytest.mark.django_db
def test_a_replay_with_other_content_stages_nothing(held_english, group):
    post(held_english, files=[step()])
    files_before, rows_before = stored_files(), Drawing.objects.count()
    for n in range(3):
        big = held_upload(f"other{n}.step", STEP_BYTES + b" " * (2 * 2**20) + bytes([n]))
        assert post(held_english, data=DATA | {"title": f"別件{n}"}, files=[big]).status_code == 409
    assert stored_files() == files_before and Drawing.objects.count() == rows_before


@pytest.mark.django_db
def test_a_retry_after_a_failed_attempt_attaches_each_drawing_once(held_english, group):
    # The failed attempt staged its drawing and died before the inquiry was saved.
    key = uuid.uuid4()
    stage_drawing(group=group, key=key, upload=step())
    response = post(held_english, key=str(key), files=[step()])
    assert response.status_code == 201
    inquiry = Inquiry.objects.get()
    assert inquiry.drawings.count() == 1
    assert Drawing.objects.count() == 1 and len(stored_files()) == 1


@pytest.mark.django_db
def test_the_schema_declares_the_key_and_the_data_object(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/groups/{slug}/inquiries"]["post"]
    (header,) = [p for p in operation["parameters"] if p["in"] == "header"]
    assert header["name"] == "Idempotency-Key" and header["schema"]["minLength"] == 16
    body = operation["requestBody"]["content"]["multipart/form-data"]
    assert body["encoding"]["data"]["contentType"] == "application/json"
    data = body["schema"]["properties"]["data"]
    assert data["type"] == "object"
    assert {"company", "email", "title", "description", "contact_name"} <= set(data["required"])
    assert data["properties"]["lines"]["items"]["type"] == "object"
    for status in ("200", "201", "400", "404", "409", "413", "429"):
        assert status in {str(s) for s in operation["responses"]}, status


# The web form: its key is a server-made uuid4 in a hidden field.


@pytest.mark.django_db
def test_the_form_sent_again_unchanged_goes_to_its_tracking_page(held_english, group):
    data = held_form_data(files=[step()])
    first = held_english.post(WINDOW, data)
    assert first.status_code == 302
    again = held_english.post(
        WINDOW, held_form_data(submission_key=data["submission_key"], files=[step()])
    )
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Drawing.objects.count() == 1


@pytest.mark.django_db
def test_the_form_sent_again_with_other_content_is_409_without_the_tracking_link(
    held_english, group
):
    data = held_form_data()
    held_english.post(WINDOW, data)
    inquiry = Inquiry.objects.get()
    changed = held_form_data(
        submission_key=data["submission_key"], title="別の部品の見積り", contact_name="悪意 次郎"
    )
    response = held_english.post(WINDOW, changed)
    assert response.status_code == 409
    html = response.content.decode()
    assert inquiry.tracking_token not in html and inquiry.reference not in html
    assert inquiry.get_tracking_url() not in html
    # A fresh form with what was typed, under a new key.
    assert "別の部品の見積り" in html and "悪意 次郎" in html
    assert data["submission_key"] not in html
    assert 'name="submission_key"' in html
    assert Inquiry.objects.count() == 1


@pytest.mark.django_db
def test_a_data_part_sent_as_a_json_file_is_read_and_a_missing_one_is_400(held_english, group):
    part = held_upload("data.json", json.dumps(DATA).encode(), "application/json")
    response = held_english.post(URL, {"data": part}, headers={"Idempotency-Key": KEY})
    assert response.status_code == 201, response.content
    missing = held_english.post(URL, {"files": [step()]})
    assert missing.status_code == 400 and "data" in missing.json()["errors"]
    assert Drawing.objects.count() == 0


@pytest.mark.django_db
def test_a_send_that_loses_the_race_to_another_content_is_409(held_english, group, monkeypatch):
    """The other send under the key is saved between the window's check for the key and its
    save (as a concurrent request would): the loser must still not be led to its page."""
    from renkei.core import throttle
    from renkei.inquiries import services

    victim = held_form_data(title="極秘ブラケット")
    real_check = throttle.check

    def check_while_another_send_lands(*args, **kwargs):
        header = {k: victim[k] for k in ("customer_company", "contact_name", "email")}
        header |= {"title": victim["title"], "description": victim["description"]}
        monkeypatch.setattr(throttle, "check", real_check)  # once: the save checks limits too
        services.submit_inquiry(
            group=group, key=uuid.UUID(victim["submission_key"]), header=header, lines=[]
        )
        return real_check(*args, **kwargs)

    monkeypatch.setattr(throttle, "check", check_while_another_send_lands)
    attacker = held_form_data(submission_key=victim["submission_key"], title="別件")
    response = held_english.post(WINDOW, attacker)
    inquiry = Inquiry.objects.get()
    assert inquiry.title == "極秘ブラケット"
    assert response.status_code == 409
    assert inquiry.tracking_token not in response.content.decode()
