"""Every write of applications to join: sending one, the coordinator's screening checklist, a
decision of the core members, accepting and declining, and the group's joining settings.

The seed's build stage documents the conditions of taking part (l.1754–1758); 京都試作ネット asks
a company that wants to join to understand the purpose and the vision (l.5207–5209), which the
onboarding gate (renkei.joining.eligibility) holds it to once it is in.
"""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.cockpit.choices import DecisionMethod, DocumentKind
from renkei.cockpit.models import LeverDocument, Proposal
from renkei.core.audit import audit
from renkei.joining.choices import ApplicationStatus, CheckItem
from renkei.joining.models import Application, JoiningSettings, ScreeningCheck
from renkei.orgs.choices import PersonRole
from renkei.orgs.models import Company, Group, GroupRole, Membership
from renkei.outbox.followups import follow_up

APPLICATION_FIELDS = [
    "company_name", "kana", "corporate_number", "prefecture", "address", "employees", "website",
    "profile", "contact_name", "email", "phone", "motivation",
]  # fmt: skip
# How long the core members have to decide on an application put to them. A product default of
# renkei's: the seed gives no period.
DECISION_DAYS = 7


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def settings_of(group: Group) -> JoiningSettings:
    """The group's joining settings (the defaults when it never saved any; nothing is written)."""
    return JoiningSettings.objects.filter(group=group).first() or JoiningSettings(group=group)


@transaction.atomic
def save_settings(*, actor: Any, group: Group, **fields: Any) -> JoiningSettings:
    rules, _created = JoiningSettings.objects.get_or_create(group=group)
    before = {name: getattr(rules, name) for name in fields}
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    audit(
        "joining.settings",
        actor=actor,
        obj=rules,
        group=group,
        summary=group.name,
        changes={k: [str(before[k]), str(v)] for k, v in fields.items() if before[k] != v},
    )
    return rules


def current_rules(group: Group) -> LeverDocument | None:
    """The latest version of the group's 会員規約, the one an applicant agrees to."""
    return (
        LeverDocument.objects.filter(group=group, kind=DocumentKind.RULES)
        .order_by("-version")
        .first()
    )


def submit_application(
    *,
    group: Group,
    key: uuid.UUID,
    fields: dict[str, Any],
    processes: list[Any],
    materials: list[Any],
    certificates: list[dict[str, str]],
    agreed_rules: LeverDocument | None,
    applicant: Any = None,
    language: str = "ja",
) -> tuple[Application, bool]:
    """Saves the application once per form key; the applicant is mailed an acknowledgement and
    the coordinators get a notice. Returns the application and whether it was new."""
    from renkei.joining.tasks import mail_received

    earlier = Application.objects.filter(group=group, submission_key=key).first()
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            application = Application(
                group=group,
                submission_key=key,
                applicant=_person(applicant),
                language=language[:8],
                certificates=certificates,
                agreed_rules=agreed_rules,
                agreed_at=timezone.now(),
                **{
                    name: fields.get(name) or ""
                    for name in APPLICATION_FIELDS
                    if name != "employees"
                },
                employees=fields.get("employees"),
            )
            application.full_clean(exclude=["submission_key"])
            application.save()
            application.processes.set(processes)
            application.materials.set(materials)
            audit(
                "joining.apply",
                actor=applicant,
                obj=application,
                group=group,
                summary=application.company_name,
            )
            _tell_coordinators(application)
            follow_up(mail_received, application.pk)
    except IntegrityError:
        # The same form sent twice at once: the other request saved it first.
        return Application.objects.get(group=group, submission_key=key), False
    return application, True


def _tell_coordinators(application: Application) -> None:
    from renkei.notices.models import NoticeKind
    from renkei.notices.services import notify

    coordinators = [
        role.user
        for role in GroupRole.objects.filter(
            group=application.group, role=PersonRole.COORDINATOR
        ).select_related("user")
    ]
    notify(
        users=coordinators,
        group=application.group,
        kind=NoticeKind.APPLICATION,
        text=application.company_name,
        link=reverse("joining:application", args=[application.group.slug, application.pk]),
    )


