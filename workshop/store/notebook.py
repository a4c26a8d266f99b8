"""The rapporteur's notebook: one SQLite file holding every session, read and written as records."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import cache, cached_property, lru_cache
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # loaded on first use of Notebook.db: start-up reads and writes without it
    from sqlite_utils import Database

from workshop.records import (
    DEFAULT_SPEAKING_LIMIT,
    Draft,
    Finding,
    Intervention,
    KeyPoint,
    QueueEntry,
    QuestionState,
    R,
    Record,
    Session,
    SessionRecord,
    Speaker,
    record_fields,
)
from workshop.store.errors import NotebookError
from workshop.store.field_times import read_times, stamp_changes, write_times
from workshop.store.files import (
    check_identity,
    check_notebook_file,
    damaged_message,
    describe_sqlite_error,
    ensure_folder,
    hold,
    integrity_problem,
    is_busy,
    is_corruption,
    keep_damaged_wal,
    reading_connection,
    release,
)
from workshop.store.schema import APPLICATION_ID, MIGRATION_SET, SCHEMA_VERSION, STEPS
from workshop.text import clean, one_line


NOTEBOOK_NAME = "notebook.db"
BUSY_TIMEOUT_S = 10.0  # how long a write waits for the other process before it says so
WRITE_RETRIES = 3
# Opening runs PRAGMA quick_check up to this size (about 0.1 s warm, 0.4 s cold for 100 MB, so
# a few milliseconds for a Congress's worth of notes); a bigger notebook is checked in full on
# each backup and by `workshop check` instead, off the start-up path.
QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024


def busy_timeout() -> float:
    """Seconds a write waits for another program's transaction: $WORKSHOP_BUSY_TIMEOUT or 10."""
    try:
        return max(0.0, float(os.environ.get("WORKSHOP_BUSY_TIMEOUT", BUSY_TIMEOUT_S)))
    except ValueError:
        return BUSY_TIMEOUT_S

# Text fields kept on one line (names, labels); every other text field keeps its newlines.
_ONE_LINE = {
    "topic", "meeting", "date", "venue", "chair", "rapporteur", "name", "delegation", "category",
    "regional_group", "gender", "kind", "state", "status", "title", "jurisdiction", "evidence",
    "question_ref", "ref",
}
_STAMPS = {"id", "created_at", "updated_at", "deleted_at"}  # written exactly as made


def now() -> str:
    """The current UTC time as ISO 8601 with microseconds, the notebook's one timestamp format."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def new_id() -> str:
    """A fresh UUID: keys never collide when two notebooks are merged."""
    return str(uuid.uuid4())


def notebook_path(home: Path) -> Path:
    """Where the notebook of a home folder lives."""
    return Path(home) / "sessions" / NOTEBOOK_NAME


def to_row(record: Record) -> dict:
    """A record as a table row: tuples become JSON arrays, text is cleaned."""
    return dict(zip(record._fields, _column_values(record)))


def _column_values(record: Record) -> list:
    """The values of a record's columns, in field order, as they are written to the file."""
    values = list(record)
    for i, write in _writers(type(record)):
        values[i] = write(values[i])
    return values


@cache
def _writers(cls: type[Record]) -> tuple[tuple[int, Callable[[object], object]], ...]:
    """Each column that is not written as it is: its position and what writes it (made once)."""
    plan = []
    for i, f in enumerate(record_fields(cls)):
        if f.type.startswith("tuple"):
            plan.append((i, _json_list))
        elif f.type.startswith("str") and f.name not in _STAMPS:
            plan.append((i, _one_line_text if f.name in _ONE_LINE else _clean_text))
    return tuple(plan)


_encode_json = json.JSONEncoder(ensure_ascii=False).encode  # made once: dumps() makes one a call


def _json_list(value: object) -> object:
    # References (W3.Q.b, ids) as a JSON array, one line each, cleaned like names.
    if not isinstance(value, tuple):
        return value
    return _encode_json([one_line(v) if isinstance(v, str) else v for v in value])


def _clean_text(value: object) -> object:
    return clean(value) if value and isinstance(value, str) else value


