"""Measure cubatui on annotated articles: ``cubatui eval GOLD_OR_DIR``.

Two annotation formats are read:

* ``gold`` -- ``cubatui.gold/1`` files (one article each; the quote texts are exact
  substrings of the article). Scored like ``shared/eval/score.py``: a predicted claim
  *finds* a gold claim when their spans overlap with Jaccard >= 0.5 (greedy, one to
  one, best overlaps first); it is *right* when its speaker also matches.
* ``brat`` -- BRAT standoff attributions (PolNeAR layout ``text/X.txt`` +
  ``attributions/X_<annotator>.ann``, or flat ``X.txt`` + ``X.ann``), events with the
  roles Source/Cue/Content. Scored like ``shared/eval/polnear.py``: loose recall
  (``|gold ∩ pred| / |gold| >= 0.3``) with and without the speaker on the ``speech``,
  ``quoted`` and ``all`` subsets, and loose precision against all attributions.

The scorers take plain JSON dicts (``Analysis.to_json()`` output), so they also score
analyses made by other tools. spaCy is only imported when articles are analysed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

from cubatui import locations
from cubatui.folding import strip_accents
from cubatui.model import Article
from cubatui.sources import SourceError, load_source
from cubatui.sources.text import decode_text

GOLD_SCHEMA = "cubatui.gold/1"
GOLD_KINDS = ("direct", "indirect", "mixed")
SPAN_MATCH_JACCARD = 0.5  # gold format: a claim is found at this overlap
LOOSE_COVERAGE = 0.3  # brat format: GenderGapTracker's lenient rule, share of the gold span
QUOTE_MARKS = "\"“”"

# Cue words that make a BRAT attribution "speech" (PolNeAR also annotates beliefs,
# endorsements and the like, which a quote extractor is not meant to find).
SPEECH_CUES = frozenset("""
say says said saying tell tells told telling add adds added adding claim claims claimed
argue argues argued arguing warn warns warned note notes noted explain explains explained
insist insists insisted according accord ask asks asked write writes wrote written tweet tweets
tweeted declare declared declares announce announced announces state states stated suggest
suggested suggests acknowledge acknowledged admit admitted admits deny denied denies respond
responded responds reply replied replies urge urged urges stress stressed stresses assert
asserted contend contended maintain maintained maintains report reported reports describe
described describes call called calls predict predicted promise promised promises vow vowed
vows recall recalled recalls agree agreed disagree disagreed insisting adding noting explaining
warning arguing telling asking writing tweeting stressing urging
""".split())

_NOT_NAMES = frozenset(("the", "he", "she", "it", "they", "we", "i", "his", "her"))

Report = Callable[[str], None]  # receives one line per miss / false positive (--verbose)


class EvalError(Exception):
    """Annotations that cannot be read or do not fit their article; one line for the user."""


# ------------------------------------------------------------------ helpers ---
def fold_name(s: str) -> str:
    """Accent- and case-folded name, curly apostrophe straightened, leading 'the' dropped."""
    s = strip_accents(s or "").casefold().strip()
    if s.startswith("the "):
        s = s[4:]
    return " ".join(s.replace("’", "'").split())


def jaccard(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    inter = max(0, min(a_end, b_end) - max(a_start, b_start))
    union = max(a_end, b_end) - min(a_start, b_start)
    return inter / union if union else 0.0


def _greedy_match(scored: Iterable[tuple]) -> dict[int, tuple]:
    """One-to-one matching of (score..., gold index, pred index) tuples, best first.
    Ties go to the later gold/prediction, as in the reference scorers."""
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    match: dict[int, tuple] = {}
    for row in sorted(scored, reverse=True):
        gi, pi = row[-2], row[-1]
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        match[gi] = row
    return match


def _prf(tp: int, n_pred: int, n_gold: int) -> list[float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return [round(p, 3), round(r, 3), round(f, 3)]


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


# --------------------------------------------------------------- gold format ---
@dataclass
class GoldCounts:
    """Raw counts behind the gold figures, so several articles add up (micro average)."""

    gold: int = 0
    predicted: int = 0
    found: int = 0
    right: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in GOLD_KINDS})

    def __add__(self, other: "GoldCounts") -> "GoldCounts":
        return GoldCounts(self.gold + other.gold, self.predicted + other.predicted,
                          self.found + other.found, self.right + other.right,
                          {k: [self.by_kind[k][0] + other.by_kind[k][0],
                               self.by_kind[k][1] + other.by_kind[k][1]] for k in GOLD_KINDS})

    def figures(self) -> dict[str, Any]:
        return {
            "gold": self.gold, "predicted": self.predicted,
            "span_prf": _prf(self.found, self.predicted, self.gold),
            "full_prf": _prf(self.right, self.predicted, self.gold),
            "attribution_acc": _ratio(self.right, self.found),
            "found_with_right_speaker_by_kind": {k: f"{ok}/{n}" for k, (ok, n) in self.by_kind.items()},
        }


def validate_gold(gold: Any, label: str) -> dict[str, Any]:
    if not isinstance(gold, dict) or not isinstance(gold.get("quotes"), list):
        raise EvalError(f"{label}: not a {GOLD_SCHEMA} file (no 'quotes' list)")
    if gold.get("schema", GOLD_SCHEMA) != GOLD_SCHEMA:
        raise EvalError(f"{label}: schema is {gold.get('schema')!r}, expected {GOLD_SCHEMA!r}")
    if not isinstance(gold.get("actors", {}), dict):
        raise EvalError(f"{label}: 'actors' must map speaker names to {{kind, aliases}}")
    for i, q in enumerate(gold["quotes"]):
        if not isinstance(q, dict) or not isinstance(q.get("text"), str) or not q["text"]:
            raise EvalError(f"{label}: quote {i + 1} has no text")
        if not isinstance(q.get("speaker"), str):
            raise EvalError(f"{label}: quote {i + 1} has no speaker")
        if q.get("kind") not in GOLD_KINDS:
            raise EvalError(f"{label}: quote {i + 1} has kind {q.get('kind')!r}, expected one of {GOLD_KINDS}")
    return gold


def _gold_claims(text: str, gold: dict[str, Any]) -> list[dict[str, Any]]:
    claims = []
    for q in gold["quotes"]:
        start = text.find(q["text"])
        if start < 0:
            raise EvalError(f"gold quote not in the article: {q['text'][:60]!r}")
        claims.append(dict(q, start=start, end=start + len(q["text"])))
    return claims


def _gold_names(gold: dict[str, Any], speaker: str) -> set[str]:
    actor = gold.get("actors", {}).get(speaker) or {}
    return {fold_name(speaker)} | {fold_name(a) for a in actor.get("aliases", [])}


def _predicted_claims(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    actors = {a["id"]: a for a in analysis.get("actors", [])}
    claims = []
    for q in analysis.get("quotes", []):
        actor = actors.get(q.get("speaker")) or {}
        names = {fold_name(actor.get("name", ""))} | {fold_name(x) for x in actor.get("aliases", [])}
        mention = q.get("speaker_mention") or {}
        if not actor and mention.get("text"):
            names.add(fold_name(mention["text"]))  # an unresolved speaker still names someone
        names.discard("")
        claims.append({"start": int(q["start"]), "end": int(q["end"]), "names": names})
    return claims


def _speaker_right(gold: dict[str, Any], claim: dict[str, Any], names: set[str]) -> bool:
    wanted: set[str] = set()
    for speaker in [claim["speaker"], *claim.get("accept", [])]:
        wanted |= _gold_names(gold, speaker)
    if names & wanted:
        return True
    if (gold.get("actors", {}).get(claim["speaker"]) or {}).get("kind") != "PERSON":
        return False
    # A person named by surname alone, or by one part of a hyphenated surname, counts.
    folded = fold_name(claim["speaker"]).split()
    surname = set(folded[-1].split("-")) if folded else set()
    return any(surname & set(re.split(r"[\s-]+", n)) for n in names)


def gold_counts(text: str, gold: dict[str, Any], analysis: Mapping[str, Any],
                report: Report | None = None) -> GoldCounts:
    gold_claims = _gold_claims(text, gold)
    predicted = _predicted_claims(analysis)
    overlaps = [(jaccard(g["start"], g["end"], p["start"], p["end"]), gi, pi)
                for gi, g in enumerate(gold_claims) for pi, p in enumerate(predicted)]
    found = _greedy_match(row for row in overlaps if row[0] >= SPAN_MATCH_JACCARD)
    match = {gi: row[-1] for gi, row in found.items()}
    required = [i for i, g in enumerate(gold_claims) if not g.get("optional")]
    # Predictions matching an optional gold claim are neither right nor wrong.
    optional_hits = {pi for gi, pi in match.items() if gold_claims[gi].get("optional")}
    counts = GoldCounts(gold=len(required), predicted=len(predicted) - len(optional_hits))
    for gi in required:
        kind = gold_claims[gi]["kind"]
        counts.by_kind[kind][1] += 1
        if gi in match:
            counts.found += 1
            if _speaker_right(gold, gold_claims[gi], predicted[match[gi]]["names"]):
                counts.right += 1
                counts.by_kind[kind][0] += 1
    if report is not None:
        _report_gold(text, gold, gold_claims, predicted, match, report)
    return counts


def _report_gold(text, gold, gold_claims, predicted, match, report: Report) -> None:
    for gi, g in enumerate(gold_claims):
        tag = "opt " if g.get("optional") else ""
        if gi in match:
            names = predicted[match[gi]]["names"]
            verdict = "OK  " if _speaker_right(gold, g, names) else "SPK "
            report(f"{verdict}{tag}{g['kind']:8} {g['speaker'][:22]:22} <- {sorted(names)[:3]} | {g['text'][:50]}")
        else:
            report(f"MISS {tag}{g['kind']:8} {g['speaker'][:22]:22} | {g['text'][:60]}")
    matched = set(match.values())
    for pi, p in enumerate(predicted):
        if pi not in matched:
            report(f"FP   {sorted(p['names'])[:2]} | {text[p['start']:p['end']][:60]}")


def score_gold(text: str, gold: dict[str, Any], analysis: Mapping[str, Any],
               report: Report | None = None) -> dict[str, Any]:
    """Figures for one article: gold, predicted, span_prf, full_prf, attribution_acc,
    found_with_right_speaker_by_kind (``full_prf`` is the headline)."""
    return gold_counts(text, gold, analysis, report).figures()


# --------------------------------------------------------------- brat format ---
@dataclass(frozen=True)
class Attribution:
    content: tuple[tuple[int, int], ...]
    content_text: str
    source: tuple[tuple[int, int], ...] = ()
    source_text: str = ""
    cue_text: str = ""

    @property
    def quoted(self) -> bool:
        return any(c in self.content_text for c in QUOTE_MARKS)

    @property
    def speech(self) -> bool:
        return bool(set(re.findall(r"[a-z]+", self.cue_text.lower())) & SPEECH_CUES)


@dataclass(frozen=True)
class BratDoc:
    stem: str
    text: str
    attributions: tuple[Attribution, ...]


def parse_ann(content: str, label: str) -> list[Attribution]:
    """Attribution events (E lines) of a BRAT .ann file; events without Content are skipped."""
    spans: dict[str, tuple[tuple[tuple[int, int], ...], str]] = {}
    events: list[dict[str, str]] = []
    for n, line in enumerate(content.splitlines(), 1):
        try:
            if line.startswith("T"):
                tid, middle, covered_text = line.split("\t", 2)
                _, offsets = middle.split(" ", 1)
                spans[tid] = (tuple(tuple(map(int, part.split())) for part in offsets.split(";")),
                              covered_text)
            elif line.startswith("E"):
                _, roles = line.split("\t", 1)
                events.append(dict(role.split(":", 1) for role in roles.split()))
        except ValueError as exc:
            raise EvalError(f"{label}:{n}: malformed BRAT line ({exc})") from exc
    result = []
    for event in events:
        roles = {role: spans[ref] for role, ref in event.items() if ref in spans}
        if "Content" not in roles:
            continue
        source = roles.get("Source", ((), ""))
        result.append(Attribution(roles["Content"][0], roles["Content"][1], source[0], source[1],
                                  roles.get("Cue", ((), ""))[1]))
    return result


def _read_text(path: Path) -> str:
    try:
        return decode_text(path.read_bytes(), str(path))
    except OSError as exc:
        raise EvalError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except SourceError as exc:
        raise EvalError(str(exc)) from exc


def read_brat(folder: Path) -> list[BratDoc]:
    """Articles of a BRAT folder, PolNeAR layout or flat pairs; one annotator per article."""
    if (folder / "attributions").is_dir() and (folder / "text").is_dir():
        pairs: dict[str, Path] = {}
        for ann in sorted((folder / "attributions").glob("*.ann")):
            stem = ann.stem.rsplit("_", 1)[0]  # <article>_<annotator>.ann
            pairs.setdefault(stem, ann)
        texts = {stem: folder / "text" / f"{stem}.txt" for stem in pairs}
    else:
        pairs = {ann.stem: ann for ann in sorted(folder.glob("*.ann"))}
        texts = {stem: folder / f"{stem}.txt" for stem in pairs}
    if not pairs:
        raise EvalError(f"{folder}: no .ann files (expected attributions/*.ann or X.txt + X.ann)")
    docs = []
    for stem, ann in pairs.items():
        if not texts[stem].is_file():
            raise EvalError(f"{ann}: its article {texts[stem]} is missing")
        text = _read_text(texts[stem])
        attributions = parse_ann(_read_text(ann), str(ann))
        for a in attributions:
            if any(end > len(text) or start > end for start, end in a.content):
                raise EvalError(f"{ann}: span {a.content} lies outside its article")
        docs.append(BratDoc(stem, text, tuple(attributions)))
    return docs


def _covered(spans: Sequence[tuple[int, int]], start: int, end: int) -> int:
    return sum(max(0, min(b, end) - max(a, start)) for a, b in spans)


def _last_name(source_text: str) -> str | None:
    capitalised = [w for w in re.findall(r"[\w’'-]+", source_text)
                   if w[:1].isupper() and w.lower() not in _NOT_NAMES]
    return strip_accents(capitalised[-1]).casefold() if capitalised else None


def _brat_predictions(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    actors = {a["id"]: a for a in analysis.get("actors", [])}
    result = []
    for q in analysis.get("quotes", []):
        actor = actors.get(q.get("speaker")) or {}
        names = " ".join([actor.get("name", ""), *actor.get("aliases", [])])
        mention = q.get("speaker_mention") or {}
        result.append({"start": int(q["start"]), "end": int(q["end"]),
                       "words": set(strip_accents(names).casefold().replace("’", "'").split()),
                       "mention": (mention["start"], mention["end"]) if "start" in mention else None})
    return result


SUBSETS = ("speech", "quoted", "all")


def score_brat(docs: Sequence[BratDoc], analyses: Mapping[str, Mapping[str, Any]],
               report: Report | None = None) -> dict[str, Any]:
    """Recall (loose, with speaker, strict with speaker) per subset and loose precision.
    ``analyses`` maps an article stem to its analysis JSON; a missing one predicts nothing."""
    totals = {s: dict(gold=0, loose=0, strict=0, loose_spk=0, strict_spk=0) for s in SUBSETS}
    n_predicted = matched_predictions = 0
    for doc in docs:
        predicted = _brat_predictions(analyses.get(doc.stem, {}))
        n_predicted += len(predicted)
        rows = []
        for gi, g in enumerate(doc.attributions):
            gold_len = sum(b - a for a, b in g.content)
            for pi, p in enumerate(predicted):
                inter = _covered(g.content, p["start"], p["end"])
                if inter <= 0 or not gold_len:
                    continue
                coverage = inter / gold_len
                if coverage >= LOOSE_COVERAGE:
                    rows.append((coverage, inter / (gold_len + p["end"] - p["start"] - inter), gi, pi))
        match = _greedy_match(rows)
        matched_predictions += len(match)
        for gi, g in enumerate(doc.attributions):
            subsets = ["all"] + (["speech"] if g.speech else []) + (["quoted"] if g.quoted else [])
            right_speaker = False
            if gi in match:
                p = predicted[match[gi][-1]]
                if p["mention"] and g.source and _covered(g.source, *p["mention"]) > 0:
                    right_speaker = True
                last = _last_name(g.source_text)
                if last and last in p["words"]:
                    right_speaker = True
            for s in subsets:
                t = totals[s]
                t["gold"] += 1
                if gi in match:
                    strict = match[gi][1] >= SPAN_MATCH_JACCARD
                    t["loose"] += 1
                    t["strict"] += strict
                    t["loose_spk"] += right_speaker
                    t["strict_spk"] += right_speaker and strict
            if report is not None and g.speech and gi not in match:
                report(f"MISS {doc.stem[:30]} | {g.source_text[:20]:20} | {g.cue_text[:12]:12} | {g.content_text[:70]}")
            elif report is not None and g.speech and not right_speaker:
                report(f"SPK  {doc.stem[:30]} | {g.source_text[:20]:20} | {g.cue_text[:12]:12} | {g.content_text[:70]}")
        if report is not None:
            matched = {row[-1] for row in match.values()}
            for pi, p in enumerate(predicted):
                if pi not in matched:
                    snippet = " ".join(doc.text[p["start"]:p["end"]].split())
                    report(f"FP   {doc.stem[:30]} | {snippet[:70]}")
    figures: dict[str, Any] = {"articles": len(docs), "predicted": n_predicted}
    for s in SUBSETS:
        t = totals[s]
        figures[s] = {"gold": t["gold"], "recall_loose": _ratio(t["loose"], t["gold"]),
                      "recall_loose_with_speaker": _ratio(t["loose_spk"], t["gold"]),
                      "recall_strict_with_speaker": _ratio(t["strict_spk"], t["gold"])}
    # Precision against all attributions: a prediction matching none of them is wrong.
    figures["precision_loose"] = _ratio(matched_predictions, n_predicted)
    figures["speaker_acc_on_matched_speech"] = _ratio(totals["speech"]["loose_spk"], totals["speech"]["loose"])
    return figures


# ---------------------------------------------------------- running the tool ---
Analyze = Callable[[list[Article]], list[dict[str, Any]]]


def analyze_with_cubatui(model: str | None) -> Analyze:
    """An analyser running cubatui's engine (spaCy loads here, not at import)."""
    def run(articles: list[Article]) -> list[dict[str, Any]]:
        from cubatui.nlp.analyze import analyze_articles
        from cubatui.nlp.pipeline import MAX_TEXT_CHARS

        for article in articles:
            if len(article.text) > MAX_TEXT_CHARS:
                raise EvalError(f"{article.source}: too long to analyse ({len(article.text):,} characters; "
                                f"the limit is {MAX_TEXT_CHARS:,})")

        return [a.to_json() for a in analyze_articles(articles, model=model)]
    return run