def refuse_automated(*, group: Group) -> None:
    """A send refused because its hidden trap field was filled in; nothing of it is kept."""
    audit("joining.refuse_automated", group=group, summary="honeypot")


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def tick(*, actor: Any, application: Application, item: str, note: str = "") -> ScreeningCheck:
    """Ticks one checklist item, with who and when; ticking it again keeps the first tick."""
    if item not in CheckItem.values:
        raise ValidationError(_("Unknown checklist item."))
    if not _locked(application).is_open:
        raise ValidationError(_("This application has been decided."))
    check, created = ScreeningCheck.objects.get_or_create(
        application=application,
        item=item,
        defaults={"checked_by": _person(actor), "note": note.strip()[:300]},
    )
    if created:
        audit(
            "joining.check",
            actor=actor,
            obj=application,
            group=application.group,
            summary=f"{application.company_name}: {item}",
        )
    return check


@transaction.atomic
def untick(*, actor: Any, application: Application, item: str) -> None:
    if not _locked(application).is_open:
        raise ValidationError(_("This application has been decided."))
    deleted, _kinds = ScreeningCheck.objects.filter(application=application, item=item).delete()
    if deleted:
        audit(
            "joining.uncheck",
            actor=actor,
            obj=application,
            group=application.group,
            summary=f"{application.company_name}: {item}",
        )


def unticked(application: Application) -> list[str]:
    done = set(application.checks.values_list("item", flat=True))
    return [item for item in CheckItem.values if item not in done]


@transaction.atomic
def put_to_core_members(
    *, actor: Any, application: Application, days: int = DECISION_DAYS
) -> Proposal:
    """Puts the application to the member companies as a cockpit decision (consent /
    objection, quorum: the core circle's companies); its outcome decides the application
    (follow_decisions)."""
    from renkei.cockpit.services.decisions import create_proposal, voters

    locked = _locked(application)
    if locked.status != ApplicationStatus.RECEIVED:
        raise ValidationError(_("Only an application being screened can be put to a decision."))
    group = locked.group
    core = Membership.objects.for_group(group).current().filter(circle="core").count()
    quorum = max(1, min(core or 1, len(voters(group))))
    proposal = create_proposal(
        actor=actor,
        group=group,
        title=_("Admission of %(name)s") % {"name": locked.company_name},
        body=_("%(name)s (%(prefecture)s) applies to join. Why: %(why)s — Details: %(link)s")
        % {
            "name": locked.company_name,
            "prefecture": locked.prefecture,
            "why": locked.motivation[:500],
            "link": reverse("joining:application", args=[group.slug, locked.pk]),
        },
        method=DecisionMethod.CONSENT,
        quorum=quorum,
        deadline=timezone.now() + dt.timedelta(days=days),
    )
    locked.proposal = proposal
    locked.status = ApplicationStatus.IN_DECISION
    locked.save(update_fields=["proposal", "status"])
    audit(
        "joining.propose",
        actor=actor,
        obj=locked,
        group=group,
        summary=f"{locked.company_name}: {proposal.title}",
    )
    return proposal


def _company_for(actor: Any, application: Application) -> tuple[Company, bool]:
    """The applicant's company: the existing one with the same 法人番号 (a member of another
    group, say), else a new one from the application. Returns it and whether it is new."""
    from renkei.orgs.services import create_company

    if application.corporate_number:
        found = Company.objects.filter(corporate_number=application.corporate_number).first()
        if found is not None:
            return found, False
    company = create_company(
        actor=actor,
        name=application.company_name,
        kana=application.kana,
        corporate_number=application.corporate_number or None,
        prefecture=application.prefecture,
        address=application.address,
        employees=application.employees,
        url=application.website,
        email=application.email,
        phone=application.phone,
        profile=application.profile,
    )
    return company, True


def _capabilities(actor: Any, application: Application, company: Company) -> None:
    from renkei.capabilities.models import Certification
    from renkei.capabilities.services import save_certification, set_materials, set_processes

    set_processes(actor=actor, company=company, processes=application.processes.all())
    set_materials(actor=actor, company=company, materials=application.materials.all())
    for entry in application.certificates:
        until = entry.get("valid_until") or ""
        save_certification(
            actor=actor,
            certification=Certification(
                company=company,
                standard=entry["standard"],
                number=entry.get("number", "")[:60],
                expires_on=dt.date.fromisoformat(until) if until else None,
            ),
        )


