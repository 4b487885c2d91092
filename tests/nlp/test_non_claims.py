"""Quoted or reported text that is no one's statement."""

import pytest

from nlp_helpers import only_claim


@pytest.mark.parametrize("text", [
    '"We will win this state," the senator said.\n\n"(CROSSTALK.)"',
    '"We will win this state," the senator said.\n\n"[Applause]"',
])
def test_a_stage_direction_is_not_a_claim(analyze, text):
    analysis = analyze(text)
    assert "We will win this state" in only_claim(analysis).text


def test_a_credit_line_after_a_quote_is_not_a_claim(analyze):
    text = '"The debate changed my mind about the whole race." "― Maria Ortega"'
    analysis = analyze(text)
    assert not any(q.text.lstrip('"“').startswith("―") for q in analysis.quotes), \
        [q.text for q in analysis.quotes]


def test_filler_after_according_to_is_not_a_claim(analyze):
    analysis = analyze("According to the network, basically.")
    assert analysis.quotes == ()


@pytest.mark.parametrize("text", [
    'Pence said on Sunday on CNN\'s "State of the Union."',
    'The senator spoke Thursday morning on the network\'s "Morning Show."',
])
def test_the_title_of_a_show_is_where_it_was_said(analyze, text):
    analysis = analyze(text)
    assert not any(q.kind == "mixed" for q in analysis.quotes), [q.text for q in analysis.quotes]


def test_a_quoted_label_in_the_object_is_still_a_claim(analyze):
    analysis = analyze('The senator called the plan "a total disaster."')
    claim = only_claim(analysis)
    assert claim.kind == "mixed" and "total disaster" in claim.text
