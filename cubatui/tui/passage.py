"""Passages a reader can select without a mouse (sentences), and mouse selections
mapped back to article offsets. Pure functions: the article view and the notes
features both use them."""

from __future__ import annotations

import re

from textual.selection import Selection

from cubatui.model import Span

# A sentence ends at . ! ? or … (with any closing quotes or brackets) before a space,
# or at a line end. Abbreviations ("Mr. Smith") split too early; V extends the passage.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)|\n")


def sentence_from(text: str, offset: int) -> Span | None:
    """The first sentence that starts at or after ``offset`` (skipping blanks)."""
    start = offset
    while start < len(text) and text[start].isspace():
        start += 1
    if start >= len(text):
        return None
    end_match = _SENTENCE_END.search(text, start)
    end = end_match.end() if end_match else len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def sentence_at(text: str, offset: int) -> Span | None:
    """The sentence holding ``offset``: it starts after the last sentence end before it."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() > offset:
            break
        start = match.end()
    return sentence_from(text, start)


def _line_offset(lines: list[str], y: int, x: int) -> int:
    """The character offset of (line ``y``, column ``x``) in the text made of ``lines``."""
    y = max(0, min(y, len(lines) - 1))
    return sum(len(line) + 1 for line in lines[:y]) + max(0, min(x, len(lines[y])))


def selection_span(paragraph: Span, shown: str, selection: Selection) -> Span | None:
    """Map a Textual text selection inside one paragraph widget to article offsets.

    ``shown`` is the paragraph text as drawn (same length as the article text there).
    Textual records selections in the coordinates of the unwrapped text: line and
    column. The result is checked against what Textual itself extracts; when they
    disagree (e.g. wide characters counted in cells) the extracted text is looked up
    in the paragraph instead, nearest to where the selection started."""
    lines = shown.split("\n")
    lo = 0 if selection.start is None else _line_offset(lines, selection.start.y, selection.start.x)
    hi = len(shown) if selection.end is None else _line_offset(lines, selection.end.y, selection.end.x)
    extracted = selection.extract(shown)
    if shown[lo:hi] != extracted and extracted.strip():
        found = [m.start() for m in re.finditer(re.escape(extracted), shown)]
        if not found:
            return None
        lo = min(found, key=lambda at: abs(at - lo))
        hi = lo + len(extracted)
    # Trim blanks at the edges: a drag often starts or ends in the space between words.
    while lo < hi and shown[lo].isspace():
        lo += 1
    while hi > lo and shown[hi - 1].isspace():
        hi -= 1
    if lo >= hi:
        return None
    return Span(paragraph.start + lo, paragraph.start + hi)
