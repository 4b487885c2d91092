"""The note editor and the notes list, each pushed over a tiny host app."""

from __future__ import annotations

from textual.app import App
from textual.widgets import Input, OptionList, Static, TextArea

from cubatui.model import Article
from cubatui.notes.model import NoteDraft
from cubatui.notes.store import NoteStore
from cubatui.tui.screens.note_editor import NoteEditor
from cubatui.tui.screens.notes_list import NotesChanged, NotesListScreen


class Host(App):
    def __init__(self, screen_factory):
        super().__init__()
        self.screen_factory = screen_factory
        self.results: list = []
        self.changes: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(self.screen_factory(), self.results.append)

    def on_notes_changed(self, message: NotesChanged) -> None:
        self.changes.append((message.change, message.note.id))


def rendered(widget: Static) -> str:
    return str(widget.render())


async def test_editor_saves_body_and_tags():
    app = Host(lambda: NoteEditor("a quoted passage", speaker="The envoy"))
    async with app.run_test() as pilot:
        await pilot.press(*"Too rosy")
        app.screen.query_one("#note-tags", Input).value = " talks, tone ,talks,"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [NoteDraft(body="Too rosy", tags=("talks", "tone"))]


async def test_editor_escape_cancels():
    app = Host(lambda: NoteEditor("quote"))
    async with app.run_test() as pilot:
        await pilot.press(*"draft", "escape")
        await pilot.pause()
    assert app.results == [None]


async def test_editor_refuses_an_empty_note():
    app = Host(lambda: NoteEditor("quote"))
    async with app.run_test() as pilot:
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, NoteEditor)
        assert "Write something" in rendered(app.screen.query_one("#note-error", Static))


async def test_editor_shows_markup_and_escapes_literally():
    quote = "[bold]not bold[/] [link=http://x]y[/link] \x1b[31mred"
    app = Host(lambda: NoteEditor(quote, body="old [i]body[/i]", tags=("a", "b")))
    async with app.run_test() as pilot:
        shown = app.screen.query_one("#note-quote", Static).render()
        assert "[bold]not bold[/]" in str(shown) and "\\x1b[31m" in str(shown)
        assert "\x1b" not in str(shown)
        assert app.screen.query_one("#note-body", TextArea).text == "old [i]body[/i]"
        assert app.screen.query_one("#note-tags", Input).value == "a, b"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [NoteDraft("old [i]body[/i]", ("a", "b"))]


TEXT = ("The council voted on Tuesday. \u201cWe will build the park,\u201d the mayor said. "
        "Residents said the plan ignores traffic.")


def _store_with_notes(tmp_path):
    article = Article(text=TEXT, title="Council vote", source=str(tmp_path / "council.txt"))
    store = NoteStore()
    ids = []
    for quote, body in (("We will build the park", "promise"), ("ignores traffic", "check")):
        start = TEXT.index(quote)
        ids.append(store.add(article, "passage", start, start + len(quote), body).id)
    # A note on an older version of the file whose text is gone now: an orphan.
    old = Article(text="An older draft with a sentence that was cut.", title="Council vote",
                  source=article.source)
    orphan = store.add(old, "passage", 17, 40, "lost sentence")
    return store, article, ids, orphan


async def test_list_shows_notes_in_order_and_orphans_apart(tmp_path):
    store, article, ids, orphan = _store_with_notes(tmp_path)
    app = Host(lambda: NotesListScreen(store, article))
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        order = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert order == [ids[0], ids[1], "orphans-header", orphan.id]
        assert "orphan" in str(options.get_option_at_index(3).prompt)
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.results == [ids[1]]
    store.close()


async def test_list_delete_undo_and_edit(tmp_path):
    store, article, ids, _ = _store_with_notes(tmp_path)
    # The app passes the notes it has already placed: no re-anchoring on open.
    app = Host(lambda: NotesListScreen(store, article, store.notes_for(article)))
    async with app.run_test() as pilot:
        options = app.screen.query_one(OptionList)
        assert options.option_count == 4
        await pilot.press("d")
        await pilot.pause()
        assert store.get(ids[0]) is None
        assert options.option_count == 3 and options.get_option_at_index(0).id == ids[1]
        await pilot.press("u")
        await pilot.pause()
        assert store.get(ids[0]) is not None
        assert options.option_count == 4
        assert options.get_option_at_index(options.highlighted).id == ids[0]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("#note-body", TextArea).text == "promise"
        await pilot.press("end", *" kept?", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NotesListScreen)
        assert store.get(ids[0]).body == "promise kept?"
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
    assert app.changes == [("deleted", ids[0]), ("restored", ids[0]), ("edited", ids[0])]
    store.close()
