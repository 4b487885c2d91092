"""Article text is untrusted: make control characters visible, one character for one.

Keeping the length unchanged means every offset of the analysis still points at the
same character on screen. Rich markup needs no escaping here because we only ever
build ``rich.text.Text`` objects from article text, never markup strings.
"""

from __future__ import annotations

# Bidirectional overrides can reorder what the reader sees; show them as a mark too.
_BIDI = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069}


def _visible_char(code: int) -> str:
    if code == 0x09:
        return " "
    if code == 0x0A:
        return "\n"
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code <= 0x9F or code in _BIDI:
        return "\ufffd"
    return chr(code)


_TABLE = {code: _visible_char(code) for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI]}


def visible(text: str) -> str:
    """``text`` with every control character replaced by a visible placeholder (same length)."""
    return text.translate(_TABLE)


def one_line(text: str, limit: int | None = None) -> str:
    """A visible, single-line version of ``text`` (for labels), cut to ``limit`` characters."""
    flat = " ".join(visible(text).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat
