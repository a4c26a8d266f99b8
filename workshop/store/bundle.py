"""Reading a JSON bundle (the notebook's portable copy) into the notebook: all of it or nothing."""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NoReturn

from workshop.export.bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from workshop.records import record_fields
from workshop.store.errors import NotebookError
from workshop.store.field_times import read_times
from workshop.store.files import refuse_special_file
from workshop.store.fold import Source, future_limit, row_as_written
from workshop.store.notebook import Notebook, _shape
from workshop.store.schema import SCHEMA_VERSION
from workshop.store.sync import (
    ADDED_IN_VERSION_2,
    RECORD_BY_TABLE,
    TABLE_ORDER,
    FoldCounts,
    fold_in_source,
    record_from_plain,
)

# Far above a Congress's notes (a full notebook's bundle is a few megabytes), far below memory.
MAX_BUNDLE_BYTES = 256 * 2**20


CHUNK = 2**20  # read a megabyte at a time: a row never needs more than itself in memory
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Reader:
    """A bundle's JSON text read a piece at a time, as json.loads would read it whole."""

    def __init__(self, handle: BinaryIO, path: Path) -> None:
        self.handle = handle
        self.path = path
        self.decode = codecs.getincrementaldecoder("utf-8-sig")().decode  # a byte-order mark is not JSON
        self.text = ""
        self.at = 0  # where the next value starts in self.text
        self.lines = 0  # lines already dropped from self.text, for messages
        self.read = 0
        self.ended = False

    def _more(self) -> bool:
        """Read on; False at the end of the file. A value longer than the text held doubles it."""
        if self.ended:
            return False
        try:
            raw = self.handle.read(max(CHUNK, len(self.text) - self.at))
        except OSError as error:
            raise NotebookError(f"{self.path}: cannot be read ({error.strerror or error})") from None
        self.read += len(raw)
        if self.read > MAX_BUNDLE_BYTES:  # a file growing while it is read
            raise NotebookError(f"{self.path}: too big for a workshop bundle (more than {MAX_BUNDLE_BYTES // 2**20} MB)")
        try:
            fresh = self.decode(raw, final=not raw)
        except UnicodeDecodeError:
            raise NotebookError(f"{self.path}: not a workshop bundle (not UTF-8 text)") from None
        self.lines += self.text.count("\n", 0, self.at)
        self.text = self.text[self.at:] + fresh
        self.at = 0
        self.ended = not raw
        return True

    def peek(self) -> str:
        """The next character that is not white space, or "" at the end."""
        while True:
            char = self.text[self.at:self.at + 1]
            if char and char not in " \t\n\r":
                return char
            self.at = _SPACE.match(self.text, self.at).end()
            if self.at < len(self.text):
                return self.text[self.at]
            if not self._more():
                return ""

    def take(self, char: str) -> bool:
        if self.peek() == char:
            self.at += 1
            return True
        return False

    def value(self) -> object:
        """The next JSON value, whole."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.at)
            except json.JSONDecodeError as error:
                if self._more():  # cut off by the end of what was read, or wrong: reading on tells
                    continue
                self.refuse(self.lines + error.lineno)
            except RecursionError:
                if self._more():
                    continue
                self.refuse("?")
            if end == len(self.text) and self._more():
                continue  # a number may go on in the next piece
            self.at = end
            return value

    def expect(self, char: str) -> None:
        if not self.take(char):
            self.refuse()

    def refuse(self, line: object = None) -> NoReturn:
        if line is None:
            line = self.lines + self.text.count("\n", 0, self.at) + 1
        raise NotebookError(f"{self.path}: not a workshop bundle (invalid JSON at line {line})")

    def items(self, close: str) -> Iterator[None]:
        """Walk an object's members ("}") or an array's items ("]") just opened, one at a time."""
        if self.take(close):
            return
        while True:
            yield
            if self.take(","):
                continue
            self.expect(close)
            return

    def key(self) -> str:
        if self.peek() != '"':
            self.refuse()
        key = self.value()
        self.expect(":")
        return key


def read_bundle(path: Path, handle: BinaryIO, staging: _Staging) -> dict:
    """Read a bundle, its tables' rows handed to `staging` as they come, and check its envelope.

    Returns the envelope (the document without its tables). The first problem is named in the
    order a whole reading would find it: the JSON, the envelope, then the tables and their rows.
    """
    reader = _Reader(handle, path)
    envelope: dict = {}
    an_object = reader.peek() == "{"
    if not an_object:
        reader.value()  # refused once it is known to be JSON
    else:
        reader.expect("{")
        for _ in reader.items("}"):
            key = reader.key()
            if key == "tables" and reader.peek() == "{":
                reader.expect("{")
                staging.begin()  # a second "tables" replaces the first, as in json.loads
                for _ in reader.items("}"):
                    staging.table(reader.key(), reader)
                envelope[key] = {}
            else:
                envelope[key] = reader.value()
    if reader.peek():
        reader.refuse()  # more after the document
    if not an_object or envelope.get("format") != BUNDLE_FORMAT:
        raise NotebookError(f"{path}: not a workshop bundle (no \"format\": \"{BUNDLE_FORMAT}\")")
    version = envelope.get("version")
    if not _whole_number(version) or version != BUNDLE_VERSION:
        raise NotebookError(
            f"{path}: bundle version {version!r} is not supported (this workshop reads version {BUNDLE_VERSION})"
        )
    schema = envelope.get("schema_version", SCHEMA_VERSION)
    if not _whole_number(schema):  # 2.0 or "2" would slip past a comparison
        raise NotebookError(f"{path}: not a workshop bundle (schema_version {schema!r} is not a whole number)")
    if schema > SCHEMA_VERSION:
        raise NotebookError(
            f"{path}: written by a newer version of workshop (schema {schema}, this one reads up to "
            f"{SCHEMA_VERSION}); update workshop to import it"
        )
    if not isinstance(envelope.get("tables"), dict):
        raise NotebookError(f"{path}: the bundle has no \"tables\" object")
    staging.refuse_first_problem()
    return envelope


def open_bundle(path: Path) -> BinaryIO:
    """The bundle file, open for reading, once it is known to be a file of a bundle's size."""
    try:
        refuse_special_file(Path(path), "workshop bundle")
        handle = Path(path).open("rb")
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotebookError(f"{path}: is a folder, not a bundle") from None
    except OSError as error:
        raise NotebookError(f"{path}: cannot be read ({error.strerror or error})") from None
    if os.fstat(handle.fileno()).st_size > MAX_BUNDLE_BYTES:
        handle.close()
        raise NotebookError(f"{path}: too big for a workshop bundle (more than {MAX_BUNDLE_BYTES // 2**20} MB)")
    return handle


