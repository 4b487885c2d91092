"""The reader's library features (open a source, the library, feeds, an actor across articles).

A mixin of CubatuiApp, kept apart so the app module stays about reading."""

from __future__ import annotations

from textual.binding import Binding

LIBRARY_BINDINGS: list[Binding] = []


class LibraryActions:
    """Mixed into CubatuiApp."""
