"""The article: paragraphs with entity mentions, claims, the selection and search matches marked."""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.widgets import Static

from cubatui.model import Actor, Analysis, Article, Claim, Entity, Span, split_paragraphs
from cubatui.tui.messages import ActorPicked, ClaimPicked
from cubatui.tui.palette import ENTITY_KINDS, Palette, claim_marker, make_palette
from cubatui.tui.passage import selection_span
from cubatui.tui.safe_text import visible
from cubatui.tui.widgets.vim_scroll import VimScroll, vim_scroll_bindings


def paragraph_text(article: Article, paragraph: Span, palette: Palette, *,
                   claims: Iterable[Claim] = (), entities: Iterable[Entity] = (),
                   selected_claim: Claim | None = None, selected_actor: Actor | None = None,
                   matches: tuple[Span, ...] = (), current_match: int = -1,
                   notes: tuple[Span, ...] = (), passage: Span | None = None) -> Text:
    """One paragraph as styled Text; every style carries meta so clicks know what they hit.

    ``claims`` and ``entities`` need only be those inside the paragraph (others are ignored)."""
    base = paragraph.start
    text = Text(visible(article.text[paragraph.start:paragraph.end]))

    def mark(start: int, end: int, style: Style) -> None:
        lo, hi = max(start, paragraph.start) - base, min(end, paragraph.end) - base
        if lo < hi:
            text.stylize(style, lo, hi)

    for note in notes:
        mark(note.start, note.end, palette.note)
    for claim in claims:
        if claim is not selected_claim:
            mark(claim.start, claim.end, palette.claim + Style(meta={"claim": claim.id}))
    for entity in entities:
        meta = {"actor": entity.actor} if entity.actor else {}
        mark(entity.start, entity.end, palette.entity(entity.label) + Style(meta=meta))
    if selected_actor is not None and selected_claim is None:
        for mention in selected_actor.mentions:
            mark(mention.start, mention.end, palette.selected_claim)
    if selected_claim is not None:
        mark(selected_claim.start, selected_claim.end,
             palette.selected_claim + Style(meta={"claim": selected_claim.id}))
        if selected_claim.cue:
            mark(selected_claim.cue.start, selected_claim.cue.end, palette.cue)
        if selected_claim.speaker_mention:
            mark(selected_claim.speaker_mention.start, selected_claim.speaker_mention.end, palette.speaker)
    if passage is not None:  # a passage picked for a note, by keyboard or from the list
        mark(passage.start, passage.end, palette.selected_claim)
    for i, match in enumerate(matches):
        mark(match.start, match.end, palette.current_match if i == current_match else palette.match)
    return text


def paragraphs_touched(paragraphs: Sequence[Span], spans: Iterable[Span]) -> set[int]:
    """Indices of the paragraphs (sorted, disjoint) that any of ``spans`` overlaps."""
    starts = [p.start for p in paragraphs]
    touched: set[int] = set()
    for span in spans:
        i = max(bisect_right(starts, span.start) - 1, 0)
        while i < len(paragraphs) and paragraphs[i].start < max(span.end, span.start + 1):
            if paragraphs[i].overlaps(span) or paragraphs[i].contains(span.start):
                touched.add(i)
            i += 1
    return touched


def legend_text(palette: Palette, analysis: Analysis | None) -> Text:
    legend = Text()
    if analysis is not None and not analysis.entities:
        legend.append("No named entities found in this article.", style=palette.muted)
    else:
        for kind, (name, _, _) in ENTITY_KINDS.items():
            legend.append(name, style=palette.entities[kind])
            legend.append("  ")
    legend.append("│ ", style=palette.muted)
    legend.append("claim", style=palette.claim)
    legend.append(" ")
    legend.append("selected", style=palette.selected_claim)
    return legend


def claim_kinds_legend() -> Text:
    return Text(" ".join(f"{claim_marker(k)} {k}" for k in ("direct", "mixed", "indirect")))


