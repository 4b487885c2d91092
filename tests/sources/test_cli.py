"""The CLI: URLs, bad sources, the analysis cache, library and feed commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cubatui.cli import main
from cubatui.library import Library

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_analyze_a_url(capsys, web, nlp):
    code, out, err = run(capsys, "analyze", web.url("/page.html"))
    assert code == 0, err
    doc = json.loads(out)
    assert doc["article"]["source"] == web.url("/page.html")
    assert "Tomás Ferreira" in doc["article"]["text"] and "SUBSCRIBE" not in doc["article"]["text"]
    assert doc["article"]["metadata"]["author"] == "Ana Ruiz"
    assert any(a["name"] == "Tomás Ferreira" for a in doc["actors"])
    assert [r.source for r in Library().list_articles()] == [web.url("/page.html")]


@pytest.mark.parametrize("path,message", [("/slow.html", "timed out"), ("/gone", "HTTP error 404"),
                                          ("/report.pdf", "unsupported content type"),
                                          ("/empty-article.html", "no article text found")])
def test_bad_url_is_one_line_exit_2_and_nothing_stored(capsys, web, path, message):
    code, out, err = run(capsys, "analyze", web.url(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("cubatui: error: ") and message in err
    assert Library().list_articles() == []


def test_open_bad_source_is_one_line(capsys, tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    code, out, err = run(capsys, str(binary))
    assert code == 2 and err.count("\n") == 1 and "binary data" in err


def test_second_analyze_comes_from_the_library(capsys, monkeypatch, nlp, tmp_path):
    article = tmp_path / "short.txt"
    article.write_text("“We will keep talking,” said Ana Ruiz, the mediator.\n", encoding="utf-8")
    code, first, _ = run(capsys, "analyze", str(article))
    assert code == 0

    import cubatui.nlp.analyze as engine

    def must_not_run(*args, **kwargs):
        raise AssertionError("the cached analysis should have been used")

    monkeypatch.setattr(engine, "analyze_articles", must_not_run)
    code, second, _ = run(capsys, "analyze", str(article))
    assert code == 0 and second == first
    with pytest.raises(AssertionError, match="cached analysis"):
        main(["analyze", "--no-cache", str(article)])


def test_mixed_hits_and_misses_keep_input_order(capsys, nlp, tmp_path):
    paths = []
    for n, text in enumerate(["Officials met in Lima.", "Rain fell on Oslo.", "Trade rose in Accra."]):
        paths.append(tmp_path / f"{n}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    run(capsys, "analyze", str(paths[1]))
    code, out, _ = run(capsys, "analyze", *map(str, paths))
    assert code == 0
    assert [json.loads(line)["article"]["source"] for line in out.splitlines()] == list(map(str, paths))


def test_cached_analyze_does_not_import_spacy(capsys, nlp, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The minister said talks would resume.\n", encoding="utf-8")
    assert main(["analyze", str(article)]) == 0
    capsys.readouterr()
    probe = ("import sys; from cubatui.cli import main; code = main(['analyze', sys.argv[1]]); "
             "sys.stdout.flush(); assert code == 0; "
             "loaded = [m for m in ('spacy', 'thinc', 'httpx', 'trafilatura', 'textual') if m in sys.modules]; "
             "assert not loaded, loaded")
    result = subprocess.run([sys.executable, "-c", probe, str(article)], capture_output=True, text=True,
                            env=dict(os.environ), cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["source"] == str(article)


def test_library_commands(capsys, nlp, tmp_path):
    article = tmp_path / "talks.txt"
    article.write_text("Cuba and the US met in Havana. Cuba said talks would go on.\n", encoding="utf-8")
    run(capsys, "analyze", str(article))
    code, out, _ = run(capsys, "library")
    assert code == 0 and "Cuba and the US met" in out
    sha = Library().list_articles()[0].sha256
    code, out, _ = run(capsys, "library", "--search", "havana")
    assert sha[:10] in out
    code, out, _ = run(capsys, "library", "list", "--search", "nothing-like-this")
    assert "no stored articles" in out
    code, out, _ = run(capsys, "library", "actor", "cuba")
    assert code == 0 and sha[:10] in out and "Cuba (GPE)" in out
    code, out, _ = run(capsys, "library", "show", sha[:8], "--at", "40")
    assert code == 0 and out.rstrip().endswith("Cuba said talks would go on.")
    code, out, err = run(capsys, "library", "show", "ffffffffffff")
    assert code == 2 and "no stored article" in err


def test_cli_output_strips_terminal_escapes(capsys):
    from cubatui.model import Article

    Library().remember(Article("x", "Evil \x1b[2J title [bold]", "e.txt"))
    code, out, _ = run(capsys, "library")
    assert "\x1b" not in out and "Evil" in out and "[bold]" in out


def test_feed_commands(capsys, web, nlp):
    code, out, err = run(capsys, "feed", "add", web.url("/feed.rss"))
    assert code == 0 and "Harbour Gazette (2 entries)" in out
    code, out, err = run(capsys, "feed", "list")
    assert code == 0 and "1. * 2024-03-05  Port strike ends after talks" in out
    code, out, err = run(capsys, "feed", "refresh")
    assert code == 0 and "Harbour Gazette: not modified" in out
    code, out, err = run(capsys, "feed", "add", web.url("/page.html"))
    assert code == 2 and "not an RSS or Atom feed" in err
    code, out, err = run(capsys, "feed", "add", "ftp://x")
    assert code == 2 and "http(s) URL" in err
    code, out, err = run(capsys, "feed", "remove", web.url("/feed.rss"))
    assert code == 0 and Library().feeds() == []


def test_feed_refresh_open_fetches_the_entry(capsys, monkeypatch, web):
    import cubatui.tui.app as app

    opened = []
    monkeypatch.setattr(app, "run_app", lambda article, model=None: opened.append(article) or 0)
    run(capsys, "feed", "add", web.url("/feed.rss"))
    code, out, err = run(capsys, "feed", "refresh", "--open", "1")
    assert code == 0, err
    assert opened[0].source == web.url("/page.html") and "Tomás Ferreira" in opened[0].text
    assert Library().entries()[0].seen
    code, out, err = run(capsys, "feed", "refresh", "--open", "9")
    assert code == 2 and "no such entry" in err


def test_open_remembers_the_article(capsys, monkeypatch, web):
    import cubatui.tui.app as app

    monkeypatch.setattr(app, "run_app", lambda article, model=None: 0)
    assert main([web.url("/page.html")]) == 0
    assert main([str(SEED)]) == 0
    assert [r.source for r in Library().list_articles()] == [str(SEED), web.url("/page.html")]


def test_corrupt_library_is_reported_once_and_analysis_goes_on(capsys, nlp, tmp_path):
    from cubatui import locations

    locations.library_db().write_bytes(b"garbage" * 500)
    article = tmp_path / "a.txt"
    article.write_text("Officials said the talks failed.\n", encoding="utf-8")
    code, out, err = run(capsys, "analyze", str(article))
    assert code == 0 and json.loads(out)
    assert err.count("\n") == 1 and "moved it to library.db.corrupt-" in err


def test_analyze_urls_into_a_folder(capsys, web, nlp, tmp_path):
    code, out, err = run(capsys, "analyze", "--out", str(tmp_path / "out"), web.url("/page.html"),
                         web.url("/second.html"))
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["127.0.0.1_page.json", "127.0.0.1_second.json"]


def test_library_open_reopens_a_stored_article(capsys, monkeypatch):
    import cubatui.tui.app as app
    from cubatui.model import Article

    opened = []
    monkeypatch.setattr(app, "run_app", lambda article, model=None: opened.append(article) or 0)
    sha = Library().remember(Article("Stored text.\n", "Stored", "s.txt", {"author": "A"}))
    assert main(["library", "open", sha[:12]]) == 0
    assert opened == [Article("Stored text.\n", "Stored", "s.txt")] and opened[0].metadata == {"author": "A"}
