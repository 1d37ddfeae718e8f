"""Shared lookups of the knowledge pages: an article the reader may open, else 404."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from renkei.knowledge.access import Reader, can_write
from renkei.knowledge.models import Article


def article_or_404(request: HttpRequest, slug: str, pk: int) -> tuple[Article, Reader]:
    """The article if this person may read it; another group's private one is 404, never 403."""
    article = get_object_or_404(
        Article.objects.select_related("group", "group__region", "author", "company"),
        pk=pk,
        group__slug=slug,
    )
    reader = Reader.of(request.user)
    if not reader.can_read(article):
        raise Http404
    return article, reader


def writable_article_or_404(request: HttpRequest, slug: str, pk: int) -> tuple[Article, Reader]:
    """As article_or_404, for those who may change it (the group's members and coordinators)."""
    article, reader = article_or_404(request, slug, pk)
    if not can_write(request.user, article.group):
        raise Http404
    return article, reader
