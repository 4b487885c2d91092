"""The notes of the open article, in reading order, with orphans listed apart.

``enter`` dismisses with the chosen note's id (the app scrolls to it), ``e`` edits in
the note editor, ``d`` deletes, ``u`` undoes the last delete, ``escape`` closes
(dismissing with ``None``). Every change is saved to the store at once and announced
with a ``NotesChanged`` message, so the app can redraw its markers."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from cubatui.model import Article
from cubatui.notes.display import one_line
from cubatui.notes.model import AnchoredNote, Note, NoteDraft
from cubatui.notes.store import NoteStore, NotesStoreError
from cubatui.tui.screens.note_editor import NoteEditor

ORPHANS_HEADER_ID = "orphans-header"


class NotesChanged(Message):
    """Notes of an article were edited, deleted or restored."""

    def __init__(self, article_sha256: str) -> None:
        super().__init__()
        self.article_sha256 = article_sha256


def note_label(placed: AnchoredNote) -> Text:
    """One option of the list: where, on what, the quoted text, the note, its tags."""
    note = placed.note
    text = Text(no_wrap=True, overflow="ellipsis")
    if placed.orphan:
        text.append("orphan ", style="bold red")
    else:
        text.append(f"{placed.start:>6} ", style="dim")
    text.append(note.target_kind, style="bold")
    if note.target_label:
        text.append(f" {one_line(note.target_label, 24)}")
    if placed.how in ("moved", "fuzzy"):
        text.append(f" ({placed.how})", style="yellow")
    text.append("\n  \u201c" + one_line(note.quote.exact, 70) + "\u201d", style="italic dim")
    text.append("\n  " + one_line(note.body, 76))
    if note.tags:
        text.append("  " + " ".join("#" + one_line(t, 20) for t in note.tags), style="cyan")
    return text


class NotesListScreen(ModalScreen["str | None"]):
    DEFAULT_CSS = """
    NotesListScreen { align: center middle; }
    NotesListScreen > #notes-list-box {
        width: 90%; max-width: 110; height: 80%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    NotesListScreen #notes-title { text-style: bold; width: 100%; }
    NotesListScreen #notes-options { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo delete"),
    ]

    def __init__(self, store: NoteStore, article: Article) -> None:
        super().__init__()
        self.store = store
        self.article = article
        self.placed: list[AnchoredNote] = []
        self.deleted: list[Note] = []  # most recent last, for undo

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-list-box"):
            yield Label("", id="notes-title")
            yield OptionList(id="notes-options")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    # -- contents ------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        self.placed = self.store.notes_for(self.article)
        options = self.query_one(OptionList)
        options.clear_options()
        anchored = [p for p in self.placed if not p.orphan]
        orphans = [p for p in self.placed if p.orphan]
        items: list[Option] = [Option(note_label(p), id=p.note.id) for p in anchored]
        if orphans:
            items.append(Option(Text("Orphans: their text is no longer in the article", style="bold red"),
                                id=ORPHANS_HEADER_ID, disabled=True))
            items += [Option(note_label(p), id=p.note.id) for p in orphans]
        options.add_options(items)
        title = Text(f"Notes on {one_line(self.article.title, 60) or 'this article'}: {len(self.placed)}")
        if orphans:
            title.append(f" ({len(orphans)} orphaned)", style="red")
        if self.deleted:
            title.append("  — u undoes the delete", style="dim")
        self.query_one("#notes-title", Label).update(title)
        ids = [o.id for o in items]
        if keep in ids:
            options.highlighted = ids.index(keep)
        elif items:
            options.highlighted = next((i for i, o in enumerate(items) if not o.disabled), None)

    def selected_note(self) -> AnchoredNote | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id
        return next((p for p in self.placed if p.note.id == option_id), None)

    def _changed(self, keep: str | None = None) -> None:
        self.reload(keep)
        self.post_message(NotesChanged(self.article.sha256))

    # -- actions -------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != ORPHANS_HEADER_ID:
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        placed = self.selected_note()
        if placed is None:
            return
        note = placed.note

        def save(draft: NoteDraft | None) -> None:
            if draft is None:
                return
            try:
                self.store.update(note.id, body=draft.body, tags=draft.tags)
            except (NotesStoreError, KeyError) as exc:
                self.notify(f"Could not save the note: {exc}", severity="error")
                return
            self._changed(keep=note.id)

        self.app.push_screen(NoteEditor(note.quote.exact, heading="Edit note", speaker=note.speaker,
                                        body=note.body, tags=note.tags), save)

    def action_delete(self) -> None:
        placed = self.selected_note()
        if placed is None:
            return
        try:
            self.deleted.append(self.store.delete(placed.note.id))
        except (NotesStoreError, KeyError) as exc:
            self.notify(f"Could not delete the note: {exc}", severity="error")
            return
        self.notify("Note deleted; press u to undo.")
        self._changed()

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.")
            return
        note = self.deleted.pop()
        try:
            self.store.restore(note)
        except NotesStoreError as exc:
            self.deleted.append(note)
            self.notify(f"Could not restore the note: {exc}", severity="error")
            return
        self._changed(keep=note.id)
