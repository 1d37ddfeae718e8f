"""The n-gram search index: one document per article (or inquiry), one row per token.

Portable on purpose: the suite runs on SQLite and PostgreSQL, and neither FTS5 nor pg_trgm
splits Japanese into words (see renkei.lib.ngram for why unigrams and bigrams).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from renkei.knowledge.choices import DocType


class SearchDocument(models.Model):
    """What the index knows of one searchable thing: who may see it and its folded text."""

    doc_type = models.CharField(max_length=8, choices=DocType.choices)
    doc_id = models.PositiveBigIntegerField()
    group = models.ForeignKey("orgs.Group", on_delete=models.CASCADE, related_name="+")
    region_id = models.PositiveBigIntegerField(null=True)
    visibility = models.CharField(max_length=8, blank=True)
    # When the source last changed, for documents indexed lazily (inquiries).
    source_updated_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "doc_id"], name="search_document_once"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}#{self.doc_id}"


class SearchText(models.Model):
    """A document's folded text, against which a word longer than a bigram is verified. Kept
    apart so that the document rows every search joins stay small."""

    document = models.OneToOneField(
        SearchDocument, on_delete=models.CASCADE, primary_key=True, related_name="text"
    )
    folded = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search text")
        verbose_name_plural = _("search texts")

    def __str__(self) -> str:
        return self.folded[:40]


class SearchToken(models.Model):
    """A unigram or bigram of a document's folded text, with how often it occurs there."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    token = models.CharField(max_length=2)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")
        constraints = [
            models.UniqueConstraint(fields=["document", "token"], name="search_token_once"),
        ]
        # Covering: a search reads a token's documents and weights from the index alone.
        indexes = [models.Index(fields=["token", "document", "weight"], name="search_token_lookup")]

    def __str__(self) -> str:
        return self.token


class GlossaryVariant(models.Model):
    """One folded way of writing a glossary term (めっき, 鍍金): a query for one finds all."""

    article = models.ForeignKey(
        "knowledge.Article", on_delete=models.CASCADE, related_name="variants"
    )
    folded = models.CharField(max_length=100, db_index=True)

    class Meta:
        verbose_name = _("glossary variant")
        verbose_name_plural = _("glossary variants")
        constraints = [
            models.UniqueConstraint(fields=["article", "folded"], name="glossary_variant_once"),
        ]

    def __str__(self) -> str:
        return self.folded
