"""A scrolling pane with vim keys: j/k a line, g/G the top and the bottom."""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import VerticalScroll


def vim_scroll_bindings(prefix: str) -> list[Binding]:
    """The pane's keys, with ids under ``prefix`` so each pane's keys can be remapped apart."""
    return [
        Binding("j", "scroll_down", "Down", show=False, id=f"{prefix}.down"),
        Binding("k", "scroll_up", "Up", show=False, id=f"{prefix}.up"),
        Binding("g", "top", "Top", show=False, id=f"{prefix}.first"),
        Binding("G", "bottom", "Bottom", show=False, id=f"{prefix}.last"),
    ]


class VimScroll(VerticalScroll):
    """Subclasses set ``BINDINGS = vim_scroll_bindings("their-prefix")``."""

    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)
