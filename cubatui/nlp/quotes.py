"""Where the claims are: quotations, and the order in which the claim rules run.

Produces ``ClaimDraft``s: a content span, a kind, the cue token (if any) and the
token the attribution names as speaker (if any). Who that speaker *is* is a
question for speakers.py and actors.py.

1. quotation spans per paragraph (straight, curly or two-apostrophe marks; an
   unclosed quote ends with its paragraph, as news style does for quotes running
   over paragraphs);
2. reported speech (reported.py): a cue verb and what it reports; a quotation
   inside it makes ONE ``mixed`` claim; a clause that is all quotation hands its
   cue to that quotation;
3. direct quotes: a quotation that stands alone (starts a paragraph, follows
   punctuation or a cue) gets a name after a closing dash (``"…" — Jane Roe``), else
   the nearest cue in its sentence, else ``According to X, "…"``, else a
   ``Speaker: "…"`` colon, else a colon ending the previous paragraph, else
   continues the previous claim's speaker;
4. a quoted fragment in the object of a framing verb (``called the plan "a
   disaster"``) is one mixed claim of the verb's subject; other fragments are the
   writer's scare quotes, not claims, and so is a show's title in where it was
   said (``said on CNN's "State of the Union"``);
5. ``according to X`` gives the rest of its sentence to X when nothing else did;
6. no statement, no claim: stage directions (``(CROSSTALK)``), credit lines
   (``― Jane Roe``), contents of filler words only.
"""

from __future__ import annotations

import re

from cubatui.model import Span
from cubatui.nlp.cues import Lexicon, cue_lemma
from cubatui.nlp.drafts import (
    CLOSERS, OPENERS, STRAIGHT, ClaimDraft, QuoteSpan, TokenIndex, inside, is_passive, para_of,
    trim_content,
)
from cubatui.nlp.reported import find_according, find_reported

# Punctuation after which a quotation starts a new utterance rather than a fragment.
UTTERANCE_LEAD = ":,;.!?—–-("

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
            if tok.lower_ == phrase[0] and tuple(t.lower_ for t in doc[tok.i:tok.i + n]) == phrase:
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
                if cue_lemma(anc) in lex.framing or not _subordinate_verb(anc):
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
        if all(c.dep_ in ("prep", "npadvmod") for c in right) and all(_is_title(text[q.start:q.end]) for q in qs):
            continue  # 'said on CNN's "State of the Union"': where it was said, not what
        lo = right[0].left_edge.i
        hi = max(t.right_edge.i for t in right)
        last_mark = max(tokens.at(q.close if q.close is not None else q.end - 1).i for q in qs)
        hi = max(hi, last_mark)
        hi = _label_end(doc, qs, quotes, last_mark, hi, text)
        trimmed = trim_content(doc, lo, hi, text)
        if trimmed is None:
            continue
        d = ClaimDraft("mixed", trimmed[0], trimmed[1], cue=(verb.idx, verb.idx + len(verb.text)),
                       cue_token=verb, how=f"quoted words framed by '{verb.text}'")
        d.inner_quotes = qs
        drafts.append(d)
    return drafts


CLAUSE_BREAKS = {",", ";", "—", "–", "--", "("}


def _label_end(doc, qs: list[QuoteSpan], quotes, last_mark: int, hi: int, text: str) -> int:
    """'called the plan "a disaster," citing the cost': the label ends at the first
    clause break after the quoted words (a comma inside the closing mark counts),
    unless more quoted words follow: 'called him a "liar," a "cheat" and a "fraud."'"""
    if any(doc[last_mark].idx < q.open <= doc[hi].idx for q in quotes):
        return hi
    if text[qs[-1].start:qs[-1].end].rstrip().endswith(","):
        return last_mark
    for t in doc[last_mark + 1:hi + 1]:
        if t.text in CLAUSE_BREAKS:
            return t.i - 1
    return hi


def _subordinate_verb(verb) -> bool:
    """'praised her for helping build "a new economy"': a verb with no subject of its own
    under a preposition or another verb; the framing verb may be further up."""
    return verb.dep_ in ("pcomp", "xcomp") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


TITLE_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "and", "or", "for", "at", "by", "with", "from"}


