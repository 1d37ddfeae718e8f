from renkei.cockpit.models.canvas import Canvas
from renkei.cockpit.models.circles import CirclePerson, OutsiderOpinion
from renkei.cockpit.models.coordinator import CoordinatorMark, CustomIndicator, IndicatorReading
from renkei.cockpit.models.decision import Proposal, Vote
from renkei.cockpit.models.kpi import CircleSnapshot, ExternalEffect, KpiAlert, KpiTarget
from renkei.cockpit.models.legal import IncorporationPlan, LegalFormAsOf
from renkei.cockpit.models.levers import (
    Acknowledgement,
    BoundaryRuleVersion,
    LeverDocument,
    StrategicUncertainty,
    UncertaintyEntry,
)
from renkei.cockpit.models.risk import Risk
from renkei.cockpit.models.stage import ChecklistMark, StageAssessment, StageChange

__all__ = [
    "Acknowledgement",
    "BoundaryRuleVersion",
    "Canvas",
    "ChecklistMark",
    "CirclePerson",
    "CircleSnapshot",
    "CoordinatorMark",
    "CustomIndicator",
    "ExternalEffect",
    "IncorporationPlan",
    "IndicatorReading",
    "KpiAlert",
    "KpiTarget",
    "LegalFormAsOf",
    "LeverDocument",
    "OutsiderOpinion",
    "Proposal",
    "Risk",
    "StageAssessment",
    "StageChange",
    "StrategicUncertainty",
    "UncertaintyEntry",
    "Vote",
]
