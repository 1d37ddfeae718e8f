"""The demo region has one order project and one development project, loaded once."""

import pytest

from renkei.demo.loader import load_demo
from renkei.projects.choices import PackageState
from renkei.projects.demo import DEVELOPMENT_TITLE, ORDER_KEY
from renkei.projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_order_and_a_development_project_loaded_once():
    first = load_demo()
    again = load_demo()

    assert first.created["projects"] == 2
    assert not again.changed
    # the scorecards' demo adds a project of its own: these are the projects demo's two
    order = Project.objects.get(order__inquiry__submission_key=ORDER_KEY)
    states = list(order.packages.order_by("position").values_list("state", "stage"))
    assert states[0] == (PackageState.ASSIGNED, "started")
    assert {s for s, _ in states[1:]} == {PackageState.OPEN}
    development = Project.objects.get(kind="development", title=DEVELOPMENT_TITLE)
    assert development.elements.count() == 3 and development.funding.count() == 4
    # the seed's campaign (l.1969–1975) reached its goal: its pledges count as received
    assert sum(f.received_yen for f in development.funding.all()) == 500_000 + 2_600_000 + 300_000
