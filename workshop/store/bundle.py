"""Reading a JSON bundle (the notebook's portable copy) into the notebook: all of it or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from workshop.export.bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from workshop.store.errors import NotebookError
from workshop.store.files import refuse_special_file
from workshop.store.notebook import Notebook
from workshop.store.schema import SCHEMA_VERSION
from workshop.store.sync import RECORD_BY_TABLE, FoldCounts, fold_in_file, record_from_plain

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

    With `backup_first`, a backup is made once the whole file has been read and checked, so that
    an import can be undone with `workshop restore`.
    """
    document = read_bundle(path)
    incoming = {}
    for table, rows in document["tables"].items():
        if table not in RECORD_BY_TABLE:
            raise NotebookError(f"{path}: unknown table {table!r}")
        if not isinstance(rows, list):
            raise NotebookError(f"{path}: table {table!r} must be a list of rows")
        incoming[table] = [
            record_from_plain(table, row, f"{path}: {table} row {index + 1}")
            for index, row in enumerate(rows)
        ]
    return fold_in_file(notebook, incoming, path, backup_first=backup_first, undone="nothing was imported")
