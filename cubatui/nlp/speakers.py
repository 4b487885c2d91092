"""Who the speaker is: the mention next to the cue, and which actor it refers to.

- ``subject_of(cue)``: the subject of the cue verb, climbing from participles
  ("…, saying …"), conjoined verbs ("said … but insists …") and statements
  ("issued a statement saying …") to the clause that names the speaker; a
  relative "who" is itself the mention and stands for its antecedent; a finite cue
  the parser left without a subject takes the noun phrase right before it;
- ``speaker_mention(token)``: the whole mention around that token (a named entity,
  a pronoun, or a noun phrase such as "Cuban officials" or "a spokesman for the
  embassy"), preferring a named apposition (also one hung on the role's place,
  "the mayor of X, Jane Roe", or an untagged proper noun beside a person role),
  and the title words around a name;
- ``PronounResolver``: he/she/they/it to the nearest preceding fitting actor,
  by gender (honorifics, common first names, earlier pronouns) and number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from cubatui.nlp.actors import organisation_nouns
from cubatui.nlp.cues import lexicon

RELATIVE = {"who", "which", "that", "whom"}
MALE_PRONOUNS = {"he", "him", "his", "himself"}
FEMALE_PRONOUNS = {"she", "her", "hers", "herself"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
NEUTER_PRONOUNS = {"it", "its", "itself"}
THIRD_PERSON = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS | NEUTER_PRONOUNS
MALE_HONORIFICS = {"mr", "mr.", "sir", "lord", "king", "prince", "father", "brother"}
FEMALE_HONORIFICS = {"ms", "ms.", "mrs", "mrs.", "miss", "madam", "dame", "lady", "queen", "princess"}
PLAIN_HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss"}
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
# modifiers that belong to a noun-phrase speaker ("the", "Cuban", "senior", "police")
NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "predet"}
# prepositions that keep a role noun's organisation in the mention ("spokesman for X")
ROLE_PREPS = {"for", "of", "at", "with", "from", "in"}
CLIMB_DEPS = {"conj", "advcl", "xcomp", "pcomp", "acl", "prep", "dep"}


@lru_cache(maxsize=1)
def first_names() -> dict[str, str]:
    """Common given names -> 'm' or 'f' (data/names.txt)."""
    out: dict[str, str] = {}
    section = None
    text = resources.files("cubatui.nlp").joinpath("data", "names.txt").read_text(encoding="utf-8")
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line in ("[male]", "[female]"):
            section = line[1]
            continue
        if section:
            for name in line.split():
                out.setdefault(name.casefold(), section)
    return out


# ------------------------------------------------------------------ subjects ---
def subject_of(cue) -> tuple[object | None, str]:
    """(head token of the speaker, how it was reached) for a cue verb."""
    subj, how = _subject_by_tree(cue)
    if subj is None and cue.tag_ in ("VBD", "VBZ", "VBP"):
        before = _noun_phrase_before(cue)
        if before is not None:
            return before, _join(how, "noun phrase right before the cue (the parser gave it no subject)")
    return subj, how


def _noun_phrase_before(cue):
    """'…, and its president, Paulo Mendes, warned': the noun phrase that ends right
    before a finite cue the parser left without a subject."""
    i = cue.i - 1
    while i >= 0 and cue.doc[i].is_punct and cue.doc[i].text in ",":
        i -= 1
    if i < 0 or cue.doc[i].pos_ not in ("PROPN", "NOUN"):
        return None
    tok = cue.doc[i]
    while tok.dep_ in ("appos", "compound") and tok.head is not tok and tok.head.i < tok.i:
        tok = tok.head
    if tok.dep_ == "npadvmod" or tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY",
                                                            "PERCENT", "QUANTITY"):
        return None  # "… on Saturday said": a time, not a speaker
    return tok if tok.right_edge.i < cue.i else None


def _subject_by_tree(cue) -> tuple[object | None, str]:
    verb = cue
    how = ""
    for _ in range(6):
        subj = None
        for c in verb.children:
            if c.dep_ in ("nsubj", "csubj"):
                subj = c
            elif c.dep_ == "nsubjpass" and (verb is not cue or verb.lemma_ == "quote"):
                subj = c  # "He was quoted as saying": the quoted one speaks
            elif c.dep_ == "agent" and verb is cue:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, "agent of the passive cue"
        if subj is not None:
            if subj.lower_ in RELATIVE and verb.dep_ == "relcl":
                return subj, _join(how, f"relative pronoun '{subj.text}'")
            if subj.dep_ == "expl" or subj.lower_ in ("this", "that", "what"):
                return None, how
            return subj, _join(how, "subject" if verb is cue else f"subject of '{verb.text}'")
        if verb.dep_ == "relcl":
            return None, how
        if verb.dep_ in ("acl",) and verb.head.pos_ in ("NOUN", "PROPN"):
            noun = verb.head
            # "issued a statement saying …": the statement's issuer speaks
            if noun.dep_ in ("dobj",) and noun.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP") \
                    and noun.head.pos_ in ("VERB", "AUX"):
                how = _join(how, f"issuer of '{noun.text}'")
                verb = noun.head
                continue
            return noun, _join(how, f"noun '{noun.text}' the cue describes")
        if verb.dep_ not in CLIMB_DEPS or verb.head is verb:
            return None, how
        how = _join(how, {"conj": "shared with a conjoined verb", "advcl": "participle",
                          "pcomp": "participle", "xcomp": "complement"}.get(verb.dep_, ""))
        if verb.dep_ == "conj" and not _has_speaking_subject(verb.head) and cue_ancestor(verb) is not None:
            # "warned of cases in which visas were denied … and noted": the parser hung
            # "noted" on the nearest (passive) verb; the speaker is the cue's
            verb = cue_ancestor(verb)
            continue
        verb = verb.head
        while verb.pos_ == "ADP" and verb.head is not verb:
            verb = verb.head
    return None, how


def _has_speaking_subject(verb) -> bool:
    """Does the verb have an active subject that can speak: a name or a personal pronoun?
    ("the plant was safe but insisted …" - a plant does not insist)."""
    return any(c.dep_ == "nsubj" and (c.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                                      or c.lower_ in ("he", "she", "they", "i", "we"))
               for c in verb.children)


def cue_ancestor(verb):
    """The nearest ancestor of a conjoined cue that is itself an active cue verb."""
    lex = lexicon()
    for anc in verb.ancestors:
        if lex.is_cue(anc) and not any(c.dep_ in ("auxpass", "nsubjpass") for c in anc.children):
            return anc
    return None


def _join(a: str, b: str) -> str:
    return f"{a}, {b}" if a and b else a or b


# ------------------------------------------------------------------ mentions ---
@dataclass(frozen=True)
class SpeakerMention:
    start: int
    end: int
    text: str
    head: object            # spaCy Token
    form: str               # "name", "pronoun" or "noun"
    label: str = ""         # entity label for names
    description: str = ""   # title/apposition words attached to a name
    plural: bool = False
    antecedent: "SpeakerMention | None" = None  # what a relative "who"/"which" stands for
    tagged: bool = True     # False: a name the entity tagger missed (found by its apposition)


def relative_antecedent(token):
    """The noun a relative pronoun subject stands for ("Rubio, who said …"), else None."""
    if token.lower_ in RELATIVE and token.head.dep_ == "relcl" and token.head.head is not token.head:
        return token.head.head
    return None


def entity_index(doc) -> dict[int, object]:
    """token index -> entity span holding it."""
    out = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            out[i] = ent
    return out


def speaker_mention(token, ents: dict[int, object]) -> SpeakerMention | None:
    doc = token.doc
    antecedent = relative_antecedent(token)
    if antecedent is not None:
        target = speaker_mention(antecedent, ents) if antecedent.i != token.i else None
        return SpeakerMention(token.idx, token.idx + len(token.text), token.text, token, "relative",
                              plural=bool(target and target.plural), antecedent=target)
    if token.pos_ == "PRON" or token.lower_ in THIRD_PERSON:
        return SpeakerMention(token.idx, token.idx + len(token.text), token.text, token, "pronoun",
                              plural=token.lower_ in PLURAL_PRONOUNS)
    ent = ents.get(token.i)
    if ent is not None and ent.label_ in NAME_LABELS and not (ent.label_ == "NORP" and token.dep_ in ("amod",)):
        return name_mention(token, ent, ents)
    if token.pos_ not in ("NOUN", "PROPN", "NUM", "ADJ", "X"):
        return None
    named = _named_apposition(token, ents) or _described_name(token)
    if named is not None:
        return named
    lo = _np_left(token)
    hi = token.i
    for c in token.children:
        if c.dep_ == "prep" and c.i == hi + 1 and c.lower_ in ROLE_PREPS:
            hi = max(hi, c.right_edge.i)
    span = doc[lo:hi + 1]
    while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
        span = span[:-1]
    while len(span) > 1 and (span[0].is_punct or span[0].is_space):
        span = span[1:]  # "― Jane Roe": the dash is no part of the name
    plural = token.tag_ in ("NNS", "NNPS")
    return SpeakerMention(span.start_char, span.end_char, span.text, token, "noun", plural=plural)


def _named_apposition(token, ents) -> SpeakerMention | None:
    """A named apposition wins over a description: "the minister, Ana López, said".
    The parser often hangs the name on the role's place ("the mayor of Springfield,
    Jane Holloway"), and the small model may not tag an unfamiliar name at all:
    capitalised proper nouns next to a singular person role are a person's name."""
    doc = token.doc
    hosts = [token]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.i == token.i + 1 and prep.lower_ in ROLE_PREPS:
            hosts += [c for c in prep.children if c.dep_ == "pobj"]
    for host in hosts:
        for c in host.children:
            if c.dep_ != "appos" or c.i < host.i:
                continue
            ent = ents.get(c.i)
            desc = doc[_np_left(token):c.left_edge.i].text.strip(" ,")
            if ent is not None and ent.label_ in NAME_LABELS:
                if host is not token and ent.label_ != "PERSON":
                    continue  # "the port of Mariel, Cuba": the place's own apposition
                m = name_mention(c, ent, ents)
                return SpeakerMention(m.start, m.end, m.text, m.head, "name", m.label, desc, m.plural)
            if _is_person_role(token) and _untagged_name(c):
                span = doc[c.left_edge.i:c.i + 1]
                return SpeakerMention(span.start_char, span.end_char, span.text, c, "name", "PERSON",
                                      desc, tagged=False)
    return None


