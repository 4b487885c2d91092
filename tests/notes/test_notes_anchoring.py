from __future__ import annotations

import pytest

from cubatui.notes.anchoring import make_selectors, reanchor
from cubatui.notes.model import Note

TEXT = ("The mayor opened the new bridge on Monday. "
        "\u201cThis bridge connects two halves of our city,\u201d she said to a crowd of hundreds. "
        "Critics said the project ran two years late and cost twice the budget.")


def note_on(text: str, quote: str, occurrence: int = 0) -> Note:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    q, p = make_selectors(text, start, start + len(quote))
    return Note(id="n1", article_sha256="x", target_kind="passage", target_label="", speaker=None,
                body="b", tags=(), quote=q, position=p, created="t", modified="t")


def test_selectors_hold_quote_and_32_chars_of_context():
    start = TEXT.index("This bridge")
    q, p = make_selectors(TEXT, start, start + 11)
    assert q.exact == "This bridge"
    assert q.prefix == TEXT[start - 32:start] and len(q.prefix) == 32
    assert q.suffix == TEXT[start + 11:start + 43]
    assert (p.start, p.end) == (start, start + 11)


def test_selectors_at_text_edges_have_short_context():
    q, _ = make_selectors("Hello world", 0, 5)
    assert q.prefix == "" and q.suffix == " world"


@pytest.mark.parametrize("start,end", [(3, 3), (5, 2), (-1, 4), (0, 10_000)])
def test_selectors_refuse_empty_or_outside_ranges(start, end):
    with pytest.raises(ValueError):
        make_selectors(TEXT, start, end)


def test_unchanged_text_anchors_exactly():
    note = note_on(TEXT, "connects two halves")
    placed = reanchor(TEXT, note)
    assert placed.how == "exact" and not placed.orphan
    assert TEXT[placed.start:placed.end] == "connects two halves"


def test_text_inserted_before_moves_the_note():
    note = note_on(TEXT, "cost twice the budget")
    edited = "UPDATE: corrected the date. " + TEXT
    placed = reanchor(edited, note)
    assert placed.how == "moved"
    assert edited[placed.start:placed.end] == "cost twice the budget"


def test_repeated_quote_is_found_by_its_context():
    text = "He said no. Later, asked again, he said no. Then he left."
    note = note_on(text, "said no", occurrence=1)
    # Something inserted before both: the second occurrence (by context) must win,
    # even though the first one is now nearer the old position.
    edited = "x" * 20 + text
    placed = reanchor(edited, note)
    assert placed.how == "moved"
    assert placed.start == edited.index("said no", edited.index("again"))


def test_text_changed_inside_the_quote_is_found_fuzzily():
    quote = "This bridge connects two halves of our city"
    note = note_on(TEXT, quote)
    edited = TEXT.replace("connects two halves", "joins the two halves")
    placed = reanchor(edited, note)
    assert placed.how == "fuzzy"
    found = edited[placed.start:placed.end]
    assert found.startswith("This bridge") and found.endswith("of our city")


def test_fuzzy_match_survives_edits_around_and_inside():
    quote = "Critics said the project ran two years late"
    note = note_on(TEXT, quote)
    edited = ("A new paragraph was added at the top of the story. " + TEXT).replace(
        "ran two years late", "ran almost two years late")
    placed = reanchor(edited, note)
    assert placed.how == "fuzzy"
    assert edited[placed.start:placed.end] == "Critics said the project ran almost two years late"


def test_deleted_quote_becomes_an_orphan_with_its_old_position():
    note = note_on(TEXT, "Critics said the project ran two years late and cost twice the budget.")
    edited = TEXT[:TEXT.index("Critics")] + "The weather was fine and many families came along."
    placed = reanchor(edited, note)
    assert placed.orphan and placed.how == "orphan"
    assert (placed.start, placed.end) == (note.position.start, note.position.end)


def test_orphan_in_an_unrelated_text():
    note = note_on(TEXT, "connects two halves of our city")
    placed = reanchor("Completely different article about fishing quotas in the North Sea.", note)
    assert placed.orphan


def test_typo_fixed_inside_a_short_quote():
    text = "The mayor opened the new brigde on Monday."
    note = note_on(text, "new brigde")
    edited = "Update. " + text.replace("brigde", "bridge")
    placed = reanchor(edited, note)
    assert placed.how == "fuzzy"
    assert edited[placed.start:placed.end] == "new bridge"
