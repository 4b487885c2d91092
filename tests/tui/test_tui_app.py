"""Pilot tests: every key of the reader, the main flow, loading, errors and hostile text."""

from __future__ import annotations

import threading

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from cubatui.model import Actor, Analysis, Article, Entity, Mention, split_paragraphs
from cubatui.tui.app import CubatuiApp
from cubatui.tui.screens.help import HelpScreen
from cubatui.tui.widgets.actor_tree import ActorTree, NodeRef
from cubatui.tui.widgets.article_view import ArticleParagraph, ArticleView
from cubatui.tui.widgets.claim_detail import ClaimDetail

WIDE, NARROW = (120, 40), (80, 24)


def make_app(analysis: Analysis) -> CubatuiApp:
    return CubatuiApp(analysis.article, analysis=analysis)


def selected(app: CubatuiApp) -> str | None:
    return app.selected_claim.id if app.selected_claim else None


def detail_text(app: CubatuiApp) -> str:
    return str(app.query_one("#detail-body").render())


async def test_speaker_keys_cycle_most_quoted_first_and_scroll(analysis):
    app = make_app(analysis)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("right_square_bracket")
        assert selected(app) == "q1" and app.selected_actor.name == "Ana Ruiz"
        await pilot.press("right_square_bracket")
        assert selected(app) == "q4" and app.selected_actor.name == "Tom Baker"
        await pilot.pause()
        assert app.article_view.is_offset_visible(app.selected_claim.start)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert selected(app) == "q1"  # wrapped round after the four speakers
        await pilot.press("left_square_bracket")
        assert app.selected_actor.name == "Critics of the union" and selected(app) == "q6"


