#!/usr/bin/env python3
"""Benchmark: `cubatui analyze` against a bare `spacy.load(model); nlp(text)` process.

Both are run as fresh subprocesses, interleaved, several times in the same run, on the
same article with the same spaCy model; each child reports its own peak RSS
(``ru_maxrss``) and the parent times it from spawn to exit. Prints a table and the
ratios cubatui / bare for median wall time (target <= 1.3x) and median peak memory
(target <= 1.2x).

usage: python bench/analyze.py [--runs 5] [--model NAME] [--article PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIME_TARGET, MEMORY_TARGET = 1.3, 1.2

# The child runs the work, then reports its own peak RSS on its last stderr line.
# ru_maxrss is in KiB on Linux, bytes on macOS.
_REPORT = ("import resource, sys\n"
           "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
           "rss = usage.ru_maxrss // 1024 if sys.platform == 'darwin' else usage.ru_maxrss\n"
           "sys.stderr.write(f'\\nBENCH_MAXRSS_KIB={rss}\\n')\n"
           "sys.stderr.write(f'BENCH_CPU_S={usage.ru_utime + usage.ru_stime}\\n')\n")

BARE = ("import sys\n"
        "import spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "with open(sys.argv[2], encoding='utf-8') as f:\n"
        "    doc = nlp(f.read())\n"
        + _REPORT)

CUBATUI = ("import runpy, sys\n"
           "sys.argv = ['cubatui', *sys.argv[1:]]\n"
           "try:\n"
           "    runpy.run_module('cubatui', run_name='__main__', alter_sys=True)\n"
           "except SystemExit as exc:\n"
           "    code = exc.code\n"
           "else:\n"
           "    code = 0\n"
           + _REPORT +
           "sys.exit(code)\n")


def _run_child(code: str, args: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """(wall seconds, peak RSS KiB, CPU seconds) of one fresh interpreter."""
    with tempfile.TemporaryDirectory(prefix="cubatui-bench-") as home:
        # Empty data/config/cache dirs: no library cache, no config.toml.
        child_env = {**env, **{f"CUBATUI_{k}_DIR": os.path.join(home, k.lower())
                               for k in ("DATA", "CONFIG", "CACHE")}}
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", code, *args], env=child_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    report = dict(line.split("=", 1) for line in proc.stderr.splitlines() if line.startswith("BENCH_"))
    return wall, int(report["BENCH_MAXRSS_KIB"]), float(report["BENCH_CPU_S"])


def _cubatui_args(article: str, model: str) -> list[str]:
    args = ["analyze", article, "--model", model]
    # A result cache (if a later version has one) would make repeated runs unfair.
    help_text = subprocess.run([sys.executable, "-m", "cubatui", "analyze", "--help"],
                               capture_output=True, text=True).stdout
    if "--no-cache" in help_text:
        args.append("--no-cache")
    return args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (default 5)")
    parser.add_argument("--model", help="spaCy pipeline (default: resolved as cubatui does)")
    parser.add_argument("--article", help="article to analyse (default: the bundled one)")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args(argv)

    from cubatui import locations
    from cubatui.nlp.pipeline import ModelError, resolve_model

    try:
        model = resolve_model(args.model).name
    except ModelError as exc:
        raise SystemExit(f"bench: {exc}")
    article = str(Path(args.article or locations.default_article()).resolve())
    env = {k: v for k, v in os.environ.items() if k != "CUBATUI_MODEL"}
    kinds = {"bare spaCy": (BARE, [model, article]), "cubatui": (CUBATUI, _cubatui_args(article, model))}

    for code, child_args in kinds.values():  # warm the OS file cache; not counted
        _run_child(code, child_args, env)
    samples: dict[str, list[tuple[float, int, float]]] = {k: [] for k in kinds}
    for i in range(args.runs):
        # alternate which goes first so drift (thermal, cache) hits both alike
        order = list(kinds) if i % 2 == 0 else list(reversed(kinds))
        for name in order:
            samples[name].append(_run_child(*kinds[name], env))

    # medians of wall time, peak RSS and CPU time (CPU time suffers less from a busy machine)
    med = {k: tuple(statistics.median(sample[i] for sample in v) for i in range(3)) for k, v in samples.items()}
    print(f"model {model}, article {Path(article).name} ({len(Path(article).read_text(encoding='utf-8'))} chars), "
          f"{args.runs} interleaved runs each, Python {sys.version.split()[0]}")
    print(f"{'':12} {'median wall s':>14} {'min wall s':>11} {'median CPU s':>13} {'median peak MiB':>16}")
    for name, v in samples.items():
        print(f"{name:12} {med[name][0]:14.3f} {min(s[0] for s in v):11.3f} {med[name][2]:13.3f} "
              f"{med[name][1] / 1024:16.1f}")
    time_ratio = med["cubatui"][0] / med["bare spaCy"][0]
    mem_ratio = med["cubatui"][1] / med["bare spaCy"][1]
    cpu_ratio = med["cubatui"][2] / med["bare spaCy"][2]
    verdict = {True: "meets", False: "MISSES"}
    print(f"time ratio   {time_ratio:.2f}x  (target <= {TIME_TARGET}x: {verdict[time_ratio <= TIME_TARGET]}; "
          f"CPU time ratio {cpu_ratio:.2f}x)")
    print(f"memory ratio {mem_ratio:.2f}x  (target <= {MEMORY_TARGET}x: {verdict[mem_ratio <= MEMORY_TARGET]})")
    if args.json:
        print(json.dumps({"model": model, "runs": args.runs,
                          **{key: {"wall_s": round(med[name][0], 3), "peak_kib": med[name][1],
                                   "cpu_s": round(med[name][2], 3)}
                             for key, name in (("bare", "bare spaCy"), ("cubatui", "cubatui"))},
                          "time_ratio": round(time_ratio, 3), "cpu_ratio": round(cpu_ratio, 3),
                          "memory_ratio": round(mem_ratio, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
