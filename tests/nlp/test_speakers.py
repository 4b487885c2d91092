"""Who speaks: subjects, appositions, pronouns and their evidence."""

from cubatui.nlp.speakers import Candidate, PronounResolver, pronoun_gender, role_gender

from nlp_helpers import claim_with, only_claim, speaker_name


def test_pronoun_resolves_to_preceding_person_across_sentences(analyze):
    a = analyze("Tom Baker spoke to reporters on Monday. He added that the plan was dead.")
    q = only_claim(a)
    assert q.text == "the plan was dead"
    assert q.speaker_mention.text == "He"
    assert speaker_name(a, q) == "Tom Baker"
    assert "pronoun 'He'" in q.evidence and "Tom Baker" in q.evidence


def test_pronoun_chain_across_paragraphs(analyze):
    text = ("Elena Petrova said the port would close.\n"
            "The decision surprised traders.\n"
            '"We had no choice," she said.')
    a = analyze(text)
    q = claim_with(a, "We had no choice")
    assert speaker_name(a, q) == "Elena Petrova"
    actor = a.actor(q.speaker)
    assert any(m.text == "she" for m in actor.mentions)


def test_she_skips_a_nearer_man(analyze):
    a = analyze('Maria Lopez met Peter Brown in Lima. "The deal is done," she said.')
    q = only_claim(a)
    assert speaker_name(a, q) == "Maria Lopez"


def test_honorific_gives_gender(analyze):
    a = analyze('Ms. Kowalczyk met Mr. Abernathy on Friday. "We agreed on nothing," she said.')
    q = only_claim(a)
    assert speaker_name(a, q) == "Kowalczyk"


def test_it_resolves_to_an_organisation(analyze):
    a = analyze("The European Commission published its review on Friday. It said that growth would slow.")
    q = only_claim(a)
    assert "European Commission" in (speaker_name(a, q) or "")


def test_relative_clause_speaker(analyze):
    a = analyze("The plan was criticised by Governor Alan Reyes, who said it would cost too much.")
    q = claim_with(a, "it would cost too much")
    assert speaker_name(a, q) == "Alan Reyes"
    assert q.speaker_mention.text == "who"  # the mention the attribution uses
    assert any(m.text == "who" for m in a.actor(q.speaker).mentions)


def test_conjoined_cue_shares_the_subject(analyze):
    a = analyze("Hana Sato said the plant was safe but insisted that inspections continue.")
    q = claim_with(a, "inspections continue")
    assert speaker_name(a, q) == "Hana Sato"


def test_named_apposition_wins_over_description(analyze):
    a = analyze("The deputy minister, Omar Haddad, said the border would stay open.")
    q = only_claim(a)
    assert speaker_name(a, q) == "Omar Haddad"


def test_title_becomes_a_description(analyze):
    a = analyze("Finance Minister Lena Berg said taxes would rise. Berg said nothing more.")
    actor = a.actor(a.quotes[0].speaker)
    assert actor.name == "Lena Berg"
    assert any("Minister" in d for d in actor.descriptions)


def test_unresolvable_pronoun_keeps_the_claim(analyze):
    a = analyze('"We are ready," she said.')
    q = only_claim(a)
    assert q.speaker is None
    assert q.speaker_mention.text == "she"
    assert "no fitting antecedent" in q.evidence


def test_statement_issuer_speaks(analyze):
    a = analyze("The Red Cross issued a statement saying that supplies had run out.")
    q = claim_with(a, "supplies had run out")
    assert "Red Cross" in (speaker_name(a, q) or "")


# ------------------------------------------------------------ resolver as a unit ---
def test_resolver_prefers_speakers_then_subjects_in_the_nearest_sentence():
    cands = [Candidate(0, "a1", "Ann", "PERSON", 0, 0, True, True),
             Candidate(40, "a2", "Bob", "PERSON", 1, 0, False, False),
             Candidate(50, "a3", "Carl", "PERSON", 1, 0, True, False)]
    r = PronounResolver(cands, {"a1": "f", "a2": "m"})
    best, why = r.resolve("he", 100, 2, 0)
    assert best.actor == "a3" and "subject" in why
    best, _ = r.resolve("she", 100, 2, 0)
    assert best.actor == "a1"


