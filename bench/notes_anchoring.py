"""How much slower re-anchoring is when the article text changed (fuzzy path) than
when it did not (exact path), on the bundled article. Prints ratios, not seconds:
    python bench/notes_anchoring.py
"""

from __future__ import annotations

import random
import time

from cubatui import locations
from cubatui.notes.anchoring import make_selectors, reanchor
from cubatui.notes.model import Note
from cubatui.sources import load_source


def main(n_notes: int = 200) -> None:
    text = load_source(str(locations.default_article())).text
    rng = random.Random(7)
    notes = []
    for i in range(n_notes):
        start = rng.randrange(0, len(text) - 200)
        quote, position = make_selectors(text, start, start + rng.randrange(10, 200))
        notes.append(Note(str(i), "", "passage", "", None, "b", (), quote, position, "", ""))
    moved = "A new first paragraph.\n" + text
    edited = "A new first paragraph.\n" + "".join(c if k % 50 else "X" for k, c in enumerate(text))

    def timed(target: str) -> tuple[float, dict[str, int]]:
        t0 = time.perf_counter()
        placed = [reanchor(target, n) for n in notes]
        counts: dict[str, int] = {}
        for p in placed:
            counts[p.how] = counts.get(p.how, 0) + 1
        return time.perf_counter() - t0, counts

    base, base_counts = timed(text)
    for label, target in (("inserted before (moved)", moved), ("edited inside (fuzzy)", edited)):
        took, counts = timed(target)
        print(f"{label:<26} {took / base:8.1f}x the exact path   {counts}")
    print(f"baseline (exact)           {base_counts}")


if __name__ == "__main__":
    main()
