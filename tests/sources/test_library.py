"""The library store: articles, the analysis cache, actors across articles, recovery."""

from __future__ import annotations

import sqlite3

import pytest

from cubatui import locations
from cubatui.library import Library, LibraryError
from cubatui.library.cache import cache_key, cached_or_none, engine_fingerprint, model_version, store
from cubatui.library.names import fold, names_match
from cubatui.model import Actor, Analysis, Article, Claim, Generator, Mention, Span


def make_analysis(text: str, actors: list[tuple[str, str, tuple[str, ...]]], claims: list[tuple[str, str]],
                  title: str = "", source: str = "") -> Analysis:
    """A hand-made analysis: actors (name, kind, aliases); claims (quoted text, speaker name)."""
    article = Article(text=text, title=title or text[:20], source=source or "test.txt")
    actor_objs = tuple(Actor(f"a{i}", name, kind, aliases) for i, (name, kind, aliases) in enumerate(actors, 1))
    ids = {a.name: a.id for a in actor_objs}
    quote_objs = []
    for i, (quoted, speaker) in enumerate(claims, 1):
        start = text.index(quoted)
        quote_objs.append(Claim(f"q{i}", "direct", start, start + len(quoted), quoted, ids[speaker],
                                Mention(0, 1, text[0]), None, Span(0, len(text)), 0, "test"))
    return Analysis(article, Generator("cubatui", "0.1.0", "m", "1"), (Span(0, len(text)),), (),
                    actor_objs, tuple(quote_objs))


def test_remember_list_and_search_folds_accents():
    lib = Library()
    lib.remember(Article("Talks in Havana resumed.", "Havana talks", "a.txt", {"author": "Zoë Pérez"}))
    lib.remember(Article("The port reopened.", "Port news", "b.txt"))
    assert [r.title for r in lib.list_articles()] == ["Port news", "Havana talks"]  # last opened first
    assert [r.title for r in lib.list_articles("perez")] == ["Havana talks"]
    assert [r.title for r in lib.list_articles("PORT reopened")] == ["Port news"]
    assert lib.list_articles("missing words") == []
    assert locations.library_db().exists()


def test_remember_twice_keeps_one_row_and_get_article_round_trips():
    lib = Library()
    article = Article("Same text.\n", "T", "x.txt", {"url": "http://e/x"})
    sha = lib.remember(article)
    lib.remember(article)
    assert len(lib.list_articles()) == 1
    again = lib.get_article(sha)
    assert again == article and again.metadata == {"url": "http://e/x"}
    assert [r.sha256 for r in lib.find(sha[:6])] == [sha]
    assert lib.find("zz") == [] and lib.get_article("0" * 64) is None


def test_cached_analysis_needs_the_same_key_and_text():
    lib = Library()
    analysis = make_analysis("“Enough,” said Ana Ruiz.", [("Ana Ruiz", "PERSON", ("Ana Ruiz", "Ruiz"))],
                             [("Enough,", "Ana Ruiz")])
    lib.store_analysis(analysis, "key-1")
    hit = lib.cached_analysis(analysis.article, "key-1")
    assert hit == analysis
    assert lib.cached_analysis(analysis.article, "key-2") is None
    assert lib.cached_analysis(Article("other text"), "key-1") is None
    assert lib.list_articles()[0].analysed


def test_old_analyses_are_pruned():
    lib = Library()
    analysis = make_analysis("Hello there.", [], [])
    for n in range(6):
        lib.store_analysis(analysis, f"k{n}")
    rows = sqlite3.connect(locations.library_db()).execute("SELECT count(*) FROM analyses").fetchone()[0]
    assert rows == 3 and lib.cached_analysis(analysis.article, "k5") is not None


def test_cache_key_changes_with_model_and_text():
    a, b = Article("one"), Article("two")
    assert cache_key(a) == cache_key(a) != cache_key(b)
    assert cache_key(a) != cache_key(a, model="some_other_model")
    assert len(engine_fingerprint()) == 64
    assert model_version("not_an_installed_model") == "" and model_version("../path") == ""


def test_cache_helpers_for_the_app():
    analysis = make_analysis("A short text.", [], [])
    assert cached_or_none(analysis.article) is None
    store(analysis)
    assert cached_or_none(analysis.article) == analysis


