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
import sys

from _common import SEED, first_and_reopen, report_ratio, timed_child

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(SEED))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind; the best is kept")
    args = parser.parse_args()

    def open_in_reader(env: dict[str, str]) -> tuple[float, str]:
        return timed_child(["-c", CHILD, args.source], env, "the reader failed")

    def same_analysis_without_spacy(first_out: str, reopen_out: str) -> None:
        first_counts, reopen_counts = first_out.split(), reopen_out.split()
        if first_counts[:2] != reopen_counts[:2]:
            sys.exit(f"the reopened analysis differs: {first_counts} vs {reopen_counts}")
        if reopen_counts[2] != "False":
            sys.exit("the reopen imported spaCy")

    first, reopen = first_and_reopen(open_in_reader, same_analysis_without_spacy, args.repeat)
    return report_ratio("first open", "reopen (stored analysis, no spaCy)", first, reopen, TARGET, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
