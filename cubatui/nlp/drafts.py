"""The shapes the claim finders share: quotation spans, claim drafts, and token helpers.

No spaCy import: these work on the Doc/Token objects they are given.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

OPENERS = "“„‟«"
CLOSERS = "”»"
STRAIGHT = '"'


@dataclass(frozen=True)
class QuoteSpan:
    """The content between quotation marks; ``closed`` is False when the quotation
    runs to the end of its paragraph (and, by convention, into the next)."""

    open: int
    start: int
    end: int
    close: int | None
    paragraph: int
    width: int = 1  # length of the marks: 2 for the two-apostrophe mark

    @property
    def closed(self) -> bool:
        return self.close is not None

    @property
    def after(self) -> int:
        """Offset just past the closing mark (the content end when unclosed)."""
        return self.close + self.width if self.close is not None else self.end


@dataclass
class ClaimDraft:
    kind: str
    start: int
    end: int
    cue: tuple[int, int] | None = None          # char span of the cue words
    cue_token: object | None = None              # spaCy Token of the cue verb
    speaker_token: object | None = None          # head token of the speaker mention
    speaker_span: tuple[int, int] | None = None  # explicit speaker span (colon, according to)
    how: str = ""                                # how the cue/speaker were found
    continues: int | None = None                 # index of the claim whose speaker continues
    quote: QuoteSpan | None = None               # the quotation of a direct claim
    inner_quotes: list[QuoteSpan] = field(default_factory=list)  # quoted words of a mixed claim


class TokenIndex:
    """Find the token at a character offset."""

    def __init__(self, doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, offset: int):
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.doc[max(i, 0)] if len(self.doc) else None


def trim_content(doc, first: int, last: int, text: str, cue_i: int | None = None) -> tuple[int, int] | None:
    """Char span of tokens first..last without edge punctuation, a leading 'that'
    or a leading conjunction; None when nothing is left. A 'that' right after the
    cue is a complementizer even when the parser calls it a determiner."""
    def leading_word(tok) -> bool:
        if tok.lower_ in ("that", "and", "but") and tok.dep_ in ("mark", "cc"):
            return True
        return tok.lower_ == "that" and cue_i is not None and tok.i == cue_i + 1

    while first <= last and (doc[first].is_punct or doc[first].is_space or leading_word(doc[first])):
        if doc[first].text in OPENERS or doc[first].text == STRAIGHT:
            break  # an opening quotation mark belongs to a content that starts quoted
        first += 1
    while last >= first and (doc[last].is_punct or doc[last].is_space):
        if doc[last].text in CLOSERS or doc[last].text == STRAIGHT:
            break
        last -= 1
    if last < first:
        return None
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def is_passive(verb) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def subtree_range(tokens) -> tuple[int, int]:
    return min(t.left_edge.i for t in tokens), max(t.right_edge.i for t in tokens)


def inside(offset: int, spans: list[QuoteSpan]) -> QuoteSpan | None:
    for q in spans:
        if q.start <= offset < q.end:
            return q
    return None


def para_of(offset: int, paragraphs) -> int:
    for i, p in enumerate(paragraphs):
        if p.start <= offset < p.end:
            return i
    return len(paragraphs) - 1
