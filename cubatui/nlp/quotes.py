"""Where the claims are: quotation marks, speech-verb cues and their reported clauses.

Produces ``ClaimDraft``s: a content span, a kind, the cue token (if any) and the
token the attribution names as speaker (if any). Who that speaker *is* is a
question for speakers.py and actors.py.

Order of the rules, each one seeing what the earlier ones claimed:
1. quotation spans per paragraph (straight or curly marks; an unclosed quote ends
   with its paragraph, as news style does for quotes running over paragraphs);
2. reported speech: a cue verb and its clausal complement (or to-infinitive, or
   object for verbs like "note"), content first or last; a quotation inside the
   reported clause makes it ONE ``mixed`` claim; a clause that is all quotation is
   left to rule 3 with that cue;
3. direct quotes: a quotation that stands alone (starts a paragraph, follows
   punctuation or a cue) gets a name after a closing dash (``"…" — Jane Roe``), else
   the nearest cue in its sentence, else ``According to X, "…"``, else a
   ``Speaker: "…"`` colon, else a colon ending the previous paragraph, else
   continues the previous claim's speaker;
4. a quoted fragment in the object of a framing verb (``called the plan "a
   disaster"``) is one mixed claim of the verb's subject; other fragments are the
   writer's scare quotes, not claims;
5. ``according to X`` gives the rest of its sentence to X when nothing else did.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from cubatui.model import Span
from cubatui.nlp.cues import Lexicon, cue_lemma

OPENERS = "“„‟«"
CLOSERS = "”»"
STRAIGHT = '"'
# Punctuation after which a quotation starts a new utterance rather than a fragment.
UTTERANCE_LEAD = ":,;.!?—–-("
# A quotation covering this much of a reported clause is the claim itself (direct).
DIRECT_COVERAGE = 0.85
FIRST_PERSON = {"i", "we", "you"}
CONTENT_DEPS = ("ccomp",)


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


# ------------------------------------------------------------ quotation marks ---
def find_quote_spans(text: str, paragraphs) -> list[QuoteSpan]:
    """Quotations per paragraph. Curly marks pair by direction, straight ones (and
    the two-apostrophe mark some archives use) by alternation."""
    spans: list[QuoteSpan] = []
    for pi, para in enumerate(paragraphs):
        open_at: int | None = None
        open_width = 1
        i = para.start
        while i < para.end:
            c = text[i]
            width = 2 if text.startswith("''", i) else 1
            straight = c == STRAIGHT or width == 2
            if open_at is None:
                stray_closer = c in CLOSERS and (i == para.start or not text[i - 1].isalnum())
                if c in OPENERS or straight or stray_closer:
                    open_at, open_width = i, width
            elif c in CLOSERS or straight:
                _add_span(spans, text, open_at, open_width, i, i, pi)
                open_at = None
            elif c in OPENERS:  # an opener inside an open quote: the earlier one was stray
                open_at, open_width = i, 1
            i += width
        if open_at is not None:
            _add_span(spans, text, open_at, open_width, para.end, None, pi)
    return spans


def _add_span(spans, text, open_at, width, end, close, paragraph) -> None:
    start = open_at + width
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(QuoteSpan(open_at, start, end, close, paragraph, width))


# ------------------------------------------------------------------- helpers ---
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


# ----------------------------------------------------------- reported speech ---
def reported_content(verb, lex: Lexicon) -> tuple[tuple[int, int], tuple[int, int], str] | None:
    """(token range of the claim, token range of the cue words, rule) for a cue verb."""
    lemma = cue_lemma(verb)
    children = list(verb.children)
    comps = [c for c in children if c.dep_ in CONTENT_DEPS and c.i != verb.i]
    if any(c.i > verb.i for c in comps):
        # "… set off a row: Republicans said they …": a clause before the cue that also
        # hangs on it is the writer's, when the cue has its own complement after it
        comps = [c for c in comps if c.i > verb.i]
    # "said the rules were unfair, and its president warned that …": a second
    # complement that reports speech itself is another claim, not more of this one
    nested = [c for c in comps[1:] if lex.is_cue(c) and any(g.dep_ == "ccomp" for g in c.children)]
    if nested:
        comps = [c for c in comps if c.i < nested[0].i]
    if comps:
        return subtree_range(comps), (verb.i, verb.i), "clausal complement"
    if lemma in lex.infinitive:
        xcomps = [c for c in children if c.dep_ == "xcomp" and c.i > verb.i
                  and any(g.lower_ == "to" for g in c.children)]
        if xcomps:
            objs = [c for c in children if c.dep_ in ("dobj", "iobj") and c.i < xcomps[0].i]
            lo, hi = subtree_range(xcomps)
            if objs:  # the addressee belongs to the claim: "urged Washington to act"
                lo = min(lo, objs[0].left_edge.i)
            return (lo, hi), (verb.i, verb.i), "to-infinitive"
    for c in children:
        if c.dep_ == "prep" and c.i > verb.i and ((lemma, c.lower_) in lex.phrasal
                                                  or lemma in lex.object and c.lower_ in lex.prepositions):
            pobjs = [g for g in c.children if g.dep_ == "pobj"]
            if pobjs and c.i == verb.i + 1 + _particles(verb):
                lo, hi = subtree_range(pobjs)
                # "called on the council to act": the infinitive belongs to the claim
                for x in children:
                    if x.dep_ == "xcomp" and x.i > hi:
                        hi = max(hi, x.right_edge.i)
                return (lo, hi), (verb.i, c.i), "prepositional object"
    if lemma in lex.object:
        objs = [c for c in children if c.dep_ == "dobj" and c.i > verb.i and c.pos_ in ("NOUN", "PROPN")]
        if objs and objs[0].n_lefts + objs[0].n_rights > 0:  # "noted an increase in …", not "noted it"
            return subtree_range(objs[:1]), (verb.i, verb.i), "object"
    return None


def _particles(verb) -> int:
    return sum(1 for c in verb.children if c.dep_ in ("prt", "advmod") and verb.i < c.i <= verb.i + 2)


def content_first(verb) -> tuple[int, int] | None:
    """'X happened, the source added': the parser hangs the cue under the clause it
    reports; the claim is the head clause up to the cue's comma."""
    head = verb.head
    if head is verb or verb.i < head.i or verb.dep_ not in ("ccomp", "parataxis", "conj", "advcl"):
        return None
    if not any(c.dep_ in ("nsubj",) for c in verb.children):
        return None
    if any(c.dep_ in CONTENT_DEPS for c in verb.children):
        return None
    left = verb.left_edge.i
    if left == 0 or not (verb.doc[left - 1].text in ",—–" or verb.doc[left].text in ",—–"):
        return None
    lo = head.left_edge.i
    hi = left - 1
    # stop at the head clause's own attribution: never reach back before the sentence
    lo = max(lo, verb.sent.start)
    return (lo, hi) if hi > lo else None