def _one_line_text(value: object) -> object:
    return one_line(value) if value and isinstance(value, str) else value


def from_row(cls: type[R], row: dict) -> R:
    """A table row as a record of type `cls`."""
    return _record(cls, [row.get(name) for name in _shape(cls).columns])


class _Shape(NamedTuple):
    """How one record type sits in its table, worked out once: reading 100,000 rows stays cheap."""

    columns: tuple[str, ...]
    select: str  # SELECT of every column, in field order
    select_stamped: str  # the same and the row's field times, of one row by id
    insert: str  # INSERT of every column, for a new record
    upsert: str  # the same, updating the row when its id is already there (field times unknown)
    stamped: str  # INSERT or update of every column and the row's field times
    tuples: tuple[int, ...]  # positions of tuple fields (JSON arrays in the file)
    defaults: tuple[tuple[int, object], ...]  # positions where NULL reads as the field's default


@cache
def _shape(cls: type[Record]) -> _Shape:
    found = record_fields(cls)
    columns = tuple(f.name for f in found)
    names = ", ".join(f"[{c}]" for c in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
    insert = f"INSERT INTO [{cls.table}] ({names}) VALUES ({', '.join('?' * len(columns))})"
    stamped = (
        f"INSERT INTO [{cls.table}] ({names}, [field_times]) VALUES ({', '.join('?' * (len(columns) + 1))}) "
        f"ON CONFLICT([id]) DO UPDATE SET {updates}, [field_times] = excluded.[field_times]"
    )
    tuples = tuple(i for i, f in enumerate(found) if f.type.startswith("tuple"))
    defaults = tuple(
        (i, f.default) for i, f in enumerate(found)
        if i not in tuples and f.has_default and f.default is not None and not f.type.endswith("None")
    )
    return _Shape(
        columns=columns,
        select=f"SELECT {names} FROM [{cls.table}]",
        select_stamped=f"SELECT {names}, [field_times] FROM [{cls.table}] WHERE id = ?",
        insert=insert,
        # A row replaced as it is: which of its fields changed is not known any more.
        upsert=f"{insert} ON CONFLICT([id]) DO UPDATE SET {updates}, [field_times] = NULL",
        stamped=stamped,
        tuples=tuples,
        defaults=defaults,
    )


@lru_cache(maxsize=4096)
def _json_tuple(text: str) -> tuple:
    # The same few lists of question references come back on thousands of rows.
    return tuple(json.loads(text))


def _record(cls: type[R], values: list | tuple) -> R:
    """A record from its column values in field order."""
    return _reader(cls)(values)


@cache
def _reader(cls: type[R]) -> Callable[[list | tuple], R]:
    """The function that makes records of one type from column values, made once per type."""
    shape = _shape(cls)
    tuples, defaults = shape.tuples, shape.defaults
    positions = [i for i, _ in defaults]
    if len(positions) > 1:
        may_be_null = itemgetter(*positions)
    else:  # itemgetter of one position returns the value itself, not a tuple
        def may_be_null(values: list | tuple) -> tuple:
            return tuple(values[i] for i in positions)

    def make(values: list | tuple) -> R:
        if tuples or (defaults and None in may_be_null(values)):
            values = list(values)
            for i in tuples:
                values[i] = _json_tuple(values[i]) if values[i] else ()
            for i, default in defaults:
                if values[i] is None:
                    values[i] = default
        return cls(*values)

    return make


class Health:
    """What the integrity checks found, shared by a notebook's connections."""

    def __init__(self) -> None:
        self.damaged: str | None = None  # why the notebook is no longer written to


class Notebook:
    """An open notebook file. Every method that writes has committed when it returns."""

    def __init__(
        self, path: Path, *, migrate: bool = True, verify: bool = True, timeout: float | None = None,
        health: Health | None = None, check_in_background: bool = False, read_only: bool = False,
        check_wal: bool = True,
    ) -> None:
        self.path = Path(path)
        self._writable = not read_only
        self.started_new = False  # set by `open` when it made the file
        self.read_only = read_only  # opened by a command that only reads: never written, not even migrated
        self._timeout = busy_timeout() if timeout is None else timeout
        # Shared with the connections made by `reopen()`: one failed check stops every writer.
        self._health = health or Health()
        self._check: threading.Thread | None = None  # the quick check running beside start-up
        self._check_problem: str | None = None
        self._check_in_background = check_in_background
        check_notebook_file(self.path, writing=not read_only)
        # A -wal that will not replay in full is copied aside before SQLite may reuse it.
        self.notice = keep_damaged_wal(self.path, required=not read_only) if check_wal else None
        deadline = time.monotonic() + self._timeout
        for attempt in range(WRITE_RETRIES):
            try:
                if read_only:
                    self._connect_reading(verify=verify)
                else:
                    self._connect(migrate=migrate, verify=verify, timeout=timeout)
                return
            except sqlite3.OperationalError as error:
                # Opening while the other process checkpoints or recovers the WAL can report
                # "locked" without waiting for the busy timeout: try again before saying so.
                if not is_busy(error) or attempt == WRITE_RETRIES - 1 or time.monotonic() >= deadline:
                    raise NotebookError(describe_sqlite_error(self.path, error)) from None
                time.sleep(0.1 * (attempt + 1))
            except sqlite3.DatabaseError as error:
                raise NotebookError(describe_sqlite_error(self.path, error)) from None

    def _connect(self, *, migrate: bool, verify: bool, timeout: float | None) -> None:
        conn = sqlite3.connect(
            self.path, timeout=busy_timeout() if timeout is None else timeout, isolation_level=None
        )
        self.conn = conn
        self._held = hold(self.path)
        try:
            self._configure(verify=verify)
            if migrate:
                self._migrate()
        except BaseException:
            conn.close()  # so that no -wal or -shm is left beside a file that was refused
            release(self._held)
            raise

    def _connect_reading(self, *, verify: bool) -> None:
        """A connection that never writes the file; a schema to bring up to date is, in memory."""
        conn, _ = reading_connection(self.path)
        self.conn = conn
        self._held = hold(self.path)
        self._writable = True  # the steps below may migrate a copy in memory
        try:
            check_identity(self.path, conn, empty_ok=True)
            if verify and self.path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
                problem = integrity_problem(conn, quick=True)
                if problem:
                    raise NotebookError(damaged_message(self.path, problem))
            if self._needs_migrating():
                memory = sqlite3.connect(":memory:", isolation_level=None)
                conn.backup(memory)
                conn.close()
                self.conn = memory
                self._migrate()
        except BaseException:
            self.conn.close()
            release(self._held)
            raise
        self._writable = False

    @classmethod
    def for_reading(cls, home: Path) -> Notebook:
        """Open the notebook of a home folder to read only; NotebookError if there is none there."""
        path = notebook_path(home)
        if not path.exists() and not path.is_symlink():
            where = Path(home) if Path(home).is_dir() else f"{home} (no such folder)"
            raise NotebookError(f"there is no notebook in {where}: check --home (or $WORKSHOP_HOME)")
        return cls(path, read_only=True)

    @classmethod
    def open(cls, home: Path, *, check_in_background: bool = False) -> Notebook:
        """Open (creating if needed) the notebook of a home folder.

        With `check_in_background` the integrity check of opening runs on another thread (SQLite
        works without the GIL) while the caller goes on: the app loads its first screen meanwhile.
        Call `wait_for_check` before the first read; writes wait for it themselves.
        """
        home = Path(home)
        ensure_folder(home / "sessions")
        path = notebook_path(home)
        fresh = not path.exists() and not path.is_symlink()
        notebook = cls(path, check_in_background=check_in_background)
        notebook.started_new = fresh
        return notebook

    def wait_for_check(self) -> None:
        """Wait for the integrity check begun at opening; NotebookError if it found damage."""
        check, self._check = self._check, None
        if check is not None:
            check.join()
        if self._check_problem:
            self.damaged = damaged_message(self.path, self._check_problem)
        if self.damaged:
            raise NotebookError(self.damaged)

    def _check_beside(self) -> None:
        """Start PRAGMA quick_check on a connection of its own, in a thread."""

        def run() -> None:
            try:
                conn = sqlite3.connect(self.path, timeout=busy_timeout())
                try:
                    self._check_problem = integrity_problem(conn, quick=True)
                finally:
                    conn.close()
            except sqlite3.Error as error:
                self._check_problem = str(error)

        self._check = threading.Thread(target=run, name="notebook-check", daemon=True)
        self._check.start()

    def reopen(self) -> Notebook:
        """A second connection to the same file, for a worker thread."""
        # The -wal was checked when this process opened the notebook; since then it is live.
        return Notebook(self.path, migrate=False, verify=False, health=self._health, check_wal=False)

    @property
    def damaged(self) -> str | None:
        """Why this notebook is no longer written to (a failed integrity check), or None."""
        return self._health.damaged

    @damaged.setter
    def damaged(self, message: str | None) -> None:
        self._health.damaged = message

    def close(self) -> None:
        """Close the connection; the WAL is checkpointed by SQLite."""
        if self._check is not None:  # let the check finish with the file
            self._check.join()
        self.conn.close()
        release(self._held)

    @cached_property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database, for migrations, import and merge.

        Made on first use: the app's start-up and its everyday reads and writes go through the
        connection itself, and never wait for sqlite-utils to load.
        """
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    def __enter__(self) -> Notebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- file set-up -------------------------------------------------------------------------

    def _configure(self, *, verify: bool) -> None:
        """Refuse a foreign, newer or damaged file; then WAL, a full sync at each commit, foreign keys."""
        conn = self.conn
        check_identity(self.path, conn, empty_ok=True)
        if verify and self.path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
            # In the background only when opening will not write: a file that needs migrating
            # is checked first, so that nothing is ever written to a damaged notebook.
            if self._check_in_background and not self._needs_migrating():
                self._check_beside()
            else:
                problem = integrity_problem(conn, quick=True)
                if problem:
                    raise NotebookError(damaged_message(self.path, problem))
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = wal")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")

    def _needs_migrating(self) -> bool:
        """True when opening will change the schema (a new file, or one made by an older version)."""
        return self.schema_version() != SCHEMA_VERSION or bool(self._pending_steps())

    def _migrate(self) -> None:
        """Bring the schema up to date and stamp the file as a workshop notebook."""
        if not self._needs_migrating():
            return
        from workshop.store.schema import migrations

        # One transaction, asked again under the write lock: a second process opening a new
        # notebook at the same moment waits here, then finds the tables made, and a kill
        # midway leaves no half-made schema.
        with self.write():
            if self.schema_version() != SCHEMA_VERSION or migrations.pending(self.db):
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                migrations.apply(self.db)

    def _pending_steps(self) -> list[str]:
        """Migrations not yet recorded in the file, read without loading sqlite-utils."""
        try:
            applied = {name for (name,) in self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )}
        except sqlite3.OperationalError:  # no migration has ever run here
            applied = set()
        return [step.__name__ for step in STEPS if step.__name__ not in applied]

    def schema_version(self) -> int:
        """The file's PRAGMA user_version."""
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def write(self) -> Iterator[Database]:
        """One write transaction, taken at once so that two processes queue instead of failing."""
        with self._transaction():
            yield self.db

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """The transaction of `write`, for the store's own writes through the connection."""
        conn = self.conn
        if self._check is not None:
            self.wait_for_check()
        if self.damaged:
            raise NotebookError(self.damaged)
        if not self._writable:
            raise NotebookError(f"{self.path}: the notebook was opened for reading only; nothing was saved")
        if conn.in_transaction:  # nested: the outer transaction commits
            yield
            return
        # Each try waits up to the busy timeout: tries after the first are for the "locked"
        # SQLite reports at once during a checkpoint, never a second full wait.
        deadline = time.monotonic() + self._timeout
        for attempt in range(WRITE_RETRIES):
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if not is_busy(error):
                    raise NotebookError(describe_sqlite_error(self.path, error)) from None
                if attempt == WRITE_RETRIES - 1 or time.monotonic() >= deadline:
                    raise NotebookError(
                        f"{self.path}: the notebook is busy in another program; nothing was "
                        "saved, try again"
                    ) from None
                time.sleep(0.05 * (attempt + 1))
        try:
            yield
            conn.execute("COMMIT")
        except BaseException as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.DatabaseError):
                message = describe_sqlite_error(self.path, error)
                if is_corruption(error):
                    self.damaged = message
                raise NotebookError(message) from None
            raise

    @contextmanager
    def together(self) -> Iterator[None]:
        """Several writes in one transaction: all of them land, or none does."""
        with self._transaction():
            yield

    # --- generic record access ---------------------------------------------------------------

    def put(self, record: R) -> R:
        """Insert or replace a record as it is; which of its fields changed when is forgotten."""
        return self._write(_shape(type(record)).upsert, record)

    def _add(self, record: R) -> R:
        """Write a record made with a new id, stamped now."""
        stamp = now()
        # A plain INSERT: the id is new, and SQLite prepares no update (nor its full-text
        # triggers) for a conflict that cannot happen.
        record = record._replace(created_at=stamp, updated_at=stamp)
        return self._write(_shape(type(record)).insert, record)

    def _write(self, sql: str, record: R) -> R:
        values = _column_values(record)
        with self._transaction():
            self.conn.execute(sql, values)
        return record

    def update(self, record: R, **changes: object) -> R:
        """Save changed fields of a record, stamping `updated_at` and the time of each field changed."""
        changed = record._replace(**changes, updated_at=now())
        cls = type(record)
        with self._transaction():
            row = self.conn.execute(_shape(cls).select_stamped, [record.id]).fetchone()
            # Compared as stored: text that cleaning leaves the same is not a change.
            after = _record(cls, _column_values(changed))
            if row is None:
                times = {}
            else:
                times = stamp_changes(_record(cls, row[:-1]), read_times(row[-1]), after)
            self.conn.execute(_shape(cls).stamped, [*_column_values(changed), write_times(times)])
        return changed

    def delete(self, record: R) -> R:
        """Soft-delete a record: it disappears from lists but can be brought back."""
        return self.update(record, deleted_at=now())

    def undelete(self, record: R) -> R:
        """Bring back a soft-deleted record."""
        return self.update(record, deleted_at=None)

    def get(self, cls: type[R], record_id: str) -> R | None:
        """One record by id, deleted or not."""
        row = self.conn.execute(_shape(cls).select + " WHERE id = ?", [record_id]).fetchone()
        return _record(cls, row) if row else None

    def rows(
        self, cls: type[R], where: str = "", args: list | None = None, *,
        order_by: str = "created_at", include_deleted: bool = False, limit: int | None = None,
    ) -> list[R]:
        """Records of one table, oldest first unless `order_by` says otherwise; at most `limit`."""
        clauses = [where] if where else []
        if not include_deleted:
            clauses.append("deleted_at IS NULL")
        sql = _shape(cls).select
        if clauses:
            sql += " WHERE " + " AND ".join(f"({c})" for c in clauses)
        if order_by:
            sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        make = _reader(cls)
        return [make(row) for row in self.conn.execute(sql, args or [])]

    # --- sessions ----------------------------------------------------------------------------

    def create_session(
        self, topic: str, *, meeting: str = "", date: str = "", venue: str = "", chair: str = "",
        rapporteur: str = "", panellists: str = "", speaking_limit: int = DEFAULT_SPEAKING_LIMIT,
        **proceedings: object,
    ) -> Session:
        """Start a new session of a topic; `proceedings` are the report's fields (body, meetings...)."""
        return self._add(Session(
            id=new_id(), topic=topic, meeting=meeting, date=date, venue=venue, chair=chair,
            rapporteur=rapporteur, panellists=panellists, speaking_limit=speaking_limit,
            **proceedings,  # type: ignore[arg-type]
        ))

    def sessions(self, *, include_deleted: bool = False) -> list[Session]:
        """Every session, by date then creation."""
        return self.rows(Session, order_by="date, created_at", include_deleted=include_deleted)

    def find_sessions(self, target: str) -> list[Session]:
        """Sessions named by an id, a unique id prefix or a topic key."""
        target = target.strip()
        by_topic = self.rows(Session, "topic = ?", [target.upper()], order_by="date, created_at")
        if by_topic:
            return by_topic
        matches = self.rows(Session, "id LIKE ? ESCAPE '\\'", [_like_prefix(target)])
        return matches if target else []

    def intervention_counts(self) -> dict[str, int]:
        """Interventions recorded per session id (deleted ones left out)."""
        # All rows counted from the session index alone, less the few deleted ones found through
        # theirs: asking for the live rows directly read every row of the table (0.1 s at 100,000).
        counts = dict(self.conn.execute("SELECT session_id, count(*) FROM intervention GROUP BY session_id"))
        for session_id, deleted in self.conn.execute(
            "SELECT session_id, count(*) FROM intervention INDEXED BY idx_intervention_deleted "
            "WHERE deleted_at IS NOT NULL GROUP BY session_id"
        ):
            counts[session_id] -= deleted
        return {session_id: count for session_id, count in counts.items() if count}

    # --- speakers and the list of speakers ----------------------------------------------------

    def add_speaker(
        self, name: str, *, delegation: str = "", category: str = "other",
        regional_group: str = "", gender: str = "",
    ) -> Speaker:
        """Add a speaker to the notebook's shared list."""
        return self._add(Speaker(
            id=new_id(), name=name, delegation=delegation, category=category,
            regional_group=regional_group, gender=gender,
        ))

    def speakers(self) -> list[Speaker]:
        """Every speaker known to the notebook, by name."""
        return self.rows(Speaker, order_by="name COLLATE NOCASE")

    def speaker_named(self, name: str) -> Speaker | None:
        """The speaker with exactly this name (case-insensitive), if any."""
        found = self.rows(Speaker, "name = ? COLLATE NOCASE", [one_line(name)])
        return found[0] if found else None

    def enqueue(self, session_id: str, speaker_id: str, kind: str = "statement") -> QueueEntry:
        """Put a speaker on the list; a point of order goes to the top."""
        waiting = self.queue(session_id)
        positions = [e.position for e in waiting if e.state == "waiting"] or [0.0]
        position = min(positions) - 1 if kind == "point of order" else max(positions) + 1
        return self._add(QueueEntry(
            id=new_id(), session_id=session_id, speaker_id=speaker_id, position=position, kind=kind,
        ))

    def queue(self, session_id: str) -> list[QueueEntry]:
        """The speaker who has the floor, then those waiting, in order."""
        return self.rows(
            QueueEntry, "session_id = ? AND state IN ('speaking', 'waiting')", [session_id],
            order_by="state = 'waiting', position",
        )

    def move_entry(self, entry: QueueEntry, offset: int) -> QueueEntry:
        """Move a waiting entry up (negative offset) or down the list."""
        waiting = [e for e in self.queue(entry.session_id) if e.state == "waiting"]
        ids = [e.id for e in waiting]
        if entry.id not in ids:
            return entry
        index = max(0, min(len(waiting) - 1, ids.index(entry.id) + offset))
        others = [e for e in waiting if e.id != entry.id]
        others.insert(index, entry)
        with self._transaction():
            for position, item in enumerate(others):
                if item.position != position:
                    moved = self.update(item, position=float(position))
                    if item.id == entry.id:
                        entry = moved
        return entry

    # --- what was said -----------------------------------------------------------------------

    def record_intervention(
        self, session_id: str, speaker_id: str, text: str, *, question_refs: tuple[str, ...] = (),
        started_at: str = "", ended_at: str = "", seconds: int = 0, kind: str = "statement",
    ) -> Intervention:
        """Commit one intervention."""
        return self._add(Intervention(
            id=new_id(), session_id=session_id, speaker_id=speaker_id,
            question_refs=tuple(question_refs), started_at=started_at, ended_at=ended_at,
            seconds=int(seconds), text=text, kind=kind,
        ))

    def interventions(self, session_id: str) -> list[Intervention]:
        """A session's interventions in the order they were made."""
        return self.rows(Intervention, "session_id = ?", [session_id], order_by="started_at, created_at")

    def add_finding(
        self, session_id: str, kind: str, title: str, *, text: str = "", jurisdiction: str = "",
        evidence: str = "", question_ref: str = "", intervention_id: str | None = None,
    ) -> Finding:
        """Record a good practice, challenge, recommendation or lesson learned."""
        position = len(self.findings(session_id)) + 1.0
        return self._add(Finding(
            id=new_id(), session_id=session_id, kind=kind, title=title, text=text,
            jurisdiction=jurisdiction, evidence=evidence, question_ref=question_ref,
            intervention_id=intervention_id or None, position=position,
        ))

    def findings(self, session_id: str) -> list[Finding]:
        """A session's findings in the rapporteur's order."""
        return self.rows(Finding, "session_id = ?", [session_id], order_by="position, created_at")

    def add_key_point(
        self, session_id: str, question_ref: str, predicate: str,
        intervention_ids: tuple[str, ...] = (),
    ) -> KeyPoint:
        """Write a key point of the deliberations on one question."""
        position = len(self.key_points(session_id)) + 1.0
        return self._add(KeyPoint(
            id=new_id(), session_id=session_id, question_ref=question_ref, predicate=predicate,
            intervention_ids=tuple(intervention_ids), position=position,
        ))

    def key_points(self, session_id: str) -> list[KeyPoint]:
        """A session's key points in the rapporteur's order."""
        return self.rows(KeyPoint, "session_id = ?", [session_id], order_by="position, created_at")

    def question_states(self, session_id: str) -> dict[str, QuestionState]:
        """Where each question of a session stands, by reference."""
        return {s.ref: s for s in self.rows(QuestionState, "session_id = ?", [session_id])}

    def set_question_state(
        self, session_id: str, ref: str, *, status: str | None = None, synthesis: str | None = None,
    ) -> QuestionState:
        """Change a question's status or synthesis, creating its row on first use."""
        current = self.question_states(session_id).get(ref)
        changes = {k: v for k, v in (("status", status), ("synthesis", synthesis)) if v is not None}
        if current is None:
            return self._add(QuestionState(id=new_id(), session_id=session_id, ref=ref, **changes))
        return self.update(current, **changes)

    def session_record(self, session_id: str) -> SessionRecord:
        """Everything recorded in one session, for the exporters and statistics."""
        session = self.get(Session, session_id)
        if session is None:
            raise NotebookError(f"no session with id {session_id}")
        interventions = self.interventions(session_id)
        # Only the speakers heard here (deleted ones too), not the whole shared list each time.
        heard = self.rows(
            Speaker, "id IN (SELECT speaker_id FROM intervention WHERE session_id = ? AND deleted_at IS NULL)",
            [session_id], include_deleted=True,
        )
        speakers = {s.id: s for s in heard}
        return SessionRecord(
            session=session,
            speakers=speakers,
            interventions=tuple(interventions),
            findings=tuple(self.findings(session_id)),
            key_points=tuple(self.key_points(session_id)),
            question_states=tuple(self.question_states(session_id).values()),
        )

    # --- drafts ------------------------------------------------------------------------------

    def save_draft(
        self, session_id: str, text: str, *, speaker_id: str | None = None,
        question_refs: tuple[str, ...] = (), started_at: str = "",
    ) -> Draft:
        """Keep the note being typed; one draft per session, replaced at each save."""
        current = self.draft(session_id)
        draft = Draft(
            id=current.id if current else new_id(), session_id=session_id, speaker_id=speaker_id,
            question_refs=tuple(question_refs), started_at=started_at, text=text,
            created_at=current.created_at if current else now(), updated_at=now(),
        )
        return self.put(draft)

    def draft(self, session_id: str) -> Draft | None:
        """The unsaved note of a session, if one is waiting."""
        found = self.rows(Draft, "session_id = ?", [session_id])
        return found[0] if found else None

    def drafts(self) -> list[Draft]:
        """Every unsaved note with text in it, newest first (offered back after a crash)."""
        return [d for d in self.rows(Draft, order_by="updated_at DESC") if d.text.strip()]

    def clear_draft(self, session_id: str) -> None:
        """Forget a session's draft once its text is committed or discarded."""
        with self._transaction():
            self.conn.execute("DELETE FROM draft WHERE session_id = ?", [session_id])


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
