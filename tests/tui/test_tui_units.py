"""Pure helpers of the reader: visible text, navigation order, palette, detail text."""

from __future__ import annotations

import dataclasses

import tui_sample as sample

from cubatui.tui import navigation
from cubatui.tui.palette import make_palette
from cubatui.tui.safe_text import one_line, visible
from cubatui.tui.widgets.claim_detail import actor_detail, claim_detail


def test_visible_replaces_control_characters_one_for_one():
    raw = "a\x1b[31mred\x07 \x1b]52;c;aGk=\x07 \x9b2J tab\there \u202eevil"
    shown = visible(raw)
    assert len(shown) == len(raw)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown and "\u202e" not in shown
    assert "␛[31m" in shown and "␇" in shown
    assert "[31m" in shown  # the rest of the sequence stays, literally


def test_one_line_flattens_and_cuts():
    assert one_line("two\nlines  here", 8) == "two lin…"
    assert one_line("\x1bok") == "␛ok"


def test_speakers_cycle_most_quoted_first():
    a = sample.build()
    assert [x.name for x in navigation.speakers(a)] == ["Ana Ruiz", "Tom Baker", "Dockers Union", "Critics of the union"]
    assert navigation.step_speaker(a, None, +1).name == "Ana Ruiz"
    assert navigation.step_speaker(a, None, -1).name == "Critics of the union"
    assert navigation.step_speaker(a, "a4", +1).name == "Ana Ruiz"  # wraps around
    assert navigation.step_speaker(a, "a1", -1).name == "Critics of the union"


def test_step_claim_in_reading_order_stops_at_ends():
    a = sample.build()
    claims = navigation.claims_in_order(a)
    assert [q.id for q in claims] == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]
    assert navigation.step_claim(claims, None, +1).id == "q1"
    assert navigation.step_claim(claims, None, -1).id == "q7"
    assert navigation.step_claim(claims, claims[2], +1).id == "q4"
    assert navigation.step_claim(claims, claims[2], -1).id == "q2"
    assert navigation.step_claim(claims, claims[-1], +1) is None
    assert navigation.step_claim(claims, claims[0], -1) is None
    assert navigation.step_claim([], None, +1) is None


def test_mentioned_in_finds_actors_and_entities_inside_a_claim():
    a = sample.build()
    text = a.article.text
    # A claim that names someone: widen q6 to cover "the union" and check it is found.
    start = text.index("Critics")
    wide = dataclasses.replace(a.quotes[5], start=start, text=text[start:a.quotes[5].end])
    actors, entities = navigation.mentioned_in(a, wide)
    assert {x.id for x in actors} == {"a2", "a4"}
    assert entities == []
    actors, entities = navigation.mentioned_in(a, a.quotes[0])
    assert actors == [] and entities == []


def test_palette_works_without_theme_and_with_theme_values():
    bare = make_palette()
    assert bare.entity("PERSON").bold and bare.entity("ORG").underline
    assert bare.entity("LOC") == bare.entity("GPE")  # places share a look
    assert bare.selected_claim.reverse  # the selection shows without colour
    themed = make_palette({"text-accent": "#FFC473", "primary-muted": "#0C304C", "boost": "#FFFFFF0A"})
    assert themed.entity("PERSON").color.name.lower() == "#ffc473"
    assert themed.claim.bgcolor is not None


def test_claim_detail_lists_everything_about_a_claim():
    a = sample.build()
    q3 = a.quotes[2]
    text = claim_detail(a, q3, make_palette()).plain
    assert "mixed quote" in text
    assert q3.text in text
    assert "Speaker: Dockers Union (org)" in text
    assert "Cue: said" in text
    assert "Evidence: test evidence for q3" in text
    assert "IN ITS SENTENCE" in text and "IN PARAGRAPH 5" in text
    assert "Its leader, Tom Baker" in text  # the paragraph around the claim
    assert "OTHER CLAIMS BY DOCKERS UNION (0)" in text


def test_actor_detail_lists_aliases_claims_and_mentions():
    a = sample.build()
    ruiz = a.actor("a1")
    text = actor_detail(a, ruiz, make_palette()).plain
    assert "Aliases: Ana Ruiz, Ruiz" in text
    assert "Descriptions: Mayor" in text
    assert "CLAIMS (3)" in text and "MENTIONS (3)" in text
    for claim in a.claims_by("a1"):
        assert claim.text.strip(",") in text


def test_a_one_sentence_paragraph_is_shown_once():
    a = sample.build()
    q7 = a.quotes[6]  # "“The harbour stays public,” Ruiz said." is a paragraph of one sentence
    q7 = dataclasses.replace(q7, sentence=a.paragraphs[q7.paragraph])
    text = claim_detail(a, q7, make_palette()).plain
    assert "IN ITS SENTENCE, ALL OF PARAGRAPH 7" in text
    assert text.count("“The harbour stays public,” Ruiz said.") == 1


def test_paragraphs_touched_finds_the_paragraphs_a_span_overlaps():
    from cubatui.model import Span
    from cubatui.tui.widgets.article_view import paragraphs_touched

    paragraphs = [Span(0, 10), Span(11, 20), Span(21, 30)]
    assert paragraphs_touched(paragraphs, [Span(2, 4)]) == {0}
    assert paragraphs_touched(paragraphs, [Span(8, 15)]) == {0, 1}
    assert paragraphs_touched(paragraphs, [Span(25, 26), Span(0, 1)]) == {0, 2}
    assert paragraphs_touched(paragraphs, [Span(12, 12)]) == {1}  # an empty span still has a place
    assert paragraphs_touched(paragraphs, []) == set()
