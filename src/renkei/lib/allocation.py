"""Proposing which member does which open work package: a min-cost flow, and a greedy baseline.

The group cannot order its members (seed l.1128–1150): what this computes is a *proposal* the
coordinator accepts or edits, and each package it names still waits for the member company's own
approver (seed l.1246–1262). Plain Python with numpy and OR-Tools; no Django.

The network: source → package (capacity 1) → each capable member (the pair's cost) → sink through
one arc per unit of the member's capacity, each dearer than the last (a member given many
packages in one proposal costs more, so work rotates). Every package also has an arc straight to
the sink at ``UNASSIGNED_COST``, so the flow is always feasible and leaves a package open only
when no capable member has room. The greedy baseline (each package, soonest due first, to its
cheapest capable member with room left) is a feasible flow of the same network, and the arc it
uses is always kept, so the optimum can never cost more than the baseline.

A package may name the members whose answers its order's quote used (``quoted_by``): they
promised the customer the price and the lead time, so they are its default. Each counts as able
to make it (their "can do" answer covered the line) and every other member pays
``QUOTER_PREFERENCE`` on it, more than the worst lateness, fit and rotation together, so a
quoting member with room always wins, and another member gets the package only when they are
all full.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

I64 = npt.NDArray[np.int64]

UNASSIGNED_COST = 100_000
FIT_COST = {3: 0, 2: 10, 1: 20}  # skill level → cost: equipment for it (3), offers it (2), some (1)
LATE_COST_PER_DAY = 40  # the due date matters more than the fit
LATE_CAP_DAYS = 30
ROTATION_COST = 8  # per package the member was given recently (fair rotation)
RECENT_CAP = 50
LOAD_STEP_COST = 3  # each further package to one member within the same proposal
CANDIDATES_PER_PACKAGE = 30  # cheapest arcs kept per package (plus the baseline's)
QUOTER_PREFERENCE = 2_000  # > LATE_CAP_DAYS * LATE_COST_PER_DAY + worst fit + RECENT_CAP rotation

NO_CAPABLE_MEMBER = "no_capable_member"
NO_CAPACITY = "no_capacity"


@dataclass(frozen=True)
class PackageNeed:
    """An open package: the processes it needs (empty: anyone), its due day and work days,
    and the members whose answers the quote of its order used."""

    id: int
    process_ids: tuple[int, ...]
    due_day: int  # days from today
    work_days: int
    quoted_by: frozenset[int] = frozenset()  # member ids


@dataclass(frozen=True)
class MemberOffer:
    """A member company: its skill per process (1–3), room for more packages, days of work it
    already has, and packages it was given recently."""

    id: int
    skills: Mapping[int, int]
    capacity: int
    backlog_days: int
    recent: int


@dataclass(frozen=True)
class Choice:
    """One package given to one member, with the parts of its cost that explain it."""

    package_id: int
    member_id: int
    cost: int
    fit_cost: int
    late_days: int
    rotation_cost: int
    load_cost: int
    runner_up_id: int | None
    runner_up_cost: int | None
    quoted: bool = False  # the member's answer was used by the package's quote


@dataclass(frozen=True)
class Unassigned:
    package_id: int
    reason: str  # NO_CAPABLE_MEMBER or NO_CAPACITY


@dataclass(frozen=True)
class Allocation:
    choices: list[Choice]
    unassigned: list[Unassigned]
    cost: int


@dataclass
class _Group:
    """The packages needing the same processes, and their capable members with room: one cost
    matrix (package rows × member columns), so the work is done by numpy, not per pair."""

    rows: I64  # package indices
    members: I64  # member indices, ascending
    fit: I64  # per member
    cost: I64  # rows × members
    late: I64  # rows × members


class Problem:
    """The costs of every (package, capable member) pair, computed once for both solvers."""

    def __init__(self, packages: Sequence[PackageNeed], members: Sequence[MemberOffer]) -> None:
        self.packages = list(packages)
        self.members = list(members)
        self.capacity: I64 = np.array([max(0, m.capacity) for m in members], dtype=np.int64)
        self.backlog: I64 = np.array([max(0, m.backlog_days) for m in members], dtype=np.int64)
        recent = np.array([min(max(0, m.recent), RECENT_CAP) for m in members], dtype=np.int64)
        self.rotation: I64 = recent * ROTATION_COST
        by_process: dict[int, dict[int, int]] = {}
        for index, member in enumerate(members):
            for process, level in member.skills.items():
                by_process.setdefault(process, {})[index] = level
        index_of = {member.id: index for index, member in enumerate(members)}
        # The quoting members of each package (as member indices).
        self.quoted = [
            frozenset(index_of[m] for m in package.quoted_by if m in index_of)
            for package in packages
        ]
        # Packages share a cost matrix when they need the same processes; a quoting member that
        # does not list them joins the matrix as well (the packages of one order line share it).
        capable: dict[tuple[int, ...], dict[int, int]] = {}
        needs: dict[tuple[tuple[int, ...], frozenset[int]], list[int]] = {}
        for index, package in enumerate(packages):
            need = tuple(sorted(set(package.process_ids)))
            if need not in capable:
                capable[need] = self._levels(need, by_process)
            extra = frozenset(m for m in self.quoted[index] if m not in capable[need])
            needs.setdefault((need, extra), []).append(index)
        self.groups: list[_Group] = []
        self.capable_anyone: set[int] = set()  # package indices some member can make at all
        self.where = np.zeros((len(packages), 2), dtype=np.int64)  # (group, row) per package
        for (need, extra), indices in needs.items():
            levels = dict(capable[need])
            for member_index in extra:  # their "can do" answer covered this line
                levels[member_index] = 1
            if levels:
                self.capable_anyone.update(indices)
            order = sorted(i for i in levels if self.capacity[i] > 0)
            self._add_group(np.array(indices, dtype=np.int64), order, levels)

    def _levels(
        self, need: tuple[int, ...], by_process: dict[int, dict[int, int]]
    ) -> dict[int, int]:
        if not need:
            return {i: 2 for i in range(len(self.members))}
        maps = [by_process.get(p, {}) for p in need]
        common = set(maps[0]).intersection(*maps[1:])
        return {i: min(m[i] for m in maps) for i in common}

    def _add_group(self, rows: I64, order: list[int], levels: dict[int, int]) -> None:
        members = np.array(order, dtype=np.int64)
        fit = np.array([FIT_COST.get(levels[i], 20) for i in order], dtype=np.int64)
        work = np.array([self.packages[i].work_days for i in rows], dtype=np.int64)
        due = np.array([self.packages[i].due_day for i in rows], dtype=np.int64)
        late = np.clip(self.backlog[members][None, :] + (work - due)[:, None], 0, None)
        cost = (
            fit[None, :]
            + np.minimum(late, LATE_CAP_DAYS) * LATE_COST_PER_DAY
            + self.rotation[members][None, :]
        )
        cost = cost + self._preference(rows, members)
        self.where[rows, 0] = len(self.groups)
        self.where[rows, 1] = np.arange(len(rows))
        self.groups.append(_Group(rows, members, fit, cost, late))

    def _preference(self, rows: I64, members: I64) -> I64:
        """QUOTER_PREFERENCE on every member but the quoting ones, in the rows of packages
        that have a quoting member with room (elsewhere nothing)."""
        penalty = np.zeros((len(rows), len(members)), dtype=np.int64)
        for row, index in enumerate(rows.tolist()):
            quoted = self.quoted[index]
            if not quoted:
                continue
            wanted = np.fromiter(quoted, dtype=np.int64, count=len(quoted))
            cols = np.searchsorted(members, wanted)
            cols = cols[
                (cols < len(members)) & (members[np.minimum(cols, len(members) - 1)] == wanted)
            ]
            if len(cols):
                penalty[row] = QUOTER_PREFERENCE
                penalty[row, cols] = 0
        return penalty

    def pair(self, index: int) -> tuple[I64, I64]:
        """(members, cost) of one package's capable members with room."""
        group = self.groups[int(self.where[index, 0])]
        return group.members, group.cost[int(self.where[index, 1])]


