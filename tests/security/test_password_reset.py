"""Password reset and change: links from RENKEI_BASE_URL, renkei's own Japanese pages, limits
that never tell whether an address has an account, and the end of every other access."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from renkei.api.models import ApiToken
from renkei.api.services import create_api_token
from renkei.conftest_helpers import PASSWORD, login, run_worker
from renkei.core.models import AuditEntry

RESET = reverse("password_reset")
NEW_PASSWORD = "a-new-and-long-one-77"
PROTECTED_API = "/api/v1/groups/miyako/inquiries"


def ask(client, email, address="203.0.113.9", **extra):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, **extra)


def link_in(body):
    return re.search(r"https?://\S+/accounts/reset/\S+/", body.replace("=\n", "")).group(0)


def japanese_only(html):
    """The visible text of the page's main part, less the few Latin words it may show."""
    main = html.split("<main>", 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", main)
    return re.findall(r"[A-Za-z]{3,}", text.replace("API", ""))


def reset_link_path(user):
    """The path a reset mail would carry, for tests about what happens after it."""
    user.refresh_from_db()  # the token covers the last login time
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)},
    )


def set_new_password(client, path):
    form = client.get(path)
    assert form.status_code == 302  # Django hides the token from the Referer first
    response = client.post(
        form["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_the_link_is_built_from_the_base_url_never_the_host_header(client, alice, smtp, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.RENKEI_BASE_URL = "https://renkei.example.jp"
    response = ask(client, "ALICE@example.com", HTTP_HOST="evil.example")
    assert response.status_code == 302
    run_worker()

    ((recipients, message),) = smtp.messages
    assert recipients == ["alice@example.com"]
    assert "evil.example" not in message
    link = link_in(message)
    assert link.startswith("https://renkei.example.jp/accounts/reset/")

    set_new_password(client, link.removeprefix("https://renkei.example.jp"))
    assert client.login(username="alice", password=NEW_PASSWORD, request=HttpRequest())


def test_every_page_of_the_flow_is_renkei_s_own_in_japanese(client, alice):
    pages = [
        reverse("login"),
        RESET,
        reverse("password_reset_done"),
        reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "no-such-token"}),
        reverse("password_reset_complete"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'href="/admin/' not in html and "Django" not in html, url
        assert japanese_only(html) == [], url
    assert "パスワードをお忘れですか" in client.get(reverse("login")).content.decode()

    path = client.get(reset_link_path(alice))["Location"]
    assert japanese_only(client.get(path).content.decode()) == []
    login(client, alice)
    for url in [reverse("password_change"), reverse("password_change_done")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert japanese_only(response.content.decode()) == [], url


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_fourth_request_for_one_email_sends_nothing_but_answers_the_same(client, alice, smtp):
    answers = [ask(client, "alice@example.com", address=f"198.51.100.{n}") for n in range(4)]
    unknown = ask(client, "nobody@example.com", address="198.51.100.50")
    run_worker()

    assert len(smtp.messages) == 3
    assert {(a.status_code, a["Location"]) for a in [*answers, unknown]} == {
        (302, reverse("password_reset_done"))
    }
    throttled = AuditEntry.objects.filter(action="auth.password_reset_requested")
    assert [e.data["throttled"] for e in throttled.order_by("id")] == [False] * 3 + [True] + [False]


def test_one_address_asking_too_often_gets_a_polite_wait(client, alice):
    for number in range(5):
        assert ask(client, f"someone{number}@example.com").status_code == 302
    response = ask(client, "alice@example.com")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "しばらく" in response.content.decode() or "お試しください" in response.content.decode()
    assert not AuditEntry.objects.filter(
        action="auth.password_reset_requested", summary="alice"
    ).exists()


def test_a_reset_revokes_every_token_and_ends_every_session(client, alice):
    _token, secret = create_api_token(actor=alice, name="mes")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get(PROTECTED_API, headers=headers).status_code == 200
    elsewhere = Client()
    login(elsewhere, alice)
    assert elsewhere.get(reverse("notices:list")).status_code == 200

    set_new_password(client, reset_link_path(alice))

    assert not ApiToken.objects.filter(user=alice, revoked_at__isnull=True).exists()
    assert client.get(PROTECTED_API, headers=headers).status_code == 401
    gone = elsewhere.get(reverse("notices:list"))
    assert gone.status_code == 302 and gone["Location"].startswith(reverse("login"))
    assert AuditEntry.objects.filter(action="auth.password_reset_done", actor=alice).exists()
    assert AuditEntry.objects.filter(action="api_token.revoke", data__reason="password_reset")


def test_a_password_change_keeps_this_session_only_and_revokes_the_tokens(client, alice):
    create_api_token(actor=alice, name="mes")
    elsewhere = Client()
    login(elsewhere, alice)
    login(client, alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(reverse("notices:list")).status_code == 200
    assert elsewhere.get(reverse("notices:list")).status_code == 302
    assert not ApiToken.objects.filter(user=alice, revoked_at__isnull=True).exists()
    assert AuditEntry.objects.filter(action="auth.password_changed", actor=alice).exists()


def test_a_reset_lifts_the_lockout_of_wrong_passwords(client, alice):
    """The lockout page offers the reset: after it, the new password logs in at once."""
    for _ in range(5):
        client.post(reverse("login"), {"username": "alice", "password": "wrong-guess"})
    locked = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert locked.status_code == 429

    set_new_password(client, reset_link_path(alice))

    response = client.post(reverse("login"), {"username": "alice", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
