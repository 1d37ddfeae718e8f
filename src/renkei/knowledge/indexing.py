"""Keeping the search index in step, always on the write path: an article when its service
saves it, an inquiry in the transaction that receives it. A search only reads: indexing inside
a GET made every search a writer (SQLite's one write lock) and let concurrent searches race to
insert the same inquiry's document (PostgreSQL's duplicate-key errors).

A document has three parts: its folded text (SearchText), its unigram and bigram postings with
their tier (SearchToken, for words of one or two characters) and its row in the trigram table
FULLTEXT (words of three and more), which migration 0002 creates per database: an FTS5 table on
SQLite, a table with pg_trgm GIN indexes on PostgreSQL. Deleting a document deletes that row by
a trigger, so every path that deletes documents (a group's cascade too) keeps it in step.
"""

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef

from renkei.core.analyze import refresh_statistics as analyze_tables
from renkei.inquiries.models import Inquiry
from renkei.knowledge.choices import ArticleKind, DocType
from renkei.knowledge.models import (
    Article,
    GlossaryVariant,
    SearchDocument,
    SearchText,
    SearchToken,
)
from renkei.lib.ngram import fold_text, token_tiers

BATCH = 5_000
FULLTEXT = "knowledge_search_fulltext"
# Inquiries indexed per periodic check: small enough to hold the write lock only briefly.
BATCH_OF_INQUIRIES = 500


def _own_text(article: Article) -> list[str]:
    return [article.body, article.reading, article.synonyms, article.attendees, article.decisions]


def article_text(article: Article) -> tuple[str, str]:
    """The title and the rest of the searchable text of an article, with its parts."""
    parts = _own_text(article)
    parts += [a.what + " " + a.owner for a in article.action_items.all()]
    parts += [answer.body for answer in article.answers.all()]
    parts += [c.caption for c in article.attachments.all()]
    parts += [tag.name for tag in article.tags.all()]
    return article.title, "\n".join(p for p in parts if p)


def inquiry_text(inquiry: Inquiry) -> tuple[str, str]:
    lines = [
        f"{line.part_name} {line.material} {line.process_text}" for line in inquiry.lines.all()
    ]
    # Not the customer's name: members passed an inquiry do not learn who sent it.
    return inquiry.title, "\n".join([inquiry.description, *lines])


def _document(doc_type: str, doc_id: int, **fields: Any) -> SearchDocument:
    document, _ = SearchDocument.objects.update_or_create(
        doc_type=doc_type, doc_id=doc_id, defaults=fields
    )
    return document


