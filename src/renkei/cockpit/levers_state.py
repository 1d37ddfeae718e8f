"""Which of the four levers of control (Simons, seed l.1309–1480) the group has set up, and which
the seed recommends at its stage (図表 2-9, l.1454–1474, 2539–2552)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from renkei.cockpit.choices import BELIEF_KINDS, DocumentKind
from renkei.cockpit.models import KpiTarget, LeverDocument, StrategicUncertainty
from renkei.inquiries.models import BoundaryRule
from renkei.lib import stages
from renkei.orgs.models import Group

LABELS = {
    "interactive": _("interactive control system"),
    "boundary": _("boundary system"),
    "belief": _("belief system"),
    "diagnostic": _("diagnostic control system"),
}


@dataclass(frozen=True)
class LeverState:
    code: str
    label: str
    set_up: bool
    recommended: bool
    recommended_from: str

    @property
    def missing(self) -> bool:
        return self.recommended and not self.set_up


def lever_states(group: Group) -> list[LeverState]:
    documents = set(
        LeverDocument.objects.filter(group=group).values_list("kind", flat=True).distinct()
    )
    set_up = {
        "interactive": StrategicUncertainty.objects.filter(group=group, in_focus=True).exists(),
        "boundary": BoundaryRule.objects.filter(group=group).exists()
        or DocumentKind.LIMITS in documents,
        "belief": bool(documents & set(BELIEF_KINDS)),
        "diagnostic": KpiTarget.objects.filter(group=group).exists(),
    }
    recommended = set(stages.levers_recommended(group.stage))
    return [
        LeverState(
            code=lever,
            label=str(LABELS[lever]),
            set_up=set_up[lever],
            recommended=lever in recommended,
            recommended_from=stages.LEVER_FROM[lever],
        )
        for lever in stages.LEVERS
    ]
