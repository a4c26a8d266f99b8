"""What the synthesis reads of a session without the interventions' text, against the records in full."""

from __future__ import annotations

from pathlib import Path

from workshop.catalogue import load_catalogue
from workshop.demo import fill_demo
from workshop.export.reflected import PROCEDURAL_KINDS, reflected_ids
from workshop.export.summary import Floor
from workshop.store import Notebook
from workshop.store.deliberations import GENERAL, HEAD_CHARS, Deliberations, intervention_heads, intervention_text
from workshop.text import one_line

W3 = load_catalogue().topic("W3")
KNOWN = {q.ref for q in W3.questions}


def odd_session(notebook: Notebook) -> str:
    """The demo meeting and interventions at the edges of what the synthesis lists."""
    session_id = fill_demo(notebook).id
    speaker = notebook.speakers()[0]
    late = "2015-04-15T12:00:00.000000+00:00"
    record = notebook.record_intervention
    record(session_id, speaker.id, "\n\n  Begins with blank lines. " + "Long. " * 100,
           question_refs=("W3.Q.b", "W3.Q.b", "W3.Q.c"), started_at=late)
    record(session_id, speaker.id, "On no question.", started_at=late)
    record(session_id, speaker.id, "On a question of another topic.", question_refs=("W9.Q.a",))
    notebook.update(record(session_id, speaker.id, "Procedure.", started_at=late), kind="point of order")
    notebook.delete(record(session_id, speaker.id, "Withdrawn.", question_refs=("W3.Q.b",), started_at=late))
    return session_id


def test_each_question_lists_what_the_records_say_in_speaking_order(home: Path) -> None:
    with Notebook.open(home) as notebook:
        session_id = odd_session(notebook)
        record = notebook.session_record(session_id)
        read = Deliberations.read(notebook, session_id, KNOWN)
        live = [i for i in record.interventions if i.deleted_at is None]
        assert [h.id for h in read.heard] == [i.id for i in live]
        for ref in [*KNOWN, "W9.Q.a"]:
            assert [h.id for h in read.on(ref)] == [i.id for i in live if ref in i.question_refs], ref
        general = [i.id for i in live if not KNOWN.intersection(i.question_refs) and i.kind not in PROCEDURAL_KINDS]
        assert [h.id for h in read.on(GENERAL)] == general and len(general) == 2
        # Who spoke, when, and the first words (the whole text read by id).
        floor = Floor.of([record])
        for heard, intervention in zip(read.heard, live):
            assert (heard.speaker_id, heard.kind, heard.at) == (
                intervention.speaker_id, intervention.kind, intervention.started_at or intervention.created_at)
            head = intervention_heads(notebook, [heard.id])[heard.id]
            assert len(head) <= HEAD_CHARS and one_line(intervention.text).startswith(one_line(head))
            assert intervention_text(notebook, heard.id) == intervention.text
        heads = intervention_heads(notebook, [h.id for h in read.heard])
        assert set(heads) == {h.id for h in read.heard}
        assert next(h for h in heads.values() if "Long." in h).startswith("Begins with blank lines.")
        assert read.speakers == record.speakers
        linked = [k.intervention_ids for k in record.key_points]
        assert [read.speakers_of(ids) for ids in linked] == [floor.speakers_of(ids) for ids in linked]


def test_the_counts_of_each_question_are_the_exports(home: Path) -> None:
    with Notebook.open(home) as notebook:
        session_id = odd_session(notebook)
        record = notebook.session_record(session_id)
        read = Deliberations.read(notebook, session_id, KNOWN)
        live = [i for i in record.interventions if i.deleted_at is None]
        linked = reflected_ids(record)
        tally = read.tally([*KNOWN, GENERAL], linked)
        for ref in KNOWN:
            on = [i for i in live if ref in i.question_refs]
            waiting = [i for i in on if i.kind not in PROCEDURAL_KINDS and i.id not in linked]
            assert tally[ref] == (len(on), len(waiting)), ref
        assert tally["W3.Q.b"].not_linked >= 1  # the statement with blank lines, on (b) twice: counted once
        assert tally[GENERAL] == (2, 2)  # on no question, and on another topic's; not the point of order
