"""The SQL of the search: title hits first, then the newest, and a count that stops at
COUNT_CAP ("1000+"), so that no search reads every document a common word is in.

One word of the query drives, read in document order (newest first) from an index: a word of
one or two characters from the postings' (token, tier, document) index, a longer one from the
trigram table (FTS5 on SQLite, pg_trgm on PostgreSQL; indexing.py keeps both). The other words
filter what it reads (a posting lookup, or the folded text containing the word), the reader's
visibility rule filters the rest, and the reading stops at the page (title pass) and at the cap
(count pass).

The statements are composed from table names and placeholders only; every value is a
parameter. A word reaches FTS5 as one quoted string, so its syntax (OR, NEAR, *, ") is text.
"""

from dataclasses import dataclass
from typing import Any

from django.db import connection

from renkei.knowledge.access import Reader
from renkei.knowledge.choices import DocType, Visibility
from renkei.knowledge.indexing import FULLTEXT
from renkei.knowledge.models import SearchDocument, SearchText, SearchToken
from renkei.lib.ngram import TITLE_TIER, is_short

TOKENS = SearchToken._meta.db_table
DOCUMENTS = SearchDocument._meta.db_table
TEXTS = SearchText._meta.db_table
COUNT_CAP = 1_000


@dataclass(frozen=True)
class _Source:
    """Where the driving word's documents are read from, in document order."""

    tables: str  # the FROM clause, aliased m
    key: str  # the document id column of m
    where: str
    params: list[Any]


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_string(term: str) -> str:
    """The term as one FTS5 string: inside double quotes everything is literal but a quote."""
    return '"' + term.replace('"', '""') + '"'


def _variant_sql(variant: str, title: bool) -> tuple[str, list[Any]]:
    """SELECT doc: the documents holding the variant (in the title when ``title``)."""
    if is_short(variant):
        sql = f"SELECT document_id AS doc FROM {TOKENS} WHERE token = %s"
        if title:
            return sql + " AND weight = %s", [variant, TITLE_TIER]
        return sql, [variant]
    column = "title" if title else "body"
    if connection.vendor == "sqlite":
        return (
            f"SELECT rowid AS doc FROM {FULLTEXT} WHERE {FULLTEXT} MATCH %s",
            [f"{column} : {_fts_string(variant)}"],
        )
    if connection.vendor == "postgresql":
        return f"SELECT document_id AS doc FROM {FULLTEXT} WHERE {column} LIKE %s", [_like(variant)]
    # Elsewhere no trigram index: the folded text, scanned (titles are not kept apart there).
    return f"SELECT document_id AS doc FROM {TEXTS} WHERE folded LIKE %s ESCAPE '\\'", [
        _like(variant)
    ]


def _source(variants: list[str], title: bool) -> _Source:
    if len(variants) > 1:
        parts = [_variant_sql(v, title) for v in variants]
        union = " UNION ".join(sql for sql, _ in parts)
        return _Source(f"({union}) m", "m.doc", "1 = 1", [p for _, ps in parts for p in ps])
    variant = variants[0]
    if is_short(variant):
        if title:
            return _Source(
                f"{TOKENS} m", "m.document_id", "m.token = %s AND m.weight = %s",
                [variant, TITLE_TIER],
            )  # fmt: skip
        return _Source(f"{TOKENS} m", "m.document_id", "m.token = %s", [variant])
    column = "title" if title else "body"
    if connection.vendor == "sqlite":
        return _Source(
            f"{FULLTEXT} m",
            "m.rowid",
            f"{FULLTEXT} MATCH %s",
            [f"{column} : {_fts_string(variant)}"],
        )
    if connection.vendor == "postgresql":
        return _Source(f"{FULLTEXT} m", "m.document_id", f"m.{column} LIKE %s", [_like(variant)])
    sql, params = _variant_sql(variant, title)
    return _Source(f"({sql}) m", "m.doc", "1 = 1", params)


