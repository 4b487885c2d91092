from cubatui.nlp.cues import lexicon, parse_lexicon


def test_shipped_lexicon_has_the_common_cues():
    lex = lexicon()
    for verb in ("say", "tell", "add", "warn", "argue", "insist", "deny", "urge", "tweet", "announce"):
        assert lex.is_cue_lemma(verb), verb
    assert ("according", "to") in lex.according
    assert "vow" in lex.infinitive
    assert "call" in lex.framing


def test_thinking_verbs_are_weak_cues_only():
    lex = lexicon()
    assert lex.is_cue_lemma("believe")
    assert "believe" in lex.weak and "believe" not in lex.verbs


def test_parse_lexicon_reads_sections_and_ignores_comments():
    lex = parse_lexicon("""
# comment
[verbs]
proclaim   # trailing comment
[according]
as reported by
""")
    assert lex.verbs == frozenset({"proclaim"})
    assert lex.according == (("as", "reported", "by"),)
    assert lex.weak == frozenset()


def test_is_cue_needs_a_verb(nlp):
    lex = lexicon()
    doc = nlp("The say of the people matters, she said.")
    by_text = {t.text: t for t in doc}
    assert lex.is_cue(by_text["said"])
    assert not lex.is_cue(by_text["say"])


def test_data_file_ships_inside_the_package():
    from importlib import resources

    assert resources.files("cubatui.nlp").joinpath("data", "cues.txt").is_file()
    assert resources.files("cubatui.nlp").joinpath("data", "names.txt").is_file()


def test_cue_lemma_repairs_unlemmatised_participles():
    from types import SimpleNamespace

    from cubatui.nlp.cues import cue_lemma

    assert cue_lemma(SimpleNamespace(lemma_="insisting", lower_="insisting")) == "insist"
    assert cue_lemma(SimpleNamespace(lemma_="say", lower_="saying")) == "say"
    assert cue_lemma(SimpleNamespace(lemma_="bring", lower_="bring")) == "bring"


def test_phrasal_pairs_are_parsed():
    lex = lexicon()
    assert ("call", "for") in lex.phrasal and ("point", "to") in lex.phrasal
