"""Writes about members once they are in: the 年会費 of each year, and leaving.

The seed's build stage documents the fees and the way out (l.1754–1758); a member's leaving is
free (任意脱退, l.3438–3440). Leaving keeps the record — the membership gets its ``left_on``,
nothing is deleted but the people's roles, which is what ends their access.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.joining.models import AnnualFee, Leaving
from renkei.orgs.models import Company, Group, GroupRole, Invitation, Membership
from renkei.orgs.permissions import MEMBER_ROLES

MAX_FEE_YEN = 100_000_000  # a typing error's guard: no group's annual fee is ¥100M


@transaction.atomic
def record_fee(
    *,
    actor: Any,
    group: Group,
    company: Company,
    year: int,
    amount_yen: int,
    paid_on: dt.date | None = None,
    note: str = "",
) -> AnnualFee:
    """The member's fee of ``year`` (one per year: recording it again corrects it)."""
    if not Membership.objects.for_group(group).filter(company=company).exists():
        raise ValidationError(_("That company is not a member of this group."))
    if not 1990 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Enter a year between 1990 and next year.")})
    if amount_yen < 0 or amount_yen > MAX_FEE_YEN:
        raise ValidationError({"amount_yen": _("Enter the amount in whole yen.")})
    fee, _created = AnnualFee.objects.select_for_update().get_or_create(
        group=group,
        company=company,
        year=year,
        defaults={"amount_yen": amount_yen},
    )
    fee.amount_yen, fee.paid_on, fee.note = amount_yen, paid_on, note.strip()[:200]
    fee.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    fee.save()
    audit(
        "joining.fee",
        actor=actor,
        obj=fee,
        group=group,
        summary=f"{company.name} {year}: ¥{amount_yen:,}" + (f" paid {paid_on}" if paid_on else ""),
    )
    return fee


def _hand_back(actor: Any, membership: Membership, reason: str) -> int:
    """The leaving company's open work packages go back on the claiming board, each with a
    "returned" event in its history (the other members may claim them)."""
    from renkei.projects.choices import EventKind
    from renkei.projects.claims import _event, _locked, _to_board
    from renkei.projects.models import WorkPackage
    from renkei.projects.notices import notify_returned

    held = WorkPackage.objects.for_group(membership.group).active()
    count = 0
    for package in held.filter(company=membership.company).order_by("pk"):
        locked = _locked(package)
        _event(locked, EventKind.RETURNED, actor, _("Left the group: %(r)s") % {"r": reason})
        _to_board(locked)
        notify_returned(locked, membership.company.name, reason)
        audit(
            "package.return",
            actor=actor,
            obj=locked,
            group=membership.group,
            summary=f"{locked.name}: {membership.company.name} left",
        )
        count += 1
    return count


def _end_roles(actor: Any, membership: Membership) -> int:
    """The company's people lose their roles in this group (and its open invitations lapse):
    they no longer see anything of it. Their accounts and other groups stay."""
    roles = GroupRole.objects.filter(
        group=membership.group, company=membership.company, role__in=MEMBER_ROLES
    ).select_related("user")
    count = 0
    for role in roles:
        audit("role.end", actor=actor, obj=role, group=membership.group, summary=str(role))
        role.delete()
        count += 1
    Invitation.objects.filter(
        group=membership.group, company=membership.company, accepted_at__isnull=True
    ).update(expires_at=timezone.now())
    return count


@transaction.atomic
def record_leaving(*, actor: Any, membership: Membership, left_on: dt.date, reason: str) -> Leaving:
    """The member leaves: open work packages go back to the board, its people's roles in the
    group end, the membership gets ``left_on`` and stays on record."""
    from renkei.orgs.services import end_membership

    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.left_on is not None:
        raise ValidationError(_("This company has already left the group."))
    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason for leaving.")})
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": _("Record the leaving on or after the day it happens.")})
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": _("A company cannot leave before it joined.")})
    returned = _hand_back(actor, membership, reason.strip())
    ended = _end_roles(actor, membership)
    end_membership(actor=actor, membership=membership, left_on=left_on)
    leaving = Leaving.objects.create(
        membership=membership,
        left_on=left_on,
        reason=reason.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        packages_returned=returned,
        roles_ended=ended,
    )
    audit(
        "joining.leave",
        actor=actor,
        obj=leaving,
        group=membership.group,
        summary=f"{membership.company.name} {left_on}: {reason.strip()[:100]}",
        packages_returned=returned,
        roles_ended=ended,
    )
    return leaving
