"""Folding rows from elsewhere (a JSON bundle, a co-rapporteur's notebook) into this notebook."""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from workshop import records
from workshop.records import RECORD_TYPES, Record, record_fields
from workshop.store.errors import NotebookError
from workshop.store.field_times import Conflict, FieldTimes
from workshop.store.fold import STAMP_PATTERN, Counts, Fold, Source, future_limit
from workshop.store.notebook import Notebook, from_row
from workshop.text import one_line

RECORD_BY_TABLE = {cls.table: cls for cls in RECORD_TYPES}
# Parents before children, so that foreign keys hold at every insert.
TABLE_ORDER = tuple(cls.table for cls in RECORD_TYPES)
_TIMESTAMPS = ("created_at", "updated_at", "deleted_at")
# Fields with a fixed vocabulary: the exporters and the app look these words up, so a file may
# not bring others in. "" stands for "not given" where the app allows leaving a field empty.
VOCABULARY = {
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


class FoldCounts:
    """How many rows a fold added, updated (changed elsewhere) and left as they were, and the
    fields changed on both sides."""

    # A plain class: a dataclass would have every merge and import load `inspect` (5 ms).
    def __init__(self) -> None:
        self.added = self.updated = self.unchanged = 0
        self.conflicts: list[Conflict] = []

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"

    def add(self, counts: Counts) -> None:
        self.added += counts.added
        self.updated += counts.updated
        self.unchanged += counts.unchanged

    def add_outcome(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def conflict_line(conflict: Conflict) -> str:
    """One line saying which field changed on both sides and which change was kept."""
    record = conflict.record
    where = "this notebook's" if conflict.kept_here else "the other's"
    when = conflict.kept_at[:19].replace("T", " ")
    kept, set_aside = _quoted(conflict.kept), _quoted(conflict.set_aside)
    if kept == set_aside and isinstance(conflict.kept, str) and isinstance(conflict.set_aside, str):
        # Two long texts that differ after their first words: each is shown from where they part.
        kept, set_aside = _parting(one_line(conflict.kept), one_line(conflict.set_aside))
    return (f"changed on both sides: {record.table.replace('_', ' ')} {_label(record)}, {conflict.field}: "
            f"kept {kept} ({where}, the later change, {when} UTC) over {set_aside}")


def _parting(first: str, second: str) -> tuple[str, str]:
    """Two texts quoted from a few characters before the first one they do not share."""
    common = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), min(len(first), len(second)))
    start = max(0, common - 10)
    space = first.rfind(" ", 0, start)  # from the start of a word, where there is one
    start = space + 1 if space > 0 else start
    first_tail, second_tail = (_quoted(text[start:]) for text in (first, second))
    return '"\u2026' + first_tail[1:], '"\u2026' + second_tail[1:]


def _label(record: Record) -> str:
    """A few words naming a row for the rapporteur."""
    table = record.table
    if table == "session":
        words = " ".join(w for w in (record.topic, record.meeting, record.date) if w)
    elif table == "speaker":
        words = record.label
    elif table == "question_state":
        words = record.ref
    elif table == "finding":
        words = record.title
    elif table == "key_point":
        words = f"{record.question_ref} {record.predicate}"
    elif table == "intervention":
        words = record.text
    else:
        words = record.id[:8]
    return _quoted(words)


def _quoted(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, tuple):
        value = ", ".join(value)
    if not isinstance(value, str):
        return str(value)
    text = one_line(value)
    return '"' + (text if len(text) <= 40 else text[:39] + "\u2026") + '"'


# Fields that bundles of schema version 1 did not have: absent, they take their default.
ADDED_IN_VERSION_2 = {
    ("session", name) for name in
    ("body", "meetings", "moderator", "moderator_function", "institutes", "documents")
} | {("intervention", "kind")}


