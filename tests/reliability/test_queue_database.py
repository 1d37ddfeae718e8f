"""On SQLite the task queue lives in its own file, as documented, and an upgraded site's
waiting tasks move there (the router once missed django-tasks-db's app label)."""

import sqlite3
import uuid

from renkei.lib.liveserver import migrate, renkei, renkei_env

QUEUE = "django_tasks_database_dbtaskresult"


def _tables(path) -> set[str]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(path) as db:
        return {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_the_queue_is_in_its_own_file_and_an_old_sites_waiting_tasks_move_there(tmp_path):
    env = renkei_env(tmp_path)
    # A copy of the run's one data dir freshly migrated by `renkei migrate_all` (the same files,
    # without half a minute of migrating again); the two runs below are this site's own.
    migrate(env)
    main, tasks = tmp_path / "renkei.sqlite3", tmp_path / "tasks.sqlite3"
    assert QUEUE in _tables(tasks)
    assert QUEUE not in _tables(main)
    assert "core_workerheartbeat" in _tables(tasks) and "outbox_outgoingmail" in _tables(main)

    # A site from before the fix: the queue's table in the main file, a task waiting in it, and
    # one whose worker died under it.
    with sqlite3.connect(tasks) as db:
        (schema,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (QUEUE,)).fetchone()
    waiting, dead = str(uuid.uuid4()).replace("-", ""), str(uuid.uuid4()).replace("-", "")
    with sqlite3.connect(main) as db:
        db.execute(schema)
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({QUEUE})")]
        for task_id, status in ((waiting, "READY"), (dead, "RUNNING")):
            values = {
                "id": task_id, "status": status, "enqueued_at": "2026-11-30 00:00:00",
                "args_kwargs": '{"args": [1], "kwargs": {}}', "priority": 0,
                "task_path": "renkei.inquiries.tasks.acknowledge_inquiry", "worker_ids": "[]",
                "queue_name": "mail", "backend_name": "default",
                "run_after": "9999-01-01 00:00:00", "started_at": "2026-11-30 00:00:01",
                "exception_class_path": "", "traceback": "",
            }  # fmt: skip
            names = [c for c in columns if c in values]
            marks = ", ".join("?" for _ in names)
            insert = f"INSERT INTO {QUEUE} ({', '.join(names)}) VALUES ({marks})"  # noqa: S608
            db.execute(insert, [values[n] for n in names])
    printed = renkei(env, "migrate_all")
    assert "moved 2 waiting tasks" in printed
    assert QUEUE not in _tables(main)
    with sqlite3.connect(tasks) as db:
        moved = dict(db.execute(f"SELECT id, status FROM {QUEUE}").fetchall())  # noqa: S608
        started = db.execute(f"SELECT count(*) FROM {QUEUE} WHERE started_at NOT NULL")  # noqa: S608
        assert started.fetchone() == (0,)
    assert moved == {waiting: "READY", dead: "READY"}
    assert "moved" not in renkei(env, "migrate_all")  # once
