"""A local web server (127.0.0.1, port 0) serving the pages and feeds the tests need."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

import pytest

TIMEOUT = 0.4  # seconds; small so the timeout test stays fast

ARTICLE_HTML = """<!doctype html>
<html><head><meta charset="utf-8">
<title>Port strike ends after talks | The Harbour Gazette</title>
<meta name="author" content="Ana Ruiz">
<meta property="og:site_name" content="The Harbour Gazette">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://gazette.example/2024/03/port-strike">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad-banner">SUBSCRIBE NOW for only $1 a week!</div>
<article>
<h1>Port strike ends after talks</h1>
<p>“We have reached a fair agreement for every worker at the port,” said Tomás Ferreira, the union’s leader, on Tuesday evening after nine hours of talks.</p>
<p>The harbour authority said that ships would start unloading again on Wednesday morning, and that the backlog of containers would be cleared within a week.</p>
<p>Ferreira told reporters the deal raised wages by four percent over two years. Business groups, who had warned of shortages in the shops, welcomed the end of the strike.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/a">Celebrity gossip roundup</a></li></ul></aside>
<footer>Copyright 2024 The Harbour Gazette. All rights reserved. Cookie settings.</footer>
</body></html>
"""

EMPTY_HTML = """<!doctype html><html><head><title>Home</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><footer>Copyright</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>{base}/</link>
<item><title>Port strike ends after talks</title><link>{base}/page.html</link><guid>g-1</guid>
<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate></item>
<item><title>Second story</title><link>/second.html</link><guid>g-2</guid>
<pubDate>Mon, 04 Mar 2024 09:00:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Gazette</title><id>urn:feed</id>
<updated>2024-03-06T00:00:00Z</updated>
<entry><title>Atom story</title><id>urn:e1</id><link href="{base}/page.html"/>
<updated>2024-03-06T08:30:00Z</updated></entry>
</feed>"""


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class LocalWeb:
    base: str
    routes: dict[str, Callable[[dict[str, str]], Reply] | Reply]
    requests: list[tuple[str, dict[str, str]]]

    def url(self, path: str) -> str:
        return self.base + path


def _html(text: str, charset: str | None = "utf-8") -> Reply:
    ctype = "text/html" + (f"; charset={charset}" if charset else "")
    return Reply(body=text.encode(charset or "utf-8"), headers={"Content-Type": ctype})


def _routes(base: str) -> dict:
    etag = '"v1"'
    modified = "Tue, 05 Mar 2024 10:00:00 GMT"

    def feed(body: str, ctype: str):
        def reply(headers: dict[str, str]) -> Reply:
            if headers.get("if-none-match") == etag:
                return Reply(304, headers={"ETag": etag})
            return Reply(body=body.format(base=base).encode(), headers={
                "Content-Type": ctype, "ETag": etag, "Last-Modified": modified})
        return reply

    big = b"<html><body>" + b"<p>words words words</p>" * 260_000 + b"</body></html>"  # > 5 MB
    cp1252_page = ARTICLE_HTML.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    return {
        "/page.html": _html(ARTICLE_HTML),
        "/second.html": _html(ARTICLE_HTML.replace("Port strike ends", "Second story")),
        "/meta-charset.html": Reply(body=cp1252_page.encode("cp1252"), headers={"Content-Type": "text/html"}),
        "/header-latin1.html": Reply(body=ARTICLE_HTML.replace('<meta charset="utf-8">', "").encode("cp1252"),
                                     headers={"Content-Type": "text/html; charset=ISO-8859-1"}),
        "/empty-article.html": _html(EMPTY_HTML),
        "/blank.html": Reply(body=b"", headers={"Content-Type": "text/html"}),
        "/plain.txt": Reply(body="Officials said the port reopened.\n".encode(),
                            headers={"Content-Type": "text/plain; charset=utf-8"}),
        "/image.png": Reply(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, headers={"Content-Type": "image/png"}),
        "/binary.html": Reply(body=b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8,
                              headers={"Content-Type": "text/html"}),
        "/report.pdf": Reply(body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"}),
        "/redirect": Reply(302, headers={"Location": "/page.html"}),
        "/loop": Reply(302, headers={"Location": "/loop"}),
        "/slow.html": Reply(body=ARTICLE_HTML.encode(), headers={"Content-Type": "text/html"}, delay=TIMEOUT * 4),
        "/big.html": Reply(body=big, headers={"Content-Type": "text/html"}),
        "/big-undeclared.html": Reply(body=big, headers={"Content-Type": "text/html", "X-No-Length": "1"}),
        "/drip.html": Reply(body=b"", headers={"Content-Type": "text/html", "X-No-Length": "1", "X-Drip": "1"}),
        "/gone": Reply(404, body=b"not here", headers={"Content-Type": "text/html"}),
        "/feed.rss": feed(RSS, "application/rss+xml"),
        "/feed.atom": feed(ATOM, "application/atom+xml"),
        "/escape.html": _html(ARTICLE_HTML.replace("Port strike ends after talks</h1>",
                                                   "Port [bold]strike[/] ends \x1b[31mred</h1>")),
    }


@pytest.fixture
def web(monkeypatch):
    monkeypatch.setenv("CUBATUI_HTTP_TIMEOUT", str(TIMEOUT))
    requests: list[tuple[str, dict[str, str]]] = []
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            headers = {k.lower(): v for k, v in self.headers.items()}
            requests.append((self.path, headers))
            route = holder["routes"].get(self.path.split("?")[0])
            reply = route(headers) if callable(route) else route or Reply(404, b"no route")
            try:
                if reply.delay:
                    time.sleep(reply.delay)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    if not key.startswith("X-"):
                        self.send_header(key, value)
                if "X-No-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if "X-Drip" in reply.headers:
                    for _ in range(int(TIMEOUT * 6 / (TIMEOUT / 4))):
                        self.wfile.write(b"<p>drip</p>")
                        self.wfile.flush()
                        time.sleep(TIMEOUT / 4)
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout, size cap): expected in these tests

        def log_message(self, *args):  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    holder["routes"] = _routes(base)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield LocalWeb(base, holder["routes"], requests)
    finally:
        server.shutdown()
        server.server_close()
