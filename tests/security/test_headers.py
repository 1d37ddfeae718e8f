"""Security headers: the Content-Security-Policy on every HTML page, and with RENKEI_HTTPS the
redirect to HTTPS, HSTS, secure cookies and a proxy's scheme header trusted only when named.

The HTTPS tests start `renkei` in its own process with the environment of the README's
"Production" section, so they cover the step from the environment to the settings too.
"""

import json
import subprocess
import sys

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from renkei.conftest_helpers import PASSWORD, login, process_env, sqlite_processes_only
from renkei.lib.liveserver import migrate
from tests.security.test_deploy_check import PRODUCTION

# Its module-scoped fixtures (a site of real processes) are made once: one xdist worker runs
# all of its tests (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("test_headers")

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/g/miyako/inquiry/", "/accounts/login/", "/no-such-page/"])
def test_every_html_page_carries_the_policy(client, group, path):
    response = client.get(path)

    assert response["Content-Type"].startswith("text/html")
    assert _policy(response) == POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_of_a_signed_in_coordinator_carry_the_policy(client, alice):
    login(client, alice)

    response = client.get("/g/miyako/manage/inquiries/")

    assert response.status_code == 200
    assert _policy(response) == POLICY


@pytest.mark.django_db
def test_the_api_docs_page_loads_only_our_own_scripts(client):
    response = client.get("/api/v1/docs")

    page = response.content.decode()
    # The one relaxation: Swagger UI's stylesheet draws its icons as data: SVG images.
    docs_policy = {**POLICY, "img-src": POLICY["img-src"] + " data:"}
    assert response.status_code == 200 and _policy(response) == docs_policy
    assert "<script>" not in page.replace(" ", "") and "cdn." not in page
    assert "/static/ninja/swagger-ui-bundle.js" in page


def test_the_error_page_needs_no_inline_style():
    response = server_error(RequestFactory().get("/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "style=" not in page and "<style" not in page
    assert "renkei/renkei.css" in page


# --- HTTPS, in a process of its own -----------------------------------------------------------

PROBE = """
import json
from django.contrib.auth import get_user_model
from django.test import Client

User = get_user_model()
if not User.objects.filter(username="probe").exists():
    User.objects.create_user("probe", "probe@example.com", PASSWORD)
host = {"HTTP_HOST": "renkei.example.jp"}
client = Client(**host)
seen = {}

def record(name, response):
    seen[name] = {
        "status": response.status_code,
        "location": response.get("Location", ""),
        "hsts": response.get("Strict-Transport-Security", ""),
        "cookies": {k: bool(m["secure"]) for k, m in response.cookies.items()},
    }

record("http", client.get("/accounts/login/"))
record("healthz", client.get("/healthz"))
record("livez", client.get("/livez"))
record("readyz", client.get("/readyz"))
record("https", client.get("/accounts/login/", secure=True))
record("proxied", client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"}))
record("login", client.post(
    "/accounts/login/", {"username": "probe", "password": PASSWORD}, secure=True
))
record("language", client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True))
print(json.dumps(seen))
""".replace("PASSWORD", repr(PASSWORD))


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("https")
    migrate(process_env(path))  # a copy of the run's one migrated data dir
    return path


def _probe(data_dir, **env: str) -> dict[str, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "renkei", "shell", "-c", PROBE],
        env=process_env(data_dir, **env),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    found: dict[str, dict] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


@pytest.fixture(scope="module")
def production(data_dir):
    return _probe(data_dir, **PRODUCTION)


@sqlite_processes_only()
def test_with_https_on_plain_http_is_redirected_and_https_gets_hsts(production):
    seen = production

    assert seen["http"]["status"] == 301
    assert seen["http"]["location"] == "https://renkei.example.jp/accounts/login/"
    assert seen["https"]["status"] == 200
    assert seen["https"]["hsts"] == "max-age=31536000; includeSubDomains"
    assert "preload" not in seen["https"]["hsts"]


@sqlite_processes_only()
def test_with_https_on_every_cookie_is_secure(production):
    seen = production

    assert seen["login"]["status"] == 302
    cookies = seen["https"]["cookies"] | seen["login"]["cookies"] | seen["language"]["cookies"]
    assert {"csrftoken", "sessionid", "django_language"} <= cookies.keys()
    assert all(cookies.values()), cookies


@sqlite_processes_only()
def test_the_health_checks_answer_plain_http_without_a_redirect(production):
    seen = production

    for probe in ("healthz", "livez", "readyz"):
        assert seen[probe]["status"] == 200, probe
        assert seen[probe]["hsts"] == "", probe


@sqlite_processes_only()
def test_the_proxy_scheme_header_is_trusted_when_named(production):
    seen = production

    assert seen["proxied"]["status"] == 200
    assert seen["proxied"]["hsts"].startswith("max-age=31536000")


@sqlite_processes_only()
def test_the_proxy_scheme_header_is_ignored_when_not_named(data_dir):
    # A client could send the header itself: without RENKEI_PROXY_SSL_HEADER it proves nothing.
    seen = _probe(data_dir, **(PRODUCTION | {"RENKEI_PROXY_SSL_HEADER": ""}))

    assert seen["proxied"]["status"] == 301
    assert seen["proxied"]["hsts"] == ""


@sqlite_processes_only()
def test_hsts_preload_only_when_asked(data_dir):
    seen = _probe(data_dir, **(PRODUCTION | {"RENKEI_HSTS_PRELOAD": "true"}))

    assert seen["https"]["hsts"] == "max-age=31536000; includeSubDomains; preload"


@sqlite_processes_only()
def test_without_https_nothing_is_redirected_and_cookies_stay_plain(data_dir):
    # Development and `make demo` serve plain HTTP on loopback.
    seen = _probe(data_dir, **(PRODUCTION | {"RENKEI_HTTPS": "false"}))

    assert seen["http"]["status"] == 200
    assert seen["http"]["hsts"] == ""
    assert not any(seen["login"]["cookies"].values())
