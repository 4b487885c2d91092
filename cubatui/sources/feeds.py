"""RSS and Atom feeds: fetched with a conditional GET, parsed by feedparser."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from cubatui.sources.errors import SourceError
from cubatui.sources.web import FEED_TYPES, fetch

MAX_FEED_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FeedEntry:
    entry_id: str
    title: str
    link: str
    published: str  # ISO 8601 (UTC) when the feed gives a date, else ""


@dataclass(frozen=True)
class FeedFetch:
    url: str
    title: str
    entries: tuple[FeedEntry, ...]
    etag: str | None
    modified: str | None
    not_modified: bool = False


def fetch_feed(url: str, etag: str | None = None, modified: str | None = None) -> FeedFetch:
    """Fetch and parse a feed; with ``etag``/``modified`` from the last fetch, an
    unchanged feed comes back as ``not_modified`` with no entries."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    response = fetch(url, accept=FEED_TYPES, headers=headers, max_bytes=MAX_FEED_BYTES)
    new_etag = response.headers.get("etag") or etag
    new_modified = response.headers.get("last-modified") or modified
    if response.not_modified:
        return FeedFetch(url, "", (), new_etag, new_modified, not_modified=True)
    title, entries = parse_feed(response.body, response.url, label=url)
    return FeedFetch(url, title, entries, new_etag, new_modified)


def parse_feed(data: bytes, base_url: str, label: str | None = None) -> tuple[str, tuple[FeedEntry, ...]]:
    """(feed title, entries) of an RSS or Atom document; SourceError if it is neither."""
    import feedparser

    label = label or base_url
    parsed = feedparser.parse(data, response_headers={"content-location": base_url})
    version = getattr(parsed, "version", "")
    if not version and not parsed.entries:
        raise SourceError(f"{label}: not an RSS or Atom feed")
    entries = []
    for item in parsed.entries:
        link = str(item.get("link") or "")
        title = " ".join(str(item.get("title") or link or "(untitled)").split())
        entry_id = str(item.get("id") or link or hashlib.sha256(title.encode()).hexdigest())
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp) if stamp else ""
        entries.append(FeedEntry(entry_id, title, link, published))
    title = " ".join(str(parsed.feed.get("title") or label).split())
    return title, tuple(entries)
