"""Layering and crash safety: the domain never loads the UI or spaCy; plain files
never load the web stack; a writer killed mid-transaction leaves a whole store."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cubatui import locations

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> set[str]:
    probe = code + "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=dict(os.environ), cwd=ROOT, timeout=60, check=True)
    return set(result.stdout.split())


def test_sources_and_library_import_neither_textual_nor_spacy():
    loaded = _loaded_after("import cubatui.sources, cubatui.sources.web, cubatui.sources.html, "
                           "cubatui.sources.feeds, cubatui.library, cubatui.library.cache, cubatui.library.feeds")
    assert not loaded & {"textual", "spacy", "thinc"}


def test_a_text_file_loads_without_the_web_stack():
    seed = ROOT / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"
    loaded = _loaded_after(f"from cubatui.sources import load_source; load_source({str(seed)!r})")
    assert not loaded & {"httpx", "trafilatura", "feedparser", "lxml", "textual", "spacy"}


WRITER = """
import sys
from cubatui.library import Library
from cubatui.model import Analysis, Article, Generator, Span
lib = Library()
n = 0
while True:
    text = f"article {n} " + "filler words " * 40000
    lib.store_analysis(Analysis(Article(text, f"t{n}"), Generator(), (Span(0, len(text)),)), "k")
    n += 1
    print(n, flush=True)
"""


def test_writer_killed_by_sigkill_leaves_whole_transactions():
    child = subprocess.Popen([sys.executable, "-c", WRITER], stdout=subprocess.PIPE, text=True,
                             env=dict(os.environ), cwd=ROOT)
    try:
        for _ in range(3):  # let a few transactions commit, then kill it mid-way through the next
            assert child.stdout.readline(), "the writer died early"
        time.sleep(0.01)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    conn = sqlite3.connect(locations.library_db())
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    analysed = conn.execute("SELECT count(DISTINCT sha256) FROM analyses").fetchone()[0]
    assert articles >= 3 and articles == analysed  # never an article without its analysis
    conn.close()
