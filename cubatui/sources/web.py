"""Fetching http(s) URLs with httpx: timeouts, a redirect limit, a size cap, a
User-Agent and content-type checks. Every failure is a one-line SourceError."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from cubatui import __version__
from cubatui.model import Article
from cubatui.sources.errors import SourceError

USER_AGENT = f"cubatui/{__version__} (+terminal news reader)"
DEFAULT_TIMEOUT = 15.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json", "text/html", "text/plain")


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def http_timeout() -> float:
    """Seconds for connecting and for each read; CUBATUI_HTTP_TIMEOUT overrides (tests keep it small)."""
    try:
        value = float(os.environ.get("CUBATUI_HTTP_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    content_type: str  # lower-case media type without parameters
    charset: str | None
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch(url: str, accept: tuple[str, ...] = PAGE_TYPES, headers: dict[str, str] | None = None,
          max_bytes: int = MAX_BYTES) -> Response:
    """GET ``url``; the body is streamed and the transfer aborted past ``max_bytes``.
    A 304 (conditional GET) comes back with an empty body."""
    import httpx

    timeout = http_timeout()
    # A read timeout is per chunk; a server dripping bytes slowly is caught by this total deadline.
    deadline = time.monotonic() + 4 * timeout
    request_headers = {"User-Agent": USER_AGENT, "Accept": ", ".join(accept) + ";q=0.9, */*;q=0.1"}
    request_headers.update(headers or {})
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=True,
                          max_redirects=MAX_REDIRECTS, headers=request_headers) as client:
            with client.stream("GET", url) as response:
                if response.status_code == 304:
                    return Response(str(response.url), 304, "", None, b"", dict(response.headers))
                if response.status_code >= 400:
                    reason = response.reason_phrase or ""
                    raise SourceError(f"{url}: HTTP error {response.status_code} {reason}".rstrip())
                media_type, charset = _content_type(response.headers.get("content-type", ""))
                if media_type and media_type not in accept:
                    raise SourceError(f"{url}: unsupported content type {media_type!r} "
                                      "(expected a web page or text)")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise SourceError(f"{url}: too large ({_mb(int(declared))}, the limit is {_mb(max_bytes)})")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise SourceError(f"{url}: too large (more than {_mb(max_bytes)}); not loaded")
                    if time.monotonic() > deadline:
                        raise SourceError(f"{url}: timed out (the download took too long)")
                    chunks.append(chunk)
                return Response(str(response.url), response.status_code, media_type, charset,
                                b"".join(chunks), dict(response.headers))
    except SourceError:
        raise
    except httpx.TimeoutException as exc:
        raise SourceError(f"{url}: timed out after {timeout:g} s") from exc
    except httpx.TooManyRedirects as exc:
        raise SourceError(f"{url}: too many redirects (more than {MAX_REDIRECTS})") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise SourceError(f"{url}: not a valid web address ({exc})") from exc
    except httpx.ConnectError as exc:
        raise SourceError(f"{url}: cannot connect ({_first_line(exc)})") from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"{url}: download failed ({_first_line(exc) or type(exc).__name__})") from exc


def load_url(url: str) -> Article:
    """A web page (HTML through the article extractor) or a plain-text URL."""
    from cubatui.sources.html import article_from_html, decode_html
    from cubatui.sources.text import decode_text, title_from_text

    response = fetch(url)
    if not response.body.strip():
        raise SourceError(f"{url}: empty page (no text)")
    if response.content_type == "text/plain":
        text = decode_text(response.body, url)
        if not text.strip():
            raise SourceError(f"{url}: empty page (no text)")
        return Article(text=text, title=title_from_text(text), source=url, metadata={"url": response.url})
    html = decode_html(response.body, url, response.charset)
    return article_from_html(html, url, source=url, url=response.url)


def _content_type(header: str) -> tuple[str, str | None]:
    media_type, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("'\"") or None
    return media_type.strip().lower(), charset


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]
