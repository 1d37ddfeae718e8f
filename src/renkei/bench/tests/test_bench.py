"""`renkei bench-data` and `renkei bench directory`: data shape and command surface, never timings."""

import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from renkei.bench.generator import CompanyGenerator
from renkei.capabilities.services import refresh_company_search
from renkei.capabilities.taxonomy import TAXONOMY_FILE
from renkei.lib.liveserver import postgres_url
from renkei.orgs.models import Company, Group, Membership

REQUIRED_KEYS = {
    "p50_ms",
    "p95_ms",
    "baseline_p50_ms",
    "baseline_p95_ms",
    "speedup",
    "companies",
    "queries",
}


def _bench_data(*args: str) -> str:
    out = io.StringIO()
    call_command("bench-data", *args, stdout=out)
    return out.getvalue()


def _bench_companies(slug: str = "bench"):
    return Company.objects.filter(memberships__group__slug=slug).order_by("corporate_number")


def test_bench_data_creates_the_companies_asked_for(db):
    output = _bench_data("--companies", "200")
    group = Group.objects.get(slug="bench")
    assert Membership.objects.for_group(group).current().count() == 200
    assert Company.objects.count() == 200
    assert not group.is_public
    assert "200 companies" in output
    for company in _bench_companies()[:20]:
        assert 2 <= company.company_processes.count() <= 6
        assert 1 <= company.equipment.count() <= 3
        assert company.company_materials.exists()


def test_bulk_search_columns_equal_what_the_service_computes(db):
    _bench_data("--companies", "200", "--seed", "7")
    for company in _bench_companies():
        bulk = (company.search_text, company.max_envelope_mm, company.best_tolerance_um)
        refresh_company_search(company)
        company.refresh_from_db()
        assert (company.search_text, company.max_envelope_mm, company.best_tolerance_um) == bulk


def test_running_again_replaces_the_data_and_the_seed_decides_it(db):
    _bench_data("--companies", "50", "--seed", "3")
    first = list(_bench_companies().values_list("corporate_number", "name", "search_text"))
    _bench_data("--companies", "50", "--seed", "3")
    assert list(_bench_companies().values_list("corporate_number", "name", "search_text")) == first
    assert Company.objects.count() == 50
    _bench_data("--companies", "30", "--seed", "4")
    assert Company.objects.count() == 30
    assert list(_bench_companies().values_list("name", flat=True)) != [n for _, n, _ in first][:30]


def test_bench_data_refuses_to_replace_a_real_group(db, group, aoki):
    with pytest.raises(CommandError, match="not to the benchmark region"):
        _bench_data("--companies", "5", "--group-slug", group.slug)
    assert Company.objects.filter(pk=aoki.pk).exists()


def test_bench_data_needs_at_least_one_company(db):
    with pytest.raises(CommandError, match="at least 1"):
        _bench_data("--companies", "0")
    assert not Group.objects.filter(slug="bench").exists()


def test_bench_directory_prints_its_figures_as_json_on_the_last_line(db):
    out = io.StringIO()
    call_command(
        "bench", "directory", "--companies", "200", "--queries", "10", "--json", stdout=out
    )
    lines = out.getvalue().strip().splitlines()
    figures = json.loads(lines[-1])
    assert figures.keys() >= REQUIRED_KEYS
    assert (figures["companies"], figures["queries"]) == (200, 10)
    # Both searches answer the same question: where they disagree the baseline is not a baseline.
    assert figures["mismatches"] == 0, figures["mismatched_queries"]
    assert any("p95" in line for line in lines[:-1])


