"""The notebook store: records in and out, soft delete, the list of speakers, drafts."""

from __future__ import annotations

from workshop.records import Finding, Intervention, Session
from workshop.store import APPLICATION_ID, SCHEMA_VERSION, Notebook


def test_session_round_trip_survives_reopen(home):
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting", date="2015-04-13", venue="Doha")
    with Notebook.open(home) as notebook:
        [again] = notebook.sessions()
    assert again == session
    assert again.speaking_limit == 300 and again.status == "open"


def test_file_is_marked_and_durable(notebook):
    pragma = lambda name: notebook.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("application_id") == APPLICATION_ID == 0x57534850
    assert pragma("user_version") == SCHEMA_VERSION
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1


def test_intervention_keeps_question_refs_and_clean_text(notebook):
    session = notebook.create_session("W3")
    speaker = notebook.add_speaker("Brazil", delegation="Brazil", category="Member State")
    recorded = notebook.record_intervention(
        session.id, speaker.id, "Line one\r\nline\x1b[31m two\x00", question_refs=("W3.Q.a", "W3.Q.c"), seconds=42
    )
    [stored] = notebook.interventions(session.id)
    assert stored.question_refs == ("W3.Q.a", "W3.Q.c")
    assert stored.text == "Line one\nline[31m two"
    assert stored.seconds == 42 and stored.id == recorded.id


def test_intervention_counts_leave_deleted_interventions_out(notebook):
    first, second, empty = (notebook.create_session("W3") for _ in range(3))
    speaker = notebook.add_speaker("Brazil", delegation="Brazil", category="Member State")
    said = [notebook.record_intervention(first.id, speaker.id, f"Point {n}") for n in range(3)]
    only = notebook.record_intervention(second.id, speaker.id, "The only one")
    notebook.delete(said[0])
    assert notebook.intervention_counts() == {first.id: 2, second.id: 1}
    notebook.delete(only)
    assert notebook.intervention_counts() == {first.id: 2}
    assert empty.id not in notebook.intervention_counts()


def test_soft_delete_hides_and_undelete_brings_back(notebook):
    session = notebook.create_session("W1")
    deleted = notebook.delete(session)
    assert notebook.sessions() == []
    assert notebook.get(Session, session.id).deleted
    notebook.undelete(deleted)
    assert [s.id for s in notebook.sessions()] == [session.id]


def test_update_stamps_updated_at(notebook):
    session = notebook.create_session("W1")
    changed = notebook.update(session, venue="Doha")
    assert changed.updated_at > session.updated_at
    assert notebook.get(Session, session.id).venue == "Doha"


def test_point_of_order_goes_to_the_top_and_entries_move(notebook):
    session = notebook.create_session("W2")
    a, b, c = (notebook.add_speaker(n) for n in ("A", "B", "C"))
    first = notebook.enqueue(session.id, a.id)
    notebook.enqueue(session.id, b.id)
    notebook.enqueue(session.id, c.id, kind="point of order")
    assert [e.speaker_id for e in notebook.queue(session.id)] == [c.id, a.id, b.id]
    notebook.move_entry(first, +1)
    assert [e.speaker_id for e in notebook.queue(session.id)] == [c.id, b.id, a.id]


def test_prefix_and_topic_lookup(notebook):
    one = notebook.create_session("W3")
    notebook.create_session("W4")
    assert notebook.find_sessions(one.id[:8]) == [one]
    assert notebook.find_sessions("w3") == [one]
    assert notebook.find_sessions("%") == []
    assert notebook.find_sessions("") == []


def test_one_draft_per_session_and_cleared(notebook):
    session = notebook.create_session("W3")
    notebook.save_draft(session.id, "first words")
    notebook.save_draft(session.id, "first words and more", question_refs=("W3.Q.b",))
    [draft] = notebook.drafts()
    assert draft.text == "first words and more" and draft.question_refs == ("W3.Q.b",)
    notebook.clear_draft(session.id)
    assert notebook.drafts() == []


def test_session_record_gathers_what_was_said(notebook):
    session = notebook.create_session("W3")
    speaker = notebook.add_speaker("UNODC", category="UN entity")
    said = notebook.record_intervention(session.id, speaker.id, "text", question_refs=("W3.Q.a",))
    notebook.add_finding(session.id, "good practice", "Joint teams", question_ref="W3.Q.a", intervention_id=said.id)
    notebook.add_key_point(session.id, "W3.Q.a", "stressed cooperation", (said.id,))
    notebook.set_question_state(session.id, "W3.Q.a", status="discussed", synthesis="Summary.")
    record = notebook.session_record(session.id)
    assert record.speakers == {speaker.id: speaker}
    assert [i.id for i in record.interventions] == [said.id]
    assert isinstance(record.findings[0], Finding) and record.findings[0].intervention_id == said.id
    assert record.key_points[0].intervention_ids == (said.id,)
    assert record.question_states[0].synthesis == "Summary."
    assert isinstance(record.interventions[0], Intervention)


def test_full_text_index_follows_edits(notebook):
    session = notebook.create_session("W3")
    speaker = notebook.add_speaker("Japan")
    said = notebook.record_intervention(session.id, speaker.id, "Budapest Convention")
    search = lambda q: [r["id"] for r in notebook.db["intervention"].search(q, quote=True)]  # noqa: E731
    assert search("Budapest") == [said.id]
    notebook.update(said, text="Malabo Convention")
    assert search("Budapest") == [] and search("Malabo") == [said.id]


def test_a_notebook_open_in_this_process_is_never_opened_directly(home, monkeypatch):
    """Closing a plain descriptor of the file would drop SQLite's locks on it (data loss)."""
    from pathlib import Path

    first = Notebook.open(home)
    real_open = Path.open

    def guarded(self, *args, **kwargs):
        assert self.name != "notebook.db", "the live notebook was opened with open()"
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    worker = first.reopen()
    second = Notebook.open(home)
    second.create_session("W1")
    assert [s.topic for s in worker.sessions()] == ["W1"]
    for opened in (worker, second, first):
        opened.close()
    monkeypatch.setattr(Path, "open", real_open)
    with Notebook.open(home) as again:  # the file is no longer held: the header check reads it
        assert len(again.sessions()) == 1


def test_a_damaged_mark_stops_every_connection_of_the_notebook(notebook):
    """The draft thread's connection must not go on writing once a check has failed."""
    import pytest

    from workshop.store import NotebookError

    worker = notebook.reopen()
    notebook.damaged = "notebook.db: the notebook is damaged; restore a backup"
    with pytest.raises(NotebookError, match="damaged"):
        worker.create_session("W1")
    worker.close()


def test_a_second_connection_reads_neither_the_header_nor_the_wal_again(notebook, monkeypatch):
    """Read beside the first connection's checkpoints, page 1 can be caught half-written."""
    import workshop.store.notebook as module

    def read_again(*args, **kwargs):
        raise AssertionError("the file was checked again for a second connection")

    monkeypatch.setattr(module, "check_notebook_file", read_again)
    monkeypatch.setattr(module, "keep_damaged_wal", read_again)
    worker = notebook.reopen()
    notebook.create_session("W2")
    assert [s.topic for s in worker.sessions()] == ["W2"]
    worker.close()