def find_reported(doc, lex: Lexicon, quotes: list[QuoteSpan], text: str, paragraphs):
    drafts: list[ClaimDraft] = []
    quote_cues: dict[QuoteSpan, ClaimDraft] = {}
    for verb in doc:
        if not (lex.is_cue(verb) or lex.is_phrasal_head(verb) or cue_lemma(verb) in lex.object):
            continue
        if inside(verb.idx, quotes):
            continue  # reported speech inside a quotation is part of that quotation
        lemma = cue_lemma(verb)
        if is_passive(verb) and lemma not in ("quote",):
            continue
        if verb.dep_ in ("amod", "compound"):
            continue
        if verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not any(
                c.dep_ in ("nsubj", "aux") for c in verb.children):
            continue  # "(when) asked whether …": the question was put to someone, not said by them
        found = reported_content(verb, lex)
        rule = found[2] if found else ""
        if not lex.is_cue(verb) and rule not in ("prepositional object", "object"):
            continue  # "call", "cite": cues only with their (prepositional) object
        if found:
            (lo, hi), (c0, c1) = found[0], found[1]
        else:
            rng = content_first(verb)
            if rng is None:
                continue
            (lo, hi), (c0, c1), rule = rng, (verb.i, verb.i), "clause before the cue"
        if lex.is_weak(verb):
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.lower_ in FIRST_PERSON or subj.lower_ == "it":
                continue
        # the parser sometimes runs a clause over a paragraph break: keep the cue's paragraph
        para = paragraphs[_para_of(verb.idx, paragraphs)]
        while lo < hi and doc[lo].idx < para.start:
            lo += 1
        while hi > lo and doc[hi].idx >= para.end:
            hi -= 1
        trimmed = trim_content(doc, lo, hi, text, cue_i=c1)
        if trimmed is None or not _substantial(doc, lo, hi, rule):
            continue
        start, end = trimmed
        cue_span = (doc[c0].idx, doc[c1].idx + len(doc[c1].text))
        draft = ClaimDraft("indirect", start, end, cue=cue_span, cue_token=verb, speaker_token=None,
                           how=f"{rule} of '{text[cue_span[0]:cue_span[1]]}'")
        # quotations in the reported clause: all of it (direct) or part of it (mixed)
        inner = [q for q in quotes if q.start < end and start < q.end]
        if inner:
            quoted = sum(min(q.end, end) - max(q.start, start) for q in inner)
            if quoted >= DIRECT_COVERAGE * (end - start) and len(inner) == 1:
                quote_cues.setdefault(inner[0], draft)
                continue
            # a clause that crosses a quotation mark is the parser cutting a direct quote
            # short: the quote is the claim and this verb its cue
            crossing = [q for q in inner if q.start < start or q.end > end]
            if crossing and quoted >= 0.5 * (end - start) and not inside(verb.idx, quotes):
                for q in crossing:
                    quote_cues.setdefault(q, draft)
                continue
            draft.kind = "mixed"
            draft.inner_quotes = inner
            # keep the closing mark the parser hung elsewhere: 'was "rigged."'
            for q in inner:
                if q.close is not None and q.open >= draft.start and q.end <= q.close and draft.end <= q.close:
                    draft.end = q.after
        drafts.append(draft)
    _cut_nested_attributions(doc, drafts, lex, text)
    return drafts, quote_cues


