"""Startup benchmark: time until the article is on screen, cubatui vs a bare Textual app.

Each run is a fresh process (headless). The child writes the wall-clock time at which
its article widget is populated and painted (first refresh after ``on_ready``); the
parent subtracts the time it started the process. Both apps show the same article.
The cubatui app starts its real analysis worker (spaCy) as usual: it must not delay
the first paint. Prints medians and the ratio (target: <= 2x).

    python bench/startup.py [--runs 7] [ARTICLE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLE = ROOT / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"


def _report_and_exit(ok: bool) -> None:
    # os._exit: do not wait for the analysis thread or the app's shutdown.
    os.write(1, f"{time.time() if ok else -1.0}\n".encode())
    os._exit(0)


def child_cubatui(path: str) -> None:
    from cubatui.sources import load_source
    from cubatui.tui.app import CubatuiApp
    from cubatui.tui.widgets.article_view import ArticleParagraph

    class Timed(CubatuiApp):
        def on_ready(self) -> None:
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            paragraphs = self.query(ArticleParagraph)
            _report_and_exit(bool(paragraphs) and bool(str(paragraphs[0].render()).strip()))

    Timed(load_source(path)).run(headless=True, size=(120, 40))


def child_bare(path: str) -> None:
    from rich.text import Text
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.widgets import Static

    text = Path(path).read_text(encoding="utf-8")

    class Bare(App):
        def compose(self):
            with VerticalScroll():
                yield Static(Text(text), id="article")

        def on_ready(self) -> None:
            self.call_after_refresh(lambda: _report_and_exit(bool(str(self.query_one("#article").render()))))

    Bare().run(headless=True, size=(120, 40))


def measure(kind: str, article: str) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, __file__, "--child", kind, article],
                         capture_output=True, text=True, timeout=120, cwd=ROOT)
    try:
        ready = float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise SystemExit(f"{kind} child failed:\n{out.stdout}\n{out.stderr}")
    if ready < 0:
        raise SystemExit(f"{kind}: the article was not on screen at the first paint")
    return ready - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", nargs="?", default=str(DEFAULT_ARTICLE))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", choices=("cubatui", "bare"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "cubatui":
        return child_cubatui(args.article)
    if args.child == "bare":
        return child_bare(args.article)

    measure("bare", args.article)  # warm the OS file cache for both
    measure("cubatui", args.article)
    times: dict[str, list[float]] = {"bare": [], "cubatui": []}
    for _ in range(args.runs):  # alternate, so drift affects both alike
        for kind in times:
            times[kind].append(measure(kind, args.article))
    bare, cubatui = (statistics.median(times[k]) for k in ("bare", "cubatui"))
    print(f"article on screen, median of {args.runs} runs (process start -> first paint):")
    for kind in ("bare", "cubatui"):
        runs = ", ".join(f"{t * 1000:.0f}" for t in times[kind])
        print(f"  {kind:8s} {statistics.median(times[kind]) * 1000:7.0f} ms   [{runs}]")
    print(f"ratio cubatui/bare: {cubatui / bare:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