def test_engine_change_invalidates(monkeypatch):
    analysis = make_analysis("A short text.", [], [])
    store(analysis)
    import cubatui.library.cache as cache

    monkeypatch.setattr(cache, "engine_fingerprint", lambda: "changed rules")
    assert cached_or_none(analysis.article) is None


@pytest.mark.parametrize("query,names,person,expected", [
    ("De Cossío", ["Carlos Fernández de Cossío"], True, True),
    ("carlos fernandez de cossio", ["De Cossío"], True, True),
    ("Cossio", ["Carlos Fernández de Cossío", "De Cossío"], True, True),
    ("Mr. Ruiz", ["Ana Ruiz"], True, True),
    ("Ruiz", ["Ana Ruiz"], False, False),  # surnames only for persons
    ("cuba", ["Cuba"], False, True),
    ("Cuban", ["Cuba"], False, False),
    ("Ana", ["Ana Ruiz"], True, False),  # a first name is not a surname
    ("Díaz-Canel", ["Miguel Díaz-Canel"], True, True),
    ("", ["Anyone"], True, False),
])
def test_names_match(query, names, person, expected):
    assert names_match(query, names, person) is expected


def test_fold():
    assert fold("  Fernández–de  CÓSSÍO’s ") == "fernandez de cossios"


def test_actor_across_articles():
    lib = Library()
    first = make_analysis("“We are ready,” said Carlos Fernández de Cossío. Cuba waits.",
                          [("Carlos Fernández de Cossío", "PERSON", ("Carlos Fernández de Cossío",)),
                           ("Cuba", "GPE", ("Cuba",))],
                          [("We are ready,", "Carlos Fernández de Cossío")], title="First")
    second = make_analysis("“No deal yet,” De Cossío told reporters. “Later,” he added.",
                           [("De Cossío", "PERSON", ("De Cossío",))],
                           [("No deal yet,", "De Cossío"), ("Later,", "De Cossío")], title="Second")
    unrelated = make_analysis("“Fine,” said Ana Ruiz.", [("Ana Ruiz", "PERSON", ("Ana Ruiz",))],
                              [("Fine,", "Ana Ruiz")], title="Third")
    for a in (first, second, unrelated):
        lib.store_analysis(a, "k")
    found = lib.actor_across("de cossio")
    assert [(f.article.title, len(f.claims)) for f in found] == [("First", 1), ("Second", 2)]
    assert found[1].claims[0].text == "No deal yet," and found[1].claims[1].start > found[1].claims[0].start
    assert lib.actor_across("Nobody Known") == []
    assert [f.article.title for f in lib.actor_across("CUBA")] == ["First"]


def test_corrupt_file_is_moved_aside():
    path = locations.library_db()
    path.write_bytes(b"this is not a database at all" * 100)
    lib = Library()
    assert lib.notice and "moved it to library.db.corrupt-" in lib.notice
    assert list(path.parent.glob("library.db.corrupt-*"))
    lib.remember(Article("works again"))
    assert len(lib.list_articles()) == 1


def test_newer_schema_is_refused_without_touching_the_file():
    path = locations.library_db()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(LibraryError, match="newer cubatui"):
        Library()
    assert path.exists() and not list(path.parent.glob("library.db.corrupt-*"))


def test_a_failed_write_stores_nothing(monkeypatch):
    lib = Library()
    analysis = make_analysis("Atomic text.", [], [])

    class Boom(Exception):
        pass

    def bad_dumps(self, indent=None):
        raise Boom()

    monkeypatch.setattr(Analysis, "dumps", bad_dumps)
    with pytest.raises(Boom):
        lib.store_analysis(analysis, "k")
    assert lib.list_articles() == []  # the article insert was rolled back too


def test_two_connections_share_the_store():
    one, two = Library(), Library()
    one.remember(Article("from one", "One"))
    assert [r.title for r in two.list_articles()] == ["One"]
    mode = sqlite3.connect(locations.library_db()).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_cached_analyser_stores_then_reuses(monkeypatch, nlp):
    from cubatui.library.cache import cached_analyser
    import cubatui.nlp.analyze as engine

    article = Article("“We will vote,” said Ana Ruiz.\n", "Vote", "v.txt")
    fresh = cached_analyser(article)
    assert Library().list_articles()[0].analysed
    monkeypatch.setattr(engine, "analyze_article", lambda *a, **k: (_ for _ in ()).throw(AssertionError("rerun")))
    assert cached_analyser(article) == fresh