def greedy(problem: Problem) -> dict[int, int]:
    """The baseline: package index → member index, soonest due first, cheapest with room."""
    remaining = problem.capacity.copy()
    given = np.zeros(len(problem.members), dtype=np.int64)
    chosen: dict[int, int] = {}
    never = np.iinfo(np.int64).max
    order = sorted(range(len(problem.packages)), key=lambda i: _due_order(problem, i))
    for index in order:
        members, cost = problem.pair(index)
        if not len(members):
            continue
        room = remaining[members] > 0
        marginal = np.where(room, cost + given[members] * LOAD_STEP_COST, never)
        best = int(np.argmin(marginal))
        if marginal[best] == never:
            continue
        member = int(members[best])
        chosen[index] = member
        remaining[member] -= 1
        given[member] += 1
    return chosen


def _due_order(problem: Problem, index: int) -> tuple[int, int]:
    package = problem.packages[index]
    return package.due_day, package.id


@dataclass
class _Chosen:
    """The chosen pairs with their costs and the best alternative, computed group by group."""

    packages: I64
    members: I64
    cost: I64
    fit: I64
    late: I64
    runner_member: I64  # -1: nobody else
    runner_cost: I64


def _gather(problem: Problem, chosen: Mapping[int, int]) -> _Chosen:
    parts: list[tuple[I64, ...]] = []
    if chosen:
        packages = np.fromiter(chosen.keys(), dtype=np.int64, count=len(chosen))
        picked = np.fromiter(chosen.values(), dtype=np.int64, count=len(chosen))
        group_of = problem.where[packages, 0]
        for g in np.unique(group_of):
            group = problem.groups[int(g)]
            mask = group_of == g
            rows = problem.where[packages[mask], 1]
            cols = np.searchsorted(group.members, picked[mask])
            cost = group.cost[rows, cols]
            others = group.cost[rows].copy()
            others[np.arange(len(rows)), cols] = np.iinfo(np.int64).max
            best = np.argmin(others, axis=1)
            best_cost = others[np.arange(len(rows)), best]
            alone = best_cost == np.iinfo(np.int64).max
            parts.append(
                (
                    packages[mask],
                    picked[mask],
                    cost,
                    group.fit[cols],
                    group.late[rows, cols],
                    np.where(alone, -1, group.members[best]),
                    np.where(alone, -1, best_cost),
                )
            )
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return _Chosen(empty, empty, empty, empty, empty, empty, empty)
    return _Chosen(*(np.concatenate(column) for column in zip(*parts, strict=True)))


