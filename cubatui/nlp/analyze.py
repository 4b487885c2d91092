"""spaCy Doc -> Analysis. The public entry points of the analysis engine."""

from __future__ import annotations

from typing import Iterable, Iterator

from cubatui import __version__
from cubatui.model import Actor, Analysis, Article, Entity, Generator, Mention, split_paragraphs
from cubatui.nlp.pipeline import load_model, model_identity, parse, resolve_model

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}


def analyze_articles(articles: Iterable[Article], model: str | None = None) -> Iterator[Analysis]:
    """Analyse many articles in one process with one ``nlp.pipe`` pass."""
    nlp = load_model(resolve_model(model))
    name, version = model_identity(nlp)
    generator = Generator("cubatui", __version__, name, version)
    articles = list(articles)
    for article, doc in zip(articles, parse(nlp, (a.text for a in articles))):
        yield analyze_doc(doc, article, generator)


def analyze_article(article: Article, model: str | None = None) -> Analysis:
    return next(analyze_articles([article], model))


def analyze_doc(doc, article: Article, generator: Generator) -> Analysis:
    entities = [Entity(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents
                if e.label_ in ENTITY_LABELS]
    # Provisional actors: one per distinct entity text (alias merging lives in actors.py).
    actors: dict[str, list[Entity]] = {}
    for e in entities:
        if e.label in {"PERSON", "ORG", "GPE", "NORP"}:
            actors.setdefault(e.text, []).append(e)
    actor_list = []
    ids = {}
    for i, (name, ents) in enumerate(actors.items(), 1):
        ids[name] = f"a{i}"
        actor_list.append(Actor(id=f"a{i}", name=name, kind=ents[0].label, aliases=(name,),
                                mentions=tuple(Mention(e.start, e.end, e.text) for e in ents)))
    entities = [Entity(e.start, e.end, e.text, e.label, ids.get(e.text)) for e in entities]
    return Analysis(article=article, generator=generator, paragraphs=split_paragraphs(article.text),
                    entities=tuple(entities), actors=tuple(actor_list), quotes=())
