"""`renkei bench load --saturate`: how many requests a second one `renkei serve` answers.

The same people and the same mix of pages as the load (renkei.bench.load_people), but without
think time: each asks again the moment it is answered. They come in steps — 1, 2, 4, 8, …
people, ``--step-seconds`` each — until throughput stops rising (a step less than 5 % above the
best so far, three times in a row: two steps with too few people to fill both processes' cores
can dip by chance) or ``--max-users`` is reached. ``rps_max`` is the best step's
requests per second, with that step's p95 over every page.

Before the first step the bench waits (at most ``--settle-seconds``) until the task queue
that loading the demo filled is empty — its mail and the settlement PDFs it renders: a server
that has been up a while is not working off its first minute, and on two cores that backlog
would be measured instead of the pages. The tasks the load's own inquiries enqueue are part of
the load and are not waited for.

The same-run baseline is ``/healthz`` alone under the same ramp: what the server, the machine
and the bench's own HTTP client manage for a request that renders no page, so a figure taken
while other work shares the cores can be read against it (``machine_load_1m`` says how busy).
"""

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from renkei.bench.directory import percentile
from renkei.bench.load_people import Facts, Person, Sample, Shared, timed_get

RISE = 1.05  # a step must beat the best so far by 5 % to count as still rising
FLAT_STEPS = 3  # this many steps in a row that do not: saturated
TARGET_RPS = 90.0
ROLES = ("visitor", "coordinator", "member", "visitor", "visitor")
SETTLE_SECONDS = 300.0
SETTLE_POLL = 1.0


def add_arguments(parser: Any) -> None:
    parser.add_argument(
        "--saturate",
        action="store_true",
        help="no think time; more people step by step until throughput stops rising",
    )
    parser.add_argument("--step-seconds", type=float, default=15.0, help="length of each step")
    parser.add_argument("--max-users", type=int, default=64, help="the last step's people")
    parser.add_argument(
        "--settle-seconds",
        type=float,
        default=SETTLE_SECONDS,
        help="at most this long, wait for the demo's own tasks to be done first (0: not at all)",
    )


@dataclass
class Step:
    users: int
    seconds: float
    samples: list[Sample]

    @property
    def rps(self) -> float:
        return len(self.samples) / max(self.seconds, 1e-6)

    def as_json(self) -> dict[str, Any]:
        times = [s.ms for s in self.samples if s.kind != "login"]
        return {
            "users": self.users,
            "rps": round(self.rps, 1),
            "p50_ms": round(percentile(times or [0.0], 50), 1),
            "p95_ms": round(percentile(times or [0.0], 95), 1),
            "requests": len(self.samples),
            "errors": sum(1 for s in self.samples if s.error),
        }


def _ramp(
    run_step: Callable[[int], Step], max_users: int, out: Callable[[str], None]
) -> list[Step]:
    steps: list[Step] = []
    best, flat, users = 0.0, 0, 1
    while users <= max_users:
        step = run_step(users)
        steps.append(step)
        figures = step.as_json()
        out(
            f"  {users:>3} people: {figures['rps']:6.1f} requests/s, p95 {figures['p95_ms']:6.1f} "
            f"ms, {figures['errors']} errors"
        )
        if step.rps > best * RISE:
            best, flat = step.rps, 0
        else:
            flat += 1
            if flat >= FLAT_STEPS:
                break
        users *= 2
    return steps


