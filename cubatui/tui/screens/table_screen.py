"""The shape shared by the library, actor-across and feeds screens: one table of
stored things with a status line under it, j/k to move, escape to close.

Their rows are untrusted text (titles, sources, claims), so cells are built with
``cell`` (one visible line in a ``rich.text.Text``), never as markup.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, ClassVar, Iterable, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

if TYPE_CHECKING:  # pragma: no cover
    from cubatui.library import Library

ResultType = TypeVar("ResultType")


def cell(text: str, limit: int | None = None) -> Text:
    """One line of untrusted text for a table cell or status line, control characters
    replaced by U+FFFD, cut to ``limit``."""
    flat = " ".join("".join("\ufffd" if unicodedata.category(c) == "Cc" and c not in "\t\n" else c
                            for c in text).split())
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return Text(flat)


class TableScreen(Screen[ResultType]):
    """Subclasses name their table and status line (``TABLE_ID``, ``STATUS_ID``, which
    their DEFAULT_CSS styles) and bind escape to ``close`` under their own binding id, so
    each screen's keys can be remapped apart."""

    TABLE_ID: ClassVar[str]
    STATUS_ID: ClassVar[str]
    BINDINGS = [
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def compose_above_table(self) -> Iterable[Widget]:
        """Widgets over the table (a search box); none by default."""
        return ()

    def compose(self) -> ComposeResult:
        yield from self.compose_above_table()
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield Static(id=self.STATUS_ID)
        yield Footer()

    def _status(self, message: str) -> None:
        self.query_one(f"#{self.STATUS_ID}", Static).update(cell(message))

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(DataTable)
        table.action_cursor_down() if direction == "down" else table.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
