"""Reported speech: a cue verb and what it reports.

- a cue's clausal complement ("said (that) …"), to-infinitive ("urged X to …"),
  or (prepositional) object ("noted an increase …", "called for …"), content first
  or last ("…, the source added");
- a quotation inside the reported clause makes it ONE ``mixed`` claim; a clause
  that is all quotation is handed back as the cue of that (direct) quotation;
- a reported clause ends where another attribution hangs on it, and stays in its
  paragraph;
- ``according to X`` gives the rest of its sentence to X when nothing else did.
"""

from __future__ import annotations

from cubatui.nlp.cues import Lexicon, cue_lemma
from cubatui.nlp.drafts import (
    ClaimDraft, QuoteSpan, TokenIndex, inside, is_passive, para_of, subtree_range, trim_content,
)

# A quotation covering this much of a reported clause is the claim itself (direct).
DIRECT_COVERAGE = 0.85
FIRST_PERSON = {"i", "we", "you"}
CONTENT_DEPS = ("ccomp",)

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
        lo, hi = subtree_range(comps)
        return (lo, _reason_tail(verb, hi)), (verb.i, verb.i), "clausal complement"
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
            lo, hi = subtree_range(objs[:1])
            return (lo, _object_tail(verb, hi, lex)), (verb.i, verb.i), "object"
    return None


# What the verb goes on to say about its object belongs to the claim: "cited the
# delays as proof of neglect", "warned voters about the risks", "touted the
# endorsements from retired generals on Tuesday".
OBJECT_TAIL_DEPS = {"prep", "dative", "npadvmod", "oprd", "xcomp"}


def _object_tail(verb, hi: int, lex: Lexicon) -> int:
    """Last token of the claim that starts with the verb's object ending at ``hi``:
    the verb's next dependents, up to a comma, a clause of its own or "according to"."""
    for c in verb.children:
        if c.i <= hi or c.is_punct or c.is_space:
            continue
        if any(t.is_punct and t.text in ",;:—–(" for t in verb.doc[hi + 1:c.left_edge.i]):
            break
        if c.dep_ not in OBJECT_TAIL_DEPS or c.lower_ == "according" or lex.is_cue(c):
            break
        hi = c.right_edge.i
    return hi


# "said the plan would fail, because the money ran out": the parser hangs the reason
# on the cue, but it is the speaker's reason, part of what was said.
REASON_MARKS = {"because"}


def _reason_tail(verb, hi: int) -> int:
    for c in verb.children:
        if c.i > hi and c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in REASON_MARKS for m in c.children):
            return max(hi, c.right_edge.i)
    return hi


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
    if any(c.dep_ == "mark" and c.lower_ != "as" for c in verb.children):
        return None  # "X, because critics questioned it" is no "X, critics said" (but "X, as Y said" is)
    left = verb.left_edge.i
    if left == 0 or not (verb.doc[left - 1].text in ",—–" or verb.doc[left].text in ",—–"):
        return None
    lo = head.left_edge.i
    hi = left - 1
    # stop at the head clause's own attribution: never reach back before the sentence
    lo = max(lo, verb.sent.start)
    return (lo, hi) if hi > lo else None


def find_reported(doc, lex: Lexicon, quotes: list[QuoteSpan], text: str, paragraphs):
    """(reported and mixed claims, {quotation: the draft whose cue introduces it})."""
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
        para = paragraphs[para_of(verb.idx, paragraphs)]
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
            if crossing and quoted >= 0.5 * (end - start):
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


def _gives_a_reason(clause) -> bool:
    """"… was not worried because he doubted X": a reason inside the claim, not a
    second attribution that ends it."""
    return clause.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in REASON_MARKS for m in clause.children)


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
                    and first.i <= tok.head.i <= last.i and not _gives_a_reason(tok):
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


# ----------------------------------------------------------- according to X ---
def find_according(doc, lex: Lexicon, taken: list[ClaimDraft], quotes, text: str) -> list[ClaimDraft]:
    drafts = []
    for tok in doc:
        for phrase in lex.according:
            n = len(phrase)
            if tok.lower_ != phrase[0] or tok.i + n > len(doc) \
                    or tuple(t.lower_ for t in doc[tok.i:tok.i + n]) != phrase:
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
