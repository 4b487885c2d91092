"""The library features in the reader: O (open a path or URL), L (library), F (feeds),
A (an actor across articles), and reopening a stored article without spaCy.

Pages and feeds come from a local 127.0.0.1 server (tests/sources/conftest.py); the
analyses are hand-made (no spaCy), through a fake analyser or the analysis cache.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tui_sample as sample
from sources.conftest import web  # noqa: F401  (the local web server fixture)
from textual.widgets import DataTable, Input

from cubatui.library import Library
from cubatui.library.cache import cached_analyser, store
from cubatui.library.feeds import add_feed
from cubatui.model import Actor, Analysis, Article, Claim, Generator, Mention, split_paragraphs
from cubatui.tui.app import CubatuiApp
from cubatui.tui.library_actions import ArticleFetched, LIBRARY_BINDINGS
from cubatui.tui.screens.feeds import FeedsScreen
from cubatui.tui.screens.help import HelpScreen
from cubatui.tui.screens.library import ActorAcrossScreen, LibraryScreen
from cubatui.tui.screens.open_source import OpenSourceScreen

WIDE = (120, 40)
PAGE_TITLE = "Port strike ends after talks"


def plain_analysis(article: Article) -> Analysis:
    """What the fake analyser returns: the article's paragraphs, nothing found."""
    return Analysis(article=article, generator=Generator("cubatui", "test", "fake", ""),
                    paragraphs=split_paragraphs(article.text))


class FakeAnalyser:
    def __init__(self) -> None:
        self.seen: list[Article] = []

    def __call__(self, article: Article, model: str | None = None) -> Analysis:
        self.seen.append(article)
        return plain_analysis(article)


def sample_app(analyser=None) -> CubatuiApp:
    analysis = sample.build()
    return CubatuiApp(analysis.article, analysis=analysis, analyser=analyser or FakeAnalyser())