def _is_title(quoted: str) -> bool:
    """'"State of the Union"': capitalised words, bar the small ones, name a work or a show."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", quoted)]
    capitals = sum(w[:1].isupper() for w in words)
    return capitals >= 2 and all(w[:1].isupper() or w.casefold() in TITLE_SMALL_WORDS for w in words)


# ------------------------------------------------------------------ together ---
def find_claims(doc, paragraphs, lex: Lexicon, text: str | None = None) -> list[ClaimDraft]:
    """All claims of a parsed text; ``text`` is ``doc.text`` (pass it: spaCy rebuilds it)."""
    text = doc.text if text is None else text
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
            _attribute_direct(d, q, doc, text, lex, quotes, tokens, paragraphs)
        direct.append(d)

    direct += find_framed(doc, lex, [q for q in quotes if q not in consumed
                                     and not any(d.quote is q for d in direct)], quotes, tokens, text)
    # drop reported claims that sit inside a direct quote (the quote already holds them)
    kept = [r for r in reported
            if not any(d.start <= r.start and r.end <= d.end for d in direct)]
    kept = _drop_embedded(kept)
    # a quotation with no cue of its own inside a mixed claim is one of its labels:
    # 'called him a "liar," "unstable" and "sick."'
    mixed = [c for c in kept + direct if c.kind == "mixed"]
    direct = [d for d in direct if not (d.kind == "direct" and d.cue is None and d.speaker_token is None
                                        and any(m.start <= d.start and d.end <= m.end for m in mixed))]
    claims = kept + direct
    claims += find_according(doc, lex, claims, quotes, text)
    claims.sort(key=lambda c: (c.start, c.end))
    claims = [c for c in _dedupe(claims) if not _not_a_claim(c, text, tokens)]
    _link_continuations(claims, quotes, paragraphs)
    return _drop_orphan_snippets(claims, text)


def _attribute_direct(d: ClaimDraft, q: QuoteSpan, doc, text: str, lex: Lexicon, quotes,
                      tokens: TokenIndex, paragraphs) -> None:
    """Who a stand-alone quotation belongs to, by the first rule that applies: a name
    after a closing dash, a cue beside it, "according to X", "Speaker:", a colon
    ending the previous paragraph. Otherwise it may continue the previous claim."""
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


DASHES = "―—–-"
CONTENT_POS = {"NOUN", "PROPN", "PRON", "VERB", "AUX", "NUM"}


def _not_a_claim(c: ClaimDraft, text: str, tokens: TokenIndex) -> bool:
    """Quoted or reported text that carries no statement: a stage direction of a
    transcript ("(CROSSTALK)", "[Applause]"), a credit line ("― Ana Ruiz"), or a
    content of filler words ("According to X, basically")."""
    words = text[c.start:c.end].strip(" \t\n\"“”‘’'.,;:")
    if not words:
        return True
    if words[0] in "([" and words[-1] in ")]" and words.count("(") + words.count("[") == 1:
        return True
    if c.kind == "direct" and words[0] in DASHES:
        name = words.lstrip(DASHES).split()
        if 1 <= len(name) <= 4 and all(w[:1].isupper() for w in name):
            return True
    if c.kind != "direct":
        first, last = tokens.at(c.start), tokens.at(c.end - 1)
        if first is not None and last is not None and first.i <= last.i:
            span = first.doc[first.i:last.i + 1]
            if not any(t.pos_ in CONTENT_POS for t in span):
                return True
    return False


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


def _drop_embedded(reported: list[ClaimDraft]) -> list[ClaimDraft]:
    """"She said he believes X": the belief is part of what she said, and the reader
    sees it inside her claim; a second claim on a fragment of hers is noise. A cue in
    a relative clause stays a claim of its own: "the money, which he said was his"
    is the writer's aside naming a second source."""
    def embedded(r: ClaimDraft) -> bool:
        if r.cue_token is not None and r.cue_token.dep_ == "relcl":
            return False
        return any(o is not r and o.start <= r.start and r.end <= o.end
                   and o.end - o.start > r.end - r.start for o in reported)

    return [r for r in reported if not embedded(r)]


def _dedupe(claims: list[ClaimDraft]) -> list[ClaimDraft]:
    """Two cues reporting the same clause ("said and added that …") give one claim."""
    out: list[ClaimDraft] = []
    for c in claims:  # sorted by start: a duplicate is among the last few kept
        dup = next((o for o in out[-8:] if _jaccard(o, c) >= 0.8), None)
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
        p_para = para_of(claims[i - 1].start, paragraphs)
        opens_paragraph = c.quote.open == paragraphs[para].start
        if p_para == para or (p_para == para - 1 and opens_paragraph):
            c.continues = i - 1
