from __future__ import annotations

import pytest

from cubatui.model import Article

NEWS = ("Officials met in Geneva on Tuesday. \u201cWe made real progress,\u201d the envoy said. "
        "The opposition said the talks were a distraction from the economic crisis at home.")


@pytest.fixture
def article() -> Article:
    return Article(text=NEWS, title="Talks in Geneva", source="geneva.txt")


@pytest.fixture
def store():
    from cubatui.notes.store import NoteStore

    s = NoteStore()
    yield s
    s.close()
