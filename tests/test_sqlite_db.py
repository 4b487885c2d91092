"""The shared SQLite mechanism under the notes store and the library."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from cubatui.library import Library, LibraryError
from cubatui.notes.store import NoteStore, NotesStoreError
from cubatui.sqlite_db import SQLiteFile, SQLiteFileError, split_statements
from sqlite_files import make_sqlite

TWO_STEPS = (
    "CREATE TABLE things (name TEXT NOT NULL); CREATE INDEX things_name ON things(name)",
    ("ALTER TABLE things ADD COLUMN size INTEGER NOT NULL DEFAULT 0",
     lambda conn: conn.execute("INSERT INTO things (name, size) VALUES ('seed', 1)")),
)


class ThingsError(SQLiteFileError):
    pass


def _open(path, migrations=TWO_STEPS):
    return SQLiteFile(path, migrations, "things database", ThingsError)


def _version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_migrations_run_once_and_bring_the_schema_up_to_date(tmp_path):
    calls = []
    steps = (*TWO_STEPS, lambda conn: calls.append(conn.execute("SELECT count(*) FROM things").fetchone()[0]))
    path = tmp_path / "things.db"
    with _open(path, steps) as db:
        assert db.moved_aside is None and db.schema_version == 3
        assert db._read("SELECT name, size FROM things") == [("seed", 1)]
    with _open(path, steps):
        pass
    assert calls == [1]  # the second open found the schema current
    assert _version(path) == 3


def test_pending_migrations_are_one_transaction(tmp_path):
    path = tmp_path / "things.db"
    with _open(path, TWO_STEPS[:1]):
        pass

    def fail(conn):
        raise RuntimeError("step 3 broke")

    with pytest.raises(RuntimeError, match="step 3 broke"):
        _open(path, (*TWO_STEPS, fail))
    # Step 2 ran before the failure, yet nothing of it stayed.
    assert _version(path) == 1
    conn = sqlite3.connect(path)
    assert [row[1] for row in conn.execute("PRAGMA table_info(things)")] == ["name"]
    conn.close()


# The shared file and both stores built on it, each with its own error class.
OPENERS = pytest.mark.parametrize("opener, error", [(_open, ThingsError), (NoteStore, NotesStoreError),
                                                    (Library, LibraryError)], ids=["shared", "notes", "library"])


@OPENERS
def test_a_newer_schema_is_refused_and_the_file_untouched(tmp_path, opener, error):
    path = tmp_path / "things.db"
    before = make_sqlite(path, "CREATE TABLE future (x)", "PRAGMA user_version = 99")
    with pytest.raises(error, match="newer cubatui") as info:
        opener(path)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["things.db"]


@pytest.mark.parametrize("junk", [b"plain text, not a database\n" * 50,
                                  b"SQLite format 3\x00" + b"\xa5" * 4000])
def test_a_corrupt_file_is_moved_aside_never_deleted(tmp_path, junk):
    path = tmp_path / "things.db"
    path.write_bytes(junk)
    (tmp_path / "things.db-shm").write_bytes(b"shm bytes")
    with _open(path) as db:
        moved = db.moved_aside
        assert moved is not None and moved.corrupt_path == path
        assert re.fullmatch(r"things\.db\.corrupt-\d{8}T\d{6}Z", moved.moved_to.name)
        assert moved.message.startswith(f"things database {path} was unreadable (")
        assert "\n" not in moved.message
        assert db._read("SELECT name FROM things") == [("seed",)]  # a fresh, migrated file
    assert moved.moved_to.read_bytes() == junk
    assert (tmp_path / (moved.moved_to.name + "-shm")).read_bytes() == b"shm bytes"


def test_a_write_is_all_or_nothing_and_sqlite_errors_become_the_store_error(tmp_path):
    with _open(tmp_path / "things.db") as db:
        with pytest.raises(ThingsError, match="cannot save to the things database"):
            with db._write() as conn:
                conn.execute("INSERT INTO things (name) VALUES ('half')")
                conn.execute("INSERT INTO things (name) VALUES (NULL)")  # NOT NULL fails
        with pytest.raises(KeyError):
            with db._write() as conn:
                conn.execute("INSERT INTO things (name) VALUES ('half')")
                raise KeyError("caller's own error passes through")
        assert db._read("SELECT name FROM things") == [("seed",)]


@OPENERS
def test_a_file_where_the_folder_should_be_is_an_error_and_left_alone(tmp_path, opener, error):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the data folder should be")
    with pytest.raises(error):
        opener(folder / "things.db")
    assert folder.read_text() == "a file where the data folder should be"


def test_split_statements_keeps_semicolons_inside_literals():
    script = "CREATE TABLE t (x TEXT DEFAULT 'a;b');\n  INSERT INTO t VALUES ('c;d') ;\n"
    assert split_statements(script) == ["CREATE TABLE t (x TEXT DEFAULT 'a;b');", "INSERT INTO t VALUES ('c;d') ;"]


NAMES = tuple(f"process {i}" for i in range(6))
OPENER = textwrap.dedent("""
    import sys, time
    from cubatui.sqlite_db import SQLiteFile

    path, start_at = sys.argv[1], float(sys.argv[2])
    steps = ("CREATE TABLE things (name TEXT)",
             lambda conn: conn.execute("INSERT INTO things VALUES ('once')"))
    time.sleep(max(0.0, start_at - time.time()))
    with SQLiteFile(path, steps, "things database") as db:
        with db._write() as conn:
            conn.execute("INSERT INTO things VALUES (?)", (sys.argv[3],))
    print("ok", flush=True)
""")


def test_processes_opening_a_new_file_at_once_all_succeed(tmp_path):
    path = tmp_path / "fresh.db"
    start_at = time.time() + 1.0  # both interpreters are up by then
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(path), str(start_at), name],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in NAMES]
    results = [proc.communicate(timeout=60) for proc in procs]
    assert [(proc.returncode, out.strip()) for proc, (out, _) in zip(procs, results)] == [(0, "ok")] * len(NAMES), results
    conn = sqlite3.connect(path)
    # The migration ran exactly once; every process wrote.
    assert sorted(r[0] for r in conn.execute("SELECT name FROM things")) == sorted([*NAMES, "once"])
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name) == []


def _busy_once(monkeypatch, times: int) -> list[int]:
    """Make the next ``times`` migrations fail as if another process held the lock."""
    attempts = []
    real = SQLiteFile._migrate

    def migrate(self, conn):
        attempts.append(1)
        if len(attempts) <= times:
            raise sqlite3.OperationalError("database is locked")
        return real(self, conn)

    monkeypatch.setattr(SQLiteFile, "_migrate", migrate)
    return attempts


def test_a_lock_sqlite_does_not_wait_for_is_retried(tmp_path, monkeypatch):
    attempts = _busy_once(monkeypatch, 2)
    with _open(tmp_path / "things.db") as db:
        assert db._read("SELECT name FROM things") == [("seed",)] and db.moved_aside is None
    assert len(attempts) == 3


def test_a_lock_held_too_long_is_a_busy_error_and_nothing_is_moved(tmp_path, monkeypatch):
    import cubatui.sqlite_db as sqlite_db

    monkeypatch.setattr(sqlite_db, "BUSY_TIMEOUT_MS", 50)
    _busy_once(monkeypatch, 10_000)
    path = tmp_path / "things.db"
    with pytest.raises(ThingsError, match="things database is busy"):
        _open(path)
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
