"""The directory page's search on the cached index finds what the SQL search and the naive
baseline find, on generated benchmark data: the same companies, counts, filter counts, order."""

import pytest

from renkei.bench.dataset import make_bench_data
from renkei.bench.directory import QUERIES
from renkei.directory.search import (
    Filters,
    facet_counts,
    ids_in,
    naive_search,
    search_directory,
)
from renkei.orgs.models import Company

pytestmark = pytest.mark.django_db

HOSTILE = (
    "%", "_", "\\", "%_%", "' OR 1=1 --", '"; DROP TABLE orgs_company; --', "\x00", "a\x00b",
    "±", "mm", "0mm", "±abc", "×", "JIS", "ＩＳＯ　９００１", "<script>", "🔩" * 50, "あ" * 200,
)  # fmt: skip


@pytest.fixture
def bench_group():
    return make_bench_data(companies=400, group_slug="bench-test", seed=5).group


def _display_key(ids: list[int]) -> list[tuple[str, str]]:
    names = dict(Company.objects.filter(pk__in=ids).values_list("pk", "kana"))
    given = dict(Company.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [(names[pk], given[pk]) for pk in ids]


@pytest.mark.parametrize("include_unlisted", [True, False])
def test_index_search_finds_what_the_naive_search_finds(bench_group, include_unlisted):
    for text in (*QUERIES, *HOSTILE):
        fast = search_directory(group=bench_group, text=text, include_unlisted=include_unlisted)
        if "\x00" in text:
            # No search text holds a NUL: nothing matches. (SQLite's LIKE stopped reading the
            # word at the NUL and matched everyone; PostgreSQL refuses the parameter.)
            assert fast.ids == [], repr(text)
            continue
        sql = search_directory(
            group=bench_group, text=text, include_unlisted=include_unlisted, use_index=False
        )
        assert fast.ids is not None
        assert fast.total == sql.total == len(fast.ids), text
        assert set(fast.ids) == set(sql.companies.values_list("pk", flat=True)), text
        assert fast.facets == sql.facets, text
        if include_unlisted:
            naive = naive_search(text, bench_group)
            assert set(fast.ids) == set(naive), text
            # The same order, up to companies of the same kana and name.
            assert _display_key(fast.ids) == _display_key(naive), text
            if fast.ids:
                assert fast.facets == facet_counts(ids_in(naive), bench_group), text


FILTERS = (
    {"prefecture": "愛知県"},
    {"prefecture": "北海道", "batch_band": "0-50"},
    {"batch_band": "5000+"},
    {"circle": "core"},
    {"category": "machining"},
    {"family": "stainless"},
    {"standard": "ISO 9001"},
    {"category": "machining", "standard": "ISO 14001", "prefecture": "大阪府"},
    {"prefecture": "nowhere"},
    {"category": "no-such-category"},
    {"standard": "ISO 99999"},
    {"circle": "no-such-circle"},
)


@pytest.mark.parametrize("chosen", FILTERS)
def test_index_filters_keep_what_the_sql_filters_keep(bench_group, chosen):
    filters = Filters(**chosen)
    for text in ("", "旋盤", "SUS304", "試作", "ISO 9001 研磨"):
        fast = search_directory(group=bench_group, text=text, filters=filters)
        sql = search_directory(group=bench_group, text=text, filters=filters, use_index=False)
        assert fast.total == sql.total, (text, chosen)
        assert fast.ids == list(sql.companies.order_by("kana", "name", "pk").values_list(
            "pk", flat=True
        )), (text, chosen)  # fmt: skip
        assert fast.facets == sql.facets, (text, chosen)


def test_the_page_reads_only_its_own_rows_in_order(bench_group, django_assert_max_num_queries):
    result = search_directory(group=bench_group, text="", include_unlisted=True)
    assert result.total == 400
    with django_assert_max_num_queries(3):  # the companies, their processes, the processes
        page = result.listing.prefetch_related("company_processes__process")[30:60]
        processes = [list(c.company_processes.all()) for c in page]
    names = [(c.kana, c.name) for c in page]
    assert all(processes)
    assert [c.pk for c in page] == result.ids[30:60]
    assert names == sorted(names)


def test_a_change_through_a_service_is_seen_by_the_next_search(bench_group):
    from renkei.capabilities.models import Process
    from renkei.capabilities.services import set_processes

    before = search_directory(group=bench_group, text="", include_unlisted=True)
    company = Company.objects.get(pk=before.ids[0])
    process = Process.objects.get(code="five_axis")
    had = search_directory(group=bench_group, text="5軸", include_unlisted=True).ids or []
    set_processes(actor=None, company=company, processes=[process])
    now = search_directory(group=bench_group, text="5軸", include_unlisted=True).ids or []
    assert company.pk in now
    assert set(now) - {company.pk} == set(had) - {company.pk}
