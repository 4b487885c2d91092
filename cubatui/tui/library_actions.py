"""The reader's library features (open a source, the library, feeds, an actor across articles).

A mixin of CubatuiApp, kept apart so the app module stays about reading.

Every way of opening another article ends in the same place: a thread worker gets the
article (from a file, the web or the library), keeps it in the library, and posts
``ArticleFetched``; the app then shows it with ``load_article`` (the analysis comes from
the app's analyser, which reuses a stored analysis). A failure posts ``ArticleFetchFailed``
and the current article stays on screen. Only the newest request counts, so a slow page
that arrives after the reader opened something else is dropped.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from cubatui.model import Analysis, Article
from cubatui.tui.safe_text import one_line

if TYPE_CHECKING:  # pragma: no cover
    from cubatui.library import Library
    from cubatui.tui.app import CubatuiApp

# Listed in the help and the command palette, not the footer (full at 80 columns). The
# actors pane's help also lists A (ActorTree.BINDINGS) since it acts on the selected actor.
LIBRARY_BINDINGS: list[Binding] = [
    Binding("O", "open_source", "Open a file or URL…", show=False, id="open_source"),
    Binding("L", "library", "Library of opened articles…", show=False, id="library"),
    Binding("F", "feeds", "Feeds…", show=False, id="feeds"),
    Binding("A", "actor_across", "Actor across articles…", show=False, id="actor_across"),
]


class ArticleFetched(Message):
    """A worker has the article of request ``request``; ``at``: an offset to select once analysed."""

    def __init__(self, article: Article, request: int, at: int | None = None, warning: str = "") -> None:
        super().__init__()
        self.article = article
        self.request = request
        self.at = at
        self.warning = warning


class ArticleFetchFailed(Message):
    """The article of request ``request`` could not be had; ``error`` is one line for the reader."""

    def __init__(self, error: str, request: int) -> None:
        super().__init__()
        self.error = error
        self.request = request


class LibraryActions:
    """Mixed into CubatuiApp (``self`` is the app)."""

    _fetch_request = 0
    # (generation of the load, offset): the claim to select when that analysis is ready.
    _pending_offset: tuple[int, int] | None = None
    _library: Library | None = None

    # -- the library connection, shared by the screens ------------------------------------
    def open_library(self: CubatuiApp) -> Library | None:
        """The app's library (opened once), or None after telling the reader why not."""
        if self._library is None:
            from cubatui.library import Library, LibraryError

            try:
                self._library = Library()
            except LibraryError as exc:
                self.notify(one_line(str(exc), 300), title="Library", severity="error", markup=False)
                return None
            if self._library.notice:
                self.notify(one_line(self._library.notice, 300), title="Library", severity="warning",
                            timeout=10, markup=False)
        return self._library

    def on_unmount(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None

    # -- actions ---------------------------------------------------------------------------
    def _reader_in_front(self: CubatuiApp) -> bool:
        # The app's keys stay live under full screens (library, feeds): without this, L on the
        # feeds screen would stack a library over it, and the article would open out of sight.
        return len(self.screen_stack) <= 1

    def _library_over_reader(self: CubatuiApp) -> Library | None:
        """The library, when a library screen may open now (the reader in front), else None."""
        return self.open_library() if self._reader_in_front() else None

    def check_action(self: CubatuiApp, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The reader's own keys (next claim, search, these library keys…) are off while a
        full screen such as the library or the feeds is in front: they would act on the
        hidden article, and they would crowd that screen's footer. Quit stays."""
        if action != "quit" and not self._reader_in_front() and action in _reader_actions(type(self)):
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_open_source(self: CubatuiApp) -> None:
        if not self._reader_in_front():
            return

        def chosen(source: str | None) -> None:
            if source:
                self._open_source("Opening", source)

        from cubatui.tui.screens.open_source import OpenSourceScreen

        self.push_screen(OpenSourceScreen(), chosen)

    def action_library(self: CubatuiApp) -> None:
        library = self._library_over_reader()
        if library is None:
            return

        def chosen(sha256: str | None) -> None:
            if sha256:
                self._fetch_article(stored_fetcher(library, sha256))

        from cubatui.tui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen(library), chosen)

    def action_feeds(self: CubatuiApp) -> None:
        library = self._library_over_reader()
        if library is None:
            return

        def chosen(url: str | None) -> None:
            if url:
                self._open_source("Fetching", url)

        from cubatui.tui.screens.feeds import FeedsScreen

        self.push_screen(FeedsScreen(library), chosen)

    def action_actor_across(self: CubatuiApp) -> None:
        """The selected actor (else a name typed in the screen) in every stored article."""
        library = self._library_over_reader()
        if library is None:
            return
        name = self.selected_actor.name if self.selected_actor is not None else ""

        def chosen(target: tuple[str, int] | None) -> None:
            if not target:
                return
            sha256, offset = target
            if sha256 == self.article.sha256 and self.analysis is not None:
                self._pending_offset = (self.generation, offset)  # already open: just go there
                self._select_pending(self.analysis)
            else:
                self._fetch_article(stored_fetcher(library, sha256), at=offset)

        from cubatui.tui.screens.library import ActorAcrossScreen

        self.push_screen(ActorAcrossScreen(library, name), chosen)

    # -- fetching in a worker ----------------------------------------------------------------
    def _open_source(self: CubatuiApp, doing: str, source: str) -> None:
        """Fetch a file or URL in a worker, saying so (``doing``: "Opening", "Fetching")."""
        self.notify(f"{doing} {one_line(source, 80)}…", markup=False, timeout=3)
        self._fetch_article(source_fetcher(source))

    def _fetch_article(self: CubatuiApp, fetch: Callable[[], Article], at: int | None = None) -> None:
        self._fetch_request += 1
        # An unusable library is reported here, once; the article still opens.
        self._fetch_in_thread(fetch, self._fetch_request, at, self.open_library())

    @work(thread=True, exit_on_error=False, group="fetch-article")
    def _fetch_in_thread(self: CubatuiApp, fetch: Callable[[], Article], request: int, at: int | None,
                         library: Library | None) -> None:
        from cubatui.library import LibraryError
        from cubatui.sources import SourceError

        try:
            article = _abandonable(fetch)
            if article is None:
                return  # the app is closing
        except (SourceError, LibraryError) as exc:
            self.post_message(ArticleFetchFailed(one_line(str(exc), 300), request))
            return
        except Exception as exc:  # noqa: BLE001 - never a traceback in the reader
            self.post_message(ArticleFetchFailed(one_line(f"could not open: {type(exc).__name__}: {exc}", 300),
                                                 request))
            return
        warning = ""
        if library is not None:
            try:
                library.remember(article)
            except LibraryError as exc:
                warning = one_line(f"{exc} (article not kept in the library)", 300)
        self.post_message(ArticleFetched(article, request, at, warning))

    def on_article_fetched(self: CubatuiApp, message: ArticleFetched) -> None:
        if message.request != self._fetch_request:
            return  # the reader has asked for another article since
        if message.warning:
            self.notify(message.warning, title="Library", severity="warning", markup=False)
        self.load_article(message.article)
        self._pending_offset = None if message.at is None else (self.generation, message.at)
        if message.at is not None and self.analysis is not None:
            self._select_pending(self.analysis)

    def on_article_fetch_failed(self: CubatuiApp, message: ArticleFetchFailed) -> None:
        if message.request != self._fetch_request:
            return
        self.notify(message.error, title="Could not open", severity="error", timeout=10, markup=False)

    # -- selecting the claim an actor-across row pointed at -------------------------------------
    def on_analysis_ready(self: CubatuiApp, message) -> None:
        # Runs after CubatuiApp.on_analysis_ready (Textual calls the handler of every class in
        # the MRO), so the analysis is already shown, or was refused (then self.analysis is not it).
        if self._pending_offset is not None and self._pending_offset[0] == message.generation \
                and self.analysis is message.analysis:
            self._select_pending(message.analysis)

    def _select_pending(self: CubatuiApp, analysis: Analysis) -> None:
        _, offset = self._pending_offset
        self._pending_offset = None
        claims = analysis.quotes
        claim = (next((q for q in claims if q.start == offset), None)
                 or next((q for q in claims if q.start <= offset < q.end), None))
        if claim is not None:
            self.select_claim(claim)
            return
        actor = next((a for a in analysis.actors if any(m.start == offset for m in a.mentions)), None)
        if actor is not None:
            self.select_actor(actor)
            return
        # The article was analysed again (e.g. new rules) and no claim starts there any more.
        if 0 <= offset < len(analysis.article.text):
            self.article_view.scroll_to_offset(offset, offset + 1)
        self.notify("That claim is not in the current analysis of the article.", markup=False, timeout=5)


def _reader_actions(app_type: type) -> frozenset[str]:
    return frozenset(b.action for b in getattr(app_type, "BINDINGS", []) if isinstance(b, Binding))


def _abandonable(fetch: Callable[[], Article]) -> Article | None:
    """``fetch()`` in a daemon thread, waited for until the calling worker is cancelled
    (then None). A server that stalls must not hold up quitting: the executor running
    thread workers is joined at exit, a daemon thread is not."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["article"] = fetch()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the worker below
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="cubatui-fetch", daemon=True)
    thread.start()
    worker = get_current_worker()
    while thread.is_alive():
        thread.join(0.05)
        if worker.is_cancelled:
            return None
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["article"]  # type: ignore[return-value]


def source_fetcher(source: str) -> Callable[[], Article]:
    """A fetch for a path or URL (may hit the network: call it in a worker)."""
    from cubatui.sources import load_source

    return lambda: load_source(source)


def stored_fetcher(library: Library, sha256: str) -> Callable[[], Article]:
    """A fetch for an article kept in the library."""

    def fetch() -> Article:
        from cubatui.library import LibraryError

        article = library.get_article(sha256)
        if article is None:
            raise LibraryError("that article is no longer in the library")
        return article

    return fetch
