"""The detail pane: everything about the selected claim, or the selected actor."""

from __future__ import annotations

from typing import Callable, Union

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from cubatui.model import Actor, Analysis, Claim, Span
from cubatui.tui.navigation import mentioned_in
from cubatui.tui.palette import Palette, claim_marker
from cubatui.tui.safe_text import one_line, visible
from cubatui.tui.widgets.vim_scroll import VimScroll, vim_scroll_bindings

# A feature's extra section under the detail of a claim or actor (e.g. its notes), or None.
Addendum = Callable[[Analysis, Union[Claim, Actor], Palette], Union[Text, None]]

KIND_NAMES = {"direct": "direct quote", "mixed": "mixed quote", "indirect": "reported speech"}


def _section(out: Text, title: str, palette: Palette) -> None:
    if out:
        out.append("\n" if out.plain.endswith("\n") else "\n\n")
    out.append(title.upper(), style=palette.heading)
    out.append("\n")


def _field(out: Text, name: str, value: str | Text, palette: Palette) -> None:
    out.append(f"{name}: ", style=palette.muted)
    out.append(value if isinstance(value, Text) else Text(one_line(value)))
    out.append("\n")


def _claim_line(out: Text, claim: Claim, limit: int) -> None:
    """The claim's kind marker and its text on one line (no newline: callers may add to it)."""
    out.append(f"{claim_marker(claim.kind)} ", style=Style(bold=True))
    out.append(one_line(claim.text, limit))


def context_text(analysis: Analysis, span: Span, claim: Claim, palette: Palette, dim_outside: Span | None = None) -> Text:
    """``span`` of the article with the claim emphasised (and, if given, text outside ``dim_outside`` dimmed)."""
    text = Text(visible(analysis.article.text[span.start:span.end]))

    def mark(start: int, end: int, style: Style) -> None:
        lo, hi = max(start, span.start) - span.start, min(end, span.end) - span.start
        if lo < hi:
            text.stylize(style, lo, hi)

    if dim_outside is not None:
        mark(span.start, dim_outside.start, palette.muted)
        mark(dim_outside.end, span.end, palette.muted)
    for e in analysis.entities:
        mark(e.start, e.end, palette.entity(e.label))
    mark(claim.start, claim.end, palette.selected_claim)
    if claim.cue:
        mark(claim.cue.start, claim.cue.end, palette.cue)
    if claim.speaker_mention:
        mark(claim.speaker_mention.start, claim.speaker_mention.end, palette.speaker)
    return text


def _around(text: str, start: int, end: int, width: int = 32) -> tuple[str, str]:
    """Whole words around [start, end), about ``width`` characters on each side."""
    before = one_line(text[max(0, start - width):start])
    after = one_line(text[end:end + width])
    if start > width and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + width < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    # one_line drops the spaces at the edges; keep the one next to the mention.
    sep_before = " " if text[start - 1:start].isspace() else ""
    sep_after = " " if text[end:end + 1].isspace() else ""
    return (before + sep_before if before else ""), (sep_after + after if after else "")


def _extra(out: Text, extra: Text | None) -> None:
    """A feature's section (e.g. the reader's notes), right under the main fields."""
    if extra:
        out.append("\n")
        out.append(extra)


