"""No ``next`` (or Referer, or stored link) sends anyone off-site: the login, the logout, the
language switch, the NDA page, two-factor sign-in and a notice's link."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from renkei.conftest_helpers import PASSWORD, login

from .conftest import held_links_to

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
    " https://evil.example/",
    "https://evil.example%2F@testserver/",
    "/%2F%2Fevil.example",
    "http://[evil.example]/",
]


def _on_site(location: str) -> bool:
    """A Location the browser resolves on this site (the test client's host is testserver)."""
    if not location:
        return True
    stripped = location.strip()
    if stripped.lower().startswith("javascript:") or stripped.startswith(("//", "/\\", "\\")):
        return False
    parts = urlsplit(stripped)
    return parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver")


def test_the_check_itself_tells_off_site_from_on_site():
    assert _on_site("/g/miyako/") and _on_site("http://testserver/x")
    assert not any(_on_site(url) for url in [*HOSTILE[:3], "https://evil.example/"])


@pytest.mark.parametrize("target", HOSTILE)
def test_login_never_redirects_off_site(client, alice, target):
    response = client.post(
        reverse("login") + "?next=" + target,
        {"username": "alice", "password": PASSWORD, "next": target},
    )
    assert response.status_code in (200, 302)
    assert _on_site(response.get("Location", "")), response.get("Location")
    page = client.get(reverse("login"), {"next": target})
    assert not held_links_to(page.content.decode(), "evil.example")


@pytest.mark.parametrize("target", HOSTILE)
def test_the_logout_never_redirects_off_site(client, alice, target):
    login(client, alice)
    response = client.post(reverse("logout"), {"next": target})
    assert response.status_code in (200, 302)
    assert _on_site(response.get("Location", "")), response.get("Location")


@pytest.mark.parametrize("target", HOSTILE)
def test_the_language_switch_never_redirects_off_site(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code in (200, 204, 302)
    assert _on_site(response.get("Location", "")), response.get("Location")
    by_referer = client.post("/i18n/setlang/", {"language": "ja"}, headers={"Referer": target})
    assert _on_site(by_referer.get("Location", "")), by_referer.get("Location")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_the_nda_page_never_links_off_site(client, group, bob, aoki, target):
    login(client, bob)
    url = reverse("orgs:nda", args=["miyako"])
    page = client.get(url, {"next": target})
    assert page.status_code == 200
    assert not held_links_to(page.content.decode(), "evil.example")
    response = client.post(url, {"next": target, "agree": "yes", "company": aoki.pk})
    assert response.status_code in (200, 302, 400, 403)
    assert _on_site(response.get("Location", "")), response.get("Location")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_two_factor_pages_never_link_off_site(client, alice, target):
    login(client, alice)
    for name in ("two_factor_setup", "two_factor_verify"):
        url = reverse(name)
        page = client.get(url, {"next": target})
        assert page.status_code in (200, 302, 404), name
        assert _on_site(page.get("Location", "")), (name, page.get("Location"))
        assert not held_links_to(page.content.decode(), "evil.example"), name


def test_a_notice_linking_off_site_goes_to_the_notice_list(client, group, alice):
    from renkei.notices.services import notify

    login(client, alice)
    for link in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        (notice,) = notify(users=[alice], group=group, kind="test", text="x", link=link)
        response = client.get(reverse("notices:open", args=[notice.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("notices:list"), link
