"""Notes in SQLite: one file, WAL mode, every write one transaction.

The database is the user's work, so the opener never overwrites it: a file that is
not SQLite or fails ``PRAGMA integrity_check`` is moved aside as
``notes.db.corrupt-<UTC timestamp>`` (with its -wal/-shm files) before a fresh store
is made, and ``NoteStore.recovered`` says so.
"""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from cubatui.model import Article
from cubatui.notes.anchoring import make_selectors, reanchor
from cubatui.notes.model import (TARGET_KINDS, AnchoredNote, ArticleRecord, Note,
                                 TextPositionSelector, TextQuoteSelector, utc_now)

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"

# Each entry brings the schema from version i to i + 1; all pending ones run in one transaction.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE articles (
               sha256 TEXT PRIMARY KEY,
               source TEXT NOT NULL DEFAULT '',
               title  TEXT NOT NULL DEFAULT '',
               text   TEXT NOT NULL DEFAULT '',
               seen   TEXT NOT NULL)""",
        "CREATE INDEX articles_by_source ON articles(source)",
        """CREATE TABLE notes (
               id             TEXT PRIMARY KEY,
               article_sha256 TEXT NOT NULL REFERENCES articles(sha256),
               target_kind    TEXT NOT NULL,
               target_label   TEXT NOT NULL DEFAULT '',
               speaker        TEXT,
               body           TEXT NOT NULL,
               tags           TEXT NOT NULL DEFAULT '[]',
               exact          TEXT NOT NULL,
               prefix         TEXT NOT NULL DEFAULT '',
               suffix         TEXT NOT NULL DEFAULT '',
               start          INTEGER NOT NULL,
               "end"          INTEGER NOT NULL,
               created        TEXT NOT NULL,
               modified       TEXT NOT NULL)""",
        "CREATE INDEX notes_by_article ON notes(article_sha256, start)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

_NOTE_COLUMNS = ('id, article_sha256, target_kind, target_label, speaker, body, tags, '
                 'exact, prefix, suffix, start, "end", created, modified')


class NotesStoreError(Exception):
    """The notes store cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class NotesStoreRecovered:
    """The notes file was unreadable and was moved aside; a fresh store was made."""

    corrupt_path: Path
    moved_to: Path
    reason: str

    @property
    def message(self) -> str:
        return (f"notes database {self.corrupt_path} was unreadable ({self.reason}); "
                f"kept it as {self.moved_to.name} and started a fresh one")


def source_key(source: str) -> str:
    """The same file opened by a relative or an absolute path is the same article source."""
    if not source or source == "-" or "://" in source or source.startswith("<"):
        return source
    try:
        return str(Path(source).expanduser().resolve())
    except (OSError, RuntimeError):
        return source


