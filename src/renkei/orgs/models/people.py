"""People's roles in groups, and invitations by e-mail link."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.orgs.choices import PersonRole

COMPANY_ROLES = {PersonRole.MEMBER_ADMIN, PersonRole.MEMBER_STAFF}


class GroupRole(TimeStamped):
    """What one person may do in one group; member roles act for one member company."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_roles"
    )
    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.CASCADE, null=True, blank=True, related_name="people"
    )

    class Meta:
        ordering = ["group", "role", "user__username"]
        verbose_name = _("role in a group")
        verbose_name_plural = _("roles in groups")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group", "role", "company"], name="unique_group_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.group}"

    def clean(self) -> None:
        if self.role in COMPANY_ROLES and self.company_id is None:
            raise ValidationError(
                {"company": _("Member admin and member staff need a member company.")}
            )


def _token() -> str:
    return secrets.token_urlsafe(32)


def _expiry() -> datetime:
    return timezone.now() + timedelta(days=14)


class Invitation(TimeStamped):
    """An e-mailed link that lets a person join a group in a role, valid for 14 days."""

    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=PersonRole.choices)
    company = models.ForeignKey("orgs.Company", on_delete=models.CASCADE, null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    expires_at = models.DateTimeField(default=_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.group}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()

    def clean(self) -> None:
        if self.role in COMPANY_ROLES and self.company_id is None:
            raise ValidationError(
                {"company": _("Member admin and member staff need a member company.")}
            )
