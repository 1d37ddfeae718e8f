"""The demo's beer mug (越後みがき連合): about 2,000 on order at 100 a month, some stock, two
makers; a second load writes nothing."""

import pytest
from django.contrib.auth import get_user_model

from renkei.core.models import AuditEntry
from renkei.orgs.choices import PersonRole
from renkei.orgs.services import create_company, grant_role
from renkei.products import backlog
from renkei.products.demo import MAKERS, load_demo_products
from renkei.products.models import Product, ProductOrder
from renkei.projects.models import WorkPackage

pytestmark = pytest.mark.django_db


def test_the_demo_sells_a_beer_mug_with_two_years_of_backlog(group):
    for name in MAKERS:
        create_company(actor=None, group=group, name=name, kana="けんま")
    user = get_user_model().objects.create_user(username="migaki", password="x")
    grant_role(actor=None, user=user, group=group, role=PersonRole.COORDINATOR)

    from renkei.settlement.models import GroupSettlement

    GroupSettlement.objects.create(group=group, mode="brokered", legal_name="越後みがき連合")
    assert load_demo_products(group) == 8
    mug = Product.objects.get(group=group, slug="beer-mug")
    assert (mug.monthly_capacity, mug.stock, mug.makers.count()) == (100, 40, 2)
    assert backlog.units_on_order(mug) == 1_994
    # 1,994 ahead, 40 in stock: the next one is made in month ceil(1955 / 100) = 20.
    assert backlog.next_order(mug, 1).month == 20
    confirmed = ProductOrder.objects.filter(status="confirmed")
    assert confirmed.count() == 2
    assert WorkPackage.objects.filter(project__in=confirmed.values("project")).count() == 4

    # The two shipped orders have their invoices: one from each maker for its units.
    shipped = ProductOrder.objects.filter(status="shipped").order_by("pk")
    assert [o.invoices.count() for o in shipped] == [2, 2]
    assert [sum(d.total_yen for d in o.invoices.all()) for o in shipped] == [
        o.total_yen for o in shipped
    ]
    assert Product.objects.get(pk=mug.pk).stock == 40

    entries = AuditEntry.objects.count()
    assert load_demo_products(group) == 0
    assert AuditEntry.objects.count() == entries
