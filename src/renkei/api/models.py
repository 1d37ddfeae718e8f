"""Personal API tokens: a user's key to read the JSON API as themselves."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# "rk_" marks the string as a renkei key, so secret scanners and people can tell it apart.
KEY_MARK = "rk_"
SHOWN_PREFIX_LENGTH = 10


def hash_secret(secret: str) -> str:
    """SHA-256 is enough here: the secret is 256 random bits, so there is nothing to brute-force
    and no need for a slow password hash on every API request."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return KEY_MARK + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """A bearer token one person made to call the API as themselves.

    Only the hash of the secret is stored; the person sees the secret once, when it is made.
    A revoked token stays listed so its owner can tell which key stopped working.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key starts with"), max_length=SHOWN_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
