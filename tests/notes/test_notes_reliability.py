"""Crash and concurrency behaviour of the notes store, with real processes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

from cubatui import locations
from cubatui.model import Article
from cubatui.notes.store import NoteStore

ARTICLE_TEXT = "A short article for notes. " * 40

WRITER = textwrap.dedent("""
    import sys, time
    from cubatui.model import Article
    from cubatui.notes.store import NoteStore

    count, start_at, tag = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
    article = Article(text=%r, title="t", source="shared.txt")
    time.sleep(max(0.0, start_at - time.time()))
    store = NoteStore()  # opening a new store at the same moment is part of the race
    for i in range(count):
        note = store.add(article, "passage", i %% 500, i %% 500 + 20, f"{tag} note {i} " + "x" * 300,
                         tags=(tag,))
        print(note.id, flush=True)  # printed only once the save has returned
    store.close()
""") % ARTICLE_TEXT


def _writer(count: int, start_at: float, tag: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(count), str(start_at), tag],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_writer_killed_mid_burst_loses_no_returned_save(tmp_path):
    proc = _writer(100_000, 0.0, "burst")
    saved: list[str] = []
    assert proc.stdout is not None
    while len(saved) < 150:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "writer died"
        saved.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    # Saves that returned after we stopped counting, before the kill landed, count too.
    rest, _ = proc.communicate(timeout=30)
    saved += [line.strip() for line in rest.splitlines() if line.strip()]
    assert proc.returncode == -signal.SIGKILL

    path = locations.notes_db()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with NoteStore() as store:
        assert store.recovered is None
        stored = {n.id for n in store.all_notes()}
    assert set(saved) <= stored
    assert len(stored) - len(saved) <= 1  # at most the save in flight when killed


def test_two_processes_saving_at_once_both_succeed():
    per_process = 60
    start_at = time.time() + 1.5  # both start writing together, after their imports
    procs = [_writer(per_process, start_at, tag) for tag in ("left", "right")]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert len(out.split()) == per_process
    with NoteStore() as store:
        notes = store.all_notes()
        assert store.recovered is None
    assert sorted(t for n in notes for t in n.tags) == ["left"] * per_process + ["right"] * per_process
    article = Article(text=ARTICLE_TEXT, title="t", source="shared.txt")
    with NoteStore() as store:
        assert len(store.notes_for(article)) == 2 * per_process
