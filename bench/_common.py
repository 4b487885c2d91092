"""What the reopen benchmarks share: the seed article, a timed child process, and the
first-open vs reopen loop (a fresh data dir per round, the best of N of each kind).

Imported as ``_common`` by scripts run as ``python bench/SCRIPT.py`` (their folder is
then first on ``sys.path``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"


def timed_child(argv: list[str], env: dict[str, str], failure: str) -> tuple[float, str]:
    """Wall time and stdout of ``python ARGV``; exits with ``failure`` and its stderr if it fails."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, *argv], env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{failure}: {result.stderr.strip()[-500:]}")
    return elapsed, result.stdout


def first_and_reopen(run: Callable[[dict[str, str]], tuple[float, str]],
                     check: Callable[[str, str], None], repeat: int) -> tuple[float, float]:
    """Best times of ``run`` in an empty data dir (first) and again in the same dir (reopen).

    ``check(first_output, reopen_output)`` exits if the reopen did not give the same result.
    """
    firsts, reopens = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, **{f"CUBATUI_{d}_DIR": str(Path(home) / d.lower())
                                      for d in ("DATA", "CONFIG", "CACHE")})
            first, first_out = run(env)
            reopen, reopen_out = run(env)
            check(first_out, reopen_out)
            firsts.append(first)
            reopens.append(reopen)
    return min(firsts), min(reopens)


def report_ratio(first_label: str, reopen_label: str, first: float, reopen: float, target: float,
                 repeat: int) -> int:
    """Prints both times and their ratio; the exit code is 0 when the ratio meets ``target``."""
    ratio = reopen / first
    print(f"{first_label}: {first:.3f} s   {reopen_label}: {reopen:.3f} s   "
          f"ratio {ratio:.3f} (target <= {target})  [best of {repeat}]")
    return 0 if ratio <= target else 1
