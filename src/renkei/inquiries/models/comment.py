"""The group's internal comment thread on an inquiry (the kintone thread of the seed's group):
the coordinators and the people of the member companies it was passed to talk it over, and the
customer never sees it."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped

MAX_COMMENT = 5000


class Comment(TimeStamped):
    """One comment in an inquiry's internal thread, plain text."""

    inquiry = models.ForeignKey("Inquiry", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), validators=[MaxLengthValidator(MAX_COMMENT)])
    # The hidden key of the form it was written in: the same form sent twice is one comment.
    key = models.UUIDField(editable=False)

    class Meta:
        ordering = ["inquiry", "created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(fields=["inquiry", "key"], name="comment_posted_once"),
        ]

    def __str__(self) -> str:
        return self.body[:40]


class Mention(models.Model):
    """A person named with @username in a comment; they are told once, in-app and by mail."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["comment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="mentioned_once"),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id} @{self.user_id}"