def _described_name(token) -> SpeakerMention | None:
    """'Jane Holloway, the mayor of Springfield, said' with the name untagged: a
    proper-noun subject described by a person role is a person."""
    if not _untagged_name(token):
        return None
    for c in token.children:
        if c.dep_ == "appos" and c.i > token.i and _is_person_role(c):
            span = token.doc[token.left_edge.i:token.i + 1]
            desc = token.doc[c.left_edge.i:c.right_edge.i + 1].text.strip(" ,")
            return SpeakerMention(span.start_char, span.end_char, span.text, token, "name", "PERSON",
                                  desc, tagged=False)
    return None


def _untagged_name(token) -> bool:
    """'Jane Holloway': one to four capitalised proper nouns the tagger left unlabelled."""
    words = token.doc[token.left_edge.i:token.i + 1]
    return (token.pos_ == "PROPN" and 1 <= len(words) <= 4
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() and not t.ent_type_ for t in words))


def _is_person_role(token) -> bool:
    """A singular common noun that can describe one person ("mayor", not "union")."""
    return token.pos_ == "NOUN" and token.tag_ == "NN" and token.lemma_.casefold() not in organisation_nouns()


def _np_left(token) -> int:
    lo = token.i
    for c in token.lefts:
        if c.dep_ in NP_LEFT_DEPS:
            lo = min(lo, c.left_edge.i)
    return lo


