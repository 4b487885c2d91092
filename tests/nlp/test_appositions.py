"""Actors named through an apposition, and unnamed speakers headed by an organisation noun."""

import pytest

from cubatui.model import Article, Generator
from cubatui.nlp.actors import organisation_nouns

from nlp_helpers import only_claim


def _speaker(analysis, claim):
    return analysis.actor(claim.speaker)


@pytest.mark.parametrize("text", [
    "The mayor of Springfield, Jane Holloway, said on Monday that the bridge would reopen.",
    "Jane Holloway, the mayor of Springfield, said on Monday that the bridge would reopen.",
])
def test_named_apposition_of_a_role_is_the_person(analyze, text):
    analysis = analyze(text)
    actor = _speaker(analysis, only_claim(analysis))
    assert actor.name == "Jane Holloway"
    assert actor.kind == "PERSON"
    assert [d.casefold() for d in actor.descriptions] == ["the mayor of springfield"]


@pytest.mark.parametrize("text, description", [
    ("The mayor of Springfield, Jane Holloway, said the bridge would reopen.", "the mayor of springfield"),
    ("Jane Holloway, the mayor of Springfield, said the bridge would reopen.", "the mayor of springfield"),
    ("The police chief, Omar Reyes, said the road was closed.", "the police chief"),
])
def test_untagged_name_next_to_a_role_is_a_person(nlp, text, description):
    from cubatui.nlp.analyze import analyze_doc

    doc = nlp(text)
    doc.ents = []  # the small model misses unfamiliar names: the apposition must suffice
    analysis = analyze_doc(doc, Article(text), Generator())
    claim = only_claim(analysis)
    actor = _speaker(analysis, claim)
    assert actor is not None, claim.evidence
    assert actor.kind == "PERSON"
    assert actor.name in text and "," not in actor.name and actor.name[0].isupper()
    assert [d.casefold() for d in actor.descriptions] == [description]


def test_an_organisation_apposition_is_not_a_person(nlp):
    from cubatui.nlp.analyze import analyze_doc

    text = "The union, Local Forty, said the strike would go on."
    doc = nlp(text)
    doc.ents = []
    analysis = analyze_doc(doc, Article(text), Generator())
    actor = _speaker(analysis, only_claim(analysis))
    assert actor is None or actor.kind != "PERSON"


@pytest.mark.parametrize("text, name", [
    ("According to the local transport union, repairs have barely started.", "local transport union"),
    ('The city council: "No further comment."', "city council"),
    ("The ministry said the border would stay closed.", "ministry"),
    ("A spokesman said the embassy would stay closed, but the embassy said it would reopen.", "embassy"),
])
def test_organisation_noun_speakers_are_organisations(analyze, text, name):
    analysis = analyze(text)
    actors = [_speaker(analysis, q) for q in analysis.quotes]
    match = [a for a in actors if a is not None and a.name.casefold() == name]
    assert match, [(a.name, a.kind) for a in actors if a]
    assert match[0].kind == "ORG"


@pytest.mark.parametrize("text", [
    "Critics said the plan would fail.",
    "Local officials said the plan would fail.",
    "Residents of the town said the water was unsafe.",
])
def test_plural_people_are_groups(analyze, text):
    analysis = analyze(text)
    assert _speaker(analysis, only_claim(analysis)).kind == "GROUP"


def test_a_lone_role_noun_stays_other(analyze):
    analysis = analyze("A spokesman said the talks would resume.")
    assert _speaker(analysis, only_claim(analysis)).kind == "OTHER"


def test_he_does_not_lean_on_an_organisation(analyze):
    analysis = analyze('Tom Baker arrived late. The ministry said the talks were over. "We tried," he said.')
    quote = [q for q in analysis.quotes if "We tried" in q.text][0]
    assert analysis.actor(quote.speaker).name == "Tom Baker"


def test_organisation_nouns_come_from_the_data_file():
    nouns = organisation_nouns()
    assert {"union", "council", "ministry", "embassy", "police"} <= nouns
    assert "mayor" not in nouns and "officials" not in nouns
