"""The internal comment thread by API: coordinators and the people of the companies an inquiry
was passed to read and write it, mentions tell people as on the web, nobody else sees it."""

import json
import uuid

import pytest
from django.contrib.auth import get_user_model

from renkei.conftest_helpers import CUSTOMER, PASSWORD, run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.comments import post_comment
from renkei.inquiries.models import Comment, Mention
from renkei.inquiries.models.comment import MAX_COMMENT
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import submit_inquiry
from renkei.notices.models import Notice, NoticeKind
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role

pytestmark = pytest.mark.django_db

HEADER = CUSTOMER


@pytest.fixture
def inquiry(group):
    made, _ = submit_inquiry(
        group=group, key=uuid.uuid4(), header=HEADER, lines=[{"part_name": "シャフト"}]
    )
    return made


@pytest.fixture
def referred(inquiry, alice, bob, aoki):
    """The inquiry passed to aoki, so bob may read its thread."""
    refer(actor=alice, inquiry=inquiry, companies=[aoki], reasons={})
    return inquiry


@pytest.fixture
def erin(group, sakura):
    """Member admin of sakura, a member the inquiry was not passed to."""
    user = get_user_model().objects.create_user(
        username="erin", password=PASSWORD, email="erin@example.com"
    )
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=sakura)
    return user


@pytest.fixture
def post_json(client):
    """POST a JSON body with a bearer token; returns (status, parsed body)."""

    def post(url, body, token=None, **headers):
        headers["Accept-Language"] = "en"  # messages are asserted in English
        if token:
            headers["Authorization"] = f"Bearer {token}"
        response = client.post(
            url, json.dumps(body), content_type="application/json", headers=headers
        )
        return response.status_code, json.loads(response.content)

    return post


def url_of(inquiry, slug="miyako"):
    return f"/api/v1/groups/{slug}/inquiries/{inquiry.pk}/comments"


def test_coordinator_and_referred_member_talk_in_the_thread(
    alice, bob, referred, token_for, get_json, post_json
):
    url = url_of(referred)

    status, first = post_json(url, {"body": "納期は来月末で大丈夫ですか"}, token_for(alice))
    assert status == 201, first
    assert first["author"] == "alice" and first["body"] == "納期は来月末で大丈夫ですか"
    status, reply = post_json(url, {"body": "  はい、大丈夫です\r\n二行目  "}, token_for(bob))
    assert status == 201 and reply["body"] == "はい、大丈夫です\n二行目"

    status, thread = get_json(url, token=token_for(bob))
    assert status == 200 and thread["count"] == 2
    assert [(c["author"], c["id"]) for c in thread["items"]] == [
        ("alice", first["id"]),
        ("bob", reply["id"]),
    ]
    assert Comment.objects.get(pk=reply["id"]).author == bob
    assert AuditEntry.objects.filter(action="inquiry.comment").count() == 2


def test_the_api_shows_comments_written_on_the_web(alice, referred, token_for, get_json):
    post_comment(actor=alice, inquiry=referred, body="ウェブから", key=uuid.uuid4())

    status, thread = get_json(url_of(referred), token=token_for(alice))

    assert status == 200
    assert [c["body"] for c in thread["items"]] == ["ウェブから"]


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_mention_in_an_api_comment_tells_the_person_in_app_and_by_mail(
    alice, bob, referred, token_for, post_json, smtp
):
    run_worker()  # the customer's acknowledgement and bob's referral mail
    smtp.messages.clear()

    status, comment = post_json(
        url_of(referred), {"body": "@bob さん、材質証明は出せますか"}, token_for(alice)
    )

    assert status == 201 and comment["mentions"] == ["bob"]
    assert Mention.objects.get().user == bob
    notice = Notice.objects.get(user=bob, kind=NoticeKind.MENTION)
    assert "材質証明" in notice.text
    run_worker()
    assert [rcpt for rcpt, _ in smtp.messages] == [["bob@example.com"]]


