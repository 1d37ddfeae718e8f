"""Making, listing and revoking personal API tokens, and how the API treats them."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from renkei.api.models import ApiToken, hash_secret
from renkei.conftest_helpers import login
from renkei.core.models import AuditEntry

pytestmark = pytest.mark.django_db

URL = "/me/tokens/"


def _secret_in(html):
    match = re.search(r'<code id="token-secret">([^<]+)</code>', html)
    return match.group(1) if match else None


def test_token_page_needs_login(client):
    assert reverse("api:tokens") == URL
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_new_token_secret_is_shown_once_and_only_its_hash_is_stored(client, bob, get_json):
    login(client, bob)

    response = client.post(URL, {"name": "生産管理"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = _secret_in(response.content.decode())
    assert secret and secret.startswith("rk_")
    token = ApiToken.objects.get(user=bob)
    assert token.name == "生産管理"
    assert token.key_hash == hash_secret(secret)
    assert token.prefix == secret[:10]
    stored = [str(v) for v in ApiToken.objects.values().get().values()]
    assert secret not in stored
    audit = AuditEntry.objects.get(action="api_token.create")
    assert secret not in str(audit.data) + audit.summary
    # Shown once: the page never shows it again, only its prefix.
    page = client.get(URL).content.decode()
    assert _secret_in(page) is None
    assert secret not in page
    assert token.prefix in page
    # And it works.
    assert get_json("/api/v1/groups", token=secret)[0] == 200


def test_token_name_is_required(client, bob):
    login(client, bob)

    response = client.post(URL, {"name": ""})

    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_people_see_only_their_own_tokens(client, alice, bob, token_for):
    token_for(alice, name="alice-script")
    token_for(bob, name="bob-script")
    login(client, bob)

    page = client.get(URL).content.decode()

    assert "bob-script" in page
    assert "alice-script" not in page
    assert "Authorization: Bearer &lt;トークン&gt;" in page  # the placeholder in the reader's words
    assert f'href="{URL}"' in page  # the nav link


def test_revoked_token_is_refused_with_401(client, bob, token_for, get_json):
    secret = token_for(bob)
    token = ApiToken.objects.get(user=bob)
    login(client, bob)

    response = client.post(reverse("api:revoke_token", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    status, body = get_json("/api/v1/groups", token=secret)
    assert status == 401
    assert "revoked" in body["detail"] or "失効" in body["detail"]


def test_cannot_revoke_someone_elses_token(client, alice, bob, token_for):
    token_for(alice)
    token = ApiToken.objects.get(user=alice)
    login(client, bob)

    response = client.post(reverse("api:revoke_token", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_page_refuses_posts_without_csrf_token(bob):
    csrf_client = Client(enforce_csrf_checks=True)
    login(csrf_client, bob)

    response = csrf_client.post(URL, {"name": "x"})

    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_revoke_refuses_posts_without_csrf_token(bob, token_for):
    token_for(bob)
    token = ApiToken.objects.get(user=bob)
    csrf_client = Client(enforce_csrf_checks=True)
    login(csrf_client, bob)

    response = csrf_client.post(reverse("api:revoke_token", args=[token.pk]))

    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    "header",
    ["Bearer rk_not-a-real-token", "Bearer ", "Token abc", "Basic Ym9iOnNlY3JldA=="],
)
def test_bad_authorization_header_is_401_not_anonymous(client, group, header):
    response = client.get("/api/v1/groups", headers={"Authorization": header})

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_token_of_deactivated_user_is_refused(bob, token_for, get_json):
    secret = token_for(bob)
    bob.is_active = False
    bob.save()

    assert get_json("/api/v1/groups", token=secret)[0] == 401


def test_use_is_recorded_on_the_token(bob, token_for, get_json):
    secret = token_for(bob)

    get_json("/api/v1/groups", token=secret)

    assert ApiToken.objects.get(user=bob).last_used_at is not None


def test_session_login_does_not_open_the_api(client, private_group, alice, get_json):
    from renkei.orgs.services import grant_role

    grant_role(actor=None, user=alice, group=private_group, role="coordinator")
    login(client, alice)

    status, body = get_json("/api/v1/groups")

    assert status == 200
    assert [g["slug"] for g in body["items"]] == ["miyako"]
