"""A minimal reader: the article text, analysed in a worker (replaced by the three-pane app)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from cubatui.model import Article


class CubatuiApp(App):
    TITLE = "cubatui"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, article: Article, model: str | None = None) -> None:
        super().__init__()
        self.article = article
        self.model = model
        self.sub_title = article.title

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            # Text(), not markup: the article is untrusted.
            yield Static(Text(self.article.text), id="article")
        yield Footer()


def run_app(article: Article, model: str | None = None) -> int:
    CubatuiApp(article, model).run()
    return 0
