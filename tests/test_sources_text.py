"""Decoding article bytes: encodings, BOMs, newlines, and refusing binary data."""

from __future__ import annotations

import codecs
import io

import pytest

from cubatui.sources import SourceError, load_source
from cubatui.sources.text import decode_text, title_from_text

SAMPLE = "“We will not yield,” said Ana Pérez.\nThe minister added that talks were over."


def test_plain_utf8():
    assert decode_text(SAMPLE.encode("utf-8"), "x") == SAMPLE


def test_utf8_bom_is_dropped():
    assert decode_text(codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "x") == SAMPLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    assert decode_text(bom + SAMPLE.encode(encoding), "x") == SAMPLE


def test_utf32_with_bom():
    assert decode_text(codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), "x") == SAMPLE


def test_cp1252_smart_quotes():
    data = SAMPLE.encode("cp1252")
    assert b"\x93" in data  # a left double quote in Windows-1252, invalid as UTF-8
    assert decode_text(data, "x") == SAMPLE


def test_latin1_bytes_undefined_in_cp1252():
    # 0x81 and 0x8d have no cp1252 character: the decoder falls back to Latin-1.
    data = "Caf\xe9 \x81 ol\xe9".encode("latin-1")
    assert decode_text(data, "x") == "Café \x81 olé"


def test_crlf_and_lone_cr_become_newlines():
    assert decode_text(b"one\r\ntwo\rthree\n", "x") == "one\ntwo\nthree\n"
    bom16 = codecs.BOM_UTF16_LE + "a\r\nb".encode("utf-16-le")
    assert decode_text(bom16, "x") == "a\nb"


def test_nul_bytes_are_binary():
    with pytest.raises(SourceError, match=r"^pic\.txt: binary data"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "pic.txt")


def test_many_control_characters_are_binary():
    data = bytes(range(1, 32)) * 20
    with pytest.raises(SourceError, match="binary data"):
        decode_text(data, "x")


def test_a_few_escapes_are_still_text():
    # A stray escape sequence is shown literally later, not a reason to refuse the article.
    text = "Headline\n\x1b[31mred\x1b[0m words in a long enough article body " * 3
    assert decode_text(text.encode(), "x") == text


def test_invalid_utf16_after_bom_is_an_error():
    with pytest.raises(SourceError, match="not valid utf-16"):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8", "x")  # a lone surrogate


def test_title_is_first_nonblank_line_without_heading_marks():
    assert title_from_text("\n\n## Talks stall  \nbody") == "Talks stall"
    long = "x" * 200
    title = title_from_text(long, limit=20)
    assert len(title) == 20 and title.endswith("…")
    assert title_from_text("   \n ") == ""


def test_load_source_from_stdin_stream():
    article = load_source("-", stdin=io.BytesIO("Title\r\nBody “quoted”.".encode("cp1252")))
    assert article.text == "Title\nBody “quoted”."
    assert article.title == "Title" and article.source == "-"


def test_load_source_errors_are_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    cases = {str(tmp_path / "missing.txt"): "no such file", str(tmp_path): "is a directory",
             str(empty): "empty article", str(pdf): "unsupported file type"}
    for source, expected in cases.items():
        with pytest.raises(SourceError) as info:
            load_source(source)
        message = str(info.value)
        assert expected in message and source in message and "\n" not in message
