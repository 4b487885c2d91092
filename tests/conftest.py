"""Shared fixtures. Every test runs with its own data/config/cache dirs."""

from __future__ import annotations

import pytest

from paths import FIXTURES, ROOT, SEED, SEED_GOLD  # noqa: F401  (re-exported for fixtures)


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("cubatui-home")
    for name in ("DATA", "CONFIG", "CACHE"):
        monkeypatch.setenv(f"CUBATUI_{name}_DIR", str(base / name.lower()))
    monkeypatch.delenv("CUBATUI_MODEL", raising=False)
    return base


@pytest.fixture(scope="session")
def nlp():
    """The default English pipeline, loaded once for the whole run."""
    from cubatui.nlp.pipeline import load_model, resolve_model

    return load_model(resolve_model())
