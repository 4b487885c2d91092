"""The reader: the article, its actors and claims, and the detail of the selection.

The app owns the state (``article``, ``analysis``, ``selected_claim``, ``selected_actor``);
widgets draw it and post typed messages (``messages.py``) to change it. New features add a
binding, an ``action_*`` method and a screen; ``load_article`` opens another article.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.widgets import Footer, Header, Static

from cubatui.model import Actor, Analysis, Article, Claim, Span
from cubatui.tui import navigation
from cubatui.tui.commands import CubatuiCommands
from cubatui.tui.messages import ActorPicked, AnalysisFailed, AnalysisReady, ArticleLoaded, ClaimPicked
from cubatui.tui.palette import Palette, make_palette
from cubatui.tui.safe_text import one_line
from cubatui.tui.screens.help import HelpScreen
from cubatui.tui.widgets.actor_tree import ActorsPane, ActorTree, NodeRef
from cubatui.tui.widgets.article_view import ArticleView, claim_kinds_legend, legend_text
from cubatui.tui.widgets.claim_detail import ClaimDetail
from cubatui.tui.widgets.search_bar import SearchBar
from cubatui.tui.library_actions import LIBRARY_BINDINGS, LibraryActions
from cubatui.tui.notes_actions import NOTES_BINDINGS, NotesActions

Analyser = Callable[[Article, "str | None"], Analysis]

HINT = ("Pick a speaker with ] or [, a claim with c or C, or a row in the actors pane. "
        "enter shows the selection in the article; ? lists every key.")


def default_analyser(article: Article, model: str | None) -> Analysis:
    # Imported here: the NLP package pulls in spaCy, which must load in the worker.
    from cubatui.nlp.analyze import analyze_article

    return analyze_article(article, model=model)


class CubatuiApp(NotesActions, LibraryActions, App):
    # Absolute, so subclasses defined elsewhere (benchmarks, tests) find it too.
    CSS_PATH = Path(__file__).with_name("cubatui.tcss")
    TITLE = "cubatui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = App.COMMANDS | {CubatuiCommands}
    # Footer-shown bindings keep a short description (80 columns) and the full one as tooltip,
    # which help and the palette show.
    BINDINGS = [
        Binding("right_square_bracket", "next_speaker", "Speaker", tooltip="Next speaker", id="next_speaker"),
        Binding("left_square_bracket", "previous_speaker", "Previous speaker", show=False, id="previous_speaker"),
        Binding("s", "next_speaker_claim", "Next claim by this speaker", show=False, id="next_speaker_claim"),
        Binding("S", "previous_speaker_claim", "Previous claim by this speaker", show=False,
                id="previous_speaker_claim"),
        Binding("c", "next_claim", "Claim", tooltip="Next claim", id="next_claim"),
        Binding("C", "previous_claim", "Previous claim", show=False, id="previous_claim"),
        Binding("enter", "jump", "Show", tooltip="Show in article", id="jump"),
        Binding("slash", "search", "Search", id="search"),
        Binding("n", "next_match", "Next match", show=False, id="next_match"),
        Binding("N", "previous_match", "Previous match", show=False, id="previous_match"),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        *NOTES_BINDINGS,
        *LIBRARY_BINDINGS,
    ]

    def __init__(self, article: Article, model: str | None = None, *,
                 analyser: Analyser | None = None, analysis: Analysis | None = None) -> None:
        super().__init__()
        self.model = model
        self.analyser: Analyser = analyser or default_analyser
        self.article = article
        self.analysis: Analysis | None = analysis
        self.selected_claim: Claim | None = None
        self.selected_actor: Actor | None = None
        self.analysis_error: str | None = None
        # Bumped by every load, so a late result for an earlier article is ignored.
        self.generation = 0
        self.palette: Palette = make_palette()
        self._set_titles()

    # -- layout -------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Container(id="main"):
            with Vertical(id="article-pane") as pane:
                pane.border_title = "Article"
                yield Static(id="legend")
                yield ArticleView(id="article")
                yield SearchBar(id="search")
            actors = ActorsPane(id="actors-pane")
            actors.border_title = "Actors"
            actors.border_subtitle = claim_kinds_legend()
            yield actors
            detail = ClaimDetail(id="detail")
            detail.border_title = "Detail"
            yield detail
        yield Footer(compact=True)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def actors_pane(self) -> ActorsPane:
        return self.query_one(ActorsPane)

    @property
    def actor_tree(self) -> ActorTree:
        return self.query_one(ActorTree)

    @property
    def detail(self) -> ClaimDetail:
        return self.query_one(ClaimDetail)

    def on_mount(self) -> None:
        self.palette = make_palette(self.get_css_variables())
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.query_one(SearchBar).display = False
        self._apply_keymap()
        self.article_view.focus()
        self.load_article(self.article, self.analysis)

    def _apply_keymap(self) -> None:
        """``[keys]`` in config.toml remaps bindings by id, e.g. ``next_claim = "x"``."""
        from cubatui.config import ConfigError, load_config

        try:
            keys = load_config().get("keys", {})
        except ConfigError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        if isinstance(keys, dict):
            self.set_keymap({str(binding_id): str(key) for binding_id, key in keys.items()})

    def _theme_changed(self, _theme) -> None:
        self.palette = make_palette(self.get_css_variables())
        self._show_state(keep_selection=True)

    def _set_titles(self) -> None:
        self.title = one_line(self.article.title, 100) or "cubatui"
        self.sub_title = one_line(self.article.source, 100)

    # -- loading and analysis --------------------------------------------------------
    def load_article(self, article: Article, analysis: Analysis | None = None) -> None:
        """Show ``article`` now; analyse it in a worker unless ``analysis`` is given."""
        self.generation += 1
        self.article, self.analysis, self.analysis_error = article, analysis, None
        self.selected_claim = self.selected_actor = None
        self._set_titles()
        self._show_state()
        self.post_message(ArticleLoaded(article, self.generation))
        if analysis is None:
            # After the first paint: the article is readable while spaCy loads.
            self.call_after_refresh(self._analyse, article, self.generation)

    @property
    def analysing(self) -> bool:
        return self.analysis is None and self.analysis_error is None

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def _analyse(self, article: Article, generation: int) -> None:
        try:
            analysis = self.analyser(article, self.model)
        except Exception as exc:  # noqa: BLE001 - any failure becomes a message, not a traceback
            from cubatui.nlp.pipeline import ModelError

            error = str(exc) if isinstance(exc, ModelError) else f"analysis failed: {type(exc).__name__}: {exc}"
            self.post_message(AnalysisFailed(one_line(error, 300), generation))
        else:
            self.post_message(AnalysisReady(analysis, generation))

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        if message.generation != self.generation:
            return
        if message.analysis.article.text != self.article.text:
            # Offsets would point at the wrong words: refuse rather than mislead.
            self.post_message(AnalysisFailed("the analysis is for a different text than the article shown",
                                             message.generation))
            return
        self.analysis = message.analysis
        self._show_state()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        if message.generation != self.generation:
            return
        self.analysis_error = message.error
        self._show_state()
        self.notify(message.error, title="Analysis failed", severity="error", timeout=10, markup=False)

    def _show_state(self, keep_selection: bool = False) -> None:
        """Redraw every pane from the app state."""
        claim, actor = self.selected_claim, self.selected_actor
        self.query_one("#legend", Static).update(legend_text(self.palette, self.analysis))
        self.article_view.show(self.article, self.analysis, self.palette)
        self.actors_pane.show(self.analysis)
        waiting = self.analysing
        self.actors_pane.loading = waiting
        self.detail.loading = waiting
        pane = self.query_one("#article-pane")
        if waiting:
            pane.border_subtitle = "analysing…"
            self.detail.show_message("Analysing the article…", self.palette)
        elif self.analysis is None:
            pane.border_subtitle = "analysis failed"
            self.detail.show_message(f"The article could not be analysed: {self.analysis_error}", self.palette)
        else:
            a = self.analysis
            pane.border_subtitle = f"{len(a.quotes)} claims · {len(a.actors)} actors · {len(a.entities)} entities"
            self.detail.show_message(HINT if a.quotes else "No claims found in this article.", self.palette)
        if keep_selection and claim is not None:
            self.select_claim(claim, jump=False)
        elif keep_selection and actor is not None:
            self.select_actor(actor, jump=False)

    # -- selection ------------------------------------------------------------------
    def select_claim(self, claim: Claim | None, jump: bool = True) -> None:
        """Select a claim (its speaker becomes the current actor); ``jump`` scrolls the article."""
        if self.analysis is None or claim is None:
            return
        self.selected_claim = claim
        self.selected_actor = self.analysis.actor(claim.speaker)
        self.article_view.set_selection(claim, None)
        self.detail.show_claim(self.analysis, claim, self.palette)
        self.actor_tree.show_selection(NodeRef("claim", claim.id))
        if jump:
            self.article_view.scroll_to_offset(claim.start, claim.end)

    def select_actor(self, actor: Actor | None, jump: bool = True) -> None:
        """Select an actor (no claim); ``jump`` scrolls the article to its first mention."""
        if self.analysis is None or actor is None:
            return
        self.selected_claim, self.selected_actor = None, actor
        self.article_view.set_selection(None, actor)
        self.detail.show_actor(self.analysis, actor, self.palette)
        self.actor_tree.show_selection(NodeRef("actor", actor.id))
        first = min(actor.mentions, key=lambda m: m.start, default=None)
        if jump and first is not None:
            self.article_view.scroll_to_offset(first.start, first.end)

    def selection_span(self) -> Span | None:
        """The text the reader has in hand: the selected claim, else the current search
        match, else the selected actor's first mention (what a note would anchor to)."""
        if self.selected_claim is not None:
            return self.selected_claim.span
        view = self.article_view
        if view.current_match_span is not None:
            return view.current_match_span
        if self.selected_actor is not None and self.selected_actor.mentions:
            return min(self.selected_actor.mentions, key=lambda m: m.start).span
        return None

    def show_notes(self, spans: Iterable[Span]) -> None:
        """Mark annotated passages in the article (for the notes feature)."""
        self.article_view.set_notes(tuple(spans))

    def claim_by_id(self, claim_id: str) -> Claim | None:
        if self.analysis is None:
            return None
        return next((q for q in self.analysis.quotes if q.id == claim_id), None)

    @on(ClaimPicked)
    def _claim_picked(self, message: ClaimPicked) -> None:
        claim = self.claim_by_id(message.claim_id)
        if claim is not None and (claim is not self.selected_claim or message.jump):
            self.select_claim(claim, jump=message.jump or claim is not self.selected_claim)

    @on(ActorPicked)
    def _actor_picked(self, message: ActorPicked) -> None:
        actor = self.analysis.actor(message.actor_id) if self.analysis else None
        if actor is not None and (actor is not self.selected_actor or self.selected_claim is not None or message.jump):
            self.select_actor(actor, jump=message.jump or actor is not self.selected_actor)

    # -- actions: claims and speakers ---------------------------------------------------
    def _can_navigate(self) -> bool:
        """True when there is an analysis to navigate; otherwise tell the reader why not."""
        if self.analysis is not None:
            if not self.analysis.quotes:
                self.notify("No claims found in this article.", markup=False)
                return False
            return True
        self.notify("The analysis is still running…" if self.analysing else
                    f"No analysis: {self.analysis_error}", markup=False)
        return False

    def _step_speaker(self, step: int) -> None:
        if not self._can_navigate():
            return
        current = self.selected_actor.id if self.selected_actor else None
        actor = navigation.step_speaker(self.analysis, current, step)
        if actor is not None:
            self.select_claim(self.analysis.claims_by(actor.id)[0])

    def action_next_speaker(self) -> None:
        self._step_speaker(+1)

    def action_previous_speaker(self) -> None:
        self._step_speaker(-1)

    def _step_claim(self, claims: list[Claim], step: int, end_message: str) -> None:
        claim = navigation.step_claim(claims, self.selected_claim, step)
        if claim is None:
            self.notify(end_message, markup=False, timeout=2)
        else:
            self.select_claim(claim)

    def action_next_claim(self) -> None:
        if self._can_navigate():
            self._step_claim(navigation.claims_in_order(self.analysis), +1, "That was the last claim.")

    def action_previous_claim(self) -> None:
        if self._can_navigate():
            self._step_claim(navigation.claims_in_order(self.analysis), -1, "That was the first claim.")

    def _step_speaker_claim(self, step: int) -> None:
        if not self._can_navigate():
            return
        actor = self.selected_actor
        if actor is None or not self.analysis.claims_by(actor.id):
            self._step_speaker(step)  # no current speaker yet: start with the first one
            return
        claims = self.analysis.claims_by(actor.id)
        current = self.selected_claim if self.selected_claim in claims else None
        if current is None:  # the actor itself is selected: start from its first/last claim
            self.select_claim(claims[0] if step > 0 else claims[-1])
            return
        name = one_line(actor.name, 40)
        self._step_claim(claims, step, f"That was {name}'s {'last' if step > 0 else 'first'} claim.")

    def action_next_speaker_claim(self) -> None:
        self._step_speaker_claim(+1)

    def action_previous_speaker_claim(self) -> None:
        self._step_speaker_claim(-1)

    def action_jump(self) -> None:
        if self.selected_claim is not None:
            self.article_view.scroll_to_offset(self.selected_claim.start, self.selected_claim.end)
        elif self.selected_actor is not None:
            self.select_actor(self.selected_actor, jump=True)

    def action_go_to_actor(self, actor_id: str) -> None:
        actor = self.analysis.actor(actor_id) if self.analysis else None
        if actor is None:
            return
        claims = self.analysis.claims_by(actor.id)
        if claims:
            self.select_claim(claims[0])
        else:
            self.select_actor(actor)

    # -- actions: search ------------------------------------------------------------------
    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.display = True
        bar.focus()

    @on(SearchBar.Submitted)
    def _search_submitted(self, event: SearchBar.Submitted) -> None:
        event.stop()
        query = event.value
        self._close_search()
        if not query.strip():
            return
        view = self.article_view
        start = self.selected_claim.start if self.selected_claim else view.top_offset()
        count = view.search(query, from_offset=start)
        if count:
            self.notify(f"{count} match{'es' if count != 1 else ''} for “{one_line(query, 40)}” (n/N to move)",
                        markup=False, timeout=3)
        else:
            self.notify(f"No match for “{one_line(query, 40)}”.", markup=False, severity="warning", timeout=3)

    @on(SearchBar.Cancelled)
    def _search_cancelled(self) -> None:
        self._close_search()

    def _close_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.display = False
        self.article_view.focus()

    def _step_match(self, step: int) -> None:
        if not self.article_view.step_match(step):
            self.notify("No search results: press / to search the article.", markup=False, timeout=3)

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    # -- help and palette -------------------------------------------------------------------
    def help_sections(self) -> list[tuple[str, list]]:
        from cubatui.tui.screens.help import PANE_KEYS

        moves = [Binding("up,down", "", "Move (arrows, like j/k)")]
        return [
            ("Everywhere", [*self.BINDINGS, *(Binding(k, "", d) for k, d in PANE_KEYS)]),
            ("Article pane", [*ArticleView.BINDINGS, *moves, Binding("pageup,pagedown", "", "Page up / down")]),
            ("Actors pane", [*ActorTree.BINDINGS, *moves,
                             Binding("letters", "", "Type to filter actors and claims")]),
            ("Detail pane", [*ClaimDetail.BINDINGS, *moves]),
            ("Search box", [Binding("enter", "", "Search"), Binding("escape", "", "Close the search box")]),
            *self.notes_help_sections(),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(title, help, callback) for the command palette; features append theirs here."""
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action != "quit":
                key = self.get_key_display(Binding(binding.key.split(",")[0], binding.action))
                commands.append((binding.tooltip or binding.description, f"key: {key}", getattr(self, f"action_{binding.action}")))
        for pane_id, name in (("article", "article"), ("actor-tree", "actors"), ("detail", "detail")):
            commands.append((f"Focus the {name} pane", "tab / shift+tab",
                             partial(self.set_focus, self.query_one(f"#{pane_id}"))))
        if self.analysis is not None:
            for actor in self.analysis.actors_by_claims():
                count = len(self.analysis.claims_by(actor.id))
                commands.append((f"Go to actor: {one_line(actor.name, 60)}",
                                 f"{actor.kind.lower()}, {count} claim{'s' if count != 1 else ''}",
                                 partial(self.action_go_to_actor, actor.id)))
        return commands


def run_app(article: Article, model: str | None = None) -> int:
    # The caller (the CLI) has already kept the article in the library; the cached analyser
    # reuses its stored analysis (no spaCy import) or stores the fresh one.
    from cubatui.library.cache import cached_analyser

    app = CubatuiApp(article, model, analyser=cached_analyser)
    app.run()
    return app.return_code or 0
