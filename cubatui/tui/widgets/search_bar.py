"""The one-line search box under the article (`/` opens it, escape closes it)."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    BINDINGS = [Binding("escape", "cancel", "Close search", id="search.cancel")]

    class Cancelled(Message):
        """The reader closed the search box without searching."""

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="search the article (enter to search, escape to close)", compact=True, **kwargs)

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
