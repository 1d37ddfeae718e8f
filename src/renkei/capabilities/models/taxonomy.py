"""The shared vocabulary of capabilities: processes (two levels) and materials by JIS symbol."""

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


class ProcessCategory(Localized, models.Model):
    """First level of the process taxonomy (JIS B 0122 classes, DIN 8580 groups)."""

    code = models.SlugField(unique=True)
    name_ja = models.CharField(max_length=60)
    name_en = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
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
        ordering = ["category__position", "position"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.name


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
