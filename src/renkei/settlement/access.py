"""Who sees money (issue "Settlement", item 16). One place decides; the web, the API, the admin,
the search and the exports all ask it.

- The group's books (every order's money, invoices, statements, payments, the distribution):
  its coordinators and its accountants (会計).
- A member company: only its own shares, purchase orders, statements, payouts and the
  documents it issued or received — its member admins and staff see them, only its admins
  answer them.
- A customer: only the documents of its own orders, through the tracking link.
- Anyone else, other groups included: nothing (404).
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Group
from renkei.orgs.permissions import companies_acting_for, has_role, visible_group_or_404
from renkei.settlement.models import IssuedDocument, OrderSettlement, Statement

BOOKS_ROLES = (PersonRole.COORDINATOR, PersonRole.ACCOUNTANT)
CUSTOMER_KINDS = ("invoice", "credit_note", "order_confirmation", "receipt")


def can_see_books(user: Any, group: Group) -> bool:
    return has_role(user, group, *BOOKS_ROLES)


def books_group_or_404(request: HttpRequest, slug: str) -> Group:
    """The group whose books this person keeps; 404 for anyone else, so that another group's
    slug reveals nothing."""
    group = visible_group_or_404(request, slug)
    if not can_see_books(request.user, group):
        raise Http404
    return group


def member_companies(user: Any, group: Group) -> list[int]:
    """The member companies of ``group`` whose money this person sees (admins and staff)."""
    return companies_acting_for(user, group)


def admin_companies(user: Any, group: Group) -> list[int]:
    """The member companies this person answers for: accepts purchase orders, confirms
    statements and prices (member admins only — the second layer, seed l.1246–1262)."""
    return companies_acting_for(user, group, (PersonRole.MEMBER_ADMIN,))


def money_group_or_404(request: HttpRequest, slug: str) -> Group:
    """The group if this person sees some of its money: the books, or a member's own."""
    group = visible_group_or_404(request, slug)
    if not (can_see_books(request.user, group) or member_companies(request.user, group)):
        raise Http404
    return group


def documents_for(user: Any, group: Group) -> "QuerySet[IssuedDocument]":
    """The issued documents of ``group`` this person may see."""
    documents = IssuedDocument.objects.for_group(group)
    if can_see_books(user, group):
        return documents
    companies = member_companies(user, group)
    if not companies:
        return documents.none()
    return documents.filter(
        Q(issuer_company_id__in=companies) | Q(recipient_company_id__in=companies)
    )


def statements_for(user: Any, group: Group) -> "QuerySet[Statement]":
    statements = Statement.objects.filter(group=group)
    if can_see_books(user, group):
        return statements
    return statements.filter(company_id__in=member_companies(user, group))


def orders_for(user: Any, group: Group) -> "QuerySet[OrderSettlement]":
    """Orders this person sees the money of: all for the books, else those with a share of the
    person's company."""
    orders = OrderSettlement.objects.for_group(group)
    if can_see_books(user, group):
        return orders
    companies = member_companies(user, group)
    return orders.filter(shares__company_id__in=companies).distinct()


def customer_documents(order_settlement: OrderSettlement) -> "QuerySet[IssuedDocument]":
    """What the customer of an order sees on its tracking page and in the portal."""
    return order_settlement.documents.filter(kind__in=CUSTOMER_KINDS, recipient_company=None)
