"""`renkei bench settle`: the command surface and that its three computations agree, never
timings."""

import io
import json

from django.core.management import call_command

from renkei.orgs.models import Group
from renkei.settlement.choices import EntityForm
from renkei.settlement.models import IssuedDocument, OrderSettlement, Statement

KEYS = {
    "invoices_s",
    "statements_s",
    "distribution_s",
    "baseline_s",
    "compute_s",
    "month_s",
    "speedup",
    "figures_agree",
    "meets_target",
}
TINY = ("--orders", "60", "--members", "4", "--customers", "5")


def _bench(*args: str) -> tuple[dict, str]:
    out = io.StringIO()
    call_command("bench", "settle", *TINY, *args, "--json", stdout=out)
    text = out.getvalue()
    return json.loads(text.strip().splitlines()[-1]), text


def test_bench_settle_issues_the_month_and_its_figures_agree(db):
    figures, text = _bench()

    assert set(figures) >= KEYS
    assert figures["figures_agree"], figures["disagreements"]
    assert "figures agree" in text
    assert figures["invoices"] == 5  # one consolidated invoice per customer
    assert figures["statements"] == 4  # one statement per member
    group = Group.objects.get(slug="bench-settle")
    assert group.settlement.entity_form == EntityForm.KIGYO_KUMIAI
    assert group.settlement.consolidated_invoices
    assert OrderSettlement.objects.filter(group=group).count() == 60
    assert figures["data_generated"]


def test_a_second_run_reuses_the_data_and_issues_the_month_again(db):
    _bench()
    figures, _text = _bench()

    assert not figures["data_generated"]
    assert figures["figures_agree"], figures["disagreements"]
    group = Group.objects.get(slug="bench-settle")
    # The first run's documents were cleared: the month is issued once, numbered from 1 again.
    assert IssuedDocument.objects.filter(group=group, kind="invoice").count() == 5
    assert Statement.objects.filter(group=group).count() == 4
    numbers = sorted(
        IssuedDocument.objects.filter(group=group, kind="invoice").values_list(
            "sequence", flat=True
        )
    )
    assert numbers == [1, 2, 3, 4, 5]
