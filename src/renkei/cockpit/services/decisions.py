"""Decisions of a meta-organization: the member companies decide, one vote each (optionally
weighted), quorum counted in companies; a vote cast by a company's staff counts only once the
company's own member admin approves it (the two layers of seed l.1128–1150, 1246–1262)."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.cockpit.choices import DecisionMethod, VoteChoice
from renkei.cockpit.models import Proposal, Vote
from renkei.core.audit import audit
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, GroupRole, Membership

CHOICES = {
    DecisionMethod.CONSENT: {VoteChoice.CONSENT, VoteChoice.OBJECT},
    DecisionMethod.VOTE: {VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN},
}


def voters(group: Group) -> set[int]:
    """Current member companies (supporters do not vote)."""
    return set(
        Membership.objects.for_group(group)
        .current()
        .exclude(circle="supporter")
        .values_list("company_id", flat=True)
    )


def _role(user: Any, group: Group, company: Company) -> str | None:
    roles = set(
        GroupRole.objects.filter(user=user, group=group, company=company).values_list(
            "role", flat=True
        )
    )
    for role in (PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF):
        if role in roles:
            return str(role)
    return None


@transaction.atomic
def create_proposal(
    *,
    actor: Any,
    group: Group,
    title: str,
    method: str,
    quorum: int,
    deadline: dt.datetime,
    body: str = "",
    weights: dict[str, float] | None = None,
) -> Proposal:
    if method not in DecisionMethod.values:
        raise ValidationError({"method": _("Choose consent or vote.")})
    if not title.strip():
        raise ValidationError({"title": _("Name the proposal.")})
    if quorum < 1 or quorum > max(len(voters(group)), 1):
        raise ValidationError({"quorum": _("The quorum must be between 1 and the member count.")})
    if deadline <= timezone.now():
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    if weights and any(value <= 0 for value in weights.values()):
        raise ValidationError({"weights": _("Weights must be more than 0.")})
    proposal = Proposal.objects.create(
        group=group,
        title=title.strip(),
        body=body,
        method=method,
        quorum=quorum,
        deadline=deadline,
        weights=weights or {},
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit("cockpit.proposal", actor=actor, obj=proposal, group=group, summary=proposal.title)
    return proposal


@transaction.atomic
def cast_vote(
    *, actor: Any, proposal: Proposal, company: Company, choice: str, comment: str = ""
) -> Vote:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.decided_at or timezone.now() >= proposal.deadline:
        raise ValidationError(_("Voting on this proposal has closed."))
    if company.pk not in voters(proposal.group):
        raise ValidationError(_("Only a current member company votes."))
    role = _role(actor, proposal.group, company)
    if role is None:
        raise ValidationError(_("You do not vote for this company."))
    if choice not in CHOICES[DecisionMethod(proposal.method)]:
        raise ValidationError({"choice": _("Choose one of the offered answers.")})
    vote = Vote.objects.filter(proposal=proposal, company=company).first() or Vote(
        proposal=proposal, company=company
    )
    vote.choice, vote.comment, vote.cast_by = choice, comment[:500], actor
    approved = role == PersonRole.MEMBER_ADMIN
    vote.approved_by = actor if approved else None
    vote.approved_at = timezone.now() if approved else None
    vote.save()
    audit(
        "cockpit.vote",
        actor=actor,
        obj=vote,
        group=proposal.group,
        summary=f"{company.name}: {choice}{'' if approved else ' (pending approval)'}",
    )
    close_if_due(proposal)
    return vote


@transaction.atomic
def approve_vote(*, actor: Any, vote: Vote) -> Vote:
    proposal = vote.proposal
    if _role(actor, proposal.group, vote.company) != PersonRole.MEMBER_ADMIN:
        raise ValidationError(_("Only the company's member admin approves its vote."))
    if proposal.decided_at:
        raise ValidationError(_("Voting on this proposal has closed."))
    vote.approved_by, vote.approved_at = actor, timezone.now()
    vote.save(update_fields=["approved_by", "approved_at"])
    audit("cockpit.vote_approve", actor=actor, obj=vote, group=proposal.group, summary=vote.choice)
    close_if_due(proposal)
    return vote


def tally(proposal: Proposal) -> dict[str, float]:
    counted = proposal.votes.filter(approved_at__isnull=False)
    totals = {choice: 0.0 for choice in VoteChoice.values} | {"companies": 0.0}
    for vote in counted:
        totals[vote.choice] += float(proposal.weights.get(str(vote.company_id), 1))
        totals["companies"] += 1
    return totals


@transaction.atomic
def close_if_due(proposal: Proposal, now: dt.datetime | None = None) -> bool:
    """States the outcome once the deadline has passed or every member company has a counted
    vote; later calls change nothing."""
    now = now or timezone.now()
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.decided_at:
        return False
    counted = set(
        proposal.votes.filter(approved_at__isnull=False).values_list("company_id", flat=True)
    )
    everyone = voters(proposal.group)
    if now < proposal.deadline and not (everyone and everyone <= counted):
        return False
    totals = tally(proposal)
    if totals["companies"] < proposal.quorum:
        outcome = "no_quorum"
    elif proposal.method == DecisionMethod.CONSENT:
        outcome = "rejected" if totals[VoteChoice.OBJECT] else "adopted"
    else:
        outcome = "adopted" if totals[VoteChoice.FOR] > totals[VoteChoice.AGAINST] else "rejected"
    words = {"adopted": "可決", "rejected": "否決", "no_quorum": "定足数に達せず不成立"}
    if proposal.method == DecisionMethod.CONSENT:
        counts = f"同意 {totals['consent']:g} / 異議 {totals['object']:g}"
    else:
        counts = f"賛成 {totals['for']:g} / 反対 {totals['against']:g} / 棄権 {totals['abstain']:g}"
    proposal.outcome = outcome
    turnout = f"投票 {totals['companies']:g} 社 / 定足数 {proposal.quorum} 社"
    proposal.outcome_statement = f"{words[outcome]}: {counts}（{turnout}）"
    proposal.decided_at = now
    proposal.save(update_fields=["outcome", "outcome_statement", "decided_at"])
    audit("cockpit.decided", obj=proposal, group=proposal.group, summary=proposal.outcome_statement)
    return True


def close_due_proposals(now: dt.datetime | None = None) -> dict[str, int]:
    """Periodic check (`renkei tick`): states the outcome of proposals whose deadline passed."""
    now = now or timezone.now()
    due = Proposal.objects.filter(decided_at__isnull=True, deadline__lte=now)
    return {"decided": sum(close_if_due(p, now) for p in due)}
