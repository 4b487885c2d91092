"""Turn a SOURCE argument (a path, a URL, or ``-`` for stdin) into an Article."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from cubatui.model import Article
from cubatui.sources.errors import SourceError
from cubatui.sources.text import decode_text, title_from_text
from cubatui.sources.web import is_url

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def load_source(source: str, stdin: BinaryIO | None = None) -> Article:
    """The one entry point: ``-`` (stdin), an http(s) URL, an .html file, or a .txt/.md file."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _article_from_bytes(stream.read(), "<stdin>", source="-")
    if is_url(source):
        from cubatui.sources.web import load_url

        return load_url(source)
    path = Path(source).expanduser()
    if not path.exists():
        raise SourceError(f"{source}: no such file")
    if path.is_dir():
        raise SourceError(f"{source}: is a directory, not an article")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise SourceError(f"{source}: unsupported file type {path.suffix!r} (use .txt, .md or .html)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{source}: cannot read ({exc.strerror or exc})") from exc
    if suffix in HTML_SUFFIXES:
        from cubatui.sources.html import article_from_html, decode_html

        if not data.strip():
            raise SourceError(f"{source}: empty article (no text)")
        html = decode_html(data, source)
        return article_from_html(html, source, source=str(path))
    return _article_from_bytes(data, source, source=str(path))


def _article_from_bytes(data: bytes, label: str, source: str) -> Article:
    text = decode_text(data, label)
    if not text.strip():
        raise SourceError(f"{label}: empty article (no text)")
    return Article(text=text, title=title_from_text(text), source=source)