def _people_step(
    url: str, facts: Facts, pdf: bytes, shared: Shared, seconds: float, seed: int
) -> Callable[[int], Step]:
    def run_step(users: int) -> Step:
        before = len(shared.samples)
        people = [
            Person(
                number=n,
                role=ROLES[n % len(ROLES)],
                base_url=url,
                facts=facts,
                seed=seed + users,
                shared=shared,
                pdf=pdf,
                think=(0.0, 0.0),
            )
            for n in range(users)
        ]
        # Signed in before the step's clock starts: a login hashes a password (slow on purpose)
        # and is no page a person asks for again and again.
        for person in people:
            person.sign_in()
        started = time.monotonic()
        until = started + seconds
        threads = [
            threading.Thread(target=_work, args=(p, until), daemon=True, name=f"saturate-{n}")
            for n, p in enumerate(people)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with shared.lock:
            samples = shared.samples[before:]
        return Step(users, time.monotonic() - started, samples)

    return run_step


def _work(person: Person, until: float) -> None:
    while time.monotonic() < until:
        person.step()


def _healthz_step(url: str, seconds: float) -> Callable[[int], Step]:
    def run_step(users: int) -> Step:
        samples: list[Sample] = []
        lock = threading.Lock()
        until = time.monotonic() + seconds

        def ask() -> None:
            while time.monotonic() < until:
                at = time.monotonic()
                ms, status, _body = timed_get(url)
                with lock:
                    samples.append(Sample("healthz", ms, status, "" if status == 200 else "x", at))

        started = time.monotonic()
        threads = [threading.Thread(target=ask, daemon=True) for _n in range(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return Step(users, time.monotonic() - started, samples)

    return run_step


def tasks_waiting(url: str) -> int | None:
    """The due tasks /healthz counts as waiting for a worker (None when it cannot say)."""
    _ms, status, body = timed_get(url + "/healthz")
    try:
        return int(json.loads(body)["tasks"]["waiting"]) if status in (200, 503) else None
    except (ValueError, KeyError, TypeError):
        return None


def settle(url: str, most: float, out: Callable[[str], None]) -> dict[str, Any]:
    """Waits until /healthz says no task waits, at most ``most`` seconds; returns how long it
    took, what was waiting at first and what still waited when the load began."""
    started = time.monotonic()
    first: int | None = None
    waiting: int | None = None
    while True:
        waiting = tasks_waiting(url)
        if first is None and waiting is not None:
            first = waiting
            out(f"{waiting} tasks of loading the demo waiting; the load starts once they are done")
        if waiting == 0 or time.monotonic() - started >= most:
            break
        time.sleep(SETTLE_POLL)
    return {
        "settle_s": round(time.monotonic() - started, 1),
        "tasks_waiting_before_settle": first,
        "tasks_waiting_at_start": waiting,
    }


def saturate(
    options: dict[str, Any],
    url: str,
    facts: Facts,
    pdf: bytes,
    shared: Shared,
    out: Callable[[str], None],
) -> dict[str, Any]:
    """Runs both ramps; returns their figures for the load's report."""
    seconds, max_users = options["step_seconds"], options["max_users"]
    settled = settle(url, options.get("settle_seconds", SETTLE_SECONDS), out)
    load_before = round(os.getloadavg()[0], 2)
    out(f"/healthz alone, {seconds:.0f} s a step …")
    health = _ramp(_healthz_step(url + "/healthz", seconds / 3), max_users, out)
    out(f"the mixed pages without think time, {seconds:.0f} s a step …")
    steps = _ramp(_people_step(url, facts, pdf, shared, seconds, options["seed"]), max_users, out)
    best = max(steps, key=lambda s: s.rps)
    best_health = max(health, key=lambda s: s.rps)
    report = {
        "rps_max": round(best.rps, 1),
        "p95_at_rps_max_ms": best.as_json()["p95_ms"],
        "users_at_rps_max": best.users,
        "target_rps": TARGET_RPS,
        "steps": [s.as_json() for s in steps],
        "healthz_rps_max": round(best_health.rps, 1),
        "healthz_p95_at_rps_max_ms": best_health.as_json()["p95_ms"],
        "healthz_steps": [s.as_json() for s in health],
        "step_seconds": seconds,
        "saturate_machine_load_1m": [load_before, round(os.getloadavg()[0], 2)],
        # The load's own inquiries leave their mail and drawing previews to the workers: what
        # they had not yet done when the last step ended (the load's drain then waits for it).
        "tasks_waiting_at_end": tasks_waiting(url),
        "cpus": os.cpu_count(),
        **settled,
    }
    out(
        f"rps_max {report['rps_max']} with {best.users} people (p95 "
        f"{report['p95_at_rps_max_ms']} ms; target ≥ {TARGET_RPS:.0f}); /healthz alone "
        f"{report['healthz_rps_max']} requests/s"
    )
    return report