async def test_s_moves_within_the_speakers_claims(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("s")  # no speaker yet: starts with the first speaker
        assert selected(app) == "q1"
        await pilot.press("s")
        assert selected(app) == "q2"
        await pilot.press("s")
        assert selected(app) == "q7"
        await pilot.press("s")
        assert selected(app) == "q7"  # stays on the last one
        await pilot.press("S")
        assert selected(app) == "q2"
        await pilot.press("S", "S")
        assert selected(app) == "q1"


async def test_c_moves_through_every_claim_in_reading_order(analysis):
    app = make_app(analysis)
    async with app.run_test(size=NARROW) as pilot:
        seen = []
        for _ in range(8):
            await pilot.press("c")
            seen.append(selected(app))
        assert seen == ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q7"]
        await pilot.pause()
        assert app.article_view.is_offset_visible(app.selected_claim.start)
        await pilot.press("C", "C")
        assert selected(app) == "q5"


async def test_tab_and_shift_tab_move_between_panes(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        assert app.focused.id == "article"
        await pilot.press("tab")
        assert app.focused.id == "actor-filter"
        await pilot.press("tab")
        assert app.focused.id == "actor-tree"
        await pilot.press("tab")
        assert app.focused.id == "detail"
        await pilot.press("tab")
        assert app.focused.id == "article"
        await pilot.press("shift+tab")
        assert app.focused.id == "detail"


async def test_j_k_and_arrows_in_the_actor_tree_select(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        app.actor_tree.focus()
        await pilot.pause()
        await pilot.press("j")  # onto the first actor
        await pilot.pause()
        assert app.selected_actor.name == "Ana Ruiz" and app.selected_claim is None
        await pilot.press("j")  # onto its first claim
        await pilot.pause()
        assert selected(app) == "q1"
        await pilot.press("down")
        await pilot.pause()
        assert selected(app) == "q2"
        await pilot.press("k", "k")
        await pilot.pause()
        assert app.selected_claim is None and app.selected_actor.name == "Ana Ruiz"
        assert "Aliases: Ana Ruiz, Ruiz" in detail_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert app.selected_actor.name == "Port Ellis"  # the last row: an actor never quoted
        await pilot.press("g")
        await pilot.pause()
        assert app.selected_actor.name == "Ana Ruiz"


async def test_j_k_g_G_scroll_the_article_and_the_detail(analysis):
    app = make_app(analysis)
    async with app.run_test(size=NARROW) as pilot:
        view = app.article_view
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("c")
        detail = app.query_one(ClaimDetail)
        detail.focus()
        await pilot.pause()
        await pilot.press("j")
        assert detail.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert detail.scroll_y == detail.max_scroll_y > 1
        await pilot.press("g")
        await pilot.pause()
        assert detail.scroll_y == 0


async def test_flow_speaker_then_claim_then_context_then_enter(analysis):
    app = make_app(analysis)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")  # Tom Baker
        assert app.selected_actor.name == "Tom Baker"
        await pilot.press("s")  # his next claim
        claim = app.selected_claim
        assert claim.id == "q5"
        text = detail_text(app)
        assert "We have waited long enough." in text and "Speaker: Tom Baker (person)" in text
        assert "Baker said: “We have waited long enough.”" in text  # the sentence, in context
        assert "members were ready to walk out" in text  # his other claim
        view = app.article_view
        view.scroll_end(animate=False)
        await pilot.pause()
        view.scroll_home(animate=False)
        await pilot.pause()
        assert not view.is_offset_visible(claim.start)
        await pilot.press("enter")
        await pilot.pause()
        assert view.is_offset_visible(claim.start)
        # The paragraph that holds the claim is drawn with the selection.
        paragraph = view.paragraph_at(claim.start)
        assert paragraph.has_class("-selected")


async def test_enter_in_the_tree_jumps_to_the_claim(analysis):
    app = make_app(analysis)
    async with app.run_test(size=NARROW) as pilot:
        tree = app.actor_tree
        tree.focus()
        await pilot.pause()
        target = tree.find_node(NodeRef("claim", "q7"))
        tree.move_cursor(target)
        await pilot.pause()
        app.article_view.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert selected(app) == "q7"
        assert app.article_view.is_offset_visible(app.selected_claim.start)


async def test_mouse_clicks_select_claims_actors_and_tree_rows(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        first = app.query(ArticleParagraph)[1]  # "“We will not sell…" : q1 starts at its 2nd character
        await pilot.click(first, offset=(6, 0))
        assert selected(app) == "q1"
        title = app.query(ArticleParagraph)[0]  # "Harbour plan splits Port Ellis council"
        at = analysis.article.text.index("Port Ellis")
        await pilot.click(title, offset=(2 + at, 0))  # 2 = gutter and padding
        assert app.selected_claim is None and app.selected_actor.name == "Port Ellis"
        tree = app.actor_tree
        line = tree.find_node(NodeRef("claim", "q4"))._line
        await pilot.click(tree, offset=(6, line - tree.scroll_offset.y))
        await pilot.pause()
        assert selected(app) == "q4"


async def test_search_n_and_N(analysis):
    app = make_app(analysis)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        await pilot.press(*"harbour", "enter")
        view = app.article_view
        assert len(view.matches) == 4  # "Harbour", "the harbour", "The harbour" twice
        assert view.current_match == 0 and app.focused is view
        await pilot.press("n")
        assert view.current_match == 1
        await pilot.press("n", "n", "n")
        assert view.current_match == 0  # wraps
        await pilot.press("N")
        assert view.current_match == 3
        await pilot.pause()
        assert view.is_offset_visible(view.matches[3].start)
        await pilot.press("slash", *"zzz", "enter")
        assert view.matches == ()
        await pilot.press("slash", "x", "escape")
        assert app.focused is view and not app.query_one("#search").display


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_binding(analysis, key):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press(key)
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        console = Console(width=100, record=True)
        console.print(app.screen.table)
        shown = console.export_text()
        for binding in [*app.BINDINGS, *ArticleView.BINDINGS, *ActorTree.BINDINGS, *ClaimDetail.BINDINGS]:
            assert (binding.tooltip or binding.description) in shown
        for key_name in ("tab", "shift+tab", "^p", "]", "[", "/", "?", "f1", "⏎", "↑ / ↓"):
            assert key_name in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_goes_to_an_actor_by_name(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"go to actor tom")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected_actor.name == "Tom Baker" and selected(app) == "q4"


async def test_command_palette_has_a_command_for_every_action(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        titles = [title for title, _, _ in app.palette_commands()]
        for binding in app.BINDINGS:
            if binding.action != "quit":  # the palette's own Quit command covers it
                assert (binding.tooltip or binding.description) in titles
        assert "Go to actor: Critics of the union" in titles
        # Running one works like its key.
        dict((t, cb) for t, _, cb in app.palette_commands())["Next claim"]()
        await pilot.pause()
        assert selected(app) == "q1"


async def test_q_quits(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app._exit  # the app is shutting down
    assert app.return_code == 0


async def test_typing_in_the_tree_filters_it(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        app.actor_tree.focus()
        await pilot.pause()
        await pilot.press("B", "o", "t")  # letters no binding uses go to the filter box
        await pilot.pause()
        assert app.query_one("#actor-filter", Input).value == "Bot"
        await pilot.press("backspace", "backspace", "backspace", *"baker", "enter")
        await pilot.pause()
        tree = app.actor_tree
        names = [str(node.label).split(" ")[0] for node in tree.root.children]
        assert names == ["Tom"] and app.focused is tree
        # A claim's words filter too: only the matching claim is kept.
        app.query_one("#actor-filter", Input).value = "walk out"
        await pilot.pause()
        rows = [child.data.id for node in tree.root.children for child in node.children]
        assert rows == ["q4"]
        app.query_one("#actor-filter", Input).value = "nobody by that name"
        await pilot.pause()
        assert app.query_one("#actors-empty").display
        app.query_one("#actor-filter", Input).focus()
        await pilot.press("escape")  # clears the filter, back in the tree
        assert app.query_one("#actor-filter", Input).value == "" and app.focused is tree
        assert len(tree.root.children) == 5


async def test_article_is_readable_while_the_analysis_runs(analysis):
    release = threading.Event()

    def slow_analyser(article, model):
        release.wait(5)
        return analysis

    app = CubatuiApp(analysis.article, analyser=slow_analyser)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.analysing
        assert "Harbour plan splits" in str(app.query(ArticleParagraph)[0].render())
        assert app.query_one("#actors-pane").loading
        assert app.query_one("#article-pane").border_subtitle == "analysing…"
        await pilot.press("c")  # nothing to navigate yet: a message, no error
        assert app.selected_claim is None
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.analysing and not app.query_one("#actors-pane").loading
        assert app.query_one("#article-pane").border_subtitle.startswith("7 claims")
        await pilot.press("c")
        assert selected(app) == "q1"


async def test_analysis_errors_are_shown_not_raised(analysis):
    from cubatui.nlp.pipeline import ModelError

    def broken(article, model):
        raise ModelError("spaCy model 'xx_missing' is not installed")

    app = CubatuiApp(analysis.article, analyser=broken)
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.analysis_error == "spaCy model 'xx_missing' is not installed"
        assert any("xx_missing" in str(n.message) for n in app._notifications)
        assert "xx_missing" in detail_text(app)
        await pilot.press("right_square_bracket")  # still usable
        assert app.is_running


async def test_unexpected_analyser_errors_become_messages(analysis):
    def crashing(article, model):
        raise RuntimeError("boom")

    app = CubatuiApp(analysis.article, analyser=crashing)
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "RuntimeError: boom" in app.analysis_error


async def test_loading_another_article_replaces_everything(analysis):
    app = make_app(analysis)
    other_text = "Nobody speaks here.\nJust two lines."
    other = Analysis(article=Article(other_text, title="Quiet", source="quiet.txt"),
                     paragraphs=split_paragraphs(other_text))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c")
        app.load_article(other.article, other)
        await pilot.pause()
        assert app.title == "Quiet" and app.selected_claim is None
        assert len(app.query(ArticleParagraph)) == 2


async def test_empty_states_say_so():
    text = "A quiet day.\nNothing happened at all."
    empty = Analysis(article=Article(text, title="Quiet", source="quiet.txt"), paragraphs=split_paragraphs(text))
    app = make_app(empty)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert "No actors or claims found" in str(app.query_one("#actors-empty").render())
        assert "No named entities found" in str(app.query_one("#legend").render())
        assert "No claims found" in detail_text(app)
        await pilot.press("c", "right_square_bracket", "s", "enter", "n")  # all harmless


async def test_no_claims_but_entities():
    text = "Cuba and Spain met.\nThey met again."
    cuba = Entity(0, 4, "Cuba", "GPE", "a1")
    actor = Actor("a1", "Cuba", "GPE", mentions=(Mention(0, 4, "Cuba"),))
    analysis = Analysis(article=Article(text), paragraphs=split_paragraphs(text), entities=(cuba,), actors=(actor,))
    app = make_app(analysis)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert "No named entities" not in str(app.query_one("#legend").render())
        assert "No claims found" in str(app.query_one("#actors-empty").render())


HOSTILE = ("Markup [bold]x[/] and [link=http://x]y[/link] and a lone [ bracket.\n"
           "Escapes \x1b[31mred\x1b[0m and OSC 52 \x1b]52;c;aGVsbG8=\x07 here.\n")


async def test_markup_and_escape_sequences_are_shown_literally():
    start = HOSTILE.index("[bold]")
    actor_name = "[red]Evil\x1b[2J"
    analysis = Analysis(
        article=Article(HOSTILE, title="[b]T[/b]\x1b]0;pwned\x07", source="[i]src"),
        paragraphs=split_paragraphs(HOSTILE),
        entities=(Entity(start, start + 13, HOSTILE[start:start + 13], "PERSON", "a1"),),
        actors=(Actor("a1", actor_name, "PERSON", aliases=(actor_name,)),),
    )
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        first, second = (str(p.render()) for p in app.query(ArticleParagraph))
        assert "[bold]x[/]" in first and "[link=http://x]y[/link]" in first and "lone [ bracket" in first
        assert "\x1b" not in second and "\x07" not in second
        assert "␛[31mred␛[0m" in second and "␛]52;c;aGVsbG8=␇" in second
        assert app.title == "[b]T[/b]␛]0;pwned␇" and app.sub_title == "[i]src"
        label = str(app.actor_tree.root.children[0].label)
        assert label.startswith("[red]Evil␛[2J")
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("slash", *"[bold]", "enter")
        assert len(app.article_view.matches) == 1


async def test_layout_at_80x24_and_on_resize(analysis):
    app = make_app(analysis)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        article = app.query_one("#article-pane").region
        actors = app.query_one("#actors-pane").region
        detail = app.query_one("#detail").region
        assert article.width == 80 and actors.y >= article.bottom and detail.y == actors.y
        assert actors.height >= 6 and detail.height >= 6
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.screen.has_class("-wide")
        article = app.query_one("#article-pane").region
        actors = app.query_one("#actors-pane").region
        assert actors.x >= article.right and article.height > 30


async def test_theme_change_redraws_in_the_new_colours(analysis):
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c")
        before = app.palette.entity("PERSON").color
        app.theme = "textual-light"
        await pilot.pause()
        assert app.palette.entity("PERSON").color != before
        assert selected(app) == "q1"  # the selection survives the redraw


async def test_no_color_keeps_the_non_colour_cues(analysis, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        # Textual turns colours to greys under NO_COLOR; the cues below must carry the meaning.
        assert any(type(f).__name__ in ("NoColor", "Monochrome") for f in app._filters)
        paragraph = app.query(ArticleParagraph)[1]  # q1 (selected) and "Ana Ruiz" (a person)
        segments = [seg for y in range(paragraph.size.height) for seg in paragraph.render_line(y)]
        assert any(seg.style and seg.style.reverse and "sell" in seg.text for seg in segments)
        assert any(seg.style and seg.style.bold and "Ana" in seg.text for seg in segments)


async def test_the_real_model_fills_the_panes_after_the_worker_finishes(nlp):
    from pathlib import Path

    from cubatui.sources import load_source

    seed = Path(__file__).resolve().parents[2] / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"
    article = load_source(str(seed))
    app = CubatuiApp(article)  # the default analyser: spaCy, in a worker thread
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert "Cuba has said" in str(app.query(ArticleParagraph)[0].render())
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.analysis_error is None and app.analysis is not None
        assert app.analysis.entities and app.analysis.actors
        rows = [child.data.id for node in app.actor_tree.root.children for child in node.children]
        assert sorted(rows) == sorted(q.id for q in app.analysis.quotes)
        claims = len(app.analysis.quotes)
        assert app.query_one("#article-pane").border_subtitle.startswith(f"{claims} claims")
        if claims:
            await pilot.press("c")
            assert app.selected_claim is not None


async def test_keys_can_be_remapped_in_config_by_binding_id(analysis):
    from cubatui import locations

    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\nnext_claim = "x"\n', encoding="utf-8")
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("x")
        assert selected(app) == "q1"


async def test_a_broken_config_is_a_message_not_a_crash(analysis):
    from cubatui import locations

    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[keys\n", encoding="utf-8")
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c")
        assert selected(app) == "q1"
        assert any("config" in str(n.message) for n in app._notifications)


async def test_the_palette_shows_hostile_actor_names_literally():
    text = "[link=http://x]Evil[/link] spoke.\n"
    name = "[link=http://x]Evil[/link] [b]"
    analysis = Analysis(article=Article(text), paragraphs=split_paragraphs(text),
                        actors=(Actor("a1", name, "PERSON", mentions=(Mention(0, 26, text[:26]),)),))
    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p", *"evil")
        await pilot.pause(0.3)
        from textual.widgets import OptionList

        prompts = [str(getattr(o.prompt, "plain", o.prompt))
                   for o in app.screen.query_one(OptionList).options]
        assert any(f"Go to actor: {name}" in p for p in prompts)


async def test_selection_span_and_note_marks_for_later_features(analysis):
    from cubatui.model import Span

    app = make_app(analysis)
    async with app.run_test(size=WIDE) as pilot:
        assert app.selection_span() is None
        await pilot.press("c")
        assert app.selection_span() == analysis.quotes[0].span
        start = analysis.article.text.index("cranes")
        app.show_notes([Span(start, start + 6)])
        await pilot.pause()
        paragraph = app.article_view.paragraph_at(start)
        assert paragraph.has_class("-has-notes")
        assert not app.article_view.paragraph_at(0).has_class("-has-notes")


async def test_claims_without_a_speaker_are_listed_apart(analysis):
    import dataclasses

    from cubatui.tui.widgets.actor_tree import UNATTRIBUTED

    quotes = list(analysis.quotes)
    quotes[5] = dataclasses.replace(quotes[5], speaker=None)  # "a strike would hurt the town"
    orphaned = dataclasses.replace(analysis, quotes=tuple(quotes))
    app = make_app(orphaned)
    async with app.run_test(size=WIDE) as pilot:
        labels = [str(node.label) for node in app.actor_tree.root.children]
        assert any(label.startswith(UNATTRIBUTED) for label in labels)
        for _ in range(6):
            await pilot.press("c")
        assert selected(app) == "q6" and app.selected_actor is None
        assert "Speaker: not found" in detail_text(app)
        await pilot.press("s")  # no current speaker: starts with the first speaker
        assert selected(app) == "q1"


async def test_an_analysis_of_another_text_is_refused(analysis):
    other = Analysis(article=Article("Some other text entirely."))
    app = CubatuiApp(analysis.article, analyser=lambda article, model: other)
    async with app.run_test(size=WIDE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.analysis is None and "different text" in app.analysis_error
