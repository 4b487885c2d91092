"""Notes out and in: Markdown for people, W3C Web Annotation JSON-LD for tools
(and for moving notes between machines), JSONL of spans for spaCy-style tools.

Markdown and terminal listings show control characters as visible escapes (article
text is untrusted); JSON-LD keeps every character, so an export imports back exactly.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cubatui.model import Article
from cubatui.notes.anchoring import reanchor
from cubatui.display import one_line, visible
from cubatui.notes.model import (TARGET_KINDS, AnchoredNote, ArticleRecord, Note,
                                 TextPositionSelector, TextQuoteSelector)
from cubatui.notes.store import NoteStore, source_key

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
FORMATS = ("md", "jsonld", "jsonl")
# Not escaped by json.dumps(ensure_ascii=False) yet read as commands by some terminals.
_C1_AND_SEPARATORS = re.compile("[\x7f-\x9f\u2028\u2029]")


class NotesFormatError(ValueError):
    """A file that is not a notes export cubatui can read; the message is one line."""


@dataclass(frozen=True)
class ArticleNotes:
    """One article's notes, placed in ``text`` (its current text when known)."""

    record: ArticleRecord
    text: str
    notes: list[AnchoredNote]


def collect(store: NoteStore, article: Article | None = None) -> list[ArticleNotes]:
    """Notes of one article (re-anchored onto its text), or of every stored article."""
    if article is not None:
        record = ArticleRecord(article.sha256, source_key(article.source), article.title)
        return [ArticleNotes(record, article.text, store.notes_for(article))]
    by_article: dict[str, list[Note]] = {}
    for note in store.all_notes():
        by_article.setdefault(note.article_sha256, []).append(note)
    groups = []
    for record in store.articles():
        text = store.article_text(record.sha256)
        notes = by_article.get(record.sha256, [])
        # Without the text (notes imported from elsewhere) the stored positions still
        # describe the article with this sha256 exactly.
        placed = ([reanchor(text, n) for n in notes] if text else
                  [AnchoredNote(n, n.position.start, n.position.end, "exact") for n in notes])
        groups.append(ArticleNotes(record, text, sorted(placed, key=lambda a: (a.orphan, a.start))))
    return groups


# -- Markdown -----------------------------------------------------------------
def to_markdown(groups: list[ArticleNotes]) -> str:
    out: list[str] = []
    for group in groups:
        title = one_line(group.record.title) or "(untitled article)"
        out += [f"# Notes on {title}", ""]
        out.append(f"- Source: {one_line(group.record.source) or '(unknown)'}")
        out.append(f"- SHA-256: `{group.record.sha256}`")
        out.append(f"- Notes: {len(group.notes)}")
        out.append("")
        if not group.notes:
            out += ["No notes.", ""]
        for i, placed in enumerate(group.notes, 1):
            note = placed.note
            heading = f"## {i}. {note.target_kind}"
            if note.target_label:
                heading += f" {one_line(note.target_label)}"
            if placed.orphan:
                heading += " (orphan: its text is no longer in the article)"
            out += [heading, ""]
            out += ["> " + visible(line) for line in note.quote.exact.splitlines() or [""]]
            out.append("")
            if note.speaker:
                out.append(f"- Speaker: {one_line(note.speaker)}")
            if note.tags:
                out.append("- Tags: " + ", ".join(one_line(t) for t in note.tags))
            where = (f"characters {placed.start}–{placed.end}" if not placed.orphan
                     else f"was at characters {note.position.start}–{note.position.end}")
            if placed.how in ("moved", "fuzzy"):
                where += f" ({placed.how} from {note.position.start}–{note.position.end})"
            out.append(f"- Position: {where}")
            out.append(f"- Modified: {note.modified}")
            out.append("")
            out += [visible(line) for line in note.body.splitlines()]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- W3C Web Annotation JSON-LD --------------------------------------------------
def annotation(note: Note, record: ArticleRecord | None) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "value": note.body,
                                     "format": "text/plain", "purpose": "commenting"}]
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags]
    extension: dict[str, Any] = {"targetKind": note.target_kind, "targetLabel": note.target_label,
                                 "speaker": note.speaker}
    if record is not None:
        extension["article"] = {"sha256": record.sha256, "source": record.source, "title": record.title}
    return {
        "@context": ANNO_CONTEXT,
        "id": f"urn:uuid:{note.id}",
        "type": "Annotation",
        "motivation": "commenting",
        "created": note.created,
        "modified": note.modified,
        "body": bodies,
        "target": {
            "source": f"urn:sha256:{note.article_sha256}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": note.quote.exact,
                 "prefix": note.quote.prefix, "suffix": note.quote.suffix},
                {"type": "TextPositionSelector", "start": note.position.start, "end": note.position.end},
            ],
        },
        "cubatui": extension,
    }


def to_jsonld(store: NoteStore, groups: list[ArticleNotes]) -> dict[str, Any]:
    items = []
    for group in groups:
        for placed in group.notes:
            sha = placed.note.article_sha256
            record = group.record if sha == group.record.sha256 else store.article(sha)
            items.append(annotation(placed.note, record))
    return {"@context": ANNO_CONTEXT, "type": "AnnotationCollection", "label": "cubatui notes",
            "total": len(items), "first": {"type": "AnnotationPage", "items": items}}


def dumps(data: Any, indent: int | None = 2) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    # Outside strings JSON is ASCII, so these can only be inside strings: escape them there.
    return _C1_AND_SEPARATORS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# -- JSONL of spans --------------------------------------------------------------
