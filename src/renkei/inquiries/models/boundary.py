"""The group's boundary system (Simons): what it will and will not take (seed l.1400–1405,
2210–2225), as rules every inquiry is screened against on arrival."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped


class RuleKind(models.TextChoices):
    MAX_QUANTITY = "max_quantity", _("largest quantity we take")
    MIN_LEAD_DAYS = "min_lead_days", _("shortest lead time we take (days)")
    EXCLUDED_WORD = "excluded_word", _("uses we do not take (a word in the inquiry)")
    EXCLUDED_PROCESS = "excluded_process", _("process we do not offer")
    NO_NDA = "no_nda", _("we do not sign customers' NDAs")


class BoundaryRule(TimeStamped):
    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="boundary_rules")
    kind = models.CharField(_("rule"), max_length=20, choices=RuleKind.choices)
    value = models.CharField(_("value"), max_length=100, blank=True)
    note = models.CharField(_("why (for the coordinator)"), max_length=200, blank=True)

    class Meta:
        ordering = ["group", "kind", "pk"]
        verbose_name = _("boundary rule")
        verbose_name_plural = _("boundary rules")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        numeric = self.kind in (RuleKind.MAX_QUANTITY, RuleKind.MIN_LEAD_DAYS)
        if numeric and not self.value.strip().isdigit():
            raise ValidationError({"value": _("Enter a whole number.")})
        if self.kind in (RuleKind.EXCLUDED_WORD, RuleKind.EXCLUDED_PROCESS) and not self.value:
            raise ValidationError({"value": _("Enter the word or the process.")})
