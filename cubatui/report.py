"""A readable Markdown report of an analysis: actors, their claims, cue, paragraph."""

from __future__ import annotations

from cubatui.display import one_line, visible
from cubatui.model import Analysis


def markdown_report(analysis: Analysis) -> str:
    art = analysis.article
    lines = [f"# {one_line(art.title) or 'Untitled article'}", ""]
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
            lines.append(f"- [{q.kind}] {one_line(q.text)}  ")
            lines.append(f"  {cue}, paragraph {q.paragraph + 1} — {q.evidence}")
        lines.append("")
    unattributed = [q for q in analysis.quotes if q.speaker is None]
    if unattributed:
        lines += ["## Unattributed", ""]
        for q in unattributed:
            lines.append(f"- [{q.kind}] {one_line(q.text)} (paragraph {q.paragraph + 1})")
        lines.append("")
    if not analysis.quotes:
        lines += ["No quoted or reported claims found.", ""]
    # Control characters from the (untrusted) article would drive the terminal the report
    # is printed to (colours, cursor moves, title changes): shown as escapes instead.
    return visible("\n".join(lines).rstrip()) + "\n"
