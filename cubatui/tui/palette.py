"""How entity types, claims and search matches look: colour *and* a non-colour cue.

Colours come from the current Textual theme (its readable ``text-*`` variables), so
every theme stays legible; the bold/italic/underline cues survive ``NO_COLOR``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style

# Entity label -> (legend name, theme colour variable, non-colour cue)
ENTITY_KINDS: dict[str, tuple[str, str, dict[str, bool]]] = {
    "PERSON": ("person", "text-accent", {"bold": True}),
    "ORG": ("organisation", "text-primary", {"underline": True}),
    "GPE": ("place", "text-success", {"italic": True}),
    "NORP": ("group", "text-error", {"italic": True, "underline": True}),
    "OTHER": ("other", "text-secondary", {"underline": True, "dim": True}),
}
GPE_LIKE = {"GPE", "LOC", "FAC"}

CLAIM_MARKERS = {"direct": "❝", "mixed": "◑", "indirect": "›"}


def entity_kind(label: str) -> str:
    if label in ENTITY_KINDS:
        return label
    return "GPE" if label in GPE_LIKE else "OTHER"


def claim_marker(kind: str) -> str:
    return CLAIM_MARKERS.get(kind, "?")


@dataclass(frozen=True)
class Palette:
    entities: dict[str, Style]
    claim: Style
    selected_claim: Style
    cue: Style
    speaker: Style
    match: Style
    current_match: Style
    heading: Style
    muted: Style
    note: Style

    def entity(self, label: str) -> Style:
        return self.entities[entity_kind(label)]


def _colour(variables: dict[str, str], name: str, fallback: str) -> str | None:
    value = variables.get(name) or variables.get(name.removeprefix("text-")) or fallback
    # Only plain #rrggbb values are Rich colours (not "auto 87%" nor #rrggbbaa).
    return value if value.startswith("#") and len(value) == 7 else None


def make_palette(variables: dict[str, str] | None = None) -> Palette:
    """A palette from Textual CSS variables (``App.get_css_variables()``)."""
    v = variables or {}
    entities = {kind: Style(color=_colour(v, var, ""), **cue)
                for kind, (_, var, cue) in ENTITY_KINDS.items()}
    claim_bg = _colour(v, "primary-muted", "")
    return Palette(
        entities=entities,
        # Claims get a tint; the selected one is reversed so it stands out without colour.
        claim=Style(bgcolor=claim_bg) if claim_bg else Style(),
        selected_claim=Style(reverse=True),
        cue=Style(bold=True, underline=True),
        speaker=Style(bold=True, italic=True),
        match=Style(bgcolor=_colour(v, "warning-muted", ""), underline=True, bold=True),
        current_match=Style(reverse=True, bold=True, underline=True),
        heading=Style(bold=True, color=_colour(v, "text-primary", "")),
        muted=Style(dim=True),
        note=Style(bgcolor=_colour(v, "success-muted", "")),
    )
