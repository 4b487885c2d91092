"""The note editor: a modal over the reader with the quoted passage, the note and its tags.

``ctrl+s`` dismisses with a ``NoteDraft``, ``escape`` with ``None``. The caller saves
(``NoteStore.add`` for a new note, ``NoteStore.update`` for an edit)."""

from __future__ import annotations

from typing import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static, TextArea

from cubatui.display import visible
from cubatui.notes.model import NoteDraft, parse_tags

QUOTE_PREVIEW_CHARS = 600


class NoteEditor(ModalScreen["NoteDraft | None"]):
    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > #note-editor {
        width: 90%; max-width: 100; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    NoteEditor #note-heading { text-style: bold; width: 100%; }
    NoteEditor #note-quote-box { height: auto; max-height: 5; border-left: outer $accent; }
    NoteEditor #note-quote { color: $text-muted; }
    NoteEditor #note-body { height: 8; min-height: 4; }
    NoteEditor #note-error { color: $error; height: auto; }
    NoteEditor #note-error.-empty { display: none; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, quote: str, *, heading: str = "New note", speaker: str | None = None,
                 body: str = "", tags: Iterable[str] = ()) -> None:
        super().__init__()
        self.quote = quote
        self.heading = heading
        self.speaker = speaker
        self.initial_body = body
        self.initial_tags = ", ".join(tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="note-editor"):
            yield Label(Text(visible(self.heading)), id="note-heading")
            with VerticalScroll(id="note-quote-box"):
                yield Static(self._quote_text(), id="note-quote")
            yield TextArea(self.initial_body, id="note-body")
            yield Input(self.initial_tags, placeholder="tags, comma-separated", id="note-tags")
            yield Static("", id="note-error", classes="-empty")
        yield Footer()

    def _quote_text(self) -> Text:
        # Text, never markup: the quote is article text and untrusted.
        quote = self.quote if len(self.quote) <= QUOTE_PREVIEW_CHARS else \
            self.quote[:QUOTE_PREVIEW_CHARS - 1] + "…"
        text = Text(visible(quote), style="italic")
        if self.speaker:
            text.append(f"\n— {visible(self.speaker)}", style="bold")
        return text

    def on_mount(self) -> None:
        body = self.query_one("#note-body", TextArea)
        body.border_title = "Note"
        self.query_one("#note-tags", Input).border_title = "Tags"
        body.focus()

    def action_save(self) -> None:
        body = self.query_one("#note-body", TextArea).text
        if not body.strip():
            error = self.query_one("#note-error", Static)
            error.update("Write something first; escape cancels.")
            error.remove_class("-empty")
            return
        tags = parse_tags(self.query_one("#note-tags", Input).value)
        self.dismiss(NoteDraft(body=body, tags=tags))

    def action_cancel(self) -> None:
        self.dismiss(None)
