"""The demo region's settlement: a 企業組合 with a year of settled orders, a group in 斡旋 mode,
and loading the demo again changes nothing."""

import io

from django.core.management import call_command
from django.utils import timezone

from renkei.orgs.models import Group
from renkei.settlement.choices import EntityForm, OrderState, SettlementMode
from renkei.settlement.demo import demo_counts
from renkei.settlement.models import (
    Distribution,
    IssuedDocument,
    OrderSettlement,
    Statement,
    TransferFile,
)


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_kigyo_kumiai_with_a_year_of_settled_orders_and_a_brokered_group(db):
    _load()
    counts = demo_counts()

    output = _load()

    assert demo_counts() == counts
    assert "nothing was changed" in output
    joint = Group.objects.get(slug="rakunan-shisaku")
    assert joint.settlement.entity_form == EntityForm.KIGYO_KUMIAI
    assert joint.settlement.registration_number.startswith("T")
    orders = OrderSettlement.objects.filter(group=joint)
    assert 30 <= orders.count() <= 60
    today = timezone.localdate()
    months = {(o.accepted_at.year, o.accepted_at.month) for o in orders}
    assert len(months) == 12
    assert all(o.accepted_at.date() < today for o in orders)
    assert orders.filter(state=OrderState.PAID).count() > orders.count() // 2
    assert Statement.objects.filter(group=joint, state="confirmed").exists()
    assert Statement.objects.filter(group=joint, state="issued").exists()  # the newest month
    assert TransferFile.objects.filter(group=joint).count() == 1
    assert Distribution.objects.filter(group=joint).count() == 1
    brokered = Group.objects.get(slug="echigo-migaki")
    assert brokered.settlement.mode == SettlementMode.BROKERED
    from renkei.products.models import ProductOrder

    # The group's shipped beer mugs are invoiced by their makers too (products.demo): counted
    # apart from the brokered jobs' invoices.
    product_invoices = ProductOrder.invoices.through.objects.values("issueddocument_id")
    member_invoices = IssuedDocument.objects.filter(
        group=brokered, kind="invoice", issuer_company__isnull=False
    )
    assert member_invoices.exclude(pk__in=product_invoices).count() == 2
    assert member_invoices.filter(pk__in=product_invoices).count() == 4
    assert IssuedDocument.objects.filter(group=brokered, kind="fee_invoice").count() == 2
