"""Knowledge texts are bounded on every way in (web form, Markdown preview, API, service), with a
polite message, and the largest article allowed is saved and shown quickly."""

import json
import time
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from renkei.api.services import create_api_token
from renkei.conftest_helpers import login
from renkei.knowledge.models import Article
from renkei.knowledge.models.article import MAX_BODY
from renkei.knowledge.services import MAX_DECISIONS, Draft, create_article

pytestmark = pytest.mark.django_db

JA = {"Accept-Language": "ja"}


def _post_api(client, user, **fields):
    token = create_api_token(actor=user, name="t")[1]
    body = {"kind": "manual", "title": "長い手順書", **fields}
    return client.post(
        "/api/v1/groups/miyako/articles",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **JA},
    )


def test_the_api_refuses_a_body_over_the_limit_and_saves_nothing(client, group, bob):
    response = _post_api(client, bob, body="あ" * (MAX_BODY + 1))
    assert response.status_code == 422
    assert response.json()["errors"]["body"] == [f"{MAX_BODY}文字以内にしてください。"]
    assert not Article.objects.exists()


def test_the_api_refuses_minutes_text_over_the_limit(client, group, bob):
    response = _post_api(client, bob, kind="minutes", decisions="決" * (MAX_DECISIONS + 1))
    assert response.status_code == 422
    assert "decisions" in response.json()["errors"]
    assert not Article.objects.exists()


def test_the_service_refuses_what_the_model_does_not_check(group, bob):
    # TextField(max_length=…) is not checked by full_clean: the service must.
    draft = Draft(title="長い", body="x" * (MAX_BODY + 1))
    with pytest.raises(ValidationError) as caught:
        create_article(actor=bob, group=group, kind="manual", draft=draft)
    assert "body" in caught.value.message_dict
    assert not Article.objects.exists()


def test_the_web_form_refuses_a_huge_body_politely(client, group, bob):
    login(client, bob)
    data = {"title": "手順", "body": "x" * 2_000_000, "visibility": "group",
            "key": str(uuid.uuid4())}  # fmt: skip
    response = client.post(reverse("knowledge:new", args=["miyako", "manual"]), data, headers=JA)
    assert response.status_code == 400
    assert "50000" in response.content.decode()
    assert not Article.objects.exists()


def test_the_preview_of_a_huge_paste_says_so_and_stays_fast(client, group, bob):
    login(client, bob)
    started = time.perf_counter()
    response = client.post(reverse("knowledge:preview"), {"body": "[" * 3_000_000}, headers=JA)
    elapsed = time.perf_counter() - started
    print(f"preview of a 3,000,000-character paste: {elapsed:.2f} s")
    assert response.status_code == 200
    assert "この文章は50,000文字までです（現在3,000,000文字）。" in response.content.decode()
    assert elapsed < 5


def test_the_largest_article_allowed_is_saved_and_shown_quickly(client, group, bob):
    # Markdown that makes the parser work hardest per character (found by measuring).
    body = ("[" * 1000 + "*a_ " * 250 + "|a|b|\n|-|-|\n") * (MAX_BODY // 2012)
    body = body[:MAX_BODY]
    started = time.perf_counter()
    response = _post_api(client, bob, body=body)
    saved = time.perf_counter() - started
    assert response.status_code == 201, response.content[:300]
    login(client, bob)
    started = time.perf_counter()
    page = client.get(Article.objects.get().get_absolute_url())
    shown = time.perf_counter() - started
    print(f"article of {len(body):,} characters: saved in {saved:.2f} s, shown in {shown:.2f} s")
    assert page.status_code == 200
    assert saved < 5 and shown < 5
