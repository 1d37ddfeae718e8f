"""Signing in to the customer portal with a one-time link mailed to the inquiry's address."""

import datetime as dt
import re
import time

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from renkei.conftest_helpers import run_worker
from renkei.core.models import AuditEntry
from renkei.portal import services
from renkei.portal.models import SignInLink
from renkei.portal.session import SESSION_KEY
from renkei.portal.tests.conftest import EMAIL, inquiry_with_drawings, mails_to, sign_in_as

PORTAL = "/portal/"
MAILED = pytest.mark.django_db(databases="__all__", transaction=True)


def mailed_link(smtp, address=EMAIL):
    [(subject, body)] = mails_to(smtp, address)
    match = re.search(r"https?://\S+/portal/in/[\w-]+/", body)
    assert match, body
    return subject, body, match.group(0)


def without_csrf(content):
    """The page as it reads, without the CSRF token that differs on every page."""
    return re.sub(rb'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def issued_token(email=EMAIL, **changes):
    link = SignInLink.objects.create(
        email=email, expires_at=timezone.now() + services.LINK_VALID, **changes
    )
    with transaction.atomic():
        issued = services.issue_token(link.pk)
    assert issued is not None
    return issued[0], issued[1]


@MAILED
def test_a_known_address_gets_a_link_that_signs_in_once(client, group, smtp, settings):
    settings.RENKEI_BASE_URL = "https://renkei.example.jp"
    inquiry = inquiry_with_drawings(group)
    run_worker()
    smtp.messages.clear()

    answer = client.post(PORTAL, {"email": "Taro@Rocket.example"})
    assert answer.status_code == 302 and answer["Location"] == "/portal/sent/"
    run_worker()
    subject, body, link = mailed_link(smtp, "Taro@Rocket.example")
    assert "sign-in link" in subject
    assert "30 minutes" in body
    assert link.startswith("https://renkei.example.jp/portal/in/")  # never the Host header
    path = link.removeprefix("https://renkei.example.jp")

    # Opening it (as a mail scanner does) uses nothing up; the button does.
    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    before = client.session.session_key
    assert client.post(path)["Location"] == PORTAL
    assert client.session.session_key != before  # rotated at sign-in
    page = client.get(PORTAL).content.decode()
    assert inquiry.reference in page and "Sign out" in page

    stranger = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert stranger.get(path).status_code == 410
    assert stranger.post(path).status_code == 410
    assert SESSION_KEY not in stranger.session
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"portal.sign_in_requested", "portal.sign_in_used", "portal.sign_in_refused"} <= actions


@MAILED
def test_the_answer_is_the_same_for_an_address_with_no_inquiries(client, group, smtp):
    inquiry_with_drawings(group)
    run_worker()
    smtp.messages.clear()

    known = client.post(PORTAL, {"email": EMAIL}, follow=True)
    unknown = client.post(PORTAL, {"email": "nobody@elsewhere.example"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/portal/sent/", 302)]
    assert without_csrf(known.content) == without_csrf(unknown.content)
    run_worker()
    assert [to for to, _raw in smtp.messages] == [[EMAIL]]
    assert not SignInLink.objects.filter(email="nobody@elsewhere.example").exists()


@MAILED
def test_the_sign_in_mail_is_in_japanese_for_a_japanese_page(client, group, smtp):
    inquiry_with_drawings(group)
    run_worker()
    smtp.messages.clear()
    client.post(PORTAL, {"email": EMAIL}, HTTP_ACCEPT_LANGUAGE="ja")
    run_worker()
    subject, body, _link = mailed_link(smtp)
    assert "ログイン" in subject
    assert "30分" in body


def test_only_the_hash_of_the_token_is_stored(group):
    inquiry_with_drawings(group)
    link, token = issued_token()
    stored = SignInLink.objects.filter(pk=link.pk).values().get()
    assert token not in str(stored)
    assert stored["token_hash"] == services.token_hash(token)


def test_a_link_is_given_one_token_however_often_the_task_runs(group):
    link, _token = issued_token()
    with transaction.atomic():
        assert services.issue_token(link.pk) is None


def test_an_expired_link_does_not_sign_in(client, group):
    inquiry_with_drawings(group)
    link, token = issued_token()
    SignInLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert client.get(f"/portal/in/{token}/").status_code == 410
    answer = client.post(f"/portal/in/{token}/")
    assert answer.status_code == 410
    assert "no longer works" in answer.content.decode()
    assert SESSION_KEY not in client.session


def test_a_wrong_token_does_not_sign_in(client, group):
    inquiry_with_drawings(group)
    _link, token = issued_token()
    assert client.post(f"/portal/in/{token[:-2]}xx/").status_code == 410
    assert client.post("/portal/in/%20/").status_code == 410
    assert "Send me a sign-in link" in client.get(PORTAL).content.decode()


def test_a_link_asked_for_by_one_address_signs_in_that_address_only(client, group):
    inquiry_with_drawings(group)
    inquiry_with_drawings(group, email="hanako@other.example", title="他社の引き合い")
    _link, token = issued_token()
    client.post(f"/portal/in/{token}/")
    page = client.get(PORTAL).content.decode()
    assert "シャフト試作" in page and "他社の引き合い" not in page


def test_the_link_requests_are_limited_per_email_address(client, group, settings):
    settings.RENKEI_RATE_LIMITS = settings.RENKEI_RATE_LIMITS | {"portal_link_email": "2/h"}
    inquiry_with_drawings(group)
    answers = [client.post(PORTAL, {"email": EMAIL}) for _ in range(4)]
    assert [a["Location"] for a in answers] == ["/portal/sent/"] * 4  # the same answer
    assert SignInLink.objects.count() == 2  # but only two links mailed


def test_the_link_requests_are_limited_per_client_address(client, group, settings):
    settings.RENKEI_RATE_LIMITS = settings.RENKEI_RATE_LIMITS | {"portal_link_address": "2/h"}
    answers = [client.post(PORTAL, {"email": f"a{n}@x.example"}) for n in range(3)]
    assert [a.status_code for a in answers] == [302, 302, 429]
    assert answers[2]["Retry-After"]


def test_a_mistyped_address_is_answered_politely(client, group):
    answer = client.post(PORTAL, {"email": "not an address"})
    assert answer.status_code == 400
    assert "Enter a valid email address" in answer.content.decode()


def test_the_customer_session_ends_after_its_week(client, group):
    inquiry_with_drawings(group)
    sign_in_as(client)
    assert "シャフト試作" in client.get(PORTAL).content.decode()
    session = client.session
    session[SESSION_KEY] = {"email": EMAIL, "until": time.time() - 1}
    session.save()
    assert "Send me a sign-in link" in client.get(PORTAL).content.decode()


def test_signing_out_ends_the_customer_session(client, group):
    inquiry_with_drawings(group)
    sign_in_as(client)
    answer = client.post("/portal/out/", follow=True)
    assert "You have signed out" in answer.content.decode()
    assert "シャフト試作" not in client.get(PORTAL).content.decode()
    assert AuditEntry.objects.filter(action="portal.sign_out").exists()


def test_every_post_needs_the_csrf_token(group):
    inquiry_with_drawings(group)
    _link, token = issued_token()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(PORTAL, {"email": EMAIL}).status_code == 403
    assert strict.post(f"/portal/in/{token}/").status_code == 403
    assert strict.post("/portal/out/").status_code == 403
    assert SignInLink.objects.filter(used_at__isnull=False).count() == 0
