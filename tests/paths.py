"""Paths the tests share (import as `from paths import ...`; conftest modules of
sub-folders would shadow `conftest`)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = ROOT / "assets" / "articles" / "000_0dd2ab8dae9d022f.txt"
SEED_GOLD = FIXTURES / "000_0dd2ab8dae9d022f.gold.json"
