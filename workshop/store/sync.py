"""Folding rows from elsewhere (a JSON bundle, a co-rapporteur's notebook) into this notebook."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from workshop import records
from workshop.records import RECORD_TYPES, Record, record_fields
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
# Fields with a fixed vocabulary: the exporters and the app look these words up, so a file may
# not bring others in. "" stands for "not given" where the app allows leaving a field empty.
_VOCABULARY = {
    ("session", "status"): records.SESSION_STATUSES,
    ("speaker", "category"): records.SPEAKER_CATEGORIES,
    ("speaker", "regional_group"): ("", *records.REGIONAL_GROUPS),
    ("speaker", "gender"): ("", *records.GENDERS),
    ("queue_entry", "kind"): records.QUEUE_KINDS,
    ("queue_entry", "state"): records.QUEUE_STATES,
    ("intervention", "kind"): records.INTERVENTION_KINDS,
    ("finding", "kind"): records.FINDING_KINDS,
    ("finding", "evidence"): ("", *records.EVIDENCE_LEVELS),
    ("question_state", "status"): records.QUESTION_STATUSES,
}


@dataclass
class FoldCounts:
    """How many rows a fold added, updated (newer elsewhere) and left as they were."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


# Fields that bundles of schema version 1 did not have: absent, they take their default.
_ADDED_IN_VERSION_2 = {
    ("session", name) for name in
    ("body", "meetings", "moderator", "moderator_function", "institutes", "documents")
} | {("intervention", "kind")}


