"""Enumerations of the coordinator's cockpit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The belief system (mission, vision, values, member rules) and the strategic limits of the
    boundary system (seed l.1400–1405, 1745–1760: 会員規約, 戦略の限界)."""

    MISSION = "mission", _("ミッション (mission)")
    VISION = "vision", _("ビジョン (vision)")
    VALUES = "values", _("価値観 (values)")
    RULES = "rules", _("会員規約 (member rules)")
    LIMITS = "limits", _("戦略の限界 (strategic limits)")


BELIEF_KINDS = (DocumentKind.MISSION, DocumentKind.VISION, DocumentKind.VALUES, DocumentKind.RULES)


class RiskCategory(models.TextChoices):
    """The six risks of inter-company collaboration (seed l.5166–5197)."""

    VISION = "vision", _("目的やビジョンの共有 (shared purpose and vision)")
    ORGANIZATION = "organization", _("組織運営および資金調達 (organization and funding)")
    RESOURCES = "resources", _("ハードリソースおよび人的リソースの共有方法 (shared resources)")
    IP = "ip", _("知的財産やノウハウの扱い (IP and know-how)")
    QUALITY = "quality", _("性能や品質などの基準 (quality standards)")
    BALANCE = "balance", _("個社事業と連携事業とのバランス (own vs joint business)")


class DecisionMethod(models.TextChoices):
    CONSENT = "consent", _("同意／異議 (consent / objection)")
    VOTE = "vote", _("投票 (vote)")


class VoteChoice(models.TextChoices):
    FOR = "for", _("賛成 (for)")
    AGAINST = "against", _("反対 (against)")
    ABSTAIN = "abstain", _("棄権 (abstain)")
    CONSENT = "consent", _("同意 (consent)")
    OBJECT = "object", _("異議 (objection)")


class EntryKind(models.TextChoices):
    DIALOGUE = "dialogue", _("対話 (dialogue)")
    DECISION = "decision", _("決定 (decision)")
