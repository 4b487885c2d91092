"""SQLite files made by hand for store tests (import as `from sqlite_files import ...`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def make_sqlite(path: Path, *statements: str) -> bytes:
    """A database at ``path`` as another program (or a newer cubatui) would leave it;
    returns its bytes, to check later that it was left untouched."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()
    return path.read_bytes()
