"""Regression test: the bundled article against its hand-made gold.

The scorer is the project's (``cubatui.evaluate.score_gold``) when present, else the
shared ``../shared/eval/score.py`` beside the clone, else the small scorer below,
which applies the same rule: a claim is found when its span overlaps the gold span
with Jaccard >= 0.5, and right when its speaker's name or an alias matches a name of
the gold speaker (or an accepted one), or holds a gold person's surname.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest

# the same paths as tests/conftest.py (not imported: 'conftest' names several modules)
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"
SEED_GOLD = ROOT / "tests" / "fixtures" / "000_0dd2ab8dae9d022f.gold.json"

F1_FLOOR = 0.95
PER_KIND_FLOOR = 0.90


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()
    if s.startswith("the "):
        s = s[4:]
    return " ".join(s.replace("’", "'").split())


def _local_score_gold(text: str, gold: dict, analysis: dict) -> dict:
    gold_quotes = []
    for g in gold["quotes"]:
        start = text.find(g["text"])
        assert start >= 0, g["text"]
        gold_quotes.append(dict(g, start=start, end=start + len(g["text"])))
    actors = {a["id"]: a for a in analysis["actors"]}
    preds = []
    for q in analysis["quotes"]:
        a = actors.get(q["speaker"]) or {}
        names = {_fold(a.get("name", ""))} | {_fold(x) for x in a.get("aliases", [])}
        preds.append((q["start"], q["end"], names - {""}))

    def jaccard(a0, a1, b0, b1):
        inter = max(0, min(a1, b1) - max(a0, b0))
        union = max(a1, b1) - min(a0, b0)
        return inter / union if union else 0.0

    def speaker_ok(g, names):
        want = set()
        for s in [g["speaker"]] + g.get("accept", []):
            want |= {_fold(s)} | {_fold(x) for x in gold["actors"].get(s, {}).get("aliases", [])}
        if names & want:
            return True
        if gold["actors"].get(g["speaker"], {}).get("kind") != "PERSON":
            return False
        surname = set(_fold(g["speaker"]).split()[-1].split("-"))
        return any(surname & set(re.split(r"[\s-]+", n)) for n in names)

    pairs = sorted(((jaccard(g["start"], g["end"], p[0], p[1]), gi, pi)
                    for gi, g in enumerate(gold_quotes) for pi, p in enumerate(preds)), reverse=True)
    used_g, used_p, match = set(), set(), {}
    for j, gi, pi in pairs:
        if j < 0.5:
            break
        if gi not in used_g and pi not in used_p:
            used_g.add(gi), used_p.add(pi)
            match[gi] = pi
    required = [i for i, g in enumerate(gold_quotes) if not g.get("optional")]
    optional_hits = {match[i] for i in match if gold_quotes[i].get("optional")}
    n_pred = len(preds) - len(optional_hits)
    right = [i for i in required if i in match and speaker_ok(gold_quotes[i], preds[match[i]][2])]
    p = len(right) / n_pred if n_pred else 0.0
    r = len(right) / len(required) if required else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    by_kind = {}
    for kind in ("direct", "indirect", "mixed"):
        ids = [i for i in required if gold_quotes[i]["kind"] == kind]
        by_kind[kind] = f"{sum(1 for i in ids if i in right)}/{len(ids)}"
    return {"full_prf": (round(p, 3), round(r, 3), round(f, 3)), "found_with_right_speaker_by_kind": by_kind}


def load_scorer():
    """The project's scorer, the shared one, or the local one (in that order)."""
    try:
        from cubatui.evaluate import score_gold  # type: ignore[attr-defined]
        return score_gold
    except ImportError:
        pass
    shared = ROOT.parent / "shared" / "eval" / "score.py"
    if shared.is_file():
        spec = importlib.util.spec_from_file_location("shared_score", shared)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return lambda text, gold, analysis: module.score(text, gold, analysis)
    return _local_score_gold


@pytest.fixture(scope="module")
def seed_analysis(nlp):
    from cubatui.model import Article, Generator
    from cubatui.nlp.analyze import analyze_doc

    text = SEED.read_text(encoding="utf-8")
    return text, analyze_doc(nlp(text), Article(text), Generator()).to_json()


@pytest.mark.parametrize("scorer", [load_scorer(), _local_score_gold], ids=["project", "local"])
def test_seed_article_accuracy(seed_analysis, scorer):
    text, analysis = seed_analysis
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    result = scorer(text, gold, analysis)
    assert result["full_prf"][2] >= F1_FLOOR, result
    for kind, figure in result["found_with_right_speaker_by_kind"].items():
        ok, total = map(int, figure.split("/"))
        assert total == 0 or ok / total >= PER_KIND_FLOOR, (kind, result)


def test_seed_analysis_is_valid_json_schema(seed_analysis):
    from cubatui.model import Analysis

    text, analysis = seed_analysis
    again = Analysis.from_json(json.loads(json.dumps(analysis)))
    assert again.to_json() == analysis
    ids = {a["id"] for a in analysis["actors"]}
    for q in analysis["quotes"]:
        assert q["speaker"] is None or q["speaker"] in ids
        assert text[q["start"]:q["end"]] == q["text"]
        assert q["evidence"]
    for e in analysis["entities"]:
        assert e["actor"] is None or e["actor"] in ids
