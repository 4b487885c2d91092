"""spaCy Doc -> Analysis. The public entry points of the analysis engine.

quotes.py finds the claims and their cues, speakers.py the mention each attribution
uses, actors.py who those mentions are; this module puts them together in reading
order, so a pronoun can lean on the speakers resolved before it.
"""

from __future__ import annotations

import bisect
from typing import Iterable, Iterator

from cubatui import __version__
from cubatui.model import Analysis, Article, Claim, Entity, Generator, Mention, Span, split_paragraphs
from cubatui.nlp.actors import ACTOR_LABELS, ActorTable, Cluster, NameMention, fold
from cubatui.nlp.cues import lexicon
from cubatui.nlp.pipeline import load_model, model_identity, parse, resolve_model
from cubatui.nlp.drafts import ClaimDraft
from cubatui.nlp.quotes import find_claims
from cubatui.nlp.speakers import (
    Candidate, PronounResolver, SpeakerMention, entity_index, honorific_gender, name_gender,
    name_mention, part_of_title, role_gender, speaker_mention, subject_of,
)

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def analyze_articles(articles: Iterable[Article], model: str | None = None) -> Iterator[Analysis]:
    """Analyse many articles in one process with one ``nlp.pipe`` pass."""
    nlp = load_model(resolve_model(model))
    name, version = model_identity(nlp)
    generator = Generator("cubatui", __version__, name, version)
    articles = list(articles)
    for article, doc in zip(articles, parse(nlp, (a.text for a in articles))):
        yield analyze_doc(doc, article, generator)


def analyze_article(article: Article, model: str | None = None) -> Analysis:
    return next(analyze_articles([article], model))


class _Layout:
    """Sentence and paragraph numbers of character offsets."""

    def __init__(self, doc, paragraphs, text: str):
        self.text = text
        self.sents = list(doc.sents)
        self.sent_starts = [s.start_char for s in self.sents]
        self.paragraphs = paragraphs
        self.para_starts = [p.start for p in paragraphs]

    def sentence(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sent_starts, offset) - 1, 0)

    def paragraph(self, offset: int) -> int:
        return max(bisect.bisect_right(self.para_starts, offset) - 1, 0)


def analyze_doc(doc, article: Article, generator: Generator) -> Analysis:
    paragraphs = split_paragraphs(article.text)
    layout = _Layout(doc, paragraphs, article.text)
    ents = entity_index(doc)
    drafts = find_claims(doc, paragraphs, lexicon(), article.text) if paragraphs else []

    # 1. the mention each attribution uses
    speaker_mentions: list[tuple[SpeakerMention | None, str]] = []
    for d in drafts:
        speaker_mentions.append(_speaker_mention_of(d, doc, ents))

    # 2. actors: names from the tagger, plus noun phrases that speak
    names = _name_mentions(doc, ents, layout)
    _add_speaker_names(names, [sm for sm, _ in speaker_mentions], layout)
    phrases = _phrase_mentions([sm for sm, _ in speaker_mentions], layout)
    table = ActorTable()
    table.build(names, phrases)

    # 3. resolve speakers in reading order
    speaker_spans = {(m.start, m.end) for sm, _ in speaker_mentions if sm is not None
                     for m in (sm, sm.antecedent) if m is not None}
    candidates, genders = [], {}
    for c in table.clusters:
        for m in c.mentions:
            candidates.append(Candidate(m.start, c.id, c.name, c.kind, m.sentence, m.paragraph,
                                        m.subject, (m.start, m.end) in speaker_spans, m.plural or c.kind == "GROUP"))
            if m.gender and c.kind in ("PERSON", "OTHER"):
                genders.setdefault(c.id, m.gender)
    candidates += _unnamed_subjects(doc, ents, layout, table)
    resolver = PronounResolver(candidates, genders)
    by_id = {c.id: c for c in table.clusters}

    claims: list[Claim] = []
    resolved: list[tuple[str | None, Mention | None]] = []
    for d, (sm, how) in zip(drafts, speaker_mentions):
        actor, mention, evidence = _resolve(d, sm, how, table, resolver, layout, resolved, claims, by_id)
        resolved.append((actor.id if actor else None, mention))
        claims.append(_claim(d, actor, mention, evidence, doc, layout, len(claims) + 1))

    # 4. entities point at their actors
    entities = _entities(doc, ents, table)

    return Analysis(article=article, generator=generator, paragraphs=paragraphs,
                    entities=tuple(entities), actors=tuple(table.actors()), quotes=tuple(claims))