def _writer_aside(clause) -> bool:
    """'…, though he did not say how': a concessive clause about the speaker (he/she)
    is the writer's remark, not part of what was said."""
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    subjects = {c.lower_ for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")}
    return bool(marks & {"though", "although"}) and bool(subjects & {"he", "she"})


# A "complement" opening with these is a time or cause clause the parser misattached
# ("said … before he died"), not what was said.
ADVERBIAL_MARKS = {"before", "after", "when", "while", "until", "since", "as", "because", "once"}


def _substantial(doc, lo: int, hi: int, rule: str) -> bool:
    """Enough words to be a statement: two for a clause or object, three for a
    to-infinitive ("to cap" alone is a parse fragment)."""
    words = [t for t in doc[lo:hi + 1] if not t.is_punct and not t.is_space]
    if not words or words[0].lower_ in ADVERBIAL_MARKS and words[0].dep_ in ("mark", "advmod"):
        return False
    return len(words) >= (3 if rule == "to-infinitive" else 2)


def _cut_nested_attributions(doc, drafts: list[ClaimDraft], lex: Lexicon, text: str) -> None:
    """A reported clause ends where another attribution hangs on it: "there is no
    dialogue, though he acknowledged that …", "warned of cases … and noted …",
    "…, according to the minister"."""
    tokens = TokenIndex(doc)
    cue_tokens = {d.cue_token.i for d in drafts if d.cue_token is not None}
    for a in drafts:
        first = tokens.at(a.start)
        last = tokens.at(a.end - 1)
        cut = None
        for tok in doc[first.i + 1:last.i + 1]:
            starts_clause = None
            if tok is not a.cue_token and tok.dep_ in ("advcl", "conj", "parataxis") \
                    and (tok.i in cue_tokens or lex.is_cue(tok) and not is_passive(tok)) \
                    and first.i <= tok.head.i <= last.i:
                starts_clause = tok.left_edge.i
                prev = doc[starts_clause - 1] if starts_clause > 0 else None
                if prev is not None and prev.dep_ == "cc" and prev.head is tok.head:
                    starts_clause -= 1
            elif tok.dep_ == "advcl" and first.i <= tok.head.i <= last.i and _writer_aside(tok):
                starts_clause = tok.left_edge.i
            elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to" \
                    and tok.subtree is not None and max(t.i for t in tok.subtree) >= last.i - 1:
                starts_clause = tok.i
            if starts_clause is not None and starts_clause > first.i:
                cut = starts_clause if cut is None else min(cut, starts_clause)
        if cut is not None:
            trimmed = trim_content(doc, first.i, cut - 1, text)
            if trimmed is not None:
                a.start, a.end = trimmed
                a.inner_quotes = [q for q in a.inner_quotes if q.start < a.end and a.start < q.end]
                if a.kind == "mixed" and not a.inner_quotes:
                    a.kind = "indirect"


# ------------------------------------------------------------- direct quotes ---
def is_utterance(q: QuoteSpan, text: str, para_start: int, lex: Lexicon, tokens: TokenIndex) -> bool:
    """Does the quotation stand alone (a speaker's words), not a fragment inside a
    sentence of the writer's?"""
    before = text[para_start:q.open].rstrip()
    if not before or before[-1] in UTTERANCE_LEAD or before[-1] in CLOSERS + STRAIGHT:
        return True
    prev = tokens.at(para_start + len(before) - 1)
    return prev is not None and lex.is_cue(prev)


def cue_for_quote(q: QuoteSpan, doc, lex: Lexicon, quotes: list[QuoteSpan], tokens: TokenIndex,
                  text: str, para: Span):
    """The nearest cue verb in the sentence after the quote (``"…," he said``) or
    before it (``He said: "…"``), outside any quotation and inside the paragraph.
    A colon makes any verb with a subject a cue (``Smith continued: "…"``)."""
    first = tokens.at(q.open)
    last_char = (q.close if q.close is not None else q.end - 1)
    last = tokens.at(last_char)
    after, before = None, None
    # walk tokens, not spaCy sentences: the parser often ends a sentence at ?” or !”
    for tok in doc[last.i + 1:min(len(doc), last.i + 16)]:
        if tok.idx >= para.end or inside(tok.idx, quotes) or tok.text in OPENERS:
            break
        if lex.is_cue(tok) and not is_passive(tok) and not lex.is_weak(tok):
            after = tok
            break
        if tok.text in (".", "!", "?", ";"):
            break
    lead = text[para.start:q.open].rstrip()[-1:]
    colon_verb = None
    for tok in reversed(doc[max(0, first.i - 14):first.i]):
        if tok.idx < para.start or inside(tok.idx, quotes) or tok.text in CLOSERS or tok.text == STRAIGHT:
            break
        if tok.text in (".", "!", "?", ";") and tok.i < first.i - 1:
            break
        if lex.is_cue(tok) and not is_passive(tok) and not lex.is_weak(tok):
            before = tok
            break
        if lead == ":" and colon_verb is None and tok.pos_ == "VERB" \
                and any(c.dep_ == "nsubj" for c in tok.children):
            colon_verb = tok
    if before is None and colon_verb is not None and after is None:
        return colon_verb, "before the colon that opens the quote"
    inner = text[q.start:q.end].rstrip()
    ends_open = inner[-1:] in ",?!—–-" or not q.closed
    if after is not None and (ends_open or before is None):
        return after, "after the quote"
    if before is not None and (lead in ":,." or after is None):
        return before, "before the quote"
    return after or before, "after the quote" if after is not None else "before the quote"


DASHES = "—―–-"


def dash_speaker(q: QuoteSpan, doc, tokens: TokenIndex, text: str, para: Span):
    """``"…" — Jane Roe`` closing a paragraph: the name after the dash speaks."""
    if q.close is None:
        return None
    tail = text[q.after:para.end]
    stripped = tail.strip()
    if not stripped or stripped[0] not in DASHES:
        return None
    name = stripped.lstrip(DASHES).strip().rstrip(".")
    if not name or len(name.split()) > 6:
        return None
    start = q.after + tail.index(name)
    span = doc.char_span(start, start + len(name), alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    head = next((t for t in reversed(span) if t.pos_ in ("PROPN", "NOUN")), None)
    if head is None:
        return None
    return head, (span.start_char, span.end_char)


def according_source(q: QuoteSpan, doc, lex: Lexicon, tokens: TokenIndex, text: str, para: Span):
    """``According to X, "…"``: X speaks."""
    first = tokens.at(q.open)
    for tok in reversed(list(first.sent)):
        if tok.idx >= q.open:
            continue
        if tok.idx < para.start:
            break
        for phrase in lex.according:
            n = len(phrase)
            if tuple(t.lower_ for t in doc[tok.i:tok.i + n]) == phrase:
                last = doc[tok.i + n - 1]
                objs = [c for c in last.children if c.dep_ == "pobj"] or \
                       [c for c in tok.children if c.dep_ == "pobj"]
                if objs and objs[0].right_edge.i < first.i:
                    return tok, doc[tok.i + n - 1], objs[0]
    return None


def previous_paragraph_colon(q: QuoteSpan, doc, tokens: TokenIndex, text: str, paragraphs):
    """A paragraph that is only a quotation, after a paragraph ending with a colon
    (``Smith added:``): the verb before that colon is the cue."""
    para = paragraphs[q.paragraph]
    if q.paragraph == 0 or q.open != para.start:
        return None
    prev = paragraphs[q.paragraph - 1]
    if not text[prev.start:prev.end].rstrip().endswith(":"):
        return None
    colon = tokens.at(prev.end - 1)
    for tok in reversed(list(doc[colon.sent.start:colon.i])):
        if tok.pos_ == "VERB" and any(c.dep_ in ("nsubj",) for c in tok.children):
            return tok
    return None


def colon_speaker(q: QuoteSpan, doc, tokens: TokenIndex, text: str, para_start: int):
    """``The senator: "No comment."`` -> the tokens before the colon, if they hold no verb."""
    before = text[para_start:q.open].rstrip()
    if not before.endswith(":"):
        return None
    colon = tokens.at(para_start + len(before) - 1)
    sent_start = colon.sent.start
    toks = [t for t in doc[sent_start:colon.i] if not t.is_space]
    # the speaker is the last run of tokens after the previous sentence punctuation
    run = []
    for t in reversed(toks):
        if t.is_punct and t.text not in "-’'.":
            break
        run.append(t)
    run.reverse()
    if not run or len(run) > 8 or any(t.pos_ in ("VERB", "AUX") for t in run):
        return None
    head = next((t for t in reversed(run) if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
    if head is None:
        return None
    return head, (run[0].idx, run[-1].idx + len(run[-1].text))


# ------------------------------------------------------------ framed labels ---
def find_framed(doc, lex: Lexicon, fragments: list[QuoteSpan], quotes, tokens: TokenIndex,
                text: str) -> list[ClaimDraft]:
    """'Smith called the plan "a disaster"': a quoted fragment in the object of a
    framing verb makes the verb's object one mixed claim of its subject."""
    by_verb: dict[int, list[QuoteSpan]] = {}
    for q in fragments:
        inner = [t for t in doc[tokens.at(q.start).i:tokens.at(q.end - 1).i + 1]]
        if not inner:
            continue
        roots = [t for t in inner if not (q.start <= t.head.idx < q.end) or t.head is t]
        if not roots:
            continue
        verb = None
        for anc in [roots[0]] + list(roots[0].ancestors):
            if anc.pos_ in ("VERB", "AUX") and not (q.start <= anc.idx < q.end):
                verb = anc
                break
        if verb is None or cue_lemma(verb) not in lex.framing or inside(verb.idx, quotes):
            continue
        if roots[0].i < verb.i or is_passive(verb) or verb.tag_ == "VBN" and verb.dep_ == "acl":
            continue  # 'a box labeled "urgent"' is a passive label, nobody's claim
        by_verb.setdefault(verb.i, []).append(q)
    drafts = []
    for vi, qs in by_verb.items():
        verb = doc[vi]
        right = [c for c in verb.rights if c.dep_ in ("dobj", "oprd", "prep", "attr", "dative", "ccomp",
                                                      "xcomp", "acomp", "npadvmod", "advcl", "pobj")]
        if not right:
            continue
        lo = right[0].left_edge.i
        hi = max(t.right_edge.i for t in right)
        hi = max(hi, max(tokens.at(q.close if q.close is not None else q.end - 1).i for q in qs))
        trimmed = trim_content(doc, lo, hi, text)
        if trimmed is None:
            continue
        d = ClaimDraft("mixed", trimmed[0], trimmed[1], cue=(verb.idx, verb.idx + len(verb.text)),
                       cue_token=verb, how=f"quoted words framed by '{verb.text}'")
        d.inner_quotes = qs
        drafts.append(d)
    return drafts


# ----------------------------------------------------------- according to X ---
def find_according(doc, lex: Lexicon, taken: list[ClaimDraft], quotes, text: str) -> list[ClaimDraft]:
    drafts = []
    for tok in doc:
        for phrase in lex.according:
            n = len(phrase)
            if tok.i + n > len(doc) or tuple(t.lower_ for t in doc[tok.i:tok.i + n]) != phrase:
                continue
            if inside(tok.idx, quotes):
                continue
            last = doc[tok.i + n - 1]
            objs = [c for c in last.children if c.dep_ == "pobj"] or \
                   [c for c in tok.children if c.dep_ == "pobj"]
            if not objs:
                continue
            source = objs[0]
            sent = tok.sent
            if any(sent.start_char <= d.start < sent.end_char or sent.start_char < d.end <= sent.end_char
                   for d in taken):
                continue
            phrase_lo = tok.i
            phrase_hi = max(source.right_edge.i, last.i)
            if phrase_lo - sent.start <= 1:
                lo, hi = phrase_hi + 1, sent.end - 1
            elif sent.end - 1 - phrase_hi <= 1:
                lo, hi = sent.start, phrase_lo - 1
            else:
                # mid-sentence: the clause before the phrase carries the claim
                lo, hi = sent.start, phrase_lo - 1
            trimmed = trim_content(doc, lo, hi, text)
            if trimmed is None:
                continue
            cue_span = (tok.idx, last.idx + len(last.text))
            drafts.append(ClaimDraft("indirect", trimmed[0], trimmed[1], cue=cue_span, cue_token=tok,
                                     speaker_token=source, how=f"source of '{text[cue_span[0]:cue_span[1]]}'"))
    return drafts


# ------------------------------------------------------------------ together ---
def find_claims(doc, paragraphs, lex: Lexicon) -> list[ClaimDraft]:
    text = doc.text
    quotes = find_quote_spans(text, paragraphs)
    tokens = TokenIndex(doc)
    reported, quote_cues = find_reported(doc, lex, quotes, text, paragraphs)
    consumed = {q for d in reported if d.kind == "mixed" for q in d.inner_quotes}

    direct: list[ClaimDraft] = []
    for q in quotes:
        if q in consumed:
            continue
        para_start = paragraphs[q.paragraph].start
        via = quote_cues.get(q)
        if via is None and not is_utterance(q, text, para_start, lex, tokens):
            continue
        d = ClaimDraft("direct", q.start, q.end, quote=q)
        if via is not None:
            d.cue, d.cue_token, d.how = via.cue, via.cue_token, f"quote is the {via.how}"
        else:
            _attribute_direct(d, q, doc, lex, quotes, tokens, paragraphs)
        direct.append(d)

    direct += find_framed(doc, lex, [q for q in quotes if q not in consumed
                                     and not any(d.quote is q for d in direct)], quotes, tokens, text)
    # drop reported claims that sit inside a direct quote (the quote already holds them)
    kept = [r for r in reported
            if not any(d.start <= r.start and r.end <= d.end for d in direct)]
    claims = kept + direct
    claims += find_according(doc, lex, claims, quotes, text)
    claims.sort(key=lambda c: (c.start, c.end))
    claims = _dedupe(claims)
    _link_continuations(claims, quotes, paragraphs)
    return _drop_orphan_snippets(claims, text)


def _attribute_direct(d: ClaimDraft, q: QuoteSpan, doc, lex: Lexicon, quotes, tokens: TokenIndex,
                      paragraphs) -> None:
    """Who a stand-alone quotation belongs to, by the first rule that applies: a name
    after a closing dash, a cue beside it, "according to X", "Speaker:", a colon
    ending the previous paragraph. Otherwise it may continue the previous claim."""
    text = doc.text
    para = paragraphs[q.paragraph]
    cue, where = cue_for_quote(q, doc, lex, quotes, tokens, text, para)
    if cue is None or where == "before the quote":
        dash = dash_speaker(q, doc, tokens, text, para)
        if dash is not None:
            d.speaker_token, d.speaker_span = dash
            d.how = "named after a dash that closes the quote"
            return
    if cue is not None:
        d.cue, d.cue_token, d.how = (cue.idx, cue.idx + len(cue.text)), cue, f"'{cue.text}' {where}"
        return
    according = according_source(q, doc, lex, tokens, text, para)
    if according is not None:
        tok, last, source = according
        d.cue, d.cue_token, d.speaker_token = (tok.idx, last.idx + len(last.text)), tok, source
        d.how = f"source of '{text[d.cue[0]:d.cue[1]]}' before the quote"
        return
    colon = colon_speaker(q, doc, tokens, text, para.start)
    if colon is not None:
        d.speaker_token, d.speaker_span = colon
        d.how = "named before a colon"
        return
    intro = previous_paragraph_colon(q, doc, tokens, text, paragraphs)
    if intro is not None:
        d.cue, d.cue_token = (intro.idx, intro.idx + len(intro.text)), intro
        d.how = f"'{intro.text}' with a colon ending the previous paragraph"


def _drop_orphan_snippets(claims: list[ClaimDraft], text: str) -> list[ClaimDraft]:
    """A short quotation with no cue, no speaker and no one to continue is a title or
    a scare quote ("13th", "(CROSSTALK.)"), not a claim."""
    def orphan(c: ClaimDraft) -> bool:
        return (c.kind == "direct" and c.cue is None and c.speaker_token is None and c.continues is None
                and len(text[c.start:c.end].split()) < 4)

    kept = [i for i, c in enumerate(claims) if not orphan(c)]
    new_index = {old: new for new, old in enumerate(kept)}
    out = []
    for i in kept:
        c = claims[i]
        if c.continues is not None:
            c.continues = new_index.get(c.continues)
        out.append(c)
    return out


def _dedupe(claims: list[ClaimDraft]) -> list[ClaimDraft]:
    """Two cues reporting the same clause ("said and added that …") give one claim."""
    out: list[ClaimDraft] = []
    for c in claims:
        dup = next((o for o in out if _jaccard(o, c) >= 0.8), None)
        if dup is None:
            out.append(c)
        elif dup.cue is None and c.cue is not None:
            out[out.index(dup)] = c
    return out


def _jaccard(a: ClaimDraft, b: ClaimDraft) -> float:
    inter = max(0, min(a.end, b.end) - max(a.start, b.start))
    union = max(a.end, b.end) - min(a.start, b.start)
    return inter / union if union else 0.0


def _link_continuations(claims: list[ClaimDraft], quotes, paragraphs) -> None:
    """A direct quote with no cue continues the speaker of the previous claim in its
    paragraph, or of the previous paragraph's last claim when its paragraph is only
    that quotation (or the previous paragraph's quote ran on unclosed)."""
    for i, c in enumerate(claims):
        if c.kind != "direct" or c.cue is not None or c.speaker_token is not None:
            continue
        para = c.quote.paragraph
        if i == 0:
            continue
        p_para = _para_of(claims[i - 1].start, paragraphs)
        opens_paragraph = c.quote.open == paragraphs[para].start
        if p_para == para or (p_para == para - 1 and opens_paragraph):
            c.continues = i - 1


def _para_of(offset: int, paragraphs) -> int:
    for i, p in enumerate(paragraphs):
        if p.start <= offset < p.end:
            return i
    return len(paragraphs) - 1
