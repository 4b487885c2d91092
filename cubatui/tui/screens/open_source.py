"""A small modal asking for a source: a file path or an http(s) URL (also a feed URL)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class OpenSourceScreen(ModalScreen[str | None]):
    """Dismisses with the typed path or URL (stripped), or None on escape."""

    DEFAULT_CSS = """
    OpenSourceScreen { align: center middle; }
    OpenSourceScreen > Vertical { width: 80%; max-width: 100; height: auto; border: round $accent;
                                  padding: 0 1; background: $surface; }
    OpenSourceScreen Label { width: 100%; color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="open_source.cancel")]

    def __init__(self, prompt: str = "Open a file path or an http(s) URL", value: str = "",
                 placeholder: str = "article.txt, page.html or https://…") -> None:
        super().__init__()
        self.prompt = prompt
        self.initial = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.prompt))
            yield Input(value=self.initial, placeholder=self.placeholder, id="open-source-input")
            yield Label(Text("enter to open · escape to cancel"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if value:
            self.dismiss(value)
        else:
            self.notify("Type a path or a URL first", severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)
