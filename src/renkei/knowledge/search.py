"""Japanese search over articles, the inquiries a person may open, and companies.

Articles and inquiries are found through the n-gram index (renkei.lib.ngram explains the
tokens): one SQL statement per search ranks the hits, filters them by what the searcher may open
and counts them. Companies are found through their own folded search column, which the
capability services keep fresh, among the companies the directory shows the searcher.
Glossary terms expand the query: a word written as one of a term's variants (めっき) also finds
the others (鍍金), also inside a longer word (めっき層 → 鍍金層).
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from renkei.inquiries.models import Inquiry
from renkei.knowledge.access import Reader
from renkei.knowledge.choices import DocType
from renkei.knowledge.models import Article, GlossaryVariant
from renkei.knowledge.ranking import ranked_documents
from renkei.lib.jtext import fold
from renkei.lib.ngram import (
    Segment,
    highlight,
    query_terms,
    snippet,
    substrings,
)

MAX_VARIANTS = 8
HIT_FIELDS = ("kind", "title", "body", "synonyms", "decisions", "group__slug", "group__name")
_MARKUP = re.compile(r"[#*`>|]+|!?\[|\]\([^)]*\)")


@dataclass
class Hit:
    """One thing found, with its highlighted title and snippet."""

    kind: str
    obj: Any
    url: str
    title: list[Segment]
    snippet: list[Segment]
    score: int = 0


@dataclass
class Results:
    query: str
    terms: list[list[str]] = field(default_factory=list)
    articles: list[Hit] = field(default_factory=list)
    article_count: int = 0
    inquiries: list[Hit] = field(default_factory=list)
    inquiry_count: int = 0
    companies: list[Hit] = field(default_factory=list)
    company_count: int = 0

    @property
    def needles(self) -> list[str]:
        return [variant for variants in self.terms for variant in variants]

    @property
    def total(self) -> int:
        return self.article_count + self.inquiry_count + self.company_count


def expand(terms: list[str], reader: Reader) -> list[list[str]]:
    """Each term with the ways of writing it that the glossaries the reader may open know."""
    wanted = {part for term in terms for part in substrings(term, shortest=2)} | set(terms)
    if not wanted:
        return []
    # Variants first (an indexed lookup), then whether the reader may open their glossaries.
    matched = set(
        GlossaryVariant.objects.filter(folded__in=wanted).values_list("article_id", flat=True)
    )
    if matched:
        matched = set(
            Article.objects.filter(reader.article_filter(), pk__in=matched).values_list(
                "pk", flat=True
            )
        )
    sets: dict[int, list[str]] = {}
    for article_id, folded in GlossaryVariant.objects.filter(article_id__in=matched).values_list(
        "article_id", "folded"
    ):
        sets.setdefault(article_id, []).append(folded)
    expanded = []
    for term in terms:
        variants = [term]
        for forms in sets.values():
            inside = sorted((f for f in forms if f in term), key=len, reverse=True)
            if not inside:
                continue
            for other in forms:
                variant = term.replace(inside[0], other)
                if variant not in variants:
                    variants.append(variant)
        expanded.append(variants[:MAX_VARIANTS])
    return expanded


def plain(markdown: str) -> str:
    """Markdown with its markup signs taken out, for snippets."""
    return _MARKUP.sub(" ", markdown)


def search(
    user: Any,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    group_id: int | None = None,
    everywhere: bool = True,
) -> Results:
    """Articles (ranked, paged), and when ``everywhere`` the best inquiries and companies."""
    reader = Reader.of(user)
    results = Results(query=query)
    terms = query_terms(query)
    if not terms:
        return results
    results.terms = expand(terms, reader)
    needles = results.needles
    found, results.article_count = ranked_documents(
        results.terms, reader, DocType.ARTICLE, limit=limit, offset=offset, group_id=group_id
    )
    results.articles = article_hits(found, needles)
    if everywhere:
        _inquiries(results, reader)
        _companies(results, reader)
    return results


def article_hits(found: list[tuple[int, int]], needles: list[str]) -> list[Hit]:
    """The found (article id, score) pairs as hits, highlighted, in the order found."""
    # What a hit shows (_hit.html, the API's search) and its URL: a third faster to load.
    articles = (
        Article.objects.select_related("group").only(*HIT_FIELDS).in_bulk([pk for pk, _ in found])
    )
    hits = []
    for pk, score in found:
        article = articles.get(pk)
        if article is not None:
            text = plain(" ".join([article.body, article.synonyms, article.decisions]))
            hits.append(
                Hit(
                    "article",
                    article,
                    article.get_absolute_url(),
                    highlight(article.title, needles),
                    snippet(text, needles),
                    score,
                )
            )
    return hits


def _inquiries(results: Results, reader: Reader) -> None:
    from renkei.knowledge.links import inquiry_url

    if not reader.everything and not reader.group_ids:
        return
    found, results.inquiry_count = ranked_documents(
        results.terms, reader, DocType.INQUIRY, limit=10
    )
    inquiries = Inquiry.objects.select_related("group").in_bulk([pk for pk, _ in found])
    for pk, score in found:
        inquiry = inquiries.get(pk)
        url = inquiry_url(reader.user, inquiry) if inquiry is not None else ""
        if inquiry is not None and url:  # a hit is only shown with the page it opens
            results.inquiries.append(
                Hit(
                    "inquiry",
                    inquiry,
                    url,
                    highlight(f"{inquiry.reference} {inquiry.title}", results.needles),
                    snippet(inquiry.description, results.needles),
                    score,
                )
            )


def _companies(results: Results, reader: Reader) -> None:
    companies = reader.visible_companies()
    for variants in results.terms:
        match = Q()
        for variant in variants:
            match |= Q(search_text__contains=fold(variant))
        companies = companies.filter(match)
    results.company_count = companies.count()
    for company in companies.order_by("kana", "name", "pk")[:10]:
        text = company.profile  # never search_text: folded, and it carries the address
        results.companies.append(
            Hit(
                "company",
                company,
                company.get_absolute_url(),
                highlight(company.name, results.needles),
                snippet(text, results.needles),
            )
        )