def name_mention(token, ent, ents) -> SpeakerMention:
    doc = token.doc
    start, end = ent.start, ent.end
    while end - start > 1 and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    while end - start > 1 and (doc[start].lower_ == "the" or doc[start].pos_ == "ADP"
                               or doc[start].is_punct or doc[start].is_space):
        start += 1  # "the", a swallowed preposition ("Across Cuba") or dash ("― Jane Roe")
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    span = doc[start:end]
    head = span.root
    # title words before the name ("Cuban President", "US Secretary of State") and appositions
    desc_parts = []
    left = min((c.left_edge.i for c in head.lefts if c.i < start and c.dep_ in ("compound", "amod", "nmod")),
               default=start)
    if left < start:
        words = doc[left:start]
        if any(t.pos_ in ("NOUN", "PROPN") for t in words) and \
                not all(t.lower_ in PLAIN_HONORIFICS for t in words):
            desc_parts.append(words.text)
    for c in head.children:
        if c.dep_ == "appos" and c.i >= end and ents.get(c.i) is None:
            words = doc[c.left_edge.i:c.right_edge.i + 1]
            if len(words) <= 8 and not any(t.pos_ in ("VERB", "AUX") for t in words):
                desc_parts.append(words.text.strip(" ,"))
    plural = ent.label_ in ("NORP",) and head.tag_ in ("NNPS", "NNS") or head.tag_ == "NNPS"
    return SpeakerMention(span.start_char, span.end_char, span.text, head, "name", ent.label_,
                          "; ".join(desc_parts), plural)


def part_of_title(ent, ents) -> bool:
    """'State' in "Secretary of State Marco Rubio" names an office, not an actor."""
    tok = ent.root
    for _ in range(4):
        if tok.dep_ not in ("pobj", "prep", "compound", "nmod") or tok.head is tok:
            return False
        tok = tok.head
        holder = ents.get(tok.i)
        if holder is not None and holder.label_ == "PERSON" and holder.start > ent.start:
            return True
    return False