def test_bench_directory_reuses_data_of_the_same_size(db):
    _bench_data("--companies", "40")
    out = io.StringIO()
    call_command("bench", "directory", "--companies", "40", "--queries", "2", "--json", stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["data_generated"] is False


def test_an_unknown_bench_is_a_clear_error():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("bench", "nonesuch", stdout=io.StringIO())


def test_generated_companies_follow_realistic_distributions() -> None:
    taxonomy = json.loads(Path(TAXONOMY_FILE).read_text(encoding="utf-8"))
    by_category: dict[str, list[str]] = {}
    for process in taxonomy["processes"]:
        by_category.setdefault(process["category"], []).append(process["code"])
    today = dt.date(2025, 6, 1)
    generator = CompanyGenerator(
        seed=1,
        today=today,
        number_prefix="9000",
        processes_by_category=by_category,
        process_names={p["code"]: p["name_ja"] for p in taxonomy["processes"]},
        material_symbols={m["symbol"] for m in taxonomy["materials"]},
    )
    rows = list(generator.rows(3000))
    processes = Counter(code for row in rows for code in row.processes)
    standards = Counter(cert.standard for row in rows for cert in row.certs)
    prefectures = Counter(row.prefecture for row in rows)
    assert processes["five_axis"] < processes["turning"]
    assert 0 < standards["JIS Q 9100"] < standards["ISO 9001"] / 5
    assert any(c.expires_on and c.expires_on < today for row in rows for c in row.certs)
    assert prefectures["愛知県"] > prefectures["鳥取県"]
    assert len({row.houjin_body for row in rows}) == 3000
    assert [row.name for row in generator.rows(5)] == [row.name for row in rows[:5]]


def test_bench_match_ranks_like_the_naive_baseline_and_prints_json(db):
    out = io.StringIO()
    call_command("bench", "match", "--companies", "300", "--rounds", "1", "--json", stdout=out)
    lines = out.getvalue().strip().splitlines()
    figures = json.loads(lines[-1])
    assert figures.keys() >= {"p50_ms", "p95_ms", "baseline_p95_ms", "speedup", "companies"}
    assert figures["companies"] == 300
    assert figures["timed_rankings"] == figures["lines"] == 8
    # The SQL gates and score must pick the same best members as judging every company.
    assert figures["disagreements"] == 0
    assert any("speedup" in line for line in lines[:-1])


def test_bench_match_reports_peak_memory_and_runs_the_baseline_on_the_lines_asked(db):
    out = io.StringIO()
    call_command(
        "bench", "match", "--companies", "300", "--rounds", "1", "--baseline-lines", "2",
        "--json", stdout=out,
    )  # fmt: skip
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["baseline_rankings"] == 2
    assert figures["figures_agree"] is True
    assert figures["rss_mb"] > 0
    assert figures["target_p95_ms"] == 25.0 and figures["target_speedup"] == 100.0


@pytest.mark.skipif(
    postgres_url() is not None, reason="runs SQLite processes of its own: the SQLite pass ran it"
)
def test_bench_notify_receives_every_member_mail_through_the_worker(tmp_path):
    """Run as a user runs it: its own processes on SQLite files, a worker beside it."""
    from renkei.conftest_helpers import process_env, run_renkei
    from renkei.lib.liveserver import migrate

    env = process_env(tmp_path)
    migrate(env)  # a copy of the run's one migrated data dir
    printed = run_renkei(env, "bench", "notify", "--inquiries", "2", "--members", "2", "--json")
    figures = json.loads(printed.strip().splitlines()[-1])
    assert figures.keys() >= {"p50_s", "p95_s", "sent", "received", "baseline_p95_s"}
    assert figures["sent"] == figures["received"] == 4
    assert 0 < figures["p50_s"] <= figures["p95_s"]


@pytest.mark.skipif(
    postgres_url() is not None, reason="runs SQLite processes of its own: the SQLite pass ran it"
)
def test_a_bench_on_a_fresh_data_dir_migrates_it_first(tmp_path):
    """`renkei bench board` as a person runs it on a machine where nothing was set up."""
    from renkei.conftest_helpers import process_env, run_renkei

    printed = run_renkei(
        process_env(tmp_path / "fresh"), "bench", "board", "--inquiries", "5", "--repeat", "1",
        "--json",
    )  # fmt: skip
    assert "not migrated yet: running migrate_all first" in printed
    figures = json.loads(printed.strip().splitlines()[-1])
    assert figures["board_5_p95_ms"] > 0 and figures["page_size"] == 50
