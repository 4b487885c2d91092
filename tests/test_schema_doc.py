"""docs/analysis-schema.md stays true: its example is a valid analysis with exact offsets."""

from __future__ import annotations

import json
import re

from paths import ROOT
from cubatui.model import SCHEMA, Analysis, split_paragraphs

DOC = ROOT / "docs" / "analysis-schema.md"


def example() -> dict:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"## Example\s+```json\n(.*?)\n```", text, re.S)
    assert block, "the schema doc lost its example"
    return json.loads(block.group(1))


def test_example_is_a_valid_analysis():
    data = example()
    assert data["schema"] == SCHEMA
    analysis = Analysis.from_json(data)  # checks sha256 against the text too
    assert analysis.to_json() == data  # every field the doc shows is one the model writes


def test_example_offsets_are_exact():
    data = example()
    text = data["article"]["text"]
    assert [p for p in data["paragraphs"]] == [p.to_json() for p in split_paragraphs(text)]
    spans = [*data["entities"], *(m for a in data["actors"] for m in a["mentions"])]
    for q in data["quotes"]:
        spans += [q, q["speaker_mention"], q["cue"]]
    for s in spans:
        assert text[s["start"]:s["end"]] == s["text"]


def test_doc_names_every_field_the_model_writes():
    doc = DOC.read_text(encoding="utf-8")
    data = example()
    fields = set(data) | set(data["generator"]) | set(data["article"]) | {"metadata"}
    for key in ("entities", "actors", "quotes"):
        fields |= set(data[key][0])
    for name in fields:
        assert f"`{name}`" in doc, f"{name} is not documented"
