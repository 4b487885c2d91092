"""The reader's notes features (annotate, markers, notes list, edit, delete, undo).

A mixin of CubatuiApp, kept apart so the app module stays about reading."""

from __future__ import annotations

from textual.binding import Binding

NOTES_BINDINGS: list[Binding] = []


class NotesActions:
    """Mixed into CubatuiApp."""
