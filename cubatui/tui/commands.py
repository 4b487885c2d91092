"""The command palette: a command for every app action, and "go to actor…" by name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

if TYPE_CHECKING:  # pragma: no cover
    from cubatui.tui.app import CubatuiApp


class CubatuiCommands(Provider):
    """Commands come from ``CubatuiApp.palette_commands()``, so new features add theirs there."""

    def _commands(self) -> list[tuple[str, str, object]]:
        app: CubatuiApp = self.app  # type: ignore[assignment]
        return app.palette_commands()

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            # Titles hold actor names from the article: never let them be read as markup.
            yield DiscoveryHit(Text(title), callback, text=title, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(escape(title)), partial(callback), text=title,
                          help=escape(help_text))
