"""With the demo loaded the cockpit's KPIs are those of the demo's own records."""

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.http import HttpRequest

from renkei.cockpit import kpis
from renkei.cockpit.models import LeverDocument, Risk, StageChange
from renkei.inquiries.models import Inquiry, Order
from renkei.orgs.models import Group

pytestmark = pytest.mark.django_db


def test_demo_cockpit_reads_the_demo_records(client):
    call_command("load_demo", stdout=None)
    group = Group.objects.get(slug="rakunan-shisaku")
    start, end = kpis.bounds(kpis.this_month())

    values = {r.code: r for r in kpis.readings(group)}

    received = Inquiry.objects.filter(group=group, received_at__gte=start, received_at__lt=end)
    assert values["inquiries"].value == received.count() >= 1
    orders = Order.objects.filter(inquiry__group=group, created_at__gte=start, created_at__lt=end)
    assert values["sales"].value == (orders.aggregate(s=Sum("total_yen"))["s"] or 0) > 0
    assert values["reply_rate"].target == 90
    assert values["events"].value == 1  # the demo's external effect of this month
    assert StageChange.objects.filter(group=group).first().to_stage == group.stage
    assert LeverDocument.objects.filter(group=group).count() == 3
    assert Risk.objects.filter(group=group).count() == 2

    assert client.login(request=HttpRequest(), username="coordinator", password="renkei-demo")
    page = client.get(f"/g/{group.slug}/cockpit/").content.decode()
    assert 'id="kpi-inquiries"' in page
