"""``{% catalogue_listing company %}``: on a member's own profile page, whether it appears in the
printed catalogue of each group it belongs to, and the button to change it."""

from typing import Any

from django import template

from renkei.catalogue.models import CatalogueEntry
from renkei.orgs.choices import CompanyKind, PersonRole
from renkei.orgs.models import Company, GroupRole, Membership

register = template.Library()


@register.inclusion_tag("catalogue/_company_listing.html", takes_context=True)
def catalogue_listing(context: dict[str, Any], company: Company) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    groups: list[dict[str, Any]] = []
    if user is not None and company.kind == CompanyKind.MANUFACTURER:
        admin_of = set(
            GroupRole.objects.filter(
                user=user, role=PersonRole.MEMBER_ADMIN, company=company
            ).values_list("group_id", flat=True)
        )
        out = set(
            CatalogueEntry.objects.filter(company=company, listed=False).values_list(
                "group_id", flat=True
            )
        )
        for membership in (
            Membership.objects.filter(company=company).current().select_related("group")
        ):
            groups.append(
                {
                    "group": membership.group,
                    "listed": membership.group_id not in out,
                    "public": membership.listed_publicly,
                    "can_change": membership.group_id in admin_of or user.is_superuser,
                }
            )
    return {
        "company": company,
        "groups": groups,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
