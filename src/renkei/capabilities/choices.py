"""Enumerations of capability profiles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CertificationStatus(models.TextChoices):
    """A certificate's status as the certification body reports it (IAF CertSearch shape)."""

    ACTIVE = "active", pgettext_lazy("certificate status", "Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Standard(models.TextChoices):
    """The codes of the certifications that gate manufacturers (REFERENCE.md). The standards a
    certificate may name are data (CertificationStandard, data/taxonomy.json), these among
    them; this list stays for code that names one of them."""

    ISO9001 = "ISO 9001", "ISO 9001 / JIS Q 9001"
    JISQ9100 = "JIS Q 9100", "JIS Q 9100 (AS/EN 9100)"
    NADCAP = "Nadcap", "Nadcap"
    IATF16949 = "IATF 16949", "IATF 16949"
    ISO13485 = "ISO 13485", "ISO 13485"
    ISO14001 = "ISO 14001", "ISO 14001"
    EA21 = "EA21", _("エコアクション21")
    KES = "KES", "KES"
    GINOUSHI = "技能士", _("技能士 (national skill)")
    OTHER = "other", _("Other")


class SkillGrade(models.TextChoices):
    """The grades of the national trade skill test (技能検定): a 技能士 holds a trade at one of
    them. Most trades have 特級 (supervisors), 1級, 2級 and 3級; a few have one grade only."""

    SPECIAL = "special", _("Special grade (特級)")
    FIRST = "1", _("Grade 1 (1級)")
    SECOND = "2", _("Grade 2 (2級)")
    THIRD = "3", _("Grade 3 (3級)")
    SINGLE = "single", _("Single grade (単一等級)")


class Standing(models.TextChoices):
    """How a member stands in a 企業組合: its 組合員 are individuals, and a company that provides
    the facilities, goods, skills or people the cooperative needs joins as a 特定組合員
    (seed l.3427, 3884–3886, 3904–3906)."""

    UNION_MEMBER = "member", _("Union member (組合員)")
    SPECIFIED = "specified", _("Specified member (特定組合員)")
