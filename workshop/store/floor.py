"""What a summary reads of some sessions: their records without the interventions, and the floor's
tally counted from a cursor over the interventions in speaking order, never reading their text.

A summary of 100,000 interventions then holds its key points, findings and syntheses, and a few
hundred rows about the speakers, instead of every intervention with its text (207 MB at 100,000).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import NamedTuple

from workshop.export.floor import FloorTally, tally
from workshop.records import KeyPoint, Session, SessionRecord, Speaker


class SummarySources(NamedTuple):
    """Everything a summary of some sessions is rendered from."""

    records: list[SessionRecord]  # one a session, in order; no interventions, no speakers
    floor: FloorTally  # what the summary says of the interventions and the speakers


def summary_sources(notebook, sessions: Sequence[Session]) -> SummarySources:
    """Read what the summary of some sessions needs, in the sessions' order."""
    records = [
        SessionRecord(
            session=session,
            findings=tuple(notebook.findings(session.id)),
            key_points=tuple(key_points(notebook, session.id)),
            question_states=tuple(notebook.question_states(session.id).values()),
        )
        for session in sessions
    ]
    points = [p for r in records for p in r.key_points]
    floor = tally(turns(notebook, sessions), points, {}, links(notebook, points), read_refs=json.loads)
    return SummarySources(records, floor._replace(speakers=heard(notebook, floor)))


def turns(notebook, sessions: Sequence[Session]) -> Iterator[tuple]:
    """The live interventions of the sessions in speaking order, as rows of the fields of a Turn.

    The cursors themselves, one session after the other: the tally unpacks their rows as they
    come. One session's rows are sorted in memory, where all of them at once (100,000) went to a
    temporary file. The question references are their JSON text, which the tally reads once for
    each distinct list.
    """
    # The order of `Notebook.interventions`; NULLs read as the fields' defaults.
    sql = ("SELECT id, speaker_id, coalesce(kind, 'statement'), coalesce(seconds, 0), question_refs "
           "FROM intervention WHERE session_id = ? AND deleted_at IS NULL ORDER BY started_at, created_at")
    execute = notebook.conn.execute
    return chain.from_iterable(execute(sql, [session.id]) for session in sessions)


def key_points(notebook, session_id: str) -> Iterator[KeyPoint]:
    """A session's live key points in the rapporteur's order, with what a summary reads of them.

    Their interventions are left out: `links` reads them, as rowids.
    """
    rows = notebook.conn.execute(
        "SELECT id, question_ref, predicate, position FROM key_point "
        "WHERE session_id = ? AND deleted_at IS NULL ORDER BY position, created_at",
        [session_id],
    )
    for point_id, ref, predicate, position in rows:
        yield KeyPoint(
            id=point_id, session_id=session_id, question_ref=ref or "", predicate=predicate or "",
            position=0.0 if position is None else position,
        )


def links(notebook, points: Sequence[KeyPoint]) -> dict[str, int | list[int]]:
    """Intervention id -> the place in `points` of the key point that links it, or their places.

    Read from the key points alone: finding each linked intervention's row (for its rowid) cost
    more than the whole tally. Most interventions have one key point, kept as the place itself (a
    list each was 4 MB at 100,000); the places are the same int objects, and their order does
    not matter to the tally.
    """
    places = list(range(len(points)))
    found: dict[str, int | list[int]] = {}
    get = found.get
    for n, intervention_id in notebook.conn.execute(
        "SELECT points.key, link.value FROM json_each(?) points JOIN key_point ON key_point.id = points.value "
        "JOIN json_each(key_point.intervention_ids) link WHERE link.type = 'text'",
        [json.dumps([point.id for point in points])],
    ):
        known = get(intervention_id)
        if known is None:
            found[intervention_id] = places[n]
        elif known.__class__ is int:
            found[intervention_id] = [known, places[n]]
        else:
            known.append(places[n])
    return found


def heard(notebook, floor: FloorTally) -> dict[str, Speaker]:
    """The rows of the speakers the tally counted, deleted speakers too."""
    # By id from the tally: a second pass over the interventions would cost as much as the first.
    ids = json.dumps(list(dict.fromkeys(t.speaker_id for t in floor.turns)))
    found = notebook.rows(Speaker, "id IN (SELECT value FROM json_each(?))", [ids], include_deleted=True)
    return {s.id: s for s in found}
