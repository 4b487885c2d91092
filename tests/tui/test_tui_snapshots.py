"""Snapshots of the main screen (analysis injected: no spaCy, no clock, no blinking cursor).

Update after an intended change with: python -m pytest tests/tui --snapshot-update
"""

from __future__ import annotations

import tui_sample as sample
from textual.pilot import Pilot

from cubatui.model import Analysis, Article, split_paragraphs
from cubatui.tui.app import CubatuiApp


def sample_app() -> CubatuiApp:
    analysis = sample.build()
    return CubatuiApp(analysis.article, analysis=analysis)


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


def test_main_screen_wide_with_a_claim_selected(snap_compare):
    assert snap_compare(sample_app(), terminal_size=(120, 40),
                        press=["right_square_bracket", "right_square_bracket", "s"], run_before=settle)


def test_main_screen_narrow_with_a_claim_selected(snap_compare):
    assert snap_compare(sample_app(), terminal_size=(80, 24), press=["c", "c", "c"], run_before=settle)


def test_main_screen_wide_with_an_actor_selected(snap_compare):
    async def pick_actor(pilot: Pilot) -> None:
        pilot.app.actor_tree.focus()
        await pilot.press("j")
        await settle(pilot)

    assert snap_compare(sample_app(), terminal_size=(120, 40), run_before=pick_actor)


def test_empty_article_narrow(snap_compare):
    text = "A quiet day in Port Ellis.\nNothing was said."
    empty = Analysis(article=Article(text, title="A quiet day", source="quiet.txt"), paragraphs=split_paragraphs(text))
    assert snap_compare(CubatuiApp(empty.article, analysis=empty), terminal_size=(80, 24), run_before=settle)
