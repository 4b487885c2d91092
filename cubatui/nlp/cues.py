"""Which words introduce a claim: the speech-verb lexicon and its questions.

The words live in ``data/cues.txt`` (sections of lemmas) so they can be extended
without touching the rules. This module does not import spaCy; it works on anything
with spaCy-like ``lemma_``/``lower_``/``pos_``/``tag_``/``dep_`` attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_SECTION = re.compile(r"^\[(\w+)\]\s*$")


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]          # lemmas whose clausal complement is the claim
    weak: frozenset[str]           # verbs of thinking: claims only with a third-person subject
    infinitive: frozenset[str]     # lemmas whose to-infinitive is the claim ("vowed to resist")
    object: frozenset[str]         # lemmas whose (prepositional) object is the claim ("noted an increase")
    prepositions: frozenset[str]   # prepositions introducing that object ("warned of", "pointed to")
    according: tuple[tuple[str, ...], ...]  # multi-word source prepositions ("according to")
    framing: frozenset[str] = frozenset()   # verbs framing a quoted label ('called it "a disaster"')
    phrasal: frozenset[tuple[str, str]] = frozenset()  # ("call", "for"): verb + preposition cues

    def is_phrasal_head(self, token) -> bool:
        """A verb that is a cue together with a preposition ("called for")."""
        lemma = cue_lemma(token)
        return token.pos_ == "VERB" and any(v == lemma for v, _ in self.phrasal)

    def is_cue_lemma(self, lemma: str) -> bool:
        return lemma in self.verbs or lemma in self.weak

    def is_cue(self, token) -> bool:
        """A verb (or participle) of saying or thinking, used as a verb."""
        if token.pos_ not in ("VERB", "AUX") and not token.tag_.startswith("VB"):
            return False
        return self.is_cue_lemma(cue_lemma(token))

    def is_weak(self, token) -> bool:
        return cue_lemma(token) in self.weak and cue_lemma(token) not in self.verbs


def cue_lemma(token) -> str:
    """The lemma, corrected for the small model's habit of leaving some forms unlemmatised."""
    lemma = token.lemma_.lower()
    lower = token.lower_
    if lemma == lower and lower.endswith("ing") and len(lower) > 5:
        return lower[:-3]
    return lemma


def parse_lexicon(text: str) -> Lexicon:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _SECTION.match(line)
        if m:
            current = m.group(1)
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line.lower())

    def words(name: str) -> frozenset[str]:
        return frozenset(sections.get(name, ()))

    return Lexicon(
        verbs=words("verbs"), weak=words("weak"), infinitive=words("infinitive"),
        object=words("object"), prepositions=words("prepositions"),
        according=tuple(tuple(p.split()) for p in sections.get("according", ())),
        framing=words("framing"),
        phrasal=frozenset(tuple(p.split()) for p in sections.get("phrasal", ()) if len(p.split()) == 2),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon (read once per process)."""
    text = resources.files("cubatui.nlp").joinpath("data", "cues.txt").read_text(encoding="utf-8")
    return parse_lexicon(text)
