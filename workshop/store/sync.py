"""Folding rows from elsewhere (a JSON bundle, a co-rapporteur's notebook) into this notebook."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timezone

from workshop.records import RECORD_TYPES, Record
from workshop.store.errors import NotebookError
from workshop.store.notebook import Notebook, from_row, to_row

RECORD_BY_TABLE = {cls.table: cls for cls in RECORD_TYPES}
# Parents before children, so that foreign keys hold at every insert.
TABLE_ORDER = tuple(cls.table for cls in RECORD_TYPES)
_REFERENCES = {
    "session_id": "session",
    "speaker_id": "speaker",
    "intervention_id": "intervention",
}
_TIMESTAMPS = ("created_at", "updated_at", "deleted_at")


@dataclass
class FoldCounts:
    """How many rows a fold added, updated (newer elsewhere) and left as they were."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def record_from_plain(table: str, row: object, where: str) -> Record:
    """Check a row given as plain JSON values and turn it into a record, or name the first problem."""
    cls = RECORD_BY_TABLE[table]
    if not isinstance(row, Mapping):
        raise NotebookError(f"{where}: expected an object, found {type(row).__name__}")
    values: dict[str, object] = {}
    for f in fields(cls):
        if f.name not in row:
            raise NotebookError(f"{where}: missing field {f.name!r}")
        value = row[f.name]
        kind = str(f.type)
        optional = kind.endswith("| None")
        if value is None and optional:
            values[f.name] = None
            continue
        if kind.startswith("tuple"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise NotebookError(f"{where}: field {f.name!r} must be a list of text")
            value = tuple(value)
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
                raise NotebookError(f"{where}: field {f.name!r} must be a whole number")
        elif kind == "float":
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise NotebookError(f"{where}: field {f.name!r} must be a number")
            value = float(value)
        elif not isinstance(value, str):
            raise NotebookError(f"{where}: field {f.name!r} must be text")
        values[f.name] = value
    try:
        values["id"] = str(uuid.UUID(str(values["id"])))
    except ValueError:
        raise NotebookError(f"{where}: field 'id' is not a UUID") from None
    for name in _TIMESTAMPS:
        if values.get(name) is not None:
            values[name] = _timestamp(values[name], f"{where}: field {name!r}")
    return cls(**values)


def _timestamp(value: object, where: str) -> str:
    """A timestamp in the notebook's one format, so that newer-wins compares like with like."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise NotebookError(f"{where} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def fold_in(notebook: Notebook, incoming: Mapping[str, Iterable[Record]]) -> FoldCounts:
    """Add or update rows by UUID, the newer `updated_at` winning, all in one transaction."""
    counts = FoldCounts()
    batches = {table: list(incoming.get(table, ())) for table in TABLE_ORDER}
    with notebook.write() as db:
        known = {t: _ids(notebook, t) for t in ("session", "speaker", "intervention")}
        for table in TABLE_ORDER:
            cls = RECORD_BY_TABLE[table]
            for record in batches[table]:
                for column, parent in _REFERENCES.items():
                    ref = getattr(record, column, None)
                    if ref and ref not in known[parent]:
                        raise NotebookError(
                            f"{table} {record.id}: refers to {parent} {ref}, which is in neither "
                            "the notebook nor the file"
                        )
                current = notebook.get(cls, record.id)
                if current is None:
                    counts.added += 1
                elif record.updated_at > current.updated_at:
                    counts.updated += 1
                else:
                    counts.unchanged += 1
                    continue
                if table == "draft":
                    # One draft per session: the newer note replaces the other laptop's.
                    db.execute("DELETE FROM draft WHERE session_id = ? AND id != ?",
                               [record.session_id, record.id])
                db[table].upsert(to_row(record), pk="id")
                if table in known:
                    known[table].add(record.id)
    return counts


def _ids(notebook: Notebook, table: str) -> set[str]:
    return {row[0] for row in notebook.db.execute(f"SELECT id FROM [{table}]")}


def all_records(notebook: Notebook, session_ids: Iterable[str] | None = None) -> dict[str, list[Record]]:
    """Every row of the notebook, or of some sessions and the speakers they heard, as records."""
    wanted = None if session_ids is None else set(session_ids)
    tables: dict[str, list[Record]] = {}
    for table in TABLE_ORDER:
        cls = RECORD_BY_TABLE[table]
        rows = notebook.db[table].rows_where(order_by="created_at")
        records = [from_row(cls, row) for row in rows]
        if wanted is not None:
            if table == "session":
                records = [r for r in records if r.id in wanted]
            elif table != "speaker":
                records = [r for r in records if r.session_id in wanted]
        tables[table] = records
    if wanted is not None:
        heard = {r.speaker_id for t in ("queue_entry", "intervention", "draft") for r in tables[t]}
        tables["speaker"] = [s for s in tables["speaker"] if s.id in heard]
    return tables
