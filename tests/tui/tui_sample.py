"""A small hand-made article and its analysis, so the UI tests need no spaCy.

Offsets are found in the text (not typed in), so editing the text keeps them right.
"""

from __future__ import annotations

from cubatui.model import Actor, Analysis, Article, Claim, Entity, Generator, Mention, Span, split_paragraphs

TEXT = (
    "Harbour plan splits Port Ellis council\n"
    "“We will not sell the harbour to anyone,” said Mayor Ana Ruiz on Monday. "
    "Ruiz added that the council would vote in June.\n"
    "The harbour has been run by the town since 1952. It employs about four hundred people, most of them "
    "on the night shift, and its cranes can be seen from every street on the hill above the old market.\n"
    "A consortium of shipping firms offered last year to lease the docks for thirty years. The offer was "
    "never published, and the minutes of the meeting that discussed it were lost in a flood in the spring.\n"
    "The Dockers Union said the plan was “a betrayal of every worker” and promised a strike. "
    "Its leader, Tom Baker, told reporters that members were ready to walk out.\n"
    "Baker said: “We have waited long enough.” Critics of the union argue that a strike would hurt the town.\n"
    "“The harbour stays public,” Ruiz said.\n"
)


def find(needle: str, after: int = 0) -> Mention:
    start = TEXT.index(needle, after)
    return Mention(start, start + len(needle), needle)


def sentence(text: str) -> Span:
    m = find(text)
    return Span(m.start, m.end)


def build() -> Analysis:
    article = Article(text=TEXT, title="Harbour plan splits Port Ellis council", source="tests/tui/sample.py")
    paragraphs = split_paragraphs(TEXT)

    ruiz = [find("Ana Ruiz"), find("Ruiz added"), find("Ruiz said")]
    ruiz = [Mention(m.start, m.start + 4, "Ruiz") if m.text != "Ana Ruiz" else m for m in ruiz]
    union = [find("Dockers Union"), find("the union")]
    baker = [find("Tom Baker"), find("Baker said")]
    baker = [baker[0], Mention(baker[1].start, baker[1].start + 5, "Baker")]
    critics = [find("Critics")]
    port = [find("Port Ellis")]
    actors = (
        Actor("a1", "Ana Ruiz", "PERSON", aliases=("Ana Ruiz", "Ruiz"), descriptions=("Mayor",), mentions=tuple(ruiz)),
        Actor("a2", "Dockers Union", "ORG", aliases=("Dockers Union", "the union"), mentions=tuple(union)),
        Actor("a3", "Tom Baker", "PERSON", aliases=("Tom Baker", "Baker"),
              descriptions=("Its leader",), mentions=tuple(baker)),
        Actor("a4", "Critics of the union", "GROUP", aliases=("Critics",), mentions=tuple(critics)),
        Actor("a5", "Port Ellis", "GPE", aliases=("Port Ellis",), mentions=tuple(port)),
    )
    entities = tuple(sorted(
        [Entity(m.start, m.end, m.text, "PERSON", "a1") for m in ruiz]
        + [Entity(union[0].start, union[0].end, union[0].text, "ORG", "a2")]
        + [Entity(m.start, m.end, m.text, "PERSON", "a3") for m in baker]
        + [Entity(port[0].start, port[0].end, port[0].text, "GPE", "a5")],
        key=lambda e: e.start))

    def claim(cid, kind, content, speaker, mention, cue, sent, after=0):
        c = find(content, after)
        s = sentence(sent)
        return Claim(cid, kind, c.start, c.end, c.text, speaker, mention, find(cue, s.start), s,
                     next(i for i, p in enumerate(paragraphs) if p.start <= c.start < p.end),
                     f"test evidence for {cid}")

    s1 = "“We will not sell the harbour to anyone,” said Mayor Ana Ruiz on Monday."
    s2 = "Ruiz added that the council would vote in June."
    s3 = "The Dockers Union said the plan was “a betrayal of every worker” and promised a strike."
    s4 = "Its leader, Tom Baker, told reporters that members were ready to walk out."
    s5 = "Baker said: “We have waited long enough.”"
    s6 = "Critics of the union argue that a strike would hurt the town."
    s7 = "“The harbour stays public,” Ruiz said."
    quotes = (
        claim("q1", "direct", "We will not sell the harbour to anyone,", "a1", ruiz[0], "said", s1),
        claim("q2", "indirect", "the council would vote in June", "a1", ruiz[1], "added", s2),
        claim("q3", "mixed", "the plan was “a betrayal of every worker”", "a2", union[0], "said", s3),
        claim("q4", "indirect", "members were ready to walk out", "a3", baker[0], "told", s4),
        claim("q5", "direct", "We have waited long enough.", "a3", baker[1], "said", s5),
        claim("q6", "indirect", "a strike would hurt the town", "a4", critics[0], "argue", s6),
        claim("q7", "direct", "The harbour stays public,", "a1", ruiz[2], "said", s7),
    )
    return Analysis(article=article, generator=Generator("cubatui", "test", "hand-made", ""),
                    paragraphs=paragraphs, entities=entities, actors=actors, quotes=quotes)
