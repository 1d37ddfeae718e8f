"""An inquiry passed to a member company, and that member's answer."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped


class AnswerKind(models.TextChoices):
    CAN = "can", _("We can do it")
    CANNOT = "cannot", _("We cannot do it")
    QUESTION = "question", _("We have a question")


class Referral(TimeStamped):
    """The coordinator passed the inquiry to this member; the member is mailed once."""

    inquiry = models.ForeignKey("Inquiry", on_delete=models.CASCADE, related_name="referrals")
    company = models.ForeignKey("orgs.Company", on_delete=models.PROTECT, related_name="+")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reasons = models.CharField(max_length=500, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["inquiry", "pk"]
        constraints = [models.UniqueConstraint(fields=["inquiry", "company"], name="referred_once")]

    def __str__(self) -> str:
        return f"{self.inquiry_id} → {self.company_id}"


class Answer(TimeStamped):
    """A member's answer: can do (price, lead days, validity) / cannot (why) / a question."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="answer")
    kind = models.CharField(_("answer"), max_length=10, choices=AnswerKind.choices)
    price_yen = models.PositiveBigIntegerField(_("price (yen, excl. tax)"), null=True, blank=True)
    lead_days = models.PositiveIntegerField(
        _("lead time (days)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    valid_until = models.DateField(_("quote valid until"), null=True, blank=True)
    notes = models.TextField(_("notes, reason or question"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.referral} {self.kind}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind == AnswerKind.CAN:
            missing = {
                name: _("Needed when you can do it.")
                for name in ("price_yen", "lead_days")
                if getattr(self, name) is None
            }
            if missing:
                raise ValidationError(missing)
        elif not self.notes.strip():
            raise ValidationError({"notes": _("Please say why, or what you would like to ask.")})
