"""`renkei bench allocate`: the command surface and the figures it prints, never timings."""

import io
import json

from django.core.management import call_command


def test_bench_allocate_prints_json_with_the_solver_not_worse_than_greedy():
    out = io.StringIO()
    call_command(
        "bench",
        "allocate",
        "--packages",
        "300",
        "--members",
        "120",
        "--rounds",
        "2",
        "--json",
        stdout=out,
    )

    figures = json.loads(out.getvalue().strip().splitlines()[-1])

    assert {"median_s", "cost", "baseline_cost"} <= set(figures)
    assert figures["cost"] <= figures["baseline_cost"]
    assert figures["packages"] == 300 and figures["rounds"] == 2
    assert "greedy" in out.getvalue()


def test_the_same_seed_gives_the_same_cost():
    costs = []
    for _ in range(2):
        out = io.StringIO()
        call_command(
            "bench",
            "allocate",
            "--packages",
            "100",
            "--members",
            "40",
            "--rounds",
            "1",
            "--json",
            stdout=out,
        )
        costs.append(json.loads(out.getvalue().strip().splitlines()[-1])["cost"])
    assert costs[0] == costs[1]
