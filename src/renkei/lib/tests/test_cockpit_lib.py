"""The cockpit's plain-Python rules: stages, levers, KPI status and chart geometry."""

import datetime as dt

import pytest

from renkei.lib import kpi, stages


def test_the_levers_come_in_the_seeds_order_for_a_manufacturing_group():
    assert stages.levers_recommended("formation") == ["interactive"]
    assert stages.levers_recommended("building") == ["interactive", "boundary", "belief"]
    assert stages.levers_recommended("development") == ["interactive", "boundary", "belief"]
    assert stages.levers_recommended("product") == list(stages.LEVERS)


def test_the_checklist_holds_activities_one_to_eleven_and_the_five_build_tasks():
    numbered = [item for item in stages.CHECKLIST if item.code.startswith("a")]
    assert len(numbered) == 11 and len(stages.items_for("building")) == 8


def test_assessment_needs_every_earlier_stage_too():
    only_building = {item.code for item in stages.items_for("building")}
    assert stages.assess(only_building, "building").suggested == "formation"
    everything = {item.code for item in stages.CHECKLIST}
    assert stages.assess(everything, "business").suggested == "business"
    with pytest.raises(ValueError):
        stages.assess({"nope"}, "building")


def test_status_against_target_and_tolerance():
    assert kpi.status(92, 90, 5) == kpi.OK
    assert kpi.status(86, 90, 5) == kpi.WARN
    assert kpi.status(80, 90, 5) == kpi.ALERT
    assert kpi.status(None, 90, 5) == kpi.NONE
    assert kpi.status(3, 2, 0, higher_is_better=False) == kpi.ALERT


def test_rate_of_nothing_is_no_value():
    assert kpi.rate(0, 0) is None
    assert kpi.rate(1, 3) == 33.3


def test_months_wrap_the_year():
    assert kpi.last_months(dt.date(2026, 2, 14), 3) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