def _name_mentions(doc, ents, layout: _Layout) -> list[NameMention]:
    """Every tagged name that can be an actor, trimmed of "the", possessives and titles."""
    names = []
    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        if ent.label_ == "NORP" and ent.root.dep_ in ("amod", "compound", "poss"):
            continue  # "Cuban officials": an adjective, not a mention of Cubans
        if ent.label_ == "ORG" and part_of_title(ent, ents):
            continue  # "Secretary of State": an office
        sm = name_mention(ent.root, ent, ents)
        label = ent.label_
        if label == "ORG" and _looks_like_person(sm.text):
            label = "PERSON"  # the small model tags many unfamiliar full names as ORG
        first = doc.char_span(sm.start, sm.end, alignment_mode="expand")
        gender = (honorific_gender(doc, first.start) if first is not None else None) or \
            (name_gender(sm.text) if label == "PERSON" else None)
        names.append(NameMention(sm.start, sm.end, sm.text, label, sm.description,
                                 subject=ent.root.dep_ in SUBJECT_DEPS,
                                 sentence=layout.sentence(sm.start), paragraph=layout.paragraph(sm.start),
                                 gender=gender, plural=sm.plural))
    return names


def _add_speaker_names(names: list[NameMention], speaker_mentions: list[SpeakerMention | None],
                       layout: _Layout) -> None:
    """Speaking names found through an apposition ("The mayor of Springfield, Jane
    Holloway, said"): the description joins the tagged name, and a name the tagger
    missed becomes a name mention of its own."""
    by_span = {(m.start, m.end): m for m in names}
    for sm in speaker_mentions:
        sm = sm.antecedent if sm is not None and sm.antecedent is not None else sm
        if sm is None or sm.form != "name" or not sm.description:
            continue
        known = by_span.get((sm.start, sm.end))
        if known is not None:
            if not known.description:
                known.description = sm.description
            continue
        if sm.tagged:
            continue
        m = NameMention(sm.start, sm.end, sm.text, sm.label, sm.description, subject=True,
                        sentence=layout.sentence(sm.start), paragraph=layout.paragraph(sm.start),
                        gender=name_gender(sm.text))
        names.append(m)
        by_span[(m.start, m.end)] = m


def _phrase_mentions(speaker_mentions: list[SpeakerMention | None], layout: _Layout) -> list[NameMention]:
    """Noun phrases that speak ("Cuban officials", "the minister", "a source")."""
    phrases = []
    for sm in speaker_mentions:
        sm = sm.antecedent if sm is not None and sm.antecedent is not None else sm
        if sm is None or sm.form != "noun":
            continue
        phrases.append(_phrase_mention(sm, layout))
    return phrases


def _phrase_mention(sm: SpeakerMention, layout: _Layout) -> NameMention:
    det = [c.lower_ for c in sm.head.children if c.dep_ in ("det", "poss")]
    return NameMention(sm.start, sm.end, sm.text, "GROUP" if sm.plural else "OTHER",
                       subject=True, sentence=layout.sentence(sm.start),
                       paragraph=layout.paragraph(sm.start), plural=sm.plural,
                       role=fold(sm.head.lemma_), definite=bool(det) and det[0] in ("the", "this"),
                       proper=sm.head.text[:1].isupper(), gender=role_gender(sm.head.lower_))


def _unnamed_subjects(doc, ents, layout: _Layout, table: ActorTable) -> list[Candidate]:
    """Common-noun subjects that act ("the campaign said", "lawmakers voted") and that a
    later "it"/"they" may mean; subjects of "be" or of a passive rarely speak."""
    out = []
    for tok in doc:
        if tok.dep_ != "nsubj" or tok.pos_ != "NOUN" or tok.i in ents:
            continue
        if tok.head.pos_ != "VERB" or tok.head.lemma_ == "be":
            continue
        sm = speaker_mention(tok, ents)
        if sm is None or sm.form != "noun" or table.cluster_for_span(sm.start, sm.end) is not None:
            continue
        out.append(Candidate(sm.start, "", sm.text, "GROUP" if sm.plural else "OTHER",
                             layout.sentence(sm.start), layout.paragraph(sm.start), True, False,
                             sm.plural, phrase=sm))
    return out


def _entities(doc, ents, table: ActorTable) -> list[Entity]:
    entities = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        sm = name_mention(ent.root, ent, ents) if ent.label_ in ACTOR_LABELS else None
        cluster = table.by_span.get((sm.start, sm.end)) if sm else None
        entities.append(Entity(ent.start_char, ent.end_char, ent.text, ent.label_, cluster.id if cluster else None))
    return entities


