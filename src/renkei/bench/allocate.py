"""`renkei bench allocate`: the allocation proposal (min-cost flow) on generated inputs.

Inputs are generated from a seed (deterministic, no database): members with three to six
processes out of forty, a capacity of one to five packages, work in hand and recent assignments;
packages needing one process (or two), due in 3–60 days, in orders of one to three packages; in
``--quoted`` of the orders (default 60 %) one member's answer was used by the quote, so that
member is preferred for the order's packages. Each round builds the problem, solves it
and explains every choice, as the coordinator's page does; the median of the rounds is reported.
The greedy baseline (soonest due first, each to its cheapest member with room) is computed on
the same inputs in the same run, and its total cost printed beside the solver's.
"""

import random
import statistics
from collections.abc import Callable
from time import perf_counter
from typing import Any

from renkei.lib import allocation as lib

TARGET_MEDIAN_S = 1.0
PROCESSES = 40


def add_arguments(parser: Any) -> None:
    parser.add_argument("--packages", type=int, default=5000, help="open work packages")
    parser.add_argument("--members", type=int, default=2000, help="member companies")
    parser.add_argument("--rounds", type=int, default=5, help="timed solves")
    parser.add_argument("--seed", type=int, default=1, help="input seed")
    parser.add_argument(
        "--quoted", type=float, default=0.6, help="share of orders with a quoting member"
    )


def generate(
    packages: int, members: int, seed: int, quoted: float = 0.6
) -> tuple[list[lib.PackageNeed], list[lib.MemberOffer]]:
    rng = random.Random(seed)
    processes = list(range(1, PROCESSES + 1))
    offers = [
        lib.MemberOffer(
            id=i + 1,
            skills={p: rng.choice((1, 2, 2, 3)) for p in rng.sample(processes, rng.randint(3, 6))},
            capacity=rng.randint(1, 5),
            backlog_days=rng.randint(0, 20),
            recent=rng.randint(0, 8),
        )
        for i in range(members)
    ]
    needs: list[lib.PackageNeed] = []
    while len(needs) < packages:
        # An order of one to three packages; a quoting member is one able to make its first.
        size = min(rng.randint(1, 3), packages - len(needs))
        steps = [tuple(rng.sample(processes, 1 if rng.random() < 0.8 else 2)) for _ in range(size)]
        able = [o.id for o in offers if all(p in o.skills for p in steps[0])]
        quoting = frozenset({rng.choice(able)}) if able and rng.random() < quoted else frozenset()
        for need in steps:
            needs.append(
                lib.PackageNeed(
                    id=len(needs) + 1,
                    process_ids=need,
                    due_day=rng.randint(3, 60),
                    work_days=rng.randint(1, 10),
                    quoted_by=quoting,
                )
            )
    return needs, offers


def run(*, out: Callable[[str], None], **options: Any) -> dict[str, Any]:
    needs, offers = generate(
        options["packages"], options["members"], options["seed"], options.get("quoted", 0.6)
    )
    out(f"allocating {len(needs):,} packages over {len(offers):,} members (seed {options['seed']})")
    timings: list[float] = []
    proposal = None
    for _round in range(max(1, options["rounds"])):
        started = perf_counter()
        proposal = lib.allocate(needs, offers)
        timings.append(perf_counter() - started)
    assert proposal is not None
    started = perf_counter()
    problem = lib.Problem(needs, offers)
    baseline = lib.greedy(problem)
    baseline_s = perf_counter() - started
    baseline_cost = lib.total_cost(problem, baseline)
    report = {
        "median_s": round(statistics.median(timings), 3),
        "max_s": round(max(timings), 3),
        "rounds": len(timings),
        "cost": proposal.cost,
        "baseline_cost": baseline_cost,
        "baseline_s": round(baseline_s, 3),
        "assigned": len(proposal.choices),
        "baseline_assigned": len(baseline),
        "unassigned": len(proposal.unassigned),
        "packages": len(needs),
        "members": len(offers),
        "quoted_packages": sum(1 for n in needs if n.quoted_by),
        "kept_by_quoter": sum(1 for c in proposal.choices if c.quoted),
        "target_median_s": TARGET_MEDIAN_S,
        "meets_target": statistics.median(timings) <= TARGET_MEDIAN_S
        and proposal.cost <= baseline_cost,
    }
    out(f"solver   median {report['median_s']:.3f} s   cost {report['cost']:,}")
    out(f"greedy            {report['baseline_s']:.3f} s   cost {report['baseline_cost']:,}")
    out(f"assigned {report['assigned']:,} (greedy {report['baseline_assigned']:,})")
    verdict = "met" if report["meets_target"] else "MISSED"
    out(f"target median ≤ {TARGET_MEDIAN_S:.0f} s and cost ≤ the greedy baseline's: {verdict}")
    return report
