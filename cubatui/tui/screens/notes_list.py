"""The notes of the open article, in reading order, with orphans listed apart.

``enter`` dismisses with the chosen note's id (the app scrolls to it), ``e`` edits in
the note editor, ``d`` deletes, ``u`` undoes the last delete, ``escape`` closes
(dismissing with ``None``). Every change is saved to the store at once and announced
with a ``NotesChanged`` message, so the app can redraw its markers.

Give it the notes the app has already placed (``store.notes_for(article)``) to show
them at once; without them it places them itself in a thread worker, since fuzzy
re-anchoring on an edited article can take a moment."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from cubatui.display import one_line
from cubatui.model import Article
from cubatui.notes.model import AnchoredNote, Note, NoteDraft
from cubatui.notes.store import NoteStore, NotesStoreError
from cubatui.tui.screens.note_editor import NoteEditor

ORPHANS_HEADER_ID = "orphans-header"


class NotesChanged(Message):
    """A note of the article was edited, deleted or restored (``change``); ``note`` is
    the note as it is now (as it was, for a delete)."""

    def __init__(self, article_sha256: str, change: str, note: Note) -> None:
        super().__init__()
        self.article_sha256 = article_sha256
        self.change = change  # "edited" | "deleted" | "restored"
        self.note = note


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

    def __init__(self, store: NoteStore, article: Article,
                 placed: list[AnchoredNote] | None = None) -> None:
        super().__init__()
        self.store = store
        self.article = article
        self.placed: list[AnchoredNote] = list(placed) if placed is not None else []
        self._given = placed is not None
        self.deleted: list[AnchoredNote] = []  # most recent last, for undo

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-list-box"):
            yield Label("", id="notes-title")
            yield OptionList(id="notes-options")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if self._given:
            self.show()
        else:
            self.query_one("#notes-title", Label).update("Finding notes…")
            self.run_worker(self._place_notes, thread=True, exclusive=True, exit_on_error=False)

    def _place_notes(self) -> None:
        try:
            placed = self.store.notes_for(self.article)
        except NotesStoreError as exc:
            self.app.call_from_thread(self.notify, f"Could not read notes: {exc}", severity="error")
            return
        self.app.call_from_thread(self._placed, placed)

    def _placed(self, placed: list[AnchoredNote]) -> None:
        self.placed = placed
        self.show()

    # -- contents ------------------------------------------------------------
    def show(self, keep: str | None = None) -> None:
        self.placed.sort(key=lambda p: (p.orphan, p.start, p.end, p.note.created))
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

    def _changed(self, change: str, note: Note, keep: str | None = None) -> None:
        self.show(keep)
        self.post_message(NotesChanged(self.article.sha256, change, note))

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
                edited = self.store.update(note.id, body=draft.body, tags=draft.tags)
            except (NotesStoreError, KeyError) as exc:
                self.notify(f"Could not save the note: {exc}", severity="error")
                return
            self.placed = [replace(p, note=edited) if p.note.id == note.id else p for p in self.placed]
            self._changed("edited", edited, keep=note.id)

        self.app.push_screen(NoteEditor(note.quote.exact, heading="Edit note", speaker=note.speaker,
                                        body=note.body, tags=note.tags), save)

    def action_delete(self) -> None:
        placed = self.selected_note()
        if placed is None:
            return
        try:
            note = self.store.delete(placed.note.id)
        except (NotesStoreError, KeyError) as exc:
            self.notify(f"Could not delete the note: {exc}", severity="error")
            return
        self.deleted.append(replace(placed, note=note))
        self.placed = [p for p in self.placed if p.note.id != note.id]
        self.notify("Note deleted; press u to undo.")
        self._changed("deleted", note)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.")
            return
        placed = self.deleted.pop()
        try:
            self.store.restore(placed.note)
        except NotesStoreError as exc:
            self.deleted.append(placed)
            self.notify(f"Could not restore the note: {exc}", severity="error")
            return
        self.placed.append(placed)
        self._changed("restored", placed.note, keep=placed.note.id)
