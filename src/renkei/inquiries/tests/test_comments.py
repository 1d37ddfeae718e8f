"""The group's internal comment thread on an inquiry, with @mentions: coordinators and the
referred members talk it over; the customer, supporters and other groups never see it."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from renkei.conftest_helpers import CUSTOMER, PASSWORD, login, run_worker
from renkei.core.models import AuditEntry
from renkei.inquiries.comments import post_comment
from renkei.inquiries.models import Comment, Mention, Referral
from renkei.inquiries.referrals import refer
from renkei.inquiries.services import submit_inquiry
from renkei.notices.models import Notice, NoticeKind
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import grant_role

HEADER = CUSTOMER
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


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
    return Referral.objects.get(inquiry=inquiry, company=aoki)


@pytest.fixture
def erin(group, sakura):
    """Member admin of sakura, a member the inquiry was not passed to."""
    user = get_user_model().objects.create_user(
        username="erin", password=PASSWORD, email="erin@example.com"
    )
    grant_role(actor=None, user=user, group=group, role=PersonRole.MEMBER_ADMIN, company=sakura)
    return user


def comments_url(inquiry):
    return reverse("inquiries:comments", args=[inquiry.group.slug, inquiry.pk])


def post(client, inquiry, body, key=None):
    return client.post(comments_url(inquiry), {"body": body, "key": str(key or uuid.uuid4())})


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_mention_is_shown_highlighted_told_in_app_and_mailed_once(
    client, alice, bob, inquiry, referred, smtp
):
    run_worker()  # the customer's acknowledgement and bob's referral mail
    smtp.messages.clear()
    login(client, alice)
    key = uuid.uuid4()
    body = f"@bob さん、ニッケルは外注でも大丈夫ですか？\n二行目 {HOSTILE}"
    first = post(client, inquiry, body, key)
    again = post(client, inquiry, body, key)  # a double click sends the same form twice
    detail_url = reverse("inquiries:detail", args=["miyako", inquiry.pk])
    assert first.status_code == again.status_code == 302
    assert first["Location"] == detail_url + "#comments"
    assert Comment.objects.filter(inquiry=inquiry).count() == 1
    assert Mention.objects.get().user == bob

    run_worker()
    run_worker()  # a second run of the worker mails no one again
    to_bob = [m for m in smtp.messages if m[0] == ["bob@example.com"]]
    assert len(to_bob) == 1
    assert "ニッケルは外注でも大丈夫ですか" in to_bob[0][1]
    assert comments_url(inquiry) in to_bob[0][1]
    notice = Notice.objects.get(user=bob, kind=NoticeKind.MENTION)
    assert notice.link == comments_url(inquiry) and "alice" in notice.text

    login(client, bob)
    opened = client.get(reverse("notices:open", args=[notice.pk]))
    assert opened.status_code == 302 and opened["Location"] == notice.link
    thread_page = client.get(notice.link)
    referral_url = reverse("inquiries:referral", args=["miyako", referred.pk])
    assert thread_page["Location"] == referral_url + "#comments"
    page = client.get(referral_url).content.decode()
    assert '<span class="mention">@bob</span> さん' in page
    assert "ニッケルは外注でも大丈夫ですか？<br>二行目" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert AuditEntry.objects.filter(action="inquiry.comment", actor=alice).count() == 1


@pytest.mark.django_db
def test_the_referred_member_answers_in_the_thread_and_the_coordinator_is_told(
    client, alice, bob, inquiry, referred
):
    login(client, bob)
    response = post(client, inquiry, "@alice 外注先を確認します。@bob")  # self-mention: ignored
    referral_url = reverse("inquiries:referral", args=["miyako", referred.pk])
    assert response["Location"] == referral_url + "#comments"
    assert [m.user for m in Mention.objects.all()] == [alice]
    assert Notice.objects.filter(user=alice, kind=NoticeKind.MENTION).count() == 1
    assert not Notice.objects.filter(user=bob, kind=NoticeKind.MENTION).exists()
    login(client, alice)
    page = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    assert "外注先を確認します。" in page and '<span class="mention">@alice</span>' in page


@pytest.mark.django_db
def test_mentions_of_people_who_may_not_see_the_thread_are_ignored(
    client, alice, bob, carol, dave, erin, inquiry, referred
):
    login(client, alice)
    body = "@carol @dave @erin @nobody @bobby mail@example.com は対象外です"
    assert post(client, inquiry, body).status_code == 302
    comment = Comment.objects.get()
    assert comment.body == body
    assert not Mention.objects.exists()
    assert not Notice.objects.filter(kind=NoticeKind.MENTION).exists()
    page = client.get(reverse("inquiries:detail", args=["miyako", inquiry.pk])).content.decode()
    assert 'class="mention"' not in page and "@carol @dave @erin @nobody" in page


@pytest.mark.django_db
def test_outsiders_and_members_it_was_not_passed_to_get_404(
    client, alice, bob, carol, dave, erin, inquiry, referred
):
    post_comment(actor=alice, inquiry=inquiry, body="社内メモ: 価格は強気で", key=uuid.uuid4())
    for user in (carol, dave, erin):
        login(client, user)
        assert client.get(comments_url(inquiry)).status_code == 404, user
        assert post(client, inquiry, "見せて").status_code == 404, user
    # dave's own group slug with alice's inquiry id is 404 too
    login(client, dave)
    other = reverse("inquiries:comments", args=["hokko", inquiry.pk])
    assert client.post(other, {"body": "x", "key": str(uuid.uuid4())}).status_code == 404
    client.logout()
    assert client.post(comments_url(inquiry), {"body": "x"}).status_code == 302  # to login
    assert Comment.objects.count() == 1
    # The customer's tracking page never shows the thread.
    tracking = client.get(inquiry.get_tracking_url()).content.decode()
    assert "社内メモ" not in tracking


@pytest.mark.django_db
def test_empty_and_too_long_comments_get_a_clear_message_and_keep_the_text(
    client, alice, inquiry, referred
):
    login(client, alice)
    empty = post(client, inquiry, "   \n  ")
    assert empty.status_code == 400
    assert "Please write a comment before sending it." in empty.content.decode()
    long_text = "長" * 5001
    too_long = post(client, inquiry, long_text)
    assert too_long.status_code == 400
    page = too_long.content.decode()
    assert "at most 5,000 characters; this one has 5,001" in page
    assert long_text in page  # what they wrote is still there to shorten
    no_key = client.post(comments_url(inquiry), {"body": "鍵なし"})
    assert no_key.status_code == 400
    assert not Comment.objects.exists()
    assert post(client, inquiry, "長" * 5000).status_code == 302


@pytest.mark.django_db
def test_the_thread_reads_in_a_fixed_number_of_queries(client, alice, bob, inquiry, referred):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, alice)
    url = reverse("inquiries:detail", args=["miyako", inquiry.pk])

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    post_comment(actor=bob, inquiry=inquiry, body="@alice 質問 0", key=uuid.uuid4())
    queries_for_page()  # the first view builds the matching index, as a server's first does
    with_one = queries_for_page()
    for n in range(1, 10):
        post_comment(actor=bob, inquiry=inquiry, body=f"@alice 質問 {n}", key=uuid.uuid4())
    assert queries_for_page() == with_one
    assert client.get(url).content.decode().count('class="message comment"') == 10
