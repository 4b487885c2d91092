"""Where the claims are: quotation marks, reported speech, mixed quotes."""

from cubatui.model import Span, split_paragraphs
from cubatui.nlp.quotes import find_quote_spans

from nlp_helpers import claim_with, only_claim, speaker_name


# --------------------------------------------------------------- quotation marks ---
def test_quote_spans_curly_and_straight():
    text = 'He said “curly words” and then "straight words" too.'
    spans = find_quote_spans(text, split_paragraphs(text))
    assert [text[q.start:q.end] for q in spans] == ["curly words", "straight words"]
    assert all(q.closed for q in spans)


def test_unclosed_quote_ends_with_its_paragraph():
    text = '“First part of a long quote.\n“Second part,” she said.'
    spans = find_quote_spans(text, split_paragraphs(text))
    assert [text[q.start:q.end] for q in spans] == ["First part of a long quote.", "Second part,"]
    assert not spans[0].closed and spans[1].closed
    assert spans[0].paragraph == 0 and spans[1].paragraph == 1


def test_quote_spans_never_cross_paragraphs():
    text = 'A stray " mark here.\nA clean line.'
    spans = find_quote_spans(text, split_paragraphs(text))
    assert all(Span(q.start, q.end).start >= 0 and q.end <= len("A stray \" mark here.") for q in spans)


# ------------------------------------------------------------------ direct quotes ---
def test_direct_quote_with_inverted_cue(analyze):
    a = analyze('"We will fight," said Ana López.')
    q = only_claim(a)
    assert q.kind == "direct"
    assert q.text == "We will fight,"
    assert speaker_name(a, q) == "Ana López"
    assert q.cue.text == "said"
    assert q.speaker_mention.text == "Ana López"


def test_direct_quote_span_is_inside_the_marks(analyze):
    a = analyze("“The border stays closed,” the minister told reporters.")
    q = only_claim(a)
    assert a.article.text[q.start - 1] == "“" and a.article.text[q.end] == "”"


def test_interrupted_quote_gives_two_claims_with_one_speaker(analyze):
    a = analyze('"The harvest failed," said Peter Novak. "We need help now."')
    assert [q.kind for q in a.quotes] == ["direct", "direct"]
    assert {speaker_name(a, q) for q in a.quotes} == {"Peter Novak"}
    assert a.quotes[1].text == "We need help now."


def test_quote_without_cue_continues_the_previous_claim(analyze):
    a = analyze('Peter Novak visited the farm. "The harvest failed," he said, and walked on.\n'
                '"We need help now."')
    last = claim_with(a, "We need help now.")
    assert speaker_name(a, last) == "Peter Novak"
    assert "continues" in last.evidence


def test_quote_only_paragraph_continues_previous_speaker(analyze):
    text = ('Mayor Jane Roe spoke at the rally. "We have waited too long," she said. '
            '"The river has divided us for a century.\n'
            '"Tomorrow we start building."')
    a = analyze(text)
    last = claim_with(a, "Tomorrow we start building.")
    assert last.kind == "direct"
    assert speaker_name(a, last) == "Jane Roe"
    assert last.paragraph == 1


def test_colon_attribution_without_cue(analyze):
    a = analyze('The senator: "No comment."')
    q = only_claim(a)
    assert q.kind == "direct" and q.text == "No comment."
    assert "senator" in q.speaker_mention.text
    assert q.cue is None


def test_colon_after_any_verb_introduces_the_quote(analyze):
    a = analyze('Senator Mark Hale continued: "The vote will happen next week."')
    q = only_claim(a)
    assert speaker_name(a, q) == "Mark Hale"


def test_dash_after_quote_names_the_speaker(analyze):
    a = analyze("“We will not give up.” ― Laura Vance")
    q = only_claim(a)
    assert "Laura Vance" in q.speaker_mention.text


def test_scare_quotes_are_not_claims(analyze):
    a = analyze('The so-called "peace plan" was published on Monday.')
    assert a.quotes == ()


