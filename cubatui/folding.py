"""Accent folding for matching names ("Cossío" = "Cossio"): one rule shared by the
analysis (alias clustering), the library's actor index and the scorer.
No textual, no spacy."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """``text`` after NFKD decomposition without its combining marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
