import json
import subprocess
import sys

import pytest

from cubatui.model import (SCHEMA, Actor, Analysis, Article, Claim, Entity, Generator, Mention,
                           SchemaError, Span, split_paragraphs)

TEXT = "“We will not yield,” said Ana Pérez.\nThe minister later added that talks were over."


def sample() -> Analysis:
    article = Article(text=TEXT, title="t", source="s.txt")
    name = Mention(TEXT.index("Ana"), TEXT.index("Ana") + 9, "Ana Pérez")
    actor = Actor("a1", "Ana Pérez", "PERSON", ("Ana Pérez", "Pérez"), ("the minister",), (name,))
    claim = Claim("q1", "direct", 1, 19, TEXT[1:19], "a1", name,
                  Mention(TEXT.index("said"), TEXT.index("said") + 4, "said"), Span(0, 36), 0,
                  "named subject of 'said' after the quote")
    return Analysis(article, Generator("cubatui", "0.1.0", "en_core_web_sm", "3.8.0"),
                    split_paragraphs(TEXT), (Entity(name.start, name.end, name.text, "PERSON", "a1"),),
                    (actor,), (claim,))


def test_json_round_trip_is_lossless():
    a = sample()
    d = json.loads(a.dumps())
    assert Analysis.from_json(d) == a
    assert Analysis.loads(a.dumps()).to_json() == d


def test_json_has_the_documented_shape():
    d = sample().to_json()
    assert d["schema"] == SCHEMA
    assert list(d) == ["schema", "generator", "article", "paragraphs", "entities", "actors", "quotes"]
    assert set(d["article"]) == {"title", "source", "sha256", "text"}
    assert set(d["quotes"][0]) == {"id", "kind", "start", "end", "text", "speaker", "speaker_mention",
                                   "cue", "sentence", "paragraph", "evidence"}
    q = d["quotes"][0]
    assert TEXT[q["start"]:q["end"]] == q["text"] == "We will not yield,"
    assert d["paragraphs"] == [{"start": 0, "end": 36}, {"start": 37, "end": len(TEXT)}]


@pytest.mark.parametrize("bad", [{}, {"schema": "other/1"}, {"schema": SCHEMA},
                                 {"schema": SCHEMA, "article": {"text": "x", "sha256": "0"}}])
def test_invalid_documents_raise_schema_error(bad):
    with pytest.raises(SchemaError):
        Analysis.from_json(bad)


def test_unknown_claim_kind_is_rejected():
    d = sample().to_json()
    d["quotes"][0]["kind"] = "rumour"
    with pytest.raises(SchemaError):
        Analysis.from_json(d)


def test_actors_sorted_by_claim_count():
    a = sample()
    extra = Actor("a2", "Bob", "PERSON", mentions=(Mention(0, 1, "x"),))
    b = Analysis(a.article, a.generator, a.paragraphs, a.entities, (extra,) + a.actors, a.quotes)
    assert [x.id for x in b.actors_by_claims()] == ["a1", "a2"]


def test_domain_layer_imports_neither_textual_nor_spacy():
    code = ("import sys, cubatui.model, cubatui.report, cubatui.locations, cubatui.sources; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'spacy', 'thinc')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
