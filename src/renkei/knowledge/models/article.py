"""Articles of the knowledge market, their tags, revisions and links.

The knowledge market (知識市場, seed l.1523–1549, 2356–2372) is where members' tacit and explicit
knowledge becomes shared and a common language (共通言語) emerges; knowledge assets count among a
group's external effects (l.1550–1560).
"""

import uuid

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renkei.core.models import TimeStamped
from renkei.knowledge.choices import ArticleKind, LinkTarget, Visibility
from renkei.orgs.models import Group

MAX_BODY = 50_000


class Tag(models.Model):
    """A free keyword shared by all groups (溶接, 治具, 新人教育 …)."""

    name = models.CharField(_("name"), max_length=40, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet["Article"]):
    def for_group(self, group: "Group") -> "ArticleQuerySet":
        """The only way group pages read articles: scoped to one group."""
        return self.filter(group=group)


class Article(TimeStamped):
    """One piece of shared knowledge: a manual, minutes, a question, a case or a glossary term.

    The fields below the body are used by some kinds only; the current text is here and every
    saved state is a Revision.
    """

    group = models.ForeignKey(
        "orgs.Group", on_delete=models.CASCADE, related_name="knowledge_articles"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ArticleKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"), blank=True, max_length=MAX_BODY)
    visibility = models.CharField(
        _("who may read it"), max_length=8, choices=Visibility.choices, default=Visibility.GROUP
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    # Glossary terms: the reading and the other ways the term is written (鍍金, メッキ).
    reading = models.CharField(_("reading (よみ)"), max_length=100, blank=True)
    synonyms = models.CharField(
        _("synonyms"),
        max_length=300,
        blank=True,
        help_text=_("Other ways to write it, separated by commas: 鍍金, メッキ"),
    )
    # Manuals: a video on another site is shown as a link, never embedded (seed l.4783).
    video_url = models.URLField(
        _("video link"), blank=True, validators=[URLValidator(schemes=["https"])]
    )
    # Minutes.
    meeting_on = models.DateField(_("meeting date"), null=True, blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revision_number = models.PositiveIntegerField(default=1, editable=False)
    # The hidden key of the form it was written in: the same form sent twice is one article.
    submission_key = models.UUIDField(default=uuid.uuid4, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "submission_key"], name="article_submitted_once"
            ),
        ]
        indexes = [models.Index(fields=["group", "kind", "updated_at"], name="article_list")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:article", args=[self.group.slug, self.pk])

    def synonym_list(self) -> list[str]:
        parts = self.synonyms.replace("、", ",").replace("，", ",").split(",")
        return [p.strip() for p in parts if p.strip()]


class Revision(models.Model):
    """One saved state of an article, kept for the history, the diff and restoring."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # The other fields as they were: visibility, tags, kind-specific fields.
    data = models.JSONField(default=dict, blank=True)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The company the author wrote for, for the contribution counts of the cockpit.
    company = models.ForeignKey(
        "orgs.Company", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["article", "-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="revision_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.number}"


class ArticleLink(models.Model):
    """A link from an article to an inquiry, a company or a project. Shown only to readers who
    may open the target."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    target = models.CharField(max_length=10, choices=LinkTarget.choices)
    target_id = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["article", "target", "target_id"]
        verbose_name = _("article link")
        verbose_name_plural = _("article links")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "target", "target_id"], name="article_link_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target}#{self.target_id}"
