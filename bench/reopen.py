"""Reopening a stored article vs analysing it the first time.

Runs `cubatui analyze SEED` in a subprocess with an empty data dir (the first
analysis: spaCy loads, the article is parsed and stored), then again (the reopen:
the stored analysis is used). Prints both times and their ratio; the target is a
ratio of at most 0.3. Both runs are measured here, in the same run, on this machine.

    python bench/reopen.py [--repeat N] [SOURCE]
"""

from __future__ import annotations

import argparse
import sys

from _common import SEED, first_and_reopen, report_ratio, timed_child

TARGET = 0.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(SEED))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each kind; the best is kept")
    args = parser.parse_args()

    def analyze(env: dict[str, str]) -> tuple[float, str]:
        return timed_child(["-m", "cubatui", "analyze", args.source], env, "cubatui analyze failed")

    def same_output(first_out: str, reopen_out: str) -> None:
        if first_out != reopen_out:
            sys.exit("the reopened analysis differs from the first one")

    first, reopen = first_and_reopen(analyze, same_output, args.repeat)
    return report_ratio("first analysis", "reopen (stored analysis)", first, reopen, TARGET, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
