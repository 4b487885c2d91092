"""Reported speech: cues, their complements, and where a reported clause ends."""

from nlp_helpers import claim_with, only_claim, speaker_name


def test_reported_speech_drops_that_and_the_cue(analyze):
    a = analyze("Maria Ortiz said that the bridge would reopen in May.")
    q = only_claim(a)
    assert q.kind == "indirect"
    assert q.text == "the bridge would reopen in May"
    assert speaker_name(a, q) == "Maria Ortiz"


def test_content_before_the_cue(analyze):
    a = analyze("The talks collapsed after midnight, a diplomat said.")
    q = only_claim(a)
    assert q.text == "The talks collapsed after midnight"
    assert "diplomat" in q.speaker_mention.text


def test_according_to(analyze):
    a = analyze("According to the ministry, exports fell sharply in March.")
    q = only_claim(a)
    assert q.text == "exports fell sharply in March"
    assert "ministry" in q.speaker_mention.text
    assert q.cue.text == "According to"


def test_saying_that_participle(analyze):
    a = analyze("The company rejected the report on Monday, saying that it had followed all rules.")
    q = claim_with(a, "it had followed all rules")
    assert q.text == "it had followed all rules"
    assert "company" in q.speaker_mention.text
    assert q.cue.text == "saying"


def test_passive_quoted_as_saying(analyze):
    a = analyze("The minister was quoted as saying that the talks had failed.")
    q = only_claim(a)
    assert q.text == "the talks had failed"
    assert "minister" in q.speaker_mention.text


def test_to_infinitive_after_urge(analyze):
    a = analyze("Tom Baker urged the council to delay the vote.")
    q = only_claim(a)
    assert q.text == "the council to delay the vote"


def test_nested_attribution_ends_the_clause(analyze):
    a = analyze("Laura Chen said the plan was dead, though she admitted that talks continue.")
    first = claim_with(a, "the plan was dead")
    assert first.text == "the plan was dead"
    second = claim_with(a, "talks continue")
    assert speaker_name(a, second) == "Laura Chen"


def test_passive_speech_verb_is_no_cue(analyze):
    a = analyze("The visitors were denied entry at the border.")
    assert a.quotes == ()


def test_first_person_belief_is_no_claim(analyze):
    a = analyze("I think the weather will change.")
    assert a.quotes == ()


def test_question_put_to_the_speaker_is_no_claim(analyze):
    a = analyze('"I don\'t know," Smith said when asked whether he would run again.')
    q = only_claim(a)
    assert q.kind == "direct"


def test_that_after_the_cue_is_dropped_even_when_misparsed(analyze):
    a = analyze("The UN warned that famine was imminent.")
    q = only_claim(a)
    assert q.text == "famine was imminent"


def test_phrasal_cue_call_for(analyze):
    a = analyze("The union called for a moratorium on new schools.")
    q = only_claim(a)
    assert q.text == "a moratorium on new schools"
    assert q.cue.text == "called for"


def test_clause_before_a_colon_is_not_the_cue_s_claim(analyze):
    a = analyze("The ruling set off a fierce debate on Friday: senators said they were "
                "convinced the court erred.")
    q = claim_with(a, "they were convinced the court erred")
    assert not q.text.startswith("The ruling")


def test_claim_ends_where_a_participle_attribution_begins(analyze):
    a = analyze("Analysts said regional factors explain the shift, citing the long border with China.")
    q = claim_with(a, "regional factors explain the shift")
    assert "citing" not in q.text


def test_second_reporting_clause_is_its_own_claim(analyze):
    a = analyze('The farmers union said the rules were "strangling" producers, and its president, '
                'Paulo Mendes, warned that food prices would rise.')
    first = claim_with(a, "strangling")
    assert "warned" not in first.text
    claim_with(a, "food prices would rise")


def test_writer_aside_about_the_speaker_ends_the_claim(analyze):
    a = analyze("Maria Ortiz warned that prices would rise, though she did not say by how much.")
    q = only_claim(a)
    assert q.text == "prices would rise"


def test_concessive_clause_inside_the_claim_stays(analyze):
    a = analyze("Maria Ortiz said the plan would work, although it would cost more.")
    q = only_claim(a)
    assert q.text == "the plan would work, although it would cost more"


def test_object_claim_keeps_what_the_verb_says_about_it(analyze):
    a = analyze("The mayor cited the flooding as proof of years of neglect.")
    assert only_claim(a).text == "the flooding as proof of years of neglect"


def test_object_claim_keeps_its_topic(analyze):
    a = analyze("Rosa Diaz warned her neighbours about the dangers of the new road.")
    q = only_claim(a)
    assert q.text == "her neighbours about the dangers of the new road"
    assert speaker_name(a, q) == "Rosa Diaz"


def test_object_claim_stops_at_according_to(analyze):
    a = analyze("The union cited rising costs, according to a statement.")
    assert claim_with(a, "rising costs").text == "rising costs"


def test_belief_reported_inside_a_claim_is_part_of_it(analyze):
    a = analyze("Mark Hill said his rival believes the tax would hurt farmers.")
    q = only_claim(a)
    assert q.text == "his rival believes the tax would hurt farmers"
    assert speaker_name(a, q) == "Mark Hill"


def test_own_thought_reported_inside_a_claim_is_one_claim(analyze):
    a = analyze("Ana Lopez said she thinks the bridge is unsafe.")
    assert only_claim(a).text == "she thinks the bridge is unsafe"


def test_source_in_a_relative_clause_keeps_its_claim(analyze):
    a = analyze("Maria Ruiz said the council approved the budget cuts, which the auditor said were illegal.")
    assert len(a.quotes) == 2
    assert speaker_name(a, claim_with(a, "the council approved")) == "Maria Ruiz"
    assert "auditor" in a.quotes[1].speaker_mention.text


def test_reason_hung_on_the_cue_belongs_to_the_claim(analyze):
    a = analyze("Gowdy said that claim smacked of hypocrisy, because Democrats have questioned the decisions.")
    q = only_claim(a)
    assert q.text == "claim smacked of hypocrisy, because Democrats have questioned the decisions"
    assert speaker_name(a, q) == "Gowdy"


def test_reason_with_a_thinking_verb_does_not_end_the_claim(analyze):
    a = analyze("Ellen Park said she wasn't worried about the vote because she doubted any court would enforce it.")
    q = only_claim(a)
    assert q.text.endswith("because she doubted any court would enforce it")


def test_source_after_as_still_gives_the_clause_before_it(analyze):
    a = analyze("The team was planning a walkout, as the newspaper reported later.")
    q = only_claim(a)
    assert q.text == "The team was planning a walkout"
    assert "newspaper" in q.speaker_mention.text
