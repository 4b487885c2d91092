from __future__ import annotations

import json

from cubatui import locations
from cubatui.cli import main
from cubatui.notes.store import NoteStore
from cubatui.sources import load_source

QUOTE = "We are not prepared to discuss our constitutional system"


def seed_note(body="Keep an eye on this", tags=("denial",)):
    article = load_source(str(locations.default_article()))
    start = article.text.index(QUOTE)
    with NoteStore() as store:
        note = store.add(article, "claim", start, start + len(QUOTE), body, tags=tags,
                         target_label="q3", speaker="Carlos Fernández de Cossío")
    return article, note


def test_list_without_notes(capsys):
    assert main(["notes", "list"]) == 0
    assert "No notes." in capsys.readouterr().out


def test_list_and_list_by_article(capsys):
    article, note = seed_note()
    assert main(["notes", "list"]) == 0
    out = capsys.readouterr().out
    assert note.id[:8] in out and "Keep an eye on this" in out and "#denial" in out
    assert main(["notes", "list", "--article", str(locations.default_article())]) == 0
    assert note.id[:8] in capsys.readouterr().out


def test_list_escapes_control_characters(capsys):
    seed_note(body="evil \x1b[2J body", tags=("\x1b[31m",))
    assert main(["notes", "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[2J" in out


def test_missing_article_is_a_one_line_error(capsys, tmp_path):
    assert main(["notes", "list", "--article", str(tmp_path / "nope.txt")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err


def test_export_jsonld_exact_is_in_the_article(capsys):
    article, note = seed_note()
    assert main(["notes", "export", "--format", "jsonld"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (anno,) = doc["first"]["items"]
    exact = next(s for s in anno["target"]["selector"] if s["type"] == "TextQuoteSelector")["exact"]
    assert exact == QUOTE and exact in article.text


def test_export_to_file_and_import_round_trip(capsys, tmp_path, monkeypatch):
    _, note = seed_note()
    out = tmp_path / "export.jsonld"
    assert main(["notes", "export", "--format", "jsonld", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    # Import into a second data dir.
    monkeypatch.setenv("CUBATUI_DATA_DIR", str(tmp_path / "other-home"))
    assert main(["notes", "import", str(out)]) == 0
    assert "1 new" in capsys.readouterr().out
    with NoteStore() as store:
        assert store.all_notes() == [note]
    assert main(["notes", "import", str(out)]) == 0
    assert "0 new, 0 updated, 1 already there" in capsys.readouterr().out


def test_export_markdown_and_jsonl(capsys):
    seed_note()
    assert main(["notes", "export"]) == 0
    md = capsys.readouterr().out
    assert md.startswith("# Notes on ") and f"> {QUOTE}" in md and "Speaker: Carlos Fernández de Cossío" in md
    assert main(["notes", "export", "--format", "jsonl"]) == 0
    line = json.loads(capsys.readouterr().out)
    (span,) = line["spans"]
    assert line["text"][span["start"]:span["end"]] == QUOTE and span["label"] == "denial"


def test_import_bad_file_exits_2_and_keeps_store(capsys, tmp_path):
    _, note = seed_note()
    bad = tmp_path / "bad.jsonld"
    bad.write_text("{ broken", encoding="utf-8")
    assert main(["notes", "import", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cubatui: error:") and err.count("\n") == 1
    assert main(["notes", "import", str(tmp_path / "missing.jsonld")]) == 2
    assert "no such file" in capsys.readouterr().err
    with NoteStore() as store:
        assert store.all_notes() == [note]


def test_export_to_unwritable_place_is_one_line(capsys, tmp_path):
    seed_note()
    assert main(["notes", "export", "--out", str(tmp_path / "no" / "such" / "dir" / "x.md")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_corrupt_store_warns_and_keeps_file(capsys):
    path = locations.notes_db()
    path.write_bytes(b"garbage" * 100)
    assert main(["notes", "list"]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "notes.db.corrupt-" in err
    assert [p.read_bytes() for p in path.parent.glob("notes.db.corrupt-*")] == [b"garbage" * 100]
