"""Folding rows from elsewhere into this notebook: set-based SQL for rows that are new or already
the same, one row at a time where both sides changed a row or a row needs a closer look.

The incoming tables sit in another schema of the notebook's connection: an ATTACHed notebook
file, or a temporary database a bundle was loaded into. A merge with nothing new reads each table
once beside its own rows and writes nothing; rows only in the other file go in with one
INSERT ... SELECT per table (checked in SQL on the way, so that only odd rows need Python).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

from workshop import records
from workshop.records import Record, Speaker, record_fields
from workshop.store.alongside import Alongside
from workshop.store.errors import NotebookError
from workshop.store.field_times import Conflict, FieldTimes, known_times, merge_versions, read_times, write_times
from workshop.store.notebook import _ONE_LINE, Notebook, _column_values, _record, _shape
from workshop.text import one_line

# How far ahead of this laptop's clock a row may be stamped: a little for clocks set a bit
# wrong, not a year 9999 that would win every later merge.
FUTURE_SKEW = timedelta(days=1)
STAMPS = ("created_at", "updated_at", "deleted_at")
# The notebook's one timestamp format, as GLOB and as a regular expression.
STAMP_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]+00:00"
STAMP_PATTERN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00")
_UUID_GLOB = "-".join("[0-9a-f]" * n for n in (8, 4, 4, 4, 12))
# What clean() would take out; one_line() also folds every run of white space into one space.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
REFERENCES = {"session_id": "session", "speaker_id": "speaker", "intervention_id": "intervention"}
SPEAKER_CHILDREN = ("queue_entry", "intervention", "draft")
KEYED = ("speaker", "question_state")  # tables whose rows are also the same by what they stand for
BATCH = 500


def future_limit() -> str:
    """The latest time an incoming row may carry."""
    return (datetime.now(timezone.utc) + FUTURE_SKEW).isoformat(timespec="microseconds")


class Source(NamedTuple):
    """Where the incoming tables are and how to name their rows in a message."""

    schema: str  # "incoming" (an attached notebook) or "staged" (a bundle's rows)
    columns: Mapping[str, frozenset[str]]  # the columns each incoming table has
    label: str  # the file, for messages
    prefix: str = ""  # of the incoming tables' names: "bundle_intervention"
    as_written: bool = False  # a bundle's rows: rowid = position in the file, odd rows kept as JSON
    database: str | None = None  # what a second connection attaches to read them (a notebook file)

    def table(self, table: str) -> str:
        return f"[{self.schema}].[{self.prefix}{table}]"


class Checks(NamedTuple):
    """SQL conditions on an incoming row: its id and its parents found here, then all the rest."""

    keys: str
    values: str  # read the incoming row only
    args: dict

    @property
    def whole(self) -> str:
        return f"{self.keys} AND {self.values}"


class Counts(NamedTuple):
    """What one table's fold did."""

    added: int
    updated: int
    unchanged: int


