from __future__ import annotations

import json

import pytest

from cubatui.model import Article
from cubatui.notes.export import (ANNO_CONTEXT, NotesFormatError, collect, dumps, import_jsonld,
                                  render, to_jsonld)
from cubatui.notes.store import NoteStore


def add(store, article, quote, body, **kw):
    start = article.text.index(quote)
    return store.add(article, kw.pop("kind", "passage"), start, start + len(quote), body, **kw)


def test_markdown_has_title_source_quote_speaker_tags_position(article, store):
    note = add(store, article, "We made real progress", "Sounds rehearsed.", kind="claim",
               tags=("talks", "tone"), target_label="q1", speaker="the envoy")
    md = render(store, collect(store, article), "md")
    start = note.position.start
    assert "# Notes on Talks in Geneva" in md
    assert "geneva.txt" in md
    assert "> We made real progress" in md
    assert "- Speaker: the envoy" in md
    assert "- Tags: talks, tone" in md
    assert f"characters {start}–{start + len('We made real progress')}" in md
    assert "Sounds rehearsed." in md


def test_markdown_shows_control_characters_as_escapes(store):
    art = Article(text="Start \x1b[31mred\x1b[0m end.", title="t\x1b]0;x\x07", source="c.txt")
    store.add(art, "passage", 6, 14, "body \x1b[2J")
    md = render(store, collect(store, art), "md")
    assert "\x1b" not in md and "\x07" not in md
    assert "\\x1b[31m" in md and "\\x1b[2J" in md


def test_jsonld_is_a_w3c_annotation_collection(article, store):
    note = add(store, article, "a distraction", "Is it?", tags=("opposition",))
    doc = json.loads(render(store, collect(store, article), "jsonld"))
    assert doc["@context"] == ANNO_CONTEXT and doc["type"] == "AnnotationCollection"
    (anno,) = doc["first"]["items"]
    assert anno["type"] == "Annotation" and anno["id"] == f"urn:uuid:{note.id}"
    assert {"type": "TextualBody", "value": "Is it?", "format": "text/plain",
            "purpose": "commenting"} in anno["body"]
    assert {"type": "TextualBody", "value": "opposition", "purpose": "tagging"} in anno["body"]
    selectors = {s["type"]: s for s in anno["target"]["selector"]}
    quote, pos = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
    assert quote["exact"] in article.text
    assert article.text[pos["start"]:pos["end"]] == quote["exact"]
    assert article.text[:pos["start"]].endswith(quote["prefix"])
    assert article.text[pos["end"]:].startswith(quote["suffix"])
    assert anno["target"]["source"] == f"urn:sha256:{article.sha256}"


def test_jsonl_spans_index_into_the_text(article, store):
    add(store, article, "Geneva", "place", tags=("LOC",))
    add(store, article, "the envoy", "who?", kind="actor")
    (line,) = render(store, collect(store, article), "jsonl").splitlines()
    doc = json.loads(line)
    assert doc["text"] == article.text
    labels = {doc["text"][s["start"]:s["end"]]: s["label"] for s in doc["spans"]}
    assert labels == {"Geneva": "LOC", "the envoy": "actor"}


def test_json_output_escapes_c1_controls():
    out = dumps({"v": "a\x9b31mb\u2028"})
    assert "\x9b" not in out and "\u2028" not in out
    assert json.loads(out) == {"v": "a\x9b31mb\u2028"}


def test_jsonld_round_trip_into_a_fresh_store(article, store, tmp_path):
    nasty = "[bold]x[/] \x1b[31m \x9b \x00"
    art = Article(text="Lead " + nasty + " tail", title="[red]T", source="n.txt")
    n1 = store.add(art, "passage", 5, 5 + len(nasty), "body " + nasty, tags=(nasty,))
    n2 = add(store, article, "We made real progress", "claim note", kind="claim",
             target_label="q1", speaker="the envoy")
    path = tmp_path / "notes.jsonld"
    path.write_text(render(store, collect(store), "jsonld"), encoding="utf-8")

    with NoteStore(tmp_path / "other.db") as other:
        result = import_jsonld(path, other)
        assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
        assert {n.id: n for n in other.all_notes()} == {n1.id: n1, n2.id: n2}
        assert other.article(art.sha256).title == "[red]T"
        # Importing again changes nothing.
        again = import_jsonld(path, other)
        assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
        assert len(other.all_notes()) == 2
        # The imported notes anchor in the article when it is opened.
        placed = other.notes_for(article)
        assert [p.note.id for p in placed] == [n2.id] and placed[0].how == "exact"
        # And export the same annotations again.
        def items(s):
            return sorted(to_jsonld(s, collect(s))["first"]["items"], key=lambda a: a["id"])
        assert items(other) == items(store)


def test_import_updates_only_with_newer_versions(article, store, tmp_path):
    note = add(store, article, "Geneva", "old text")
    path = tmp_path / "a.jsonld"
    path.write_text(render(store, collect(store), "jsonld"), encoding="utf-8")
    newer = store.update(note.id, body="new text")
    # The older export does not overwrite the newer note.
    assert import_jsonld(path, store).unchanged == 1
    assert store.get(note.id).body == "new text"
    doc = to_jsonld(store, collect(store))
    store.delete(note.id)
    store.restore(note)  # an old version again
    assert import_jsonld(doc, store).updated == 1
    assert store.get(note.id) == newer


@pytest.mark.parametrize("content,message", [
    ("not json at all", "not JSON"),
    ('{"type": "Something"}', "not a W3C Web Annotation"),
    ('[{"type": "Annotation", "id": "urn:uuid:nope"}]', "urn:uuid"),
    ('[{"type": "Annotation", "id": "urn:uuid:00000000-0000-0000-0000-000000000001", '
     '"body": {"type": "TextualBody", "value": "hi"}, '
     '"target": {"source": "http://example.com", "selector": []}}]', "TextQuoteSelector"),
])
def test_bad_import_files_are_refused_and_store_untouched(article, store, tmp_path, content, message):
    add(store, article, "Geneva", "keep me")
    before = store.all_notes()
    path = tmp_path / "bad.jsonld"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NotesFormatError, match=message) as info:
        import_jsonld(path, store)
    assert "\n" not in str(info.value)
    assert store.all_notes() == before


def test_one_bad_annotation_stops_the_whole_import(article, store, tmp_path):
    add(store, article, "Geneva", "first")
    doc = to_jsonld(store, collect(store))
    good = doc["first"]["items"][0]
    bad = json.loads(json.dumps(good))
    bad["id"] = "urn:uuid:00000000-0000-0000-0000-000000000002"
    bad["target"]["selector"] = [bad["target"]["selector"][0]]  # no position
    with NoteStore(tmp_path / "empty.db") as other:
        with pytest.raises(NotesFormatError, match="annotation 2"):
            import_jsonld([good, bad], other)
        assert other.all_notes() == []
