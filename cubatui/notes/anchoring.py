"""Placing a note in an article text, and finding its place again after the text changed.

Like Hypothesis: the stored position is tried first, then the same quote elsewhere
(the occurrence whose context matches best, then the nearest), then a fuzzy search
scored on quote, prefix, suffix and distance. A note that scores too low is an orphan.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from cubatui.notes.model import AnchoredNote, Note, TextPositionSelector, TextQuoteSelector

CONTEXT_CHARS = 32
SEED_CHARS = 12          # length of the text pieces used to find fuzzy candidates
MAX_SEED_HITS = 40       # a piece found more often than this is too common to help
MAX_CANDIDATES = 60
# Weights as in Hypothesis' fuzzy anchoring: the quote matters most, context next.
W_QUOTE, W_PREFIX, W_SUFFIX, W_POSITION = 50.0, 20.0, 20.0, 2.0
MIN_QUOTE_SIMILARITY = 0.6
MIN_SCORE = 0.5


def make_selectors(text: str, start: int, end: int,
                   context: int = CONTEXT_CHARS) -> tuple[TextQuoteSelector, TextPositionSelector]:
    if not (0 <= start < end <= len(text)):
        raise ValueError(f"no text to anchor a note to at [{start}, {end}) (text has {len(text)} characters)")
    quote = TextQuoteSelector(exact=text[start:end], prefix=text[max(0, start - context):start],
                              suffix=text[end:end + context])
    return quote, TextPositionSelector(start, end)


def reanchor(text: str, note: Note) -> AnchoredNote:
    exact, old = note.quote.exact, note.position
    if exact and text[old.start:old.end] == exact:
        return AnchoredNote(note, old.start, old.end, "exact")
    if not exact:
        return _orphan(note)
    hits = _occurrences(text, exact)
    if hits:
        best = max(hits, key=lambda s: (_context_chars(text, s, s + len(exact), note.quote),
                                        -abs(s - old.start)))
        return AnchoredNote(note, best, best + len(exact), "moved")
    found = _fuzzy(text, note)
    return found if found is not None else _orphan(note)


def _orphan(note: Note) -> AnchoredNote:
    return AnchoredNote(note, note.position.start, note.position.end, "orphan")


def _occurrences(text: str, needle: str, limit: int | None = None) -> list[int]:
    hits, i = [], text.find(needle)
    while i >= 0:
        hits.append(i)
        if limit is not None and len(hits) > limit:
            break
        i = text.find(needle, i + 1)
    return hits


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_head(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _context_chars(text: str, start: int, end: int, quote: TextQuoteSelector) -> int:
    """How many characters of the stored prefix and suffix still surround [start, end)."""
    before = text[max(0, start - len(quote.prefix)):start]
    after = text[end:end + len(quote.suffix)]
    return _common_tail(quote.prefix, before) + _common_head(quote.suffix, after)


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _candidate_starts(text: str, note: Note) -> list[int]:
    """Rough start offsets where the quote may now begin, most supported first.

    Pieces of the quote, the end of the prefix and the start of the suffix that are
    still in the text each vote for a start; nearby votes are merged."""
    exact, quote = note.quote.exact, note.quote
    votes: dict[int, int] = {}

    def vote(start: int) -> None:
        if -len(exact) < start < len(text):
            votes[start] = votes.get(start, 0) + 1

    piece = min(SEED_CHARS, len(exact))
    step = max(1, piece // 2)
    for offset in range(0, max(1, len(exact) - piece + 1), step):
        seed = exact[offset:offset + piece]
        hits = _occurrences(text, seed, MAX_SEED_HITS)
        if len(hits) <= MAX_SEED_HITS:
            for hit in hits:
                vote(hit - offset)
    tail = quote.prefix[-SEED_CHARS:]
    if len(tail) >= 4:
        hits = _occurrences(text, tail, MAX_SEED_HITS)
        if len(hits) <= MAX_SEED_HITS:
            for hit in hits:
                vote(hit + len(tail))
    head = quote.suffix[:SEED_CHARS]
    if len(head) >= 4:
        hits = _occurrences(text, head, MAX_SEED_HITS)
        if len(hits) <= MAX_SEED_HITS:
            for hit in hits:
                vote(hit - len(exact))
    vote(min(note.position.start, max(0, len(text) - 1)))

    # Merge votes that fall within a few characters of each other.
    merge = max(4, len(exact) // 8)
    clusters: list[list[int]] = []  # [start, votes]
    for start in sorted(votes):
        if clusters and start - clusters[-1][0] <= merge:
            clusters[-1][1] += votes[start]
        else:
            clusters.append([start, votes[start]])
    old = note.position.start
    clusters.sort(key=lambda c: (-c[1], abs(c[0] - old)))
    return [max(0, c[0]) for c in clusters[:MAX_CANDIDATES]]


def _align(text: str, exact: str, rough_start: int) -> list[tuple[int, int]]:
    """Spans near ``rough_start`` that may hold the edited quote: the stretch
    covered by matching blocks, and that stretch widened by the quote's unmatched ends."""
    slack = max(8, len(exact) // 3)
    lo = max(0, rough_start - slack)
    region = text[lo:rough_start + len(exact) + slack]
    matcher = SequenceMatcher(None, exact, region, autojunk=False)
    min_block = 3 if len(exact) >= 12 else 1
    blocks = [b for b in matcher.get_matching_blocks() if b.size >= min_block]
    if not blocks:
        return []
    first, last = blocks[0], blocks[-1]
    start, end = lo + first.b, lo + last.b + last.size
    spans = [(start, end)]
    widened = (max(lo, start - first.a), min(lo + len(region), end + len(exact) - (last.a + last.size)))
    if widened != (start, end):
        spans.append(widened)
    return [s for s in spans if s[0] < s[1]]


def _fuzzy(text: str, note: Note) -> AnchoredNote | None:
    quote, old = note.quote, note.position.start
    best: tuple[float, int, int] | None = None
    for rough in _candidate_starts(text, note):
        for start, end in _align(text, quote.exact, rough):
            quote_sim = _similarity(quote.exact, text[start:end])
            if quote_sim < MIN_QUOTE_SIMILARITY:
                continue
            prefix_sim = _similarity(quote.prefix, text[max(0, start - len(quote.prefix)):start])
            suffix_sim = _similarity(quote.suffix, text[end:end + len(quote.suffix)])
            closeness = 1.0 - min(1.0, abs(start - old) / max(1, len(text)))
            score = (W_QUOTE * quote_sim + W_PREFIX * prefix_sim + W_SUFFIX * suffix_sim
                     + W_POSITION * closeness) / (W_QUOTE + W_PREFIX + W_SUFFIX + W_POSITION)
            if score >= MIN_SCORE and (best is None or score > best[0]):
                best = (score, start, end)
    if best is None:
        return None
    return AnchoredNote(note, best[1], best[2], "fuzzy")
