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
    """Certifications that gate suppliers (REFERENCE.md)."""

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


# Spellings buyers type, folded by lib.jtext.fold_compact, mapped to the standard.
STANDARD_ALIASES = {
    "iso9001": Standard.ISO9001, "jisq9001": Standard.ISO9001, "9001": Standard.ISO9001,
    "jisq9100": Standard.JISQ9100, "as9100": Standard.JISQ9100, "en9100": Standard.JISQ9100,
    "9100": Standard.JISQ9100, "nadcap": Standard.NADCAP, "iatf16949": Standard.IATF16949,
    "iatf": Standard.IATF16949, "iso13485": Standard.ISO13485, "13485": Standard.ISO13485,
    "iso14001": Standard.ISO14001, "14001": Standard.ISO14001, "ea21": Standard.EA21,
    "えこあくしょん21": Standard.EA21, "kes": Standard.KES, "技能士": Standard.GINOUSHI,
}  # fmt: skip
