"""Notes a reader attaches to an article: what they wrote, and where it points.

The anchor follows the W3C Web Annotation model: a TextQuoteSelector (the quoted
text with some context either side) and a TextPositionSelector (code-point offsets
into the article text, end-exclusive). The quote lets a note find its place again
after the article text changes; the position says which of several equal quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Literal

TargetKind = Literal["claim", "actor", "passage"]
TARGET_KINDS: tuple[str, ...] = ("claim", "actor", "passage")

AnchorHow = Literal["exact", "moved", "fuzzy", "orphan"]


def utc_now() -> str:
    """Timestamps are ISO 8601 UTC strings: sortable and readable in exports."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_tags(raw: str) -> tuple[str, ...]:
    """Comma-separated tags as typed by a user: trimmed, blanks and repeats dropped."""
    seen: list[str] = []
    for part in raw.split(","):
        tag = part.strip()
        if tag and tag not in seen:
            seen.append(tag)
    return tuple(seen)


@dataclass(frozen=True)
class TextQuoteSelector:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class TextPositionSelector:
    start: int
    end: int


@dataclass(frozen=True)
class Note:
    id: str
    article_sha256: str
    target_kind: str  # one of TARGET_KINDS
    target_label: str
    speaker: str | None
    body: str
    tags: tuple[str, ...]
    quote: TextQuoteSelector
    position: TextPositionSelector
    created: str
    modified: str

    def edited(self, body: str | None = None, tags: tuple[str, ...] | None = None) -> "Note":
        return replace(self, body=self.body if body is None else body,
                       tags=self.tags if tags is None else tuple(tags), modified=utc_now())


@dataclass(frozen=True)
class ArticleRecord:
    """The article a note belongs to, as it was when notes were last taken on it."""

    sha256: str
    source: str
    title: str


@dataclass(frozen=True)
class AnchoredNote:
    """A note placed in a given article text. ``how`` says how its place was found:
    exact (where it was), moved (same quote elsewhere), fuzzy (similar text), orphan
    (nowhere: start/end are the stored position, not a place in this text)."""

    note: Note
    start: int
    end: int
    how: str  # one of AnchorHow

    @property
    def orphan(self) -> bool:
        return self.how == "orphan"


@dataclass(frozen=True)
class NoteDraft:
    """What the note editor returns: the note text and its tags."""

    body: str
    tags: tuple[str, ...] = ()


def notes_in_span(placed: list[AnchoredNote], start: int, end: int) -> list[AnchoredNote]:
    """Anchored (non-orphan) notes overlapping [start, end): the markers of a claim or
    a passage, for the article view and the detail pane."""
    return [p for p in placed if not p.orphan and p.start < end and start < p.end]


def notes_on_target(placed: list[AnchoredNote], target_kind: str, target_label: str) -> list[AnchoredNote]:
    """Notes made on one claim or actor (by the label given when they were made), orphans included."""
    return [p for p in placed if p.note.target_kind == target_kind and p.note.target_label == target_label]
