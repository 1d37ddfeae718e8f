"""The customer portal's one table: the sign-in links mailed to customers.

A customer has no account: owning the mailbox an inquiry was sent from is what signs them in.
"""

from django.db import models

from renkei.core.models import TimeStamped


class SignInLink(TimeStamped):
    """One sign-in link asked for on the portal page: valid until ``expires_at``, once.

    Only the SHA-256 of the link's token is kept, set by the worker when it mails the link (the
    token itself is never in the database nor in the task queue): whoever reads a backup or the
    queue cannot sign in with it."""

    email = models.EmailField()
    language = models.CharField(max_length=8, default="ja")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"sign-in link {self.pk}"
