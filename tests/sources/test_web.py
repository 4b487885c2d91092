"""http(s) sources against the local server: extraction, redirects, limits, errors."""

from __future__ import annotations

import socket
import time

import pytest

from cubatui.sources import SourceError, load_source
from cubatui.sources.web import USER_AGENT, http_timeout

from .conftest import TIMEOUT


def test_page_is_fetched_and_extracted(web):
    article = load_source(web.url("/page.html"))
    assert article.source == web.url("/page.html")
    assert "“We have reached a fair agreement for every worker at the port,”" in article.text
    assert "SUBSCRIBE NOW" not in article.text and "Cookie settings" not in article.text
    assert article.metadata["author"] == "Ana Ruiz"
    assert article.metadata["url"] == "https://gazette.example/2024/03/port-strike"
    path, headers = web.requests[-1]
    assert headers["user-agent"] == USER_AGENT and USER_AGENT.startswith("cubatui/")


def test_redirect_is_followed(web):
    article = load_source(web.url("/redirect"))
    assert "Tomás Ferreira" in article.text
    assert [p for p, _ in web.requests] == ["/redirect", "/page.html"]


def test_redirect_loop_stops(web):
    with pytest.raises(SourceError, match="too many redirects"):
        load_source(web.url("/loop"))
    assert len(web.requests) <= 7


def test_slow_server_times_out(web):
    started = time.monotonic()
    with pytest.raises(SourceError, match="timed out"):
        load_source(web.url("/slow.html"))
    assert time.monotonic() - started < TIMEOUT * 3


def test_slow_drip_hits_the_total_deadline(web):
    # Each piece arrives within the read timeout; the whole download must still stop.
    started = time.monotonic()
    with pytest.raises(SourceError, match="took too long"):
        load_source(web.url("/drip.html"))
    assert time.monotonic() - started < TIMEOUT * 6


@pytest.mark.parametrize("path", ["/big.html", "/big-undeclared.html"])
def test_oversized_body_is_refused(web, path):
    with pytest.raises(SourceError, match="too large"):
        load_source(web.url(path))


@pytest.mark.parametrize("path,message", [
    ("/report.pdf", "unsupported content type 'application/pdf'"),
    ("/image.png", "unsupported content type 'image/png'"),
    ("/binary.html", "binary data"),
    ("/gone", "HTTP error 404"),
    ("/empty-article.html", "no article text found"),
    ("/blank.html", "empty page"),
])
def test_bad_pages_give_one_clear_line(web, path, message):
    with pytest.raises(SourceError, match=message) as info:
        load_source(web.url(path))
    assert "\n" not in str(info.value) and str(info.value).startswith(web.url(path))


def test_connection_refused():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SourceError, match="cannot connect"):
        load_source(f"http://127.0.0.1:{port}/x.html")


def test_charset_from_http_header_wins(web):
    article = load_source(web.url("/header-latin1.html"))
    assert "“We have reached" in article.text and "Tomás" in article.text


def test_charset_from_meta_tag(web):
    assert "the union’s leader" in load_source(web.url("/meta-charset.html")).text


def test_plain_text_url(web):
    article = load_source(web.url("/plain.txt"))
    assert article.text == "Officials said the port reopened.\n"
    assert article.metadata["url"] == web.url("/plain.txt")


def test_timeout_setting(monkeypatch):
    monkeypatch.setenv("CUBATUI_HTTP_TIMEOUT", "2.5")
    assert http_timeout() == 2.5
    monkeypatch.setenv("CUBATUI_HTTP_TIMEOUT", "soon")
    assert http_timeout() == 15.0


def test_markup_and_escapes_in_a_page_stay_literal_text(web):
    article = load_source(web.url("/escape.html"))
    assert "Port [bold]strike[/] ends" in article.text  # no markup is interpreted at the source
