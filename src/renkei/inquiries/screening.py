"""Screening an inquiry against the group's boundary rules, with a reason for each verdict."""

from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.inquiries.models import BoundaryRule, Inquiry, LineStep, RuleKind
from renkei.inquiries.steps import steps_from_text
from renkei.lib.jtext import fold

Verdict = dict[str, object]


def screen(inquiry: Inquiry) -> list[Verdict]:
    """One verdict per rule: {"ok": passed, "reason": why, in the coordinator's words}."""
    return [
        _verdict(rule, inquiry) for rule in BoundaryRule.objects.filter(group_id=inquiry.group_id)
    ]


def _verdict(rule: BoundaryRule, inquiry: Inquiry) -> Verdict:
    lines = list(inquiry.lines.all())
    if rule.kind == RuleKind.MAX_QUANTITY:
        most = max((line.quantity for line in lines), default=0)
        ok = most <= int(rule.value)
        reason = _("quantity %(n)s, we take up to %(max)s") % {"n": most, "max": rule.value}
    elif rule.kind == RuleKind.MIN_LEAD_DAYS:
        if inquiry.desired_delivery is None:
            ok, reason = True, _("no delivery date asked")
        else:
            days = (inquiry.desired_delivery - timezone.localdate(inquiry.received_at)).days
            ok = days >= int(rule.value)
            reason = _("%(n)s days to the delivery date, we need %(min)s") % {
                "n": days,
                "min": rule.value,
            }
    elif rule.kind == RuleKind.EXCLUDED_WORD:
        text = " ".join(
            [inquiry.title, inquiry.description]
            + [f"{line.part_name} {line.notes}" for line in lines]
        )
        ok = fold(rule.value) not in fold(text)
        reason = _("mentions “%(word)s”") % {"word": rule.value} if not ok else rule.value
    elif rule.kind == RuleKind.EXCLUDED_PROCESS:
        ids, _unknown = steps_from_text(rule.value)
        ok = not LineStep.objects.filter(line__inquiry=inquiry, process_id__in=ids).exists()
        reason = _("asks for %(process)s") % {"process": rule.value} if not ok else rule.value
    else:  # RuleKind.NO_NDA
        ok = not inquiry.nda_required
        reason = _("asks for an NDA") if not ok else _("no NDA asked")
    if rule.note and not ok:
        reason = f"{reason} ({rule.note})"
    return {"ok": ok, "rule": rule.get_kind_display(), "reason": reason}


def record_screening(inquiry: Inquiry) -> list[Verdict]:
    verdicts = screen(inquiry)
    Inquiry.objects.filter(pk=inquiry.pk).update(screening=verdicts)
    inquiry.screening = verdicts
    return verdicts