def test_resolver_learns_gender_from_earlier_pronouns():
    cands = [Candidate(0, "a1", "Kim", "PERSON", 0, 0, True, True)]
    r = PronounResolver(cands, {})
    assert r.resolve("he", 10, 1, 0)[0].actor == "a1"
    assert r.resolve("she", 20, 2, 0)[0] is None


def test_resolver_number_and_organisations():
    cands = [Candidate(0, "a1", "Acme", "ORG", 0, 0, True, False),
             Candidate(10, "a2", "farmers", "GROUP", 0, 0, False, False, plural=True),
             Candidate(20, "a3", "Ann", "PERSON", 0, 0, False, False)]
    r = PronounResolver(cands, {})
    assert r.resolve("it", 30, 1, 0)[0].actor == "a1"
    assert r.resolve("they", 30, 1, 0)[0].actor in ("a1", "a2")
    assert r.resolve("we", 30, 1, 0)[0] is None
    assert pronoun_gender("She") == "f" and pronoun_gender("them") == "pl"


def test_apposition_after_a_name_is_a_description(analyze):
    a = analyze('"The visa office is closed," said John Lee, a spokesman for the embassy.')
    actor = a.actor(a.quotes[0].speaker)
    assert actor.name == "John Lee"
    assert "a spokesman for the embassy" in actor.descriptions


def test_honorific_is_not_a_description(analyze):
    a = analyze('Asked about the deal, Mr. Obama said: "It is a good deal."')
    q = only_claim(a)
    actor = a.actor(q.speaker)
    assert actor.name == "Obama" and actor.descriptions == ()


def test_conjoined_cue_after_a_passive_clause_takes_the_outer_speaker(analyze):
    a = analyze("The embassy warned of cases in which visitors were denied entry "
                "and noted an increase in protests.")
    q = claim_with(a, "an increase in protests")
    assert "embassy" in q.speaker_mention.text.lower()


def test_conjoined_cue_keeps_its_own_clause_subject(analyze):
    a = analyze("Officials said Tom Ruiz visited Havana and told reporters that the talks went well.")
    q = claim_with(a, "the talks went well")
    assert speaker_name(a, q) == "Tom Ruiz"


def test_it_resolves_to_an_unnamed_body(analyze):
    a = analyze("The ministry said in a statement that exports fell. It added that imports rose.")
    q = claim_with(a, "imports rose")
    assert speaker_name(a, q) == "ministry"


def test_subjectless_cue_takes_the_noun_phrase_before_it(analyze):
    a = analyze('The farmers union said the rules were "strangling" producers, and its president, '
                'Paulo Mendes, warned that food prices would rise.')
    q = claim_with(a, "food prices would rise")
    assert speaker_name(a, q) == "Paulo Mendes"


def test_a_date_before_a_subjectless_cue_is_no_speaker():
    from types import SimpleNamespace

    from cubatui.nlp.speakers import _noun_phrase_before

    date = SimpleNamespace(i=0, pos_="PROPN", dep_="pobj", ent_type_="DATE", is_punct=False, text="Saturday")
    date.head = date
    date.right_edge = date
    cue = SimpleNamespace(i=1, doc=[date, None])
    assert _noun_phrase_before(cue) is None


def test_gendered_role_noun_is_skipped_by_the_other_pronoun(analyze):
    text = ("A spokeswoman for the ministry said the office was closed. "
            'Later a senior official spoke. "We will reopen soon," he said.')
    a = analyze(text)
    q = claim_with(a, "We will reopen soon")
    assert speaker_name(a, q) != "spokeswoman for the ministry"
    assert role_gender("Spokeswoman") == "f" and role_gender("chairman") == "m"
    assert role_gender("minister") is None


def test_they_can_mean_an_unnamed_group_that_acted(analyze):
    a = analyze("Voting rights advocates have criticised the policy for months. "
                "They argue that it removes eligible voters.")
    q = claim_with(a, "it removes eligible voters")
    assert speaker_name(a, q) == "Voting rights advocates"
    assert q.speaker_mention.text == "They"


def test_they_skips_a_lifeless_subject(analyze):
    a = analyze("Senators Ann Lee and Bo Park met on Monday. The votes are there, "
                "they said.")
    q = claim_with(a, "The votes are there")
    assert speaker_name(a, q) != "votes"