class ArticleParagraph(Static):
    """One paragraph; a click selects the claim (or else the actor) under the pointer."""

    def __init__(self, index: int, span: Span, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.span = span

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if meta.get("claim"):
            event.stop()
            self.post_message(ClaimPicked(meta["claim"]))
        elif meta.get("actor"):
            event.stop()
            self.post_message(ActorPicked(meta["actor"]))


class ArticleView(VimScroll):
    """The scrolling article. It draws what the app tells it; it owns only the search matches."""

    BINDINGS = vim_scroll_bindings("article")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.analysis: Analysis | None = None
        self.palette: Palette = make_palette()
        self.selected_claim: Claim | None = None
        self.selected_actor: Actor | None = None
        self.matches: tuple[Span, ...] = ()
        self.current_match = -1
        self._paragraphs: list[ArticleParagraph] = []
        self.notes: tuple[Span, ...] = ()
        self.passage: Span | None = None
        self._claims_in: list[list[Claim]] = []
        self._entities_in: list[list[Entity]] = []

    # -- content --------------------------------------------------------------
    @property
    def paragraphs(self) -> tuple[Span, ...]:
        if self.analysis is not None and self.analysis.paragraphs:
            return self.analysis.paragraphs
        return split_paragraphs(self.article.text) if self.article else ()

    def show(self, article: Article, analysis: Analysis | None, palette: Palette) -> None:
        """Show an article (and its analysis, once there is one); clears the selection."""
        new_article = article is not self.article
        self.article, self.analysis, self.palette = article, analysis, palette
        self.selected_claim = self.selected_actor = None
        if new_article:
            self.matches, self.current_match = (), -1
            self.notes = ()
            self.passage = None
        spans = list(self.paragraphs) or [Span(0, 0)]
        if new_article or spans != [p.span for p in self._paragraphs]:
            self._paragraphs = [ArticleParagraph(i, span, classes="paragraph") for i, span in enumerate(spans)]
            self.remove_children()
            self.mount_all(self._paragraphs)
            if new_article:
                self.scroll_home(animate=False)
        self._index_analysis()
        self.redraw()

    def _index_analysis(self) -> None:
        """Which claims and entities each paragraph holds, so a redraw touches only its own."""
        spans = [p.span for p in self._paragraphs]
        self._claims_in = [[] for _ in spans]
        self._entities_in = [[] for _ in spans]
        if self.analysis is None:
            return
        starts = [p.start for p in spans]

        def holders(start: int, end: int) -> Iterable[int]:
            i = max(bisect_right(starts, start) - 1, 0)
            while i < len(spans) and spans[i].start < end:
                if spans[i].overlaps(Span(start, end)):
                    yield i
                i += 1

        for claim in self.analysis.quotes:
            for i in holders(claim.start, claim.end):
                self._claims_in[i].append(claim)
        for entity in self.analysis.entities:
            for i in holders(entity.start, entity.end):
                self._entities_in[i].append(entity)

    def _touched(self, spans: Iterable[Span]) -> set[int]:
        return paragraphs_touched([p.span for p in self._paragraphs], spans)

    def _selection_spans(self) -> list[Span]:
        spans = [self.selected_claim.span] if self.selected_claim else []
        if self.passage is not None:
            spans.append(self.passage)
        if self.selected_actor is not None:
            spans.extend(m.span for m in self.selected_actor.mentions)
        return spans

    def set_notes(self, spans: "tuple[Span, ...] | list[Span]") -> None:
        """Mark annotated passages (tinted, with a bar on the right of their paragraphs)."""
        self.notes = tuple(spans)
        self.redraw()

    def set_selection(self, claim: Claim | None, actor: Actor | None) -> None:
        """Select a claim or an actor; this replaces a selected passage (keyboard or mouse)."""
        before = self._selection_spans()
        self.selected_claim, self.selected_actor, self.passage = claim, actor, None
        if (claim or actor) and self.is_attached and any(
                isinstance(w, ArticleParagraph) for w in self.screen.selections):
            self.screen.clear_selection()
        self.redraw(self._touched([*before, *self._selection_spans()]))

    def set_passage(self, span: Span | None) -> None:
        """Select a passage of the text (shown like a selected claim), or none."""
        before = self._selection_spans()
        self.passage = span
        self.redraw(self._touched([*before, *self._selection_spans()]))

    def mouse_selection(self) -> Span | None:
        """The article text selected with the mouse (Textual's screen selection), as
        article offsets; several paragraphs give one span from the first to the last."""
        if self.article is None or not self.is_attached:
            return None
        spans = []
        for widget, selection in self.screen.selections.items():
            if isinstance(widget, ArticleParagraph) and widget.parent is self and widget.is_attached:
                shown = visible(self.article.text[widget.span.start:widget.span.end])
                span = selection_span(widget.span, shown, selection)
                if span is not None:
                    spans.append(span)
        if not spans:
            return None
        return Span(min(s.start for s in spans), max(s.end for s in spans))

    def redraw(self, only: "set[int] | None" = None) -> None:
        """Redraw every paragraph, or only those whose indices are in ``only``."""
        if self.article is None:
            return
        empty = not self.article.text.strip()
        for i, paragraph in enumerate(self._paragraphs):
            if only is not None and i not in only:
                continue
            if empty:
                paragraph.update(Text("This article has no text.", style=self.palette.muted))
                continue
            paragraph.update(paragraph_text(
                self.article, paragraph.span, self.palette,
                claims=self._claims_in[i], entities=self._entities_in[i],
                selected_claim=self.selected_claim, selected_actor=self.selected_actor,
                matches=self.matches, current_match=self.current_match, notes=self.notes,
                passage=self.passage))
            # A gutter mark beside paragraphs with claims: a cue that needs no colour.
            paragraph.set_class(bool(self._claims_in[i]), "-has-claims")
            paragraph.set_class(any(n.overlaps(paragraph.span) for n in self.notes), "-has-notes")
            paragraph.set_class(any(s.overlaps(paragraph.span) for s in
                                    (self.selected_claim and self.selected_claim.span, self.passage)
                                    if s is not None), "-selected")

    # -- scrolling --------------------------------------------------------------
    def paragraph_at(self, offset: int) -> ArticleParagraph | None:
        best = None
        for paragraph in self._paragraphs:
            if paragraph.span.start <= offset:
                best = paragraph
            if paragraph.span.contains(offset):
                return paragraph
        return best

    def line_of_offset(self, offset: int) -> int:
        """The line (in the scrolled content) where ``offset`` is drawn."""
        paragraph = self.paragraph_at(offset)
        if paragraph is None or self.article is None:
            return 0
        width = max(paragraph.content_region.width, 1)
        prefix = visible(self.article.text[paragraph.span.start:max(offset, paragraph.span.start)])
        line = len(Text(prefix + "x").wrap(self.app.console, width)) - 1 if prefix else 0
        return paragraph.virtual_region.y + paragraph.styles.padding.top + line

    def scroll_to_offset(self, start: int, end: int | None = None) -> None:
        """Bring the text at [start, end) into view (centred), once the layout is known."""
        def scroll() -> None:
            top = self.line_of_offset(start)
            bottom = self.line_of_offset(max(start, (end or start) - 1))
            height = min(bottom - top + 1, max(self.scrollable_content_region.height - 2, 1))
            self.scroll_to_region(Region(0, top, 1, height), animate=False, center=True, force=True)
        self.call_after_refresh(scroll)

    def is_offset_visible(self, offset: int) -> bool:
        line = self.line_of_offset(offset)
        return self.scroll_y <= line < self.scroll_y + self.scrollable_content_region.height

    # -- search -----------------------------------------------------------------
    def search(self, query: str, from_offset: int = 0) -> int:
        """Mark every case-insensitive match of ``query``; go to the first at or after
        ``from_offset``. Returns the number of matches."""
        before = self.matches
        self.matches, self.current_match = (), -1
        if query and self.article is not None:
            haystack, needle = self.article.text.casefold(), query.casefold()
            # casefold can change lengths (ß -> ss); then fall back to lower(), which keeps them.
            if len(haystack) != len(self.article.text) or len(needle) != len(query):
                haystack, needle = self.article.text.lower(), query.lower()
            found, at = [], haystack.find(needle)
            while at != -1 and needle:
                found.append(Span(at, at + len(needle)))
                at = haystack.find(needle, at + len(needle))
            self.matches = tuple(found)
        if self.matches:
            self.current_match = next((i for i, m in enumerate(self.matches) if m.start >= from_offset), 0)
            self._show_match()
        self.redraw(self._touched([*before, *self.matches]))
        return len(self.matches)

    @property
    def current_match_span(self) -> Span | None:
        """The search match the reader is on, if any."""
        return self.matches[self.current_match] if self.matches and self.current_match >= 0 else None

    def step_match(self, step: int) -> bool:
        """Go to the next (+1) or previous (-1) match, wrapping; False if there are none."""
        if not self.matches:
            return False
        before = self.matches[self.current_match]
        self.current_match = (self.current_match + step) % len(self.matches)
        self._show_match()
        self.redraw(self._touched([before, self.matches[self.current_match]]))
        return True

    def _show_match(self) -> None:
        match = self.matches[self.current_match]
        self.scroll_to_offset(match.start, match.end)

    def top_offset(self) -> int:
        """The text offset of the first paragraph in view (where a search starts)."""
        for paragraph in self._paragraphs:
            if paragraph.virtual_region.bottom > self.scroll_y:
                return paragraph.span.start
        return 0
