"""The flow the reader app wires up: a claim is selected, `a` opens the editor, ctrl+s
saves to the store; reopening the article finds the note and the export shows it."""

from __future__ import annotations

import json
from pathlib import Path

from textual.app import App

from cubatui import locations
from cubatui.cli import main
from cubatui.notes.store import NoteStore
from cubatui.sources import load_source
from cubatui.tui.screens.note_editor import NoteEditor

SEED_GOLD = Path(__file__).resolve().parent.parent / "fixtures" / "000_0dd2ab8dae9d022f.gold.json"


class MiniReader(App):
    """Stands in for the reader: one selected claim, `a` to annotate it."""

    BINDINGS = [("a", "add_note", "Note")]

    def __init__(self, article, claim_start, claim_end, speaker):
        super().__init__()
        self.article, self.span, self.speaker = article, (claim_start, claim_end), speaker
        self.store = NoteStore()

    def action_add_note(self) -> None:
        start, end = self.span

        def save(draft):
            if draft is not None:
                self.store.add(self.article, "claim", start, end, draft.body, draft.tags,
                               target_label="q1", speaker=self.speaker)

        self.push_screen(NoteEditor(self.article.text[start:end], speaker=self.speaker), save)


async def test_note_on_a_claim_survives_reopening_and_exports(capsys):
    article = load_source(str(locations.default_article()))
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    claim = next(q for q in gold["quotes"] if q["kind"] == "direct")
    start = article.text.index(claim["text"])
    end = start + len(claim["text"])

    app = MiniReader(article, start, end, claim["speaker"])
    async with app.run_test() as pilot:
        await pilot.press("a", *"Check 2015", "tab", *"a, b", "ctrl+s")
        await pilot.pause()
    app.store.close()

    reopened = load_source(str(locations.default_article()))
    with NoteStore() as store:
        (placed,) = store.notes_for(reopened)
    assert placed.how == "exact" and (placed.start, placed.end) == (start, end)
    assert placed.note.body == "Check 2015"
    assert placed.note.tags == ("a", "b")
    assert placed.note.speaker == claim["speaker"]

    assert main(["notes", "export", "--format", "jsonld"]) == 0
    (anno,) = json.loads(capsys.readouterr().out)["first"]["items"]
    exact = next(s for s in anno["target"]["selector"] if s["type"] == "TextQuoteSelector")["exact"]
    assert exact == claim["text"] and exact in article.text
