"""Typed messages between the widgets, the analysis worker and the app (which owns state)."""

from __future__ import annotations

from textual.message import Message

from cubatui.model import Analysis


class AnalysisReady(Message):
    """The worker finished: ``analysis`` is for the article loaded as ``generation``."""

    def __init__(self, analysis: Analysis, generation: int) -> None:
        super().__init__()
        self.analysis = analysis
        self.generation = generation


class AnalysisFailed(Message):
    """The worker could not analyse the article; ``error`` is one line for the reader."""

    def __init__(self, error: str, generation: int) -> None:
        super().__init__()
        self.error = error
        self.generation = generation


class ClaimPicked(Message):
    """A widget asks the app to select a claim (``jump``: also scroll the article to it)."""

    def __init__(self, claim_id: str, jump: bool = False) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.jump = jump


class ActorPicked(Message):
    """A widget asks the app to select an actor (``jump``: scroll to its first mention)."""

    def __init__(self, actor_id: str, jump: bool = False) -> None:
        super().__init__()
        self.actor_id = actor_id
        self.jump = jump
