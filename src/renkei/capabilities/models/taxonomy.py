"""The shared vocabulary of capabilities: processes (sector › category › process), materials by
JIS symbol, and the certification standards a buyer may ask for.

All of it is data (data/taxonomy.json, the admin, `renkei taxonomy_import`): a region's food
processors, farms or tourism businesses get their own sector without a change to the code
(第6次産業, seed l.5254–5256).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Localized:
    """Picks the Japanese or English name by the active language."""

    name_ja: str
    name_en: str

    @property
    def name(self) -> str:
        if (get_language() or "ja").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ja


class Sector(Localized, models.Model):
    """An industry the taxonomy covers: manufacturing, food processing, agriculture, tourism …"""

    code = models.SlugField(_("code"), unique=True)
    name_ja = models.CharField(_("Japanese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class ProcessCategory(Localized, models.Model):
    """First level of the process taxonomy within a sector (for manufacturing JIS B 0122
    classes, DIN 8580 groups)."""

    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="categories", verbose_name=_("sector")
    )
    code = models.SlugField(unique=True)
    name_ja = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sector__position", "position"]
        verbose_name = _("process category")
        verbose_name_plural = _("process categories")

    def __str__(self) -> str:
        return self.name


class Process(Localized, models.Model):
    """A process a member can do. Aliases carry the names shops really use (REFERENCE.md)."""

    category = models.ForeignKey(
        ProcessCategory, on_delete=models.PROTECT, related_name="processes"
    )
    code = models.SlugField(unique=True)
    name_ja = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60)
    jis_code = models.CharField(max_length=10, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category__sector__position", "category__position", "position"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # A customer's words are read into processes by name (directory.search.vocabulary): a
        # second process of the same name could never be found.
        same = Process.objects.filter(name_ja=self.name_ja).exclude(pk=self.pk)
        if self.name_ja and same.exists():
            raise ValidationError({"name_ja": _("Another process already has this name.")})


class MaterialFamily(Localized, models.Model):
    """A family of materials (stainless, aluminium …), the level a buyer's gate checks."""

    code = models.SlugField(unique=True)
    name_ja = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("material family")
        verbose_name_plural = _("material families")

    def __str__(self) -> str:
        return self.name


class Material(models.Model):
    """A material by its JIS symbol (SUS304, A7075 …) or common name for resins."""

    family = models.ForeignKey(MaterialFamily, on_delete=models.PROTECT, related_name="materials")
    symbol = models.CharField(max_length=40, unique=True)
    aliases = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["family__position", "position"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.symbol


class CertificationStandard(Localized, models.Model):
    """A certificate a buyer may require (ISO 9001, JIS Q 9100, HACCP, JGAP …). ``code`` is what
    a company's certificate and an inquiry line store; a standard of no sector applies to all."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_ja = models.CharField(_("Japanese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standards",
        verbose_name=_("sector"),
    )
    aliases = models.JSONField(_("other spellings"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("certification standard")
        verbose_name_plural = _("certification standards")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.pk is None:
            return
        from renkei.capabilities.models.profile import Certification

        before = CertificationStandard.objects.filter(pk=self.pk).values_list("code", flat=True)
        code = before.first()
        if code and code != self.code and Certification.objects.filter(standard=code).exists():
            # Certificates store the code: a new one would leave them naming nothing.
            raise ValidationError(
                {"code": _("Certificates already name this standard by its code; keep the code.")}
            )


def standard_choices() -> list[tuple[str, str]]:
    """(code, name) of every standard: the choices of a certificate's ``standard``. A callable,
    so that a standard added as data is a choice at once, without a migration."""
    from renkei.capabilities.taxonomy import standards

    return [(s.code, s.name) for s in standards()]
