"""`cubatui eval`: the gold and BRAT scorers on small made-up articles and analyses."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from paths import ROOT, SEED
from cubatui import locations
from cubatui.cli import main
from cubatui.evaluate import (EvalError, evaluate, find_gold_article, parse_ann, read_brat,
                              score_brat, score_gold)

SHARED_EVAL = ROOT.parent / "shared" / "eval"

TEXT = ("Port talks stall\n"
        "“We will not yield,” said Ana Pérez-Lobo, the transport minister.\n"
        "The unions said that the strike would continue until wages rise.\n"
        "Pérez-Lobo later warned that the port was “close to collapse” after weeks of stoppages.\n"
        "Officials privately believe the deal is dead.\n")

GOLD = {
    "schema": "cubatui.gold/1",
    "article": "port.txt",
    "actors": {
        "Ana Pérez-Lobo": {"kind": "PERSON", "aliases": ["Ana Pérez-Lobo", "transport minister"]},
        "dockworkers' unions": {"kind": "GROUP", "aliases": ["the unions"]},
        "Government": {"kind": "ORG", "aliases": ["the government"]},
        "officials": {"kind": "GROUP", "aliases": ["Officials"]},
    },
    "quotes": [
        {"kind": "direct", "speaker": "Ana Pérez-Lobo", "text": "We will not yield,"},
        {"kind": "indirect", "speaker": "dockworkers' unions", "text": "the strike would continue until wages rise"},
        {"kind": "mixed", "speaker": "Ana Pérez-Lobo", "accept": ["Government"],
         "text": "the port was “close to collapse” after weeks of stoppages"},
        {"kind": "indirect", "speaker": "officials", "optional": True, "text": "the deal is dead"},
    ],
}


def span(text: str, piece: str, extra_before: int = 0, extra_after: int = 0) -> tuple[int, int]:
    start = text.index(piece)
    return start - extra_before, start + len(piece) + extra_after


def analysis(text: str, actors: dict[str, tuple[str, list[str]]], quotes: list[tuple]) -> dict:
    """A cubatui.analysis/1-shaped dict: quotes are ((start, end), speaker id or None, mention text)."""
    out_quotes = []
    for i, ((start, end), speaker, mention) in enumerate(quotes, 1):
        q = {"id": f"q{i}", "kind": "indirect", "start": start, "end": end, "text": text[start:end],
             "speaker": speaker, "speaker_mention": None, "cue": None,
             "sentence": {"start": 0, "end": len(text)}, "paragraph": 0, "evidence": "test"}
        if mention:
            ms, me = span(text, mention)
            q["speaker_mention"] = {"start": ms, "end": me, "text": mention}
        out_quotes.append(q)
    return {"schema": "cubatui.analysis/1", "article": {"text": text},
            "actors": [{"id": aid, "name": name, "kind": "PERSON", "aliases": aliases, "mentions": []}
                       for aid, (name, aliases) in actors.items()],
            "quotes": out_quotes}


PERFECT = analysis(TEXT, {"a1": ("Ana Pérez-Lobo", ["Ana Pérez-Lobo"]), "a2": ("unions", ["the unions"])}, [
    (span(TEXT, "We will not yield,"), "a1", None),
    (span(TEXT, "the strike would continue until wages rise"), "a2", None),
    (span(TEXT, "the port was “close to collapse” after weeks of stoppages"), "a1", None),
])

# Loose spans, a hyphen part of the surname, an unresolved speaker mention, an accepted
# alternative speaker, a hit on an optional claim and two false positives.
LENIENT = analysis(TEXT, {"a1": ("Lobo", ["Lobo"]), "a3": ("the government", [])}, [
    (span(TEXT, "We will not yield,", 1, 1), "a1", None),
    (span(TEXT, "the strike would continue until wages rise"), None, "The unions"),
    (span(TEXT, "the port was “close to collapse” after weeks of stoppages"), "a3", None),
    (span(TEXT, "the deal is dead"), None, None),
    (span(TEXT, "Port talks stall"), None, None),
    (span(TEXT, "continue until"), None, None),
])

# Wrong speakers, the surname rule for a person, no surname rule for a group, a span too short.
WRONG = analysis(TEXT, {"a1": ("Pérez", []), "a2": ("dockworkers", ["workers"])}, [
    (span(TEXT, "We will not yield,"), "a2", None),
    (span(TEXT, "the strike would continue"), "a2", None),
    (span(TEXT, "the port was “close to collapse” after weeks of stoppages"), "a1", None),
])

CASES = {"perfect": PERFECT, "lenient": LENIENT, "wrong": WRONG,
         "empty": analysis(TEXT, {}, [])}


def test_perfect_analysis_scores_one():
    figures = score_gold(TEXT, GOLD, PERFECT)
    assert figures == {"gold": 3, "predicted": 3, "span_prf": [1.0, 1.0, 1.0], "full_prf": [1.0, 1.0, 1.0],
                       "attribution_acc": 1.0,
                       "found_with_right_speaker_by_kind": {"direct": "1/1", "indirect": "1/1", "mixed": "1/1"}}


def test_lenient_matching_rules():
    figures = score_gold(TEXT, GOLD, LENIENT)
    # the optional hit is not counted as a prediction; two false positives are
    assert figures["gold"] == 3 and figures["predicted"] == 5
    assert figures["span_prf"] == [0.6, 1.0, 0.75]
    assert figures["full_prf"] == [0.6, 1.0, 0.75]


def test_wrong_speakers_and_short_span():
    figures = score_gold(TEXT, GOLD, WRONG)
    # "the strike would continue" covers 25 of 42 characters: Jaccard 0.6, found.
    assert figures["span_prf"] == [1.0, 1.0, 1.0]
    # only the mixed claim is right (surname "Pérez" of "Ana Pérez-Lobo")
    assert figures["full_prf"] == [0.333, 0.333, 0.333]
    assert figures["attribution_acc"] == 0.333
    assert figures["found_with_right_speaker_by_kind"] == {"direct": "0/1", "indirect": "0/1", "mixed": "1/1"}


def test_report_lists_every_gold_claim_and_false_positives():
    lines: list[str] = []
    score_gold(TEXT, GOLD, LENIENT, report=lines.append)
    verdicts = [line.split()[0] for line in lines]
    # the optional claim is found but names no speaker
    assert verdicts == ["OK", "OK", "OK", "SPK", "FP", "FP"]
    lines.clear()
    score_gold(TEXT, GOLD, analysis(TEXT, {}, []), report=lines.append)
    assert [line.split()[0] for line in lines] == ["MISS"] * 4


def test_gold_quote_missing_from_article_is_an_error():
    with pytest.raises(EvalError, match="not in the article"):
        score_gold("Another text entirely.", GOLD, PERFECT)


def _reference(name: str):
    path = SHARED_EVAL / f"{name}.py"
    if not path.exists():
        pytest.skip(f"reference scorer {path} is absent")
    spec = importlib.util.spec_from_file_location(f"reference_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("case", sorted(CASES))
def test_gold_scorer_agrees_with_reference(case):
    reference = _reference("score")
    expected = json.loads(json.dumps(reference.score(TEXT, GOLD, CASES[case])))
    assert score_gold(TEXT, GOLD, CASES[case]) == expected


# ------------------------------------------------------------------- BRAT ---
DOC1 = ("Ana Pérez said that the port would reopen soon.\n"
        "“It is over,” the minister added.\n"
        "Unions hope wages will rise.\n")
DOC2 = ("According to Lee Chang, exports fell sharply.\n"
        "The mayor told reporters the budget was “a disaster in waiting.”\n")

# (source, cue, content) per attribution, each an exact substring
ATTRIBUTIONS = {
    "doc1": [("Ana Pérez", "said", "the port would reopen soon"),
             ("the minister", "added", "“It is over,”"),
             ("Unions", "hope", "wages will rise")],
    "doc2": [("Lee Chang", "According to", "exports fell sharply"),
             ("The mayor", "told", "the budget was “a disaster in waiting.”")],
}


def ann_text(text: str, attributions) -> str:
    lines, t = [], 0
    for e, roles in enumerate(attributions, 1):
        refs = []
        for role, piece in zip(("Source", "Cue", "Content"), roles):
            t += 1
            start, end = span(text, piece)
            lines.append(f"T{t}\t{role} {start} {end}\t{piece}")
            refs.append(f"{role}:T{t}")
        lines.append(f"E{e}\t{refs[1]} {refs[0]} {refs[2]}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def polnear_folder(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for stem, text in (("doc1", DOC1), ("doc2", DOC2)):
        (tmp_path / "text" / f"{stem}.txt").write_text(text, encoding="utf-8")
        (tmp_path / "attributions" / f"{stem}_annA.ann").write_text(ann_text(text, ATTRIBUTIONS[stem]), "utf-8")
    # a second annotator of doc1 that must be ignored
    (tmp_path / "attributions" / "doc1_annB.ann").write_text("", encoding="utf-8")
    return tmp_path


BRAT_PREDICTIONS = {
    # right speaker by mention overlap, by last name, a miss, and a false positive
    "doc1": analysis(DOC1, {"a1": ("Ana Pérez", ["Pérez"])}, [
        (span(DOC1, "the port would reopen soon"), "a1", None),
        (span(DOC1, "It is over,"), None, "the minister"),
        (span(DOC1, "Ana Pérez said"), None, None),
    ]),
    # a loose-only match (coverage >= 0.3, Jaccard < 0.5) and a wrong speaker
    "doc2": analysis(DOC2, {"a1": ("Chang", []), "a2": ("reporters", [])}, [
        (span(DOC2, "exports fell sharply.\nThe mayor told reporters"), "a1", None),
        (span(DOC2, "the budget was “a disaster in waiting.”"), "a2", "reporters"),
    ]),
}


def test_parse_ann_reads_events_with_content_only():
    content = ("T1\tSource 0 3\tAna\nT2\tCue 4 8\tsaid\nT3\tContent 9 20;25 30\tpart one two\n"
               "E1\tCue:T2 Source:T1 Content:T3\nE2\tCue:T2 Source:T1\n#1\tAnnotatorNotes T1\tx\n")
    [a] = parse_ann(content, "x.ann")
    assert a.content == ((9, 20), (25, 30)) and a.source == ((0, 3),)
    assert a.source_text == "Ana" and a.cue_text == "said" and a.speech and not a.quoted
    with pytest.raises(EvalError, match=r"x\.ann:1: malformed"):
        parse_ann("T1\tSource zero 3\tAna\n", "x.ann")


def test_brat_scores_by_hand(polnear_folder):
    docs = read_brat(polnear_folder)
    assert [d.stem for d in docs] == ["doc1", "doc2"]
    figures = score_brat(docs, BRAT_PREDICTIONS)
    assert figures["articles"] == 2 and figures["predicted"] == 5
    # speech: said, added, According to, told (not "hope")
    assert figures["speech"] == {"gold": 4, "recall_loose": 1.0, "recall_loose_with_speaker": 0.75,
                                 "recall_strict_with_speaker": 0.5}
    assert figures["quoted"]["gold"] == 2 and figures["quoted"]["recall_loose_with_speaker"] == 0.5
    assert figures["all"]["gold"] == 5 and figures["all"]["recall_loose"] == 0.8
    assert figures["precision_loose"] == 0.8
    assert figures["speaker_acc_on_matched_speech"] == 0.75


def test_brat_report_lists_speech_misses_wrong_speakers_and_false_positives(polnear_folder):
    lines: list[str] = []
    score_brat(read_brat(polnear_folder), BRAT_PREDICTIONS, report=lines.append)
    assert [line.split()[0] for line in lines] == ["FP", "SPK"]
    assert "Ana Pérez said" in lines[0] and "a disaster in waiting" in lines[1]
    lines.clear()
    score_brat(read_brat(polnear_folder), {}, report=lines.append)
    assert [line.split()[0] for line in lines] == ["MISS"] * 4  # speech attributions only


def test_brat_scorer_agrees_with_reference(polnear_folder, tmp_path_factory):
    script = SHARED_EVAL / "polnear.py"
    if not script.exists():
        pytest.skip(f"reference scorer {script} is absent")
    pred_dir = tmp_path_factory.mktemp("pred")
    for stem, a in BRAT_PREDICTIONS.items():
        (pred_dir / f"{stem}.json").write_text(json.dumps(a), encoding="utf-8")
    run = subprocess.run([sys.executable, str(script), str(polnear_folder), str(pred_dir)],
                         capture_output=True, text=True, check=True)
    expected = json.loads(run.stdout)
    expected.pop("missing_predictions")
    assert score_brat(read_brat(polnear_folder), BRAT_PREDICTIONS) == expected


def test_flat_brat_layout(tmp_path):
    for stem, text in (("doc1", DOC1), ("doc2", DOC2)):
        (tmp_path / f"{stem}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{stem}.ann").write_text(ann_text(text, ATTRIBUTIONS[stem]), encoding="utf-8")
    docs = read_brat(tmp_path)
    assert [len(d.attributions) for d in docs] == [3, 2]
    (tmp_path / "doc2.txt").unlink()
    with pytest.raises(EvalError, match="is missing"):
        read_brat(tmp_path)


def test_brat_span_outside_article_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text("short", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tContent 0 99\tx\nE1\tContent:T1\n", encoding="utf-8")
    with pytest.raises(EvalError, match="outside its article"):
        read_brat(tmp_path)


# ------------------------------------------------------------ running it ---
def fake_analyzer(by_text: dict[str, dict]):
    """Stands in for the NLP engine: returns prepared analyses, keyed by article text."""
    calls = []

    def run(articles):
        calls.append(len(articles))
        return [by_text.get(a.text, analysis(a.text, {}, [])) for a in articles]
    run.calls = calls
    return run


def test_evaluate_gold_file_and_folder(tmp_path):
    (tmp_path / "port.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "port.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    analyze = fake_analyzer({TEXT: PERFECT})
    assert evaluate(tmp_path / "port.gold.json", None, analyze)["full_prf"] == [1.0, 1.0, 1.0]
    # a folder of two gold files adds up counts (micro average), in one engine call
    (tmp_path / "copy.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    analyze = fake_analyzer({TEXT: WRONG})
    figures = evaluate(tmp_path, "gold", analyze)
    assert analyze.calls == [2]
    assert figures["articles"] == 2 and figures["gold"] == 6 and figures["predicted"] == 6
    assert figures["found_with_right_speaker_by_kind"]["mixed"] == "2/2"


def test_evaluate_brat_folder(polnear_folder):
    analyze = fake_analyzer({DOC1: BRAT_PREDICTIONS["doc1"], DOC2: BRAT_PREDICTIONS["doc2"]})
    assert evaluate(polnear_folder, None, analyze) == score_brat(read_brat(polnear_folder), BRAT_PREDICTIONS)


def test_gold_article_lookup(tmp_path):
    gold = dict(GOLD, article=SEED.name)
    gold_path = tmp_path / "seed.gold.json"
    # not next to the gold file: the bundled article
    assert find_gold_article(gold_path, gold) == locations.articles_dir() / SEED.name
    (tmp_path / SEED.name).write_text("local copy", encoding="utf-8")
    assert find_gold_article(gold_path, gold) == tmp_path / SEED.name
    assert find_gold_article(gold_path, gold, tmp_path / "x.txt") == tmp_path / "x.txt"
    with pytest.raises(EvalError, match="--article"):
        find_gold_article(gold_path, dict(GOLD, article="nowhere.txt"))


@pytest.mark.parametrize("content, message", [
    ("{not json", "not JSON"),
    (json.dumps({"schema": "cubatui.gold/1"}), "no 'quotes' list"),
    (json.dumps(dict(GOLD, schema="other/2")), "expected 'cubatui.gold/1'"),
    (json.dumps(dict(GOLD, quotes=[{"kind": "direct", "speaker": "x"}])), "quote 1 has no text"),
    (json.dumps(dict(GOLD, quotes=[{"kind": "rumour", "speaker": "x", "text": "y"}])), "quote 1 has kind"),
    (json.dumps(dict(GOLD, quotes=[{"kind": "direct", "speaker": "x", "text": "not there"}])), "not in the article"),
])
def test_cli_eval_bad_gold_is_one_line(tmp_path, capsys, content, message):
    (tmp_path / "port.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "g.json").write_text(content, encoding="utf-8")
    assert main(["eval", str(tmp_path / "g.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith("cubatui: error: ")


def test_cli_eval_missing_path(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nothing.json")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_cli_eval_runs_the_engine(tmp_path, capsys, nlp, polnear_folder):
    (tmp_path / "port.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "port.gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    assert main(["eval", str(tmp_path / "port.gold.json"), "--verbose"]) == 0
    out, err = capsys.readouterr()
    figures = json.loads(out)
    assert out.count("\n") == 1 and figures["gold"] == 3
    assert all(0.0 <= x <= 1.0 for x in figures["full_prf"] + figures["span_prf"])
    verdicts = [line.split()[0] for line in err.splitlines()]
    assert sum(v in ("OK", "SPK", "MISS") for v in verdicts) == 4  # one line per gold claim

    assert main(["eval", str(polnear_folder), "--format", "brat"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["articles"] == 2 and figures["all"]["gold"] == 5


def test_cli_eval_format_mismatches(tmp_path, capsys, polnear_folder):
    gold = tmp_path / "port.gold.json"
    gold.write_text(json.dumps(GOLD), encoding="utf-8")
    assert main(["eval", str(gold), "--format", "brat"]) == 2
    assert "a BRAT corpus is a folder" in capsys.readouterr().err
    assert main(["eval", str(polnear_folder), "--article", str(gold)]) == 2
    assert "--article applies to the gold format only" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["eval", str(empty), "--format", "brat"]) == 2
    assert "no .ann files" in capsys.readouterr().err
    assert main(["eval", str(empty)]) == 2
    assert "no gold files" in capsys.readouterr().err


def test_engine_refuses_too_long_articles(monkeypatch):
    import cubatui.nlp.pipeline as pipeline
    from cubatui.evaluate import analyze_with_cubatui
    from cubatui.model import Article

    monkeypatch.setattr(pipeline, "MAX_TEXT_CHARS", 10)
    with pytest.raises(EvalError, match=r"^doc1: too long to analyse \(12 characters"):
        analyze_with_cubatui(None)([Article("short enough", source="doc1")])


def test_importing_the_scorers_does_not_import_spacy():
    code = "import sys, cubatui.evaluate, cubatui.cli; print('spacy' in sys.modules, 'textual' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.stdout.split() == ["False", "False"]
