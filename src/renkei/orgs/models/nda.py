"""A member company's acceptance of its group's NDA (秘密保持契約)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NdaAcceptance(models.Model):
    """A member admin accepted the group's NDA for their company. It counts only for the text it
    was given for (``text_sha256``): when the coordinator changes the text, members accept again.
    """

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, related_name="+")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted"), auto_now_add=True)
    text_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["group", "company", "-accepted_at"]
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "company", "text_sha256"], name="nda_accepted_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} @ {self.group_id} ({self.text_sha256[:8]})"
