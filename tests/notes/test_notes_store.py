from __future__ import annotations

import sqlite3

import pytest

from cubatui import locations
from cubatui.model import Article
from cubatui.notes.store import SCHEMA_VERSION, NoteStore, NotesStoreError


def span(article: Article, quote: str) -> tuple[int, int]:
    start = article.text.index(quote)
    return start, start + len(quote)


def test_default_path_is_in_the_data_dir(store):
    assert store.path == locations.notes_db()
    assert store.recovered is None


def test_add_then_reopen_finds_the_note(article, store):
    start, end = span(article, "We made real progress")
    note = store.add(article, "claim", start, end, "Too optimistic?", tags=("talks", "envoy"),
                     target_label="q1", speaker="the envoy")
    store.close()
    with NoteStore() as again:
        placed = again.notes_for(article)
        assert [p.note for p in placed] == [note]
        assert placed[0].how == "exact" and (placed[0].start, placed[0].end) == (start, end)
        assert [r.sha256 for r in again.articles()] == [article.sha256]
        assert again.article_text(article.sha256) == article.text


def test_schema_version_and_wal(store):
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_add_refuses_bad_input_and_writes_nothing(article, store):
    with pytest.raises(ValueError):
        store.add(article, "claim", 0, 5, "   ")
    with pytest.raises(ValueError):
        store.add(article, "comment", 0, 5, "text")
    with pytest.raises(ValueError):
        store.add(article, "passage", 5, 5, "text")
    assert store.all_notes() == []


def test_update_delete_restore(article, store):
    start, end = span(article, "a distraction")
    note = store.add(article, "passage", start, end, "first")
    edited = store.update(note.id, body="second", tags=["x", "y"])
    assert (edited.body, edited.tags, edited.created) == ("second", ("x", "y"), note.created)
    assert store.get(note.id) == edited
    removed = store.delete(note.id)
    assert removed == edited and store.notes_for(article) == []
    store.restore(removed)
    assert [p.note for p in store.notes_for(article)] == [edited]
    with pytest.raises(KeyError):
        store.delete("no-such-id")
    with pytest.raises(ValueError):
        store.update(note.id, body="")


def test_notes_follow_an_edited_file(tmp_path):
    path = tmp_path / "story.txt"
    v1 = "Intro line.\nThe minister said the budget is balanced.\nMore text follows here."
    path.write_text(v1, encoding="utf-8")
    from cubatui.sources import load_source

    art1 = load_source(str(path))
    with NoteStore() as store:
        start, end = span(art1, "the budget is balanced")
        store.add(art1, "claim", start, end, "check the numbers")
        gone_start, gone_end = span(art1, "More text follows here.")
        store.add(art1, "passage", gone_start, gone_end, "about the ending")

    path.write_text("Breaking: a new first line.\n" + v1.replace("More text follows here.", "The end."),
                    encoding="utf-8")
    art2 = load_source(str(path))
    assert art2.sha256 != art1.sha256
    with NoteStore() as store:
        placed = store.notes_for(art2)
        assert [p.how for p in placed] == ["moved", "orphan"]
        assert art2.text[placed[0].start:placed[0].end] == "the budget is balanced"
        assert placed[1].note.body == "about the ending"  # kept, never dropped
        # A different file with the same name elsewhere does not see them.
        other = Article(text=art2.text + " x", title="", source=str(tmp_path / "other" / "story.txt"))
        assert store.notes_for(other) == []


def test_stdin_articles_do_not_share_notes(store):
    a = Article(text="One text from a pipe, with a quote.", source="-")
    b = Article(text="Another text from a pipe, with a quote too.", source="-")
    store.add(a, "passage", 0, 3, "on a")
    assert store.notes_for(b) == []


def test_markup_and_escape_sequences_round_trip_byte_for_byte(store):
    nasty = ("[bold red]Alert[/] [link=http://evil.example]click[/link] \x1b[2J\x1b]0;title\x07"
             " \x9b31m \u202e\u2028 emoji \U0001F600 NUL\x00end")
    article = Article(text="Lead. " + nasty + " Tail.", source="nasty.txt")
    body = "note with " + nasty
    start = article.text.index("[bold")
    note = store.add(article, "passage", start, start + len(nasty), body, tags=(nasty, "[/]"))
    store.close()
    with NoteStore() as again:
        back = again.get(note.id)
    assert back == note
    assert back.body.encode("utf-8") == body.encode("utf-8")
    assert back.quote.exact.encode("utf-8") == nasty.encode("utf-8")


def test_a_directory_in_the_way_is_a_clear_error(tmp_path):
    (tmp_path / "notes.db").mkdir()
    with pytest.raises(NotesStoreError, match="directory"):
        NoteStore(tmp_path / "notes.db")


def test_migration_from_empty_file_creates_schema(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"")
    with NoteStore(path) as store:
        assert store.recovered is None
        assert store.all_notes() == []
