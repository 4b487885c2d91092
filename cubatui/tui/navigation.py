"""Where the next/previous speaker or claim is: pure functions over an Analysis.

Kept apart from the widgets so the reading-order rules can be tested directly and
reused by later features (notes, library) without the UI.
"""

from __future__ import annotations

from cubatui.model import Actor, Analysis, Claim, Entity


def claims_in_order(analysis: Analysis) -> list[Claim]:
    return sorted(analysis.quotes, key=lambda q: (q.start, q.end))


def speakers(analysis: Analysis) -> list[Actor]:
    """Actors with at least one claim, most-quoted first."""
    quoted = {q.speaker for q in analysis.quotes}
    return [a for a in analysis.actors_by_claims() if a.id in quoted]


def step_speaker(analysis: Analysis, current: str | None, step: int) -> Actor | None:
    """The next (step=+1) or previous (-1) speaker after ``current``, wrapping around."""
    people = speakers(analysis)
    if not people:
        return None
    ids = [a.id for a in people]
    if current not in ids:
        return people[0] if step > 0 else people[-1]
    return people[(ids.index(current) + step) % len(people)]


def step_claim(claims: list[Claim], current: Claim | None, step: int) -> Claim | None:
    """The claim after (or before) ``current`` in ``claims`` (reading order), or None at the end.

    With no current claim, forward starts at the first one and backward at the last.
    """
    if not claims:
        return None
    if current is None:
        return claims[0] if step > 0 else claims[-1]
    if step > 0:
        return next((q for q in claims if (q.start, q.end) > (current.start, current.end)), None)
    return next((q for q in reversed(claims) if (q.start, q.end) < (current.start, current.end)), None)


def mentioned_in(analysis: Analysis, claim: Claim) -> tuple[list[Actor], list[Entity]]:
    """The actors and the entities mentioned inside a claim's span (each name once)."""
    actors: list[Actor] = []
    for actor in analysis.actors:
        if any(claim.start <= m.start and m.end <= claim.end for m in actor.mentions):
            actors.append(actor)
    entities: list[Entity] = []
    seen: set[tuple[str, str]] = set()
    for e in sorted(analysis.entities, key=lambda e: e.start):
        if claim.start <= e.start and e.end <= claim.end and (e.text, e.label) not in seen:
            seen.add((e.text, e.label))
            entities.append(e)
    return actors, entities
