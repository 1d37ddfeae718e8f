"""Earliest finish and the critical path of a chain of packages, without Django."""

from renkei.lib.schedule import Step, critical_path, earliest_finish


def test_the_critical_path_is_the_longest_dependent_chain():
    steps = {
        1: Step(1, 5),  # machining
        2: Step(2, 2, (1,)),  # plating after machining
        3: Step(3, 1, (2,)),  # inspection after plating
        4: Step(4, 6),  # a bought-in part, on its own
    }

    assert earliest_finish(steps) == {1: 5, 2: 7, 3: 8, 4: 6}
    assert critical_path(steps) == [1, 2, 3]


def test_a_finished_package_counts_nothing():
    steps = {1: Step(1, 0), 2: Step(2, 2, (1,)), 3: Step(3, 3)}
    assert critical_path(steps) == [3]


def test_a_cycle_or_an_unknown_link_does_not_hang():
    steps = {1: Step(1, 1, (2,)), 2: Step(2, 1, (1, 99))}
    finish = earliest_finish(steps)
    assert set(finish) == {1, 2}
    assert len(critical_path(steps)) == 2


def test_no_packages_no_path():
    assert critical_path({}) == []
