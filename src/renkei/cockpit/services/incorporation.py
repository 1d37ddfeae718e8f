"""Writes of the incorporation advisor: the group's own plan."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renkei.cockpit.models import IncorporationPlan
from renkei.core.audit import audit
from renkei.lib import incorporation
from renkei.orgs.models import Group

CODES = {
    "purposes": {e.code for e in incorporation.PURPOSES},
    "functions": {e.code for e in incorporation.FUNCTIONS},
    "criteria": {e.code for e in incorporation.SOCIAL_CRITERIA},
    "stakeholders": {e.code for e in incorporation.STAKEHOLDERS},
}


@transaction.atomic
def save_plan(
    *,
    actor: Any,
    group: Group,
    purposes: list[str],
    functions: list[str],
    criteria: list[str],
    stakeholders: list[str],
    founders: int | None,
    notes: str = "",
) -> IncorporationPlan:
    chosen = {
        "purposes": purposes,
        "functions": functions,
        "criteria": criteria,
        "stakeholders": stakeholders,
    }
    for name, values in chosen.items():
        if set(values) - CODES[name]:
            raise ValidationError({name: _("Choose from the listed items.")})
    if founders is not None and founders < 0:
        raise ValidationError({"founders": _("Enter 0 or more.")})
    plan = IncorporationPlan.objects.select_for_update().filter(group=group).first()
    plan = plan or IncorporationPlan(group=group)
    for name, values in chosen.items():
        setattr(plan, name, sorted(set(values)))
    plan.founders, plan.notes = founders, notes.strip()
    plan.save()
    audit("cockpit.incorporation", actor=actor, obj=plan, group=group, summary=group.slug)
    return plan


YEN_FIELDS = (
    "revenue_yen",
    "business_revenue_yen",
    "insurance_revenue_yen",
    "contract_revenue_yen",
    "profit_yen",
    "dividends_yen",
)
MAX_YEN = 10**15  # beyond any group's books: a typing slip, not a figure


@transaction.atomic
def save_figures(
    *,
    actor: Any,
    group: Group,
    planned_form: str = "",
    working_members: int | None = None,
    workers: int | None = None,
    capital_plan: dict[int, int] | None = None,
    capital_exception: bool = False,
    npo_fields: list[int] | None = None,
    money: dict[str, int | None] | None = None,
) -> IncorporationPlan:
    """Stores the figures the advisor's checks ask for (seed l.3420–3450, 3155–3198,
    2921–2941). Every figure is checked before anything is saved."""
    from renkei.lib.legal_checks import NPO_FIELDS
    from renkei.lib.legal_forms import FORMS
    from renkei.orgs.models import Membership

    errors: dict[str, str] = {}
    if planned_form and planned_form not in FORMS:
        errors["planned_form"] = _("Choose one of the listed legal forms.")
    for name, value in (("working_members", working_members), ("workers", workers)):
        if value is not None and not 0 <= value <= 100_000:
            errors[name] = _("Enter a number of people from 0 to 100,000.")
    if working_members is not None and workers is not None and working_members > workers:
        errors["workers"] = _(
            "Everyone who works in the business includes the members who work in it: "
            "enter at least as many."
        )
    capital_plan = capital_plan or {}
    members = set(
        Membership.objects.for_group(group).current().values_list("company_id", flat=True)
    )
    if set(capital_plan) - members:
        errors["capital_plan"] = _("Capital can be planned for current members only.")
    if any(not 0 <= yen <= MAX_YEN for yen in capital_plan.values()):
        errors["capital_plan"] = _("Enter each member's capital in yen, 0 or more.")
    fields = sorted(set(npo_fields or []))
    if any(not 1 <= number <= len(NPO_FIELDS) for number in fields):
        errors["npo_fields"] = _("Choose from the listed items.")
    money = money or {}
    if set(money) - set(YEN_FIELDS):
        raise ValueError(f"unknown figures: {sorted(set(money) - set(YEN_FIELDS))}")
    for name, yen in money.items():
        # Profit may be a loss; every other figure is an amount received or paid.
        low = -MAX_YEN if name == "profit_yen" else 0
        if yen is not None and not low <= yen <= MAX_YEN:
            errors[name] = _("Enter an amount in yen, 0 or more.")
    if errors:
        raise ValidationError(errors)
    plan = IncorporationPlan.objects.select_for_update().filter(group=group).first()
    plan = plan or IncorporationPlan(group=group)
    plan.planned_form = planned_form
    plan.working_members, plan.workers = working_members, workers
    plan.capital_plan = {str(pk): yen for pk, yen in sorted(capital_plan.items()) if yen > 0}
    plan.capital_exception = capital_exception
    plan.npo_fields = fields
    for name in YEN_FIELDS:
        setattr(plan, name, money.get(name))
    plan.save()
    audit(
        "cockpit.incorporation_figures",
        actor=actor,
        obj=plan,
        group=group,
        summary=f"{group.slug} {planned_form}".strip(),
    )
    return plan
