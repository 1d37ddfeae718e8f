"""Inquiries and orders per source: what each printed catalogue or exhibition brought in.

An order is an accepted quote (inquiries.Order), counted under its inquiry's source; inquiries
without a source (the group page, the API, a re-order) are counted apart.
"""

from dataclasses import dataclass

from django.db.models import Count

from renkei.inquiries.models import Inquiry, Order
from renkei.orgs.models import Group


@dataclass(frozen=True)
class SourceCount:
    source: str  # "" for inquiries that came by no tagged link
    inquiries: int
    orders: int


def per_source(group: Group) -> list[SourceCount]:
    """Every source of ``group``'s inquiries with its counts, most inquiries first; the untagged
    ones last. Two grouped queries, however many inquiries there are."""
    asked = dict(
        Inquiry.objects.for_group(group)
        .order_by()
        .values_list("source")
        .annotate(n=Count("pk"))
        .values_list("source", "n")
    )
    ordered = dict(
        Order.objects.filter(inquiry__group=group)
        .order_by()
        .values_list("inquiry__source")
        .annotate(n=Count("pk"))
        .values_list("inquiry__source", "n")
    )
    rows = [SourceCount(s, n, ordered.get(s, 0)) for s, n in asked.items()]
    rows.sort(key=lambda row: (row.source == "", -row.inquiries, row.source))
    return rows
