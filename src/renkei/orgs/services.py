"""Every write to groups, companies, memberships and roles goes through here."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from renkei.core import stamps
from renkei.core.audit import audit
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, GroupRole, Invitation, Membership
from renkei.outbox.followups import follow_up

User = get_user_model()
Actor = AbstractBaseUser | AnonymousUser | None

COMPANY_FIELDS = [
    "kind", "name", "kana", "name_en", "corporate_number", "prefecture", "address", "employees",
    "capital_yen", "url", "email", "phone", "profile", "batch_band", "typical_lead_days",
]  # fmt: skip


def _refresh(company: Company) -> None:
    from renkei.capabilities.services import refresh_company_search

    refresh_company_search(company)


@transaction.atomic
def create_company(*, actor: Actor, group: Group | None = None, **fields: Any) -> Company:
    """A new company; with ``group``, it joins that group at once."""
    company = Company(**{k: v for k, v in fields.items() if k in COMPANY_FIELDS})
    company.full_clean()
    company.save()
    if group is not None:
        Membership.objects.create(group=group, company=company)
    _refresh(company)
    audit("company.create", actor=actor, obj=company, group=group, summary=company.name)
    return company


@transaction.atomic
def update_company(*, actor: Actor, company: Company, **fields: Any) -> Company:
    changed = []
    for name, value in fields.items():
        if name in COMPANY_FIELDS and getattr(company, name) != value:
            setattr(company, name, value)
            changed.append(name)
    company.full_clean()
    company.save()
    _refresh(company)
    audit("company.update", actor=actor, obj=company, summary=company.name, fields=changed)
    return company


@transaction.atomic
def update_group(*, actor: Actor, group: Group, **fields: Any) -> Group:
    """Group profile, stage, reply promise and business calendar."""
    before = {name: getattr(group, name) for name in fields}
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    group.save()
    if any(before[k] != fields[k] for k in ("is_public", "region") if k in fields):
        stamps.bump(stamps.CAPABILITIES)  # which companies are publicly listed changed
    audit(
        "group.update",
        actor=actor,
        obj=group,
        group=group,
        summary=group.name,
        changes={k: [str(before[k]), str(v)] for k, v in fields.items() if before[k] != v},
    )
    return group


@transaction.atomic
def add_member(
    *,
    actor: Actor,
    group: Group,
    company: Company,
    circle: str = "active",
    role: str = "member",
    joined_on: dt.date | None = None,
) -> Membership:
    membership = Membership(
        group=group,
        company=company,
        circle=circle,
        role=role,
        joined_on=joined_on or timezone.localdate(),
    )
    membership.full_clean()
    membership.save()
    stamps.bump(stamps.CAPABILITIES)  # who is a member decides who is matched
    audit("membership.create", actor=actor, obj=membership, group=group, summary=str(membership))
    return membership


@transaction.atomic
def update_membership(*, actor: Actor, membership: Membership, **fields: Any) -> Membership:
    before = {k: getattr(membership, k) for k in fields}
    for name, value in fields.items():
        setattr(membership, name, value)
    membership.full_clean()
    membership.save()
    stamps.bump(stamps.CAPABILITIES)
    audit(
        "membership.update",
        actor=actor,
        obj=membership,
        group=membership.group,
        summary=str(membership),
        changes={k: [str(before[k]), str(v)] for k, v in fields.items() if before[k] != v},
    )
    return membership


@transaction.atomic
def end_membership(*, actor: Actor, membership: Membership, left_on: dt.date) -> Membership:
    return update_membership(actor=actor, membership=membership, left_on=left_on)


@transaction.atomic
def grant_role(
    *, actor: Actor, user: Any, group: Group, role: str, company: Company | None = None
) -> GroupRole:
    grant, created = GroupRole.objects.get_or_create(
        user=user, group=group, role=role, company=company
    )
    if created:
        grant.full_clean()
        audit("role.grant", actor=actor, obj=grant, group=group, summary=str(grant))
    return grant


@transaction.atomic
def invite_person(
    *, actor: Actor, group: Group, email: str, role: str, company: Company | None = None
) -> Invitation:
    """Records an invitation and has the worker e-mail its link once the transaction commits."""
    from renkei.orgs.tasks import send_invitation

    inviter = actor if isinstance(actor, User) else None
    invitation = Invitation(
        group=group,
        email=email.strip().lower(),
        role=role,
        company=company,
        invited_by=inviter,
    )
    invitation.full_clean()
    invitation.save()
    audit("invitation.create", actor=actor, obj=invitation, group=group, summary=invitation.email)
    follow_up(send_invitation, invitation.pk)
    return invitation


@transaction.atomic
def accept_invitation(
    *, invitation: Invitation, user: Any | None, username: str = "", password: str = ""
) -> Any:
    """Joins the invited person (existing user or a new one) to the group in the role."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValueError("invitation not usable")
    if user is None or not user.is_authenticated:
        user = User.objects.create_user(
            username=username, email=invitation.email, password=password
        )
    grant_role(
        actor=user,
        user=user,
        group=invitation.group,
        role=invitation.role,
        company=invitation.company,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    audit(
        "invitation.accept",
        actor=user,
        obj=invitation,
        group=invitation.group,
        summary=invitation.email,
    )
    return user


def roles_of(user: Any, group: Group) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(GroupRole.objects.filter(user=user, group=group).values_list("role", flat=True))


def is_coordinator(user: Any, group: Group) -> bool:
    return bool(getattr(user, "is_superuser", False)) or PersonRole.COORDINATOR in roles_of(
        user, group
    )
