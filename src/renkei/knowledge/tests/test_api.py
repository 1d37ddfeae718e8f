"""GET /api/v1/search and POST /api/v1/groups/{slug}/articles."""

import json

import pytest

from renkei.api.services import create_api_token
from renkei.knowledge.models import Article
from renkei.knowledge.tests.conftest import write

pytestmark = pytest.mark.django_db


def _auth(user):
    _token, secret = create_api_token(actor=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _post(client, user, slug="miyako", **data):
    body = {"kind": "manual", "title": "TIG溶接の手順", "body": "1. 仮付け"} | data
    return client.post(
        f"/api/v1/groups/{slug}/articles",
        json.dumps(body),
        content_type="application/json",
        **(_auth(user) if user else {}),
    )


def test_search_by_token_finds_a_two_character_word_with_a_highlighted_snippet(client, bob, group):
    write(bob, group, title="バフ研磨の手順", body="番手を順に上げて研磨する。")

    response = client.get("/api/v1/search", {"q": "研磨"}, **_auth(bob))

    assert response.status_code == 200
    data = response.json()
    assert data["articles"]["count"] == 1
    hit = data["articles"]["items"][0]
    assert hit["title"] == "バフ研磨の手順"
    assert hit["kind"] == "manual"
    assert hit["group"] == "miyako"
    assert "<mark>研磨</mark>" in hit["snippet_html"]


def test_search_without_a_token_sees_only_public_articles(client, bob, group):
    write(bob, group, title="社外秘の研磨")
    write(bob, group, title="公開の研磨", visibility="public")

    data = client.get("/api/v1/search", {"q": "研磨"}).json()

    assert [h["title"] for h in data["articles"]["items"]] == ["公開の研磨"]


def test_search_by_api_never_shows_another_groups_article(client, bob, dave, group):
    write(bob, group, title="社外秘の溶接条件")

    data = client.get("/api/v1/search", {"q": "溶接"}, **_auth(dave)).json()

    assert data["articles"] == {"count": 0, "items": []}


def test_search_by_api_expands_glossary_synonyms(client, bob, group, glossary):
    write(bob, group, title="鍍金工程の歴史")

    data = client.get("/api/v1/search", {"q": "ﾒｯｷ"}, **_auth(bob)).json()

    assert data["terms"][0][0] == "めっき"
    assert "鍍金" in data["terms"][0]
    assert {h["title"] for h in data["articles"]["items"]} == {"めっき", "鍍金工程の歴史"}


def test_a_member_writes_an_article_by_api(client, bob, group):
    response = _post(client, bob, tags=["溶接"], visibility="region")

    assert response.status_code == 201
    article = Article.objects.get()
    assert response.json()["id"] == article.pk
    assert article.visibility == "region"
    assert article.company.name == "株式会社青木精工"
    assert list(article.tags.values_list("name", flat=True)) == ["溶接"]


def test_the_same_key_twice_makes_one_article(client, bob, group):
    first = _post(client, bob, key="abc-1")
    second = _post(client, bob, key="abc-1")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Article.objects.count() == 1


def test_writing_by_api_needs_a_writer_of_the_group(client, carol, dave, group):
    assert _post(client, None).status_code == 401
    assert _post(client, carol).status_code == 404
    assert _post(client, dave).status_code == 404
    assert _post(client, dave, slug="no-such-group").status_code == 404
    assert not Article.objects.exists()


def test_a_bad_article_by_api_is_refused_by_field(client, bob, group):
    response = _post(client, bob, title=" ", video_url="javascript:alert(1)")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "title" in errors or "video_url" in errors
    assert not Article.objects.exists()


def test_minutes_by_api_keep_their_action_items(client, alice, group):
    response = _post(
        client,
        alice,
        kind="minutes",
        title="第3回 研究会",
        decisions="治具を共同で作る",
        action_items=[{"what": "図面", "owner": "青木", "due_on": "2026-05-01"}],
    )

    assert response.status_code == 201
    item = Article.objects.get().action_items.get()
    assert (item.what, item.owner, str(item.due_on)) == ("図面", "青木", "2026-05-01")
