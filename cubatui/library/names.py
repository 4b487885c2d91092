"""Matching an actor's name across articles: accents, case and punctuation folded;
a person also matches by surname ("De Cossío" = "Carlos Fernández de Cossío")."""

from __future__ import annotations

import re

from cubatui.folding import strip_accents

_NON_WORD = re.compile(r"[^\w]+")
# Honorifics that precede a name but are not part of it.
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "president", "minister", "senator",
           "rep", "gen", "general", "gov", "governor", "judge", "the"}


def fold(name: str) -> str:
    """Lower-case, accent-free words separated by one space."""
    return " ".join(_NON_WORD.sub(" ", strip_accents(name).casefold().replace("’", "").replace("'", "")).split())


def _words(name: str) -> list[str]:
    words = fold(name).split()
    while len(words) > 1 and words[0] in _TITLES:
        words.pop(0)
    return words


def name_key(name: str) -> str:
    """The form names are compared in: folded, without a leading title ("Mr.", "the")."""
    return " ".join(_words(name))


def names_match(query: str, names: list[str] | tuple[str, ...], person: bool) -> bool:
    """Does ``query`` name the actor known by ``names`` (its name and aliases)?
    Exact folded match for anyone; for a person, one name may be a trailing part
    (the surname, possibly compound) of the other."""
    wanted = _words(query)
    if not wanted:
        return False
    for name in names:
        words = _words(name)
        if not words:
            continue
        if words == wanted:
            return True
        if person:
            shorter, longer = sorted((wanted, words), key=len)
            if longer[-len(shorter):] == shorter and not (len(shorter) == 1 and len(shorter[0]) < 3):
                return True
    return False
