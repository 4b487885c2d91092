"""Notes in SQLite: one file, WAL mode, every write one transaction.

The database is the user's work, so the opener never overwrites it (see
``cubatui.sqlite_db``): an unreadable file is moved aside as
``notes.db.corrupt-<UTC timestamp>`` before a fresh store is made, and
``NoteStore.recovered`` says so.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Iterable

from cubatui import locations
from cubatui.model import Article
from cubatui.notes.anchoring import make_selectors, reanchor
from cubatui.notes.model import (TARGET_KINDS, AnchoredNote, ArticleRecord, Note,
                                 TextPositionSelector, TextQuoteSelector, utc_now)
from cubatui.sqlite_db import MovedAside, SQLiteFile, SQLiteFileError

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


class NotesStoreError(SQLiteFileError):
    """The notes store cannot be used; the message is one line for the user."""


# The notes file was unreadable and was moved aside; a fresh store was made.
NotesStoreRecovered = MovedAside


def source_key(source: str) -> str:
    """The same file opened by a relative or an absolute path is the same article source."""
    if not source or source == "-" or "://" in source or source.startswith("<"):
        return source
    try:
        return str(Path(source).expanduser().resolve())
    except (OSError, RuntimeError):
        return source


class NoteStore(SQLiteFile):
    def __init__(self, path: Path | str | None = None) -> None:
        super().__init__(locations.notes_db if path is None else path, MIGRATIONS, "notes database",
                         NotesStoreError)

    @property
    def recovered(self) -> NotesStoreRecovered | None:
        return self.moved_aside

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
        rows = self._read(
            f"SELECT {_NOTE_COLUMNS} FROM notes WHERE article_sha256 = ? OR article_sha256 IN "
            "(SELECT sha256 FROM articles WHERE source = ? AND source NOT IN ('', '-'))",
            (article.sha256, key))
        placed = [reanchor(article.text, _note_from_row(row)) for row in rows]
        return sorted(placed, key=lambda a: (a.orphan, a.start, a.end, a.note.created))

    def all_notes(self) -> list[Note]:
        rows = self._read(f"SELECT {_NOTE_COLUMNS} FROM notes ORDER BY article_sha256, start, created")
        return [_note_from_row(row) for row in rows]

    def articles(self) -> list[ArticleRecord]:
        """Articles that have notes, most recently seen first."""
        rows = self._read("SELECT sha256, source, title FROM articles WHERE sha256 IN "
                          "(SELECT article_sha256 FROM notes) ORDER BY seen DESC, title, sha256")
        return [ArticleRecord(*row) for row in rows]

    def article(self, sha256: str) -> ArticleRecord | None:
        rows = self._read("SELECT sha256, source, title FROM articles WHERE sha256 = ?", (sha256,))
        return ArticleRecord(*rows[0]) if rows else None

    def article_text(self, sha256: str) -> str:
        """The text the article had when notes were last taken on it ('' if unknown)."""
        rows = self._read("SELECT text FROM articles WHERE sha256 = ?", (sha256,))
        return rows[0][0] if rows else ""


def _note_from_row(row: tuple) -> Note:
    (note_id, sha, kind, label, speaker, body, tags, exact, prefix, suffix,
     start, end, created, modified) = row
    return Note(id=note_id, article_sha256=sha, target_kind=kind, target_label=label, speaker=speaker,
                body=body, tags=tuple(json.loads(tags)), quote=TextQuoteSelector(exact, prefix, suffix),
                position=TextPositionSelector(start, end), created=created, modified=modified)
