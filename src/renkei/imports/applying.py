"""Writing a checked plan through the domain services, in one transaction: all rows or none."""

from typing import Any

from django.db import transaction

from renkei.capabilities.models import Material, Process
from renkei.capabilities.services import (
    save_certification,
    save_equipment,
    set_materials,
    set_processes,
)
from renkei.core.audit import audit
from renkei.imports.planning import CompanyRow, ItemRow, Plan
from renkei.orgs import services
from renkei.orgs.models import Company, Group, Membership


@transaction.atomic
def apply_plan(plan: Plan, *, actor: Any, group: Group) -> dict[str, int]:
    """Creates and updates companies, memberships, equipment and certificates; returns counts."""
    counts = dict.fromkeys(
        ["companies_created", "companies_updated", "equipment", "certifications"], 0
    )
    saved: dict[int, Company] = {}
    for row in plan.companies:
        created = row.company.pk is None
        saved[id(row)] = _save_company(row, actor=actor, group=group)
        counts["companies_created" if created else "companies_updated"] += 1
    for item_row in plan.equipment:
        item_row.item.company = _owner(item_row, saved)
        save_equipment(actor=actor, equipment=item_row.item)  # type: ignore[arg-type]
        counts["equipment"] += 1
    for item_row in plan.certifications:
        item_row.item.company = _owner(item_row, saved)
        save_certification(actor=actor, certification=item_row.item)  # type: ignore[arg-type]
        counts["certifications"] += 1
    audit("import.apply", actor=actor, group=group, summary=group.name, counts=counts)
    return counts


def _owner(row: ItemRow, saved: dict[int, Company]) -> Company:
    return row.owner if isinstance(row.owner, Company) else saved[id(row.owner)]


def _save_company(row: CompanyRow, *, actor: Any, group: Group) -> Company:
    fields = {name: getattr(row.company, name) for name in row.fields}
    if row.company.pk is None:
        company = services.create_company(actor=actor, **fields)
        services.add_member(
            actor=actor, group=group, company=company, circle=row.circle or "active"
        )
    else:
        company = services.update_company(
            actor=actor, company=Company.objects.get(pk=row.company.pk), **fields
        )
        membership = Membership.objects.for_group(group).current().get(company=company)
        if row.circle and membership.circle != row.circle:
            services.update_membership(actor=actor, membership=membership, circle=row.circle)
    if row.processes is not None:
        set_processes(
            actor=actor, company=company, processes=Process.objects.filter(pk__in=row.processes)
        )
    if row.materials is not None:
        set_materials(
            actor=actor, company=company, materials=Material.objects.filter(pk__in=row.materials)
        )
    return company
