"""The library, actor-across, feeds and open-source screens, each in a tiny host app."""

from __future__ import annotations

from textual.app import App
from textual.widgets import DataTable, Input, Static

from cubatui.library import Library
from cubatui.library.feeds import add_feed
from cubatui.model import Article
from cubatui.tui.screens.feeds import FeedsScreen
from cubatui.tui.screens.library import ActorAcrossScreen, LibraryScreen
from cubatui.tui.screens.open_source import OpenSourceScreen

from .test_library import make_analysis

UNSET = object()


class Host(App):
    def __init__(self, screen) -> None:
        super().__init__()
        self.screen_under_test = screen
        self.result = UNSET

    def on_mount(self) -> None:
        self.push_screen(self.screen_under_test, self.done)

    def done(self, result) -> None:
        self.result = result


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def cells(table: DataTable) -> list[list[str]]:
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_open_source_returns_the_typed_source():
    host = Host(OpenSourceScreen())
    async with host.run_test() as pilot:
        await pilot.press("enter")  # nothing typed: stays open
        assert host.result is UNSET
        for key in " /tmp/a.html ":
            await pilot.press("space" if key == " " else "slash" if key == "/" else
                              "full_stop" if key == "." else key)
        await pilot.press("enter")
    assert host.result == "/tmp/a.html"


async def test_open_source_escape_cancels():
    host = Host(OpenSourceScreen(value="https://example.com/x"))
    async with host.run_test() as pilot:
        await pilot.press("escape")
    assert host.result is None


def _library_with_articles() -> tuple[Library, list[str]]:
    lib = Library()
    shas = [lib.remember(Article("Talks in Havana.", "Havana talks", "a.txt")),
            lib.remember(Article("Port news.", "Port [bold]strike[/] \x1b[31m", "b.txt")),
            lib.remember(Article("Rain in Oslo.", "Oslo weather", "c.txt"))]
    return lib, shas


async def test_library_lists_filters_and_picks():
    lib, shas = _library_with_articles()
    host = Host(LibraryScreen(lib))
    async with host.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = host.screen.query_one(DataTable)
        rows = cells(table)
        assert [r[1] for r in rows] == ["Oslo weather", "Port [bold]strike[/] \ufffd[31m", "Havana talks"]
        await pilot.press("slash")
        assert isinstance(host.focused, Input)
        for key in "havana":
            await pilot.press(key)
        await settle(pilot)
        assert [r[1] for r in cells(table)] == ["Havana talks"]
        await pilot.press("enter")  # from the search box to the table
        assert host.focused is table
        await pilot.press("enter")
    assert host.result == shas[0]


async def test_library_escape_returns_none():
    lib, _ = _library_with_articles()
    host = Host(LibraryScreen(lib))
    async with host.run_test() as pilot:
        await settle(pilot)
        await pilot.press("j", "escape")
    assert host.result is None


async def test_actor_across_lists_claims_and_opens_one_in_context():
    lib = Library()
    first = make_analysis("“We are ready,” said Carlos Fernández de Cossío.",
                          [("Carlos Fernández de Cossío", "PERSON", ("Carlos Fernández de Cossío",))],
                          [("We are ready,", "Carlos Fernández de Cossío")], title="First")
    second = make_analysis("Earlier: “No deal yet,” De Cossío told reporters.",
                           [("De Cossío", "PERSON", ("De Cossío",))], [("No deal yet,", "De Cossío")],
                           title="Second")
    lib.store_analysis(first, "k")
    lib.store_analysis(second, "k")
    host = Host(ActorAcrossScreen(lib, "cossio"))
    async with host.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = host.screen.query_one(DataTable)
        assert [(r[0], r[3]) for r in cells(table)] == [("First", "“We are ready,”"), ("Second", "“No deal yet,”")]
        assert "2 claim(s) in 2 article(s)" in str(host.screen.query_one("#actor-status", Static).render())
        await pilot.press("j", "enter")
    assert host.result == (second.article.sha256, second.article.text.index("No deal"))


async def test_actor_across_name_typed_in_the_screen():
    lib = Library()
    lib.store_analysis(make_analysis("“Fine,” said Ana Ruiz.", [("Ana Ruiz", "PERSON", ("Ana Ruiz",))],
                                     [("Fine,", "Ana Ruiz")]), "k")
    host = Host(ActorAcrossScreen(lib))
    async with host.run_test() as pilot:
        assert isinstance(host.focused, Input)
        for key in "ruiz":
            await pilot.press(key)
        await pilot.press("enter")
        await settle(pilot)
        assert host.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
    assert host.result == (make_analysis("“Fine,” said Ana Ruiz.", [], []).article.sha256, 1)


async def test_feeds_screen_refreshes_and_opens_an_entry(web):
    lib = Library()
    add_feed(lib, web.url("/feed.rss"))
    host = Host(FeedsScreen(lib))
    async with host.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        table = host.screen.query_one(DataTable)
        assert [r[2] for r in cells(table)] == ["Port strike ends after talks", "Second story"]
        await pilot.press("r")
        await settle(pilot)
        await settle(pilot)  # the refresh worker starts a reload worker
        status = str(host.screen.query_one("#feeds-status", Static).render())
        assert "1 feed(s) refreshed, 0 new entries" in status
        assert web.requests[-1][1].get("if-none-match") == '"v1"'
        await pilot.press("enter")
    assert host.result == web.url("/page.html")
    assert lib.entries()[0].seen


async def test_feeds_screen_subscribes_and_reports_errors(web):
    lib = Library()
    host = Host(FeedsScreen(lib))
    async with host.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        status = host.screen.query_one("#feeds-status", Static)
        assert "no feeds yet" in str(status.render())

        async def subscribe(url: str) -> None:
            await pilot.press("a")
            host.screen.query_one(Input).value = url
            await pilot.press("enter")
            await settle(pilot)
            await settle(pilot)

        await subscribe(web.url("/gone"))
        assert "HTTP error 404" in str(status.render())
        await subscribe(web.url("/feed.atom"))
        assert host.screen.query_one(DataTable).row_count == 1
    assert [f.title for f in lib.feeds()] == ["Atom Gazette"]
