"""Reading a JSON bundle (the notebook's portable copy) into the notebook: all of it or nothing."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

from workshop.export.bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from workshop.records import record_fields
from workshop.store.errors import NotebookError
from workshop.store.field_times import read_times
from workshop.store.files import refuse_special_file
from workshop.store.fold import Source, future_limit
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


def read_bundle(path: Path) -> dict:
    """Parse a bundle file and check its envelope, naming the first problem."""
    try:
        refuse_special_file(Path(path), "workshop bundle")
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_BUNDLE_BYTES + 1)  # bounded: /dev/zero or a huge file is never read whole
        if len(raw) > MAX_BUNDLE_BYTES:
            raise NotebookError(f"{path}: too big for a workshop bundle (more than {MAX_BUNDLE_BYTES // 2**20} MB)")
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors save, is not part of the JSON
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise NotebookError(f"{path}: is a folder, not a bundle") from None
    except UnicodeDecodeError:
        raise NotebookError(f"{path}: not a workshop bundle (not UTF-8 text)") from None
    except OSError as error:
        raise NotebookError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        line = getattr(error, "lineno", "?")
        raise NotebookError(f"{path}: not a workshop bundle (invalid JSON at line {line})") from None
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        raise NotebookError(f"{path}: not a workshop bundle (no \"format\": \"{BUNDLE_FORMAT}\")")
    version = document.get("version")
    if not _whole_number(version) or version != BUNDLE_VERSION:
        raise NotebookError(
            f"{path}: bundle version {version!r} is not supported (this workshop reads version {BUNDLE_VERSION})"
        )
    schema = document.get("schema_version", SCHEMA_VERSION)
    if not _whole_number(schema):  # 2.0 or "2" would slip past a comparison
        raise NotebookError(f"{path}: not a workshop bundle (schema_version {schema!r} is not a whole number)")
    if schema > SCHEMA_VERSION:
        raise NotebookError(
            f"{path}: written by a newer version of workshop (schema {schema}, this one reads up to "
            f"{SCHEMA_VERSION}); update workshop to import it"
        )
    if not isinstance(document.get("tables"), dict):
        raise NotebookError(f"{path}: the bundle has no \"tables\" object")
    return document


def _whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def import_bundle(notebook: Notebook, path: Path, *, backup_first: bool = False) -> FoldCounts:
    """Load a bundle file; a bad row refuses the whole file and nothing is imported.

    The rows go into temporary tables beside the notebook as they are, and are folded in like a
    co-rapporteur's notebook: checked in SQL, any row SQL cannot vouch for checked in Python
    (which names the first problem), a bundle's draft never replacing the one here. With
    `backup_first`, a backup is made before the first change is committed, so that an import can
    be undone with `workshop restore`.
    """
    document = read_bundle(path)
    tables = document["tables"]
    for table, rows in tables.items():
        if table not in RECORD_BY_TABLE:
            raise NotebookError(f"{path}: unknown table {table!r}")
        if not isinstance(rows, list):
            raise NotebookError(f"{path}: table {table!r} must be a list of rows")
    conn = notebook.conn
    columns: dict[str, frozenset[str]] = {}
    again: dict[str, list] = {}
    limit = future_limit()
    try:
        for table, rows in tables.items():
            columns[table] = frozenset()  # staged or not, dropped at the end
            columns[table], repeated = _stage(conn, table, rows, f"{path}: {table} row")
            again[table] = []
            for i in repeated:
                record = record_from_plain(table, rows[i], f"{path}: {table} row {i + 1}", limit=limit)
                again[table].append((record, read_times(rows[i].get("field_times"), until=record.updated_at)))
        source = Source("temp", columns, str(path), prefix=PREFIX, originals=tables)
        return fold_in_source(notebook, source, TABLE_ORDER, backup_first=backup_first,
                              undone="nothing was imported", extra=again)
    finally:
        for table in columns:
            conn.execute(f"DROP TABLE IF EXISTS temp.[{PREFIX}{table}]")


PREFIX = "bundle_"  # the temporary tables a bundle's rows are loaded into: bundle_intervention...
_ODD = "\x00 not a plain value"  # staged for a value SQL must not take (a bool, an object): checked in Python


def _stage(conn: sqlite3.Connection, table: str, rows: list, where: str) -> tuple[frozenset[str], list[int]]:
    """Load a table's rows as they are into a temporary table, rowid = position in the file.

    Returns the columns staged and the positions of rows whose id came earlier in the file,
    which are folded one by one after the others.
    """
    cls = RECORD_BY_TABLE[table]
    names = [*_shape(cls).columns, "field_times"]
    required = {f.name for f in record_fields(cls)} - {name for t, name in ADDED_IN_VERSION_2 if t == table}
    conn.execute(f"DROP TABLE IF EXISTS temp.[{PREFIX}{table}]")
    conn.execute(f"CREATE TEMP TABLE [{PREFIX}{table}] ({', '.join(f'[{n}]' for n in names)})")
    seen: set[str] = set()
    repeated: list[int] = []

    def staged():
        for index, row in enumerate(rows):
            if not isinstance(row, dict):
                record_from_plain(table, row, f"{where} {index + 1}")  # names the problem
            key = row.get("id")
            if type(key) is str:
                if key in seen:
                    repeated.append(index)
                    continue
                seen.add(key)
            values = [v if type(v) is str else _plain(v) for v in map(row.get, names)]
            if not required <= row.keys():
                values[0] = _ODD  # a missing field: Python names it
            yield [index + 1, *values]

    try:
        conn.executemany(
            f"INSERT INTO temp.[{PREFIX}{table}] (rowid, {', '.join(f'[{n}]' for n in names)}) "
            f"VALUES ({', '.join('?' * (len(names) + 1))})",
            staged(),
        )
    except (UnicodeEncodeError, OverflowError, sqlite3.Error):
        # Text SQLite cannot hold (a lone surrogate): the row-by-row check names the row.
        for index, row in enumerate(rows):
            record_from_plain(table, row, f"{where} {index + 1}")
        raise NotebookError(f"{where}s cannot be read") from None
    return frozenset(names), repeated


def _plain(value: object) -> object:
    """A JSON value as SQL may store it, or a mark that sends its row to the check in Python."""
    kind = type(value)
    if value is None or (kind is int and -(2**63) <= value < 2**63):
        return value
    if kind is float and math.isfinite(value):
        return value
    if kind is list:
        return _encode(value)
    return _ODD


_encode = json.JSONEncoder(ensure_ascii=False).encode  # as the notebook writes its lists
