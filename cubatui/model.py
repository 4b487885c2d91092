"""The domain: an article, who is in it, and what they are said to have said.

Plain frozen dataclasses and their JSON round trip (schema ``cubatui.analysis/1``,
documented in docs/analysis-schema.md). This module must never import textual or
spacy: a test imports it in a fresh interpreter and checks ``sys.modules``.

Offsets are Python code-point indices into ``Article.text``, end-exclusive.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "cubatui.analysis/1"

ClaimKind = Literal["direct", "mixed", "indirect"]
CLAIM_KINDS: tuple[str, ...] = ("direct", "mixed", "indirect")
ACTOR_KINDS: tuple[str, ...] = ("PERSON", "ORG", "GPE", "NORP", "GROUP", "OTHER")


class SchemaError(ValueError):
    """A JSON document that is not a valid cubatui.analysis/1 analysis."""


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Span:
    """A stretch of the article text, [start, end)."""

    start: int
    end: int

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Span":
        return cls(int(d["start"]), int(d["end"]))


Paragraph = Span
Sentence = Span


@dataclass(frozen=True)
class Mention:
    """A span together with the text it covers (a name, a pronoun, a cue)."""

    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Mention":
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(frozen=True)
class Article:
    text: str
    title: str = ""
    source: str = ""
    # Optional extra facts about the article (author, date, url, ...).
    metadata: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"title": self.title, "source": self.source,
                             "sha256": self.sha256, "text": self.text}
        if self.metadata:
            d["metadata"] = dict(self.metadata)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Article":
        text = str(d["text"])
        article = cls(text=text, title=str(d.get("title", "")), source=str(d.get("source", "")),
                      metadata={str(k): str(v) for k, v in (d.get("metadata") or {}).items()})
        if "sha256" in d and d["sha256"] != article.sha256:
            raise SchemaError("article.sha256 does not match article.text")
        return article


@dataclass(frozen=True)
class Entity:
    """A named-entity mention; ``actor`` is the id of the actor it belongs to, if any."""

    start: int
    end: int
    text: str
    label: str
    actor: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "label": self.label, "actor": self.actor}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Entity":
        return cls(int(d["start"]), int(d["end"]), str(d["text"]), str(d["label"]), d.get("actor"))


@dataclass(frozen=True)
class Actor:
    """Someone or something that speaks or is spoken of: a person, a government, a group."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "aliases": list(self.aliases), "descriptions": list(self.descriptions),
                "mentions": [m.to_json() for m in self.mentions]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Actor":
        return cls(id=str(d["id"]), name=str(d["name"]), kind=str(d.get("kind", "OTHER")),
                   aliases=tuple(d.get("aliases", ())), descriptions=tuple(d.get("descriptions", ())),
                   mentions=tuple(Mention.from_json(m) for m in d.get("mentions", ())))


@dataclass(frozen=True)
class Claim:
    """A quoted or reported statement: its content span, who said it, and how we know."""

    id: str
    kind: str  # one of CLAIM_KINDS
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_mention: Mention | None
    cue: Mention | None
    sentence: Span
    paragraph: int
    evidence: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "start": self.start, "end": self.end,
                "text": self.text, "speaker": self.speaker,
                "speaker_mention": self.speaker_mention.to_json() if self.speaker_mention else None,
                "cue": self.cue.to_json() if self.cue else None,
                "sentence": self.sentence.to_json(), "paragraph": self.paragraph,
                "evidence": self.evidence}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Claim":
        kind = str(d["kind"])
        if kind not in CLAIM_KINDS:
            raise SchemaError(f"unknown claim kind {kind!r}")
        sm, cue = d.get("speaker_mention"), d.get("cue")
        return cls(id=str(d["id"]), kind=kind, start=int(d["start"]), end=int(d["end"]),
                   text=str(d["text"]), speaker=d.get("speaker"),
                   speaker_mention=Mention.from_json(sm) if sm else None,
                   cue=Mention.from_json(cue) if cue else None,
                   sentence=Span.from_json(d["sentence"]), paragraph=int(d["paragraph"]),
                   evidence=str(d.get("evidence", "")))


@dataclass(frozen=True)
class Generator:
    name: str = "cubatui"
    version: str = ""
    model: str = ""
    model_version: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "model": self.model,
                "model_version": self.model_version}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Generator":
        return cls(str(d.get("name", "cubatui")), str(d.get("version", "")),
                   str(d.get("model", "")), str(d.get("model_version", "")))


@dataclass(frozen=True)
class Analysis:
    """Everything cubatui found in one article."""

    article: Article
    generator: Generator = field(default_factory=Generator)
    paragraphs: tuple[Span, ...] = ()
    entities: tuple[Entity, ...] = ()
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Claim, ...] = ()

    # -- lookups the UI and the reports need ---------------------------------
    def actor(self, actor_id: str | None) -> Actor | None:
        for a in self.actors:
            if a.id == actor_id:
                return a
        return None

    def claims_by(self, actor_id: str) -> list[Claim]:
        """One actor's claims, in reading order."""
        return sorted((q for q in self.quotes if q.speaker == actor_id), key=lambda q: q.start)

    def actors_by_claims(self) -> list[Actor]:
        """Actors, most-quoted first (ties in order of first appearance)."""
        counts = {a.id: 0 for a in self.actors}
        for q in self.quotes:
            if q.speaker in counts:
                counts[q.speaker] += 1
        first = {a.id: min((m.start for m in a.mentions), default=1 << 60) for a in self.actors}
        return sorted(self.actors, key=lambda a: (-counts[a.id], first[a.id]))

    def paragraph_of(self, offset: int) -> int:
        for i, p in enumerate(self.paragraphs):
            if p.start <= offset < p.end or (offset == p.end and i == len(self.paragraphs) - 1):
                return i
        return -1

    # -- JSON ----------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "generator": self.generator.to_json(),
            "article": self.article.to_json(),
            "paragraphs": [p.to_json() for p in self.paragraphs],
            "entities": [e.to_json() for e in self.entities],
            "actors": [a.to_json() for a in self.actors],
            "quotes": [q.to_json() for q in self.quotes],
        }

    def dumps(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "Analysis":
        if not isinstance(d, dict) or d.get("schema") != SCHEMA:
            raise SchemaError(f"not a {SCHEMA} document")
        try:
            return cls(
                article=Article.from_json(d["article"]),
                generator=Generator.from_json(d.get("generator") or {}),
                paragraphs=tuple(Span.from_json(p) for p in d.get("paragraphs", ())),
                entities=tuple(Entity.from_json(e) for e in d.get("entities", ())),
                actors=tuple(Actor.from_json(a) for a in d.get("actors", ())),
                quotes=tuple(Claim.from_json(q) for q in d.get("quotes", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, SchemaError):
                raise
            raise SchemaError(f"malformed {SCHEMA} document: {exc}") from exc

    @classmethod
    def loads(cls, s: str) -> "Analysis":
        try:
            return cls.from_json(json.loads(s))
        except json.JSONDecodeError as exc:
            raise SchemaError(f"not JSON: {exc}") from exc


def split_paragraphs(text: str) -> tuple[Span, ...]:
    """Paragraphs are runs of non-blank lines; a line break ends a paragraph too,
    since news text pasted from the web puts one paragraph per line."""
    spans: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            spans.append(Span(start, start + len(stripped)))
        pos += len(line)
    return tuple(spans)

