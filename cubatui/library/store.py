"""The library database: articles, their analyses (the analysis cache), feeds.

SQLite in WAL mode with a busy timeout, so the app and a CLI command can share it;
every write is one transaction, so a crash never leaves half an article stored.
The schema version lives in ``PRAGMA user_version``; a file that is not a readable
database is moved aside (``library.db.corrupt-<timestamp>``) and a fresh one made.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from cubatui import locations
from cubatui.library.names import fold, name_key, names_match
from cubatui.model import Actor, Analysis, Article, Claim, SchemaError
from cubatui.sqlite_db import SQLiteFile, SQLiteFileError

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


class LibraryError(SQLiteFileError):
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


# Step i brings the schema from version i - 1 to i; the Python parts fill what the SQL adds.
MIGRATIONS = ((_MIGRATIONS[1],), (_MIGRATIONS[2], _index_stored_actor_names), (_MIGRATIONS[3], _fill_search_column))
SCHEMA_VERSION = len(MIGRATIONS)


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


class Library(SQLiteFile):
    """The SQLite store. Safe to share between threads (one connection, one lock)."""

    def __init__(self, path: Path | str | None = None) -> None:
        super().__init__(locations.library_db if path is None else path, MIGRATIONS, "library", LibraryError)

    @property
    def notice(self) -> str | None:
        """Set when a corrupt file was moved aside."""
        return self.moved_aside.message if self.moved_aside else None

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
