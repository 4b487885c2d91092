"""A readable Markdown report of an analysis: actors, their claims, cue, paragraph."""

from __future__ import annotations

from cubatui.model import Analysis

KIND_MARK = {"direct": "“”", "mixed": "“…", "indirect": "~"}


def _one_line(text: str) -> str:
    return " ".join(text.split())


# Control characters from the (untrusted) article would drive the terminal the report is
# printed to (colours, cursor moves, title changes); show them as \xNN instead.
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), *range(0x7f, 0xa0)] if chr(c) not in "\n\t"}


def _visible(text: str) -> str:
    return text.translate(_CONTROLS)


def markdown_report(analysis: Analysis) -> str:
    art = analysis.article
    lines = [f"# {_one_line(art.title) or 'Untitled article'}", ""]
    if art.source:
        lines += [f"Source: `{art.source}`  ", ""]
    lines += [f"{len(analysis.actors)} actors, {len(analysis.quotes)} claims, "
              f"{len(analysis.entities)} entity mentions.", ""]
    for actor in analysis.actors_by_claims():
        claims = analysis.claims_by(actor.id)
        if not claims:
            continue
        lines.append(f"## {actor.name} ({actor.kind}, {len(claims)} claim{'s' if len(claims) != 1 else ''})")
        lines.append("")
        extra = [a for a in actor.aliases if a != actor.name]
        if extra:
            lines.append(f"Also: {', '.join(extra)}  ")
        if actor.descriptions:
            lines.append(f"Described as: {'; '.join(actor.descriptions)}  ")
        if extra or actor.descriptions:
            lines.append("")
        for q in claims:
            cue = f"*{q.cue.text}*" if q.cue else "no cue"
            lines.append(f"- [{q.kind}] {_one_line(q.text)}  ")
            lines.append(f"  {cue}, paragraph {q.paragraph + 1} — {q.evidence}")
        lines.append("")
    unattributed = [q for q in analysis.quotes if q.speaker is None]
    if unattributed:
        lines += ["## Unattributed", ""]
        for q in unattributed:
            lines.append(f"- [{q.kind}] {_one_line(q.text)} (paragraph {q.paragraph + 1})")
        lines.append("")
    if not analysis.quotes:
        lines += ["No quoted or reported claims found.", ""]
    return _visible("\n".join(lines).rstrip()) + "\n"
