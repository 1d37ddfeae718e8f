"""A POST without the CSRF token is refused with 403 and saves nothing: the window, the login,
the coordinator's forms, the customer's tracking page, and the API used with a session cookie."""

import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from renkei.conftest_helpers import PASSWORD, compose_test_quote, login

from .conftest import held_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict():
    """A browser whose forms are checked for the CSRF token, as in production."""
    return Client(enforce_csrf_checks=True)


def test_the_window_needs_the_token(strict, group):
    from renkei.inquiries.models import Drawing, Inquiry

    response = strict.post("/g/miyako/inquiry/", held_form_data())
    assert response.status_code == 403
    assert not Inquiry.objects.exists() and not Drawing.objects.exists()


def test_the_login_needs_the_token(strict, alice):
    response = strict.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_a_wrong_token_is_refused_like_none(strict, alice):
    strict.get(reverse("login"))  # sets the CSRF cookie
    response = strict.post(
        reverse("login"),
        {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": "x" * 64},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_coordinator_forms_need_the_token(strict, group, alice, aoki):
    from renkei.cockpit.models import LeverDocument
    from renkei.knowledge.models import Article
    from renkei.orgs.models import Group
    from renkei.webhooks.models import Endpoint

    login(strict, alice)
    posts = [
        (
            reverse("webhooks:manage", args=["miyako"]),
            {"action": "create", "url": "https://93.184.215.14/x", "events": "inquiry.created"},
        ),
        (reverse("orgs:settings", args=["miyako"]), {"name": "乗っ取られた"}),
        (reverse("orgs:add_member", args=["miyako"]), {"name": "X社"}),
        (
            reverse("knowledge:new", args=["miyako", "manual"]),
            {"title": "X", "body": "X", "visibility": "group", "key": uuid.uuid4()},
        ),
        (
            reverse("cockpit:add_document", args=["miyako"]),
            {"kind": "mission", "title": "X", "body": "X"},
        ),
        (reverse("notices:read_all"), {}),
        (reverse("api:tokens"), {"name": "X"}),
    ]
    for url, data in posts:
        assert strict.post(url, data).status_code == 403, url
    assert not Endpoint.objects.exists()
    assert Group.objects.get(slug="miyako").name == "みやこ試作ネット"
    assert not group.memberships.filter(company__name="X社").exists()
    assert not Article.objects.exists() and not LeverDocument.objects.exists()
    assert not alice.api_tokens.exists()


def test_the_tracking_pages_forms_need_the_token(strict, held_world, alice):

    from renkei.inquiries import replies
    from renkei.inquiries.models import Message, Quote

    inquiry = held_world.open_inquiry
    quote = compose_test_quote(alice, inquiry, [("シャフト", 2, 5000)], lead_days=10)
    replies.send_quote(actor=alice, quote=quote)
    messages_before = Message.objects.filter(inquiry=inquiry).count()
    for name, data in (
        ("inquiries:customer_message", {"body": "偽のメッセージ"}),
        ("inquiries:decide", {"decision": "accept", "revision": str(quote.revision)}),
        ("inquiries:decide", {"decision": "decline", "revision": str(quote.revision)}),
    ):
        url = reverse(name, args=[inquiry.tracking_token])
        assert strict.post(url, data).status_code == 403, url
    assert Message.objects.filter(inquiry=inquiry).count() == messages_before
    quote = Quote.objects.get(pk=quote.pk)
    assert quote.accepted_at is None and quote.declined_at is None
    # The control: the same form with its token goes through.
    page = strict.get(inquiry.get_tracking_url())
    token = page.cookies["csrftoken"].value
    url = reverse("inquiries:customer_message", args=[inquiry.tracking_token])
    assert strict.post(url, {"body": "本物", "csrfmiddlewaretoken": token}).status_code == 302
    assert Message.objects.filter(inquiry=inquiry).count() == messages_before + 1


def test_the_api_used_with_a_session_cookie_needs_the_token(strict, group, alice):
    """A logged-in browser must not be made to write through the API by another site."""
    from renkei.knowledge.models import Article

    login(strict, alice)
    response = strict.post(
        "/api/v1/groups/miyako/articles",
        json.dumps({"kind": "manual", "title": "CSRF"}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert not Article.objects.exists()
