"""HTML pages -> Article: the main text extracted by trafilatura, boilerplate dropped.

trafilatura (and lxml under it) is imported inside the function, so loading a
plain-text article never pays for it.
"""

from __future__ import annotations

import codecs
import logging
import re

from cubatui.model import Article
from cubatui.sources.errors import SourceError
from cubatui.sources.text import decode_text, title_from_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# WHATWG: pages labelled Latin-1 or ASCII are really Windows-1252 (smart quotes at 0x91-0x94).
_LABEL_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}
METADATA_FIELDS = ("author", "date", "url", "sitename")
# On a page without an article the extractor falls back to menus and link lists;
# an article has at least one line that reads like a sentence.
MIN_SENTENCE_WORDS = 8


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("'\"")).name
    except LookupError:
        return None
    return _LABEL_ALIASES.get(name, name)


def decode_html(data: bytes, label: str, header_charset: str | None = None) -> str:
    """A BOM wins, then the HTTP header's charset, then a <meta charset>, then the
    text sniffing of decode_text (UTF-8, else Windows-1252; binary is refused)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, label)
    meta = _META_CHARSET.search(data[:4096])
    for encoding in (_codec(header_charset), _codec(meta.group(1).decode("ascii") if meta else None)):
        if encoding and not encoding.startswith(("utf_16", "utf_32")):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue  # a wrong label is common; fall back to sniffing
            return decode_text(text.encode("utf-8"), label)  # the binary check, and newlines
    return decode_text(data, label)


def article_from_html(html: str, label: str, source: str, url: str | None = None) -> Article:
    """The article in an HTML page; SourceError when the page holds no article text."""
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        # Their warnings would otherwise reach stderr next to our one-line error.
        if not logging.getLogger(name).handlers:
            logging.getLogger(name).addHandler(logging.NullHandler())
    try:
        import trafilatura
    except ImportError as exc:  # e.g. lxml without its html-clean part
        raise SourceError(f"{label}: HTML extraction is unavailable ({exc}); reinstall cubatui") from exc
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_images=False)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise SourceError(f"{label}: cannot read the HTML ({type(exc).__name__})") from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not _has_prose(text):
        raise SourceError(f"{label}: no article text found")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    metadata: dict[str, str] = {}
    for name in METADATA_FIELDS:
        value = getattr(doc, name, None)
        if value:
            metadata[name] = " ".join(str(value).split())
    if url and "url" not in metadata:
        metadata["url"] = url
    title = " ".join(str(getattr(doc, "title", "") or "").split()) or title_from_text(text)
    return Article(text=text + "\n", title=title, source=source, metadata=metadata)


def _has_prose(text: str) -> bool:
    return any(len(line.split()) >= MIN_SENTENCE_WORDS for line in text.splitlines())
