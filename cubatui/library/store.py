"""The library database: articles, their analyses (the analysis cache), feeds.

SQLite in WAL mode with a busy timeout, so the app and a CLI command can share it;
every write is one transaction, so a crash never leaves half an article stored.
The schema version lives in ``PRAGMA user_version``; a file that is not a readable
database is moved aside (``library.db.corrupt-<timestamp>``) and a fresh one made.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from cubatui.library.names import fold, name_key, names_match
from cubatui.model import Actor, Analysis, Article, Claim, SchemaError

SCHEMA_VERSION = 3
ANALYSES_KEPT_PER_ARTICLE = 3  # other models/engine versions; older ones are pruned

_MIGRATIONS = {
    1: """
    CREATE TABLE articles (
        sha256 TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT NOT NULL,
        metadata TEXT NOT NULL DEFAULT '{}', text TEXT NOT NULL,
        added TEXT NOT NULL, last_opened TEXT NOT NULL);
    CREATE TABLE analyses (
        sha256 TEXT NOT NULL REFERENCES articles(sha256) ON DELETE CASCADE,
        cache_key TEXT NOT NULL, json TEXT NOT NULL, created TEXT NOT NULL,
        PRIMARY KEY (sha256, cache_key));
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY, title TEXT NOT NULL, etag TEXT, modified TEXT,
        last_refreshed TEXT, added TEXT NOT NULL);
    CREATE TABLE feed_entries (
        feed_url TEXT NOT NULL REFERENCES feeds(url) ON DELETE CASCADE,
        entry_id TEXT NOT NULL, title TEXT NOT NULL, link TEXT NOT NULL,
        published TEXT NOT NULL DEFAULT '', seen INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (feed_url, entry_id));
    CREATE INDEX articles_last_opened ON articles(last_opened);
    """,
    # An index of actor names, so "an actor across articles" reads only the analyses
    # that name it instead of parsing every stored analysis.
    2: """
    CREATE TABLE actor_names (
        sha256 TEXT NOT NULL, cache_key TEXT NOT NULL,
        name TEXT NOT NULL, last TEXT NOT NULL, person INTEGER NOT NULL,
        FOREIGN KEY (sha256, cache_key) REFERENCES analyses(sha256, cache_key) ON DELETE CASCADE);
    CREATE INDEX actor_names_name ON actor_names(name);
    CREATE INDEX actor_names_last ON actor_names(last);
    CREATE INDEX actor_names_analysis ON actor_names(sha256, cache_key);
    """,
    # The folded words searched by list_articles, computed once per article rather
    # than on every keystroke of the library screen's search box.
    3: """
    ALTER TABLE articles ADD COLUMN search TEXT NOT NULL DEFAULT '';
    """,
}


class LibraryError(Exception):
    """The library cannot be used; the message is one line for the user."""


def _actor_name_rows(analysis: Analysis) -> set[tuple[str, str, int]]:
    """(name key, its last word, is a person) for every name and alias of every actor."""
    rows = set()
    for actor in analysis.actors:
        for name in {actor.name, *actor.aliases}:
            key = name_key(name)
            if key:
                rows.add((key, key.rsplit(" ", 1)[-1], int(actor.kind == "PERSON")))
    return rows


def _index_actor_names(db: sqlite3.Connection, analysis: Analysis, key: str) -> None:
    sha = analysis.article.sha256
    db.execute("DELETE FROM actor_names WHERE sha256 = ? AND cache_key = ?", (sha, key))
    db.executemany("INSERT INTO actor_names (sha256, cache_key, name, last, person) VALUES (?, ?, ?, ?, ?)",
                   [(sha, key, *row) for row in sorted(_actor_name_rows(analysis))])


def _index_stored_actor_names(db: sqlite3.Connection) -> None:
    """Migration 2: index the analyses stored before the index existed."""
    for sha, key, text in db.execute("SELECT sha256, cache_key, json FROM analyses").fetchall():
        try:
            _index_actor_names(db, Analysis.loads(text), key)
        except SchemaError:
            continue


def _search_text(title: str, source: str, metadata: dict[str, str], text: str) -> str:
    return fold(" ".join((title, source, *metadata.values(), text)))


def _fill_search_column(db: sqlite3.Connection) -> None:
    """Migration 3: the search text of articles stored before the column existed."""
    for sha, title, source, metadata, text in db.execute(
            "SELECT sha256, title, source, metadata, text FROM articles").fetchall():
        try:
            meta = {str(k): str(v) for k, v in json.loads(metadata or "{}").items()}
        except (ValueError, AttributeError):
            meta = {}
        db.execute("UPDATE articles SET search = ? WHERE sha256 = ?", (_search_text(title, source, meta, text), sha))


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    message = str(exc).lower()
    return any(sign in message for sign in ("not a database", "malformed", "corrupt", "encrypted"))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class ArticleRecord:
    sha256: str
    source: str
    title: str
    metadata: dict[str, str] = field(compare=False, hash=False)
    added: str = ""
    last_opened: str = ""
    analysed: bool = False


@dataclass(frozen=True)
class ActorAppearance:
    """One actor as it appears in one stored article, with its claims there."""

    article: ArticleRecord
    actor: Actor
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class FeedRecord:
    url: str
    title: str
    etag: str | None
    modified: str | None
    last_refreshed: str | None
    entries: int = 0
    unseen: int = 0


@dataclass(frozen=True)
class EntryRecord:
    feed_url: str
    feed_title: str
    entry_id: str
    title: str
    link: str
    published: str
    seen: bool


class Library:
    """The SQLite store. Safe to share between threads (one connection, one lock)."""

    def __init__(self, path: Path | str | None = None) -> None:
        if path is None:
            from cubatui import locations

            try:
                path = locations.library_db()
            except OSError as exc:  # e.g. CUBATUI_DATA_DIR names a file: one line, not a traceback
                raise LibraryError(f"{exc.filename or 'data folder'}: cannot create the data folder "
                                   f"({exc.strerror or exc})") from exc
        self.path = Path(path)
        self.notice: str | None = None  # set when a corrupt file was moved aside
        self._lock = threading.RLock()
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):  # locked, unreadable folder, disk full: leave the file alone
                raise LibraryError(f"{self.path}: cannot open the library ({exc})") from exc
            self._conn = self._recover(exc)

    # -- opening, migrations, recovery ---------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"{self.path.parent}: cannot create the data folder ({exc.strerror})") from exc
        conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fails on a non-database
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise LibraryError(f"{self.path}: made by a newer cubatui (schema {version}); upgrade cubatui")
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                if step == 2:
                    _index_stored_actor_names(conn)
                if step == 3:
                    _fill_search_column(conn)
                conn.execute(f"PRAGMA user_version = {step}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _recover(self, error: Exception) -> sqlite3.Connection:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        try:
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            raise LibraryError(f"{self.path}: unreadable library ({error}) and cannot move it aside") from exc
        self.notice = f"library {self.path} was unreadable ({error}); moved it to {aside.name}, started a new one"
        try:
            return self._open()
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"{self.path}: cannot create a library ({exc})") from exc

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of it is stored, or none of it."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise LibraryError(f"{self.path}: library is busy ({exc})") from exc
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise LibraryError(f"{self.path}: cannot write the library ({exc})") from exc
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._conn.execute(sql, params)
            return cursor.fetchall()

    # -- articles ------------------------------------------------------------
    def remember(self, article: Article) -> str:
        """Store the article (or mark it opened again); returns its sha256."""
        with self._write() as db:
            self._upsert_article(db, article, touch=True)
        return article.sha256

    @staticmethod
    def _upsert_article(db: sqlite3.Connection, article: Article, touch: bool) -> None:
        """Insert the article; if it is already there, ``touch`` refreshes when it was
        last opened and where from (the same text may come from a new source)."""
        now = _now()
        on_conflict = (" DO UPDATE SET last_opened = excluded.last_opened, source = excluded.source,"
                       " title = excluded.title, metadata = excluded.metadata, search = excluded.search"
                       if touch else " DO NOTHING")
        db.execute(
            "INSERT INTO articles (sha256, source, title, metadata, text, added, last_opened, search)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sha256)" + on_conflict,
            (article.sha256, article.source, article.title, json.dumps(article.metadata, ensure_ascii=False),
             article.text, now, now, _search_text(article.title, article.source, article.metadata, article.text)))

    def _record(self, row: tuple) -> ArticleRecord:
        sha, source, title, metadata, added, last_opened, analysed = row
        try:
            meta = {str(k): str(v) for k, v in json.loads(metadata or "{}").items()}
        except (ValueError, AttributeError):
            meta = {}
        return ArticleRecord(sha, source, title, meta, added, last_opened, bool(analysed))

    _RECORD_COLUMNS = ("a.sha256, a.source, a.title, a.metadata, a.added, a.last_opened,"
                       " EXISTS (SELECT 1 FROM analyses n WHERE n.sha256 = a.sha256)")

    def list_articles(self, query: str | None = None, limit: int | None = None) -> list[ArticleRecord]:
        """Most recently opened first; ``query`` (accents and case folded) must occur in
        the title, source, metadata or text — every word of it, in any order."""
        sql = f"SELECT {self._RECORD_COLUMNS} FROM articles a"
        params: list = []
        words = fold(query or "").split()
        if words:
            sql += " WHERE " + " AND ".join(["instr(a.search, ?) > 0"] * len(words))
            params.extend(words)
        sql += " ORDER BY a.last_opened DESC, a.added DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [self._record(tuple(r)) for r in self._read(sql, tuple(params))]

    def find(self, sha_prefix: str) -> list[ArticleRecord]:
        """Articles whose sha256 starts with ``sha_prefix`` (hex)."""
        prefix = sha_prefix.strip().lower()
        if not prefix or any(c not in "0123456789abcdef" for c in prefix):
            return []
        rows = self._read(f"SELECT {self._RECORD_COLUMNS} FROM articles a WHERE a.sha256 >= ? AND a.sha256 < ?"
                          " ORDER BY a.sha256", (prefix, prefix + "g"))
        return [self._record(tuple(r)) for r in rows]

    def get_article(self, sha256: str) -> Article | None:
        rows = self._read("SELECT text, title, source, metadata FROM articles WHERE sha256 = ?", (sha256,))
        if not rows:
            return None
        text, title, source, metadata = rows[0]
        try:
            meta = {str(k): str(v) for k, v in json.loads(metadata or "{}").items()}
        except (ValueError, AttributeError):
            meta = {}
        return Article(text=text, title=title, source=source, metadata=meta)

    def forget(self, sha256: str) -> bool:
        with self._write() as db:
            return db.execute("DELETE FROM articles WHERE sha256 = ?", (sha256,)).rowcount > 0

    # -- analyses (the cache) ------------------------------------------------
    def store_analysis(self, analysis: Analysis, key: str) -> None:
        """Store the article and its analysis together (one transaction)."""
        article, now = analysis.article, _now()
        with self._write() as db:
            self._upsert_article(db, article, touch=False)
            db.execute("INSERT OR REPLACE INTO analyses (sha256, cache_key, json, created) VALUES (?, ?, ?, ?)",
                       (article.sha256, key, analysis.dumps(indent=None), now))
            db.execute("DELETE FROM analyses WHERE sha256 = ? AND cache_key NOT IN (SELECT cache_key FROM"
                       " analyses WHERE sha256 = ? ORDER BY created DESC, rowid DESC LIMIT ?)",
                       (article.sha256, article.sha256, ANALYSES_KEPT_PER_ARTICLE))
            db.execute("DELETE FROM actor_names WHERE sha256 = ? AND cache_key NOT IN"
                       " (SELECT cache_key FROM analyses WHERE sha256 = ?)", (article.sha256, article.sha256))
            _index_actor_names(db, analysis, key)

    def cached_analysis(self, article: Article, key: str) -> Analysis | None:
        """The stored analysis of this very text under this cache key, or None. The
        analysis is returned with the given article (its source and metadata)."""
        rows = self._read("SELECT json FROM analyses WHERE sha256 = ? AND cache_key = ?", (article.sha256, key))
        if not rows:
            return None
        try:
            analysis = Analysis.loads(rows[0][0])
        except SchemaError:
            return None  # an unreadable entry is a miss; the fresh analysis replaces it
        if analysis.article.text != article.text:
            return None
        from dataclasses import replace

        return replace(analysis, article=article)

    def latest_analysis(self, sha256: str) -> Analysis | None:
        rows = self._read("SELECT json FROM analyses WHERE sha256 = ? ORDER BY created DESC, rowid DESC LIMIT 1",
                          (sha256,))
        if not rows:
            return None
        try:
            return Analysis.loads(rows[0][0])
        except SchemaError:
            return None

    # -- actors across articles ----------------------------------------------
    def actor_across(self, name: str) -> list[ActorAppearance]:
        """Every stored article (latest analysis of each) in which an actor is called
        ``name`` — by any alias, accents and case folded, a person also by surname."""
        key = name_key(name)
        if not key:
            return []
        # Candidates from the name index: the same name, or a person sharing the last
        # word (a surname match needs that); names_match below decides exactly.
        rows = self._read(
            f"SELECT {self._RECORD_COLUMNS}, n.json FROM articles a JOIN analyses n ON n.sha256 = a.sha256"
            " WHERE n.rowid = (SELECT m.rowid FROM analyses m WHERE m.sha256 = a.sha256"
            "                  ORDER BY m.created DESC, m.rowid DESC LIMIT 1)"
            "   AND EXISTS (SELECT 1 FROM actor_names x WHERE x.sha256 = n.sha256 AND x.cache_key = n.cache_key"
            "               AND (x.name = ? OR (x.person AND x.last = ?)))"
            " ORDER BY a.added, a.sha256", (key, key.rsplit(" ", 1)[-1]))
        found: list[ActorAppearance] = []
        for row in rows:
            record = self._record(tuple(row[:7]))
            try:
                analysis = Analysis.loads(row[7])
            except SchemaError:
                continue
            for actor in analysis.actors:
                if names_match(name, (actor.name, *actor.aliases), person=actor.kind == "PERSON"):
                    found.append(ActorAppearance(record, actor, tuple(analysis.claims_by(actor.id))))
        return found

    # -- feeds -----------------------------------------------------------------
    def add_feed(self, url: str, title: str) -> None:
        with self._write() as db:
            db.execute("INSERT INTO feeds (url, title, added) VALUES (?, ?, ?)"
                       " ON CONFLICT(url) DO UPDATE SET title = excluded.title", (url, title, _now()))

    def remove_feed(self, url: str) -> bool:
        with self._write() as db:
            return db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def feeds(self) -> list[FeedRecord]:
        rows = self._read(
            "SELECT f.url, f.title, f.etag, f.modified, f.last_refreshed,"
            " (SELECT count(*) FROM feed_entries e WHERE e.feed_url = f.url),"
            " (SELECT count(*) FROM feed_entries e WHERE e.feed_url = f.url AND NOT e.seen)"
            " FROM feeds f ORDER BY f.added, f.url")
        return [FeedRecord(*tuple(r)) for r in rows]

    def get_feed(self, url: str) -> FeedRecord | None:
        return next((f for f in self.feeds() if f.url == url), None)

    def update_feed(self, url: str, title: str | None, etag: str | None, modified: str | None,
                    entries: tuple = ()) -> int:
        """Record a refresh: validators, title, and new entries (objects with entry_id,
        title, link, published). Returns how many entries were new. One transaction."""
        now, new = _now(), 0
        with self._write() as db:
            if title:
                db.execute("UPDATE feeds SET title = ? WHERE url = ?", (title, url))
            db.execute("UPDATE feeds SET etag = ?, modified = ?, last_refreshed = ? WHERE url = ?",
                       (etag, modified, now, url))
            for entry in entries:
                known = db.execute("SELECT 1 FROM feed_entries WHERE feed_url = ? AND entry_id = ?",
                                   (url, entry.entry_id)).fetchone()
                db.execute(
                    "INSERT INTO feed_entries (feed_url, entry_id, title, link, published, first_seen)"
                    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(feed_url, entry_id) DO UPDATE SET"
                    " title = excluded.title, link = excluded.link, published = excluded.published",
                    (url, entry.entry_id, entry.title, entry.link, entry.published, now))
                new += known is None
        return new

    def entries(self, feed_url: str | None = None) -> list[EntryRecord]:
        """Feed entries, newest first (by published date, else by when first seen)."""
        sql = ("SELECT e.feed_url, f.title, e.entry_id, e.title, e.link, e.published, e.seen"
               " FROM feed_entries e JOIN feeds f ON f.url = e.feed_url")
        params: tuple = ()
        if feed_url:
            sql += " WHERE e.feed_url = ?"
            params = (feed_url,)
        sql += " ORDER BY coalesce(nullif(e.published, ''), e.first_seen) DESC, e.feed_url, e.rowid"
        return [EntryRecord(*tuple(r[:6]), bool(r[6])) for r in self._read(sql, params)]

    def mark_seen(self, feed_url: str, entry_id: str) -> None:
        with self._write() as db:
            db.execute("UPDATE feed_entries SET seen = 1 WHERE feed_url = ? AND entry_id = ?", (feed_url, entry_id))