# ------------------------------------------------------------------ mixed quotes ---
def test_mixed_quote_is_one_claim(analyze):
    a = analyze('She said the deal was "a disaster" for workers.')
    q = only_claim(a)
    assert q.kind == "mixed"
    assert q.text == 'the deal was "a disaster" for workers'


def test_framed_label_is_a_mixed_claim(analyze):
    a = analyze('Senator Ruth Mayer called the budget "a betrayal of voters."')
    q = only_claim(a)
    assert q.kind == "mixed"
    assert "a betrayal of voters." in q.text
    assert speaker_name(a, q) == "Ruth Mayer"


def test_claims_are_in_reading_order_with_sentence_and_paragraph(analyze):
    text = "Ana Ruiz said prices rose.\nBen Cole said wages fell."
    a = analyze(text)
    assert [q.paragraph for q in a.quotes] == [0, 1]
    for q in a.quotes:
        assert q.sentence.start <= q.start and q.end <= q.sentence.end
    assert [q.id for q in a.quotes] == ["q1", "q2"]


def test_mixed_claim_keeps_the_closing_mark(analyze):
    a = analyze('The governor tweeted that the election was "rigged."')
    q = only_claim(a)
    assert q.kind == "mixed"
    assert q.text.endswith('"') and q.text.count('"') == 2


def test_two_apostrophe_quotation_marks():
    text = "''This isn't reform,'' said Ann Lee. ''It is tinkering.''"
    spans = find_quote_spans(text, split_paragraphs(text))
    assert [text[q.start:q.end] for q in spans] == ["This isn't reform,", "It is tinkering."]
    assert text[spans[0].close:spans[0].after] == "''"


def test_short_unattributed_quote_is_a_title_not_a_claim(analyze):
    a = analyze('The film "13th" opened in October.\n"Politicking."')
    assert a.quotes == ()


def test_passive_label_is_no_claim(analyze):
    a = analyze('The nurse checked a box labeled "urgent care" on the form.')
    assert a.quotes == ()


def test_dash_with_no_break_space_is_not_part_of_the_name(analyze):
    a = analyze("“Nor will we.” ―\xa0the union leader")
    q = only_claim(a)
    assert q.speaker_mention.text == "the union leader"


def test_framing_verb_above_a_subjectless_verb(analyze):
    a = analyze('The governor lauded Ms. Reyes for helping develop "new and innovative ideas."')
    q = only_claim(a)
    assert q.kind == "mixed"
    assert q.text.startswith("Ms. Reyes for helping develop")
    assert q.cue.text == "lauded"


def test_framing_verb_not_reached_through_a_clause_with_its_own_subject(analyze):
    a = analyze('Anna Berg praised the team because they built a "miracle" stadium.')
    assert a.quotes == ()


def test_framed_label_ends_at_the_clause_break(analyze):
    a = analyze('The union called Ms. Reyes a "champion" for its members, citing her work on pensions.')
    q = claim_with(a, "champion")
    assert q.text == 'Ms. Reyes a "champion" for its members'


def test_framed_label_ends_at_a_comma_inside_the_marks(analyze):
    a = analyze('Anna Berg called the speech a "rant," a series of attacks on the mayor.')
    q = only_claim(a)
    assert q.text == 'the speech a "rant,"'


def test_framed_list_of_labels_stays_whole(analyze):
    a = analyze('Anna Berg called the senator a "liar," a "cheat" and a "fraud."')
    q = claim_with(a, "liar")
    assert q.text.startswith("the senator")
    assert "cheat" in q.text


def test_label_inside_a_framed_list_is_no_claim_of_its_own(analyze):
    a = analyze('Tom Reed called the senator a "nasty man," an "extremist," "unstable" and "sick."')
    q = only_claim(a)
    assert q.kind == "mixed"
    assert q.text.endswith('"sick."')
