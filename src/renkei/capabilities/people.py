"""Every write to an individual member's profile, and to a member's standing in a 企業組合.

A person holds a membership through a company record of kind "individual" (see
models.skills); their skills are the record's processes, so that search and matching need
nothing new to find them.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renkei.capabilities.choices import SkillGrade, Standing
from renkei.capabilities.models import MembershipStanding, Process, SkillCertificate, SkillProfile
from renkei.capabilities.services import set_processes
from renkei.core.audit import audit
from renkei.orgs import services as org_services
from renkei.orgs.choices import CompanyKind, MemberRole, PersonRole
from renkei.orgs.models import Company, Group, Membership

PROFILE_FIELDS = ("years_experience", "hours_per_month", "bio", "retired", "contact_public")


def is_individual(company: Company) -> bool:
    return company.kind == CompanyKind.INDIVIDUAL


def profile_of(company: Company) -> SkillProfile | None:
    """The person's profile, or None for a company (or a person who has none yet)."""
    if not is_individual(company):
        return None
    return SkillProfile.objects.filter(company=company).prefetch_related("grades").first()


def _require_individual(company: Company) -> None:
    if not is_individual(company):
        raise ValidationError(_("Only an individual member has a skill profile."))


@transaction.atomic
def add_individual_member(
    *,
    actor: Any,
    group: Group,
    name: str,
    kana: str = "",
    prefecture: str = "",
    email: str = "",
    circle: str = "active",
    role: str = MemberRole.MEMBER,
    union_member: bool = False,
    invite: bool = False,
) -> Membership:
    """The coordinator adds a person as a member: a record of kind "individual" in the person's
    name, their membership, an empty skill profile and, with ``invite``, an invitation by mail
    to keep that profile themselves (as the member admin of their own record)."""
    if invite and not email:
        raise ValidationError({"email": _("An invitation needs the person's e-mail address.")})
    # A double submit is one member: a person's record has no 法人番号 to key it by, so a second
    # current individual member of the same name in the group is refused (the coordinator adds
    # a distinguishing word for a real namesake).
    same = Membership.objects.for_group(group).current()
    if same.filter(company__kind=CompanyKind.INDIVIDUAL, company__name=name.strip()).exists():
        raise ValidationError({"name": _("A person of this name is already a member.")})
    company = org_services.create_company(
        actor=actor,
        kind=CompanyKind.INDIVIDUAL,
        name=name.strip(),
        kana=kana.strip(),
        prefecture=prefecture,
        email=email.strip().lower(),
    )
    membership = org_services.add_member(
        actor=actor, group=group, company=company, circle=circle, role=role
    )
    profile = SkillProfile.objects.create(company=company)
    audit("skills.profile.create", actor=actor, obj=profile, group=group, summary=company.name)
    if union_member:
        set_standing(actor=actor, membership=membership, standing=Standing.UNION_MEMBER)
    if invite:
        org_services.invite_person(
            actor=actor, group=group, email=email, role=PersonRole.MEMBER_ADMIN, company=company
        )
    return membership


@transaction.atomic
def save_skill_profile(
    *,
    actor: Any,
    company: Company,
    processes: Iterable[Process] | None = None,
    **fields: Any,
) -> SkillProfile:
    """Writes the person's profile; ``processes`` (their skills) when given. Bad values raise
    ValidationError with a message for the person, and nothing is written."""
    _require_individual(company)
    profile, created = SkillProfile.objects.get_or_create(company=company)
    before = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    for name, value in fields.items():
        if name not in PROFILE_FIELDS:
            raise TypeError(name)
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if processes is not None:
        set_processes(actor=actor, company=company, processes=processes)
    audit(
        "skills.profile.update",
        actor=actor,
        obj=profile,
        summary=company.name,
        changes={k: [str(before[k]), str(v)] for k, v in fields.items() if before[k] != v},
        created=created,
    )
    return profile


@transaction.atomic
def add_skill_grade(
    *, actor: Any, company: Company, trade: str, grade: str, passed_in: int | None = None
) -> SkillCertificate:
    """Records a 技能検定 pass. An unknown grade, an empty trade, an impossible year or the same
    grade twice raise ValidationError."""
    _require_individual(company)
    if grade not in SkillGrade.values:
        raise ValidationError(
            {"grade": _("Please choose the grade: special grade, grade 1, 2 or 3, or single.")}
        )
    profile, _created = SkillProfile.objects.get_or_create(company=company)
    certificate = SkillCertificate(profile=profile, trade=trade, grade=grade, passed_in=passed_in)
    certificate.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError as error:  # a double submit, or the same grade twice
        raise ValidationError(_("This grade is already recorded.")) from error
    audit("skills.grade.create", actor=actor, obj=certificate, summary=certificate.label)
    return certificate


@transaction.atomic
def remove_skill_grade(*, actor: Any, certificate: SkillCertificate) -> None:
    audit("skills.grade.delete", actor=actor, obj=certificate, summary=certificate.label)
    certificate.delete()


@transaction.atomic
def set_standing(*, actor: Any, membership: Membership, standing: str) -> MembershipStanding | None:
    """Records how a member stands in a 企業組合 (``standing`` empty: no standing). A 企業組合's
    組合員 are individuals, and a company joins it as a 特定組合員 (seed l.3884–3886, 3904–3906):
    the other way round is refused."""
    current = MembershipStanding.objects.filter(membership=membership).first()
    if not standing:
        if current is not None:
            audit(
                "membership.standing.delete",
                actor=actor,
                obj=current,
                group=membership.group,
                summary=str(membership),
            )
            current.delete()
        return None
    if standing not in Standing.values:
        raise ValidationError({"standing": _("Please choose union member or specified member.")})
    person = is_individual(membership.company)
    if person and standing == Standing.SPECIFIED:
        raise ValidationError(
            {"standing": _("A person joins a 企業組合 as a union member, not a specified member.")}
        )
    if not person and standing == Standing.UNION_MEMBER:
        raise ValidationError(
            {"standing": _("A company joins a 企業組合 as a specified member (特定組合員).")}
        )
    before = current.standing if current else ""
    if current is None:
        current = MembershipStanding(membership=membership)
    current.standing = standing
    current.full_clean()
    current.save()
    audit(
        "membership.standing.set",
        actor=actor,
        obj=current,
        group=membership.group,
        summary=str(membership),
        changes=[before, standing],
    )
    return current
