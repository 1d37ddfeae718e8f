"""Login throttling (django-axes): five wrong passwords for one username from one address lock
it for 15 minutes, even against the right password; a polite Japanese 429 page says so."""

import re

from django.urls import reverse

from renkei.conftest_helpers import PASSWORD

LOGIN = reverse("login")


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client):
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_even_the_right_one(client, alice):
    for _ in range(4):
        assert attempt(client, "alice", "wrong-guess").status_code == 200
    locked = attempt(client, "alice", "wrong-guess")
    assert locked.status_code == 429

    response = attempt(client, "alice", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    assert int(response["Retry-After"]) == 15 * 60


def test_the_lockout_page_is_polite_and_japanese(client, alice):
    for _ in range(5):
        attempt(client, "alice", "wrong-guess")
    response = attempt(client, "alice", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert "ログインを一時停止しています" in html
    assert "約 15 分後にもう一度お試しください" in html
    main = html.split("<main>", 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", main)
    assert not re.search(r"[A-Za-z]{3,}", text), text


def test_another_address_and_another_username_are_not_locked(client, alice, bob):
    for _ in range(5):
        attempt(client, "alice", "wrong-guess")
    assert attempt(client, "bob", PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, "alice", PASSWORD, address="198.51.100.20").status_code == 302


def test_a_success_clears_the_count(client, alice):
    for _ in range(4):
        attempt(client, "alice", "wrong-guess")
    assert attempt(client, "alice", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "alice", "wrong-guess").status_code == 200
    assert attempt(client, "alice", PASSWORD).status_code == 302


def test_one_address_trying_many_usernames_is_locked_at_twenty(client, alice):
    for number in range(19):
        assert attempt(client, f"guess{number // 4}", "wrong-guess").status_code == 200
    assert attempt(client, "someone-else", "wrong-guess").status_code == 429
    assert attempt(client, "alice", PASSWORD).status_code == 429
    assert attempt(client, "alice", PASSWORD, address="198.51.100.20").status_code == 302


def test_an_ipv6_client_logs_in_and_is_locked_by_its_64(client, alice):
    """Axes stores a real address (PostgreSQL's inet column refuses a network): the /64 an IPv6
    client holds is counted by its first address, so hopping within it does not help."""
    assert attempt(client, "alice", PASSWORD, address="2001:db8:1:2::10").status_code == 302
    assert signed_in(client)
    client.logout()
    for n in range(5):
        attempt(client, "alice", "wrong-guess", address=f"2001:db8:1:2::{n + 20:x}")
    hopped = attempt(client, "alice", PASSWORD, address="2001:db8:1:2:ffff::1")
    assert hopped.status_code == 429
    assert not signed_in(client)
