"""Finding what was said: full-text search over the notebook's FTS5 indexes, with filters.

The query is read by `workshop.store.query` (no user text reaches FTS5 as syntax); here it is
matched, filtered and ranked, and each hit carries its excerpt with the matched words as offsets.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop.store.query import (
    Highlighted, Matcher, Query, excerpt_with, matcher_for, parse_query, spans_with,
)
from workshop.store.results import DEFAULT_LIMIT, FINDING, INTERVENTION, KEY_POINT, RESULT_KINDS, SYNTHESIS
from workshop.store.schema import DELETED_INDEXES

if TYPE_CHECKING:
    from workshop.store.notebook import Notebook

RANK_WINDOW = 1000  # the most recent matches of each kind that are ranked (see _statement)
MAX_BOUNDED_SESSIONS = 64  # up to this many filtered sessions, the index scan is bounded by rowid


# --- filters and results -------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilter:
    """What to keep. Every field left empty keeps everything; set fields combine (all must hold).

    A speaker or category keeps interventions by that speaker, findings drawn from their
    interventions and key points backed by them; a finding kind or evidence level keeps findings only.
    """

    topic: str = ""
    session_ids: tuple[str, ...] = ()
    question_ref: str = ""
    speaker_id: str = ""
    speaker_category: str = ""
    finding_kind: str = ""
    evidence: str = ""
    kinds: tuple[str, ...] = ()  # RESULT_KINDS to look in; empty: all

    @property
    def active(self) -> bool:
        """True when at least one filter is set."""
        return self.tests_rows or bool(self.kinds)

    @property
    def tests_rows(self) -> bool:
        """True when a filter tests the records themselves (every one but the kinds to look in)."""
        return any((self.topic, self.session_ids, self.question_ref, self.speaker_id,
                    self.speaker_category, self.finding_kind, self.evidence))

    def looks_in(self, kind: str) -> bool:
        """Whether records of this kind can pass the filter at all."""
        if self.kinds and kind not in self.kinds:
            return False
        if (self.finding_kind or self.evidence) and kind != FINDING:
            return False
        if (self.speaker_id or self.speaker_category) and kind == SYNTHESIS:
            return False
        return True


@dataclass(frozen=True)
class SearchHit:
    """One record that matched: what it is and where it lives, so that opening it goes to it."""

    kind: str
    id: str
    session_id: str
    topic: str
    session_date: str
    question_refs: tuple[str, ...]
    speaker_id: str | None
    speaker: str  # the speaker's label, "" when the record has no single speaker
    speaker_category: str
    title: Highlighted  # a finding's title; empty for other kinds
    excerpt: Highlighted  # the matched text around its first match
    finding_kind: str = ""
    evidence: str = ""
    jurisdiction: str = ""
    rank: float = 0.0  # bm25: lower is better; 0.0 when listing without a query

    def as_json(self) -> dict:
        """The hit as plain JSON values (`workshop search --json`)."""
        return {
            "kind": self.kind, "id": self.id, "session_id": self.session_id, "topic": self.topic,
            "session_date": self.session_date, "question_refs": list(self.question_refs),
            "speaker_id": self.speaker_id, "speaker": self.speaker,
            "speaker_category": self.speaker_category, "title": self.title.text,
            "title_highlights": [list(s) for s in self.title.spans],
            "excerpt": self.excerpt.text, "highlights": [list(s) for s in self.excerpt.spans],
            "finding_kind": self.finding_kind, "evidence": self.evidence,
            "jurisdiction": self.jurisdiction, "rank": self.rank,
        }


# --- SQL -----------------------------------------------------------------------------------------

# Per kind: the content table's alias, its FTS table, the selected columns and the joins. Every
# result row carries the same columns so the four kinds share one reader.
_SPEAKER_LABEL = "sp.name, sp.delegation, sp.category"
_SOURCES = {
    INTERVENTION: dict(
        alias="i", table="intervention", fts="intervention_fts", rank="intervention_fts.rank",
        columns=(
            "i.id, i.session_id, s.topic, s.date, i.question_refs, i.speaker_id, "
            f"{_SPEAKER_LABEL}, '' AS title, i.text, '' AS fkind, '' AS evidence, '' AS jur, "
            "s.created_at AS session_created, i.created_at"
        ),
        joins="JOIN session s ON s.id = i.session_id LEFT JOIN speaker sp ON sp.id = i.speaker_id",
    ),
    FINDING: dict(
        alias="f", table="finding", fts="finding_fts",
        # A title match counts for more than one in the text or jurisdiction.
        rank="bm25(finding_fts, 4.0, 1.0, 2.0)",
        columns=(
            "f.id, f.session_id, s.topic, s.date, json_array(f.question_ref), si.speaker_id, "
            f"{_SPEAKER_LABEL}, f.title, f.text, f.kind, f.evidence, f.jurisdiction, "
            "s.created_at AS session_created, f.created_at"
        ),
        joins=(
            "JOIN session s ON s.id = f.session_id "
            "LEFT JOIN intervention si ON si.id = f.intervention_id "
            "LEFT JOIN speaker sp ON sp.id = si.speaker_id"
        ),
    ),
    KEY_POINT: dict(
        alias="k", table="key_point", fts="key_point_fts", rank="key_point_fts.rank",
        columns=(
            "k.id, k.session_id, s.topic, s.date, json_array(k.question_ref), NULL, "
            "NULL, NULL, NULL, '' AS title, k.predicate, '' AS fkind, '' AS evidence, '' AS jur, "
            "s.created_at AS session_created, k.created_at"
        ),
        joins="JOIN session s ON s.id = k.session_id",
    ),
    SYNTHESIS: dict(
        alias="q", table="question_state", fts="question_state_fts", rank="question_state_fts.rank",
        columns=(
            "q.id, q.session_id, s.topic, s.date, json_array(q.ref), NULL, "
            "NULL, NULL, NULL, '' AS title, q.synthesis, '' AS fkind, '' AS evidence, '' AS jur, "
            "s.created_at AS session_created, q.created_at"
        ),
        joins="JOIN session s ON s.id = q.session_id",
    ),
}

# Conditions on who spoke. A finding is tied to a speaker through its source intervention, a key
# point through the interventions it cites. For one speaker, both are tested against the set of
# that speaker's live interventions, which SQLite works out once per statement through the index
# of speakers (schema step 3); testing each record's own interventions one by one let SQLite walk
# the speaker's interventions for every record instead. A category of speakers can hold most
# interventions, too many to gather first: each record's interventions are looked up by id, and
# the unary + keeps SQLite off the index of speakers there.
_BY_SPEAKER = "SELECT id FROM intervention WHERE deleted_at IS NULL AND speaker_id = ?"
_SPEAKER_CONDITIONS = {
    INTERVENTION: "i.speaker_id = ?",
    FINDING: f"f.intervention_id IN ({_BY_SPEAKER})",
    KEY_POINT: f"EXISTS (SELECT 1 FROM json_each(k.intervention_ids) j WHERE j.value IN ({_BY_SPEAKER}))",
}
_IN_CATEGORY = "+{column} IN (SELECT id FROM speaker WHERE category = ?)"
_CATEGORY_CONDITIONS = {
    INTERVENTION: _IN_CATEGORY.format(column="i.speaker_id"),
    FINDING: (
        "EXISTS (SELECT 1 FROM intervention si WHERE si.id = f.intervention_id "
        f"AND si.deleted_at IS NULL AND {_IN_CATEGORY.format(column='si.speaker_id')})"
    ),
    KEY_POINT: (
        "EXISTS (SELECT 1 FROM json_each(k.intervention_ids) j JOIN intervention ki ON ki.id = j.value "
        f"WHERE ki.deleted_at IS NULL AND {_IN_CATEGORY.format(column='ki.speaker_id')})"
    ),
}


def _filter_sql(kind: str, filters: SearchFilter) -> tuple[list[str], list[object]]:
    """WHERE clauses and their parameters for one kind of record.

    They use only the record's own row and uncorrelated subqueries (which SQLite evaluates once), so
    that the ranked search can test each match without joining other tables.
    """
    a = _SOURCES[kind]["alias"]
    clauses = [f"{a}.deleted_at IS NULL"]
    args: list[object] = []
    if filters.topic:
        clauses.append(f"{a}.session_id IN (SELECT id FROM session WHERE deleted_at IS NULL AND topic = ?)")
        args.append(filters.topic.strip().upper())
    else:
        clauses.append(f"{a}.session_id IN (SELECT id FROM session WHERE deleted_at IS NULL)")
    if kind == SYNTHESIS:
        clauses.append("trim(coalesce(q.synthesis, '')) != ''")
    if filters.session_ids:
        clauses.append(f"{a}.session_id IN ({', '.join('?' * len(filters.session_ids))})")
        args.extend(filters.session_ids)
    if filters.question_ref:
        if kind == INTERVENTION:
            # question_refs is a JSON array of strings; the quoted ref is found in it as it is.
            clauses.append("instr(i.question_refs, ?) > 0")
            args.append(json.dumps(filters.question_ref, ensure_ascii=False))
        else:
            clauses.append("q.ref = ?" if kind == SYNTHESIS else f"{a}.question_ref = ?")
            args.append(filters.question_ref)
    if kind in _SPEAKER_CONDITIONS:
        if filters.speaker_id:
            clauses.append(_SPEAKER_CONDITIONS[kind])
            args.append(filters.speaker_id)
        if filters.speaker_category:
            clauses.append(_CATEGORY_CONDITIONS[kind])
            args.append(filters.speaker_category)
    if filters.finding_kind:
        clauses.append("f.kind = ?")
        args.append(filters.finding_kind)
    if filters.evidence:
        clauses.append("f.evidence = ?")
        args.append(filters.evidence)
    return clauses, args


def _session_rowids(conn: sqlite3.Connection, table: str, filters: SearchFilter) -> tuple[int, int] | None:
    """The rowid range a table's records of the filtered sessions lie in, when sessions are filtered.

    A session's records are written together, so their rowids are close: the FTS5 scan is bounded
    to that range instead of testing every match against the filter.
    """
    if not (filters.topic or filters.session_ids):
        return None
    session_ids = set(filters.session_ids)
    if filters.topic:
        rows = conn.execute("SELECT id FROM session WHERE topic = ?", [filters.topic.strip().upper()])
        in_topic = {row[0] for row in rows}
        session_ids = session_ids & in_topic if filters.session_ids else in_topic
    if len(session_ids) > MAX_BOUNDED_SESSIONS:
        return None  # two seeks per session would cost more than they save
    low, high = None, None
    for session_id in session_ids:
        # Each min() and max() is one seek in the session_id index (which holds the rowid).
        first, = conn.execute(f"SELECT min(rowid) FROM {table} WHERE session_id = ?", [session_id]).fetchone()
        last, = conn.execute(f"SELECT max(rowid) FROM {table} WHERE session_id = ?", [session_id]).fetchone()
        if first is not None:
            low = first if low is None else min(low, first)
            high = last if high is None else max(high, last)
    return (low, high) if low is not None else (1, 0)


def _statement(
    kind: str, query: Query, filters: SearchFilter, limit: int, rowids: tuple[int, int] | None = None,
    *, live_only: bool = False,
) -> tuple[str, list[object]]:
    """The SELECT for one kind: with a query, the rowids and bm25 scores of its best `limit` matches
    (see `_rows_statement` for their columns); without one, the plain filtered listing.

    `live_only`: no filter is set and no session is deleted, so a match is kept unless its record is
    deleted, which the index of deleted rows (schema step 2) answers without reading the record.
    """
    source = _SOURCES[kind]
    a, table = source["alias"], source["table"]
    if query.empty:
        clauses, args = _filter_sql(kind, filters)
        where = " AND ".join(clauses)
        sql = (
            f"SELECT {source['columns']}, 0.0 AS rank FROM {table} {a} {source['joins']} "
            f"WHERE {where} ORDER BY s.date, s.created_at, s.id, {a}.created_at LIMIT ?"
        )
        return sql, [*args, limit]
    fts = source["fts"]
    if live_only and table in DELETED_INDEXES:
        scan = (
            f"FROM {fts} WHERE {fts} MATCH ? AND {fts}.rowid NOT IN "
            f"(SELECT rowid FROM {table} WHERE deleted_at IS NOT NULL)"
        )
        args = []
    else:
        clauses, args = _filter_sql(kind, filters)
        if rowids is not None:
            clauses.append(f"{fts}.rowid BETWEEN ? AND ?")
            args.extend(rowids)
        if kind == INTERVENTION and filters.speaker_id:
            # The matches are read newest first; the speaker's are told from the others by their
            # rowids (gathered once through the index of speakers) before their records are read.
            # The + keeps the full-text index from seeking each of those rowids in turn.
            clauses.append(f"+{fts}.rowid IN (SELECT rowid FROM intervention WHERE speaker_id = ?)")
            args.append(filters.speaker_id)
        scan = (
            f"FROM {fts} JOIN {table} {a} ON {a}.rowid = {fts}.rowid "
            f"WHERE {fts} MATCH ? AND {' AND '.join(clauses)}"
        )
    # Matches are read newest first through the index and scored as they come; only the
    # RANK_WINDOW newest that pass the filters are scored at all, since a word said in nearly every
    # intervention would otherwise cost a bm25 score for each of 100,000 rows. Below that many
    # matches the ranking is exact; above it, the best of the most recent are shown.
    sql = (
        f"WITH matched AS MATERIALIZED ("
        f"SELECT {fts}.rowid AS matched_rowid, {source['rank']} AS score {scan} "
        f"ORDER BY {fts}.rowid DESC LIMIT {RANK_WINDOW}) "
        f"SELECT matched_rowid, score FROM matched ORDER BY score, matched_rowid DESC LIMIT ?"
    )
    return sql, [query.fts, *args, limit]


def _rows_statement(kind: str, rowids: list[int]) -> tuple[str, list[object]]:
    """The columns to show of the given records of one kind, each row led by its rowid."""
    source = _SOURCES[kind]
    a, table = source["alias"], source["table"]
    sql = (
        f"SELECT {a}.rowid, {source['columns']} FROM {table} {a} {source['joins']} "
        f"WHERE {a}.rowid IN (SELECT value FROM json_each(?))"
    )
    return sql, [json.dumps(rowids)]


def _speaker_label(name: str | None, delegation: str | None) -> str:
    if not name:
        return ""
    if delegation and delegation != name:
        return f"{name} ({delegation})"
    return name


def _hit(kind: str, row: tuple, matcher: Matcher | None) -> SearchHit:
    (rid, session_id, topic, date, refs, speaker_id, name, delegation, category, title, text,
     fkind, evidence, jurisdiction, _session_created, _created_at, rank) = row
    try:
        question_refs = tuple(r for r in json.loads(refs or "[]") if isinstance(r, str) and r)
    except ValueError:
        question_refs = ()
    body = text or ""
    if kind == FINDING and not body.strip():
        body = jurisdiction or ""
    title = title or ""
    return SearchHit(
        kind=kind, id=rid, session_id=session_id, topic=topic or "", session_date=date or "",
        question_refs=question_refs, speaker_id=speaker_id,
        speaker=_speaker_label(name, delegation), speaker_category=category or "",
        title=Highlighted(title, spans_with(title, matcher) if matcher else ()),
        excerpt=excerpt_with(body, matcher),
        finding_kind=fkind or "", evidence=evidence or "", jurisdiction=jurisdiction or "",
        rank=float(rank or 0.0),
    )


def search(
    notebook: Notebook,
    text: str | Query = "",
    filters: SearchFilter | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
) -> list[SearchHit]:
    """Records matching what the user typed and the filters, best first.

    With words to look for, results come from the FTS5 indexes ranked by bm25 (best first). With
    an empty query, the records that pass the filters are listed in the order they were recorded;
    text with nothing searchable in it (only punctuation or operators) finds nothing.
    """
    query = text if isinstance(text, Query) else parse_query(text or "")
    filters = filters or SearchFilter()
    limit = max(0, int(limit))
    if limit == 0 or (query.empty and isinstance(text, str) and text.strip()):
        return []  # something was typed but none of it can be searched for: nothing matches
    conn = notebook.conn  # the connection itself: searching never waits for sqlite-utils to load
    kinds = [kind for kind in RESULT_KINDS if filters.looks_in(kind)]
    if query.empty:
        found: list[tuple[tuple, str, tuple]] = []  # (sort key, kind, row)
        for kind in kinds:
            sql, args = _statement(kind, query, filters, limit)
            for row in conn.execute(sql, args):
                found.append((_sort_key(row, query), kind, row))
        best = heapq.nsmallest(limit, found, key=lambda item: item[0])
        return [_hit(kind, row, None) for _, kind, row in best]
    live_only = not filters.tests_rows and not conn.execute(
        "SELECT EXISTS (SELECT 1 FROM session WHERE deleted_at IS NOT NULL)"
    ).fetchone()[0]
    # Best first, by score; equal scores in the order of RESULT_KINDS, then as each kind ranked them.
    ranked: list[tuple[float, int, int, str, int]] = []  # (score, kind order, place, kind, rowid)
    for order, kind in enumerate(kinds):
        rowids = _session_rowids(conn, _SOURCES[kind]["table"], filters)
        sql, args = _statement(kind, query, filters, limit, rowids, live_only=live_only)
        for place, (rowid, score) in enumerate(conn.execute(sql, args)):
            ranked.append((float(score or 0.0), order, place, kind, rowid))
    ranked.sort()
    # Columns, excerpts and highlights are worked out for the rows kept only. A record whose
    # session is missing cannot be shown: the next best takes its place.
    matcher = matcher_for(query)
    hits: list[SearchHit] = []
    taken = 0
    while len(hits) < limit and taken < len(ranked):
        chosen = ranked[taken:taken + limit - len(hits)]
        taken += len(chosen)
        rows: dict[tuple[str, int], tuple] = {}
        for kind in {kind for _, _, _, kind, _ in chosen}:
            sql, args = _rows_statement(kind, [rowid for _, _, _, k, rowid in chosen if k == kind])
            rows.update(((kind, row[0]), row[1:]) for row in conn.execute(sql, args))
        for score, _, _, kind, rowid in chosen:
            row = rows.get((kind, rowid))
            if row is not None:
                hits.append(_hit(kind, (*row, score), matcher))
    return hits


def _sort_key(row: tuple, query: Query) -> tuple:
    """The order of a listing without a query: as recorded (session date, then creation)."""
    session_id, date, session_created, created_at = row[1], row[3], row[14], row[15]
    return (date or "", session_created or "", session_id, created_at or "")
