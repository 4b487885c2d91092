"""Typed messages between the widgets, the analysis worker and the app (which owns state)."""

from __future__ import annotations

from textual.message import Message

from cubatui.model import Analysis, Article


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


class ArticleLoaded(Message):
    """``load_article`` opened ``article`` (as ``generation``): features reload their state."""

    def __init__(self, article: Article, generation: int) -> None:
        super().__init__()
        self.article = article
        self.generation = generation


# -- notes -----------------------------------------------------------------------
class NotesStoreOpened(Message):
    """The notes store opened in its worker (``store`` is a ``NoteStore``)."""

    def __init__(self, store: object) -> None:
        super().__init__()
        self.store = store


class NotesPlaced(Message):
    """The notes of ``article`` placed in its text (``placed``: list of ``AnchoredNote``);
    ``round`` tells a late result from the latest."""

    def __init__(self, article: Article, placed: list, round: int) -> None:
        super().__init__()
        self.article = article
        self.placed = placed
        self.round = round


class NoteWritten(Message):
    """A note was saved, edited, deleted or restored (``change``); ``note`` as it is now
    (as it was, for a delete)."""

    def __init__(self, change: str, note: object) -> None:
        super().__init__()
        self.change = change
        self.note = note


class NotesTrouble(Message):
    """The notes store failed; ``error`` is one line for the reader."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error
