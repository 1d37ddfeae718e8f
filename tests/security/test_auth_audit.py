"""Authentication events are audited with the client's address and browser, and so is any
service write made while a request is served."""

from django.urls import reverse

from renkei.conftest_helpers import PASSWORD, login
from renkei.core.audit import audit
from renkei.core.models import AuditEntry

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) 試験ブラウザ"
ADDRESS = "203.0.113.77"


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def post_login(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
    )


def test_login_failure_success_and_logout_are_audited_with_address_and_browser(client, alice):
    post_login(client, "alice" + "x" * 200, "wrong-guess")
    post_login(client, "alice", PASSWORD)
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)

    (failed,) = entries("auth.login_failed")
    assert failed.actor is None
    assert failed.summary.startswith("alice") and len(failed.summary) <= 80
    assert "wrong-guess" not in str(failed.data) + failed.summary
    (success,) = entries("auth.login")
    (logout,) = entries("auth.logout")
    assert success.actor == alice and logout.actor == alice
    for entry in (failed, success, logout):
        assert (entry.ip, entry.user_agent) == (ADDRESS, BROWSER)


def test_a_lockout_is_audited(client, alice):
    for _ in range(5):
        post_login(client, "alice", "wrong-guess")
    locked = entries("auth.locked_out")[0]
    assert locked.summary == "alice" and locked.ip == ADDRESS


def test_reset_requests_and_resets_are_audited_without_telling_the_visitor(client, alice):
    for email in ["alice@example.com", "nobody@example.com"]:
        response = client.post(
            reverse("password_reset"),
            {"email": email},
            REMOTE_ADDR=ADDRESS,
            HTTP_USER_AGENT=BROWSER,
        )
        assert response["Location"] == reverse("password_reset_done")
    known, unknown = entries("auth.password_reset_requested")
    assert known.summary == "alice" and known.object_id == str(alice.pk)
    assert unknown.data["known_address"] is False and unknown.object_id == ""
    assert (known.ip, unknown.user_agent) == (ADDRESS, BROWSER)


def test_a_service_write_during_a_request_carries_the_address(client, alice, settings):
    settings.RENKEI_TRUSTED_PROXIES = 1
    login(client, alice)
    client.post(
        reverse("api:tokens"),
        {"name": "MES"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 2001:db8:0:1::5",
        HTTP_USER_AGENT=BROWSER,
    )
    (created,) = entries("api_token.create")
    assert created.actor == alice
    assert (created.ip, created.user_agent) == ("2001:db8:0:1::5", BROWSER)


def test_a_write_outside_any_request_has_no_address(db):
    entry = audit("test.outside")
    assert (entry.ip, entry.user_agent) == (None, "")
