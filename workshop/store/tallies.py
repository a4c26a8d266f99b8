"""Who spoke, how long and on which question, counted by SQLite over a set of sessions.

Rows of counts for the statistics and coverage of workshop/review: GROUP BY over the live
interventions and `json_each` over their lists of question references. No intervention text is
read, and the rows are few (speakers times sessions, speakers times questions) however long the
sessions are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from workshop.records import QuestionState, Speaker
from workshop.store.notebook import Notebook

# Both queries read the live interventions of the sessions named by the JSON list :sessions,
# grouped first by speaker and list of question references (a session has a few dozen distinct
# lists) with their count and speaking time as the records give it (NULL is 0, never below 0):
# `json_each` then expands the grouped rows, not every intervention. A reference listed twice in
# one intervention counts once, like a set (the DISTINCT over a grouped row and a reference).

# Per speaker and question; "" for the interventions tagged with none.
_PER_QUESTION = (
    "WITH spoken AS (SELECT speaker_id, question_refs, count(*) AS interventions, "
    "sum(max(0, coalesce(seconds, 0))) AS seconds FROM intervention "
    "WHERE deleted_at IS NULL AND session_id IN (SELECT value FROM json_each(:sessions)) "
    "GROUP BY speaker_id, question_refs) "
    "SELECT speaker_id, ref, sum(interventions), sum(seconds) FROM ("
    "SELECT DISTINCT speaker_id, question_refs, interventions, seconds, coalesce(q.value, '') AS ref "
    "FROM spoken LEFT JOIN json_each(nullif(question_refs, '')) AS q"
    ") GROUP BY speaker_id, ref"
)

# Per question of a topic (:refs); the row whose ref is NULL holds the interventions tagged with
# none of them, of which the last column counts those not procedural by their kind (:procedural).
# The topic's refs are looked for once per distinct list (`answers`, a few dozen), not per grouped
# row: the grouped rows are then joined to the lists that answer each question. The interventions
# are read from the index made for this count (schema.SPOKEN_INDEX), in its order: `+session_id`
# keeps SQLite from looking the sessions up by their own index, whose rows it would then sort.
_ON_TOPIC = (
    "WITH spoken AS MATERIALIZED (SELECT speaker_id, question_refs, kind, count(*) AS interventions, "
    "sum(max(0, coalesce(seconds, 0))) AS seconds FROM intervention "
    "WHERE deleted_at IS NULL AND +session_id IN (SELECT value FROM json_each(:sessions)) "
    "GROUP BY speaker_id, question_refs, kind), "
    "answers AS MATERIALIZED (SELECT DISTINCT lists.question_refs, q.value AS ref "
    "FROM (SELECT DISTINCT question_refs FROM spoken) AS lists "
    "JOIN json_each(nullif(lists.question_refs, '')) AS q WHERE q.value IN (SELECT value FROM json_each(:refs))) "
    "SELECT a.ref, sum(s.interventions), sum(s.seconds), count(DISTINCT s.speaker_id), 0 "
    "FROM answers AS a JOIN spoken AS s ON s.question_refs = a.question_refs GROUP BY a.ref "
    "UNION ALL "
    "SELECT NULL, 0, 0, 0, coalesce(sum(interventions), 0) FROM spoken "
    "WHERE coalesce(kind, 'statement') NOT IN (SELECT value FROM json_each(:procedural)) "
    "AND (question_refs IS NULL OR question_refs NOT IN (SELECT question_refs FROM answers))"
)


def _sessions(session_ids: Iterable[str]) -> str:
    return json.dumps(list(session_ids))


def speakers_heard(notebook: Notebook, speaker_ids: Iterable[str]) -> dict[str, Speaker]:
    """The speakers of these ids, deleted ones too, by id (ids with no speaker row are left out)."""
    heard = notebook.rows(
        Speaker, "id IN (SELECT value FROM json_each(?))", [json.dumps(list(speaker_ids))],
        include_deleted=True, order_by="",
    )
    return {s.id: s for s in heard}


def spoken_per_meeting(notebook: Notebook, session_ids: Sequence[str]) -> list[tuple[str, str, int, int]]:
    """(session id, speaker id, interventions, seconds) of every speaker heard in each session."""
    sql = ("SELECT session_id, speaker_id, count(*), sum(max(0, coalesce(seconds, 0))) FROM intervention "
           "WHERE deleted_at IS NULL AND session_id IN (SELECT value FROM json_each(?)) GROUP BY session_id, speaker_id")
    return notebook.conn.execute(sql, [_sessions(session_ids)]).fetchall()


def spoken_per_question(notebook: Notebook, session_ids: Sequence[str]) -> list[tuple[str, str, int, int]]:
    """(speaker id, question ref or "", interventions, seconds) of every speaker in the sessions."""
    return notebook.conn.execute(_PER_QUESTION, {"sessions": _sessions(session_ids)}).fetchall()


def spoken_on_topic(
    notebook: Notebook, session_ids: Sequence[str], refs: Iterable[str], procedural: Iterable[str],
) -> tuple[dict[str, tuple[int, int, int]], int]:
    """Interventions, seconds and speakers per question of `refs`; and how many interventions
    answer none of them without being of a `procedural` kind."""
    rows = notebook.conn.execute(_ON_TOPIC, {
        "sessions": _sessions(session_ids), "refs": json.dumps(list(refs)),
        "procedural": json.dumps(list(procedural)),
    })
    tagged, untagged = {}, 0
    for ref, interventions, seconds, speakers, not_procedural in rows:
        if ref is None:
            untagged = not_procedural
        else:
            tagged[ref] = (interventions, seconds, speakers)
    return tagged, untagged


def recorded_per_question(notebook: Notebook, table: str, session_ids: Sequence[str]) -> dict[str, int]:
    """Live findings or key points (`table`) of the sessions, counted per question ref."""
    assert table in ("finding", "key_point")
    sql = (f"SELECT coalesce(question_ref, ''), count(*) FROM [{table}] WHERE deleted_at IS NULL "
           "AND session_id IN (SELECT value FROM json_each(?)) GROUP BY 1")
    return dict(notebook.conn.execute(sql, [_sessions(session_ids)]).fetchall())


def question_states_of(notebook: Notebook, session_ids: Sequence[str]) -> list[QuestionState]:
    """The live question states of the sessions (a few a session)."""
    return notebook.rows(
        QuestionState, "session_id IN (SELECT value FROM json_each(?))", [_sessions(session_ids)],
    )
