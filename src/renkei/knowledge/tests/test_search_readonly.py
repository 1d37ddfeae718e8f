"""A search is a GET and only reads: what it finds was indexed when it was written."""

import re
from contextlib import ExitStack

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from renkei.api.services import create_api_token
from renkei.conftest_helpers import login
from renkei.knowledge.choices import DocType
from renkei.knowledge.indexing import index_unindexed_inquiries
from renkei.knowledge.models import SearchDocument
from renkei.knowledge.tests.conftest import make_inquiry, write

pytestmark = pytest.mark.django_db(databases="__all__")

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE|COPY)\b", re.IGNORECASE)


def _get_without_writing(client, path, params, **headers):
    """The response to a GET, after checking that no database saw a write statement for it."""
    with ExitStack() as stack:
        captured = [stack.enter_context(CaptureQueriesContext(c)) for c in connections.all()]
        response = client.get(path, params, **headers)
    writes = [q["sql"] for c in captured for q in c.captured_queries if WRITE.match(q["sql"])]
    assert writes == []
    return response


def _auth(client, user):
    """A bearer token already used once: its first use records when (a write the API makes at
    most once a minute per token, not part of any search)."""
    _token, secret = create_api_token(actor=user, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.get("/api/v1/search", {"q": "x"}, **auth).status_code == 200
    return auth


def test_a_search_page_writes_nothing_and_finds_an_inquiry_received_just_before(
    client, alice, group
):
    make_inquiry(group, "チタン製ブラケットの試作", "5軸加工でお願いします。")
    write(alice, group, title="チタンの切削条件", body="工具の摩耗に注意する。")
    login(client, alice)

    response = _get_without_writing(client, "/knowledge/", {"q": "チタン"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "ブラケットの試作" in page
    assert "の切削条件" in page


def test_a_search_by_api_writes_nothing_and_finds_what_was_just_written(client, alice, group):
    auth = _auth(client, alice)
    inquiry = make_inquiry(group, "アルミ筐体の切削", "A5052、10台。")
    write(alice, group, title="アルミの陽極酸化", body="白アルマイトの膜厚。")

    response = _get_without_writing(client, "/api/v1/search", {"q": "アルミ"}, **auth)

    assert response.status_code == 200
    data = response.json()
    assert [h["title"] for h in data["articles"]["items"]] == ["アルミの陽極酸化"]
    assert data["inquiries"]["count"] == 1
    assert inquiry.title in data["inquiries"]["items"][0]["title"]


def test_the_periodic_check_indexes_inquiries_received_before_indexing_on_arrival(
    client, alice, group
):
    # Given an inquiry without a document, as those received before the window indexed them.
    inquiry = make_inquiry(group, "真鍮ノズルの旋削", "C3604、100個。")
    SearchDocument.objects.filter(doc_type=DocType.INQUIRY, doc_id=inquiry.pk).delete()
    auth = _auth(client, alice)

    before = _get_without_writing(client, "/api/v1/search", {"q": "真鍮"}, **auth).json()
    assert before["inquiries"]["count"] == 0  # a search does not index it

    assert index_unindexed_inquiries() == {"indexed": 1}
    assert index_unindexed_inquiries() == {"indexed": 0}

    after = _get_without_writing(client, "/api/v1/search", {"q": "真鍮"}, **auth).json()
    assert after["inquiries"]["count"] == 1