def record_from_plain(table: str, row: object, where: str) -> Record:
    """Check a row given as plain JSON values and turn it into a record, or name the first problem."""
    cls = RECORD_BY_TABLE[table]
    if not isinstance(row, Mapping):
        raise NotebookError(f"{where}: expected an object, found {type(row).__name__}")
    values: dict[str, object] = {}
    for f in record_fields(cls):
        if f.name not in row:
            if (table, f.name) in _ADDED_IN_VERSION_2:
                values[f.name] = f.default
                continue
            raise NotebookError(f"{where}: missing field {f.name!r}")
        value = row[f.name]
        kind = f.type
        optional = kind.endswith("| None")
        if value is None and optional:
            values[f.name] = None
            continue
        if kind.startswith("tuple"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise NotebookError(f"{where}: field {f.name!r} must be a list of text")
            value = tuple(_unicode(v, f"{where}: field {f.name!r}") for v in value)
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**53:
                raise NotebookError(f"{where}: field {f.name!r} must be a whole number")
        elif kind == "float":
            number = _finite(value)
            if number is None:
                raise NotebookError(f"{where}: field {f.name!r} must be a number")
            value = number
        elif not isinstance(value, str):
            raise NotebookError(f"{where}: field {f.name!r} must be text")
        else:
            value = _unicode(value, f"{where}: field {f.name!r}")
        allowed = _VOCABULARY.get((table, f.name))
        if allowed is not None and value not in allowed:
            raise NotebookError(f"{where}: field {f.name!r} is {_shown(value)}, not one of {', '.join(allowed)}")
        values[f.name] = value
    if table == "session" and values["topic"] not in _topic_keys():
        raise NotebookError(f"{where}: unknown topic {_shown(values['topic'])}")
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
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
    except (ValueError, OverflowError):
        raise NotebookError(f"{where} is not an ISO 8601 time") from None


def _unicode(value: str, where: str) -> str:
    """Text that SQLite can store: a lone surrogate (possible in JSON) cannot be encoded."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise NotebookError(f"{where} holds text that is not valid Unicode") from None
    return value


def _finite(value: object) -> float | None:
    """A JSON number as a finite float, or None (NaN, infinities and huge integers are refused)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _shown(value: object) -> str:
    """A value quoted for a one-line message, cut short and with no control characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _topic_keys() -> set[str]:
    from workshop.catalogue import load_catalogue

    return {topic.key for topic in load_catalogue().topics}


def plain_from_row(cls: type[Record], row: Mapping[str, object]) -> dict[str, object]:
    """A row as stored in a notebook file turned into plain JSON values, for record_from_plain."""
    plain = dict(row)
    for f in record_fields(cls):
        value = plain.get(f.name)
        if value is None and not f.type.endswith("None") and f.has_default:
            plain[f.name] = value = f.default  # as from_row reads an empty column
        if f.type.startswith("tuple") and isinstance(value, str | type(None)):
            try:
                plain[f.name] = json.loads(value) if value else []
            except ValueError:
                pass  # left as text: record_from_plain names the field
    return plain


def fold_in(
    notebook: Notebook, incoming: Mapping[str, Iterable[Record]], *,
    before_change: Callable[[], None] | None = None,
) -> FoldCounts:
    """Add or update rows by UUID, the newer `updated_at` winning, all in one transaction.

    `before_change` runs before the commit when rows were added or updated (a backup of the
    notebook as it was); a refused or no-op fold never calls it.
    """
    counts = FoldCounts()
    batches = {table: list(incoming.get(table, ())) for table in TABLE_ORDER}
    with notebook.write() as db:
        known = {t: _ids(notebook, t) for t in ("session", "speaker", "intervention")}
        for table in TABLE_ORDER:
            cls = RECORD_BY_TABLE[table]
            for record in batches[table]:
                _check_references(table, record, known)
                current = notebook.get(cls, record.id)
                if table == "draft" and current is None:
                    # One draft per session: the incoming note must be newer than the local one.
                    local = notebook.rows(cls, "session_id = ?", [record.session_id], include_deleted=True)
                    current = local[0] if local else None
                if current is None:
                    counts.added += 1
                elif _newer(record, current):
                    counts.updated += 1
                else:
                    counts.unchanged += 1
                    continue
                if table == "draft":
                    db.execute("DELETE FROM draft WHERE session_id = ? AND id != ?",
                               [record.session_id, record.id])
                notebook.put(record)
                if table in known:
                    known[table].add(record.id)
        if before_change is not None and (counts.added or counts.updated):
            before_change()
    return counts


def fold_in_file(
    notebook: Notebook, incoming: Mapping[str, list[Record]], source: Path, *,
    backup_first: bool, undone: str,
) -> FoldCounts:
    """`fold_in` rows read from a file, backed up first if asked; a refusal names the file and ends `undone`."""
    def back_up() -> None:
        from workshop.store.backup import backup_notebook

        backup_notebook(notebook)

    try:
        # The backup only once the file is known to change something, and before it is committed.
        return fold_in(notebook, incoming, before_change=back_up if backup_first else None)
    except NotebookError as error:
        # A problem of this notebook (disk full, busy) already names it; one of the rows names the file.
        message = str(error) if str(error).startswith(str(notebook.path)) else f"{source}: {error}"
        raise NotebookError(f"{message}; {undone}") from None


def _check_references(table: str, record: Record, known: Mapping[str, set[str]]) -> None:
    """Refuse a row that points at a session, speaker or intervention found nowhere."""
    # A key point's intervention_ids are not checked: a partial bundle may link interventions
    # of another session, and the summary counts only the links it finds.
    pointers = [(parent, getattr(record, column)) for column, parent in _REFERENCES.items()
                if hasattr(record, column) and getattr(record, column) is not None]
    for parent, ref in pointers:
        if ref not in known[parent]:
            raise NotebookError(
                f"{table} {record.id}: refers to {parent} {_shown(ref)}, which is in neither the "
                "notebook nor the file"
            )


def _newer(record: Record, current: Record) -> bool:
    """True when `record` should replace `current`: the later change wins.

    Two different rows changed at the very same microsecond are ordered by their content, so
    that merging A into B and B into A still ends with the same notebook on both laptops.
    """
    if record.updated_at != current.updated_at:
        return record.updated_at > current.updated_at
    return _canonical(record) > _canonical(current)


def _canonical(record: Record) -> str:
    return json.dumps(to_row(record), sort_keys=True, ensure_ascii=False, default=str)


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