def _write_tokens(document: SearchDocument, title: str, body: str) -> None:
    folded = fold_text(title + "\n" + body)
    SearchText.objects.update_or_create(document=document, defaults={"folded": folded})
    SearchToken.objects.filter(document=document).delete()
    SearchToken.objects.bulk_create(
        [
            SearchToken(document=document, token=token, weight=tier)
            for token, tier in token_tiers(title, body).items()
        ],
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {FULLTEXT} WHERE rowid = %s", [document.pk])
        elif connection.vendor != "postgresql":
            return
        _insert_fulltext(cursor, [(document.pk, fold_text(title), folded)])


def _insert_fulltext(cursor: Any, rows: Iterable[tuple[int, str, str]]) -> None:
    """(document id, folded title, folded title and body) rows into the trigram table."""
    if connection.vendor == "postgresql":
        cursor.executemany(
            f"INSERT INTO {FULLTEXT} (document_id, title, body) VALUES (%s, %s, %s) "
            "ON CONFLICT (document_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body",
            list(rows),
        )
    elif connection.vendor == "sqlite":
        cursor.executemany(
            f"INSERT INTO {FULLTEXT} (rowid, title, body) VALUES (%s, %s, %s)",
            list(rows),
        )


def index_article(article: Article) -> None:
    """Rewrites the article's document, tokens and glossary variants."""
    title, body = article_text(article)
    with transaction.atomic():
        document = _document(
            DocType.ARTICLE,
            article.pk,
            group_id=article.group_id,
            region_id=article.group.region_id,
            visibility=article.visibility,
            source_updated_at=article.updated_at,
        )
        _write_tokens(document, title, body)
        GlossaryVariant.objects.filter(article=article).delete()
        if article.kind == ArticleKind.GLOSSARY:
            variants = {
                fold_text(v).replace(" ", "") for v in [article.title, *article.synonym_list()]
            }
            if article.reading:
                variants.add(fold_text(article.reading).replace(" ", ""))
            GlossaryVariant.objects.bulk_create(
                [GlossaryVariant(article=article, folded=v[:100]) for v in sorted(variants) if v]
            )


def unindex_article(article_id: int) -> None:
    SearchDocument.objects.filter(doc_type=DocType.ARTICLE, doc_id=article_id).delete()


def index_inquiry(inquiry: Inquiry) -> None:
    """Writes the inquiry's document and tokens. Called by the window's service in the
    transaction that saves the inquiry, so no one ever sees it without its document; what is
    indexed (title, description, lines) is not changed after it is received."""
    title, body = inquiry_text(inquiry)
    with transaction.atomic():
        document = _document(
            DocType.INQUIRY,
            inquiry.pk,
            group_id=inquiry.group_id,
            region_id=inquiry.group.region_id,
            visibility="",
            source_updated_at=inquiry.updated_at,
        )
        _write_tokens(document, title, body)


def index_unindexed_inquiries() -> dict[str, int]:
    """Periodic (``renkei tick``): indexes inquiries that have no document yet — those received
    before the window indexed on arrival (a search used to do it) — a batch at a time."""
    documents = SearchDocument.objects.filter(doc_type=DocType.INQUIRY, doc_id=OuterRef("pk"))
    missing = (
        Inquiry.objects.filter(~Exists(documents))
        .select_related("group")
        .prefetch_related("lines")
        .order_by("pk")[:BATCH_OF_INQUIRIES]
    )
    indexed = 0
    for inquiry in missing:
        try:
            index_inquiry(inquiry)
        except IntegrityError:
            continue  # indexed meanwhile by someone else: nothing left to do
        indexed += 1
    return {"indexed": indexed}


def bulk_index_articles(articles: Iterable[Article]) -> int:
    """Indexes many new articles at once (the benchmark, a rebuild): one document insert and
    token inserts in large batches. Assumes none of them is indexed yet and that they have no
    parts (answers, action items, attachments, tags) yet."""
    rows = list(articles)
    texts = [(a.title, "\n".join(p for p in _own_text(a) if p)) for a in rows]
    documents = SearchDocument.objects.bulk_create(
        [
            SearchDocument(
                doc_type=DocType.ARTICLE,
                doc_id=a.pk,
                group_id=a.group_id,
                region_id=a.group.region_id,
                visibility=a.visibility,
                source_updated_at=a.updated_at,
            )
            for a in rows
        ],
        batch_size=BATCH,
    )
    if not documents or documents[0].pk is None:
        by_id = dict(
            SearchDocument.objects.filter(
                doc_type=DocType.ARTICLE, doc_id__in=[a.pk for a in rows]
            ).values_list("doc_id", "pk")
        )
        for document in documents:
            document.pk = by_id[document.doc_id]
    folded_texts = [fold_text(title + "\n" + body) for title, body in texts]
    SearchText.objects.bulk_create(
        [
            SearchText(document_id=document.pk, folded=folded)
            for folded, document in zip(folded_texts, documents, strict=True)
        ],
        batch_size=BATCH,
    )
    rows_of_tokens = (
        (document.pk, token, tier)
        for (title, body), document in zip(texts, documents, strict=True)
        for token, tier in token_tiers(title, body).items()
    )
    _insert_tokens(rows_of_tokens)
    with connection.cursor() as cursor:
        _insert_fulltext(
            cursor,
            (
                (document.pk, fold_text(title), folded)
                for (title, _), folded, document in zip(texts, folded_texts, documents, strict=True)
            ),
        )
    return len(rows)


def _insert_tokens(tokens: Iterable[tuple[int, str, int]]) -> None:
    """Millions of rows, without a model instance per token: COPY on PostgreSQL, executemany
    in batches elsewhere."""
    table = SearchToken._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw: Any = cursor.cursor
            with raw.copy(f"COPY {table} (document_id, token, weight) FROM STDIN") as copy:
                for row in tokens:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} (document_id, token, weight) VALUES (%s, %s, %s)"
        pending: list[tuple[int, str, int]] = []
        for row in tokens:
            pending.append(row)
            if len(pending) >= 50_000:
                cursor.executemany(sql, pending)
                pending = []
        if pending:
            cursor.executemany(sql, pending)


def refresh_statistics() -> None:
    """After a bulk build: fresh statistics, so that both planners walk the postings' indexes in
    document order; on PostgreSQL also visibility maps for index-only scans, which autovacuum
    would give only minutes later."""
    tables = [m._meta.db_table for m in (SearchDocument, SearchText, SearchToken)]
    if connection.vendor == "postgresql":
        tables.append(FULLTEXT)
    analyze_tables(tables, vacuum=True)


def rebuild_article_index() -> int:
    """Forgets and rebuilds every article's document."""
    SearchDocument.objects.filter(doc_type=DocType.ARTICLE).delete()
    count = 0
    for article in (
        Article.objects.select_related("group")
        .prefetch_related("action_items", "answers", "attachments", "tags")
        .order_by("pk")  # documents in the articles' order: the search ranks newest first
    ):
        index_article(article)
        count += 1
    return count


def rebuild_search_index() -> dict[str, int]:
    """Rewrites every document's postings and trigram row (migration 0002: existing documents
    had weights by frequency and no trigram row)."""
    articles = 0
    for article in (
        Article.objects.filter(
            Exists(SearchDocument.objects.filter(doc_type=DocType.ARTICLE, doc_id=OuterRef("pk")))
        )
        .select_related("group")
        .prefetch_related("action_items", "answers", "attachments", "tags")
        .order_by("pk")
    ):
        index_article(article)
        articles += 1
    inquiries = 0
    for inquiry in (
        Inquiry.objects.filter(
            Exists(SearchDocument.objects.filter(doc_type=DocType.INQUIRY, doc_id=OuterRef("pk")))
        )
        .select_related("group")
        .prefetch_related("lines")
        .order_by("pk")
    ):
        index_inquiry(inquiry)
        inquiries += 1
    return {"articles": articles, "inquiries": inquiries}
