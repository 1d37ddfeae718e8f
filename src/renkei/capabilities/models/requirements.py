"""The certificates a group requires, whatever the customer lists.

NSCA asks its members for JIS Q 9100 before they may take aerospace work: the heavy-industry
buyers take the QMS for granted (seed l.4530–4534, 4919–4921). A group states such a rule once,
and every matching gate checks it, valid on the inquiry's due date.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renkei.inquiries.choices import Industry


class GroupRequirement(models.Model):
    """A certificate a group requires: of every member (``industry`` blank), or of every member
    taking a job of one end-use industry."""

    group = models.ForeignKey(
        "orgs.Group", on_delete=models.CASCADE, related_name="certificate_requirements"
    )
    standard = models.ForeignKey(
        "capabilities.CertificationStandard",
        on_delete=models.PROTECT,
        related_name="group_requirements",
        verbose_name=_("certificate"),
    )
    industry = models.CharField(
        _("for inquiries of"),
        max_length=20,
        choices=Industry.choices,
        blank=True,
        help_text=_("Leave empty to require it of every member."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["industry", "standard__position", "standard__code"]
        verbose_name = _("required certificate")
        verbose_name_plural = _("required certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "standard", "industry"], name="group_requirement_once"
            )
        ]

    def __str__(self) -> str:
        return self.reason()

    def reason(self) -> str:
        """The rule in the coordinator's words, as the ranking shows it beside the gate."""
        code = self.standard.code
        if self.industry:
            return gettext("%(industry)s inquiries need %(standard)s (group rule)") % {
                "industry": industry_name(self.industry),
                "standard": code,
            }
        return gettext("Every member needs %(standard)s (group rule)") % {"standard": code}


INDUSTRY_NAMES = {
    Industry.AEROSPACE: _("Aerospace"),
    Industry.MEDICAL: _("Medical"),
    Industry.AUTOMOTIVE: _("Automotive"),
    Industry.SEMICONDUCTOR: _("Semiconductor"),
    Industry.MACHINERY: _("Industrial machinery"),
    Industry.RESEARCH: _("Research"),
    Industry.OTHER: _("Other"),
}


def industry_name(value: str) -> str:
    """The industry's plain name: the choices' labels carry both languages for the window."""
    return str(INDUSTRY_NAMES.get(Industry(value), value)) if value in Industry.values else value