def _a_coordinator(group: Group) -> Any:
    role = GroupRole.objects.filter(group=group, role=PersonRole.COORDINATOR).first()
    return role.user if role is not None else None


@transaction.atomic
def accept(
    *, actor: Any, application: Application, reason: str = "", inviter: Any = None
) -> Company:
    """Admits the company: the company (or the existing one with its 法人番号), its
    membership, its capabilities as applied for, and an invitation for the contact person as
    the company's member admin (sent in the name of ``inviter``, else of ``actor``). The
    applicant is mailed the outcome."""
    from renkei.joining.tasks import mail_decision
    from renkei.orgs.services import add_member, invite_person

    locked = _locked(application)
    if not locked.is_open:
        raise ValidationError(_("This application has been decided."))
    company, new = _company_for(actor, locked)
    if new:
        _capabilities(actor, locked, company)
    group = locked.group
    if not Membership.objects.for_group(group).current().filter(company=company).exists():
        add_member(actor=actor, group=group, company=company)
    # An invitation names the person who sent it: the coordinator (a decision of the members
    # has none of its own, so the one who put it to them, or else any coordinator).
    sender = _person(inviter) or _person(actor) or _a_coordinator(group)
    if sender is not None:
        invite_person(
            actor=sender,
            group=group,
            email=locked.email,
            role=PersonRole.MEMBER_ADMIN,
            company=company,
        )
    locked.status = ApplicationStatus.ACCEPTED
    locked.company = company
    locked.decision_reason = reason.strip()
    locked.decided_by = _person(actor)
    locked.decided_at = timezone.now()
    locked.save()
    audit("joining.accept", actor=actor, obj=locked, group=group, summary=locked.company_name)
    follow_up(mail_decision, locked.pk)
    return company


@transaction.atomic
def decline(*, actor: Any, application: Application, reason: str) -> Application:
    """Declines with a reason, which the applicant is mailed politely."""
    from renkei.joining.tasks import mail_decision

    if not reason.strip():
        raise ValidationError({"reason": _("Please give the reason; the applicant is told it.")})
    locked = _locked(application)
    if not locked.is_open:
        raise ValidationError(_("This application has been decided."))
    locked.status = ApplicationStatus.DECLINED
    locked.decision_reason = reason.strip()
    locked.decided_by = _person(actor)
    locked.decided_at = timezone.now()
    locked.save()
    audit(
        "joining.decline",
        actor=actor,
        obj=locked,
        group=locked.group,
        summary=f"{locked.company_name}: {locked.decision_reason[:100]}",
    )
    follow_up(mail_decision, locked.pk)
    return locked


def follow_decision(application: Application) -> str:
    """An application put to the core members takes its proposal's outcome once it is stated:
    adopted admits, rejected declines (the outcome is the reason), no quorum hands it back to
    the coordinator's screening."""
    proposal = application.proposal
    if application.status != ApplicationStatus.IN_DECISION or proposal is None:
        return ""
    if not proposal.decided_at:
        return ""
    if proposal.outcome == "adopted":
        # The invitation goes out in the name of the coordinator who put it to the members.
        accept(
            actor=None,
            application=application,
            reason=proposal.outcome_statement,
            inviter=proposal.created_by,
        )
    elif proposal.outcome == "rejected":
        decline(actor=None, application=application, reason=proposal.outcome_statement)
    else:
        with transaction.atomic():
            locked = _locked(application)
            locked.status = ApplicationStatus.RECEIVED
            locked.save(update_fields=["status"])
            audit(
                "joining.no_decision",
                obj=locked,
                group=locked.group,
                summary=proposal.outcome_statement,
            )
    return str(proposal.outcome)


def follow_decisions() -> dict[str, int]:
    """Periodic (`renkei tick`, after the cockpit states due outcomes): applications whose
    proposal was decided take its outcome."""
    waiting = Application.objects.filter(
        status=ApplicationStatus.IN_DECISION, proposal__decided_at__isnull=False
    ).select_related("proposal", "group")
    return {"decided": sum(bool(follow_decision(a)) for a in waiting)}