def _whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def import_bundle(notebook: Notebook, path: Path, *, backup_first: bool = False) -> FoldCounts:
    """Load a bundle file; a bad row refuses the whole file and nothing is imported.

    The rows go into temporary tables beside the notebook as they are read, and are folded in like
    a co-rapporteur's notebook: checked in SQL, any row SQL cannot vouch for checked in Python
    (which names the first problem), a bundle's draft never replacing the one here. With
    `backup_first`, a backup is made before the first change is committed, so that an import can
    be undone with `workshop restore`.
    """
    staging = _Staging(notebook.conn, path)
    try:
        with open_bundle(path) as handle:
            read_bundle(path, handle, staging)
        source = Source(STAGED, staging.columns(), str(path), prefix=PREFIX, as_written=True)
        return fold_in_source(notebook, source, TABLE_ORDER, backup_first=backup_first,
                              undone="nothing was imported", extra=staging.again)
    finally:
        staging.close()


# The bundle's rows are loaded into tables bundle_intervention... of a temporary database of their
# own: it goes with its file when detached, where dropping 100,000 temporary rows takes a while.
STAGED = "staged"
PREFIX = "bundle_"
_ODD = "\x00 not a plain value"  # staged for a value SQL must not take (a bool, an object): checked in Python
_LIST_OR_NONE = {list, type(None)}
WRITTEN = "written"  # the staged column holding a row's JSON where its staged values could not say it
GIVEN_ID = "given_id"  # the id a row was given, where it is text: rows of the same id are one row