async def until(pilot, condition, timeout: float = 5.0) -> None:
    """Let workers and messages run until ``condition()`` holds (fails after ``timeout``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting for the app"
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.02)


def on_screen(app: CubatuiApp, screen_type: type) -> bool:
    """``screen_type`` is on top and composed."""
    return isinstance(app.screen, screen_type) and bool(app.screen.query("Input, DataTable"))


def messages(app: CubatuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def type_source(pilot, source: str) -> None:
    await pilot.press("O")
    await until(pilot, lambda: on_screen(pilot.app, OpenSourceScreen))
    pilot.app.screen.query_one(Input).value = source
    await pilot.press("enter")


def rows(table: DataTable) -> list[list[str]]:
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


# -- O: open a path or URL --------------------------------------------------------------
async def test_o_with_a_url_opens_the_pages_article_and_keeps_it(web):  # noqa: F811
    analyser = FakeAnalyser()
    app = sample_app(analyser)
    async with app.run_test(size=WIDE) as pilot:
        await type_source(pilot, web.url("/page.html"))
        await until(pilot, lambda: app.article.title == PAGE_TITLE and app.analysis is not None)
        assert "Tomás Ferreira" in app.article.text
        assert "SUBSCRIBE NOW" not in app.article.text  # boilerplate left out
        assert app.article.metadata.get("author") == "Ana Ruiz"
        assert analyser.seen == [app.article]
        assert app.selected_claim is None and app.title == PAGE_TITLE
    stored = Library().list_articles()
    assert [r.title for r in stored] == [PAGE_TITLE]


async def test_o_with_a_file_path_opens_it(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Rain in Oslo\nOfficials said the streets would reopen on Monday.\n", encoding="utf-8")
    app = sample_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_source(pilot, str(path))
        await until(pilot, lambda: app.article.source == str(path) and app.analysis is not None)
        assert app.article.title == "Rain in Oslo"


@pytest.mark.parametrize("route, expected", [
    ("/gone", "HTTP error 404"),
    ("/image.png", "image/png"),
    ("/binary.html", "binary"),
    ("/empty-article.html", "no article text"),
    ("/blank.html", "empty"),
    ("/slow.html", "timed out"),
])
async def test_o_with_a_bad_url_says_why_and_keeps_the_article(web, route, expected):  # noqa: F811
    app = sample_app()
    before = app.article
    async with app.run_test(size=WIDE) as pilot:
        await type_source(pilot, web.url(route))
        await until(pilot, lambda: any(expected in m for m in messages(app)))
        assert app.article is before and app.analysis is not None
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "\n" not in str(errors[0].message)
    assert Library().list_articles() == []  # nothing half-stored


async def test_o_with_a_missing_file_or_a_cancel_keeps_the_article(tmp_path):
    app = sample_app()
    before = app.article
    async with app.run_test(size=WIDE) as pilot:
        await type_source(pilot, str(tmp_path / "nope.txt"))
        await until(pilot, lambda: any("no such file" in m for m in messages(app)))
        assert app.article is before
        await pilot.press("O", "escape")
        await pilot.pause()
        assert app.article is before and not isinstance(app.screen, OpenSourceScreen)


async def test_a_late_article_for_an_earlier_request_is_ignored():
    app = sample_app()
    before = app.article
    async with app.run_test(size=WIDE) as pilot:
        app._fetch_request = 2
        app.post_message(ArticleFetched(Article("Old news.", "Old", "old.txt"), request=1))
        await pilot.pause()
        assert app.article is before


# -- L: the library -------------------------------------------------------------------
async def test_l_lists_the_library_and_opens_an_article():
    library = Library()
    oslo = Article("Rain in Oslo\nThe mayor said the streets would reopen.\n", "Oslo weather", "oslo.txt")
    library.remember(Article("Talks in Havana\nThey resumed.\n", "Havana talks", "havana.txt"))
    library.remember(oslo)
    library.close()
    analyser = FakeAnalyser()
    app = sample_app(analyser)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen)
                    and app.screen.query_one(DataTable).row_count == 2)
        assert [r[1] for r in rows(app.screen.query_one(DataTable))] == ["Oslo weather", "Havana talks"]
        await pilot.press("c")  # the reader's keys do not reach the hidden article
        assert app.selected_claim is None
        live = {b.binding.action for b in app.screen.active_bindings.values() if b.enabled}
        assert "next_claim" not in live and "library" not in live and "quit" in live
        await pilot.press("enter")
        await until(pilot, lambda: app.article == oslo and app.analysis is not None)
        assert not isinstance(app.screen, LibraryScreen)
        assert analyser.seen == [oslo]
        # Reopened: now the most recent again, after the sample article
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen)
                    and app.screen.query_one(DataTable).row_count == 2)
        await pilot.press("escape")
        assert app.article == oslo and app._library is not None
    assert app._library is None  # closed when the app ends


async def test_l_with_an_unusable_library_says_so(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("CUBATUI_DATA_DIR", str(blocker))
    app = sample_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("L")
        await pilot.pause()
        assert not isinstance(app.screen, LibraryScreen)
        assert any("cannot" in m for m in messages(app))


# -- F: feeds -----------------------------------------------------------------------------
async def test_f_lists_feed_entries_and_opens_one(web):  # noqa: F811
    library = Library()
    add_feed(library, web.url("/feed.rss"))
    library.close()
    app = sample_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, FeedsScreen)
                    and app.screen.query_one(DataTable).row_count == 2)
        assert [r[2] for r in rows(app.screen.query_one(DataTable))] == [PAGE_TITLE, "Second story"]
        await pilot.press("L", "O")  # the reader's keys do not stack screens over the feeds
        await pilot.pause()
        assert isinstance(app.screen, FeedsScreen) and len(app.screen_stack) == 2
        await pilot.press("enter")
        await until(pilot, lambda: app.article.title == PAGE_TITLE and app.analysis is not None)
        assert web.requests[-1][0] == "/page.html"
    library = Library()
    assert library.entries()[0].seen and not library.entries()[1].seen
    assert PAGE_TITLE in [r.title for r in library.list_articles()]


async def test_f_entry_that_fails_to_load_keeps_the_article(web):  # noqa: F811
    library = Library()
    add_feed(library, web.url("/feed.rss"))
    web.routes["/second.html"] = web.routes["/gone"]
    library.close()
    app = sample_app()
    before = app.article
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, FeedsScreen)
                    and app.screen.query_one(DataTable).row_count == 2)
        await pilot.press("j", "enter")
        await until(pilot, lambda: any("404" in m for m in messages(app)))
        assert app.article is before


# -- A: an actor across articles ------------------------------------------------------------
def other_article_with_ruiz() -> Analysis:
    text = "Ferry fares rise\n“Fares must rise,” said Ana Ruiz, the mayor.\n"
    quoted = "Fares must rise,"
    start, name_at = text.index(quoted), text.index("Ana Ruiz")
    paragraphs = split_paragraphs(text)
    mention = Mention(name_at, name_at + 8, "Ana Ruiz")
    claim = Claim("q1", "direct", start, start + len(quoted), quoted, "a1", mention, Mention(
        text.index("said"), text.index("said") + 4, "said"), paragraphs[1], 1, "test")
    return Analysis(Article(text, "Ferry fares rise", "ferry.txt"), Generator("cubatui", "test", "hand", ""),
                    paragraphs, (), (Actor("a1", "Ana Ruiz", "PERSON", ("Ana Ruiz",), mentions=(mention,)),),
                    (claim,))


async def test_a_shows_the_selected_actor_across_articles_and_jumps_to_the_claim():
    harbour, ferry = sample.build(), other_article_with_ruiz()
    store(harbour)  # both analyses are in the cache: opening one needs no spaCy
    store(ferry)
    app = CubatuiApp(ferry.article, analysis=ferry, analyser=cached_analyser)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("c")
        assert app.selected_actor.name == "Ana Ruiz"
        await pilot.press("A")
        await until(pilot, lambda: isinstance(app.screen, ActorAcrossScreen)
                    and app.screen.query_one(DataTable).row_count == 4)
        table = app.screen.query_one(DataTable)
        assert app.screen.query_one("#actor-name", Input).value == "Ana Ruiz"
        claims = [r[3] for r in rows(table)]
        target = claims.index("“The harbour stays public,”")
        for _ in range(target):
            await pilot.press("j")
        await pilot.press("enter")
        await until(pilot, lambda: app.article == harbour.article and app.selected_claim is not None)
        assert app.selected_claim.id == "q7" and app.selected_actor.name == "Ana Ruiz"
        await pilot.pause()
        assert app.article_view.is_offset_visible(app.selected_claim.start)
        # A row in the article already open selects the claim without reloading it
        shown, generation = app.analysis, app.generation
        await pilot.press("A")
        await until(pilot, lambda: on_screen(app, ActorAcrossScreen)
                    and app.screen.query_one(DataTable).row_count == 4)
        claims = [r[3] for r in rows(app.screen.query_one(DataTable))]
        for _ in range(claims.index("“We will not sell the harbour to anyone,”")):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected_claim.id == "q1"
        assert app.analysis is shown and app.generation == generation


async def test_a_from_the_actors_pane_and_the_palette_command():
    harbour = sample.build()
    store(harbour)
    app = CubatuiApp(harbour.article, analysis=harbour, analyser=cached_analyser)
    async with app.run_test(size=WIDE) as pilot:
        commands = {title: callback for title, _, callback in app.palette_commands()}
        assert "Actor across articles…" in commands and "Open a file or URL…" in commands
        commands["Actor across articles…"]()  # no actor selected: the name is typed in the screen
        await until(pilot, lambda: on_screen(app, ActorAcrossScreen))
        assert app.screen.query_one("#actor-name", Input).value == ""
        await pilot.press("escape")
        app.actor_tree.focus()
        await pilot.press("j", "j")  # onto the second actor
        await until(pilot, lambda: app.selected_actor is not None)
        name = app.selected_actor.name
        await pilot.press("A")
        await until(pilot, lambda: on_screen(app, ActorAcrossScreen))
        assert app.screen.query_one("#actor-name", Input).value == name
        assert app.actors_pane.filter_input.value == ""  # A was not typed into the filter


async def test_a_claim_gone_from_the_fresh_analysis_still_opens_the_article():
    harbour = sample.build()
    store(harbour)
    app = sample_app()  # its analyser finds nothing
    async with app.run_test(size=WIDE) as pilot:
        sha, offset = harbour.article.sha256, harbour.quotes[-1].start
        from cubatui.tui.library_actions import stored_fetcher

        app._fetch_article(stored_fetcher(app.open_library(), sha), at=offset)
        await until(pilot, lambda: any("not in the current analysis" in m for m in messages(app)))
        assert app.article == harbour.article and app.selected_claim is None


# -- help, run_app and reopening without spaCy -------------------------------------------------
async def test_help_lists_the_library_keys():
    from rich.console import Console

    app = sample_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=open("/dev/null", "w"))
        console.print(app.screen.table)
        text = console.export_text()
    for binding in LIBRARY_BINDINGS:
        assert f"{binding.key} " in text and binding.description in text
    assert "This actor across articles" in text  # in the actors pane section too


def test_run_app_uses_the_cached_analyser(monkeypatch):
    from cubatui.tui import app as app_module

    started: list[CubatuiApp] = []
    monkeypatch.setattr(CubatuiApp, "run", lambda self: started.append(self))
    assert app_module.run_app(sample.build().article) == 0
    assert started[0].analyser is cached_analyser


def test_reopening_a_stored_article_shows_its_claims_without_importing_spacy():
    store(sample.build())  # what the first opening left in the library
    script = textwrap.dedent(f"""
        import asyncio, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import tui_sample
        from cubatui.library.cache import cached_analyser
        from cubatui.tui.app import CubatuiApp

        async def main():
            app = CubatuiApp(tui_sample.build().article, analyser=cached_analyser)
            async with app.run_test(size=(120, 40)) as pilot:
                for _ in range(200):
                    if app.analysis is not None or app.analysis_error:
                        break
                    await pilot.pause(0.02)
                print(len(app.analysis.quotes) if app.analysis else app.analysis_error)
            print([m for m in ("spacy", "thinc") if m in sys.modules])

        asyncio.run(main())
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["7", "[]"]