def total_cost(problem: Problem, chosen: Mapping[int, int]) -> int:
    """The objective both solvers are judged by: pair costs, load steps and open packages."""
    gathered = _gather(problem, chosen)
    given = np.bincount(gathered.members, minlength=len(problem.members))
    load = int((LOAD_STEP_COST * given * (given - 1) // 2).sum())
    unassigned = UNASSIGNED_COST * (len(problem.packages) - len(chosen))
    return int(gathered.cost.sum()) + load + unassigned


def solve(problem: Problem, baseline: Mapping[int, int] | None = None) -> dict[int, int]:
    """The min-cost flow: package index → member index."""
    n_packages, n_members = len(problem.packages), len(problem.members)
    if baseline is None:
        baseline = greedy(problem)
    source, sink, first_member = 0, n_packages + n_members + 1, n_packages + 1
    package_nodes = np.arange(1, n_packages + 1, dtype=np.int64)
    ones = np.ones(n_packages, dtype=np.int64)
    tails = [np.full(n_packages, source, dtype=np.int64), package_nodes]
    heads = [package_nodes, np.full(n_packages, sink, dtype=np.int64)]
    costs = [ones * 0, ones * UNASSIGNED_COST]
    pair_start = 2 * n_packages
    for group in problem.groups:
        width = len(group.members)
        if not width or not len(group.rows):
            continue
        if width > CANDIDATES_PER_PACKAGE:
            keep = np.argpartition(group.cost, CANDIDATES_PER_PACKAGE - 1, axis=1)
            keep = keep[:, :CANDIDATES_PER_PACKAGE]
        else:
            keep = np.broadcast_to(np.arange(width), (len(group.rows), width))
        tails.append(np.repeat(group.rows + 1, keep.shape[1]))
        heads.append((group.members[keep] + first_member).ravel())
        costs.append(np.take_along_axis(group.cost, keep, axis=1).ravel())
    if baseline:  # the baseline's own arcs, so that the optimum is never worse than it
        base = _gather(problem, baseline)
        tails.append(base.packages + 1)
        heads.append(base.members + first_member)
        costs.append(base.cost)
    pair_end = sum(len(t) for t in tails)
    room = problem.capacity
    members_with_room = np.flatnonzero(room)
    tier_members = np.repeat(members_with_room, room[members_with_room])
    tier_starts = np.cumsum(room[members_with_room]) - room[members_with_room]
    tiers = np.arange(len(tier_members)) - np.repeat(tier_starts, room[members_with_room])
    tails.append(tier_members + first_member)
    heads.append(np.full(len(tier_members), sink, dtype=np.int64))
    costs.append(tiers * LOAD_STEP_COST)
    tail, head, cost = np.concatenate(tails), np.concatenate(heads), np.concatenate(costs)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tail, head, np.ones(len(tail), dtype=np.int64), cost)
    flow.set_nodes_supplies(
        np.array([source, sink], dtype=np.int64), np.array([n_packages, -n_packages])
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    used = np.asarray(flow.flows(np.arange(pair_start, pair_end, dtype=np.int64)))
    hit = np.flatnonzero(used) + pair_start
    return {int(t) - 1: int(h) - first_member for t, h in zip(tail[hit], head[hit], strict=True)}


def explain(problem: Problem, chosen: Mapping[int, int]) -> Allocation:
    """The choices with the parts of each cost, and why the rest stay open."""
    gathered = _gather(problem, chosen)
    order = sorted(
        range(len(gathered.packages)), key=lambda k: _due_order(problem, int(gathered.packages[k]))
    )
    given: dict[int, int] = {}
    choices = []
    for k in order:
        member = int(gathered.members[k])
        load = given.get(member, 0) * LOAD_STEP_COST
        given[member] = given.get(member, 0) + 1
        runner = int(gathered.runner_member[k])
        package = problem.packages[int(gathered.packages[k])]
        choices.append(
            Choice(
                package_id=package.id,
                member_id=problem.members[member].id,
                cost=int(gathered.cost[k]) + load,
                fit_cost=int(gathered.fit[k]),
                late_days=int(gathered.late[k]),
                rotation_cost=int(problem.rotation[member]),
                load_cost=load,
                runner_up_id=problem.members[runner].id if runner >= 0 else None,
                runner_up_cost=int(gathered.runner_cost[k]) if runner >= 0 else None,
                quoted=problem.members[member].id in package.quoted_by,
            )
        )
    unassigned = [
        Unassigned(
            package_id=package.id,
            reason=NO_CAPACITY if index in problem.capable_anyone else NO_CAPABLE_MEMBER,
        )
        for index, package in enumerate(problem.packages)
        if index not in chosen
    ]
    return Allocation(choices=choices, unassigned=unassigned, cost=total_cost(problem, chosen))


def allocate(packages: Sequence[PackageNeed], members: Sequence[MemberOffer]) -> Allocation:
    """The proposal: the min-cost flow's assignment, explained."""
    problem = Problem(packages, members)
    return explain(problem, solve(problem))
