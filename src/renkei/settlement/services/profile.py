"""Writes of the settlement settings: the group's terms and a member's billing details."""

from typing import Any

from django.db import transaction

from renkei.core.audit import audit
from renkei.orgs.models import Company, Group
from renkei.settlement.models import GroupSettlement, MemberBilling


@transaction.atomic
def save_terms(*, actor: Any, group: Group, terms: GroupSettlement) -> GroupSettlement:
    """Saves the group's terms (validated by the form's ``full_clean``). Documents already
    issued keep the terms they were issued on: they are frozen."""
    terms.group = group
    terms.full_clean()
    terms.save()
    audit("settlement.terms", actor=actor, obj=terms, group=group, summary=str(terms))
    return terms


@transaction.atomic
def save_billing(*, actor: Any, company: Company, billing: MemberBilling) -> MemberBilling:
    billing.company = company
    billing.full_clean()
    billing.save()
    audit("settlement.billing", actor=actor, obj=billing, summary=company.name)
    return billing
