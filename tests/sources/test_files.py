"""Files and stdin: encodings, binary data, empty documents, HTML files."""

from __future__ import annotations

import codecs
import io

import pytest

from cubatui.sources import SourceError, load_source
from cubatui.sources.text import decode_text

from .conftest import ARTICLE_HTML, EMPTY_HTML

SENTENCE = "“We will not give in,” said José Martí’s heir, café owner Zoë."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_with_bom_decodes(encoding, tmp_path):
    data = SENTENCE.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert load_source(str(path)).text == SENTENCE


def test_windows_1252_smart_quotes_decode():
    data = SENTENCE.encode("cp1252")
    assert b"\x93" in data and b"\x94" in data  # the smart quotes are single bytes here
    assert decode_text(data, "x") == SENTENCE


def test_latin1_bytes_that_cp1252_lacks_still_decode():
    # 0x81 and 0x8d are undefined in Windows-1252: Latin-1 is the fallback.
    text = decode_text("Caf\xe9 \x81 au lait".encode("latin-1"), "x")
    assert text.startswith("Café") and "au lait" in text


def test_crlf_newlines_are_normalised(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"# Title\r\n\r\nBody line.\r\n")
    article = load_source(str(path))
    assert article.text == "# Title\n\nBody line.\n" and article.title == "Title"


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
                                  bytes(range(32)) * 100])
def test_binary_data_is_refused(data, tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match="binary data"):
        load_source(str(path))


@pytest.mark.parametrize("data", [b"", b"  \n\t\n", codecs.BOM_UTF16_LE])
def test_empty_document_is_refused(data, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError, match="empty"):
        load_source(str(path))


def test_stdin_is_read_as_bytes():
    article = load_source("-", stdin=io.BytesIO(SENTENCE.encode("utf-16")))
    assert article.text == SENTENCE and article.source == "-"


def test_html_file_keeps_the_article_and_drops_boilerplate(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    article = load_source(str(path))
    assert "fair agreement for every worker" in article.text
    assert "welcomed the end of the strike" in article.text
    for boilerplate in ("SUBSCRIBE NOW", "Celebrity gossip", "Cookie settings", "Sport"):
        assert boilerplate not in article.text
    assert article.title == "Port strike ends after talks"
    assert article.metadata["author"] == "Ana Ruiz"
    assert article.metadata["sitename"] == "The Harbour Gazette"
    assert article.metadata["date"].startswith("2024-03-05")
    assert article.metadata["url"] == "https://gazette.example/2024/03/port-strike"
    assert article.source == str(path)


def test_html_file_in_windows_1252_by_meta_charset(tmp_path):
    path = tmp_path / "story.htm"
    path.write_bytes(ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252"))
    article = load_source(str(path))
    assert "“We have reached a fair agreement" in article.text and "Tomás Ferreira" in article.text


def test_html_file_in_utf16_with_bom(tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(ARTICLE_HTML.encode("utf-16"))
    assert "Tomás Ferreira, the union’s leader" in load_source(str(path)).text


def test_html_page_without_article_text(tmp_path):
    path = tmp_path / "home.html"
    path.write_text(EMPTY_HTML, encoding="utf-8")
    with pytest.raises(SourceError, match="no article text found"):
        load_source(str(path))


def test_unsupported_suffix_and_missing_file(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(SourceError, match="unsupported file type '.pdf'"):
        load_source(str(pdf))
    with pytest.raises(SourceError, match="no such file"):
        load_source(str(tmp_path / "nope.txt"))
    with pytest.raises(SourceError, match="directory"):
        load_source(str(tmp_path))
