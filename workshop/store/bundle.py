"""Reading a JSON bundle (the notebook's portable copy) into the notebook: all of it or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from workshop.export.bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from workshop.store.errors import NotebookError
from workshop.records import Record
from workshop.store.field_times import read_times
from workshop.store.fold import Source, future_limit
from workshop.store.notebook import Notebook, _column_values, _shape
from workshop.store.schema import SCHEMA_VERSION
from workshop.store.sync import RECORD_BY_TABLE, TABLE_ORDER, FoldCounts, fold_in_source, record_from_plain


def read_bundle(path: Path) -> dict:
    """Parse a bundle file and check its envelope, naming the first problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
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
    if version != BUNDLE_VERSION:
        raise NotebookError(
            f"{path}: bundle version {version!r} is not supported (this workshop reads version {BUNDLE_VERSION})"
        )
    schema = document.get("schema_version", SCHEMA_VERSION)
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA_VERSION:
        raise NotebookError(
            f"{path}: written by a newer version of workshop (schema {schema}, this one reads up to "
            f"{SCHEMA_VERSION}); update workshop to import it"
        )
    if not isinstance(document.get("tables"), dict):
        raise NotebookError(f"{path}: the bundle has no \"tables\" object")
    return document


def import_bundle(notebook: Notebook, path: Path, *, backup_first: bool = False) -> FoldCounts:
    """Load a bundle file; a bad row refuses the whole file and nothing is imported.

    Every row is checked first; the rows then go into temporary tables beside the notebook and
    are folded in like a co-rapporteur's notebook (a bundle's draft never replaces one here).
    With `backup_first`, a backup is made before the first change is committed, so that an
    import can be undone with `workshop restore`.
    """
    document = read_bundle(path)
    limit = future_limit()
    checked: dict[str, list[tuple[Record, object]]] = {}
    for table, rows in document["tables"].items():
        if table not in RECORD_BY_TABLE:
            raise NotebookError(f"{path}: unknown table {table!r}")
        if not isinstance(rows, list):
            raise NotebookError(f"{path}: table {table!r} must be a list of rows")
        checked[table] = [
            (record_from_plain(table, row, f"{path}: {table} row {index + 1}", limit=limit), row.get("field_times"))
            for index, row in enumerate(rows)
        ]
    del document
    conn = notebook.conn
    extra: dict[str, list] = {}
    columns = {}
    try:
        for table, rows in checked.items():
            extra[table] = []
            columns[table] = _stage(conn, table, rows, extra[table])
        source = Source("temp", columns, str(path), prefix=PREFIX, checked=True)
        return fold_in_source(notebook, source, TABLE_ORDER, backup_first=backup_first,
                              undone="nothing was imported", extra=extra)
    finally:
        for table in columns:
            conn.execute(f"DROP TABLE IF EXISTS temp.[{PREFIX}{table}]")


PREFIX = "bundle_"  # the temporary tables a bundle's rows are loaded into: bundle_intervention...


def _stage(conn, table: str, rows: list, again: list) -> frozenset[str]:
    """Load checked rows into a temporary table; a row whose id came before is kept for one by one."""
    cls = RECORD_BY_TABLE[table]
    names = [*_shape(cls).columns, "field_times"]
    conn.execute(f"DROP TABLE IF EXISTS temp.[{PREFIX}{table}]")
    conn.execute(f"CREATE TEMP TABLE [{PREFIX}{table}] ({', '.join(f'[{n}]' for n in names)})")
    seen: set[str] = set()

    def staged():
        for record, times in rows:
            times = times if isinstance(times, str) else None
            if record.id in seen:
                again.append((record, read_times(times, until=record.updated_at)))
                continue
            seen.add(record.id)
            yield [*_column_values(record), times]

    conn.executemany(
        f"INSERT INTO temp.[{PREFIX}{table}] VALUES ({', '.join('?' * len(names))})", staged()
    )
    return frozenset(names)
