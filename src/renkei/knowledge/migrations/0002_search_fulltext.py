"""The trigram table for words of three and more characters, the postings' tiered index, and
every existing document indexed again (their postings held frequencies, not tiers).

The trigram table is the database's own: an FTS5 table with the trigram tokenizer on SQLite, a
plain table with pg_trgm GIN indexes on PostgreSQL (pg_trgm ships in Debian's postgresql
package). Neither is a Django model: the indexing code writes it and a trigger on the documents
deletes its rows, so a cascade (a deleted group) or a raw delete keeps it in step.
"""

from typing import Any

from django.db import migrations

TABLE = "knowledge_search_fulltext"
DOCUMENTS = "knowledge_searchdocument"
TOKENS = "knowledge_searchtoken"
TIERED = "search_token_tier"

SQLITE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(title, body, tokenize = 'trigram')",
    f"CREATE TRIGGER {TABLE}_gone AFTER DELETE ON {DOCUMENTS} "
    f"BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; END",
]
SQLITE_UNDO = [f"DROP TRIGGER IF EXISTS {TABLE}_gone", f"DROP TABLE IF EXISTS {TABLE}"]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TABLE {TABLE} (document_id bigint PRIMARY KEY, title text NOT NULL,"
    " body text NOT NULL)",
    f"CREATE INDEX {TABLE}_title ON {TABLE} USING gin (title gin_trgm_ops)",
    f"CREATE INDEX {TABLE}_body ON {TABLE} USING gin (body gin_trgm_ops)",
    # No foreign key: Django's flush truncates the documents without CASCADE. The triggers do
    # what a cascade would, for deletes and for truncation alike.
    f"CREATE FUNCTION {TABLE}_gone() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP = 'TRUNCATE' THEN TRUNCATE {TABLE}; ELSE "
    f"DELETE FROM {TABLE} WHERE document_id = OLD.id; END IF; RETURN NULL; END $$",
    f"CREATE TRIGGER {TABLE}_gone AFTER DELETE ON {DOCUMENTS} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_gone()",
    f"CREATE TRIGGER {TABLE}_truncated AFTER TRUNCATE ON {DOCUMENTS} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_gone()",
]
POSTGRESQL_UNDO = [
    f"DROP TRIGGER IF EXISTS {TABLE}_truncated ON {DOCUMENTS}",
    f"DROP TRIGGER IF EXISTS {TABLE}_gone ON {DOCUMENTS}",
    f"DROP FUNCTION IF EXISTS {TABLE}_gone()",
    f"DROP TABLE IF EXISTS {TABLE}",
]

# A page of a short word's hits in rank order straight from the index: title tier, then newest.
TIERED_INDEX = f"CREATE INDEX {TIERED} ON {TOKENS} (token, weight, document_id)"


def _run(schema_editor: Any, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def create(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL)
    _run(schema_editor, [TIERED_INDEX])


def drop(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    _run(schema_editor, [f"DROP INDEX IF EXISTS {TIERED}"])
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_UNDO)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_UNDO)


def reindex(apps: Any, schema_editor: Any) -> None:
    # The live indexing code, not historical models: the text of a document is what that code
    # says it is. A fresh database has no documents and does nothing here.
    if not apps.get_model("knowledge", "SearchDocument").objects.exists():
        return
    from renkei.knowledge.indexing import rebuild_search_index

    rebuild_search_index()


class Migration(migrations.Migration):
    # The reindex runs the live indexing code over the live models: every table and column it
    # reads must exist first (an older site upgrading migrates these apps to here before).
    dependencies = [
        ("knowledge", "0001_initial"),
        ("orgs", "0009_group_job_decision"),
        ("inquiries", "0014_board_all_index"),
        ("capabilities", "0006_skill_profiles"),
    ]

    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