def record_from_plain(table: str, row: object, where: str, *, limit: str | None = None) -> Record:
    """Check a row given as plain JSON values and turn it into a record, or name the first problem.

    Its times are put in UTC; a time later than `limit` (default: a day from now) is refused.
    """
    limit = limit or future_limit()
    cls = RECORD_BY_TABLE[table]
    if not isinstance(row, Mapping):
        raise NotebookError(f"{where}: expected an object, found {type(row).__name__}")
    values: dict[str, object] = {}
    for f in record_fields(cls):
        if f.name not in row:
            if (table, f.name) in ADDED_IN_VERSION_2:
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
        allowed = VOCABULARY.get((table, f.name))
        if allowed is not None and value not in allowed:
            raise NotebookError(f"{where}: field {f.name!r} is {_shown(value)}, not one of {', '.join(allowed)}")
        values[f.name] = value
    if table == "session" and values["topic"] not in topic_keys():
        raise NotebookError(f"{where}: unknown topic {_shown(values['topic'])}")
    try:
        values["id"] = str(uuid.UUID(str(values["id"])))
    except ValueError:
        raise NotebookError(f"{where}: field 'id' is not a UUID") from None
    for name in _TIMESTAMPS:
        if values.get(name) is not None:
            values[name] = _timestamp(values[name], f"{where}: field {name!r}", limit=limit)
    return cls(**values)


def _timestamp(value: object, where: str, *, limit: str | None) -> str:
    """A timestamp in the notebook's one format (UTC), so that the later change compares like with like."""
    text = str(value)
    if not STAMP_PATTERN.fullmatch(text):
        try:
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            text = moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
        except (ValueError, OverflowError):
            raise NotebookError(f"{where} is not an ISO 8601 time") from None
    if limit is not None and text > limit:
        raise NotebookError(
            f"{where} is {text[:19].replace('T', ' ')} UTC, more than a day ahead of this laptop's "
            "clock (is the other laptop's clock wrong?)"
        )
    return text


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


@cache
def topic_keys() -> frozenset[str]:
    """The keys of the built-in topics."""
    # Read from the programme itself: importing the catalogue to build its topics cost a merge 10 ms.
    programme = Path(__file__).resolve().parent.parent / "catalogue" / "programme.json"
    return frozenset(topic["key"] for topic in json.loads(programme.read_text(encoding="utf-8"))["topics"])


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


def fold_in_source(
    notebook: Notebook, source: Source, tables: Iterable[str], *, backup_first: bool, undone: str,
    extra: Mapping[str, list[tuple[Record, FieldTimes | None]]] | None = None,
    before_commit: Callable[[], None] | None = None,
) -> FoldCounts:
    """Fold the incoming tables of `source` in one transaction: all of it or nothing.

    With `backup_first`, a backup is made inside the transaction once something is about to be
    committed (it copies the notebook as it was before): a fold that changes nothing makes none,
    nor one into a notebook that held nothing.
    `before_commit` may still refuse the fold (a NotebookError) once every row is in.
    A refusal names the file and ends with `undone`.
    """
    counts = FoldCounts()
    try:
        with notebook._transaction():  # not write(): no need to load sqlite-utils
            # A notebook with no row yet (made for the merge) has nothing a backup would keep.
            backup_first = backup_first and any(
                notebook.conn.execute(f"SELECT 1 FROM main.[{table}] LIMIT 1").fetchone() for table in TABLE_ORDER)
            fold = Fold(notebook, source)
            try:
                fold.normalize_local_stamps(TABLE_ORDER)
                for table in tables:
                    counts.add(fold.fold_table(table))
                    for record, times in (extra or {}).get(table, ()):
                        counts.add_outcome(fold.fold_row(record, times))
                counts.conflicts = fold.conflicts
            finally:
                fold.close()
            if before_commit is not None:
                before_commit()
            if backup_first and fold.changed:
                from workshop.store.backup import backup_notebook

                backup_notebook(notebook)
    except NotebookError as error:
        # A problem of this notebook (disk full, busy) already names it; one of the rows names the file.
        message = str(error) if str(error).startswith(str(notebook.path)) else f"{source.label}: {error}"
        raise NotebookError(f"{message}; {undone}") from None
    return counts


def normalized_stamp(value: object) -> object:
    """A time of this notebook's own in the one format, or as it was if it is not a time."""
    try:
        return _timestamp(value, "", limit=None)
    except NotebookError:
        return value


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
