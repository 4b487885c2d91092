"""Decoding bytes into article text, and telling text from binary data."""

from __future__ import annotations

import codecs

from cubatui.sources.errors import SourceError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data: bytes, label: str) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with BOM, else Windows-1252/Latin-1.
    Binary data (NUL bytes, many control characters) is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise SourceError(f"{label}: not valid {encoding} text") from exc
    if b"\x00" in data[:8192]:
        raise SourceError(f"{label}: binary data, not a text article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    sample = text[:8192]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\x1b")
    if sample and controls / len(sample) > 0.05:
        raise SourceError(f"{label}: binary data, not a text article")
    return _normalise(text)


def _normalise(text: str) -> str:
    # One newline convention keeps offsets stable between platforms and editors.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def title_from_text(text: str, limit: int = 90) -> str:
    """The first non-blank line, without Markdown heading marks, cut to ``limit``."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return ""
