"""RSS and Atom subscriptions against the local server, with conditional GET."""

from __future__ import annotations

import pytest

from cubatui.library import Library
from cubatui.library.feeds import add_feed, refresh_feeds
from cubatui.sources import SourceError
from cubatui.sources.feeds import fetch_feed, parse_feed


def test_rss_entries_and_relative_links(web):
    fetched = fetch_feed(web.url("/feed.rss"))
    assert fetched.title == "Harbour Gazette" and fetched.etag == '"v1"'
    assert [(e.title, e.link, e.published) for e in fetched.entries] == [
        ("Port strike ends after talks", web.url("/page.html"), "2024-03-05T10:00:00Z"),
        ("Second story", web.url("/second.html"), "2024-03-04T09:00:00Z"),
    ]
    assert [e.entry_id.rsplit("/", 1)[-1] for e in fetched.entries] == ["g-1", "g-2"]


def test_atom_entries(web):
    fetched = fetch_feed(web.url("/feed.atom"))
    assert fetched.title == "Atom Gazette"
    assert [(e.entry_id, e.link, e.published) for e in fetched.entries] == [
        ("urn:e1", web.url("/page.html"), "2024-03-06T08:30:00Z")]


def test_conditional_get_returns_not_modified(web):
    first = fetch_feed(web.url("/feed.rss"))
    again = fetch_feed(web.url("/feed.rss"), etag=first.etag, modified=first.modified)
    assert again.not_modified and again.entries == ()
    headers = web.requests[-1][1]
    assert headers["if-none-match"] == '"v1"' and headers["if-modified-since"] == "Tue, 05 Mar 2024 10:00:00 GMT"


def test_not_a_feed():
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        parse_feed(b"<html><body><p>Hello</p></body></html>", "http://x/")


def test_add_and_refresh_store_entries(web):
    lib = Library()
    result = add_feed(lib, web.url("/feed.rss"))
    assert result.new_entries == 2
    add_feed(lib, web.url("/feed.atom"))
    feeds = lib.feeds()
    assert [(f.title, f.entries, f.unseen) for f in feeds] == [("Harbour Gazette", 2, 2), ("Atom Gazette", 1, 1)]
    assert [e.title for e in lib.entries()] == ["Atom story", "Port strike ends after talks", "Second story"]
    results = refresh_feeds(lib)
    assert [(r.not_modified, r.new_entries, r.error) for r in results] == [(True, 0, None), (True, 0, None)]
    entry = lib.entries()[0]
    lib.mark_seen(entry.feed_url, entry.entry_id)
    assert lib.entries()[0].seen and lib.get_feed(web.url("/feed.atom")).unseen == 0


def test_a_failing_feed_does_not_stop_the_others(web):
    lib = Library()
    add_feed(lib, web.url("/feed.rss"))
    lib.add_feed(web.url("/gone"), "Gone")
    results = {r.url: r for r in refresh_feeds(lib)}
    assert "HTTP error 404" in results[web.url("/gone")].error
    assert results[web.url("/feed.rss")].error is None


def test_adding_a_page_that_is_not_a_feed_stores_nothing(web):
    lib = Library()
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        add_feed(lib, web.url("/page.html"))
    assert lib.feeds() == []
