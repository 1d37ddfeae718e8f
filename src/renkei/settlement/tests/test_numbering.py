"""Invoice numbers without gaps when two workers issue at once: two real processes against one
database (a SQLite file in WAL mode, or the PostgreSQL server the suite runs on) each issue 50
invoices of the same issuer as fast as they can; the numbers are 1..100, none missing, none
twice (issue 14 item 6)."""

import contextlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from renkei.lib.liveserver import fresh_database, migrate, renkei, renkei_env

PER_PROCESS = 50

SETUP = """
from renkei.orgs.models import Group, Region
from renkei.settlement.models import GroupSettlement
region = Region.objects.create(name="番号地域", slug="numbering")
group = Group.objects.create(region=region, name="番号試作ネット", slug="numbering")
GroupSettlement.objects.create(group=group, legal_name="企業組合番号試作")
"""

# Each process waits for the start file, so that both issue at the same time.
ISSUE = """
import datetime as dt, os, pathlib, time
from decimal import Decimal
from renkei.lib.documents import Document, DocumentKind, Line, Party
from renkei.lib.money import tax_by_rate
from renkei.orgs.models import Group
from renkei.settlement.services.issue import issue_document
group = Group.objects.get(slug="numbering")
go = pathlib.Path(os.environ["NUMBERING_GO"])
pathlib.Path(os.environ["NUMBERING_GO"] + "-" + os.environ["NUMBERING_WHO"]).touch()
while not go.exists():
    time.sleep(0.01)
started = time.time()
for i in range(int(os.environ["NUMBERING_COUNT"])):
    lines = (Line(f"部品 {i}", 1, Decimal(1000 + i), 1000 + i),)
    document = Document(
        kind=DocumentKind.INVOICE, number="", issued_on=dt.date(2026, 6, 1),
        issuer=Party(name="企業組合番号試作"), recipient=Party(name=os.environ["NUMBERING_WHO"]),
        lines=lines, totals=tax_by_rate(lines),
    )
    issue_document(actor=None, group=group, document=document)
    time.sleep(0.005)  # a worker does other things between two invoices
print("done", started, time.time())
"""


def _numbers(data_dir: Path, url: str | None) -> list[tuple[int, str, str]]:
    sql = (
        "SELECT sequence, number, counterparty FROM settlement_issueddocument "
        "WHERE kind = 'invoice' ORDER BY sequence"
    )
    if url is None:
        with contextlib.closing(sqlite3.connect(data_dir / "renkei.sqlite3")) as db:
            return [tuple(row) for row in db.execute(sql).fetchall()]
    import psycopg

    with psycopg.connect(url) as db:
        return [tuple(row) for row in db.execute(sql).fetchall()]


def test_two_processes_issuing_at_once_number_without_gaps(tmp_path: Path) -> None:
    with fresh_database("numbering") as url:
        env = renkei_env(tmp_path / "data", **({"DATABASE_URL": url} if url else {}))
        migrate(env)
        if url is None:
            with contextlib.closing(sqlite3.connect(tmp_path / "data" / "renkei.sqlite3")) as db:
                assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        renkei(env, "shell", "-c", SETUP)
        go = tmp_path / "go"
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "renkei", "shell", "-c", ISSUE],
                env=env
                | {
                    "NUMBERING_GO": str(go),
                    "NUMBERING_COUNT": str(PER_PROCESS),
                    "NUMBERING_WHO": who,
                },
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for who in ("一番", "二番")
        ]
        try:
            # Both have started Django and wait at the start line, then go at once.
            ready = [Path(f"{go}-{who}") for who in ("一番", "二番")]
            deadline = time.monotonic() + 300
            while not all(path.exists() for path in ready) and time.monotonic() < deadline:
                time.sleep(0.05)
            go.touch()
            outputs = [worker.communicate(timeout=600) for worker in workers]
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
        for worker, (out, err) in zip(workers, outputs, strict=True):
            assert worker.returncode == 0, err[-3000:]
            assert "done" in out
        rows = _numbers(tmp_path / "data", url)
    sequences = [sequence for sequence, _number, _who in rows]
    assert sequences == list(range(1, 2 * PER_PROCESS + 1))
    assert [number for _s, number, _w in rows] == [f"INV2026-{n:05d}" for n in sequences]
    who = [w for _s, _n, w in rows]
    assert who.count("一番") == who.count("二番") == PER_PROCESS
    # Both really issued at once: each started before the other was done. (SQLite may still
    # let one writer take the lock again and again, so the numbers need not interleave.)
    spans = [[float(t) for t in out.split()[-2:]] for out, _err in outputs]
    assert max(start for start, _end in spans) < min(end for _start, end in spans)
