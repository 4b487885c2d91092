"""The library screens: stored articles (searchable), and one actor across them.

Both read the library (SQLite) in thread workers, so a large library never blocks
the UI. Titles, sources and claims are untrusted text: shown with ``rich.text.Text``
after control characters are made visible, never as markup.
"""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Input

from cubatui.library import ActorAppearance, ArticleRecord, Library, LibraryError
from cubatui.tui.screens.table_screen import TableScreen, cell


class LibraryScreen(TableScreen[str | None]):
    """Every stored article, most recently opened first; typing filters (title, source,
    text; accents and case ignored). Enter dismisses with the article's sha256."""

    DEFAULT_CSS = """
    LibraryScreen #library-table { height: 1fr; }
    LibraryScreen #library-status { height: 1; color: $text-muted; padding: 0 1; }
    """
    TABLE_ID, STATUS_ID = "library-table", "library-status"
    BINDINGS = [
        Binding("escape", "close", "Close", id="library.close"),
        Binding("slash", "focus_search", "Search", id="library.search"),
    ]

    def __init__(self, library: Library, query: str = "") -> None:
        super().__init__(library)
        self.initial_query = query
        self.records: list[ArticleRecord] = []

    def compose_above_table(self) -> Iterable[Widget]:
        yield Input(value=self.initial_query, placeholder="search the library (title, source, text)…",
                    id="library-search")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Opened", "Title", "Source", "Analysed")
        table.focus()
        self.load(self.initial_query)

    @work(thread=True, exclusive=True, exit_on_error=False, group="library-search")
    def load(self, query: str) -> None:
        try:
            records = self.library.list_articles(query or None)
        except LibraryError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show, query, records)

    def _show(self, query: str, records: list[ArticleRecord]) -> None:
        self.records = records
        table = self.query_one(DataTable)
        table.clear()
        for r in records:
            table.add_row(Text(r.last_opened[:16].replace("T", " ")), cell(r.title or "(untitled)", 70),
                          cell(r.source, 50), Text("✓" if r.analysed else ""), key=r.sha256)
        shown = f"{len(records)} article(s)" + (f" matching {query!r}" if query else "")
        self._status(shown + " · enter to open · / to search")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.load(event.value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(event.row_key.value)

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()


class ActorAcrossScreen(TableScreen[tuple[str, int] | None]):
    """One actor's claims across every stored article (matched by alias, accents and
    case folded, a person also by surname). Enter dismisses with (sha256, claim start)
    so the app can open that article at the claim."""

    DEFAULT_CSS = """
    ActorAcrossScreen #actor-table { height: 1fr; }
    ActorAcrossScreen #actor-status { height: 1; color: $text-muted; padding: 0 1; }
    """
    TABLE_ID, STATUS_ID = "actor-table", "actor-status"
    BINDINGS = [
        Binding("escape", "close", "Close", id="actor_across.close"),
        Binding("slash", "focus_name", "Name", id="actor_across.name"),
    ]

    def __init__(self, library: Library, name: str = "") -> None:
        super().__init__(library)
        self.initial_name = name
        self.appearances: list[ActorAppearance] = []
        self._targets: dict[str, tuple[str, int]] = {}  # row key -> (sha256, offset)

    def compose_above_table(self) -> Iterable[Widget]:
        yield Input(value=self.initial_name, placeholder="an actor's name or alias, then enter",
                    id="actor-name")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Article", "As", "Kind", "Claim")
        if self.initial_name.strip():
            table.focus()
            self.search(self.initial_name.strip())
        else:
            self.query_one(Input).focus()
            self._status("type a name and press enter")

    @work(thread=True, exclusive=True, exit_on_error=False, group="actor-across")
    def search(self, name: str) -> None:
        try:
            appearances = self.library.actor_across(name)
        except LibraryError as exc:
            self.app.call_from_thread(self._status, str(exc))
            return
        self.app.call_from_thread(self._show, name, appearances)

    def _show(self, name: str, appearances: list[ActorAppearance]) -> None:
        self.appearances = appearances
        table = self.query_one(DataTable)
        table.clear()
        self._targets.clear()
        claims = 0
        for a in appearances:
            title = cell(a.article.title or a.article.source, 40)
            for claim in a.claims:
                claims += 1
                self._add_row(table, (a.article.sha256, claim.start), title, cell(a.actor.name, 30),
                              Text(claim.kind), cell(f"“{claim.text}”", 120))
            if not a.claims:  # mentioned but never quoted: still open the article at its first mention
                first = min((m.start for m in a.actor.mentions), default=0)
                self._add_row(table, (a.article.sha256, first), title, cell(a.actor.name, 30), Text("—"),
                              Text("(mentioned, no claim)"))
        articles = len({a.article.sha256 for a in appearances})
        self._status(f"{name!r}: {claims} claim(s) in {articles} article(s) · enter opens it in context")

    def _add_row(self, table: DataTable, target: tuple[str, int], *cells: Text) -> None:
        key = str(len(self._targets))
        self._targets[key] = target
        table.add_row(*cells, key=key)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.search(event.value.strip())
            self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.dismiss(self._targets[str(event.row_key.value)])

    def action_focus_name(self) -> None:
        self.query_one(Input).focus()
