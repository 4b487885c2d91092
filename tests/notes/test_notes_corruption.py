from __future__ import annotations

import re

from cubatui.model import Article
from cubatui.notes.store import NoteStore
from sqlite_files import make_sqlite


def _aside(folder):
    return sorted(p for p in folder.iterdir() if re.fullmatch(r"notes\.db\.corrupt-\d{8}T\d{6}Z(-\d+)?", p.name))


def test_a_file_that_is_not_sqlite_is_kept_aside(tmp_path):
    path = tmp_path / "notes.db"
    junk = b"these are my precious notes in some other format\n" * 20
    path.write_bytes(junk)
    with NoteStore(path) as store:
        assert store.recovered is not None
        assert "moved it to notes.db.corrupt-" in store.recovered.message
        assert "\n" not in store.recovered.message
        moved = _aside(tmp_path)
        assert len(moved) == 1 and moved[0].read_bytes() == junk
        assert store.recovered.moved_to == moved[0]
        # The fresh store works.
        art = Article(text="Fresh start here.", source="a.txt")
        store.add(art, "passage", 0, 5, "works")
        assert len(store.all_notes()) == 1


def test_a_damaged_sqlite_file_is_kept_aside(tmp_path):
    path = tmp_path / "notes.db"
    with NoteStore(path) as store:
        art = Article(text="Some article text that is long enough. " * 50, source="a.txt")
        for i in range(200):
            store.add(art, "passage", i, i + 10, f"note {i} " + "x" * 200)
    data = bytearray(path.read_bytes())
    # Scribble over the pages after the header (the schema and the b-trees).
    for i in range(200, min(len(data), 12000)):
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    damaged = bytes(data)
    with NoteStore(path) as store:
        assert store.recovered is not None
        assert store.all_notes() == []
    moved = _aside(tmp_path)
    assert len(moved) == 1 and moved[0].read_bytes() == damaged


def test_second_recovery_does_not_overwrite_the_first(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"junk one" * 100)
    NoteStore(path).close()
    path.write_bytes(b"junk two" * 100)
    NoteStore(path).close()
    kept = {p.read_bytes() for p in _aside(tmp_path)}
    assert kept == {b"junk one" * 100, b"junk two" * 100}


def test_side_files_move_with_the_corrupt_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"not sqlite" * 50)
    (tmp_path / "notes.db-wal").write_bytes(b"wal bytes")
    with NoteStore(path) as store:
        moved = store.recovered.moved_to
    assert (moved.parent / (moved.name + "-wal")).read_bytes() == b"wal bytes"


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path):
    import sqlite3

    import pytest

    from cubatui.notes.store import NotesStoreError

    path = tmp_path / "notes.db"
    before = make_sqlite(path, "CREATE TABLE notes (something_else TEXT)", "INSERT INTO notes VALUES ('precious')")
    with pytest.raises(NotesStoreError) as info:
        NoteStore(path)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT * FROM notes").fetchall() == [("precious",)]
    conn.close()