def test_quitting_does_not_wait_for_a_stalled_fetch():
    # A real app run (not run_test): at exit asyncio joins the threads of thread workers.
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        import tui_sample
        from cubatui.model import Article
        from cubatui.tui.app import CubatuiApp

        def stalled():  # a server that never answers
            time.sleep(5)
            print("FETCH FINISHED", flush=True)
            return Article("Late.", "Late", "late.txt")

        async def auto_pilot(pilot):
            pilot.app._fetch_article(stalled)
            await pilot.pause(0.2)
            pilot.app.exit()

        analysis = tui_sample.build()
        CubatuiApp(analysis.article, analysis=analysis).run(headless=True, auto_pilot=auto_pilot)
        print("APP EXITED", flush=True)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == "APP EXITED" and "FETCH FINISHED" not in result.stdout


async def test_markup_and_escapes_in_a_page_stay_literal(web):  # noqa: F811
    app = sample_app()
    async with app.run_test(size=WIDE) as pilot:
        await type_source(pilot, web.url("/escape.html"))
        await until(pilot, lambda: "strike" in app.title and app.analysis is not None)
        header = app.screen.query_one("HeaderTitle")
        shown = str(header.render())
        assert "[bold]strike[/]" in shown and "\x1b" not in shown
        first_paragraph = app.article_view.query("ArticleParagraph").first()
        assert "\x1b" not in str(first_paragraph.render())


async def test_o_with_a_binary_file_says_so(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4)
    app = sample_app()
    before = app.article
    async with app.run_test(size=WIDE) as pilot:
        await type_source(pilot, str(path))
        await until(pilot, lambda: any("binary" in m for m in messages(app)))
        assert app.article is before


async def test_a_corrupt_library_is_moved_aside_and_the_reader_says_so():
    from cubatui import locations

    locations.library_db().write_bytes(b"this is not an SQLite database" * 100)
    app = sample_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("L")
        await until(pilot, lambda: on_screen(app, LibraryScreen))
        assert any("moved it to library.db.corrupt-" in m for m in messages(app))
        assert app.screen.query_one(DataTable).row_count == 0
