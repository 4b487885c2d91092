"""Turn a SOURCE argument (a path, or ``-`` for stdin) into an Article."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from cubatui.model import Article
from cubatui.sources.errors import SourceError
from cubatui.sources.text import decode_text, title_from_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


def load_source(source: str, stdin: BinaryIO | None = None) -> Article:
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _article_from_bytes(stream.read(), "<stdin>", source="-")
    path = Path(source).expanduser()
    if not path.exists():
        raise SourceError(f"{source}: no such file")
    if path.is_dir():
        raise SourceError(f"{source}: is a directory, not an article")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise SourceError(f"{source}: unsupported file type {path.suffix!r} (use .txt or .md)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{source}: cannot read ({exc.strerror or exc})") from exc
    return _article_from_bytes(data, source, source=str(path))


def _article_from_bytes(data: bytes, label: str, source: str) -> Article:
    text = decode_text(data, label)
    if not text.strip():
        raise SourceError(f"{label}: empty article (no text)")
    return Article(text=text, title=title_from_text(text), source=source)
