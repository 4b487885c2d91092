"""The help screen: every binding, grouped by where it applies."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

PANE_KEYS: list[tuple[str, str]] = [
    ("tab / shift+tab", "Move between panes"),
    ("ctrl+p", "Command palette: every action, go to actor…, themes"),
    ("click", "Select the claim, name or row under the pointer"),
]


def _bindings(bindings: list[BindingType]) -> list[Binding]:
    out = []
    for b in bindings:
        if isinstance(b, Binding):
            out.append(b)
        elif isinstance(b, tuple):
            out.append(Binding(*b))
    return out


class HelpScreen(ModalScreen[None]):
    """Lists the bindings given as ``sections``: (title, bindings) pairs."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j", "scroll('down')", "Down", show=False),
        Binding("k", "scroll('up')", "Up", show=False),
    ]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "escape to close"
            yield Static(self.table, id="help-table")

    @property
    def table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold", no_wrap=True)
        table.add_column()
        for title, bindings in self.sections:
            table.add_row(Text(title.upper(), style="bold underline"), "")
            seen: set[str] = set()
            for b in _bindings(bindings):
                if not b.description or b.key in seen:
                    continue
                seen.add(b.key)
                keys = " / ".join(self.app.get_key_display(Binding(k, b.action)) for k in b.key.split(","))
                table.add_row(Text(keys), Text(b.tooltip or b.description))
            table.add_row("", "")
        return table

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_down() if direction == "down" else body.scroll_up()
