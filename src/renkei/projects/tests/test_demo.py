"""The demo region has one order project and one development project, loaded once."""

import pytest

from renkei.demo.loader import load_demo
from renkei.projects.choices import PackageState
from renkei.projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_order_and_a_development_project_loaded_once():
    first = load_demo()
    again = load_demo()

    assert first.created["projects"] == 2
    assert not again.changed
    order = Project.objects.get(kind="order")
    states = list(order.packages.order_by("position").values_list("state", "stage"))
    assert states[0] == (PackageState.ASSIGNED, "started")
    assert {s for s, _ in states[1:]} == {PackageState.OPEN}
    development = Project.objects.get(kind="development")
    assert development.elements.count() == 3 and development.funding.count() == 3
