"""The Markdown report: actors with their claims, cue and paragraph; unattributed claims."""

from __future__ import annotations

from cubatui.model import Actor, Analysis, Article, Claim, Generator, Mention, Span, split_paragraphs
from cubatui.report import markdown_report

TEXT = ("# Port talks stall\n"
        "“We will not yield,” said Ana Pérez, the minister.\n"
        "Pérez later added that talks were over.\n"
        "Unions say   the strike\ncontinues.")


def _mention(text: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return Mention(start, start + len(text), text)


def _claim(qid, kind, content, speaker, cue_text, evidence, occurrence=0):
    c = _mention(content, occurrence)
    return Claim(qid, kind, c.start, c.end, content, speaker, None,
                 _mention(cue_text) if cue_text else None, Span(0, 1),
                 Analysis(Article(TEXT), paragraphs=split_paragraphs(TEXT)).paragraph_of(c.start), evidence)


def sample() -> Analysis:
    ana = Actor("a1", "Ana Pérez", "PERSON", ("Ana Pérez", "Pérez"), ("the minister",),
                (_mention("Ana Pérez"), _mention("Pérez", 1)))
    bystander = Actor("a2", "Lisbon", "GPE", ("Lisbon",), (), ())
    quotes = (
        _claim("q1", "direct", "We will not yield,", "a1", "said", "named subject of 'said'"),
        _claim("q2", "indirect", "talks were over", "a1", "added", "surname of a1"),
        _claim("q3", "indirect", "the strike\ncontinues", None, "say", "no speaker found"),
    )
    return Analysis(Article(TEXT, title="Port talks stall", source="port.md"),
                    Generator("cubatui", "0.1.0", "en_core_web_sm", "3.8.0"),
                    split_paragraphs(TEXT), (), (ana, bystander), quotes)


def test_report_lists_speaker_claims_with_cue_and_paragraph():
    report = markdown_report(sample())
    lines = report.splitlines()
    assert lines[0] == "# Port talks stall"
    assert "Source: `port.md`  " in lines
    assert "2 actors, 3 claims, 0 entity mentions." in lines
    assert "## Ana Pérez (PERSON, 2 claims)" in lines
    assert "Also: Pérez  " in lines
    assert "Described as: the minister  " in lines
    # claims in reading order; paragraphs numbered from 1 for readers
    first = lines.index("- [direct] We will not yield,  ")
    assert lines[first + 1] == "  *said*, paragraph 2 — named subject of 'said'"
    second = lines.index("- [indirect] talks were over  ")
    assert second > first and lines[second + 1] == "  *added*, paragraph 3 — surname of a1"


def test_actor_without_claims_is_left_out_and_unattributed_are_listed():
    report = markdown_report(sample())
    assert "Lisbon" not in report
    assert "## Unattributed" in report
    # line breaks and runs of spaces inside a claim collapse to one line
    assert "- [indirect] the strike continues (paragraph 4)" in report.splitlines()
    assert report.endswith("\n") and not report.endswith("\n\n")


def test_report_without_claims_or_title():
    bare = Analysis(Article("Nothing said here."))
    report = markdown_report(bare)
    assert report.startswith("# Untitled article\n")
    assert "No quoted or reported claims found." in report
    assert "Source:" not in report


def test_title_with_newlines_stays_on_one_heading_line():
    a = Analysis(Article("x", title="Two\nlines"))
    assert markdown_report(a).splitlines()[0] == "# Two lines"


def test_control_characters_from_the_article_are_shown_not_obeyed():
    text = "Red \x1b[31malert\x1b[0m\n“Move\x9b2J on,” said Ana Pérez\x07.\n"
    start = text.index("Move")
    claim = Claim("q1", "direct", start, start + 10, text[start:start + 10], None, None, None,
                  Span(0, 1), 1, "no speaker found")
    report = markdown_report(Analysis(Article(text, title="Red \x1b[31malert\x1b[0m"), quotes=(claim,)))
    assert "\x1b" not in report and "\x9b" not in report and "\x07" not in report
    assert report.startswith("# Red \\x1b[31malert\\x1b[0m\n")
    assert "- [direct] Move\\x9b2J on (paragraph 2)" in report
