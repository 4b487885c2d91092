"""The feeds screen: entries of every subscribed feed, newest first.

Enter dismisses with the entry's URL (the app then fetches and analyses it);
``r`` refreshes every feed and ``a`` subscribes to a new one, both in thread
workers so a slow server never freezes the UI.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widgets import DataTable

from cubatui.library import EntryRecord, Library, LibraryError
from cubatui.tui.screens.open_source import OpenSourceScreen
from cubatui.tui.screens.table_screen import TableScreen, cell


class FeedsScreen(TableScreen[str | None]):
    DEFAULT_CSS = """
    FeedsScreen #feeds-table { height: 1fr; }
    FeedsScreen #feeds-status { height: auto; max-height: 4; color: $text-muted; padding: 0 1; }
    """
    TABLE_ID, STATUS_ID = "feeds-table", "feeds-status"
    BINDINGS = [
        Binding("escape", "close", "Close", id="feeds.close"),
        Binding("r", "refresh_feeds", "Refresh", id="feeds.refresh"),
        Binding("a", "add_feed", "Add feed", id="feeds.add"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__(library)
        self.entries: list[EntryRecord] = []

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", "Published", "Title", "Feed")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="feeds")
    def load(self, message: str = "") -> None:
        try:
            feeds, entries = self.library.feeds(), self.library.entries()
        except LibraryError as exc:
            self.app.call_from_thread(self._status, str(exc))
            return
        if not message:
            message = (f"{len(feeds)} feed(s), {sum(f.unseen for f in feeds)} unread"
                       if feeds else "no feeds yet: press a to subscribe to one")
        self.app.call_from_thread(self._show, entries, message)

    def _show(self, entries: list[EntryRecord], message: str) -> None:
        self.entries = entries
        table = self.query_one(DataTable)
        table.clear()
        for index, e in enumerate(entries):
            table.add_row(Text("" if e.seen else "●"), Text(e.published[:10]), cell(e.title, 80),
                          cell(e.feed_title, 30), key=str(index))
        self._status(message)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        entry = self.entries[int(str(event.row_key.value))]
        if not entry.link:
            self.notify("This entry has no link", severity="warning")
            return
        try:
            self.library.mark_seen(entry.feed_url, entry.entry_id)
        except LibraryError:
            pass  # the entry still opens; it just stays marked unread
        self.dismiss(entry.link)

    def action_refresh_feeds(self) -> None:
        self._status("refreshing…")
        self._refresh()

    @work(thread=True, exclusive=True, exit_on_error=False, group="feeds")
    def _refresh(self) -> None:
        from cubatui.library.feeds import refresh_feeds

        try:
            results = refresh_feeds(self.library)
        except LibraryError as exc:
            self.app.call_from_thread(self._status, str(exc))
            return
        errors = [r for r in results if r.error]
        new = sum(r.new_entries for r in results)
        message = f"{len(results)} feed(s) refreshed, {new} new entr{'y' if new == 1 else 'ies'}"
        if errors:
            message += "; " + "; ".join(r.error or "" for r in errors)
        self.app.call_from_thread(self.load, message)

    def action_add_feed(self) -> None:
        def subscribe(url: str | None) -> None:
            if url:
                self._status(f"subscribing to {url}…")
                self._add(url)

        self.app.push_screen(OpenSourceScreen("Subscribe to an RSS or Atom feed (http(s) URL)",
                                              placeholder="https://example.com/feed.xml"), subscribe)

    @work(thread=True, exclusive=True, exit_on_error=False, group="feeds")
    def _add(self, url: str) -> None:
        from cubatui.library.feeds import add_feed
        from cubatui.sources import SourceError
        from cubatui.sources.web import is_url

        if not is_url(url):
            message = f"{url}: a feed is an http(s) URL"
        else:
            try:
                result = add_feed(self.library, url)
                message = f"subscribed to {result.title} ({result.new_entries} entries)"
            except (SourceError, LibraryError) as exc:
                message = str(exc)
        self.app.call_from_thread(self.load, message)