class _Table:
    """What staging found in one table of the bundle: its first problems, its repeated rows."""

    def __init__(self) -> None:
        self.problem: str | None = None  # not a table of rows: refused before any row
        self.error: NotebookError | None = None  # the first row that cannot be read
        self.repeated_error: NotebookError | None = None  # the first bad row whose id came earlier
        self.staged = False


class _Staging:
    """Bundle rows loaded as they are read into temporary tables, rowid = position in the file."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.limit = future_limit()
        self.tables: dict[str, _Table] = {}
        self.again: dict[str, list] = {}  # rows whose id came earlier in the file, folded one by one after
        conn.execute(f"ATTACH DATABASE '' AS {STAGED}")
        conn.execute(f"PRAGMA {STAGED}.journal_mode = OFF")  # never rolled back: detached whole
        conn.execute(f"PRAGMA {STAGED}.synchronous = OFF")

    def close(self) -> None:
        self.conn.execute(f"DETACH DATABASE {STAGED}")

    def begin(self) -> None:
        self.drop()
        self.tables = {}
        self.again = {}

    def columns(self) -> dict[str, frozenset[str]]:
        return {table: frozenset(_names(table)) for table, state in self.tables.items() if state.staged}

    def drop(self) -> None:
        for table in self.tables:
            self.conn.execute(f"DROP TABLE IF EXISTS {STAGED}.[{PREFIX}{table}]")

    def refuse_first_problem(self) -> None:
        """Name the first problem as a whole reading would: tables first, then rows."""
        for table, state in self.tables.items():
            if state.problem:
                raise NotebookError(f"{self.path}: {state.problem}")
        for state in self.tables.values():
            if state.error or state.repeated_error:
                raise state.error or state.repeated_error

    def table(self, table: str, reader: _Reader) -> None:
        """Stage one table's rows as the reader comes to them."""
        if table in self.tables:  # named twice: the last one counts, in the first one's place
            self.conn.execute(f"DROP TABLE IF EXISTS {STAGED}.[{PREFIX}{table}]")
            self.again.pop(table, None)
        state = self.tables[table] = _Table()
        if table not in RECORD_BY_TABLE:
            state.problem = f"unknown table {table!r}"
        elif reader.peek() != "[":
            state.problem = f"table {table!r} must be a list of rows"
        if state.problem or any(s.problem for s in self.tables.values()):
            reader.value()  # refused whatever its rows are: read only to know the file is JSON
            return
        reader.expect("[")
        rows = (reader.value() for _ in reader.items("]"))
        self._stage(table, state, rows)
        state.staged = True

    def _stage(self, table: str, state: _Table, rows: Iterator[object]) -> None:
        cls = RECORD_BY_TABLE[table]
        names = _names(table)
        fields = {f.name for f in record_fields(cls)}
        lists = [f.name for f in record_fields(cls) if f.type.startswith("tuple")]
        scalars = [f.name for f in record_fields(cls) if f.name not in lists]
        required = fields - {name for t, name in ADDED_IN_VERSION_2 if t == table}
        where = f"{self.path}: {table} row"
        conn = self.conn
        conn.execute(f"DROP TABLE IF EXISTS {STAGED}.[{PREFIX}{table}]")
        staged_names = ", ".join(f"[{n}]" for n in (*names, WRITTEN, GIVEN_ID))
        conn.execute(f"CREATE TABLE {STAGED}.[{PREFIX}{table}] ({staged_names})")
        current: list = [0, None]  # the row being staged: position and row
        checking = []  # once SQLite has refused a row: the rest are only checked, in order

        def staged() -> Iterator[list]:
            for index, row in enumerate(rows, 1):
                if state.error:
                    continue  # read on: the rest must still be JSON
                if checking:
                    state.error = _problem(table, row, f"{where} {index}")
                    continue
                current[:] = index, row
                if not isinstance(row, dict):
                    state.error = _problem(table, row, f"{where} {index}")
                    continue
                values = [v if type(v) is str or v is None else _plain(v) for v in map(row.get, names)]
                # Kept as written where the staged values would not give the row back.
                plain = (_ODD not in values and fields <= row.keys() and list not in map(type, map(row.get, scalars))
                         and set(map(type, map(row.get, lists))) <= _LIST_OR_NONE)
                if not required <= row.keys():
                    values[0] = _ODD  # a missing field: Python names it
                key = row.get("id")
                yield [index, *values, None if plain else json.dumps(row), key if type(key) is str else None]

        insert = (f"INSERT INTO {STAGED}.[{PREFIX}{table}] (rowid, {staged_names}) "
                  f"VALUES ({', '.join('?' * (len(names) + 3))})")
        rows_staged = staged()
        try:
            conn.executemany(insert, rows_staged)
        except (UnicodeEncodeError, OverflowError, sqlite3.Error):
            # Text SQLite cannot hold (a lone surrogate): the row-by-row check names the row.
            state.error = self._first_bad_row(table, names, current)
            checking.append(True)
            for _ in rows_staged:
                pass
            state.error = state.error or NotebookError(f"{where}s cannot be read")
        if not state.error:
            self._set_repeated_aside(table, state, names)

    def _set_repeated_aside(self, table: str, state: _Table, names: list[str]) -> None:
        """Take out the rows whose id came earlier in the file: they are folded one by one after the others."""
        staged = f"{STAGED}.[{PREFIX}{table}]"
        repeated = self.conn.execute(
            f"SELECT rid, {', '.join(f'[{n}]' for n in names)}, [{WRITTEN}] FROM (SELECT rowid AS rid, *, "
            f"row_number() OVER (PARTITION BY [{GIVEN_ID}] ORDER BY rowid) AS nth FROM {staged} "
            # Only the ids given more than once are sorted with their rows: sorting every row
            # whole took 30 ms of an import's 200 for 10,000 interventions.
            f"WHERE [{GIVEN_ID}] IN (SELECT [{GIVEN_ID}] FROM {staged} GROUP BY [{GIVEN_ID}] HAVING count(*) > 1)) "
            "WHERE nth > 1 ORDER BY rid"
        ).fetchall()  # none in a bundle that workshop wrote
        again = self.again.setdefault(table, [])
        for index, *values, times, written in repeated:
            row = row_as_written(RECORD_BY_TABLE[table], values, written)
            try:
                record = record_from_plain(table, row, f"{self.path}: {table} row {index}", limit=self.limit)
            except NotebookError as error:
                state.repeated_error = error
                return
            times = row.get("field_times") if written is not None else times
            again.append((record, read_times(times, until=record.updated_at)))
        self.conn.executemany(f"DELETE FROM {staged} WHERE rowid = ?", [(index,) for index, *_ in repeated])

    def _first_bad_row(self, table: str, names: list[str], current: list) -> NotebookError | None:
        """The first row, in the file's order, that the check in Python refuses."""
        where = f"{self.path}: {table} row"
        cls = RECORD_BY_TABLE[table]
        staged = self.conn.execute(
            f"SELECT rowid, {', '.join(f'[{n}]' for n in names[:-1])}, [{WRITTEN}] FROM {STAGED}.[{PREFIX}{table}] "
            "ORDER BY rowid")
        for index, *values, written in staged:
            problem = _problem(table, row_as_written(cls, values, written), f"{where} {index}")
            if problem:
                return problem
        index, row = current
        return _problem(table, row, f"{where} {index}")


def _names(table: str) -> list[str]:
    return [*_shape(RECORD_BY_TABLE[table]).columns, "field_times"]


def _problem(table: str, row: object, where: str) -> NotebookError | None:
    """What the check in Python says of a row, or None."""
    try:
        record_from_plain(table, row, where)
    except NotebookError as error:
        return error
    return None


def _plain(value: object) -> object:
    """A JSON value as SQL may store it, or a mark that sends its row to the check in Python."""
    kind = type(value)
    if value is None or (kind is int and -(2**63) <= value < 2**63):
        return value
    if kind is float and math.isfinite(value):
        return value
    if kind is list:
        return _encode(value) if value else "[]"
    return _ODD


_encode = json.JSONEncoder(ensure_ascii=False).encode  # as the notebook writes its lists
