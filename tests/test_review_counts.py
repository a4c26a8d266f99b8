"""The statistics and coverage counted by SQLite are the ones counted from the records, and read no
intervention's text."""

from __future__ import annotations

import json
import sqlite3

import pytest
from review_corpus import build, fill

from workshop.catalogue import load_catalogue
from workshop.demo import fill_demo
from workshop.records import Session
from workshop.review import coverage, coverage_in, statistics, statistics_in, topic_coverage, topic_coverage_in
from workshop.store import Notebook, schema, tallies


def odd_rows(notebook: Notebook) -> None:
    """Rows the app's forms never write but a merged or older notebook may hold."""
    w3 = notebook.create_session("W3", meeting="odd", date="2025-03-20")
    w2 = notebook.create_session("W2", meeting="odd", date="2025-03-21")
    notebook.create_session("W3", meeting="nobody spoke", date="2025-03-22")
    kept = notebook.add_speaker("Kept", delegation="  Japan ", category="Member State", gender="female")
    same = notebook.add_speaker("Same", delegation="japan", category="Member State", regional_group="bogus")
    gone = notebook.add_speaker("Gone", category="expert/panellist")
    notebook.delete(gone)
    vague = notebook.add_speaker("Vague", delegation="Somewhere")
    rows = [
        (w3, kept, '["W3.Q.a", "W3.Q.a", "W2.Q.b"]', 30, "statement"),  # a ref twice, another topic's
        (w3, same, None, None, "statement"),  # no refs at all, no time
        (w3, same, "", -20, "statement"),  # an empty list written as "", time below 0
        (w3, gone, '["W9.Q.z", ""]', 15, "point of order"),  # unknown ref, empty ref, procedural
        (w3, vague, '["W2.Q.a"]', 40, "introductory statement"),
        (w3, vague, '["W2.Q.a"]', 45, "statement"),  # only another topic's question: untagged here
        (w3, "no-such-speaker", '["W3.Q.b"]', 50, "statement"),  # the speaker row is missing
        (w2, kept, '["W2.Q.a", "W3.Q.c"]', 60, "statement"),
    ]
    conn = notebook.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    for n, (session, speaker, refs, seconds, kind) in enumerate(rows):
        conn.execute(
            "INSERT INTO intervention (id, created_at, updated_at, session_id, speaker_id, question_refs, "
            "started_at, seconds, text, kind) VALUES (?, '2025', '2025', ?, ?, ?, ?, ?, 'said', ?)",
            [f"odd-{n}", session.id, getattr(speaker, "id", speaker), refs, f"2025-03-20T10:{n:02d}", seconds, kind],
        )
    conn.execute("PRAGMA foreign_keys = ON")
    notebook.delete(notebook.record_intervention(w3.id, kept.id, "withdrawn", question_refs=("W3.Q.d",), seconds=99))
    notebook.set_question_state(w3.id, "W3.Q.e", status="skipped", synthesis="\u2003\n")  # blank to Python
    notebook.set_question_state(w3.id, "W3.Q.f", status="current", synthesis="Noted.")
    notebook.delete(notebook.set_question_state(w3.id, "W3.Q.g", status="discussed", synthesis="Gone."))
    notebook.delete(notebook.add_finding(w3.id, "challenge", "withdrawn", question_ref="W3.Q.h"))
    notebook.add_finding(w3.id, "challenge", "kept", question_ref="W3.Q.h")
    notebook.add_key_point(w3.id, "W3.Q.i", "stressed the point")
    notebook.add_key_point(w3.id, "W9.Q.z", "stressed another")


FILLS = {
    "hand-made": fill,
    "generated-8": lambda notebook: build(notebook, seed=8),
    "generated-21": lambda notebook: build(notebook, seed=21),
    "generated-long": lambda notebook: build(notebook, seed=3, sessions=7, interventions=600),
    "demo": fill_demo,
    "odd-rows": odd_rows,
}


@pytest.fixture(scope="module", params=sorted(FILLS))
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    notebook = Notebook.open(tmp_path_factory.mktemp(request.param))
    FILLS[request.param](notebook)
    yield notebook
    notebook.close()


def scopes_of(notebook: Notebook) -> list[list[Session]]:
    """Each session alone, each topic's sessions, and every session."""
    sessions = notebook.sessions()
    return [[s] for s in sessions] + [notebook.find_sessions(t) for t in sorted({s.topic for s in sessions})] + [sessions]