class NoteStore:
    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            from cubatui import locations
            path = locations.notes_db()
        self.path = Path(path)
        self.recovered: NotesStoreRecovered | None = None
        self._lock = threading.RLock()  # the UI may call in from worker threads
        self._conn = self._open()

    # -- opening, recovery, migrations ---------------------------------------
    def _open(self) -> sqlite3.Connection:
        problem = self._unreadable_reason()
        if problem is None:
            try:
                return self._connect_with_retry()
            except _Corrupt as exc:
                problem = str(exc)
        self.recovered = self._move_aside(problem)
        try:
            return self._connect_with_retry()
        except _Corrupt as exc:
            raise NotesStoreError(f"cannot create a fresh notes database at {self.path}: {exc}") from exc

    def _unreadable_reason(self) -> str | None:
        if self.path.is_dir():
            raise NotesStoreError(f"{self.path}: is a directory, not a notes database")
        try:
            with self.path.open("rb") as f:
                header = f.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise NotesStoreError(f"{self.path}: cannot read ({exc.strerror or exc})") from exc
        if header and header != SQLITE_HEADER:
            return "not an SQLite file"
        return None

    def _connect_with_retry(self) -> sqlite3.Connection:
        """Switching to WAL and the first migration need a lock that SQLite does not wait
        for, so when two processes open a new store at once one of them retries."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        delay = 0.01
        while True:
            try:
                return self._connect_and_migrate()
            except _Busy as exc:
                if time.monotonic() >= deadline:
                    raise NotesStoreError(f"{self.path}: notes database is busy ({exc})") from exc
                time.sleep(delay + random.uniform(0, delay))
                delay = min(delay * 2, 0.2)

    def _connect_and_migrate(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise NotesStoreError(f"{self.path}: cannot open notes database ({exc})") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            check = conn.execute("PRAGMA integrity_check").fetchall()
            if check != [("ok",)]:
                raise _Corrupt("integrity check failed: " + "; ".join(str(r[0]) for r in check[:3]))
            conn.execute("PRAGMA foreign_keys = ON")
            # Migrate before switching to WAL, so that a file we refuse (a newer schema,
            # another program's database) is left exactly as it was.
            self._migrate(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a save that returned survives power loss too, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
            return conn
        except (_Corrupt, NotesStoreError):
            conn.close()
            raise
        except sqlite3.OperationalError as exc:
            conn.close()
            if _is_corruption(exc):
                raise _Corrupt(str(exc)) from exc
            if "locked" in str(exc) or "busy" in str(exc):
                raise _Busy(str(exc)) from exc
            raise NotesStoreError(f"{self.path}: cannot use notes database ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _Corrupt(str(exc)) from exc

    def _refuse_newer_schema(self, conn: sqlite3.Connection) -> int:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NotesStoreError(f"{self.path}: written by a newer cubatui (notes schema {version}); "
                                  "upgrade cubatui to use it")
        return version

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if self._refuse_newer_schema(conn) == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = self._refuse_newer_schema(conn)
            for statements in MIGRATIONS[version:]:
                for sql in statements:
                    conn.execute(sql)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _move_aside(self, reason: str) -> NotesStoreRecovered:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        try:
            self.path.rename(target)
        except FileNotFoundError:
            pass  # another process moved it first
        except OSError as exc:
            raise NotesStoreError(f"{self.path}: unreadable ({reason}) and cannot be moved aside "
                                  f"({exc.strerror or exc})") from exc
        for extra in ("-wal", "-shm", "-journal"):
            side = self.path.with_name(self.path.name + extra)
            if side.exists():
                try:
                    side.rename(target.with_name(target.name + extra))
                except OSError:
                    pass
        return NotesStoreRecovered(self.path, target, reason)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "NoteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; IMMEDIATE takes the write lock up front so a second
        process waits (busy timeout) instead of failing halfway through."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise NotesStoreError(f"notes database is busy ({exc})") from exc
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise NotesStoreError(f"cannot save to the notes database ({exc})") from exc
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if self._conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O error)
            self._conn.execute("ROLLBACK")

    # -- writing -------------------------------------------------------------
    def add(self, article: Article, target_kind: str, start: int, end: int, body: str,
            tags: Iterable[str] = (), target_label: str = "", speaker: str | None = None) -> Note:
        if target_kind not in TARGET_KINDS:
            raise ValueError(f"unknown note target {target_kind!r} (use one of {', '.join(TARGET_KINDS)})")
        if not body.strip():
            raise ValueError("a note needs some text")
        quote, position = make_selectors(article.text, start, end)
        now = utc_now()
        note = Note(id=str(uuid.uuid4()), article_sha256=article.sha256, target_kind=target_kind,
                    target_label=target_label, speaker=speaker, body=body, tags=tuple(tags),
                    quote=quote, position=position, created=now, modified=now)
        with self._write() as conn:
            self._remember_article(conn, article)
            self._insert(conn, note)
        return note

    def update(self, note_id: str, body: str | None = None, tags: Iterable[str] | None = None) -> Note:
        if body is not None and not body.strip():
            raise ValueError("a note needs some text")
        with self._write() as conn:
            note = self._get(conn, note_id)
            if note is None:
                raise KeyError(note_id)
            note = note.edited(body=body, tags=None if tags is None else tuple(tags))
            conn.execute("UPDATE notes SET body = ?, tags = ?, modified = ? WHERE id = ?",
                         (note.body, json.dumps(list(note.tags)), note.modified, note.id))
        return note

    def delete(self, note_id: str) -> Note:
        """Remove a note and return it, so the caller can offer to undo with ``restore``."""
        with self._write() as conn:
            note = self._get(conn, note_id)
            if note is None:
                raise KeyError(note_id)
            conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))
        return note

    def restore(self, note: Note) -> None:
        with self._write() as conn:
            self._insert(conn, note, replace=True)

    def put(self, notes: Iterable[tuple[ArticleRecord, str, Note]]) -> tuple[int, int]:
        """Store notes made elsewhere (an import), keeping ids: a note already here is
        replaced only by a different version modified no earlier. All in one transaction. Returns (added, updated)."""
        added = updated = 0
        with self._write() as conn:
            for record, text, note in notes:
                conn.execute(
                    "INSERT INTO articles (sha256, source, title, text, seen) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(sha256) DO UPDATE SET "
                    "text = CASE WHEN articles.text = '' THEN excluded.text ELSE articles.text END",
                    (record.sha256, source_key(record.source), record.title, text, utc_now()))
                existing = self._get(conn, note.id)
                if existing is None:
                    self._insert(conn, note)
                    added += 1
                elif note != existing and note.modified >= existing.modified:
                    self._insert(conn, note, replace=True)
                    updated += 1
        return added, updated

    def _remember_article(self, conn: sqlite3.Connection, article: Article) -> None:
        conn.execute(
            "INSERT INTO articles (sha256, source, title, text, seen) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(sha256) DO UPDATE SET source = excluded.source, title = excluded.title, "
            "text = excluded.text, seen = excluded.seen",
            (article.sha256, source_key(article.source), article.title, article.text, utc_now()))

    @staticmethod
    def _insert(conn: sqlite3.Connection, note: Note, replace: bool = False) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        conn.execute(
            f"{verb} INTO notes ({_NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (note.id, note.article_sha256, note.target_kind, note.target_label, note.speaker,
             note.body, json.dumps(list(note.tags)), note.quote.exact, note.quote.prefix,
             note.quote.suffix, note.position.start, note.position.end, note.created, note.modified))

    # -- reading -------------------------------------------------------------
    def get(self, note_id: str) -> Note | None:
        with self._lock:
            return self._get(self._conn, note_id)

    def _get(self, conn: sqlite3.Connection, note_id: str) -> Note | None:
        row = conn.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE id = ?", (note_id,)).fetchone()
        return _note_from_row(row) if row else None

    def notes_for(self, article: Article) -> list[AnchoredNote]:
        """The article's notes placed in its current text, in reading order, orphans last.

        Notes taken on an earlier version of the same source (the file was edited since)
        are included and re-anchored onto this text."""
        key = source_key(article.source)
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_NOTE_COLUMNS} FROM notes WHERE article_sha256 = ? OR article_sha256 IN "
                "(SELECT sha256 FROM articles WHERE source = ? AND source NOT IN ('', '-'))",
                (article.sha256, key)).fetchall()
        placed = [reanchor(article.text, _note_from_row(row)) for row in rows]
        return sorted(placed, key=lambda a: (a.orphan, a.start, a.end, a.note.created))

    def all_notes(self) -> list[Note]:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_NOTE_COLUMNS} FROM notes ORDER BY article_sha256, start, created").fetchall()
        return [_note_from_row(row) for row in rows]

    def articles(self) -> list[ArticleRecord]:
        """Articles that have notes, most recently seen first."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT sha256, source, title FROM articles WHERE sha256 IN "
                "(SELECT article_sha256 FROM notes) ORDER BY seen DESC, title, sha256").fetchall()
        return [ArticleRecord(*row) for row in rows]

    def article(self, sha256: str) -> ArticleRecord | None:
        with self._lock:
            row = self._conn.execute("SELECT sha256, source, title FROM articles WHERE sha256 = ?",
                                     (sha256,)).fetchone()
        return ArticleRecord(*row) if row else None

    def article_text(self, sha256: str) -> str:
        """The text the article had when notes were last taken on it ('' if unknown)."""
        with self._lock:
            row = self._conn.execute("SELECT text FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else ""


class _Corrupt(Exception):
    pass


class _Busy(Exception):
    pass


def _is_corruption(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _note_from_row(row: tuple) -> Note:
    (note_id, sha, kind, label, speaker, body, tags, exact, prefix, suffix,
     start, end, created, modified) = row
    return Note(id=note_id, article_sha256=sha, target_kind=kind, target_label=label, speaker=speaker,
                body=body, tags=tuple(json.loads(tags)), quote=TextQuoteSelector(exact, prefix, suffix),
                position=TextPositionSelector(start, end), created=created, modified=modified)