class Fold:
    """One fold of incoming tables into the notebook, inside the caller's write transaction."""

    def __init__(self, notebook: Notebook, source: Source) -> None:
        self.notebook = notebook
        self.conn = notebook.conn
        self.source = source
        self.limit = future_limit()
        self.conflicts: list[Conflict] = []
        self.moved: dict[str, str] = {}  # speaker ids made one with another -> the id kept
        self.changed = False  # whether anything was written to the notebook
        self._speakers: dict[tuple[str, str], str] = {}  # a live speaker's id by delegation and name
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS fold_moved (dropped TEXT PRIMARY KEY, kept TEXT)")
        # The incoming rows a table's fold has still to look at: new (only in the file) or differing.
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS fold_pending (rid INTEGER PRIMARY KEY, new INTEGER)")
        self.conn.execute("DELETE FROM temp.fold_moved")
        # Text checks in Python's regular expressions, called from SQL with the bytes as stored:
        # GLOB patterns doing the same took 0.26 ms a row, these a few microseconds.
        self.conn.create_function("workshop_texts", -1, _texts_as_stored, deterministic=True)

    def close(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.fold_moved")
        self.conn.execute("DROP TABLE IF EXISTS temp.fold_pending")

    # --- incoming rows -----------------------------------------------------------------------

    def _incoming(self, table: str, *, mapped: bool) -> list[str]:
        """SQL for each column of an incoming row (and its field times), as this notebook has them."""
        have = self.source.columns[table]
        required = {name for _, name, _, notnull, *_ in self.conn.execute(f"PRAGMA main.table_info([{table}])")
                    if notnull}
        exprs = []
        for f in record_fields(records_by_table()[table]):
            expr = f"o.[{f.name}]" if f.name in have else "NULL"
            if f.name in required and f.has_default and f.default is not None:
                # A row from an older release may lack a field added since: it reads as the default.
                expr = f"coalesce({expr}, {_stored_default(f.default)})"
            if mapped and f.name == "speaker_id" and f.name in have:
                expr = f"coalesce((SELECT kept FROM temp.fold_moved WHERE dropped = {expr}), {expr})"
            exprs.append(expr)
        exprs.append("o.[field_times]" if "field_times" in have else "NULL")
        return exprs

    def _rows(self, table: str, where: str = "", args: Iterable = ()) -> Iterator[tuple[int, Record, FieldTimes | None]]:
        """Incoming rows as checked records, with their rowid and field times."""
        from workshop.store.sync import plain_from_row, record_from_plain

        cls = records_by_table()[table]
        columns = [f.name for f in record_fields(cls)]
        sql = (f"SELECT o.rowid, {', '.join(self._incoming(table, mapped=False))} "
               f"FROM {self.source.table(table)} o {where} ORDER BY o.rowid")
        if self.source.as_written:  # a bundle: its row as written, for exact messages
            sql = sql.replace(" FROM ", ", o.[written] FROM ", 1)
            for rid, *values, written in self.conn.execute(sql, list(args)).fetchall():
                plain = row_as_written(cls, values[:-1], written)
                record = record_from_plain(table, plain, f"{table} row {rid}", limit=self.limit)
                yield rid, record, read_times(values[-1], until=record.updated_at)
            return
        for rid, *values in self.conn.execute(sql, list(args)).fetchall():
            plain = plain_from_row(cls, dict(zip(columns, values)))
            try:
                record = record_from_plain(table, plain, f"{table} row", limit=self.limit)
            except NotebookError:
                number = self.conn.execute(
                    f"SELECT count(*) FROM {self.source.table(table)} WHERE rowid <= ?", [rid]
                ).fetchone()[0]
                record_from_plain(table, plain, f"{table} row {number}", limit=self.limit)
                raise
            yield rid, record, read_times(values[-1], until=record.updated_at)

    def count(self, table: str) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {self.source.table(table)}").fetchone()[0]

    # --- tables ------------------------------------------------------------------------------

    def fold_table(self, table: str) -> Counts:
        """Fold one incoming table; parents before children."""
        if table not in self.source.columns:
            return Counts(0, 0, 0)
        if table == "speaker":
            return self._fold_speakers()
        if table == "draft":
            return self._fold_drafts()
        if table in KEYED:
            differing = self._differing(table)
            counts = self._fold_rows(table, self._batches(table, differing))
            return counts._replace(unchanged=counts.unchanged + self.count(table) - len(differing))
        return self._fold_set(table)

    def _differing(self, table: str) -> list[int]:
        """The incoming rows that are not exactly a row of this notebook already."""
        columns = [f.name for f in record_fields(records_by_table()[table])]
        mine = ", ".join(f"m.[{c}]" for c in (*columns, "field_times"))
        return [rid for (rid,) in self.conn.execute(
            f"SELECT o.rowid FROM {self.source.table(table)} o LEFT JOIN main.[{table}] m ON m.id = o.id "
            f"WHERE m.id IS NULL OR ({', '.join(self._incoming(table, mapped=True))}) IS NOT ({mine}) ORDER BY o.rowid"
        )]

    def _fold_set(self, table: str) -> Counts:
        """New rows with one INSERT ... SELECT; rows changed on both sides or odd, one by one."""
        cls = records_by_table()[table]
        columns = [f.name for f in record_fields(cls)]
        incoming = self._incoming(table, mapped=bool(self.moved))
        src = self.source.table(table)
        names = ", ".join(f"[{c}]" for c in (*columns, "field_times"))
        checks = self._checks(table, incoming)
        if self.conn.execute(f"SELECT 1 FROM main.[{table}] LIMIT 1").fetchone() is None:
            # Nothing of this table here yet (a merge into a new notebook): every row is new, and
            # those SQL can vouch for go in in one statement, checked on the way.
            added = self._insert_new(table, names, incoming, checks)
            odd = (f"SELECT o.rowid FROM {src} o WHERE NOT EXISTS (SELECT 1 FROM main.[{table}] m WHERE m.id = o.id) "
                   "ORDER BY o.rowid")
        else:
            self.conn.execute("DELETE FROM temp.fold_pending")
            mine = ", ".join(f"m.[{c}]" for c in (*columns, "field_times"))
            # Rows only in the file (new), and rows on both sides that differ in anything, in one pass.
            self.conn.execute(
                f"INSERT INTO temp.fold_pending (rid, new) SELECT o.rowid, m.id IS NULL FROM {src} o "
                f"LEFT JOIN main.[{table}] m ON m.id = o.id WHERE m.id IS NULL OR ({', '.join(incoming)}) IS NOT ({mine})"
            )
            added = 0
            new = self.conn.execute("SELECT count(*) FROM temp.fold_pending WHERE new").fetchone()[0]
            if new:
                # The rows SQL can vouch for go in in one statement, checked on the way.
                added = self.conn.execute(
                    f"INSERT INTO main.[{table}] ({names}) SELECT {', '.join(incoming)} FROM temp.fold_pending n "
                    f"JOIN {src} o ON o.rowid = n.rid WHERE n.new AND coalesce({checks.whole}, 0)",
                    checks.args,
                ).rowcount
            left = "WHERE NOT n.new" if added == new else (
                f"JOIN {src} o ON o.rowid = n.rid WHERE NOT n.new OR NOT EXISTS (SELECT 1 FROM main.[{table}] m WHERE m.id = o.id)")
            odd = f"SELECT n.rid FROM temp.fold_pending n {left} ORDER BY n.rid"
        self.changed |= added > 0
        total = self.count(table)
        # The others are checked in Python, which puts them right or names the first problem.
        slow = [] if added == total else [rid for (rid,) in self.conn.execute(odd)]
        more = self._fold_rows(table, self._batches(table, slow))
        return Counts(added + more.added, more.updated, total - added - more.added - more.updated)

    def _insert_new(self, table: str, names: str, incoming: list[str], checks: Checks) -> int:
        """Put in every incoming row SQL can vouch for, into a table with no row yet; how many went in.

        From a notebook file, a second connection checks each row's values on another core while
        this one puts in the rows with a sound id and parents; those it doubts are taken out again
        before anything else is read or written. In one statement, the checks took a third of a
        merge's time (50 of 145 ms for 10,000 interventions); alongside, hardly any of it.
        """
        src = self.source.table(table)
        insert = f"INSERT INTO main.[{table}] ({names}) SELECT {', '.join(incoming)} FROM {src} o WHERE "
        if self.source.database is None:  # a bundle's staged rows: only this connection sees them
            return self.conn.execute(f"{insert}coalesce({checks.whole}, 0)", checks.args).rowcount
        # The other connection has no temp.fold_moved: it checks the rows as the file has them.
        doubts = self._checks(table, self._incoming(table, mapped=False)).values if self.moved else checks.values
        check = Alongside(self.source.database, self.source.schema,
                          f"SELECT o.rowid FROM {src} o WHERE NOT coalesce({doubts}, 0)", checks.args,
                          functions={"workshop_texts": _texts_as_stored})
        added = self.conn.execute(f"{insert}coalesce({checks.keys}, 0)", checks.args).rowcount
        doubtful = check.found()
        for start in range(0, len(doubtful), BATCH):  # none from a notebook workshop wrote
            chunk = doubtful[start:start + BATCH]
            added -= self.conn.execute(
                f"DELETE FROM main.[{table}] WHERE id IN (SELECT o.id FROM {src} o "
                f"WHERE o.rowid IN ({', '.join('?' * len(chunk))}))", chunk,
            ).rowcount
        return added

    def _batches(self, table: str, rids: list[int]) -> Iterator[tuple[int, Record, FieldTimes | None]]:
        for start in range(0, len(rids), BATCH):
            chunk = rids[start:start + BATCH]
            yield from self._rows(table, f"WHERE o.rowid IN ({', '.join('?' * len(chunk))})", chunk)

    def _fold_rows(self, table: str, rows: Iterable[tuple[int, Record, FieldTimes | None]]) -> Counts:
        """Fold incoming rows one by one: added, merged field by field, or left as they were."""
        added = updated = unchanged = 0
        for _, record, times in rows:
            outcome = self.fold_row(record, times)
            added += outcome == "added"
            updated += outcome == "updated"
            unchanged += outcome == "unchanged"
        return Counts(added, updated, unchanged)

    def fold_row(self, record: Record, times: FieldTimes | None) -> str:
        """Fold one incoming row; says whether it was added, updated or left unchanged."""
        # Compared as it would be stored: text that cleaning makes the same is the same.
        record = self._repointed(_record(type(record), _column_values(record)))
        self._check_references(record)
        local = self._local(record)
        if local is None:
            self._write(record, times)
            return "added"
        here, here_times = local
        merged = merge_versions(here, here_times, record, times)
        self.conflicts.extend(merged.conflicts)
        if record.table == "speaker" and record.id != merged.record.id:
            self._remember(record.id, merged.record.id)  # the file's turns go to the one kept
        if merged.record == here and merged.times == known_times(here, here_times):
            return "unchanged"  # nothing new, also for a row stored without its field times
        if merged.record.id == here.id:
            self._write(merged.record, merged.times)
        elif record.table == "speaker":  # the one kept is written first: turns move to it
            self._write(merged.record, merged.times)
            self._drop(here, merged.record.id)
        else:  # a question state: the question's one row is replaced
            self._drop(here, merged.record.id)
            self._write(merged.record, merged.times)
        return "unchanged" if merged.record == here else "updated"

    def _local(self, record: Record) -> tuple[Record, FieldTimes | None] | None:
        """This notebook's version of a row: by id, or by what it stands for (a question's state,
        a live speaker of the same delegation)."""
        cls = type(record)
        row = self.conn.execute(_shape(cls).select_stamped, [record.id]).fetchone()
        found = None
        if row is None and record.table == "question_state":
            found = self.conn.execute(
                "SELECT id FROM main.question_state WHERE session_id = ? AND ref = ?",
                [record.session_id, record.ref],
            ).fetchone()
        elif row is None and record.table == "speaker" and not record.deleted and speaker_key(record):
            kept = self._speakers.get(speaker_key(record))
            found = (kept,) if kept else None
        if found:
            row = self.conn.execute(_shape(cls).select_stamped, [found[0]]).fetchone()
        if row is None:
            return None
        return _record(cls, row[:-1]), read_times(row[-1])

    def _write(self, record: Record, times: FieldTimes | None) -> None:
        self.changed = True
        key = speaker_key(record) if record.table == "speaker" else None
        if key and not record.deleted:
            self._speakers.setdefault(key, record.id)
        elif key and self._speakers.get(key) == record.id:
            del self._speakers[key]  # deleted here: not joined with a live one
        self.conn.execute(
            _shape(type(record)).stamped,
            [*_column_values(record), None if times is None else write_times(times)],
        )

    def _remember(self, dropped: str, kept: str) -> None:
        """Note that a speaker id now stands for another, for the rows still to come."""
        for old, new in list(self.moved.items()):
            if new == dropped:
                self.moved[old] = kept
        self.moved[dropped] = kept
        self.conn.execute("INSERT OR REPLACE INTO temp.fold_moved VALUES (?, ?)", [dropped, kept])
        self.conn.execute("UPDATE temp.fold_moved SET kept = ? WHERE kept = ?", [kept, dropped])

    def _drop(self, record: Record, kept: str) -> None:
        """Remove a row made one with another; a speaker's turns then belong to the one kept."""
        if record.table == "speaker":
            self._move_speaker(record.id, kept)
            key = speaker_key(record)
            if key and self._speakers.get(key) == record.id:
                self._speakers[key] = kept
        self.changed = True
        self.conn.execute(f"DELETE FROM main.[{record.table}] WHERE id = ?", [record.id])

    # --- speakers ----------------------------------------------------------------------------

    def _fold_speakers(self) -> Counts:
        """Speakers by id, then the same delegation (and person) made one speaker."""
        added_ids: set[str] = set()
        updated = 0
        self._speakers = {}
        for speaker, _ in _live_speakers(self.conn):
            if speaker_key(speaker):
                self._speakers.setdefault(speaker_key(speaker), speaker.id)
        differing = self._differing("speaker")
        unchanged = self.count("speaker") - len(differing)
        for _, record, times in self._batches("speaker", differing):
            outcome = self.fold_row(record, times)
            if outcome == "added":
                added_ids.add(record.id)
            updated += outcome == "updated"
            unchanged += outcome == "unchanged"
        for group in _same_speakers(self.conn):
            first, *others = sorted(group, key=lambda pair: pair[0].id)
            merged_record, merged_times = first
            for other, other_times in others:
                merged = merge_versions(merged_record, merged_times, other, other_times)
                self.conflicts.extend(merged.conflicts)
                merged_record, merged_times = merged.record, merged.times
            for other, _ in others:
                self._drop(other, merged_record.id)
            self._write(merged_record, merged_times)
            # A speaker added only to be made one with a speaker already here was not new.
            new = [s.id for s, _ in group if s.id in added_ids]
            if len(new) < len(group):
                added_ids -= set(new)
                updated += len(new)
            else:
                added_ids -= set(new[1:])
                unchanged += len(new) - 1
        return Counts(len(added_ids), updated, unchanged)

    def _move_speaker(self, dropped: str, kept: str) -> None:
        self._remember(dropped, kept)
        for table in SPEAKER_CHILDREN:
            self.conn.execute(f"UPDATE main.[{table}] SET speaker_id = ? WHERE speaker_id = ?", [kept, dropped])

    def _repointed(self, record: Record) -> Record:
        speaker = getattr(record, "speaker_id", None)
        if speaker in self.moved:
            return record._replace(speaker_id=self.moved[speaker])
        return record

    # --- drafts ------------------------------------------------------------------------------

    def _fold_drafts(self) -> Counts:
        """A bundle's drafts go only where this notebook has none: the rapporteur's own note stays."""
        added = unchanged = 0
        for _, record, times in self._rows("draft"):
            record = self._repointed(record)
            self._check_references(record)
            here = self.conn.execute(
                "SELECT 1 FROM main.draft WHERE id = ? OR session_id = ?", [record.id, record.session_id]
            ).fetchone()
            if here:
                unchanged += 1
                continue
            self._write(record, times)
            added += 1
        return Counts(added, 0, unchanged)

    # --- checks ------------------------------------------------------------------------------

    def _check_references(self, record: Record) -> None:
        """Refuse a row that points at a session, speaker or intervention found nowhere."""
        # A key point's intervention_ids are not checked: a partial bundle may link interventions
        # of another session, and the summary counts only the links it finds.
        for column, parent in REFERENCES.items():
            ref = getattr(record, column, None)
            if ref is None:
                continue
            if not self.conn.execute(f"SELECT 1 FROM main.[{parent}] WHERE id = ?", [ref]).fetchone():
                raise NotebookError(
                    f"{record.table} {record.id}: refers to {parent} {_shown(ref)}, which is in neither "
                    "the notebook nor the file"
                )

    def _checks(self, table: str, incoming: list[str]) -> Checks:
        """The SQL conditions true for an incoming row that needs no closer look, and their arguments."""
        from workshop.store.sync import VOCABULARY

        args = {"stamp": STAMP_GLOB, "uuid": _UUID_GLOB, "limit": self.limit}
        keys = []
        conditions = []
        texts: list[tuple[str, str]] = []  # (how to check, column): checked in one call per row
        for f, expr in zip(record_fields(records_by_table()[table]), incoming):
            name = f.name
            parent = REFERENCES.get(name)
            if parent:
                found = f"EXISTS (SELECT 1 FROM main.[{parent}] p WHERE p.id = {expr})"
                keys.append(f"({expr} IS NULL OR {found})" if f.type.endswith("None") else found)
            if name == "id":
                keys.append(f"(typeof({expr}) = 'text' AND {expr} GLOB :uuid)")
            elif name in STAMPS:
                stamp = f"(typeof({expr}) = 'text' AND {expr} GLOB :stamp AND {expr} <= :limit)"
                conditions.append(f"({expr} IS NULL OR {stamp})" if name == "deleted_at" else stamp)
            elif f.type.startswith("tuple"):
                conditions.append(f"({expr} IS NULL OR typeof({expr}) = 'text')")
                texts.append(("j", expr))
            elif f.type == "int":
                conditions.append(f"({expr} IS NULL OR (typeof({expr}) = 'integer' AND {expr} BETWEEN 0 AND {2**53 - 1}))")
            elif f.type == "float":
                conditions.append(f"({expr} IS NULL OR (typeof({expr}) IN ('integer', 'real') AND abs({expr}) < 1e308))")
            else:
                conditions.append(f"({expr} IS NULL OR typeof({expr}) = 'text')")
                # A reference found among this notebook's ids, or a word of a vocabulary, is plain.
                if name not in REFERENCES and (table, name) not in VOCABULARY and name != "topic":
                    texts.append(("l" if name in _ONE_LINE else "c", expr))
            allowed = VOCABULARY.get((table, name))
            if table == "session" and name == "topic":
                from workshop.store.sync import topic_keys

                allowed = tuple(sorted(topic_keys()))
            if allowed is not None:
                listed = f"{expr} IN ({', '.join(_quoted(v) for v in allowed)})"
                # An empty column reads as the field's default, which may be a word of the list.
                if f.has_default and f.default in allowed:
                    listed = f"({expr} IS NULL OR {listed})"
                conditions.append(listed)
        if texts:
            flags = "".join(flag for flag, _ in texts)
            conditions.append(f"workshop_texts('{flags}', {', '.join(f'CAST({e} AS BLOB)' for _, e in texts)})")
        times = incoming[-1]
        conditions.append(
            f"({times} IS NULL OR (typeof({times}) = 'text' AND json_valid({times}) AND json_type({times}) = 'object' "
            f"AND NOT EXISTS (SELECT 1 FROM json_tree({times}) WHERE type NOT IN ('object', 'array', 'text') "
            f"OR (type = 'text' AND (NOT value GLOB :stamp OR value > o.[updated_at])))))"
        )
        return Checks("(" + " AND ".join(keys) + ")", "(" + " AND ".join(conditions) + ")", args)

    # --- this notebook's own odd times -------------------------------------------------------

    def normalize_local_stamps(self, tables: Iterable[str]) -> None:
        """Write this notebook's own times in the one format, so both sides compare alike."""
        from workshop.store.sync import normalized_stamp

        for table in tables:
            # Length, "T" and "+00:00" find offsets and dates without times at a third of the
            # cost of matching every digit on 100,000 rows; the rest is left as it is.
            odd = self.conn.execute(
                f"SELECT rowid, {', '.join(STAMPS)} FROM main.[{table}] WHERE "
                + " OR ".join(f"{_odd_stamp(s)}" for s in STAMPS)
            ).fetchall()
            for rid, *stamps in odd:
                fixed = [normalized_stamp(s) if s is not None else None for s in stamps]
                self.changed = True
                self.conn.execute(
                    f"UPDATE main.[{table}] SET {', '.join(f'{s} = ?' for s in STAMPS)} WHERE rowid = ?",
                    [*fixed, rid],
                )


def row_as_written(cls: type[Record], values: list, written: str | None) -> object:
    """A bundle's row as its file gave it, from the values it was staged with (or its JSON)."""
    if written is not None:
        return json.loads(written)
    row = dict(zip((f.name for f in record_fields(cls)), values))
    for f in record_fields(cls):
        if f.type.startswith("tuple") and row[f.name] is not None:
            row[f.name] = json.loads(row[f.name])  # staged as the notebook writes a list
    return row


def _same_speakers(conn: sqlite3.Connection) -> list[list[tuple[Speaker, FieldTimes | None]]]:
    """Groups of live speakers that are the same delegation and the same person (or no person named)."""
    groups: dict[tuple[str, str], list] = {}
    for speaker, times in _live_speakers(conn):
        key = speaker_key(speaker)
        if key is not None:
            groups.setdefault(key, []).append((speaker, times))
    return [group for group in groups.values() if len(group) > 1]


def _live_speakers(conn: sqlite3.Connection) -> list[tuple[Speaker, FieldTimes | None]]:
    """This notebook's live speakers with a delegation, with their field times."""
    columns = ", ".join(f"[{c}]" for c in _shape(Speaker).columns)
    rows = conn.execute(
        f"SELECT {columns}, [field_times] FROM main.speaker "
        "WHERE deleted_at IS NULL AND delegation IS NOT NULL AND delegation != '' ORDER BY id"
    )
    return [(_record(Speaker, row[:-1]), read_times(row[-1])) for row in rows.fetchall()]


def speaker_key(speaker: Speaker) -> tuple[str, str] | None:
    """What makes two speakers one: their delegation and their name, ignoring case and spacing."""
    delegation, name = one_line(speaker.delegation).casefold(), one_line(speaker.name).casefold()
    return (delegation, name) if delegation else None


def _odd_stamp(column: str) -> str:
    odd = f"length({column}) != 32 OR substr({column}, 11, 1) != 'T' OR substr({column}, 27) != '+00:00'"
    return f"({column} IS NOT NULL AND ({odd}))"


def _text(stored: bytes) -> str | None:
    """Stored text as a string, or None for bytes that are not UTF-8."""
    try:
        return stored.decode("utf-8")
    except (UnicodeDecodeError, AttributeError):
        return None


def _texts_as_stored(flags: str, *stored: bytes | None) -> bool:
    """True when every text is as the notebook would store it: c clean, l on one line, j a list of lines."""
    # Called once for each incoming row: _is_clean is written out here, a call less per text.
    for flag, value in zip(flags, stored):
        if value is None:
            continue
        if flag == "c":
            try:
                text = value.decode("utf-8")
            except (UnicodeDecodeError, AttributeError):
                return False
            if not text.isprintable() and _CONTROL.search(text):
                return False
        elif not (_is_one_line(value) if flag == "l" else _is_list_of_lines(value)):
            return False
    return True


def _is_clean(stored: bytes) -> bool:
    """True for text that clean() leaves as it is."""
    text = _text(stored)
    # Printable text has none of the control characters; the search is for the rest (a newline).
    return text is not None and (text.isprintable() or not _CONTROL.search(text))


@lru_cache(maxsize=4096)  # names, titles and lists of questions come back on many rows
def _is_one_line(stored: bytes) -> bool:
    """True for text that one_line() leaves as it is."""
    text = _text(stored)
    return text is not None and (text.isprintable() or not _CONTROL.search(text)) and " ".join(text.split()) == text


@lru_cache(maxsize=4096)
def _is_list_of_lines(stored: bytes) -> bool:
    """True for a JSON array of texts that one_line() leaves as they are (as the notebook writes it)."""
    text = _text(stored)
    try:
        items = json.loads(text) if text is not None else None
    except (ValueError, RecursionError):
        return False
    return isinstance(items, list) and all(
        isinstance(item, str) and not _CONTROL.search(item) and " ".join(item.split()) == item
        and _encodable(item) for item in items
    )


def _encodable(text: str) -> bool:
    # JSON may spell a lone surrogate (\ud800), which SQLite and the exporters cannot write.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _stored_default(value: object) -> str:
    """A field's default as an SQL literal, written the way the notebook stores it."""
    if isinstance(value, tuple):
        return _quoted(json.dumps(list(value), ensure_ascii=False))
    if isinstance(value, str):
        return _quoted(value)
    return repr(value)


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def records_by_table() -> dict[str, type[Record]]:
    return {cls.table: cls for cls in records.RECORD_TYPES}
