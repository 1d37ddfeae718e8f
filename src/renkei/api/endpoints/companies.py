"""Companies and their capability profiles."""

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router

from renkei.api.access import Access
from renkei.api.auth import caller
from renkei.api.endpoints.common import ERRORS, not_found, page_of
from renkei.api.schemas import (
    CapabilitiesOut,
    CompanyDetailOut,
    CompanyFilters,
    CompanyPage,
    PageParams,
    PathId,
)
from renkei.directory.search import member_companies, search_directory
from renkei.orgs.models import Company, Group, Membership
from renkei.orgs.permissions import can_see_private_company_data

router = Router(tags=["companies"])


def _with_memberships(companies: QuerySet[Company], access: Access) -> QuerySet[Company]:
    memberships = (
        Membership.objects.filter(access.membership_filter())
        .select_related("group")
        .order_by("group__name", "pk")
    )
    return companies.prefetch_related(
        Prefetch("memberships", queryset=memberships, to_attr="visible_memberships")
    )


def _company_or_404(access: Access, company_id: int) -> Company:
    company = Company.objects.visible_to(access.user).filter(pk=company_id)
    found = _with_memberships(company, access).first()
    if found is None:
        raise not_found(gettext("Company not found."))
    return found


@router.get("/companies", response={200: CompanyPage, **ERRORS}, summary="Companies you can see")
def list_companies(
    request: HttpRequest, page: Query[PageParams], filters: Query[CompanyFilters]
) -> dict[str, object]:
    """Members listed publicly in public groups, plus every current member of the token's
    user's groups. ``group`` keeps one group's members; ``q`` searches as the directory does."""
    access = Access.of(caller(request))
    companies: QuerySet[Company] = Company.objects.visible_to(access.user)
    group = None
    if filters.group:
        group = Group.objects.visible_to(access.user).filter(slug=filters.group).first()
        if group is None:
            raise not_found(gettext("Group not found."))
        # A company listed in one public group stays hidden in a group where it is unlisted.
        listed = member_companies(group, include_unlisted=access.is_insider(group))
        companies = companies.filter(pk__in=listed.values("pk"))
    if filters.q:
        companies = search_directory(
            group=group, text=filters.q, base=companies, with_facets=False
        ).companies
    companies = _with_memberships(companies.order_by("kana", "name", "pk"), access)
    count, rows = page_of(companies, page)
    return {"count": count, "items": rows}


@router.get(
    "/companies/{company_id}", response={200: CompanyDetailOut, **ERRORS}, summary="One company"
)
def get_company(request: HttpRequest, company_id: PathId) -> Company:
    access = Access.of(caller(request))
    company = _company_or_404(access, company_id)
    company.show_contact = can_see_private_company_data(access.user, company)  # type: ignore[attr-defined]
    return company


@router.get(
    "/companies/{company_id}/capabilities",
    response={200: CapabilitiesOut, **ERRORS},
    summary="A company's processes, materials, equipment and certificates",
)
def get_company_capabilities(request: HttpRequest, company_id: PathId) -> dict[str, object]:
    """Certificates carry ``valid_today``; their evidence files are never part of the API."""
    company = _company_or_404(Access.of(caller(request)), company_id)
    processes = company.company_processes.select_related("process__category__sector").order_by(
        "process__category__position", "process__position"
    )
    materials = company.company_materials.select_related("material__family").order_by(
        "material__family__position", "material__position"
    )
    return {
        "company_id": company.pk,
        "processes": [cp.process for cp in processes],
        "materials": [cm.material for cm in materials],
        "equipment": list(company.equipment.select_related("process")),
        "certifications": list(company.certifications.all()),
    }
