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
    points, linked = key_points(notebook, sessions)
    records = [
        SessionRecord(
            session=session,
            findings=tuple(notebook.findings(session.id)),
            key_points=session_points,
            question_states=tuple(notebook.question_states(session.id).values()),
        )
        for session, session_points in zip(sessions, points)
    ]
    everyone = [p for session_points in points for p in session_points]
    floor = tally(turns(notebook, sessions), everyone, {}, linked, read_refs=json.loads)
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


def key_points(notebook, sessions: Sequence[Session]) -> tuple[list[tuple[KeyPoint, ...]], dict[str, int | list[int]]]:
    """Each session's live key points in the rapporteur's order, and intervention id -> the place
    (among all of them) of the key point that links it, or their places."""
    # The links are read with the key points, from their lists of ids: finding each linked
    # intervention's row cost more than the whole tally, a second query of the lists a third of
    # it. Most interventions have one key point, kept as the place itself (a list each was 4 MB
    # at 100,000), one int object for all its links; their order does not matter to the tally.
    sql = ("SELECT id, question_ref, predicate, position, intervention_ids FROM key_point "
           "WHERE session_id = ? AND deleted_at IS NULL ORDER BY position, created_at")
    points: list[tuple[KeyPoint, ...]] = []
    found: dict[str, int | list[int]] = {}
    get = found.get
    place = 0
    for session in sessions:
        these = []
        for point_id, ref, predicate, position, ids in notebook.conn.execute(sql, [session.id]):
            # By position, in field order: a named tuple's keywords cost as much as the rest of the row.
            these.append(KeyPoint(point_id, "", "", None, session.id, ref or "", predicate or "", (),
                                  0.0 if position is None else position))
            listed = json.loads(ids) if ids else ()
            for intervention_id in listed if listed.__class__ is list else ():
                if intervention_id.__class__ is not str:
                    continue  # a number or a list there is no intervention's id
                known = get(intervention_id)
                if known is None:
                    found[intervention_id] = place
                elif known.__class__ is int:
                    found[intervention_id] = [known, place]
                else:
                    known.append(place)
            place += 1
        points.append(tuple(these))
    return points, found


def heard(notebook, floor: FloorTally) -> dict[str, Speaker]:
    """The rows of the speakers the tally counted, deleted speakers too."""
    # By id from the tally: a second pass over the interventions would cost as much as the first.
    ids = json.dumps(list(dict.fromkeys(t.speaker_id for t in floor.turns)))
    found = notebook.rows(Speaker, "id IN (SELECT value FROM json_each(?))", [ids], include_deleted=True)
    return {s.id: s for s in found}
