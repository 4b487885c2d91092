"""Who is who: alias clustering, kinds, groups."""

from cubatui.nlp.actors import ActorTable, NameMention, acronym, person_match, split_title

from nlp_helpers import claim_with, speaker_name


def test_person_match_rules():
    full = ["carlos", "fernandez", "de", "cossio"]
    assert person_match(["de", "cossio"], full) == "tail"
    assert person_match(["fernandez", "de", "cossio"], full) == "tail"
    assert person_match(["cossio"], full) == "surname"
    assert person_match(["carlos"], full) == "first"
    assert person_match(["de"], full) is None
    assert person_match(["jane", "smith"], ["john", "smith"]) is None


def test_split_title_and_acronym():
    assert split_title("President Donald Trump") == ("President", "Donald Trump")
    assert split_title("Trump") == ("", "Trump")
    assert acronym("United States") == "us"
    assert acronym("European Union") == "eu"
    assert acronym("Cuba") == ""


def _mention(start, text, label):
    return NameMention(start, start + len(text), text, label)


def test_kind_is_a_vote_and_a_person_name_stays_a_person():
    table = ActorTable()
    table.build([_mention(0, "Ana María Díaz-Rojas", "PERSON"), _mention(50, "Díaz-Rojas", "ORG"),
                 _mention(90, "Díaz-Rojas", "ORG")], [])
    assert len(table.clusters) == 1
    actor = table.actors()[0]
    assert actor.kind == "PERSON"
    assert actor.name == "Ana María Díaz-Rojas"
    assert set(actor.aliases) == {"Ana María Díaz-Rojas", "Díaz-Rojas"}


def test_two_smiths_stay_apart_and_bare_surname_goes_to_nearest():
    table = ActorTable()
    table.build([_mention(0, "John Smith", "PERSON"), _mention(20, "Jane Smith", "PERSON"),
                 _mention(40, "Smith", "PERSON"), _mention(60, "John Smith", "PERSON"),
                 _mention(80, "Smith", "PERSON")], [])
    names = {a.name: [m.start for m in a.mentions] for a in table.actors()}
    assert names == {"John Smith": [0, 60, 80], "Jane Smith": [20, 40]}


def test_possessive_and_acronym_merge():
    table = ActorTable()
    table.build([_mention(0, "United States", "GPE"), _mention(30, "US", "GPE"),
                 _mention(60, "Donald Trump", "PERSON"), _mention(90, "Trump’s", "PERSON")], [])
    actors = {a.name: a for a in table.actors()}
    assert "US" in actors["United States"].aliases
    assert actors["Donald Trump"].aliases == ("Donald Trump", "Trump")


def test_alias_with_particle_in_text(analyze):
    text = ("Foreign Minister María Luisa de la Vega met the envoy. "
            "De la Vega said the talks were useful.")
    a = analyze(text)
    q = claim_with(a, "the talks were useful")
    assert speaker_name(a, q) == "María Luisa de la Vega"


def test_group_actor(analyze):
    a = analyze("Mexican officials say the tariffs are unfair.")
    q = claim_with(a, "the tariffs are unfair")
    actor = a.actor(q.speaker)
    assert actor.name == "Mexican officials" and actor.kind == "GROUP"


def test_plural_common_noun_speakers_are_groups(analyze):
    a = analyze("Critics argue that the law is too vague.")
    actor = a.actor(a.quotes[0].speaker)
    assert actor.kind == "GROUP" and actor.name.lower() == "critics"


def test_definite_role_noun_joins_the_titled_person(analyze):
    text = "Defence Minister Karl Jansen visited the base. The minister said the army was ready."
    a = analyze(text)
    q = claim_with(a, "the army was ready")
    assert speaker_name(a, q) == "Karl Jansen"


def test_entities_point_at_their_actors(analyze):
    a = analyze("Lucia Romero said the vote was fair. Romero later left.")
    actor_ids = {e.text: e.actor for e in a.entities if e.label == "PERSON"}
    assert actor_ids and len(set(actor_ids.values())) == 1 and None not in actor_ids.values()


def test_mentions_include_resolved_pronouns(analyze):
    a = analyze("Lucia Romero arrived late. She said the vote was fair.")
    actor = a.actor(a.quotes[0].speaker)
    assert [m.text for m in actor.mentions] == ["Lucia Romero", "She"]


def test_office_in_a_title_is_no_actor(analyze):
    a = analyze("Comments came from US Secretary of State Marco Rubio, who said the talks failed.")
    names = {x.name for x in a.actors}
    assert "Marco Rubio" in names and "State" not in names
    rubio = next(x for x in a.actors if x.name == "Marco Rubio")
    assert any("Secretary of State" in d for d in rubio.descriptions)


def test_swallowed_preposition_is_not_part_of_the_name(analyze):
    a = analyze("Across Cuba, residents queue for fuel. Cuba said supplies would improve.")
    assert all(not x.name.startswith("Across") for x in a.actors)


def test_untagged_surname_before_a_colon_joins_the_person(analyze):
    a = analyze('Donald Trump spoke in Ohio.\nTrump: "We will win so much."')
    q = claim_with(a, "We will win so much.")
    assert speaker_name(a, q) == "Donald Trump"


def test_punctuation_at_the_edges_of_a_name_is_dropped(analyze):
    a = analyze("“I am ashamed of this campaign.” ― Jacklyn Ashley")
    assert all(not x.name.startswith("―") for x in a.actors)