def test_cached_analyser_works_without_a_usable_library(monkeypatch, nlp):
    import cubatui.library.cache as cache

    def broken(*args, **kwargs):
        raise LibraryError("library is busy")

    monkeypatch.setattr(cache, "Library", broken)
    analysis = cache.cached_analyser(Article("Officials met in Lima.\n"))
    assert analysis.article.text == "Officials met in Lima.\n"


def test_actor_across_ignores_titles_for_any_kind():
    lib = Library()
    lib.store_analysis(make_analysis("“No comment,” the Pentagon said.", [("the Pentagon", "ORG", ("the Pentagon",))],
                                     [("No comment,", "the Pentagon")], title="P"), "k")
    assert [f.article.title for f in lib.actor_across("Pentagon")] == ["P"]
    assert lib.actor_across("Gon") == []


def test_only_the_latest_analysis_of_an_article_counts():
    lib = Library()
    old = make_analysis("“Yes,” said Ana Ruiz. “No,” said Luis Vega.",
                        [("Ana Ruiz", "PERSON", ("Ana Ruiz",))], [("Yes,", "Ana Ruiz")])
    new = make_analysis("“Yes,” said Ana Ruiz. “No,” said Luis Vega.",
                        [("Luis Vega", "PERSON", ("Luis Vega",))], [("No,", "Luis Vega")])
    lib.store_analysis(old, "old-rules")
    lib.store_analysis(new, "new-rules")
    assert lib.actor_across("Ruiz") == []
    assert [len(f.claims) for f in lib.actor_across("Vega")] == [1]


def test_migration_from_schema_1_indexes_stored_analyses():
    from cubatui.library.store import _MIGRATIONS

    analysis = make_analysis("“Enough,” said Ana Ruiz.", [("Ana Ruiz", "PERSON", ("Ana Ruiz",))],
                             [("Enough,", "Ana Ruiz")], title="Old")
    conn = sqlite3.connect(locations.library_db())
    conn.executescript(_MIGRATIONS[1])
    a = analysis.article
    conn.execute("INSERT INTO articles VALUES (?, ?, ?, '{}', ?, 't', 't')", (a.sha256, a.source, a.title, a.text))
    conn.execute("INSERT INTO analyses VALUES (?, 'k', ?, 't')", (a.sha256, analysis.dumps(indent=None)))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    lib = Library()
    assert [f.article.title for f in lib.actor_across("ruiz")] == ["Old"]
    assert lib.cached_analysis(a, "k") == analysis
    from cubatui.library.store import SCHEMA_VERSION

    assert sqlite3.connect(locations.library_db()).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_forget_removes_the_article_its_analyses_and_names():
    lib = Library()
    analysis = make_analysis("“Enough,” said Ana Ruiz.", [("Ana Ruiz", "PERSON", ("Ana Ruiz",))],
                             [("Enough,", "Ana Ruiz")])
    lib.store_analysis(analysis, "k")
    assert lib.forget(analysis.article.sha256) and not lib.forget(analysis.article.sha256)
    conn = sqlite3.connect(locations.library_db())
    assert [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "analyses", "actor_names")] \
        == [0, 0, 0]


def test_migration_from_schema_1_fills_the_search_column():
    from cubatui.library.store import _MIGRATIONS

    conn = sqlite3.connect(locations.library_db())
    conn.executescript(_MIGRATIONS[1])
    a = Article("Talks resumed in Bogotá.", "Old talks", "o.txt", {"author": "Zoë"})
    conn.execute("INSERT INTO articles VALUES (?, ?, ?, ?, ?, 't', 't')",
                 (a.sha256, a.source, a.title, '{"author": "Zoë"}', a.text))
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    lib = Library()
    assert [r.title for r in lib.list_articles("bogota zoe")] == ["Old talks"]
    assert lib.list_articles("author") == []  # metadata keys are not searched, only values
