"""Writes of the belief, boundary and interactive levers: versioned documents, members'
acknowledgements, the record of boundary-rule edits, the strategic uncertainty in focus."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.cockpit.choices import DocumentKind, EntryKind
from renkei.cockpit.models import (
    Acknowledgement,
    BoundaryRuleVersion,
    LeverDocument,
    StrategicUncertainty,
    UncertaintyEntry,
)
from renkei.core.audit import audit
from renkei.orgs.models import Company, Group, Membership


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def publish_document(
    *, actor: Any, group: Group, kind: str, title: str, body: str
) -> LeverDocument:
    """A new version; earlier versions and their acknowledgements stay as they were."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown document.")})
    if not title.strip() or not body.strip():
        raise ValidationError({"body": _("Enter a title and the text.")})
    Group.objects.select_for_update().filter(pk=group.pk).first()  # versions one at a time
    latest = LeverDocument.objects.filter(group=group, kind=kind).aggregate(v=Max("version"))["v"]
    document = LeverDocument.objects.create(
        group=group,
        kind=kind,
        version=(latest or 0) + 1,
        title=title.strip(),
        body=body.strip(),
        created_by=_person(actor),
    )
    audit(
        "cockpit.document",
        actor=actor,
        obj=document,
        group=group,
        summary=f"{kind} v{document.version}",
    )
    _ask_members(document)
    return document


def _ask_members(document: LeverDocument) -> None:
    """Every member company's people are asked to acknowledge the new version."""
    from django.urls import reverse

    from renkei.notices.services import notify
    from renkei.orgs.choices import PersonRole
    from renkei.orgs.models import GroupRole

    people = [
        role.user
        for role in GroupRole.objects.filter(
            group=document.group, role__in=[PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF]
        ).select_related("user")
    ]
    notify(
        users=people,
        group=document.group,
        kind="cockpit.document",
        text=f"{document.get_kind_display()} v{document.version}: {document.title}",
        link=reverse("cockpit:levers", args=[document.group.slug]),
    )


def current_documents(group: Group) -> list[LeverDocument]:
    """The latest version of each kind of document."""
    latest: dict[str, LeverDocument] = {}
    for document in LeverDocument.objects.filter(group=group).order_by("kind", "-version"):
        latest.setdefault(document.kind, document)
    return [latest[kind] for kind in DocumentKind.values if kind in latest]


@transaction.atomic
def acknowledge(*, actor: Any, document: LeverDocument, company: Company) -> Acknowledgement:
    """The company acknowledges this version (once); only a current member can."""
    is_member = (
        Membership.objects.for_group(document.group).current().filter(company=company).exists()
    )
    if not is_member:
        raise ValidationError(_("Only a current member company can acknowledge."))
    ack, created = Acknowledgement.objects.get_or_create(
        document=document, company=company, defaults={"person": _person(actor)}
    )
    if created:
        audit(
            "cockpit.acknowledge",
            actor=actor,
            obj=ack,
            group=document.group,
            summary=f"{company.name}: {document}",
        )
    return ack


def not_acknowledged(document: LeverDocument) -> list[Company]:
    """Current member companies that have not acknowledged this version."""
    done = Acknowledgement.objects.filter(document=document).values("company_id")
    return [
        m.company
        for m in Membership.objects.for_group(document.group)
        .current()
        .exclude(company_id__in=done)
        .select_related("company")
    ]


def record_boundary_edit(
    *, actor: Any, group: Group, action: str, change: str
) -> BoundaryRuleVersion:
    """Called by the boundary-rules page after each edit, in the same transaction: keeps the
    rules as they now stand as a new version."""
    from renkei.inquiries.models import BoundaryRule

    with transaction.atomic():
        Group.objects.select_for_update().filter(pk=group.pk).first()
        latest = BoundaryRuleVersion.objects.filter(group=group).aggregate(v=Max("version"))["v"]
        rules = [
            {"kind": r.kind, "value": r.value, "note": r.note}
            for r in BoundaryRule.objects.filter(group=group).order_by("kind", "pk")
        ]
        return BoundaryRuleVersion.objects.create(
            group=group,
            version=(latest or 0) + 1,
            action=action,
            change=change[:300],
            rules=rules,
            changed_by=_person(actor),
        )


@transaction.atomic
def focus_uncertainty(
    *, actor: Any, group: Group, title: str, question: str = ""
) -> StrategicUncertainty:
    """Puts a new strategic uncertainty in focus; the one before leaves focus (only one at a
    time, Simons' interactive control)."""
    if not title.strip():
        raise ValidationError({"title": _("Name the strategic uncertainty.")})
    StrategicUncertainty.objects.filter(group=group, in_focus=True).update(
        in_focus=False, closed_at=timezone.now()
    )
    made = StrategicUncertainty.objects.create(group=group, title=title.strip(), question=question)
    audit("cockpit.uncertainty", actor=actor, obj=made, group=group, summary=made.title)
    return made


@transaction.atomic
def log_entry(
    *, actor: Any, uncertainty: StrategicUncertainty, kind: str, text: str, minutes_url: str = ""
) -> UncertaintyEntry:
    if kind not in EntryKind.values or not text.strip():
        raise ValidationError({"text": _("Write what was discussed or decided.")})
    entry = UncertaintyEntry.objects.create(
        uncertainty=uncertainty,
        kind=kind,
        text=text.strip(),
        minutes_url=minutes_url,
        author=_person(actor),
    )
    audit("cockpit.dialogue", actor=actor, obj=entry, group=uncertainty.group, summary=kind)
    return entry
