"""`renkei bench load`, small: real processes end to end, figures' shape, never their values."""

import json
import subprocess
import sys

import pytest

from renkei.lib.liveserver import postgres_url, renkei_env

# The bench's processes run on SQLite files of their own (renkei_env leaves DATABASE_URL out,
# and no --database-url is given): on the PostgreSQL pass they would repeat the SQLite run.
pytestmark = pytest.mark.skipif(
    postgres_url() is not None, reason="runs SQLite processes of its own: the SQLite pass ran it"
)

PAGE_KINDS = {"home", "directory", "tracking", "inquiry_post", "board", "notices"}
KEYS = {
    "requests",
    "errors",
    "healthz_p95_ms",
    "inquiries_201",
    "inquiries_saved",
    "mails_expected",
    "mails_received",
    "duplicates",
    "drain_s",
    "worst_p95_ms",
    "target_worst_p95_ms",
    "baseline_p95_ms",
    "ratio",
    "met",
}


def test_a_small_load_saves_and_mails_every_inquiry_and_cleans_up(tmp_path):
    # A temporary directory of the test's own, so that what the bench leaves behind shows.
    env = renkei_env(tmp_path, TMPDIR=str(tmp_path))
    command = [sys.executable, "-m", "renkei", "bench", "load", "--users", "3", "--seconds", "5"]
    done = subprocess.run(
        [*command, "--drain-timeout", "30", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=170,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])

    assert figures.keys() >= KEYS
    measured = {key.removesuffix("_p95_ms") for key in figures if key.endswith("_p95_ms")}
    for kind in measured - {"healthz", "worst", "target_worst", "baseline"}:
        assert {f"{kind}_p50_ms", f"{kind}_p99_ms"} <= figures.keys()
    assert measured & PAGE_KINDS >= {"inquiry_post"}  # the first request of all is one
    assert figures["errors"] == 0, figures["errors_by_kind"]
    assert figures["inquiries_201"] >= 1
    assert figures["inquiries_saved"] == figures["inquiries_201"]
    assert figures["mails_expected"] >= figures["inquiries_201"]  # at least each one's ack
    assert figures["mails_received"] == figures["mails_expected"]
    assert figures["duplicates"] == 0
    assert not list(tmp_path.glob("renkei-load-*")), "the bench left its data dir behind"


def test_saturate_ramps_people_without_think_time_and_reports_rps_max(tmp_path):
    env = renkei_env(tmp_path, TMPDIR=str(tmp_path))
    command = [sys.executable, "-m", "renkei", "bench", "load", "--saturate"]
    command += ["--settle-seconds", "30"]
    done = subprocess.run(
        [*command, "--step-seconds", "2", "--max-users", "2", "--drain-timeout", "60", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])

    assert [step["users"] for step in figures["steps"]] == [1, 2]
    assert figures["rps_max"] == max(step["rps"] for step in figures["steps"]) > 0
    assert figures["users_at_rps_max"] in (1, 2)
    assert figures["p95_at_rps_max_ms"] > 0
    assert figures["healthz_rps_max"] > 0  # the same-run baseline
    # The demo's own mail and PDFs are waited for (here at most 30 s) before the first step.
    assert figures["tasks_waiting_before_settle"] >= figures["tasks_waiting_at_start"] >= 0
    assert 0 <= figures["settle_s"] <= 40
    assert figures["errors"] == 0, figures["errors_by_kind"]
    assert figures["mails_received"] == figures["mails_expected"]
    assert figures["duplicates"] == 0
