"""`renkei check --deploy --fail-level WARNING` with the production settings the README documents.

Each check runs `renkei` in its own process, so the settings come from the environment exactly
as on a server.
"""

import subprocess
import sys

import pytest

from renkei.conftest_helpers import process_env, sqlite_processes_only

pytestmark = sqlite_processes_only()

# The README's "Production" example, with a real-looking random key.
PRODUCTION = {
    "SECRET_KEY": "Vq3x9LwT0pZk7sYd2NfHc8RmJ5uBgE1aQ4tXo6WiKyPz-rDnC_vMhUjSeLbFqG",
    "ALLOWED_HOSTS": "renkei.example.jp",
    "CSRF_TRUSTED_ORIGINS": "https://renkei.example.jp",
    "RENKEI_BASE_URL": "https://renkei.example.jp",
    "RENKEI_HTTPS": "true",
    "RENKEI_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "RENKEI_TRUSTED_PROXIES": "1",
    "DEBUG": "false",
}


def _check(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "renkei", "check", "--deploy", "--fail-level", "WARNING"],
        env=process_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_documented_production_settings_pass_the_deploy_check(tmp_path):
    done = _check(tmp_path, **PRODUCTION)

    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stderr.upper()


def test_the_development_key_fails_the_deploy_check(tmp_path):
    production = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    done = _check(tmp_path, **production, SECRET_KEY="")

    assert done.returncode != 0
    assert "renkei.E001" in done.stderr


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"RENKEI_HTTPS": "false"}, "security.W008"),  # no redirect to HTTPS
        ({"RENKEI_PROXY_SSL_HEADER": ""}, "renkei.W002"),  # every request would look like HTTP
        ({"RENKEI_BASE_URL": "http://renkei.example.jp"}, "renkei.W003"),  # http links in mail
    ],
)
def test_a_missing_https_setting_fails_the_deploy_check(tmp_path, change, expected):
    done = _check(tmp_path, **(PRODUCTION | change))

    assert done.returncode != 0
    assert expected in done.stderr
