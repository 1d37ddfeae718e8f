"""Hostile input to the knowledge search (web and API) and the directory search: wildcards,
quotes, SQL, NUL bytes, a 10,000-character query, regex metacharacters, lone surrogates and
invalid UTF-8, only spaces, emoji. The answer is 200 (or a polite 400), never a 500, and never
a hit the reader may not open."""

import json

import pytest
from django.test import Client

from renkei.conftest_helpers import login

from .conftest import SECRETS

pytestmark = pytest.mark.django_db

HOSTILE = [
    "%",
    "_",
    "%%",
    "'",
    '"',
    "\\",
    "'; DROP TABLE knowledge_article; --",
    '"; DROP TABLE orgs_company; --',
    "' OR '1'='1",
    "\x00",
    "めっき\x00研磨",
    "x" * 10_000,
    "研" * 10_000,
    ".*",
    "(a+)+$",
    "[",
    "(?P<x>",
    "\\d{1000000}",
    "*",
    "^$|",
    "   ",
    "\u3000\u3000",
    "\t\n\r",
    "😀",
    "🏭 めっき 🔩",
    "\u200b",
    "\ufeff",
    "\u202e",
    "NEAR(a b)",
    'title:"x" OR body:*',
    "-",
    "a" + " b" * 500,
]
# Raw query strings a URL-encoded form can carry: invalid UTF-8 and encoded lone surrogates.
RAW = ["q=%FF%FE", "q=%C0%AF", "q=%ED%A0%80", "q=%ED%BF%BF%F0%9F", "q=%00", "q=%", "q=%zz"]


@pytest.fixture
def browser():
    """Answers a server error with its page, so a 500 is a status to assert against."""
    return Client(raise_request_exception=False)


@pytest.fixture
def outsider(browser, held_world, dave, held_token_for):
    login(browser, dave)
    return {"Authorization": f"Bearer {held_token_for(dave)}"}


def _no_secret(response, where: str) -> None:
    text = response.content.decode("utf-8", "replace")
    assert not [s for s in SECRETS if s in text], where


def _polite(response, where: str) -> None:
    """200, or a refusal that says what is wrong: the API answers a query it will not run with
    422 and its errors, field by field (the API's documented answer to invalid parameters)."""
    if response["Content-Type"].startswith("application/json") and response.status_code in (
        400,
        422,
    ):
        assert response.json()["errors"], where
        return
    assert response.status_code in (200, 400), (where, response.status_code)


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_get_an_answer_and_no_private_hit(browser, outsider, held_world, query):
    hidden = held_world.hidden_member.name
    pages = {
        "web search": browser.get("/knowledge/", {"q": query}),
        "web search page 2": browser.get("/knowledge/", {"q": query, "page": "2"}),
        "group search": browser.get("/g/miyako/knowledge/", {"q": query}),
        "directory": browser.get("/g/miyako/members/", {"q": query}),
        "directory (htmx)": browser.get(
            "/g/miyako/members/", {"q": query}, headers={"HX-Request": "true"}
        ),
        "api search": browser.get("/api/v1/search", {"q": query}, headers=outsider),
        "api companies": browser.get("/api/v1/companies", {"q": query}, headers=outsider),
    }
    for where, response in pages.items():
        _polite(response, where)
        _no_secret(response, where)
        assert hidden not in response.content.decode("utf-8", "replace"), where
    api = pages["api search"]
    if api.status_code == 200:
        body = api.json()
        assert body["inquiries"]["count"] == 0
        assert held_world.article.pk not in [a["id"] for a in body["articles"]["items"]]


@pytest.mark.parametrize("raw", RAW)
def test_invalid_utf8_in_the_query_string_is_answered(browser, outsider, raw):
    for path in ("/knowledge/", "/g/miyako/knowledge/", "/g/miyako/members/"):
        response = browser.get(f"{path}?{raw}")
        _polite(response, path)
    response = browser.get(f"/api/v1/search?{raw}", headers=outsider)
    _polite(response, "api")
    assert response["Content-Type"].startswith("application/json")


def test_a_lone_surrogate_is_answered(browser, outsider):
    # Python strings can carry one; the client encodes it as the browser would not.
    for query in ("\ud800", "a\udfffb"):
        encoded = query.encode("utf-8", "surrogatepass")
        from urllib.parse import quote_from_bytes

        raw = "q=" + quote_from_bytes(encoded)
        for path in ("/knowledge/", "/g/miyako/members/", "/api/v1/search"):
            response = browser.get(f"{path}?{raw}", headers=outsider)
            _polite(response, path)


def test_wildcards_do_not_match_everything(browser, held_world, alice, bob):
    """% and _ are letters to the search, not LIKE wildcards: they find nothing here."""
    login(browser, alice)
    for query in ("%", "_", "%_%"):
        response = browser.get("/api/v1/search", {"q": query})
        assert response.status_code == 200
        body = response.json()
        assert body["articles"]["count"] == 0, query
        assert body["inquiries"]["count"] == 0, query


def test_the_tables_are_still_there_after_the_sql(browser, outsider, held_world):
    from renkei.knowledge.models import Article
    from renkei.orgs.models import Company

    for query in HOSTILE[6:9]:
        browser.get("/knowledge/", {"q": query})
        browser.get("/api/v1/search", {"q": query}, headers=outsider)
    assert Article.objects.filter(pk=held_world.article.pk).exists()
    assert Company.objects.exists()


def test_odd_paging_is_answered(browser, outsider):
    for page in ("-1", "0", "99999999999999999999", "1e9", "１", "NaN", "\x00", "2" * 500):
        _polite(browser.get("/knowledge/", {"q": "めっき", "page": page}), page)
        _polite(browser.get("/g/miyako/members/", {"q": "めっき", "page": page}), page)
        _polite(browser.get("/g/miyako/knowledge/", {"page": page}), page)
    for params in ({"limit": "-1"}, {"offset": "-5"}, {"limit": "10000000"}, {"offset": "1e99"}):
        response = browser.get("/api/v1/search", {"q": "めっき", **params}, headers=outsider)
        assert response.status_code in (200, 400, 422), params
        json.loads(response.content)
