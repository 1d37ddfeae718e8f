"""The SQL of the n-gram search: the rarest token drives, the other words filter what it found,
the reader's visibility rule filters the rest, and one statement ranks, pages and counts.

The statements are composed from table names and placeholders only; every value is a parameter.
"""

from typing import Any

from django.db import connection

from renkei.knowledge.access import Reader
from renkei.knowledge.choices import DocType, Visibility
from renkei.knowledge.models import SearchDocument, SearchText, SearchToken
from renkei.lib.ngram import needs_verification, term_tokens

TOKENS = SearchToken._meta.db_table
DOCUMENTS = SearchDocument._meta.db_table
TEXTS = SearchText._meta.db_table


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _frequencies(tokens: set[str]) -> dict[str, int]:
    if not tokens:
        return {}
    marks = ", ".join(["%s"] * len(tokens))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token, COUNT(*) FROM {TOKENS} WHERE token IN ({marks}) GROUP BY token",
            sorted(tokens),
        )
        return {token: n for token, n in cursor.fetchall()}


def _rarest(variant: str, frequency: dict[str, int]) -> str:
    return min(term_tokens(variant), key=lambda t: frequency.get(t, 0))


def _verify_sql(variant: str, doc: str) -> tuple[str, list[Any]]:
    """The document's folded text contains the whole variant (needed past a bigram). A plain
    substring search (instr / strpos), faster than LIKE and with nothing to escape."""
    if connection.vendor == "postgresql":
        found = "strpos(v.folded, %s) > 0"
    elif connection.vendor == "sqlite":
        found = "instr(v.folded, %s) > 0"
    else:
        return (
            f"EXISTS (SELECT 1 FROM {TEXTS} v WHERE v.document_id = {doc}"
            " AND v.folded LIKE %s ESCAPE '\\')",
            [_like(variant)],
        )
    return f"EXISTS (SELECT 1 FROM {TEXTS} v WHERE v.document_id = {doc} AND {found})", [variant]


def _driving_sql(variant: str, frequency: dict[str, int]) -> tuple[str, list[Any]] | None:
    """Documents with the variant's rarest token and its weight there; a variant longer than a
    bigram is then verified against the folded text, which implies its other bigrams. None when
    the rarest token occurs nowhere."""
    rarest = _rarest(variant, frequency)
    if frequency.get(rarest, 0) == 0:
        return None
    sql = f"SELECT t0.document_id AS doc, t0.weight AS score FROM {TOKENS} t0 WHERE t0.token = %s"
    params: list[Any] = [rarest]
    if needs_verification(variant):
        verify, more = _verify_sql(variant, "t0.document_id")
        sql += f" AND {verify}"
        params += more
    return sql, params


def _driving_term_sql(
    variants: list[str], frequency: dict[str, int]
) -> tuple[str, list[Any]] | None:
    parts = [p for p in (_driving_sql(v, frequency) for v in variants) if p is not None]
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    union = " UNION ALL ".join(sql for sql, _ in parts)
    params = [p for _, ps in parts for p in ps]
    return f"SELECT doc, MAX(score) AS score FROM ({union}) u GROUP BY doc", params


def _filter_sql(variants: list[str], frequency: dict[str, int]) -> tuple[str, list[Any]] | None:
    """A condition on m.doc: it holds one of the variants (a token lookup for a unigram or a
    bigram, the folded text for a longer one)."""
    clauses, params = [], []
    for variant in variants:
        rarest = _rarest(variant, frequency)
        if frequency.get(rarest, 0) == 0:
            continue
        if needs_verification(variant):
            clause, more = _verify_sql(variant, "m.doc")
        else:
            clause = (
                f"EXISTS (SELECT 1 FROM {TOKENS} t WHERE t.token = %s AND t.document_id = m.doc)"
            )
            more = [rarest]
        clauses.append(f"({clause})")
        params += more
    if not clauses:
        return None
    return "(" + " OR ".join(clauses) + ")", params


def _cost(variants: list[str], frequency: dict[str, int]) -> int:
    return sum(frequency.get(_rarest(v, frequency), 0) for v in variants)


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


def ranked_documents(
    terms: list[list[str]],
    reader: Reader,
    doc_type: str,
    *,
    limit: int,
    offset: int = 0,
    group_id: int | None = None,
) -> tuple[list[tuple[int, int]], int]:
    """(source id, score) of the best documents the reader may open, and how many there are."""
    frequency = _frequencies({t for variants in terms for v in variants for t in term_tokens(v)})
    if not terms:
        return [], 0
    # The term with the fewest documents drives; the others filter what it found.
    ordered = sorted(terms, key=lambda variants: _cost(variants, frequency))
    driving = _driving_term_sql(ordered[0], frequency)
    if driving is None:
        return [], 0
    conditions: list[str] = []
    condition_params: list[Any] = []
    for variants in ordered[1:]:
        condition = _filter_sql(variants, frequency)
        if condition is None:
            return [], 0
        conditions.append(condition[0])
        condition_params += condition[1]
    visible, visible_params = _visibility_sql(doc_type, reader)
    statement = (
        f"SELECT d.doc_id, m.score, COUNT(*) OVER () AS total FROM ({driving[0]}) m "
        f"JOIN {DOCUMENTS} d ON d.id = m.doc WHERE d.doc_type = %s AND {visible}"
    )
    params = [*driving[1], doc_type, *visible_params, *condition_params]
    for clause in conditions:
        statement += f" AND {clause}"
    if group_id is not None:
        statement += " AND d.group_id = %s"
        params.append(group_id)
    statement += " ORDER BY m.score DESC, d.doc_id DESC LIMIT %s OFFSET %s"
    params += [limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return [(doc_id, score) for doc_id, score, _ in rows], (rows[0][2] if rows else 0)
