"""Merging field by field: edits on each laptop kept, one question state per question, one speaker
per delegation, times in UTC, nothing from the future, the rapporteur's draft kept."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_merge import shared_content
from test_store_files import make_notebook

from workshop.records import Intervention, QuestionState, Session, Speaker
from workshop.store import Notebook, NotebookError
from workshop.store.bundle import import_bundle
from workshop.store.merge import merge_notebook
from workshop.store.notebook import now
from workshop.store.sync import all_records


@pytest.fixture
def laptops(tmp_path: Path):
    """Two co-rapporteurs' notebooks copied from one, then edited apart."""
    a_home, b_home = tmp_path / "a", tmp_path / "b"
    make_notebook(a_home, interventions=3)
    shutil.copytree(a_home, b_home)
    a, b = Notebook.open(a_home), Notebook.open(b_home)
    yield a, b
    a.close()
    b.close()


def both_ways(a: Notebook, b: Notebook):
    """Merge B into A and the original A into B, as two laptops swapping copies do."""
    a_copy = a.path.parent.parent.parent / "a-copy.db"
    a.conn.execute("VACUUM INTO ?", [str(a_copy)])
    into_a = merge_notebook(a, b.path)
    into_b = merge_notebook(b, a_copy)
    return into_a, into_b


def run(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workshop", "--home", str(home), *args],
                          capture_output=True, text=True, timeout=60)


# --- 13.4: each side's edits are kept --------------------------------------------------------