def test_statistics_counted_by_sqlite_are_those_of_the_records(filled) -> None:
    for sessions in scopes_of(filled):
        records = [filled.session_record(s.id) for s in sessions]
        assert statistics_in(filled, sessions) == statistics(records), [s.meeting for s in sessions]


def test_coverage_counted_by_sqlite_is_that_of_the_records(filled) -> None:
    for sessions in scopes_of(filled):
        records = [filled.session_record(s.id) for s in sessions]
        assert coverage_in(filled, sessions) == coverage(records), [s.meeting for s in sessions]
    for topic in load_catalogue().topics:  # a topic's coverage from sessions of every topic
        sessions = filled.sessions()
        records = [filled.session_record(s.id) for s in sessions]
        assert topic_coverage_in(filled, topic, sessions) == topic_coverage(topic, records), topic.key


def test_the_odd_rows_count_as_the_records_say(tmp_path) -> None:
    """The cases the comparison above stands on, stated: so that both sides cannot be wrong alike."""
    with Notebook.open(tmp_path) as notebook:
        odd_rows(notebook)
        sessions = notebook.find_sessions("W3")
        stats = statistics_in(notebook, sessions)
        covered = topic_coverage_in(notebook, load_catalogue().topic("W3"), sessions)
    assert (stats.interventions, stats.seconds, stats.speakers, stats.delegations) == (7, 180, 5, 3)
    assert {t.key: (t.interventions, t.seconds) for t in stats.by_question} == {
        "W2.Q.a": (2, 85), "W2.Q.b": (1, 30), "W3.Q.a": (1, 30), "W3.Q.b": (1, 50), "W9.Q.z": (1, 15),
        "": (3, 15),
    }
    assert [m.interventions for m in stats.by_meeting] == [7, 0]
    assert stats.statement == ("Statements were made by the representatives of one Member State, and by one "
                               "expert and two other participants.")
    by_ref = {q.question.ref: q for q in covered.questions}
    assert (by_ref["W3.Q.a"].interventions, by_ref["W3.Q.a"].seconds) == (1, 30)
    assert (by_ref["W3.Q.b"].speakers, by_ref["W3.Q.c"].interventions, by_ref["W3.Q.d"].interventions) == (1, 0, 0)
    assert (by_ref["W3.Q.e"].status, by_ref["W3.Q.e"].synthesis) == ("skipped", False)
    assert (by_ref["W3.Q.f"].status, by_ref["W3.Q.f"].synthesis) == ("current", True)
    assert (by_ref["W3.Q.g"].status, by_ref["W3.Q.h"].findings, by_ref["W3.Q.i"].key_points) == ("pending", 1, 1)
    assert covered.untagged_interventions == 3  # no refs, "" refs, another topic's; not the procedural ones


def test_no_intervention_text_is_read(filled) -> None:
    """The counts come from the references, speakers and times: never from what was said."""
    read: set[tuple[str, str]] = set()

    def watch(action: int, table: str | None, column: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ:
            read.add((table or "", column or ""))
        return sqlite3.SQLITE_OK

    sessions = filled.sessions()
    filled.conn.set_authorizer(watch)
    try:
        statistics_in(filled, sessions)
        coverage_in(filled, sessions)
    finally:
        filled.conn.set_authorizer(None)
    assert ("intervention", "seconds") in read
    assert not {(table, column) for table, column in read
                if column in ("text", "synthesis") and table == "intervention"}


def test_coverage_reads_its_index_in_order(tmp_path) -> None:
    """A topic's interventions are read from the index made for coverage, in its order: SQLite
    neither reads the rows nor sorts them to group them (0.15 s at 100,000 interventions)."""
    with Notebook.open(tmp_path) as notebook:
        build(notebook, seed=8)
        params = {"sessions": json.dumps([s.id for s in notebook.sessions()]), "refs": "[]", "procedural": "[]"}
        plan = notebook.conn.execute("EXPLAIN QUERY PLAN " + tallies._ON_TOPIC, params).fetchall()
    spoken = next(node for node, _, _, detail in plan if detail == "MATERIALIZE spoken")
    grouping = [detail for _, parent, _, detail in plan if parent == spoken]
    assert f"SCAN intervention USING COVERING INDEX {schema.SPOKEN_INDEX}" in grouping, plan
    assert "USE TEMP B-TREE FOR GROUP BY" not in grouping, plan
    assert [detail for *_, detail in plan if "intervention" in detail] == grouping[:1], plan
