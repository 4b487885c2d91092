"""Feed subscriptions: adding a feed and refreshing feeds into the library."""

from __future__ import annotations

from dataclasses import dataclass

from cubatui.library.store import Library
from cubatui.sources.errors import SourceError


@dataclass(frozen=True)
class RefreshResult:
    url: str
    title: str
    new_entries: int = 0
    not_modified: bool = False
    error: str | None = None


def add_feed(library: Library, url: str) -> RefreshResult:
    """Fetch ``url`` once (it must be an RSS or Atom feed) and subscribe to it.
    Raises SourceError when it is not a reachable feed; nothing is stored then."""
    from cubatui.sources.feeds import fetch_feed

    fetched = fetch_feed(url)
    library.add_feed(url, fetched.title)
    new = library.update_feed(url, fetched.title, fetched.etag, fetched.modified, fetched.entries)
    return RefreshResult(url, fetched.title, new)


def refresh_feeds(library: Library, urls: list[str] | None = None) -> list[RefreshResult]:
    """Refresh every subscribed feed (conditional GET); one failing feed does not stop the others."""
    from cubatui.sources.feeds import fetch_feed

    results = []
    for feed in library.feeds():
        if urls is not None and feed.url not in urls:
            continue
        try:
            fetched = fetch_feed(feed.url, etag=feed.etag, modified=feed.modified)
        except SourceError as exc:
            results.append(RefreshResult(feed.url, feed.title, error=str(exc)))
            continue
        new = library.update_feed(feed.url, fetched.title or None, fetched.etag, fetched.modified,
                                  fetched.entries)
        results.append(RefreshResult(feed.url, fetched.title or feed.title, new, fetched.not_modified))
    return results
