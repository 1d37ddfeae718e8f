"""`renkei bench preview`: the command runs and reports its figures, never timings."""

import io
import json

from django.core.management import call_command


def test_bench_preview_prints_per_format_figures_as_json():
    out = io.StringIO()
    call_command("bench", "preview", "--repeat", "1", "--json", stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert figures["repeat"] == 1
    assert set(figures["formats"]) == {"pdf", "dxf", "step", "stl", "png"}
    for row in figures["formats"].values():
        assert set(row) == {
            "file_kb", "median_ms", "peak_rss_mb", "baseline_in_process_ms",
            "baseline_read_ms", "sandbox_overhead_ms",
        }  # fmt: skip
        assert row["median_ms"] > 0 and row["peak_rss_mb"] > 0
    assert "failed" not in out.getvalue()
