"""What a summary reads of some sessions: their records without the interventions, and the floor's
tally counted from a cursor over the interventions in speaking order, never reading their text.

A summary of 100,000 interventions then holds its key points, findings and syntheses, and a few
hundred rows about the speakers, instead of every intervention with its text (207 MB at 100,000).
"""

from __future__ import annotations

import json
from sys import intern
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from workshop.export.floor import FloorTally, Turn, tally
from workshop.records import KeyPoint, Session, SessionRecord, Speaker
from workshop.store.notebook import _json_tuple

# The sessions in the order given, as a table: the JSON array of their ids, numbered from 0.
_CHOSEN = "WITH chosen(ordinal, id) AS (SELECT key, value FROM json_each(?)) "


class SummarySources(NamedTuple):
    """Everything a summary of some sessions is rendered from."""

    records: list[SessionRecord]  # one a session, in order; no interventions, no speakers
    floor: FloorTally  # what the summary says of the interventions and the speakers


def summary_sources(notebook, sessions: Sequence[Session]) -> SummarySources:
    """Read what the summary of some sessions needs, in the sessions' order."""
    chosen = json.dumps([s.id for s in sessions])
    records = [
        SessionRecord(
            session=session,
            findings=tuple(notebook.findings(session.id)),
            key_points=tuple(key_points(notebook, session.id)),
            question_states=tuple(notebook.question_states(session.id).values()),
        )
        for session in sessions
    ]
    floor = tally(turns(notebook, chosen), [p for r in records for p in r.key_points], heard(notebook, chosen))
    return SummarySources(records, floor)


def turns(notebook, chosen: str) -> Iterator[Turn]:
    """The live interventions of the chosen sessions in speaking order, as rows come from the cursor."""
    # The order of `Notebook.interventions`, session after session; NULLs read as the fields' defaults.
    rows = notebook.conn.execute(
        _CHOSEN + "SELECT i.id, i.speaker_id, coalesce(i.kind, 'statement'), coalesce(i.seconds, 0), i.question_refs "
        "FROM chosen JOIN intervention i ON i.session_id = chosen.id WHERE i.deleted_at IS NULL "
        "ORDER BY chosen.ordinal, i.started_at, i.created_at",
        [chosen],
    )
    for row_id, speaker_id, kind, seconds, refs in rows:
        # One string for each speaker, not one a row: the tally keeps them by the thousand.
        yield Turn(row_id, intern(speaker_id), kind, seconds, _json_tuple(refs) if refs else ())


def key_points(notebook, session_id: str) -> Iterator[KeyPoint]:
    """A session's live key points in the rapporteur's order, with what a summary reads of them."""
    rows = notebook.conn.execute(
        "SELECT id, question_ref, predicate, intervention_ids, position FROM key_point "
        "WHERE session_id = ? AND deleted_at IS NULL ORDER BY position, created_at",
        [session_id],
    )
    for point_id, ref, predicate, linked, position in rows:
        yield KeyPoint(
            id=point_id, session_id=session_id, question_ref=ref or "", predicate=predicate or "",
            # Each list is a key point's own: decoded here, not kept in the store's cache of lists.
            intervention_ids=tuple(json.loads(linked)) if linked else (),
            position=0.0 if position is None else position,
        )


def heard(notebook, chosen: str) -> dict[str, Speaker]:
    """The speakers of the chosen sessions' live interventions, deleted speakers too."""
    found = notebook.rows(
        Speaker,
        "id IN (SELECT speaker_id FROM intervention WHERE deleted_at IS NULL AND session_id IN "
        "(SELECT value FROM json_each(?)))",
        [chosen], include_deleted=True,
    )
    return {s.id: s for s in found}
