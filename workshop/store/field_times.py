"""When each field of a notebook row changed: what lets two notebooks merge field by field.

Each row keeps, in its `field_times` column, a JSON object of field name to the times that field
was changed (oldest first, the last few only). A field not named there has not changed since the
row was made. A row without the column's value was written before field times were kept (or by
`put`): every field then counts as changed at the row's `updated_at`, as the whole-row merge of
earlier releases assumed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from typing import NamedTuple

from workshop.records import Record, record_fields

FieldTimes = dict[str, tuple[str, ...]]

HISTORY = 8  # times kept per field: enough to recognise the other laptop's version as one seen before
_NOT_CONTENT = ("id", "created_at", "updated_at")


@cache
def content_fields(cls: type[Record]) -> tuple[str, ...]:
    """The fields a rapporteur changes (deletion included), in table order."""
    return tuple(f.name for f in record_fields(cls) if f.name not in _NOT_CONTENT)


@cache
def _defaults(cls: type[Record]) -> dict[str, object]:
    return {f.name: f.default for f in record_fields(cls) if f.has_default}


_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")


def read_times(text: object, *, until: str | None = None) -> FieldTimes | None:
    """The stored field times, or None for a row that has none (or none this release can read).

    With `until` (the row's `updated_at`, for a row from another file), times after it or not in
    the notebook's format are left out: a field cannot have changed after its row last did.
    """
    if not isinstance(text, str) or not text:
        return None
    try:
        stored = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(stored, dict):
        return None
    times = {}
    for name, stamps in stored.items():
        if not isinstance(stamps, list):
            continue
        kept = {t for t in stamps if isinstance(t, str)}
        if until is not None:
            kept = {t for t in kept if _STAMP.fullmatch(t) and t <= until}
        if kept:
            times[name] = tuple(sorted(kept))[-HISTORY:]
    return times


def write_times(times: Mapping[str, tuple[str, ...]]) -> str:
    """Field times as stored: compact, in a fixed order, so that equal times are equal text."""
    return json.dumps({name: list(times[name]) for name in sorted(times) if times[name]},
                      separators=(",", ":"), ensure_ascii=False)


class Moment(NamedTuple):
    """When a field last changed on one side ("" for never set), and the changes that side has seen."""

    latest: str
    history: tuple[str, ...]  # the changes recorded in the row
    seen: frozenset[str]  # those, and the row's making


def moments(record: Record, times: FieldTimes | None) -> dict[str, Moment]:
    """Each content field's last change as far as this row knows."""
    defaults = _defaults(type(record))
    found = {}
    for name in content_fields(type(record)):
        value = getattr(record, name)
        history = times.get(name, ()) if times is not None else ()
        if history:
            latest = history[-1]
        elif value == defaults.get(name) and (times is not None or name != "deleted_at"):
            # Never set: a default loses to any value set on the other side (a question's
            # synthesis written on one laptop against an empty row made on the other).
            latest = ""
        elif times is None:
            latest = record.updated_at  # written without field times: as old as the row's last change
        else:
            latest = record.created_at
        found[name] = Moment(latest, history, frozenset((*history, record.created_at)))
    return found


def stamp_changes(before: Record, before_times: FieldTimes | None, after: Record) -> FieldTimes:
    """The field times of `after`, a change of `before` made at `after.updated_at`."""
    times = known_times(before, before_times)
    for name in content_fields(type(after)):
        if getattr(after, name) != getattr(before, name):
            times[name] = (*times.get(name, ()), after.updated_at)[-HISTORY:]
    return times


def known_times(record: Record, times: FieldTimes | None) -> FieldTimes:
    """A row's field times written out, also for a row that was stored without them."""
    if times is not None:
        return dict(times)
    return {
        name: (moment.latest,) for name, moment in moments(record, None).items()
        if moment.latest not in ("", record.created_at)
    }


class Conflict(NamedTuple):
    """A field changed in both notebooks since they last agreed: the later change is kept."""

    record: Record  # the merged row
    field: str
    kept: object
    kept_at: str
    kept_here: bool  # True when this notebook's value was the later one
    set_aside: object


class Merged(NamedTuple):
    """Two versions of one row made one, and the fields that had changed on both sides."""

    record: Record
    times: FieldTimes
    conflicts: tuple[Conflict, ...]


def merge_versions(
    here: Record, here_times: FieldTimes | None, there: Record, there_times: FieldTimes | None,
) -> Merged:
    """One row from this notebook's and the other's versions, each field's later change winning.

    Symmetric: the same two versions give the same row whichever notebook merges; merging the
    result with either version again gives the result.
    """
    cls = type(here)
    ours, theirs = moments(here, here_times), moments(there, there_times)
    created = min(here.created_at, there.created_at)
    values: dict[str, object] = {
        "id": min(here.id, there.id),
        "created_at": created,
        "updated_at": max(here.updated_at, there.updated_at),
    }
    times: FieldTimes = {}
    kept_here: dict[str, bool] = {}
    for name in content_fields(cls):
        mine, other = getattr(here, name), getattr(there, name)
        a, b = ours[name], theirs[name]
        here_wins = (a.latest, _order(mine)) >= (b.latest, _order(other))
        values[name] = mine if here_wins else other
        kept_here[name] = here_wins
        stamps = {*a.history, *b.history, a.latest, b.latest}
        stamps = sorted(stamps - {"", created})
        if stamps:
            times[name] = tuple(stamps)[-HISTORY:]
    merged = cls(**values)
    conflicts = []
    for name in content_fields(cls):
        mine, other = getattr(here, name), getattr(there, name)
        a, b = ours[name], theirs[name]
        if mine == other or not a.latest or not b.latest or a.latest in b.seen or b.latest in a.seen:
            continue
        winner = a if kept_here[name] else b
        conflicts.append(Conflict(
            merged, name, getattr(merged, name), winner.latest, kept_here[name],
            other if kept_here[name] else mine,
        ))
    return Merged(merged, times, tuple(conflicts))


def _order(value: object) -> str:
    # Two values changed at the very same microsecond: the larger one wins on both laptops.
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
