"""Writes of the risk register (seed l.5160–5201)."""

import datetime as dt
from typing import Any

from django.db import transaction

from renkei.cockpit.models import Risk
from renkei.core.audit import audit
from renkei.orgs.models import Group


@transaction.atomic
def add_risk(
    *,
    actor: Any,
    group: Group,
    category: str,
    title: str,
    likelihood: int,
    impact: int,
    review_on: dt.date,
    mitigation: str = "",
    owner: Any = None,
) -> Risk:
    risk = Risk(
        group=group,
        category=category,
        title=title,
        likelihood=likelihood,
        impact=impact,
        review_on=review_on,
        mitigation=mitigation,
        owner=owner,
    )
    risk.full_clean()
    risk.save()
    audit("cockpit.risk", actor=actor, obj=risk, group=group, summary=title)
    return risk


@transaction.atomic
def review_risk(
    *, actor: Any, risk: Risk, review_on: dt.date, closed: bool = False, mitigation: str = ""
) -> Risk:
    """Records a review: the next review date, the mitigation as it now stands, or closing it."""
    risk.review_on = review_on
    risk.closed = closed
    if mitigation.strip():
        risk.mitigation = mitigation.strip()
    risk.full_clean()
    risk.save()
    audit(
        "cockpit.risk_review",
        actor=actor,
        obj=risk,
        group=risk.group,
        summary=f"{risk.title}: {'closed' if closed else review_on.isoformat()}",
    )
    return risk
