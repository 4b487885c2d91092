"""The reader's notes features (annotate, markers, notes list, edit, delete, undo).

A mixin of CubatuiApp, kept apart so the app module stays about reading. The store
opens, and notes are placed in the article (re-anchoring may be fuzzy, hence slow),
in thread workers that post typed messages back; writes run in workers too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from rich.text import Text
from textual import work
from textual.binding import Binding

from cubatui.model import Actor, Analysis, Claim, Span
from cubatui.notes.model import AnchoredNote, Note, NoteDraft, notes_in_span, notes_on_target
from cubatui.tui.messages import ArticleLoaded, NotesPlaced, NotesStoreOpened, NotesTrouble, NoteWritten
from cubatui.tui.passage import sentence_at, sentence_from
from cubatui.tui.palette import Palette
from cubatui.tui.safe_text import one_line, visible

if TYPE_CHECKING:
    from cubatui.notes.store import NoteStore

NOTES_BINDINGS: list[Binding] = [
    Binding("a", "annotate", "Note", tooltip="Add a note", id="notes.add"),
    Binding("m", "notes_list", "Notes", id="notes.list"),
    Binding("e", "edit_note", "Edit the note here", show=False, id="notes.edit"),
    Binding("d", "delete_note", "Delete the note here", show=False, id="notes.delete"),
    Binding("u", "undo_delete", "Undo the last note delete", show=False, id="notes.undo"),
    Binding("v", "select_sentence", "Select a sentence (again: the next one)", show=False,
            id="notes.sentence"),
    Binding("V", "extend_passage", "Extend the selected passage by a sentence", show=False,
            id="notes.extend"),
]


@dataclass(frozen=True)
class NoteTarget:
    """What a new note would be attached to, and how to say so in the editor."""

    kind: str  # "claim" | "actor" | "passage"
    span: Span
    label: str
    speaker: str | None
    heading: str


class NotesActions:
    """Mixed into CubatuiApp: uses its state (article, analysis, selection) and widgets."""

    notes_store: "NoteStore | None" = None
    notes_error: str | None = None
    # The article's notes placed in its text (reading order, orphans last).
    placed_notes: list[AnchoredNote]
    # Notes deleted in this article, most recent last, for ``u``.
    deleted_notes: list[Note]
    # Bumped by every placing, so an older placing that finishes late is ignored.
    _notes_round = 0

    # -- loading ---------------------------------------------------------------------
    def on_mount(self) -> None:
        self.placed_notes, self.deleted_notes = [], []
        self.detail.addenda.append(self._notes_addendum)
        self._open_notes_store()

    def on_unmount(self) -> None:
        if self.notes_store is not None:
            self.notes_store.close()

    @work(thread=True, exclusive=True, exit_on_error=False, group="notes-open")
    def _open_notes_store(self) -> None:
        from cubatui.notes.store import NoteStore, NotesStoreError

        try:
            store = NoteStore()
        except NotesStoreError as exc:
            self.post_message(NotesTrouble(f"Notes are unavailable: {one_line(str(exc), 300)}"))
            return
        self.post_message(NotesStoreOpened(store))

    def on_notes_store_opened(self, message: NotesStoreOpened) -> None:
        self.notes_store = message.store
        recovered = self.notes_store.recovered
        if recovered is not None:
            self.notify(one_line(recovered.message, 400), title="Notes", severity="warning",
                        timeout=15, markup=False)
        self._place_notes(self.article)

    def on_notes_trouble(self, message: NotesTrouble) -> None:
        if self.notes_store is None:
            self.notes_error = message.error
        self.notify(message.error, title="Notes", severity="error", timeout=10, markup=False)

    def on_article_loaded(self, message: ArticleLoaded) -> None:
        self.placed_notes, self.deleted_notes = [], []
        if self.notes_store is not None:
            self._place_notes(message.article)

    def _place_notes(self, article) -> None:
        self._notes_round += 1
        self._place_notes_worker(article, self._notes_round)

    @work(thread=True, exit_on_error=False, group="notes-place")
    def _place_notes_worker(self, article, round_: int) -> None:
        from cubatui.notes.store import NotesStoreError

        try:
            placed = self.notes_store.notes_for(article)
        except NotesStoreError as exc:
            self.post_message(NotesTrouble(f"Could not read notes: {one_line(str(exc), 300)}"))
            return
        self.post_message(NotesPlaced(article, placed, round_))

    def on_notes_placed(self, message: NotesPlaced) -> None:
        if message.article is not self.article or message.round != self._notes_round:
            return  # notes of an article no longer shown, or overtaken by a newer placing
        self.placed_notes = message.placed
        self._show_notes()

    def _show_notes(self) -> None:
        self.show_notes(Span(p.start, p.end) for p in self.placed_notes if not p.orphan)
        self.detail.refresh_addenda()

    def _claim_notes(self, claim: Claim) -> list[AnchoredNote]:
        """Notes on this claim. Claim ids come from the engine and may be given to other
        claims by a later analysis, so a note counts by id only where its text still
        overlaps the claim (or it is an orphan), and by its place when it sits exactly on it."""
        return [p for p in self.placed_notes if p.note.target_kind == "claim" and (
            (p.note.target_label == claim.id and (p.orphan or (p.start < claim.end and claim.start < p.end)))
            or (not p.orphan and (p.start, p.end) == (claim.start, claim.end)))]

    def _notes_addendum(self, analysis: Analysis, target: Claim | Actor, palette: Palette) -> Text | None:
        """The notes of the claim or actor shown in the detail pane."""
        if isinstance(target, Claim):
            notes = self._claim_notes(target)
        else:
            notes = notes_on_target(self.placed_notes, "actor", target.name)
        if not notes:
            return None
        out = Text()
        out.append(f"NOTES ({len(notes)})", style=palette.heading)
        out.append("  e edits, d deletes\n", style=palette.muted)
        for placed in notes:
            out.append("✎ ", style=palette.heading)
            if placed.orphan:
                out.append("(orphan) ", style=palette.muted)
            # Text, never markup: a note may hold anything the reader typed or imported.
            out.append(visible(placed.note.body.rstrip()))
            if placed.note.tags:
                out.append("  " + " ".join("#" + one_line(t, 30) for t in placed.note.tags), style=palette.muted)
            out.append("\n")
        return out

    def notes_help_sections(self) -> list[tuple[str, list]]:
        from cubatui.tui.screens.note_editor import NoteEditor
        from cubatui.tui.screens.notes_list import NotesListScreen

        return [
            ("Adding a note", [Binding("drag", "", "Select text with the mouse, then a annotates it"),
                               Binding("a", "", "Annotates, in order: the mouse selection, the v passage, "
                                                "the claim, the search match, the actor")]),
            ("Note editor", [*NoteEditor.BINDINGS, Binding("tab", "", "Move between note and tags")]),
            ("Notes list (m)", [Binding("enter", "", "Go to the note"), *NotesListScreen.BINDINGS]),
        ]

    # -- what is selected --------------------------------------------------------------
    def _notes_ready(self) -> bool:
        if self.notes_store is not None:
            return True
        self.notify(self.notes_error or "The notes are still opening…", markup=False,
                    severity="error" if self.notes_error else "information")
        return False

    def note_target(self) -> NoteTarget | None:
        """The text selected with the mouse, else the passage picked with v, else the
        selected claim, else the current search match, else the selected actor."""
        view = self.article_view
        passage = view.mouse_selection() or view.passage
        if passage is not None:
            where = f"characters {passage.start}–{passage.end}"
            return NoteTarget("passage", passage, "", None, f"New note on a passage ({where})")
        claim = self.selected_claim
        if claim is not None:
            speaker = self.analysis.actor(claim.speaker) if self.analysis else None
            name = speaker.name if speaker else None
            heading = f"New note on claim {claim.id} ({claim.kind})"
            heading += f" by {one_line(name, 40)}" if name else ", speaker not found"
            return NoteTarget("claim", claim.span, claim.id, name, heading)
        match = view.current_match_span
        if match is not None:
            return NoteTarget("passage", match, "", None, f"New note on the search match at {match.start}")
        actor = self.selected_actor
        if actor is not None and actor.mentions:
            first = min(actor.mentions, key=lambda m: m.start)
            return NoteTarget("actor", first.span, actor.name, None,
                              f"New note on {one_line(actor.name, 50)} ({actor.kind.lower()}), "
                              f"at its first mention")
        return None

    def notes_here(self) -> list[AnchoredNote]:
        """The notes of what is selected (the note a key like e or d acts on)."""
        target = self.note_target()
        if target is None:
            return []
        own: list[AnchoredNote] = []
        if target.kind == "claim" and self.selected_claim is not None:
            own = self._claim_notes(self.selected_claim)
        elif target.kind == "actor":
            own = notes_on_target(self.placed_notes, "actor", target.label)
        if own:
            return own
        return notes_in_span(self.placed_notes, target.span.start, target.span.end)

    # -- actions -----------------------------------------------------------------------
    def action_annotate(self) -> None:
        if not self._notes_ready():
            return
        target = self.note_target()
        if target is None:
            self.notify("Select a claim (c), an actor (]), a sentence (v) or some text with the mouse, "
                        "then press a.", markup=False)
            return
        from cubatui.tui.screens.note_editor import NoteEditor

        article = self.article
        quote = article.text[target.span.start:target.span.end]

        def save(draft: NoteDraft | None) -> None:
            if draft is None:
                return
            self._write_note("added", lambda store: store.add(
                article, target.kind, target.span.start, target.span.end, draft.body,
                tags=draft.tags, target_label=target.label, speaker=target.speaker))
            self.screen.clear_selection()
            self.article_view.set_passage(None)

        self.push_screen(NoteEditor(quote, heading=target.heading, speaker=target.speaker), save)

    def _one_note_here(self, verb: str) -> AnchoredNote | None:
        """The single note of the selection; with several, the notes list opens instead."""
        if not self._notes_ready():
            return None
        notes = self.notes_here()
        if not notes:
            self.notify(f"No note here to {verb}: a adds one, m lists them all.", markup=False, timeout=4)
            return None
        if len(notes) > 1:
            self.notify(f"{len(notes)} notes here: pick one in the list.", markup=False, timeout=4)
            self.action_notes_list()
            return None
        return notes[0]

    def action_edit_note(self) -> None:
        placed = self._one_note_here("edit")
        if placed is None:
            return
        from cubatui.tui.screens.note_editor import NoteEditor

        note = placed.note

        def save(draft: NoteDraft | None) -> None:
            if draft is not None:
                self._write_note("edited", lambda store: store.update(note.id, body=draft.body, tags=draft.tags))

        self.push_screen(NoteEditor(note.quote.exact, heading="Edit note", speaker=note.speaker,
                                    body=note.body, tags=note.tags), save)

    def action_delete_note(self) -> None:
        placed = self._one_note_here("delete")
        if placed is not None:
            self._write_note("deleted", lambda store: store.delete(placed.note.id))

    def action_undo_delete(self) -> None:
        if not self._notes_ready():
            return
        if not self.deleted_notes:
            self.notify("No deleted note to bring back.", markup=False, timeout=3)
            return
        note = self.deleted_notes.pop()

        def restore(store: "NoteStore") -> Note:
            store.restore(note)
            return note

        self._write_note("restored", restore)

    def action_notes_list(self) -> None:
        if not self._notes_ready():
            return
        from cubatui.tui.screens.notes_list import NotesListScreen

        self.push_screen(NotesListScreen(self.notes_store, self.article, list(self.placed_notes)),
                         self._jump_to_note)

    def _jump_to_note(self, note_id: str | None) -> None:
        placed = next((p for p in self.placed_notes if p.note.id == note_id), None)
        if placed is None:
            return
        if placed.orphan:
            self.notify("This note is an orphan: its text is no longer in the article.", markup=False)
            return
        note, span = placed.note, Span(placed.start, placed.end)
        claim = self.claim_by_id(note.target_label) if note.target_kind == "claim" else None
        if claim is not None and claim.span.overlaps(span):
            self.select_claim(claim)
            return
        actor = next((a for a in self.analysis.actors if a.name == note.target_label), None) \
            if note.target_kind == "actor" and self.analysis else None
        if actor is not None and any(m.span.overlaps(span) for m in actor.mentions):
            self.select_actor(actor, jump=False)
        else:
            self._set_passage(span)
        self.article_view.scroll_to_offset(span.start, span.end)

    def on_notes_changed(self, message) -> None:
        """The notes list edited, deleted or restored a note: redraw, and keep u working."""
        if message.change == "deleted":
            self.deleted_notes.append(message.note)
        elif message.change == "restored":
            self.deleted_notes = [n for n in self.deleted_notes if n.id != message.note.id]
        self._place_notes(self.article)

    # -- passages by keyboard ----------------------------------------------------------
    def _passage_start(self) -> int:
        """Where v starts: after the passage if it is in view, else at the search match,
        the selected claim, or the top of the view."""
        view = self.article_view
        if view.passage is not None and view.is_offset_visible(view.passage.start):
            return view.passage.end
        if view.current_match_span is not None:
            return sentence_at(self.article.text, view.current_match_span.start).start
        if self.selected_claim is not None:
            return self.selected_claim.sentence.start
        return view.top_offset()

    def action_select_sentence(self) -> None:
        sentence = sentence_from(self.article.text, self._passage_start())
        if sentence is None:
            self.notify("No more sentences.", markup=False, timeout=2)
            return
        self._set_passage(sentence)

    def action_extend_passage(self) -> None:
        passage = self.article_view.passage
        if passage is None:
            self.action_select_sentence()
            return
        sentence = sentence_from(self.article.text, passage.end)
        if sentence is None:
            self.notify("The passage reaches the end of the article.", markup=False, timeout=2)
            return
        self._set_passage(Span(passage.start, sentence.end))

    def _set_passage(self, span: Span) -> None:
        if self.selected_claim is not None or self.selected_actor is not None:
            self.selected_claim = self.selected_actor = None
            self.article_view.set_selection(None, None)
        self.article_view.set_passage(span)
        self.article_view.scroll_to_offset(span.start, span.end)
        if self.analysis is not None:  # while analysing, the detail pane says so instead
            here = len(notes_in_span(self.placed_notes, span.start, span.end))
            self.detail.show_message(
                f"A passage is selected ({span.end - span.start} characters"
                + (f", {here} note{'s' if here != 1 else ''} on it" if here else "")
                + "). a adds a note on it, v moves to the next sentence, V extends it"
                + (", e edits its note, d deletes it." if here else "."), self.palette)

    # -- writing -------------------------------------------------------------------------
    def _write_note(self, change: str, write: Callable[["NoteStore"], Note]) -> None:
        self._run_note_write(change, write)

    @work(thread=True, exit_on_error=False, group="notes-write")
    def _run_note_write(self, change: str, write: Callable[["NoteStore"], Note]) -> None:
        from cubatui.notes.store import NotesStoreError

        try:
            note = write(self.notes_store)
        except (NotesStoreError, ValueError) as exc:
            self.post_message(NotesTrouble(f"Could not save: {one_line(str(exc), 300)}"))
            return
        except KeyError:
            self.post_message(NotesTrouble("That note is gone (deleted elsewhere?)."))
            return
        self.post_message(NoteWritten(change, note))

    def on_note_written(self, message: NoteWritten) -> None:
        if message.change == "deleted":
            self.deleted_notes.append(message.note)
            self.notify("Note deleted: u brings it back.", markup=False, timeout=5)
        else:
            self.notify(f"Note {message.change}.", markup=False, timeout=3)
        self._place_notes(self.article)
