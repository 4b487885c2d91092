from __future__ import annotations

import pytest

import tui_sample as sample


@pytest.fixture
def analysis():
    return sample.build()


@pytest.fixture
def article(analysis):
    return analysis.article
