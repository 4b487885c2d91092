"""Reopening a stored article in the reader vs opening it the first time.

Each run is a fresh process doing what `cubatui SOURCE` does (load the source, start the
app with the caching analyser, headless) and exiting once the analysis is on screen.
The first run has an empty data dir (spaCy loads, the article is analysed and stored);
the second finds the stored analysis. Prints both times, their ratio (target <= 0.3)
and whether the reopen imported spaCy (it must not).

    python bench/reopen_app.py [--repeat N] [SOURCE]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"
TARGET = 0.3

CHILD = """
import sys
from cubatui.library.cache import cached_analyser
from cubatui.sources import load_source
from cubatui.tui.app import CubatuiApp

async def until_analysed(pilot):
    while pilot.app.analysing:
        await pilot.pause(0.01)
    pilot.app.exit()

app = CubatuiApp(load_source(sys.argv[1]), analyser=cached_analyser)
app.run(headless=True, size=(120, 40), auto_pilot=until_analysed)
if app.analysis is None:
    sys.exit(f"analysis failed: {app.analysis_error}")
print(len(app.analysis.quotes), len(app.analysis.actors), "spacy" in sys.modules)
"""


def timed_open(source: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", CHILD, source], env=env, capture_output=True, text=True,
                            check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"the reader failed: {result.stderr.strip()[-500:]}")
    return elapsed, result.stdout.split()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(SEED))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind; the best is kept")
    args = parser.parse_args()
    firsts, reopens = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, **{f"CUBATUI_{d}_DIR": str(Path(home) / d.lower())
                                      for d in ("DATA", "CONFIG", "CACHE")})
            first, first_out = timed_open(args.source, env)
            reopen, reopen_out = timed_open(args.source, env)
            if first_out[:2] != reopen_out[:2]:
                sys.exit(f"the reopened analysis differs: {first_out} vs {reopen_out}")
            if reopen_out[2] != "False":
                sys.exit("the reopen imported spaCy")
            firsts.append(first)
            reopens.append(reopen)
    first, reopen = min(firsts), min(reopens)
    ratio = reopen / first
    print(f"first open: {first:.3f} s   reopen (stored analysis, no spaCy): {reopen:.3f} s   "
          f"ratio {ratio:.3f} (target <= {TARGET})  [best of {args.repeat}]")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
