"""List pages do not run a query per row."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from renkei.cockpit.services.kpi import record_effect
from renkei.cockpit.services.levers import publish_document
from renkei.cockpit.services.risks import add_risk
from renkei.conftest_helpers import login

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _add(alice, group, n):
    for i in range(n):
        add_risk(
            actor=alice,
            group=group,
            category="ip",
            title=f"r{i}",
            likelihood=1,
            impact=1,
            review_on=timezone.localdate(),
        )
        record_effect(
            actor=alice,
            group=group,
            kind="media",
            occurred_on=timezone.localdate() - dt.timedelta(days=i),
            count=1,
        )


@pytest.mark.parametrize("page", ["risks/", "kpis/", "", "levers/"])
def test_pages_cost_the_same_with_more_rows(client, alice, group, aoki, page):
    login(client, alice)
    _add(alice, group, 2)
    publish_document(actor=alice, group=group, kind="mission", title="m", body="b")
    url = f"/g/{group.slug}/cockpit/{page}"
    before = _queries(client, url)

    _add(alice, group, 10)
    publish_document(actor=alice, group=group, kind="vision", title="v", body="b")
    after = _queries(client, url)

    # the levers page reads each current document's acknowledgements (one kind more here)
    assert after <= before + (3 if page == "levers/" else 0)