def honorific_gender(doc, start_token: int) -> str | None:
    """'m'/'f' when the name is preceded by Mr/Ms/..."""
    if start_token == 0:
        return None
    prev = doc[start_token - 1].lower_
    if prev in MALE_HONORIFICS:
        return "m"
    if prev in FEMALE_HONORIFICS:
        return "f"
    return None


MALE_ROLES = {"man", "spokesman", "chairman", "congressman", "councilman", "businessman", "father",
              "son", "brother", "husband", "boy", "king", "actor", "sportsman"}
FEMALE_ROLES = {"woman", "spokeswoman", "chairwoman", "congresswoman", "councilwoman", "businesswoman",
                "mother", "daughter", "sister", "wife", "girl", "queen", "actress", "sportswoman"}


def role_gender(noun: str) -> str | None:
    """'m'/'f' for gendered role nouns ("the spokeswoman"), else None."""
    word = noun.lower()
    return "m" if word in MALE_ROLES else "f" if word in FEMALE_ROLES else None


def name_gender(name: str) -> str | None:
    parts = name.split()
    if len(parts) < 2:
        return None
    return first_names().get(parts[0].casefold())


def pronoun_gender(word: str) -> str | None:
    w = word.lower()
    if w in MALE_PRONOUNS:
        return "m"
    if w in FEMALE_PRONOUNS:
        return "f"
    if w in PLURAL_PRONOUNS:
        return "pl"
    if w in NEUTER_PRONOUNS:
        return "n"
    return None


# ------------------------------------------------------------------ pronouns ---
@dataclass
class Candidate:
    """A mention of an actor, as seen by the pronoun resolver."""

    start: int
    actor: str
    name: str
    kind: str          # actor kind: PERSON, ORG, GPE, NORP, GROUP, OTHER
    sentence: int      # sentence number
    paragraph: int
    subject: bool      # the mention is a clause subject (more salient)
    speaker: bool      # the mention is a claim's speaker (most salient)
    plural: bool = False
    phrase: object = None  # an unnamed subject ("the campaign"): no actor until a pronoun needs one


class PronounResolver:
    """Nearest preceding fitting actor, sentence by sentence: in each sentence a
    speaker beats a subject beats any mention; gender must not conflict."""

    MAX_PARAGRAPHS_BACK = 4

    def __init__(self, candidates: list[Candidate], genders: dict[str, str]):
        self.candidates = sorted(candidates, key=lambda c: c.start)
        self.genders = dict(genders)  # actor id -> 'm'/'f'

    def add(self, cand: Candidate) -> None:
        self.candidates.append(cand)
        self.candidates.sort(key=lambda c: c.start)

    def fits(self, cand: Candidate, want: str) -> bool:
        if cand.phrase is not None and want in ("m", "f"):
            return False  # he/she lean on named people; "it"/"they" may mean an unnamed body
        if want in ("m", "f"):
            if cand.kind not in ("PERSON", "OTHER") or cand.plural:
                return False
            known = self.genders.get(cand.actor)
            return known is None or known == want
        if want == "pl":
            return cand.plural or cand.kind in ("GROUP", "ORG", "NORP")
        if want == "n":  # "it": an organisation, a place, or an unnamed body ("the ministry")
            return cand.kind in ("ORG", "GPE", "OTHER") and not cand.plural
        return False

    def resolve(self, pronoun: str, offset: int, sentence: int, paragraph: int) -> tuple[Candidate | None, str]:
        want = pronoun_gender(pronoun)
        if want is None:
            return None, ""
        before = [c for c in self.candidates if c.start < offset
                  and paragraph - c.paragraph <= self.MAX_PARAGRAPHS_BACK and self.fits(c, want)]
        if not before:
            return None, ""
        by_sentence: dict[int, list[Candidate]] = {}
        for c in before:
            by_sentence.setdefault(c.sentence, []).append(c)
        nearest = max(by_sentence)
        group = by_sentence[nearest]
        best = (next((c for c in reversed(group) if c.speaker), None)
                or next((c for c in group if c.subject), None)
                or group[-1])
        if want in ("m", "f"):
            self.genders.setdefault(best.actor, want)
        role = "speaker" if best.speaker else "subject" if best.subject else "mention"
        fit = {"m": "male", "f": "female", "pl": "plural", "n": "organisation"}[want]
        where = "same sentence" if best.sentence == sentence else (
            "same paragraph" if best.paragraph == paragraph else f"paragraph {best.paragraph + 1}")
        return best, f"pronoun '{pronoun}' → nearest preceding {fit} {role} {best.name} ({where})"
