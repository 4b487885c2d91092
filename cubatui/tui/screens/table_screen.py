"""The shape shared by the library, actor-across and feeds screens: one table of
stored things with a status line under it, j/k to move, escape to close.

Their rows are untrusted text (titles, sources, claims), so cells are built with
``cell`` (one visible line in a ``rich.text.Text``), never as markup.
"""

from __future__ import annotations

import unicodedata
from typing import ClassVar, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

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
    """Subclasses name their status line (``STATUS_ID``) and bind escape to ``close``
    under their own binding id, so each screen's keys can be remapped apart."""

    STATUS_ID: ClassVar[str]
    BINDINGS = [
        Binding("j", "cursor('down')", "Down", show=False),
        Binding("k", "cursor('up')", "Up", show=False),
    ]

    def _status(self, message: str) -> None:
        self.query_one(f"#{self.STATUS_ID}", Static).update(cell(message))

    def action_cursor(self, direction: str) -> None:
        table = self.query_one(DataTable)
        table.action_cursor_down() if direction == "down" else table.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
