"""The analysis cache: a stored analysis is reused only for the same text, the same
model (name and installed version), the same cubatui version and the same NLP
rules. Computing the key never imports spaCy, so a cached reopen stays fast.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from cubatui import __version__
from cubatui.library.store import Library, LibraryError
from cubatui.model import Analysis, Article

NLP_DIR = Path(__file__).resolve().parent.parent / "nlp"


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """sha256 over the analysis engine's own files (``cubatui/nlp/**/*.py`` and its
    data files): any change to the rules invalidates every cached analysis."""
    digest = hashlib.sha256()
    files = sorted(p for p in NLP_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and (p.suffix == ".py" or "data" in p.relative_to(NLP_DIR).parts[:1]))
    for path in files:
        digest.update(path.relative_to(NLP_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=8)
def model_version(name: str) -> str:
    """The installed version of the distribution providing model package ``name``
    ("" if it is not installed), read from package metadata without importing it."""
    if not _installed(name):
        return ""
    for candidate in (name, name.replace("_", "-")):
        try:
            return importlib.metadata.version(candidate)
        except importlib.metadata.PackageNotFoundError:
            pass
    dists = importlib.metadata.packages_distributions().get(name, [])
    for dist in dists:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            pass
    return "unknown"


def _installed(name: str) -> bool:
    if not name or not all(part.isidentifier() for part in name.split(".")):
        return False  # e.g. a path given to --model
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def cache_key(article: Article, model: str | None = None) -> str:
    """The key of ``article``'s analysis under the model ``--model``/config would pick.
    Raises ModelError (from resolve_model) when no model can be chosen."""
    from cubatui.nlp.pipeline import resolve_model

    name = resolve_model(model).name
    parts = (article.sha256, name, model_version(name), __version__, engine_fingerprint())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cached_or_none(article: Article, model: str | None = None, library: Library | None = None) -> Analysis | None:
    """The stored analysis of ``article`` if still valid, else None (for the app)."""
    own = library is None
    library = library or Library()
    try:
        return library.cached_analysis(article, cache_key(article, model))
    finally:
        if own:
            library.close()


def store(analysis: Analysis, model: str | None = None, library: Library | None = None) -> None:
    """Keep a fresh analysis (and its article) in the library."""
    own = library is None
    library = library or Library()
    try:
        library.store_analysis(analysis, cache_key(analysis.article, model))
    finally:
        if own:
            library.close()


def analyses_with_cache(articles: list[Article], model: str | None, library: Library,
                        warn=lambda message: None) -> Iterator[Analysis]:
    """Analyses of ``articles`` in their order: stored ones straight from the library,
    the rest in one ``nlp.pipe`` pass (spaCy is imported only if something is missing).
    Fresh analyses are stored; a library that cannot be written is reported via ``warn``."""
    keys = [cache_key(article, model) for article in articles]
    hits = [library.cached_analysis(article, key) for article, key in zip(articles, keys)]
    misses = [article for article, hit in zip(articles, hits) if hit is None]
    fresh: Iterator[Analysis] = iter(())
    if misses:
        from cubatui.nlp.analyze import analyze_articles

        fresh = analyze_articles(misses, model=model)
    writable = True
    for article, key, hit in zip(articles, keys, hits):
        analysis = hit if hit is not None else next(fresh)
        if writable:
            try:
                if hit is not None:
                    library.remember(article)
                else:
                    library.store_analysis(analysis, key)
            except LibraryError as exc:
                warn(str(exc))
                writable = False
        yield analysis


def cached_analyser(article: Article, model: str | None = None) -> Analysis:
    """The app's analyser: the stored analysis when still valid, else a fresh one that
    is then stored. A library that cannot be used never stops the analysis. Meant to
    run in a worker thread (it opens and closes its own connection)."""
    try:
        library: Library | None = Library()
    except LibraryError:
        library = None
    try:
        if library is not None:
            hit = library.cached_analysis(article, cache_key(article, model))
            if hit is not None:
                try:
                    library.remember(article)
                except LibraryError:
                    pass
                return hit
        from cubatui.nlp.analyze import analyze_article

        analysis = analyze_article(article, model=model)
        if library is not None:
            try:
                library.store_analysis(analysis, cache_key(article, model))
            except LibraryError:
                pass  # shown fresh, just not kept
        return analysis
    finally:
        if library is not None:
            library.close()
