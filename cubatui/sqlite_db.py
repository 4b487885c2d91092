"""One SQLite file that the app and CLI commands share: the mechanism under every store.

WAL mode and a busy timeout, so processes take turns instead of failing; the schema
version in ``PRAGMA user_version``, with all pending migrations in one transaction; a
newer schema is refused and the file left exactly as it was. The file is the user's
work, so it is never deleted or overwritten: one that is not SQLite or fails
``PRAGMA integrity_check`` is moved aside as ``<name>.corrupt-<UTC timestamp>`` (with
its -wal/-shm/-journal files) and a fresh one is made; ``moved_aside`` says so.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Sequence, Union

BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"
SIDE_FILES = ("-wal", "-shm", "-journal")

# A migration step brings the schema from version i to i + 1: SQL (one or several
# statements) and/or Python functions given the connection, run in order.
MigrationPart = Union[str, Callable[[sqlite3.Connection], None]]
Migration = Union[MigrationPart, Sequence[MigrationPart]]


class SQLiteFileError(Exception):
    """The database cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class MovedAside:
    """The file was unreadable and was moved aside; a fresh one was made."""

    corrupt_path: Path
    moved_to: Path
    reason: str
    what: str = "database"

    @property
    def message(self) -> str:
        return (f"{self.what} {self.corrupt_path} was unreadable ({self.reason}); "
                f"moved it to {self.moved_to.name} and started a fresh one")


class SQLiteFile:
    """One connection shared by threads (behind one lock); every write one transaction.

    ``what`` names the file in messages ("notes database"); errors are raised as
    ``error`` so that each store keeps its own exception class."""

    def __init__(self, path: Path | str | Callable[[], Path], migrations: Sequence[Migration], what: str,
                 error: type[Exception] = SQLiteFileError) -> None:
        if callable(path):  # a locations function: it creates the data folder, which may fail
            try:
                path = path()
            except OSError as exc:  # e.g. CUBATUI_DATA_DIR names a file: one line, not a traceback
                raise error(f"{exc.filename or 'data folder'}: cannot create the data folder "
                            f"({exc.strerror or exc})") from exc
        self.path = Path(path)
        self.moved_aside: MovedAside | None = None
        self._migrations = tuple(migrations)
        self._what = what
        self._error = error
        self._lock = threading.RLock()  # the UI calls in from worker threads
        self._conn = self._open()

    @property
    def schema_version(self) -> int:
        return len(self._migrations)

    # -- opening, recovery, migrations ---------------------------------------
    def _open(self) -> sqlite3.Connection:
        problem = self._unreadable_reason()
        if problem is None:
            try:
                return self._connect_with_retry()
            except _Corrupt as exc:
                problem = str(exc)
        self.moved_aside = move_aside(self.path, problem, self._what, self._error)
        try:
            return self._connect_with_retry()
        except _Corrupt as exc:
            raise self._error(f"{self.path}: cannot create a fresh {self._what} ({exc})") from exc

    def _unreadable_reason(self) -> str | None:
        if self.path.is_dir():
            raise self._error(f"{self.path}: is a directory, not a {self._what}")
        try:
            with self.path.open("rb") as f:
                header = f.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise self._error(f"{self.path}: cannot read ({exc.strerror or exc})") from exc
        if header and header != SQLITE_HEADER:
            return "not an SQLite file"
        return None

    def _connect_with_retry(self) -> sqlite3.Connection:
        """Switching to WAL and the first migration need a lock that SQLite does not wait
        for, so when two processes open a new file at once one of them retries."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        delay = 0.01
        while True:
            try:
                return self._connect_and_migrate()
            except _Busy as exc:
                if time.monotonic() >= deadline:
                    raise self._error(f"{self.path}: {self._what} is busy ({exc})") from exc
                time.sleep(delay + random.uniform(0, delay))
                delay = min(delay * 2, 0.2)

    def _connect_and_migrate(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                   check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise self._error(f"{self.path}: cannot open {self._what} ({exc})") from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            check = conn.execute("PRAGMA integrity_check").fetchall()
            if check != [("ok",)]:
                raise _Corrupt("integrity check failed: " + "; ".join(str(r[0]) for r in check[:3]))
            conn.execute("PRAGMA foreign_keys = ON")
            # Migrate before switching to WAL, so that a file we refuse (a newer schema,
            # another program's database) is left exactly as it was.
            self._migrate(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a write that returned survives power loss too, not only a crash.
            conn.execute("PRAGMA synchronous = FULL")
            return conn
        except BaseException as exc:
            conn.close()
            if isinstance(exc, sqlite3.DatabaseError):
                raise self._classify(exc) from exc
            raise

    def _classify(self, exc: sqlite3.DatabaseError) -> Exception:
        """Only damage moves the file aside; a lock is retried; anything else (disk full,
        another program's tables) is an error that leaves the file alone."""
        text = str(exc).lower()
        if any(sign in text for sign in ("malformed", "not a database", "corrupt", "encrypted")):
            return _Corrupt(str(exc))
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
            return _Busy(str(exc))
        return self._error(f"{self.path}: cannot use {self._what} ({exc})")

    def _refuse_newer_schema(self, conn: sqlite3.Connection) -> int:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > self.schema_version:
            raise self._error(f"{self.path}: written by a newer cubatui ({self._what} schema {version}); "
                              "upgrade cubatui to use it")
        return version

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if self._refuse_newer_schema(conn) == self.schema_version:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = self._refuse_newer_schema(conn)
            for step in self._migrations[version:]:
                for part in (step,) if isinstance(step, str) or callable(step) else step:
                    if callable(part):
                        part(conn)
                    else:
                        for statement in split_statements(part):
                            conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {self.schema_version}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # -- using it --------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored, or none of it. IMMEDIATE takes the
        write lock up front so a second process waits (busy timeout) instead of failing
        halfway through."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise self._error(f"{self.path}: {self._what} is busy ({exc})") from exc
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:  # SQLite may have rolled back already (disk full, I/O error)
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise self._error(f"{self.path}: cannot save to the {self._what} ({exc})") from exc
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def split_statements(sql: str) -> list[str]:
    """The statements of an SQL script, split where SQLite sees a complete statement
    (a ';' inside a string literal does not split). ``executescript`` would commit."""
    statements, current = [], ""
    for piece in sql.split(";"):
        current += piece + ";"
        if sqlite3.complete_statement(current):
            if current.strip(" \t\r\n;"):
                statements.append(current.strip())
            current = ""
    if current.strip(" \t\r\n;"):
        statements.append(current.strip().rstrip(";"))
    return statements


def move_aside(path: Path, reason: str, what: str = "database",
               error: type[Exception] = SQLiteFileError) -> MovedAside:
    """Rename the unreadable file (and its side files) to ``<name>.corrupt-<UTC stamp>``,
    never over an earlier one."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.rename(target)
    except FileNotFoundError:
        pass  # another process moved it first
    except OSError as exc:
        raise error(f"{path}: unreadable ({reason}) and cannot be moved aside "
                    f"({exc.strerror or exc})") from exc
    for extra in SIDE_FILES:
        side = path.with_name(path.name + extra)
        if side.exists():
            try:
                side.rename(target.with_name(target.name + extra))
            except OSError:
                pass
    return MovedAside(path, target, reason, what)


class _Corrupt(Exception):
    pass


class _Busy(Exception):
    pass
