"""Companies: the autonomous members of groups, and supporters."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.lib.houjin import corporate_number_error, normalize_corporate_number
from renkei.orgs.choices import PREFECTURE_CHOICES, CompanyKind


def validate_corporate_number(value: str) -> None:
    reason = corporate_number_error(value)
    if reason:
        raise ValidationError(
            gettext("Invalid 法人番号 “%(value)s”: %(reason)s.")
            % {"value": value, "reason": gettext(reason)},
            code="corporate_number",
        )


class BatchBand(models.TextChoices):
    """Batch-size bands as buyers ask for them (Open Know-Where, REFERENCE.md)."""

    PROTOTYPE = "0-50", _("1–50 (prototype)")
    SMALL = "50-500", _("50–500")
    MEDIUM = "500-5000", _("500–5,000")
    LARGE = "5000+", _("5,000+")


class CompanyQuerySet(models.QuerySet["Company"]):
    def publicly_listed(self) -> "CompanyQuerySet":
        """Companies a visitor may see: listed members of a public group."""
        return self.filter(
            memberships__left_on__isnull=True,
            memberships__listed_publicly=True,
            memberships__group__is_public=True,
        ).distinct()

    def visible_to(self, user: object) -> "CompanyQuerySet":
        """Publicly listed companies, plus every current member of the user's groups."""
        if getattr(user, "is_superuser", False):
            return self
        if not getattr(user, "is_authenticated", False):
            return self.publicly_listed()
        from django.db.models import Q

        public = Q(
            memberships__left_on__isnull=True,
            memberships__listed_publicly=True,
            memberships__group__is_public=True,
        )
        mine = Q(memberships__left_on__isnull=True, memberships__group__roles__user=user)
        own = Q(people__user=user)
        return self.filter(public | mine | own).distinct()


class Company(TimeStamped):
    """A legally autonomous company (or a supporting organisation such as a city or bank).

    A company may belong to several groups; each group decides nothing for it (seed l.1128–1150).
    """

    kind = models.CharField(
        _("kind"), max_length=20, choices=CompanyKind.choices, default=CompanyKind.MANUFACTURER
    )
    name = models.CharField(_("name"), max_length=150)
    kana = models.CharField(_("name (kana)"), max_length=150, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    corporate_number = models.CharField(
        _("法人番号"),
        max_length=13,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_corporate_number],
        help_text=_("13 digits from the National Tax Agency (optional)."),
    )
    prefecture = models.CharField(
        _("prefecture"), max_length=4, choices=PREFECTURE_CHOICES, blank=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    capital_yen = models.PositiveBigIntegerField(_("capital (yen)"), null=True, blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    profile = models.TextField(_("profile"), blank=True)
    batch_band = models.CharField(
        _("batch size"), max_length=10, choices=BatchBand.choices, blank=True
    )
    typical_lead_days = models.PositiveIntegerField(
        _("typical lead time (days)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # Denormalised for the buyer-view directory search; rewritten by
    # capabilities.services.refresh_company_search after every capability change.
    search_text = models.TextField(editable=False, blank=True, default="")
    max_envelope_mm = models.PositiveIntegerField(editable=False, null=True, db_index=True)
    best_tolerance_um = models.FloatField(editable=False, null=True, db_index=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["kana", "name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:company", args=[self.pk])

    def clean(self) -> None:
        if self.corporate_number:
            self.corporate_number = normalize_corporate_number(self.corporate_number)
        else:
            self.corporate_number = None


def company_photo_path(instance: "CompanyPhoto", filename: str) -> str:
    import uuid
    from pathlib import Path

    # Stored under a random name: the uploader's file name is kept only as text.
    return f"companies/{instance.company_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class CompanyPhoto(TimeStamped):
    """A photo on a company's profile (workshop, machines, sample parts)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=company_photo_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    original_name = models.CharField(max_length=255, blank=True, editable=False)

    class Meta:
        ordering = ["company", "id"]
        verbose_name = _("company photo")
        verbose_name_plural = _("company photos")

    def __str__(self) -> str:
        return self.caption or self.original_name