def _contains_sql(variant: str) -> tuple[str, list[Any]]:
    """A condition on d: its document holds the variant."""
    if is_short(variant):
        return (
            f"EXISTS (SELECT 1 FROM {TOKENS} t WHERE t.document_id = d.id AND t.token = %s)",
            [variant],
        )
    if connection.vendor == "postgresql":
        found, value = "strpos(v.folded, %s) > 0", variant
    elif connection.vendor == "sqlite":
        found, value = "instr(v.folded, %s) > 0", variant
    else:
        found, value = "v.folded LIKE %s ESCAPE '\\'", _like(variant)
    return f"EXISTS (SELECT 1 FROM {TEXTS} v WHERE v.document_id = d.id AND {found})", [value]


def _filter_sql(variants: list[str]) -> tuple[str, list[Any]]:
    parts = [_contains_sql(v) for v in variants]
    return "(" + " OR ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]


def _in(values: frozenset[int]) -> tuple[str, list[Any]]:
    return ", ".join(["%s"] * len(values)), sorted(values)


def _visibility_sql(doc_type: str, reader: Reader) -> tuple[str, list[Any]]:
    if reader.everything:
        return "1 = 1", []
    if doc_type == DocType.INQUIRY:
        inner, inner_params = reader.visible_inquiries().values("pk").query.sql_with_params()
        return f"d.doc_id IN ({inner})", list(inner_params)
    clauses = ["d.visibility = %s"]
    params: list[Any] = [Visibility.PUBLIC.value]
    if reader.region_ids:
        marks, ids = _in(reader.region_ids)
        clauses.append(f"(d.visibility = %s AND d.region_id IN ({marks}))")
        params += [Visibility.REGION.value, *ids]
    if reader.group_ids:
        marks, ids = _in(reader.group_ids)
        clauses.append(f"d.group_id IN ({marks})")
        params += ids
    return "(" + " OR ".join(clauses) + ")", params


def _driving_first(terms: list[list[str]]) -> list[list[str]]:
    """The word whose index reads fewest documents first: trigram words before short ones (a
    trigram is rarer than a bigram), and the longer the rarer."""
    return sorted(terms, key=lambda vs: (any(is_short(v) for v in vs), -min(len(v) for v in vs)))


def _pass(
    terms: list[list[str]], reader: Reader, doc_type: str, title: bool, limit: int, group_id: Any
) -> list[int]:
    """The ids of up to ``limit`` matching documents the reader may open, newest first."""
    driving, *others = terms
    source = _source(driving, title)
    visible, visible_params = _visibility_sql(doc_type, reader)
    statement = (
        f"SELECT d.doc_id FROM {source.tables} JOIN {DOCUMENTS} d ON d.id = {source.key} "
        f"WHERE {source.where} AND d.doc_type = %s AND {visible}"
    )
    params = [*source.params, doc_type, *visible_params]
    for variants in others:
        condition, more = _filter_sql(variants)
        statement += f" AND {condition}"
        params += more
    if group_id is not None:
        statement += " AND d.group_id = %s"
        params.append(group_id)
    statement += f" ORDER BY {source.key} DESC LIMIT %s"
    params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return [row[0] for row in cursor.fetchall()]


def ranked_documents(
    terms: list[list[str]],
    reader: Reader,
    doc_type: str,
    *,
    limit: int,
    offset: int = 0,
    group_id: int | None = None,
) -> tuple[list[tuple[int, int]], int]:
    """(source id, tier) of a page of the documents the reader may open, title hits first and
    then the newest, and how many there are, at most COUNT_CAP + 1 (more than the cap)."""
    terms = [vs for vs in terms if vs]
    if not terms:
        return [], 0
    ordered = _driving_first(terms)
    wanted = offset + limit
    titled = _pass(ordered, reader, doc_type, True, wanted, group_id)
    found = _pass(
        ordered, reader, doc_type, False, max(COUNT_CAP + 1, wanted + len(titled)), group_id
    )
    if len(titled) >= wanted:
        ranked = titled
    else:  # every title hit is in hand: the others follow, newest first
        seen = set(titled)
        ranked = titled + [pk for pk in found if pk not in seen]
    tiers = set(titled)
    page = [(pk, 2 if pk in tiers else 1) for pk in ranked[offset:wanted]]
    return page, min(len(found), COUNT_CAP + 1)