def detect_format(path: Path) -> str:
    if path.is_file():
        return "brat" if path.suffix == ".ann" else "gold"
    if (path / "attributions").is_dir() or any(path.glob("*.ann")):
        return "brat"
    return "gold"


def _load_gold_file(path: Path) -> dict[str, Any]:
    try:
        return validate_gold(json.loads(path.read_text(encoding="utf-8")), str(path))
    except OSError as exc:
        raise EvalError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"{path}: not JSON ({exc})") from exc


def find_gold_article(gold_path: Path, gold: dict[str, Any], article: Path | None = None) -> Path:
    """``--article``, else the gold's ``article`` file name next to the gold file, else bundled."""
    if article is not None:
        return article
    name = gold.get("article")
    if not isinstance(name, str) or not name:
        raise EvalError(f"{gold_path}: no 'article' field; give the article with --article PATH")
    for candidate in (gold_path.parent / Path(name).name, locations.articles_dir() / Path(name).name):
        if candidate.is_file():
            return candidate
    raise EvalError(f"{gold_path}: article {name!r} not found next to it or among the bundled "
                    f"articles; give it with --article PATH")


def evaluate_gold(path: Path, analyze: Analyze, article: Path | None = None,
                  report: Report | None = None) -> dict[str, Any]:
    """Score one gold file, or every ``*.gold.json`` (else ``*.json``) in a folder."""
    if path.is_dir():
        files = sorted(path.glob("*.gold.json")) or sorted(path.glob("*.json"))
        if not files:
            raise EvalError(f"{path}: no gold files (*.gold.json) in this folder")
        if article is not None:
            raise EvalError("--article applies to a single gold file, not a folder")
    elif path.is_file():
        files = [path]
    else:
        raise EvalError(f"{path}: no such file or folder")
    golds = [_load_gold_file(f) for f in files]
    articles = []
    for f, gold in zip(files, golds):
        source = find_gold_article(f, gold, article)
        try:
            articles.append(load_source(str(source)))
        except SourceError as exc:
            raise EvalError(str(exc)) from exc
    for f, gold, art in zip(files, golds, articles):
        try:
            _gold_claims(art.text, gold)
        except EvalError as exc:
            raise EvalError(f"{f}: {exc}") from exc
    analyses = analyze(articles)
    total = GoldCounts()
    for f, gold, art, analysis in zip(files, golds, articles, analyses):
        if report is not None and len(files) > 1:
            report(f"== {f.name}")
        total = total + gold_counts(art.text, gold, analysis, report)
    figures = total.figures()
    if len(files) > 1:
        figures = {"articles": len(files), **figures}
    return figures


def evaluate_brat(path: Path, analyze: Analyze, report: Report | None = None) -> dict[str, Any]:
    if not path.is_dir():
        raise EvalError(f"{path}: a BRAT corpus is a folder (text/ + attributions/, or X.txt + X.ann)")
    docs = read_brat(path)
    analyses = analyze([Article(text=d.text, title=d.stem, source=d.stem) for d in docs])
    return score_brat(docs, {d.stem: a for d, a in zip(docs, analyses)}, report)


def evaluate(path: Path, fmt: str | None, analyze: Analyze, article: Path | None = None,
             report: Report | None = None) -> dict[str, Any]:
    fmt = fmt or detect_format(path)
    if fmt == "brat":
        if article is not None:
            raise EvalError("--article applies to the gold format only")
        return evaluate_brat(path, analyze, report)
    return evaluate_gold(path, analyze, article, report)
