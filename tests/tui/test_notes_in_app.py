"""Pilot tests: notes in the reader — add, markers, detail, edit, delete/undo, list, passages, errors."""

from __future__ import annotations


import tui_sample as sample
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Input, TextArea

from cubatui import locations
from cubatui.model import Analysis, Article, Span
from cubatui.notes.store import NoteStore
from cubatui.tui.app import CubatuiApp
from cubatui.tui.passage import selection_span, sentence_at, sentence_from
from cubatui.tui.screens.help import HelpScreen
from cubatui.tui.screens.note_editor import NoteEditor
from cubatui.tui.screens.notes_list import NotesListScreen
from cubatui.tui.widgets.article_view import ArticleParagraph

SIZE = (120, 40)


def make_app(analysis: Analysis, article: Article | None = None) -> CubatuiApp:
    article = article or analysis.article
    return CubatuiApp(article, analysis=analysis if article is analysis.article else None,
                      analyser=lambda a, m: analysis)


async def settle(app, pilot) -> None:
    """Let the notes workers finish and their messages land."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def detail_text(app: CubatuiApp) -> str:
    return str(app.query_one("#detail-body").render())


async def write_note(pilot, body: str, tags: str = "") -> None:
    editor = pilot.app.screen
    assert isinstance(editor, NoteEditor)
    editor.query_one("#note-body", TextArea).insert(body)
    if tags:
        editor.query_one("#note-tags", Input).value = tags
    await pilot.press("ctrl+s")


def note_on_claim(analysis: Analysis, claim, body: str) -> None:
    with NoteStore() as store:
        store.add(analysis.article, "claim", claim.start, claim.end, body, target_label=claim.id)


def stored(article: Article) -> list:
    with NoteStore() as store:
        return store.notes_for(article)


async def test_note_on_a_claim_is_saved_and_shown_again_in_a_new_app(analysis):
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "c")  # q2
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditor)
        assert "claim q2" in str(app.screen.query_one("#note-heading").render())
        await write_note(pilot, "Check the June date", "vote, council")
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteEditor)
    [placed] = stored(analysis.article)
    q2 = app.claim_by_id("q2")
    assert (placed.note.target_kind, placed.note.target_label, placed.note.speaker) == ("claim", "q2", "Ana Ruiz")
    assert (placed.start, placed.end) == (q2.start, q2.end) and placed.note.tags == ("vote", "council")

    again = make_app(sample.build())
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        assert again.article_view.notes == (Span(q2.start, q2.end),)
        paragraphs = [p for p in again.query(ArticleParagraph) if p.has_class("-has-notes")]
        assert [p.span.contains(q2.start) for p in paragraphs] == [True]
        await pilot.press("c", "c")
        assert "NOTES (1)" in detail_text(again) and "Check the June date" in detail_text(again)
        assert "#vote #council" in detail_text(again)


async def test_escape_cancels_without_saving(analysis):
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "a")
        app.screen.query_one("#note-body", TextArea).insert("never mind")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteEditor)
        assert app.placed_notes == []
    assert stored(analysis.article) == []


async def test_edit_then_delete_and_undo(analysis):
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "a")
        await write_note(pilot, "first thought")
        await settle(app, pilot)
        await pilot.press("e")
        editor = app.screen
        assert isinstance(editor, NoteEditor) and editor.query_one("#note-body", TextArea).text == "first thought"
        editor.query_one("#note-body", TextArea).text = "second thought"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert [p.note.body for p in app.placed_notes] == ["second thought"]
        assert "second thought" in detail_text(app)

        await pilot.press("d")
        await settle(app, pilot)
        assert app.placed_notes == [] and stored(analysis.article) == []
        assert app.article_view.notes == () and "NOTES" not in detail_text(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert [p.note.body for p in stored(analysis.article)] == ["second thought"]
        assert "second thought" in detail_text(app)
        await pilot.press("u")  # nothing more to undo: a message, no change
        await settle(app, pilot)
        assert len(stored(analysis.article)) == 1


async def test_keys_with_nothing_selected_or_no_note_here_say_so(analysis):
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("a")  # nothing selected yet
        assert not isinstance(app.screen, NoteEditor)
        assert any("then press a" in n.message for n in app._notifications)
        await pilot.press("c", "e", "d")
        await settle(app, pilot)
        assert not isinstance(app.screen, NoteEditor)
        messages = [n.message for n in app._notifications]
        assert any("No note here to edit" in m for m in messages)
        assert any("No note here to delete" in m for m in messages)


async def test_note_on_an_actor_and_on_a_sentence_passage(analysis):
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        baker = analysis.actor("a3")
        app.select_actor(baker)
        await pilot.press("a")
        assert "Tom Baker" in str(app.screen.query_one("#note-heading").render())
        await write_note(pilot, "union leader")
        await settle(app, pilot)
        assert "union leader" in detail_text(app)

        app.article_view.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("v")  # the first sentence in view: the headline line
        first = sentence_from(analysis.article.text, 0)
        assert app.article_view.passage == first and app.selected_actor is None
        assert "A passage is selected" in detail_text(app)
        await pilot.press("v")
        second = sentence_from(analysis.article.text, first.end)
        assert app.article_view.passage == second
        await pilot.press("V")
        third = sentence_from(analysis.article.text, second.end)
        assert app.article_view.passage == Span(second.start, third.end)
        await pilot.press("a")
        assert "passage" in str(app.screen.query_one("#note-heading").render())
        await write_note(pilot, "two sentences")
        await settle(app, pilot)
        assert app.article_view.passage is None
    kinds = {p.note.target_kind: p for p in stored(analysis.article)}
    assert kinds["actor"].note.target_label == "Tom Baker"
    assert kinds["actor"].note.quote.exact == "Tom Baker"
    assert kinds["passage"].note.quote.exact == analysis.article.text[second.start:third.end]


async def test_mouse_selection_becomes_the_passage(analysis):
    app = make_app(analysis)
    text = analysis.article.text
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paragraph = next(p for p in app.query(ArticleParagraph) if "four hundred" in text[p.span.start:p.span.end])
        await pilot.mouse_down(paragraph, offset=(6, 0))
        await pilot.hover(paragraph, offset=(30, 1))
        await pilot.mouse_up(paragraph, offset=(30, 1))
        await pilot.pause()
        span = app.article_view.mouse_selection()
        assert span is not None and span.start > paragraph.span.start and span.end <= paragraph.span.end
        selected = app.screen.get_selected_text()
        assert " ".join(text[span.start:span.end].split()) == " ".join(selected.split())
        await pilot.press("a")
        await write_note(pilot, "dragged")
        await settle(app, pilot)
        assert app.screen.selections == {}
    [placed] = stored(analysis.article)
    assert (placed.note.target_kind, placed.start, placed.end) == ("passage", span.start, span.end)


async def test_selecting_a_claim_by_key_drops_the_mouse_selection(analysis):
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        paragraph = list(app.query(ArticleParagraph))[2]
        await pilot.mouse_down(paragraph, offset=(4, 0))
        await pilot.hover(paragraph, offset=(15, 0))
        await pilot.mouse_up(paragraph, offset=(15, 0))
        await pilot.pause()
        assert app.article_view.mouse_selection() is not None
        await pilot.press("c", "a")
        assert "claim q1" in str(app.screen.query_one("#note-heading").render())


async def test_notes_list_jumps_to_a_claim_and_shows_orphans_apart(analysis, tmp_path):
    text = analysis.article.text
    q5 = next(q for q in analysis.quotes if q.id == "q5")
    with NoteStore() as store:
        store.add(analysis.article, "claim", q5.start, q5.end, "on q5", target_label="q5", speaker="Tom Baker")
        # A passage that the edited article below no longer has: an orphan there.
        gone = text.index("The offer was never published")
        store.add(analysis.article, "passage", gone, gone + 60, "about the minutes")
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        listing = app.screen
        assert isinstance(listing, NotesListScreen)
        await pilot.pause()
        await pilot.press("enter")  # the first in reading order: the passage, before q5
        await settle(app, pilot)
        assert app.article_view.passage == Span(gone, gone + 60)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert app.selected_claim is not None and app.selected_claim.id == "q5"

    # The same source edited: a paragraph cut out. The q5 note moves, the other is orphaned.
    cut = text.index("A consortium")
    edited_text = text[:cut] + text[text.index("\n", cut) + 1:]
    edited = Article(text=edited_text, title=analysis.article.title, source=analysis.article.source)
    app = CubatuiApp(edited, analysis=None, analyser=lambda a, m: (_ for _ in ()).throw(RuntimeError("no")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        orphans = [p for p in app.placed_notes if p.orphan]
        anchored = [p for p in app.placed_notes if not p.orphan]
        assert [p.note.body for p in orphans] == ["about the minutes"]
        assert edited_text[anchored[0].start:anchored[0].end] == q5.text
        await pilot.press("m")
        await pilot.pause()
        options = app.screen.query_one("#notes-options")
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "Orphans" in labels[1] and "about the minutes" in labels[2]


async def test_list_delete_can_be_undone_from_the_reader(analysis):
    q1 = analysis.quotes[0]
    note_on_claim(analysis, q1, "keep me")
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("d", "escape")
        await settle(app, pilot)
        assert app.placed_notes == [] and app.article_view.notes == ()
        await pilot.press("u")
        await settle(app, pilot)
        assert [p.note.body for p in app.placed_notes] == ["keep me"]


async def test_corrupt_notes_file_is_kept_aside_and_the_reader_works(analysis):
    db = locations.notes_db()
    db.parent.mkdir(parents=True, exist_ok=True)
    db.write_bytes(b"this is not a database at all" * 100)
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("unreadable" in m and "moved it to" in m for m in messages)
        await pilot.press("c", "a")
        await write_note(pilot, "fresh start")
        await settle(app, pilot)
        assert app.selected_claim.id == "q1" and len(app.placed_notes) == 1
    aside = [p for p in db.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")


async def test_unusable_notes_store_is_a_message_not_a_crash(analysis):
    db = locations.notes_db()
    db.mkdir(parents=True)  # a directory where the file should be
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "a")
        assert not isinstance(app.screen, NoteEditor)
        messages = [n.message for n in app._notifications]
        assert any("Notes are unavailable" in m for m in messages)
        await pilot.press("c")
        assert app.selected_claim.id == "q2"  # the reader keeps working


async def test_markup_in_a_note_is_shown_literally(analysis):
    hostile = "[bold red]not bold[/] [link=http://x]y[/link] \x1b[2J done"
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c", "a")
        await write_note(pilot, hostile, "[b]tag[/b]")
        await settle(app, pilot)
        shown = detail_text(app)
        assert "[bold red]not bold[/]" in shown and "[link=http://x]y[/link]" in shown
        assert "\x1b" not in shown and "#[b]tag[/b]" in shown
        await pilot.press("m")
        await pilot.pause()
        options = app.screen.query_one("#notes-options")
        assert "[bold red]not bold[/]" in str(options.get_option_at_index(0).prompt)
    assert stored(analysis.article)[0].note.body == hostile  # stored exactly as typed


async def test_help_lists_the_notes_keys(analysis):
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        # what the help screen shows: the full text (tooltip) where the footer has a short one
        descriptions = {getattr(b, "tooltip", "") or b.description for _, bindings in app.help_sections()
                        for b in bindings if hasattr(b, "description")}
        for wanted in ("Add a note", "Notes", "Edit the note here", "Delete the note here",
                       "Undo the last note delete", "Save", "Cancel", "Go to the note"):
            assert wanted in descriptions


async def test_notes_reload_when_another_article_is_loaded(analysis):
    other = Article(text="Another story. Nothing here.\n", title="Other", source="other.txt")
    q1 = analysis.quotes[0]
    note_on_claim(analysis, q1, "sample note")
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert len(app.placed_notes) == 1
        app.load_article(other, Analysis(article=other, generator=analysis.generator, paragraphs=(),
                                         entities=(), actors=(), quotes=()))
        await settle(app, pilot)
        assert app.placed_notes == [] and app.article_view.notes == ()
        app.load_article(analysis.article, analysis)
        await settle(app, pilot)
        assert [p.note.body for p in app.placed_notes] == ["sample note"]


# -- pure helpers -----------------------------------------------------------------------
def test_sentences_end_at_punctuation_closing_quotes_and_line_ends():
    text = "He said “No.” Then left!\nNew line here? Yes"
    first = sentence_from(text, 0)
    assert text[first.start:first.end] == "He said “No.”"
    second = sentence_from(text, first.end)
    assert text[second.start:second.end] == "Then left!"
    at = sentence_at(text, text.index("line"))
    assert text[at.start:at.end] == "New line here?"
    last = sentence_from(text, at.end)
    assert text[last.start:last.end] == "Yes" and sentence_from(text, last.end) is None


def test_selection_maps_lines_and_columns_to_offsets():
    paragraph = Span(100, 100 + len("alpha beta\ngamma delta"))
    shown = "alpha beta\ngamma delta"
    span = selection_span(paragraph, shown, Selection(Offset(6, 0), Offset(5, 1)))
    assert (span.start - 100, span.end - 100) == (6, 16)  # "beta\ngamma"
    whole = selection_span(paragraph, shown, Selection(None, None))
    assert whole == paragraph
    assert selection_span(paragraph, shown, Selection(Offset(5, 0), Offset(6, 0))) is None  # only a space


async def test_claim_notes_follow_the_claim_text_not_only_its_id(analysis):
    q1, q2 = analysis.quotes[0], analysis.quotes[1]
    with NoteStore() as store:
        # Made when an earlier analysis called q2's text "q9", and one labelled q1 but on q2's text.
        store.add(analysis.article, "claim", q2.start, q2.end, "renumbered", target_label="q9")
        store.add(analysis.article, "claim", q2.start, q2.end, "wrong id", target_label="q1")
    app = make_app(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        assert app.selected_claim is app.claim_by_id(q1.id) and "NOTES" not in detail_text(app)
        await pilot.press("c")
        # Both sit exactly on q2's text: they are q2's notes whatever id they were given.
        assert "renumbered" in detail_text(app) and "NOTES (2)" in detail_text(app)
