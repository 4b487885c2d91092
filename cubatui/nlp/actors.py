"""Who is who: clustering mentions into actors.

- Person names cluster by name parts: "De Cossío", "Fernández de Cossío" and
  "Carlos Fernández de Cossío" are one actor (a shorter name is a tail of the
  longer one, or shares its first and last parts); "John Smith" and "Jane Smith"
  stay apart, and a bare "Smith" goes to the nearest preceding Smith.
- Titles the tagger swallowed ("President Trump") are split off as descriptions.
- Organisations and places cluster by their name without "the" or a possessive,
  and acronyms join their long form ("US" = "United States").
- The kind of an actor is a vote over the labels of its mentions, so one ORG tag on
  a person's surname does not make the person an organisation.
- Noun-phrase speakers ("Cuban officials", "critics", "a source") are actors too:
  GROUP when plural, ORG when headed by an organisation noun ("the ministry",
  data/nouns.txt); a definite role noun ("the minister") joins the named person
  whose title holds that noun.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from cubatui.folding import strip_accents
from cubatui.model import Actor, Mention

PARTICLES = {"de", "del", "della", "la", "las", "los", "van", "von", "der", "den", "da", "di", "do",
             "dos", "das", "du", "le", "bin", "ibn", "al", "el", "ter", "ten", "y", "st", "st."}
TITLES = {"president", "vice", "sen", "sen.", "senator", "rep", "rep.", "representative", "gov", "gov.",
          "governor", "secretary", "minister", "prime", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr",
          "dr.", "prof", "prof.", "professor", "judge", "justice", "gen", "gen.", "general", "col",
          "col.", "lt", "lt.", "sgt", "sgt.", "officer", "deputy", "former", "speaker", "leader",
          "chairman", "chairwoman", "chair", "mayor", "king", "queen", "prince", "princess", "pope",
          "chancellor", "ambassador", "attorney", "candidate", "nominee", "gop", "democratic",
          "republican", "sir", "dame", "lord", "lady", "rev", "rev.", "reverend", "adm", "adm.",
          "admiral", "commissioner", "director", "chief", "ceo", "sheriff", "congressman",
          "congresswoman", "councilman", "councilwoman", "minority", "majority", "whip", "house",
          "state", "foreign", "defense", "interior", "trade", "finance"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "sir", "dame"}
LABEL_PREFERENCE = ("PERSON", "ORG", "GPE", "NORP", "GROUP", "OTHER")
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
ACRONYM_SKIP = {"of", "the", "and", "for", "de"}


@lru_cache(maxsize=1)
def organisation_nouns() -> frozenset[str]:
    """Head nouns of unnamed bodies ("union", "ministry"): data/nouns.txt [organisation]."""
    words: set[str] = set()
    section = None
    text = resources.files("cubatui.nlp").joinpath("data", "nouns.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif line and section == "organisation":
            words.update(w.casefold() for w in line.split())
    return frozenset(words)


def fold(s: str) -> str:
    return " ".join(strip_accents(s).casefold().replace("’", "'").split())


def strip_possessive(text: str) -> str:
    for tail in ("'s", "’s", "'", "’"):
        if text.endswith(tail) and len(text) > len(tail) + 1:
            return text[: -len(tail)]
    return text


def split_title(text: str) -> tuple[str, str]:
    """("President", "Donald Trump") from "President Donald Trump"; keeps at least one word."""
    words = text.split()
    i = 0
    while i < len(words) - 1 and fold(words[i]) in TITLES:
        i += 1
    return " ".join(words[:i]), " ".join(words[i:])


def name_parts(text: str) -> list[str]:
    return [w for w in fold(strip_possessive(text)).split() if w]


def person_match(short: list[str], full: list[str]) -> str | None:
    """How a shorter person name refers to a fuller one: 'same', 'tail', 'surname',
    'first' or None."""
    if not short or not full or len(short) > len(full):
        return None
    if short == full:
        return "same"
    if len(short) == 1:
        word = short[0]
        if word in full[1:] and word not in PARTICLES:
            return "surname"
        if word == full[0] and len(full) > 1:
            return "first"
        return None
    if full[-len(short):] == short:
        return "tail"
    if short[0] == full[0] and short[-1] == full[-1]:
        return "first+last"
    return None


def acronym(text: str) -> str:
    words = [w for w in text.replace("-", " ").split() if w and w[0].isupper()
             and fold(w) not in ACRONYM_SKIP]
    return "".join(w[0] for w in words).casefold() if len(words) >= 2 else ""


@dataclass
class NameMention:
    start: int
    end: int
    text: str          # the name as written, without a leading "the" or a possessive
    label: str         # entity label, or GROUP/OTHER for noun phrases
    description: str = ""
    subject: bool = False
    sentence: int = 0
    paragraph: int = 0
    gender: str | None = None
    plural: bool = False
    role: str = ""     # head lemma of a noun-phrase mention ("minister")
    definite: bool = False
    proper: bool = False  # a capitalised noun phrase: maybe a name the tagger missed


@dataclass
class Cluster:
    key: list[str]                     # folded parts of the fullest name
    names: list[str] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)
    mentions: list[NameMention] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    person: bool = False
    noun_phrase: bool = False
    id: str = ""

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    @property
    def kind(self) -> str:
        if self.noun_phrase:
            if any(m.plural for m in self.mentions):
                return "GROUP"
            if any(m.role in organisation_nouns() for m in self.mentions):
                return "ORG"  # "the ministry said": a body, not a person
            return "OTHER"
        if self.person and self.votes.get("PERSON", 0) * 2 >= self.votes.get("ORG", 0):
            return "PERSON"  # a name first tagged as a person; the small model flips surnames to ORG
        best = max(LABEL_PREFERENCE, key=lambda lab: (self.votes.get(lab, 0), -LABEL_PREFERENCE.index(lab)))
        return best if self.votes.get(best) else "OTHER"

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (len(n.split()), len(n), -self.names.index(n)))

    def add(self, m: NameMention, surface: str) -> None:
        self.mentions.append(m)
        self.votes[m.label] += 1
        if surface not in self.names:
            self.names.append(surface)
        if m.description and fold(m.description) not in {fold(d) for d in self.descriptions}:
            self.descriptions.append(m.description)


class ActorTable:
    """All actors of one article and the lookups the speaker resolver needs."""

    def __init__(self):
        self.clusters: list[Cluster] = []
        self.by_span: dict[tuple[int, int], Cluster] = {}
        self.extra_mentions: dict[str, list[Mention]] = {}
        self._phrase_groups: dict[str, Cluster] = {}

    # -- building -----------------------------------------------------------
    def build(self, names: list[NameMention], phrases: list[NameMention]) -> None:
        persons = [m for m in names if m.label == "PERSON"]
        others = [m for m in names if m.label != "PERSON"]
        self._cluster_persons(persons)
        self._cluster_others(others)
        self._cluster_phrases(phrases)
        self.clusters.sort(key=lambda c: c.first)
        for i, c in enumerate(self.clusters, 1):
            c.id = f"a{i}"

    def _register(self, cluster: Cluster, m: NameMention, surface: str) -> None:
        cluster.add(m, surface)
        self.by_span[(m.start, m.end)] = cluster

    def _cluster_persons(self, persons: list[NameMention]) -> None:
        order = sorted(persons, key=lambda m: (-len(name_parts(split_title(m.text)[1])), m.start))
        for m in order:
            title, bare = split_title(m.text)
            if title and not all(fold(w) in HONORIFICS for w in title.split()):
                m.description = m.description or title
            parts = name_parts(bare)
            if not parts:
                continue
            target = self._person_for(parts, m.start)
            if target is None:
                target = Cluster(key=parts, person=True)
                self.clusters.append(target)
            self._register(target, m, strip_possessive(bare))

    def _person_for(self, parts: list[str], offset: int) -> Cluster | None:
        matches = [(c, person_match(parts, c.key)) for c in self.clusters if c.person]
        matches = [(c, how) for c, how in matches if how]
        if not matches:
            return None
        strong = [c for c, how in matches if how != "first"]
        pool = strong or [c for c, _ in matches]
        if len(pool) == 1:
            return pool[0]
        return _nearest(pool, offset)

    def _cluster_others(self, others: list[NameMention]) -> None:
        groups: dict[str, Cluster] = {}
        for m in sorted(others, key=lambda m: m.start):
            surface = strip_possessive(m.text)
            parts = name_parts(surface)
            if not parts:
                continue
            # a surname the tagger called an organisation still belongs to the person
            if m.label == "ORG" and surface[:1].isupper():
                person = self._person_for(parts, m.start)
                if person is not None:
                    self._register(person, m, surface)
                    continue
            key = " ".join(parts)
            cluster = groups.get(key)
            if cluster is None:
                cluster = Cluster(key=parts)
                groups[key] = cluster
                self.clusters.append(cluster)
            self._register(cluster, m, surface)
        # acronyms join their long form: "US" = "United States"
        by_key = dict(groups)
        for key, cluster in list(by_key.items()):
            short = acronym(cluster.name)
            if not short:
                continue
            for other_key, other in list(by_key.items()):
                if other is cluster or other_key.replace(".", "").replace(" ", "") != short:
                    continue
                self._merge(cluster, other)
                del by_key[other_key]

    def _merge(self, into: Cluster, other: Cluster) -> None:
        for m in other.mentions:
            surface = next((n for n in other.names if fold(n) == fold(strip_possessive(m.text))), m.text)
            self._register(into, m, surface)
        for d in other.descriptions:
            if d not in into.descriptions:
                into.descriptions.append(d)
        if other in self.clusters:
            self.clusters.remove(other)

    def _cluster_phrases(self, phrases: list[NameMention]) -> None:
        for m in sorted(phrases, key=lambda m: m.start):
            if (m.start, m.end) not in self.by_span:
                self._place_phrase(m)

    def _place_phrase(self, m: NameMention) -> Cluster:
        words = m.text.split()
        while len(words) > 1 and fold(words[0]) in ("the", "a", "an", "another", "some", "many", "several"):
            words = words[1:]
        surface = " ".join(words)
        owner = self._role_owner(m) if m.definite and not m.plural else None
        if owner is None and m.proper:
            owner = self.cluster_for_name(surface, m.start)  # 'Trump: "…"', untagged
        if owner is None:
            key = fold(surface)
            owner = self._phrase_groups.get(key)
            if owner is None:
                owner = Cluster(key=key.split(), noun_phrase=True)
                self._phrase_groups[key] = owner
                self.clusters.append(owner)
        self._register(owner, m, surface)
        return owner

    def add_phrase(self, m: NameMention) -> Cluster:
        """An unnamed body a pronoun turned out to mean ("the campaign … they said")."""
        existing = self.by_span.get((m.start, m.end))
        if existing is not None:
            return existing
        cluster = self._place_phrase(m)
        if not cluster.id:
            cluster.id = f"a{len(self.clusters)}"
        return cluster

    def _role_owner(self, m: NameMention) -> Cluster | None:
        """'the minister' -> the named person described as a minister before it."""
        if not m.role:
            return None
        owners = [c for c in self.clusters if c.person and c.first < m.start
                  and any(m.role in fold(d).split() for d in c.descriptions)]
        if not owners:
            return None
        return _nearest(owners, m.start)

    # -- lookups ------------------------------------------------------------
    def cluster_for_span(self, start: int, end: int) -> Cluster | None:
        c = self.by_span.get((start, end))
        if c is not None:
            return c
        for (s, e), cluster in self.by_span.items():
            if s <= start and end <= e or start <= s and e <= end:
                return cluster
        return None

    def cluster_for_name(self, text: str, offset: int) -> Cluster | None:
        _, bare = split_title(strip_possessive(text))
        parts = name_parts(bare)
        person = self._person_for(parts, offset)
        if person is not None:
            return person
        key = " ".join(parts)
        for c in self.clusters:
            if not c.person and " ".join(c.key) == key:
                return c
        return None

    def add_mention(self, cluster: Cluster, mention: Mention) -> None:
        self.extra_mentions.setdefault(cluster.id, []).append(mention)

    def actors(self) -> list[Actor]:
        out = []
        for c in self.clusters:
            mentions = {(m.start, m.end): Mention(m.start, m.end, m.text) for m in c.mentions}
            for m in self.extra_mentions.get(c.id, ()):
                mentions.setdefault((m.start, m.end), m)
            out.append(Actor(id=c.id, name=c.name, kind=c.kind, aliases=tuple(c.names),
                             descriptions=tuple(c.descriptions),
                             mentions=tuple(sorted(mentions.values(), key=lambda m: m.start))))
        return out


def _nearest(pool: list[Cluster], offset: int) -> Cluster:
    """The cluster with the latest mention before ``offset`` (else the earliest after)."""
    def last_before(c: Cluster) -> int:
        return max((m.start for m in c.mentions if m.start < offset), default=-1)
    best = max(pool, key=last_before)
    if last_before(best) >= 0:
        return best
    return min(pool, key=lambda c: c.first)