def claim_detail(analysis: Analysis, claim: Claim, palette: Palette, extra: Text | None = None) -> Text:
    out = Text()
    speaker = analysis.actor(claim.speaker)
    out.append(f"{claim_marker(claim.kind)} {KIND_NAMES.get(claim.kind, claim.kind)}", style=palette.heading)
    out.append(f"  ({claim.id}, paragraph {claim.paragraph + 1})", style=palette.muted)
    out.append("\n")
    out.append(visible(claim.text), style=Style(bold=True))
    out.append("\n\n")
    _field(out, "Speaker", f"{speaker.name} ({speaker.kind.lower()})" if speaker else "not found", palette)
    if claim.speaker_mention:
        _field(out, "Named as", claim.speaker_mention.text, palette)
    _field(out, "Cue", claim.cue.text if claim.cue else "none", palette)
    _field(out, "Kind", claim.kind, palette)
    _field(out, "Evidence", claim.evidence or "none recorded", palette)
    _extra(out, extra)

    paragraph = analysis.paragraphs[claim.paragraph] if 0 <= claim.paragraph < len(analysis.paragraphs) else None
    if paragraph is not None and paragraph == claim.sentence:
        # A one-sentence paragraph: show it once.
        _section(out, f"In its sentence, all of paragraph {claim.paragraph + 1}", palette)
        out.append(context_text(analysis, claim.sentence, claim, palette))
    else:
        _section(out, "In its sentence", palette)
        out.append(context_text(analysis, claim.sentence, claim, palette))
        if paragraph is not None:
            _section(out, f"In paragraph {claim.paragraph + 1}", palette)
            out.append(context_text(analysis, paragraph, claim, palette, dim_outside=claim.sentence))

    if speaker is not None:
        others = [q for q in analysis.claims_by(speaker.id) if q.id != claim.id]
        _section(out, f"Other claims by {one_line(speaker.name, 40)} ({len(others)})", palette)
        if not others:
            out.append("none\n", style=palette.muted)
        for other in others:
            _claim_line(out, other, 120)
            out.append("\n")

    actors, entities = mentioned_in(analysis, claim)
    _section(out, "Mentioned in the claim", palette)
    if not actors and not entities:
        out.append("no actors or entities\n", style=palette.muted)
    for actor in actors:
        out.append("actor  ", style=palette.muted)
        out.append(one_line(actor.name, 60), style=palette.entity(actor.kind))
        out.append(f" ({actor.kind.lower()})\n", style=palette.muted)
    for entity in entities:
        out.append("entity ", style=palette.muted)
        out.append(one_line(entity.text, 60), style=palette.entity(entity.label))
        out.append(f" ({entity.label})\n", style=palette.muted)
    return out


def actor_detail(analysis: Analysis, actor: Actor, palette: Palette, extra: Text | None = None) -> Text:
    out = Text()
    out.append(one_line(actor.name), style=palette.entity(actor.kind) + palette.heading)
    out.append(f"  {actor.kind.lower()} ({actor.id})", style=palette.muted)
    out.append("\n")
    _field(out, "Aliases", ", ".join(actor.aliases) or "none", palette)
    _field(out, "Descriptions", "; ".join(actor.descriptions) or "none", palette)
    _extra(out, extra)

    claims = analysis.claims_by(actor.id)
    _section(out, f"Claims ({len(claims)})", palette)
    if not claims:
        out.append("none: this actor is mentioned but not quoted\n", style=palette.muted)
    for claim in claims:
        _claim_line(out, claim, 160)
        cue = f" — {claim.cue.text}" if claim.cue else ""
        out.append(f"{one_line(cue)} (¶{claim.paragraph + 1})\n", style=palette.muted)

    mentions = sorted(actor.mentions, key=lambda m: m.start)
    _section(out, f"Mentions ({len(mentions)})", palette)
    for m in mentions:
        paragraph = analysis.paragraph_of(m.start)
        before, after = _around(analysis.article.text, m.start, m.end)
        out.append(f"¶{paragraph + 1} " if paragraph >= 0 else "", style=palette.muted)
        out.append(before, style=palette.muted)
        out.append(one_line(m.text), style=palette.speaker)
        out.append(after + "\n", style=palette.muted)
    return out


class ClaimDetail(VimScroll):
    BINDINGS = vim_scroll_bindings("detail")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.addenda: list[Addendum] = []
        self._shown: tuple[Analysis, Claim | Actor, Palette] | None = None

    def compose(self):
        yield Static(id="detail-body")

    def _set(self, text: Text) -> None:
        self.query_one("#detail-body", Static).update(text)
        self.scroll_home(animate=False)

    def _addenda(self) -> Text | None:
        if self._shown is None:
            return None
        parts = [extra for addendum in self.addenda if (extra := addendum(*self._shown))]
        return Text("\n").join(parts) if parts else None

    def _body(self) -> Text:
        analysis, target, palette = self._shown
        if isinstance(target, Claim):
            return claim_detail(analysis, target, palette, extra=self._addenda())
        return actor_detail(analysis, target, palette, extra=self._addenda())

    def show_claim(self, analysis: Analysis, claim: Claim, palette: Palette) -> None:
        self._shown = (analysis, claim, palette)
        self._set(self._body())

    def show_actor(self, analysis: Analysis, actor: Actor, palette: Palette) -> None:
        self._shown = (analysis, actor, palette)
        self._set(self._body())

    def show_message(self, message: str, palette: Palette) -> None:
        self._shown = None
        self._set(Text(message, style=palette.muted))

    def refresh_addenda(self) -> None:
        """Redraw the shown claim or actor (its addenda changed), keeping the scroll."""
        if self._shown is not None:
            self.query_one("#detail-body", Static).update(self._body())
