"""Reopening a stored article vs analysing it the first time.

Runs `cubatui analyze SEED` in a subprocess with an empty data dir (the first
analysis: spaCy loads, the article is parsed and stored), then again (the reopen:
the stored analysis is used). Prints both times and their ratio; the target is a
ratio of at most 0.3. Both runs are measured here, in the same run, on this machine.

    python bench/reopen.py [--repeat N] [SOURCE]
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


def timed_analyze(source: str, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cubatui", "analyze", source], env=env,
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"cubatui analyze failed: {result.stderr.strip()}")
    return elapsed, result.stdout


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
            first, first_out = timed_analyze(args.source, env)
            reopen, reopen_out = timed_analyze(args.source, env)
            if first_out != reopen_out:
                sys.exit("the reopened analysis differs from the first one")
            firsts.append(first)
            reopens.append(reopen)
    first, reopen = min(firsts), min(reopens)
    ratio = reopen / first
    print(f"first analysis: {first:.3f} s   reopen (stored analysis): {reopen:.3f} s   "
          f"ratio {ratio:.3f} (target <= {TARGET})  [best of {args.repeat}]")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
