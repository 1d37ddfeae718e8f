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