def to_jsonl(groups: list[ArticleNotes]) -> str:
    lines = []
    for group in groups:
        spans = [{"start": p.start, "end": p.end,
                  "label": p.note.tags[0] if p.note.tags else p.note.target_kind}
                 for p in group.notes if not p.orphan]
        if not group.text:
            continue  # spans need the text they index into
        lines.append(dumps({"text": group.text, "spans": spans,
                            "meta": {"source": group.record.source, "title": group.record.title,
                                     "sha256": group.record.sha256}}, indent=None))
    return "".join(line + "\n" for line in lines)


def render(store: NoteStore, groups: list[ArticleNotes], fmt: str) -> str:
    if fmt == "md":
        return to_markdown(groups)
    if fmt == "jsonld":
        return dumps(to_jsonld(store, groups)) + "\n"
    if fmt == "jsonl":
        return to_jsonl(groups)
    raise ValueError(f"unknown export format {fmt!r} (use one of {', '.join(FORMATS)})")


# -- import ----------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int


def import_jsonld(source: Path | str | dict | list, store: NoteStore) -> ImportResult:
    """Read annotations exported by ``to_jsonld`` (a collection, a page, a list or one
    annotation) into ``store``. Everything is checked before anything is written, and
    importing the same file twice changes nothing (notes keep their ids)."""
    if not isinstance(source, (str, Path)):
        parsed = _parse(source)
    else:
        data = _load(source)
        try:
            parsed = _parse(data)
        except NotesFormatError as exc:
            raise NotesFormatError(f"{source}: {exc}") from None
    added, updated = store.put(parsed)
    return ImportResult(added, updated, len(parsed) - added - updated)


def _parse(data: Any) -> list[tuple[ArticleRecord, str, Note]]:
    return [_note_from_annotation(item, i) for i, item in enumerate(_items(data), 1)]


def _load(path: Path | str) -> Any:
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotesFormatError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotesFormatError(f"{path}: is a directory") from None
    except UnicodeDecodeError:
        raise NotesFormatError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise NotesFormatError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise NotesFormatError(f"{path}: not JSON (line {exc.lineno}: {exc.msg})") from None


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        kind = data.get("type")
        if kind == "AnnotationCollection":
            first = data.get("first")
            if isinstance(first, dict):
                return _items(first)
            return []
        if kind == "AnnotationPage":
            items = data.get("items")
            if isinstance(items, list):
                return items
        if kind == "Annotation":
            return [data]
    raise NotesFormatError("not a W3C Web Annotation document (expected an AnnotationCollection, "
                           "AnnotationPage, Annotation or a list of annotations)")


def _note_from_annotation(item: Any, index: int) -> tuple[ArticleRecord, str, Note]:
    where = f"annotation {index}"
    try:
        if not isinstance(item, dict) or item.get("type") != "Annotation":
            raise NotesFormatError(f"{where}: not an Annotation")
        note_id = str(item.get("id", ""))
        note_id = note_id.removeprefix("urn:uuid:")
        try:
            note_id = str(uuid.UUID(note_id))
        except ValueError:
            raise NotesFormatError(f"{where}: id {note_id!r} is not a urn:uuid") from None
        bodies = item.get("body", [])
        bodies = bodies if isinstance(bodies, list) else [bodies]
        comments = [b["value"] for b in bodies if isinstance(b, dict) and b.get("purpose", "commenting") == "commenting"
                    and isinstance(b.get("value"), str)]
        tags = tuple(b["value"] for b in bodies if isinstance(b, dict) and b.get("purpose") == "tagging"
                     and isinstance(b.get("value"), str))
        if not comments or not comments[0].strip():
            raise NotesFormatError(f"{where}: no TextualBody with purpose 'commenting'")
        target = item.get("target")
        if not isinstance(target, dict):
            raise NotesFormatError(f"{where}: no target")
        selectors = target.get("selector", [])
        selectors = selectors if isinstance(selectors, list) else [selectors]
        quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
        pos = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
        if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
            raise NotesFormatError(f"{where}: no TextQuoteSelector with an exact text")
        if pos is None or not all(isinstance(pos.get(k), int) and not isinstance(pos.get(k), bool)
                                  for k in ("start", "end")):
            raise NotesFormatError(f"{where}: no TextPositionSelector with integer start and end")
        if not 0 <= pos["start"] < pos["end"]:
            raise NotesFormatError(f"{where}: TextPositionSelector start/end out of order")
        ext = item.get("cubatui") if isinstance(item.get("cubatui"), dict) else {}
        article = ext.get("article") if isinstance(ext.get("article"), dict) else {}
        sha = str(article.get("sha256") or str(target.get("source", "")).removeprefix("urn:sha256:"))
        if not re.fullmatch(r"[0-9a-f]{64}", sha):
            raise NotesFormatError(f"{where}: target source is not urn:sha256:<article sha256>")
        kind = str(ext.get("targetKind") or "passage")
        if kind not in TARGET_KINDS:
            raise NotesFormatError(f"{where}: unknown target kind {kind!r}")
        created = str(item.get("created") or "")
        modified = str(item.get("modified") or created)
        if not created:
            raise NotesFormatError(f"{where}: no created date")
        speaker = ext.get("speaker")
        note = Note(id=note_id, article_sha256=sha, target_kind=kind,
                    target_label=str(ext.get("targetLabel") or ""),
                    speaker=speaker if isinstance(speaker, str) else None,
                    body=comments[0], tags=tags,
                    quote=TextQuoteSelector(quote["exact"], str(quote.get("prefix", "")),
                                            str(quote.get("suffix", ""))),
                    position=TextPositionSelector(pos["start"], pos["end"]),
                    created=created, modified=modified)
        record = ArticleRecord(sha, str(article.get("source", "")), str(article.get("title", "")))
        return record, "", note
    except NotesFormatError:
        raise
    except (TypeError, KeyError, AttributeError) as exc:
        raise NotesFormatError(f"{where}: malformed ({exc})") from None