def test_venue_set_on_one_laptop_and_chair_on_the_other_both_survive(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    a.update(a.get(Session, session.id), venue="Doha, room A")
    b.update(b.get(Session, session.id), chair="Ms. Chair")  # later, on the other laptop
    into_a, into_b = both_ways(a, b)
    for notebook in (a, b):
        merged = notebook.get(Session, session.id)
        assert (merged.venue, merged.chair) == ("Doha, room A", "Ms. Chair")
    assert shared_content(a) == shared_content(b)
    assert into_a.conflicts == [] and into_b.conflicts == []


def test_one_field_changed_on_both_sides_keeps_the_later_and_says_so(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    a.update(a.get(Session, session.id), venue="Doha, room A")
    b.update(b.get(Session, session.id), venue="Doha, room B", chair="Ms. Chair")
    into_a, into_b = both_ways(a, b)
    for notebook in (a, b):
        assert notebook.get(Session, session.id).venue == "Doha, room B"
    [conflict] = into_a.conflicts
    assert (conflict.field, conflict.kept, conflict.set_aside, conflict.kept_here) == (
        "venue", "Doha, room B", "Doha, room A", False)
    [other] = into_b.conflicts
    assert (other.field, other.kept, other.kept_here) == ("venue", "Doha, room B", True)


def test_an_edit_on_one_side_only_is_no_conflict_even_after_several_edits(laptops) -> None:
    a, b = laptops
    first = a.interventions(a.sessions()[0].id)[0]
    a.update(a.update(first, text="first wording"), text="second wording")
    b.update(b.get(Intervention, first.id), question_refs=("W3.Q.b",))
    into_a, into_b = both_ways(a, b)
    for notebook in (a, b):
        merged = notebook.get(Intervention, first.id)
        assert (merged.text, merged.question_refs) == ("second wording", ("W3.Q.b",))
    assert into_a.conflicts == into_b.conflicts == []


def test_merge_command_prints_each_field_changed_on_both_sides(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    a.update(a.get(Session, session.id), venue="Doha, room A")
    b.update(b.get(Session, session.id), venue="Doha, room B")
    a.close()
    home = a.path.parent.parent
    result = run(home, "merge", str(b.path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].endswith("0 added, 1 updated, 4 unchanged")
    assert lines[1:] == [
        'changed on both sides: session "W3 1st meeting 2015-04-13", venue: kept "Doha, room B" '
        f"(the other's, the later change, {b.get(Session, session.id).updated_at[:19].replace('T', ' ')} UTC) "
        'over "Doha, room A"'
    ]
    a.db = sqlite3.connect(":memory:")


# --- 13.5: one question state per question ---------------------------------------------------


def test_synthesis_on_one_laptop_and_status_on_the_other_make_one_question_state(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    a.set_question_state(session.id, "W3.Q.a", synthesis="Participants agreed on training.")
    b.set_question_state(session.id, "W3.Q.a", status="discussed")  # later, a row of its own
    both_ways(a, b)
    for notebook in (a, b):
        rows = notebook.rows(QuestionState, "session_id = ? AND ref = ?", [session.id, "W3.Q.a"])
        assert [(r.status, r.synthesis) for r in rows] == [("discussed", "Participants agreed on training.")]
        record = notebook.session_record(session.id)
        assert [s.synthesis for s in record.question_states] == ["Participants agreed on training."]
    assert shared_content(a) == shared_content(b)


def test_the_store_keeps_one_question_state_per_question(laptops) -> None:
    a, _ = laptops
    [session] = a.sessions()
    first = a.set_question_state(session.id, "W3.Q.a", status="current")
    second = a.set_question_state(session.id, "W3.Q.a", synthesis="Text")
    assert first.id == second.id
    with pytest.raises(NotebookError, match="UNIQUE"):
        a.put(QuestionState(id="00000000-0000-4000-8000-000000000000", created_at=now(), updated_at=now(),
                            session_id=session.id, ref="W3.Q.a"))


def test_two_question_states_from_an_older_merge_become_one_on_upgrade(tmp_path: Path) -> None:
    home = tmp_path / "old"
    make_notebook(home)
    path = home / "sessions" / "notebook.db"
    with Notebook.open(home) as notebook:
        [session] = notebook.sessions()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP INDEX IF EXISTS question_state_one_per_ref")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_field_times'")
    conn.execute("PRAGMA user_version = 2")
    for n, (status, synthesis, stamp) in enumerate(
        (("pending", "A's synthesis", "2015-04-13T10:00:00.000000+00:00"),
         ("discussed", "", "2015-04-13T11:00:00.000000+00:00"))
    ):
        conn.execute(
            "INSERT INTO question_state (id, created_at, updated_at, session_id, ref, status, synthesis) "
            "VALUES (?, ?, ?, ?, 'W3.Q.a', ?, ?)", [f"{n}0000000-0000-4000-8000-000000000000", stamp, stamp,
                                                   session.id, status, synthesis])
    conn.close()
    with Notebook.open(home) as notebook:
        states = notebook.rows(QuestionState, "ref = 'W3.Q.a'")
        assert [(s.status, s.synthesis) for s in states] == [("discussed", "A's synthesis")]


# --- 13.6: one speaker per delegation --------------------------------------------------------


def test_the_same_delegation_added_on_both_laptops_is_one_speaker(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    on_a = a.add_speaker("Kenya", delegation="Kenya", category="Member State")
    a.record_intervention(session.id, on_a.id, "Kenya on A's laptop")
    on_b = b.add_speaker("kenya ", delegation="Kenya", category="Member State")
    b.record_intervention(session.id, on_b.id, "Kenya on B's laptop")
    b.enqueue(session.id, on_b.id)
    b.add_speaker("Ms. Otieno", delegation="Kenya", category="Member State")  # another person: kept
    into_a, into_b = both_ways(a, b)
    for notebook in (a, b):
        kenyans = [s for s in notebook.speakers() if s.delegation == "Kenya"]
        [kept] = [s for s in kenyans if s.name != "Ms. Otieno"]
        assert len(kenyans) == 2 and kept.id == min(on_a.id, on_b.id)
        said = {i.text: i.speaker_id for i in notebook.interventions(session.id)}
        assert said["Kenya on A's laptop"] == said["Kenya on B's laptop"] == kept.id
        assert [e.speaker_id for e in notebook.queue(session.id)] == [kept.id]
    assert shared_content(a) == shared_content(b)
    assert into_a.added == 3  # B's intervention, queue entry and Ms. Otieno; not a second Kenya


# --- 13.7: import keeps the draft, times in UTC, none from the future ------------------------


def bundle_of(notebook: Notebook, path: Path, change=None) -> Path:
    tables = {t: [r._asdict() for r in rows] for t, rows in all_records(notebook).items()}
    if change:
        change(tables)
    path.write_text(json.dumps({"format": "workshop-bundle", "version": 1, "schema_version": 2,
                                "exported_at": now(), "tables": tables}), encoding="utf-8")
    return path


def test_importing_a_bundle_never_replaces_the_local_draft(laptops, tmp_path: Path) -> None:
    a, b = laptops
    [session] = a.sessions()
    b.save_draft(session.id, "B's note")
    a.save_draft(session.id, "A's note, typed later")
    a.save_draft(session.id, "A's note, typed later still")
    bundle = bundle_of(a, tmp_path / "a.json")
    b.save_draft(session.id, "B's note, older than A's")
    b.conn.execute("UPDATE draft SET updated_at = '2015-01-01T00:00:00.000000+00:00'")
    import_bundle(b, bundle)
    assert b.draft(session.id).text == "B's note, older than A's"


def test_a_time_with_an_offset_is_folded_in_as_utc_and_merges_alike_both_ways(laptops, tmp_path: Path) -> None:
    a, b = laptops
    [session] = a.sessions()
    # A hand-made row in A's file, stamped an hour ago in Kiribati's time zone: as text it sorts
    # after B's edit made now, as a time it comes before.
    kiribati = timezone(timedelta(hours=14))
    earlier = (datetime.now(timezone.utc) - timedelta(hours=1)).astimezone(kiribati).isoformat()
    a.conn.execute("UPDATE session SET venue = 'Kiritimati', updated_at = ? WHERE id = ?", [earlier, session.id])
    b.update(b.get(Session, session.id), chair="Mr. Chair", venue="Doha")
    both_ways(a, b)
    assert a.get(Session, session.id) == b.get(Session, session.id)
    assert a.get(Session, session.id).updated_at.endswith("+00:00")
    assert a.get(Session, session.id).venue == "Doha"
    assert shared_content(a) == shared_content(b)


def test_a_row_from_the_future_is_refused_with_one_line(laptops, tmp_path: Path) -> None:
    a, b = laptops
    [session] = b.sessions()
    b.conn.execute("UPDATE session SET venue = 'Forever', updated_at = '9999-01-01T00:00:00.000000+00:00'")
    before = shared_content(a)
    with pytest.raises(NotebookError, match=r"session row 1: field 'updated_at' is 9999-01-01 00:00:00 UTC, "
                                            r"more than a day ahead"):
        merge_notebook(a, b.path)
    assert shared_content(a) == before
    bundle = bundle_of(b, tmp_path / "future.json")
    a.close()
    result = run(a.path.parent.parent, "import", str(bundle))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "ahead" in result.stderr
    assert result.stdout == ""
    a.db = sqlite3.connect(":memory:")


def test_a_time_a_little_ahead_is_accepted(laptops) -> None:
    a, b = laptops
    [session] = b.sessions()
    soon = (datetime.now(timezone.utc) + timedelta(hours=3)).isoformat(timespec="microseconds")
    b.conn.execute("UPDATE session SET venue = 'Soon', updated_at = ?", [soon])
    merge_notebook(a, b.path)
    assert a.get(Session, session.id).venue == "Soon"


def test_a_speaker_deleted_on_one_laptop_is_not_made_one_with_a_live_one(laptops) -> None:
    a, b = laptops
    gone = a.add_speaker("Chile", delegation="Chile")
    a.delete(gone)
    b.add_speaker("Chile", delegation="Chile")
    merge_notebook(a, b.path)
    chile = a.rows(Speaker, "delegation = 'Chile'", include_deleted=True)
    assert sorted(s.deleted for s in chile) == [False, True]


def test_a_notebook_of_the_previous_version_merges_by_its_rows_times(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    a.update(a.get(Session, session.id), venue="Doha, room A")
    b.update(b.get(Session, session.id), chair="Ms. Chair")
    b.close()
    # B's file as the previous version wrote it: no field times, schema 2.
    conn = sqlite3.connect(b.path, isolation_level=None)
    conn.execute("DROP INDEX question_state_one_per_ref")
    for (table,) in conn.execute("SELECT name FROM pragma_table_list WHERE schema = 'main'").fetchall():
        if "field_times" in {row[1] for row in conn.execute(f"PRAGMA table_info([{table}])")}:
            conn.execute(f"ALTER TABLE [{table}] DROP COLUMN field_times")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    counts = merge_notebook(a, b.path)
    merged = a.get(Session, session.id)
    # B's row, without field times, counts as changed in every field at its last change, except
    # the fields left empty, which count as never set: A's venue and B's chair are both kept.
    assert (merged.venue, merged.chair) == ("Doha, room A", "Ms. Chair") and counts.updated == 1
    assert counts.conflicts == []
    b.db = sqlite3.connect(":memory:")


def test_an_older_bundle_without_later_fields_imports_with_their_defaults(laptops, tmp_path: Path) -> None:
    a, b = laptops
    [session] = a.sessions()
    speaker = a.add_speaker("Kenya", delegation="Kenya", category="Member State")
    a.record_intervention(session.id, speaker.id, "Kenya spoke before interventions had kinds")

    def as_schema_one(tables: dict) -> None:
        for row in tables["intervention"]:
            del row["kind"]  # written by a release that had no kinds of intervention
        for row in tables["session"]:
            for later in ("body", "meetings", "moderator", "moderator_function", "institutes", "documents"):
                row.pop(later, None)

    import_bundle(b, bundle_of(a, tmp_path / "older.json", as_schema_one))
    [said] = [i for i in b.interventions(session.id) if i.speaker_id == speaker.id]
    assert said.kind == "statement"
    assert b.get(Session, session.id).meetings == a.get(Session, session.id).meetings


def test_two_long_texts_that_part_late_are_each_shown_from_where_they_part(laptops) -> None:
    from workshop.store.sync import conflict_line

    a, b = laptops
    [session] = a.sessions()
    first = a.interventions(session.id)[0]
    said = "Brazil stressed training of judges and prosecutors on electronic evidence."
    a.update(first, text=said + " (mine)")
    b.update(b.get(Intervention, first.id), text=said + " (theirs)")
    counts = merge_notebook(a, b.path)
    [line] = [conflict_line(c) for c in counts.conflicts if c.field == "text"]
    assert line.endswith('kept "…evidence. (theirs)" (the other\'s, the later change, '
                         f'{b.get(Intervention, first.id).updated_at[:19].replace("T", " ")} UTC) '
                         'over "…evidence. (mine)"')
