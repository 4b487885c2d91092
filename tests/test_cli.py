"""`cubatui analyze` and the command line's edge cases.

A few end-to-end runs in a subprocess (exit codes, stderr, no traceback); the rest
in-process through ``cubatui.cli.main`` so the spaCy model loads once per session.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from paths import ROOT, SEED
from cubatui import __version__
from cubatui.cli import main
from cubatui.model import SCHEMA, Analysis

SHORT = "Port talks stall\n“We will not yield,” said Ana Pérez, the transport minister.\n"


def run_cli(*args: str, stdin: bytes = b"", cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cubatui", *args], input=stdin, capture_output=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text(SHORT, encoding="utf-8")
    return path


def bad_sources(tmp_path) -> dict[str, str]:
    """Bad sources -> the words their one-line error must hold."""
    (tmp_path / "empty.txt").write_text(" \n\n", encoding="utf-8")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "folder").mkdir()
    return {str(tmp_path / "missing.txt"): "no such file", str(tmp_path / "empty.txt"): "empty article",
            str(tmp_path / "photo.txt"): "binary data", str(tmp_path / "folder"): "is a directory"}


# ------------------------------------------------------------ subprocess ---
def test_bad_sources_mixed_with_good_ones(tmp_path, good):
    bad = bad_sources(tmp_path)
    seed_copy = tmp_path / "seed.md"
    seed_copy.write_bytes(SEED.read_bytes())
    sources = [str(good), *bad, str(seed_copy)]
    run = run_cli("analyze", *sources, cwd=tmp_path)
    stderr = run.stderr.decode()
    assert run.returncode == 2
    assert "Traceback" not in stderr
    err_lines = stderr.splitlines()
    assert len(err_lines) == len(bad)  # exactly one line per bad source
    for line, (source, words) in zip(err_lines, bad.items()):
        assert line.startswith("cubatui: error: ") and source in line and words in line
    # the good sources are still analysed: JSONL, one valid analysis per line, in order
    lines = run.stdout.decode().splitlines()
    assert len(lines) == 2
    analyses = [Analysis.loads(line) for line in lines]
    assert [a.article.text for a in analyses] == [SHORT, SEED.read_text(encoding="utf-8")]


def test_stdin_json_and_version(tmp_path):
    run = run_cli("analyze", "-", stdin=SHORT.encode("cp1252"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    out = run.stdout.decode()
    assert out.startswith("{\n")  # one indented JSON object
    data = json.loads(out)
    assert data["schema"] == SCHEMA and data["article"]["text"] == SHORT and data["article"]["source"] == "-"
    assert data["generator"]["version"] == __version__

    run = run_cli("--version")
    assert run.returncode == 0 and run.stdout.decode().strip() == f"cubatui {__version__}"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_source(tmp_path, good):
    locked = tmp_path / "locked.txt"
    locked.write_text("text", encoding="utf-8")
    locked.chmod(0)
    try:
        run = run_cli("analyze", str(locked), str(good))
    finally:
        locked.chmod(0o600)
    assert run.returncode == 2 and "Traceback" not in run.stderr.decode()
    assert run.stderr.decode().splitlines() == [f"cubatui: error: {locked}: cannot read (Permission denied)"]
    assert len(run.stdout.decode().splitlines()) == 1


# ------------------------------------------------------------- in-process ---
@pytest.fixture
def engine(nlp):
    """In-process runs reuse the session's loaded pipeline (load_model caches it)."""
    return nlp


