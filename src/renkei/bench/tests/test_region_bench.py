"""`renkei bench region`: the command surface and that the views read from the rollups equal
their computation from the raw rows, never timings."""

import io
import json

from django.core.management import call_command

from renkei.inquiries.choices import InquiryStatus
from renkei.inquiries.models import Inquiry, Referral
from renkei.orgs.models import Group, Membership
from renkei.region.models import DemandCell, FlowCell, InquiryOutcome, RegionSharing

KEYS = {
    "p95_ms",
    "baseline_p95_ms",
    "speedup",
    "rollup_s",
    "incremental_s",
    "views",
    "figures_agree",
    "meets_target",
}
VIEWS = {
    "trend", "demand.all", "demand.process", "demand.prefecture", "unmet", "suggestions",
    "flows", "capability.process", "capacity", "csv.demand",
}  # fmt: skip
TINY = ("--inquiries", "400", "--groups", "3", "--members", "12", "--customers", "40",
        "--repeat", "1", "--processes", "2")  # fmt: skip


def _bench(*args: str) -> tuple[dict, str]:
    out = io.StringIO()
    call_command("bench", "region", *TINY, *args, "--json", stdout=out)
    text = out.getvalue()
    return json.loads(text.strip().splitlines()[-1]), text


def test_bench_region_reads_the_same_figures_from_the_rollups_as_from_the_raw_rows(db):
    figures, text = _bench()

    assert set(figures) >= KEYS
    assert set(figures["views"]) >= VIEWS
    assert figures["figures_agree"], figures["disagreements"]
    assert "figures agree" in text
    assert figures["data_generated"] and figures["incremental_months"] == 1
    groups = Group.objects.filter(slug__startswith="bench-region-")
    assert groups.count() == 3
    assert RegionSharing.objects.filter(group__in=groups, shares=True).count() == 3
    assert Inquiry.objects.filter(group__in=groups).count() == 400
    statuses = set(Inquiry.objects.filter(group__in=groups).values_list("status", flat=True))
    assert {InquiryStatus.WON, InquiryStatus.LOST, InquiryStatus.DECLINED} <= statuses
    # Some inquiries went to another group's members, and the flows count them.
    home = dict(Membership.objects.filter(group__in=groups).values_list("company_id", "group_id"))
    across = [g for c, g in Referral.objects.filter(inquiry__group__in=groups).values_list(
        "company_id", "inquiry__group_id") if home[c] != g]  # fmt: skip
    assert across and FlowCell.objects.exists()
    unmet = Inquiry.objects.filter(group__in=groups, status=InquiryStatus.DECLINED)
    assert InquiryOutcome.objects.filter(inquiry__in=unmet).count() == unmet.count()
    assert DemandCell.objects.filter(region=groups[0].region, period_kind="year").exists()


def test_a_second_run_reuses_the_data_and_another_size_replaces_it(db):
    _bench()
    figures, _text = _bench()
    assert not figures["data_generated"]
    assert figures["figures_agree"], figures["disagreements"]

    # Referrals across groups name other groups' members: every group's inquiries go first.
    figures, _text = _bench("--inquiries", "300")
    assert figures["data_generated"] and figures["figures_agree"], figures["disagreements"]
    groups = Group.objects.filter(slug__startswith="bench-region-")
    assert Inquiry.objects.filter(group__in=groups).count() == 300
    assert Membership.objects.filter(group__in=groups).count() == 12


def test_the_baseline_can_be_limited_to_some_filters_and_views(db):
    figures, _text = _bench("--baseline-filters", "1", "--baseline-views", "trend,unmet")

    assert figures["baseline_filters"] == [f"{figures['years'][-1]}/*"]
    assert figures["baseline_views"] == ["trend", "unmet"]
    assert figures["views"]["capacity"]["speedup"] is None
    assert figures["views"]["trend"]["speedup"] > 0
    assert figures["figures_agree"], figures["disagreements"]
    assert figures["lowest_view_speedup"] > 0
