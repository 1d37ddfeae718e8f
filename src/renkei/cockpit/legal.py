"""The legal-form tables with the operator's as-of dates (stored in the database), and the
advisor's checks loaded from the group's own records (renkei.lib.legal_checks computes them)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from renkei.cockpit.models import IncorporationPlan, LegalFormAsOf
from renkei.lib import incorporation, legal_checks, legal_forms
from renkei.orgs.choices import CompanyKind
from renkei.orgs.models import Company, Group, Membership

# Members that support a group rather than do its business (cities, chambers, banks,
# universities): 社員 of an association, never 組合員 or 事業者 of a cooperative.
INSTITUTIONS = frozenset(
    {CompanyKind.CITY, CompanyKind.CHAMBER, CompanyKind.BANK, CompanyKind.UNIVERSITY}
)


def as_of_dates() -> dict[str, dt.date]:
    dates = dict.fromkeys(legal_forms.FORMS, legal_forms.SEED_AS_OF)
    dates.update(dict(LegalFormAsOf.objects.values_list("form", "as_of")))
    return dates


def table_rows() -> list[dict[str, object]]:
    """Each table as header and rows of plain values, for templates and the API."""
    return [
        {
            "code": table.code,
            "title": table.title,
            "lines": f"{table.lines[0]}–{table.lines[1]}",
            "forms": list(table.forms),
            "rows": [
                {
                    "label": row.label or "区分",
                    "lines": f"{row.lines[0]}–{row.lines[1]}",
                    "values": [cell.value for cell in row.cells],
                }
                for row in table.rows
            ],
            "notes": [text for text, _lines in table.notes],
        }
        for table in legal_forms.TABLES
    ]


@dataclass(frozen=True)
class Capital:
    """Each member company's capital and where the figures come from."""

    source: str  # "ledger": the group's capital ledger; "plan": the advisor's; "": none
    by_company: list[tuple[Company, int]]


def current_members(group: Group) -> list[Company]:
    memberships = Membership.objects.for_group(group).current().select_related("company")
    return sorted({m.company for m in memberships}, key=lambda company: (company.kana, company.pk))


def capital(group: Group, plan: IncorporationPlan, members: list[Company]) -> Capital:
    from renkei.settlement.models import CapitalEntry

    paid = dict(
        CapitalEntry.objects.filter(group=group)
        .values_list("company_id")
        .annotate(total=Sum("paid_in_yen"))
        .values_list("company_id", "total")
    )
    by_id = {company.pk: company for company in members}
    if paid:
        extra = set(paid) - set(by_id)
        by_id |= {c.pk: c for c in Company.objects.filter(pk__in=extra)}
        rows = [(by_id[pk], int(total)) for pk, total in paid.items() if total and total > 0]
        return Capital("ledger", sorted(rows, key=lambda row: (-row[1], row[0].pk)))
    planned = [
        (by_id[int(key)], int(value))
        for key, value in plan.capital_plan.items()
        if int(key) in by_id and int(value) > 0
    ]
    return Capital("plan" if planned else "", sorted(planned, key=lambda r: (-r[1], r[0].pk)))


def figures(
    plan: IncorporationPlan, members: list[Company], money: Capital
) -> legal_checks.Figures:
    kinds = [company.kind for company in members]
    individuals = sum(kind == CompanyKind.INDIVIDUAL for kind in kinds)
    institutions = sum(kind in INSTITUTIONS for kind in kinds)
    return legal_checks.Figures(
        individuals=individuals,
        businesses=len(kinds) - individuals - institutions,
        institutions=institutions,
        founders=plan.founders,
        working_members=plan.working_members,
        workers=plan.workers,
        capital=[yen for _company, yen in money.by_company],
        capital_exception=plan.capital_exception,
        planned_form=plan.planned_form,
        npo_fields=[int(n) for n in plan.npo_fields],
        confirmed=list(plan.criteria),
        profit_yen=plan.profit_yen,
        dividends_yen=plan.dividends_yen,
        revenue_yen=plan.revenue_yen,
        business_revenue_yen=plan.business_revenue_yen,
        insurance_revenue_yen=plan.insurance_revenue_yen,
        contract_revenue_yen=plan.contract_revenue_yen,
    )


CRITERIA_TITLES = {
    entry.code: (entry.title, entry.lines) for entry in incorporation.SOCIAL_CRITERIA
}


@dataclass(frozen=True)
class Advice:
    plan: IncorporationPlan
    members: list[Company]
    capital: Capital
    figures: legal_checks.Figures
    checks: dict[str, list[legal_checks.Check]]


def advise(group: Group) -> Advice:
    plan = IncorporationPlan.objects.filter(group=group).first() or IncorporationPlan(group=group)
    members = current_members(group)
    money = capital(group, plan, members)
    facts = figures(plan, members, money)
    return Advice(plan, members, money, facts, legal_checks.all_checks(facts, CRITERIA_TITLES))
