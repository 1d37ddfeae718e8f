"""The group's NDA (秘密保持契約) and members' acceptance of it. Drawings of an inquiry sent under
an NDA are shown only to member companies that accepted the group's current NDA text."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renkei.core.audit import audit
from renkei.orgs.models import Company, Group, NdaAcceptance


def has_accepted(group: Group, company: Company | int) -> bool:
    """Whether the company accepted the group's NDA as it reads now (an earlier text does not
    count: the coordinator may have tightened it since)."""
    if not group.nda_text.strip():
        return False
    company_id = company if isinstance(company, int) else company.pk
    return NdaAcceptance.objects.filter(
        group=group, company_id=company_id, text_sha256=group.nda_sha256
    ).exists()


@transaction.atomic
def accept_nda(
    *, actor: Any, group: Group, company: Company, read_sha256: str | None = None
) -> NdaAcceptance:
    """Records that ``actor`` accepted the group's current NDA for ``company``; accepting the
    same text twice keeps the first acceptance. The view checks that ``actor`` is the company's
    member admin in this group. ``read_sha256`` is the text the person read: if the
    coordinator changed it meanwhile, nothing is accepted that was never read."""
    current = Group.objects.select_for_update().get(pk=group.pk)
    if not current.nda_text.strip():
        raise ValidationError(_("The group has not written its NDA yet; ask the coordinator."))
    if read_sha256 is not None and read_sha256 != current.nda_sha256:
        raise ValidationError(
            _("The NDA was changed while you were reading it; please read it again.")
        )
    acceptance, created = NdaAcceptance.objects.get_or_create(
        group=current,
        company=company,
        text_sha256=current.nda_sha256,
        defaults={"accepted_by": actor},
    )
    if created:
        audit(
            "nda.accept",
            actor=actor,
            obj=acceptance,
            group=current,
            summary=f"{company.name} {current.nda_sha256[:12]}",
        )
    return acceptance