def _looks_like_person(name: str) -> bool:
    """Two to four capitalised words starting with a common given name."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and name_gender(name) is not None


def _speaker_mention_of(d: ClaimDraft, doc, ents) -> tuple[SpeakerMention | None, str]:
    if d.speaker_span is not None and d.speaker_token is not None:
        sm = speaker_mention(d.speaker_token, ents)
        if sm is not None and sm.form == "noun":
            start, end = d.speaker_span
            span = doc.char_span(start, end, alignment_mode="expand")
            text = span.text if span is not None else doc.text[start:end]  # rare: no token edge
            words = text.split()
            sm = SpeakerMention(start, end, text, sm.head, "noun", plural=sm.plural) if words else sm
        return sm, ""
    if d.speaker_token is not None:
        return speaker_mention(d.speaker_token, ents), "source"
    if d.cue_token is None:
        return None, ""
    tok, how = subject_of(d.cue_token)
    if tok is None:
        return None, how
    return speaker_mention(tok, ents), how


def _resolve(d: ClaimDraft, sm: SpeakerMention | None, how: str, table: ActorTable,
             resolver: PronounResolver, layout: _Layout, resolved, claims, by_id):
    """(actor cluster, speaker mention, evidence) for one claim."""
    if d.continues is not None and sm is None:
        actor_id, mention = resolved[d.continues]
        prev = claims[d.continues]
        if actor_id is None:
            return None, mention, "quote with no cue after an unattributed claim"
        where = "same paragraph" if prev.paragraph == layout.paragraph(d.start) else "previous paragraph"
        return by_id[actor_id], mention, f"quote with no cue continues {by_id[actor_id].name} ({where})"
    if sm is None:
        return None, None, (f"{d.how}; no speaker found" if d.how else "no cue or speaker found")
    mention = Mention(sm.start, sm.end, sm.text)
    lead = "; ".join(part for part in (d.how, how if how != d.how else "") if part)
    link = ":"
    if sm.form == "relative":
        if sm.antecedent is None:
            return None, mention, f"{lead} '{sm.text}' with no antecedent"
        sm = sm.antecedent  # resolve what "who" stands for; the mention stays "who"
        link = " stands for"
    if sm.form == "pronoun":
        cand, why = resolver.resolve(sm.text, sm.start, layout.sentence(sm.start), layout.paragraph(sm.start))
        if cand is None:
            return None, mention, f"{lead}{link} pronoun '{sm.text}' with no fitting antecedent"
        if cand.phrase is not None and not cand.actor:
            cluster = table.add_phrase(_phrase_mention(cand.phrase, layout))
            by_id[cluster.id] = cluster
            cand.actor = cluster.id  # later pronouns find the same actor
        cluster = by_id[cand.actor]
        table.add_mention(cluster, mention)
        resolver.add(Candidate(sm.start, cluster.id, cluster.name, cluster.kind, layout.sentence(sm.start),
                               layout.paragraph(sm.start), True, True, cand.plural))
        return cluster, mention, f"{lead}{link} {why}"
    cluster = table.cluster_for_span(sm.start, sm.end) or table.cluster_for_name(sm.text, sm.start)
    if cluster is None:
        return None, mention, f"{lead}{link} '{sm.text}' is no known actor"
    for c in resolver.candidates:
        if c.start == sm.start:
            c.speaker = True
    if (mention.start, mention.end) != (sm.start, sm.end):
        table.add_mention(cluster, mention)  # the relative "who" is a mention of its antecedent
    named = f"'{sm.text}'" + (f" = {cluster.name}" if fold(cluster.name) != fold(sm.text) else "")
    return cluster, mention, f"{lead}{link} {named}"


def _claim(d: ClaimDraft, actor: Cluster | None, mention: Mention | None, evidence: str,
           doc, layout: _Layout, number: int) -> Claim:
    anchor = d.cue[0] if d.cue else d.start
    sent = layout.sents[layout.sentence(anchor)]
    sentence = Span(min(sent.start_char, d.start), max(sent.end_char, d.end))
    text = layout.text  # not doc.text: spaCy rebuilds that string on every access
    cue = Mention(d.cue[0], d.cue[1], text[d.cue[0]:d.cue[1]]) if d.cue else None
    return Claim(id=f"q{number}", kind=d.kind, start=d.start, end=d.end, text=text[d.start:d.end],
                 speaker=actor.id if actor else None, speaker_mention=mention, cue=cue,
                 sentence=sentence, paragraph=layout.paragraph(d.start), evidence=evidence)
