"""Assertions shared by the engine tests."""

from __future__ import annotations


def speaker_name(analysis, claim) -> str | None:
    actor = analysis.actor(claim.speaker)
    return actor.name if actor else None


def only_claim(analysis):
    assert len(analysis.quotes) == 1, [q.text for q in analysis.quotes]
    return analysis.quotes[0]


def claim_with(analysis, fragment: str):
    found = [q for q in analysis.quotes if fragment in q.text]
    assert found, f"no claim holds {fragment!r}: {[q.text for q in analysis.quotes]}"
    return found[0]
