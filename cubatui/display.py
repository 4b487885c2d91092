"""Showing untrusted text (articles, notes, imported files) safely on a terminal:
the CLI's output, note exports and the notes screens. (The reader's article panes use
``cubatui.tui.safe_text`` instead, which keeps every character's offset.)"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(text: str) -> str:
    """Control characters (escape sequences, C1 codes, line separators) as Python-style
    escapes, so text cannot move the cursor, retitle the window or clear the screen.
    Newlines and tabs stay."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def one_line(text: str, limit: int = 0) -> str:
    """``visible`` text on one line, cut to ``limit`` characters with an ellipsis."""
    flat = visible(" ".join(text.split()))
    return flat if not limit or len(flat) <= limit else flat[: limit - 1] + "…"
