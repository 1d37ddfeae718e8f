"""Parts of some kinds of article: attachments, action items of minutes, answers to questions."""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renkei.knowledge.choices import AttachmentKind
from renkei.knowledge.models.article import Article

MAX_ANSWER = 20_000


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A random name: the uploader's file name is kept only as text.
    suffix = Path(filename).suffix.lower()[:6]
    return f"knowledge/{instance.article.group_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A photo or video of an article (a manual's steps, seed l.4779–4783), served only through
    a view that checks the reader may open the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=8, choices=AttachmentKind.choices)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.caption or self.original_name


class ActionItem(models.Model):
    """A to-do decided in a meeting: what, who, by when (minutes)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="action_items")
    what = models.CharField(_("what"), max_length=200)
    owner = models.CharField(_("who"), max_length=100)
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.what


class Answer(models.Model):
    """An answer to a question; the asker or a coordinator may accept one."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="answers")
    body = models.TextField(_("answer"), max_length=MAX_ANSWER)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted = models.BooleanField(default=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["article", "-accepted", "created_at"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="answer_sent_once"),
            models.UniqueConstraint(
                fields=["article"], condition=Q(accepted=True), name="one_accepted_answer"
            ),
        ]

    def __str__(self) -> str:
        return self.body[:40]
