"""The allocation proposal: min-cost flow against the greedy baseline, without Django."""

import random

from renkei.lib.allocation import (
    NO_CAPABLE_MEMBER,
    NO_CAPACITY,
    MemberOffer,
    PackageNeed,
    Problem,
    allocate,
    greedy,
    solve,
    total_cost,
)


def _member(member_id, skills, capacity=3, backlog=0, recent=0):
    return MemberOffer(member_id, skills, capacity, backlog, recent)


def test_each_package_goes_to_a_capable_member_within_capacity():
    packages = [PackageNeed(i, (1,), 30, 2) for i in range(4)]
    members = [
        _member(10, {1: 3}, capacity=2),
        _member(11, {1: 2}, capacity=2),
        _member(12, {2: 3}),
    ]

    proposal = allocate(packages, members)

    given = [c.member_id for c in proposal.choices]
    assert sorted(given) == [10, 10, 11, 11]
    assert proposal.unassigned == []


def test_a_package_nobody_can_make_is_reported_with_why():
    packages = [
        PackageNeed(1, (7,), 10, 1),
        PackageNeed(2, (1,), 10, 1),
        PackageNeed(3, (1,), 11, 1),
    ]
    members = [_member(10, {1: 3}, capacity=1)]

    proposal = allocate(packages, members)

    reasons = {u.package_id: u.reason for u in proposal.unassigned}
    assert reasons[1] == NO_CAPABLE_MEMBER
    assert list(reasons.values()).count(NO_CAPACITY) == 1
    assert len(proposal.choices) == 1


def test_a_member_that_would_be_late_loses_to_one_that_is_on_time():
    packages = [PackageNeed(1, (1,), 5, 3)]
    members = [_member(10, {1: 3}, backlog=10), _member(11, {1: 2}, backlog=0)]

    [choice] = allocate(packages, members).choices

    assert choice.member_id == 11
    assert choice.late_days == 0
    assert choice.runner_up_id == 10


def test_recent_work_rotates_packages_to_others():
    packages = [PackageNeed(1, (1,), 30, 1)]
    members = [_member(10, {1: 3}, recent=5), _member(11, {1: 3}, recent=0)]

    [choice] = allocate(packages, members).choices

    assert choice.member_id == 11


def test_the_solver_is_never_worse_than_the_greedy_baseline():
    rng = random.Random(3)
    for _round in range(5):
        members = [
            _member(
                i,
                {p: rng.choice([1, 2, 3]) for p in rng.sample(range(8), 3)},
                rng.randint(0, 3),
                rng.randint(0, 9),
                rng.randint(0, 4),
            )
            for i in range(25)
        ]
        packages = [
            PackageNeed(
                i,
                tuple(rng.sample(range(8), rng.choice([1, 1, 2]))),
                rng.randint(1, 20),
                rng.randint(1, 6),
                frozenset(rng.sample(range(25), rng.choice([0, 0, 1, 2]))),
            )
            for i in range(60)
        ]
        problem = Problem(packages, members)
        baseline = greedy(problem)
        chosen = solve(problem, baseline)
        assert total_cost(problem, chosen) <= total_cost(problem, baseline)
        loads = {}
        for member in chosen.values():
            loads[member] = loads.get(member, 0) + 1
        assert all(loads[m] <= members[m].capacity for m in loads)


def test_the_solver_beats_greedy_where_greedy_grabs_the_only_fit():
    # Greedy gives the first-due package to the cheap member 10, leaving package 2 (which only
    # member 10 can make) open; the flow sees both.
    packages = [PackageNeed(1, (1,), 1, 1), PackageNeed(2, (2,), 2, 1)]
    members = [_member(10, {1: 3, 2: 3}, capacity=1), _member(11, {1: 2}, capacity=1)]
    problem = Problem(packages, members)

    baseline, chosen = greedy(problem), solve(problem)

    assert len(baseline) == 1
    assert len(chosen) == 2
    assert total_cost(problem, chosen) < total_cost(problem, baseline)


def test_nothing_to_allocate_is_an_empty_proposal():
    proposal = allocate([], [_member(1, {1: 3})])
    assert proposal.choices == [] and proposal.unassigned == [] and proposal.cost == 0


def test_the_member_whose_answer_the_quote_used_keeps_the_package():
    # Member 11 quoted: it wins over 10, which fits better, is idle and is on time, and over 12,
    # which never answered; 11 would even be a little late.
    packages = [PackageNeed(1, (1,), 5, 3, quoted_by=frozenset({11}))]
    members = [_member(10, {1: 3}), _member(11, {1: 2}, backlog=4, recent=6), _member(12, {1: 3})]

    [choice] = allocate(packages, members).choices

    assert choice.member_id == 11 and choice.quoted
    assert choice.late_days == 2


def test_a_quoting_member_is_capable_of_the_line_it_answered_for():
    # Nobody lists process 7, but member 10's "can do" answer covered the line.
    packages = [PackageNeed(1, (7,), 10, 1, quoted_by=frozenset({10}))]
    members = [_member(10, {1: 3}), _member(11, {1: 3})]

    [choice] = allocate(packages, members).choices

    assert choice.member_id == 10 and choice.quoted


def test_when_the_quoting_member_is_full_another_takes_the_package():
    packages = [PackageNeed(i, (1,), 10, 1, quoted_by=frozenset({10})) for i in range(3)]
    members = [_member(10, {1: 3}, capacity=2), _member(11, {1: 3})]

    proposal = allocate(packages, members)

    given = sorted((c.member_id, c.quoted) for c in proposal.choices)
    assert given == [(10, True), (10, True), (11, False)]
    assert proposal.unassigned == []