def test_default_source_is_the_bundled_article(engine, capsys):
    assert main(["analyze"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["article"]["text"] == SEED.read_text(encoding="utf-8")
    # paragraphs: one per non-blank line, inside the text
    text = data["article"]["text"]
    assert data["paragraphs"] and all(0 <= p["start"] < p["end"] <= len(text) for p in data["paragraphs"])


def test_stdin_in_process(engine, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SHORT.encode("utf-16"))))
    assert main(["analyze", "-", "--format", "jsonl"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and json.loads(out)["article"]["text"] == SHORT


def test_stdin_only_once(capsys):
    assert main(["analyze", "-", "-"]) == 2
    assert capsys.readouterr().err == "cubatui: error: stdin ('-') can be given only once\n"


def test_empty_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["analyze", "-"]) == 2
    assert capsys.readouterr().err == "cubatui: error: <stdin>: empty article (no text)\n"


def test_only_bad_sources_do_not_load_the_model(tmp_path, capsys, monkeypatch):
    import cubatui.nlp.analyze as engine_module

    def refuse(*args, **kwargs):
        raise AssertionError("the engine ran for nothing")
    monkeypatch.setattr(engine_module, "analyze_articles", refuse)
    bad = bad_sources(tmp_path)
    assert main(["analyze", *bad]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == len(bad)


def test_out_dir_with_clashing_stems(engine, tmp_path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "news.txt").write_text(f"{SHORT}From {folder}.\n", encoding="utf-8")
    out_dir = tmp_path / "out" / "nested"
    (out_dir).mkdir(parents=True)
    (out_dir / "news.json").write_text("stale", encoding="utf-8")  # from an earlier run: replaced
    assert main(["analyze", str(tmp_path / "a" / "news.txt"), str(tmp_path / "b" / "news.txt"),
                 "--out", str(out_dir)]) == 0
    assert capsys.readouterr().out == ""
    assert sorted(p.name for p in out_dir.iterdir()) == ["news-2.json", "news.json"]
    first = Analysis.loads((out_dir / "news.json").read_text(encoding="utf-8"))
    second = Analysis.loads((out_dir / "news-2.json").read_text(encoding="utf-8"))
    assert first.article.text.endswith("From a.\n") and second.article.text.endswith("From b.\n")


def test_markdown_to_stdout_and_out_dir(engine, good, tmp_path, capsys):
    assert main(["analyze", str(good), "--format", "markdown"]) == 0
    report = capsys.readouterr().out
    assert report.startswith("# Port talks stall\n") and f"Source: `{good}`" in report
    out_dir = tmp_path / "md"
    assert main(["analyze", str(good), str(SEED), "--format", "markdown", "--out", str(out_dir)]) == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["000_0dd2ab8dae9d022f.md", "short.md"]
    assert (out_dir / "short.md").read_text(encoding="utf-8") == report


def test_json_format_with_several_sources_is_one_object_per_line(engine, good, capsys):
    assert main(["analyze", str(good), str(good), "--format", "json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(Analysis.loads(line).article.text == SHORT for line in lines)


def test_out_dir_that_is_a_file(engine, good, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["analyze", str(good), "--out", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot create output folder" in err


def test_missing_article_for_the_reader_fails_before_the_ui(tmp_path, capsys):
    # `cubatui SOURCE` is `cubatui open SOURCE`; a bad source must not start the app
    assert main([str(tmp_path / "nope.txt")]) == 2
    assert capsys.readouterr().err == f"cubatui: error: {tmp_path / 'nope.txt'}: no such file\n"


def test_version_in_process(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out == f"cubatui {__version__}\n"


def test_too_long_source_is_refused_before_spacy(engine, good, tmp_path, capsys, monkeypatch):
    # spaCy would raise deep inside the parser (E088); we refuse the source up front.
    import cubatui.nlp.pipeline as pipeline

    monkeypatch.setattr(pipeline, "MAX_TEXT_CHARS", 200)
    long_one = tmp_path / "long.txt"
    long_one.write_text("Ana said the talks were over. " * 10, encoding="utf-8")
    assert main(["analyze", str(long_one), str(good)]) == 2
    out, err = capsys.readouterr()
    assert err == f"cubatui: error: {long_one}: too long to analyse (300 characters; the limit is 200)\n"
    assert Analysis.loads(out).article.text == SHORT


def test_several_sources_go_to_the_engine_in_one_batch(good, tmp_path, capsys, monkeypatch):
    # One engine call for all sources, so spaCy loads once and parses them with nlp.pipe.
    import cubatui.nlp.analyze as engine_module

    calls = []

    def fake_engine(articles, model=None):
        articles = list(articles)
        calls.append(([a.text for a in articles], model))
        return iter(Analysis(a) for a in articles)
    monkeypatch.setattr(engine_module, "analyze_articles", fake_engine)
    other = tmp_path / "other.md"
    other.write_text("# Other\nBody.\n", encoding="utf-8")
    assert main(["analyze", str(good), str(other), "--model", "some_model"]) == 0
    assert calls == [([SHORT, "# Other\nBody.\n"], "some_model")]
    assert [Analysis.loads(line).article.title for line in capsys.readouterr().out.splitlines()] == [
        "Port talks stall", "Other"]