def test_the_same_key_twice_is_one_comment(alice, referred, token_for, post_json):
    token = token_for(alice)
    url = url_of(referred)

    first = post_json(url, {"body": "一度だけ", "key": str(uuid.uuid4())}, token)
    again = post_json(url, {"body": "一度だけ", "key": "another"}, token)
    assert first[0] == 201 and again[0] == 201  # a different key is a new comment
    repeat = post_json(url, {"body": "一度だけ"}, token, **{"Idempotency-Key": "retry-42"})
    repeat_again = post_json(url, {"body": "一度だけ"}, token, **{"Idempotency-Key": "retry-42"})

    assert repeat[0] == 201 and repeat_again[0] == 200
    assert repeat[1]["id"] == repeat_again[1]["id"]
    assert Comment.objects.filter(inquiry=referred).count() == 3


def test_two_people_sending_the_same_key_write_two_comments(
    alice, bob, referred, token_for, post_json
):
    key = str(uuid.uuid4())

    by_alice = post_json(url_of(referred), {"body": "事務局より", "key": key}, token_for(alice))
    by_bob = post_json(url_of(referred), {"body": "青木より", "key": key}, token_for(bob))

    assert by_alice[0] == by_bob[0] == 201
    assert by_alice[1]["id"] != by_bob[1]["id"] and by_bob[1]["author"] == "bob"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"body": ""}, "body", "Please write a comment"),
        ({"body": "   \n  "}, "body", "Please write a comment"),
        ({}, "body", "Please write a comment"),
        ({"body": "あ" * (MAX_COMMENT + 1)}, "body", "at most 5,000 characters"),
        ({"body": "ok", "key": "k" * 201}, "key", "at most 200 characters"),
    ],
)
def test_a_bad_comment_is_400_with_field_errors_and_saves_nothing(
    alice, referred, token_for, post_json, body, field, message
):
    post_comment(actor=alice, inquiry=referred, body="既存のコメント", key=uuid.uuid4())

    status, answer = post_json(url_of(referred), body, token_for(alice))

    assert status == 400, answer
    assert message in " ".join(answer["errors"][field])
    assert [c.body for c in Comment.objects.all()] == ["既存のコメント"]


def test_supporters_other_groups_visitors_and_unreferred_members_get_404(
    alice, carol, dave, erin, referred, token_for, get_json, post_json
):
    post_comment(actor=alice, inquiry=referred, body="内部の話", key=uuid.uuid4())

    for token in (token_for(carol), token_for(dave), token_for(erin), None):
        status, body = get_json(url_of(referred), token=token)
        assert status == 404 and set(body) == {"detail", "errors"} and not body["errors"], token
        assert "内部の話" not in json.dumps(body, ensure_ascii=False)
        status, _ = post_json(url_of(referred), {"body": "覗き見"}, token)
        assert status == 404, token
    assert get_json(url_of(referred, slug="hokko"), token=token_for(dave))[0] == 404
    assert post_json(url_of(referred, slug="hokko"), {"body": "x"}, token_for(dave))[0] == 404
    assert [c.body for c in Comment.objects.all()] == ["内部の話"]


def test_a_bad_token_is_401(referred, get_json):
    status, body = get_json(url_of(referred), token="not-a-token")

    assert status == 401 and "detail" in body


def test_an_unknown_inquiry_is_404(alice, referred, token_for, get_json):
    status, _ = get_json(
        f"/api/v1/groups/miyako/inquiries/{referred.pk + 999}/comments", token=token_for(alice)
    )

    assert status == 404


def test_the_thread_reads_in_the_same_queries_however_long(
    alice, bob, referred, token_for, get_json
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token = token_for(alice)
    get_json(url_of(referred), token=token)  # stamps the token's first use

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert get_json(url_of(referred), token=token)[0] == 200
        return len(captured)

    post_comment(actor=alice, inquiry=referred, body="@bob 一件目", key=uuid.uuid4())
    few = queries()
    for n in range(5):
        post_comment(actor=bob, inquiry=referred, body=f"@alice {n}件目", key=uuid.uuid4())

    assert queries() == few
