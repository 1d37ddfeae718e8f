"""Timing of a project's chain of work packages: earliest finish and the critical path.

A package may wait for others (machining → plating → inspection, seed l.4501–4560); the longest
chain of dependent packages by remaining work decides when the whole job can be delivered, so it
is the one the coordinator watches. Plain Python, no Django.
"""

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """A package as the schedule sees it: work days left and the packages it waits for."""

    id: int
    remaining_days: int
    after: tuple[int, ...] = ()


def earliest_finish(steps: Mapping[int, Step]) -> dict[int, int]:
    """Days from today until each package can be finished, if each starts as soon as the packages
    it waits for are done. Links to unknown packages are ignored; a cycle is cut where found."""
    finish: dict[int, int] = {}
    visiting: set[int] = set()

    def visit(step_id: int) -> int:
        if step_id in finish:
            return finish[step_id]
        visiting.add(step_id)
        step = steps[step_id]
        start = 0
        for before in step.after:
            if before in steps and before not in visiting:
                start = max(start, visit(before))
        visiting.discard(step_id)
        finish[step_id] = start + max(0, step.remaining_days)
        return finish[step_id]

    for step_id in sorted(steps):
        visit(step_id)
    return finish


def critical_path(steps: Mapping[int, Step]) -> list[int]:
    """The longest chain of dependent packages by remaining work, first to last. Ties go to the
    lower id, so the answer is stable."""
    if not steps:
        return []
    finish = earliest_finish(steps)
    last = min(steps, key=lambda i: (-finish[i], i))
    path = [last]
    seen = {last}
    while True:
        step = steps[path[-1]]
        before = [b for b in step.after if b in steps and b not in seen]
        if not before:
            break
        chosen = min(before, key=lambda i: (-finish[i], i))
        path.append(chosen)
        seen.add(chosen)
    return list(reversed(path))
