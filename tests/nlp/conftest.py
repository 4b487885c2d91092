"""Helpers for the engine tests: analyse a short text with the session model."""

from __future__ import annotations

import pytest

from cubatui.model import Article, Generator


@pytest.fixture
def analyze(nlp):
    from cubatui.nlp.analyze import analyze_doc

    def run(text: str):
        return analyze_doc(nlp(text), Article(text), Generator())

    return run
