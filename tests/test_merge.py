"""Merging a co-rapporteur's notebook: by UUID, newer change wins, deletions carry, the other file untouched."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_store_files import BAD_FILES, damage, make_notebook, set_pragma, snapshot

from workshop.records import Intervention, Session
from workshop.store import SCHEMA_VERSION, Notebook, NotebookError
from workshop.store.backup import list_backups
from workshop.store.files import integrity_problem
from workshop.store.merge import MERGED_TABLES, merge_notebook
from workshop.store.notebook import notebook_path, now
from workshop.store.sync import all_records


def shared_content(notebook: Notebook) -> dict[str, list[dict]]:
    """Every merged table's rows, by id: what two co-rapporteurs should agree on."""
    tables = all_records(notebook)
    return {t: sorted((r._asdict() for r in tables[t]), key=lambda row: row["id"]) for t in MERGED_TABLES}


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Notebook, Notebook]:
    """Two rapporteurs' notebooks that share one session (A's, copied to B) and then drift apart."""
    a_home, b_home = tmp_path / "a", tmp_path / "b"
    make_notebook(a_home, interventions=4)
    shutil.copytree(a_home, b_home)
    a, b = Notebook.open(a_home), Notebook.open(b_home)
    yield a, b
    a.close()
    b.close()


def test_rows_only_in_the_other_are_added_and_merging_again_changes_nothing(laptops) -> None:
    a, b = laptops
    [session] = b.sessions()
    speaker = b.add_speaker("Kenya", category="Member State")
    b.record_intervention(session.id, speaker.id, "Kenya shared its experience.")
    counts = merge_notebook(a, b.path)
    assert (counts.added, counts.updated) == (2, 0)
    assert counts.unchanged == sum(len(v) for v in shared_content(a).values()) - 2
    again = merge_notebook(a, b.path)
    assert (again.added, again.updated) == (0, 0)
    assert shared_content(a) == shared_content(b)


def test_newer_change_wins_in_both_directions(laptops) -> None:
    a, b = laptops
    [session_a], [session_b] = a.sessions(), b.sessions()
    first_a = a.interventions(session_a.id)[0]
    first_b = b.get(Intervention, first_a.id)
    a.update(session_a, venue="Doha, room A")  # older
    b.update(session_b, venue="Doha, room B")  # newer
    b.update(first_b, text="B's wording")       # older
    a.update(first_a, text="A's wording")       # newer
    counts = merge_notebook(a, b.path)
    assert counts.updated == 1
    assert merge_notebook(b, a.path).updated == 1
    for notebook in (a, b):
        assert notebook.get(Session, session_a.id).venue == "Doha, room B"
        assert notebook.get(Intervention, first_a.id).text == "A's wording"
    assert shared_content(a) == shared_content(b)


def test_deletions_carry_over_and_undeletions_too(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    gone, back = a.interventions(session.id)[:2]
    a.delete(gone)
    b.delete(b.get(Intervention, back.id))
    a.undelete(a.delete(back))  # A deleted and restored it after B deleted it
    merge_notebook(b, a.path)
    assert b.get(Intervention, gone.id).deleted
    assert not b.get(Intervention, back.id).deleted
    assert [i.id for i in b.interventions(session.id)] == [i.id for i in a.interventions(session.id)]


def test_merging_each_way_gives_the_same_notebook(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    speaker = a.speakers()[0]
    a.record_intervention(session.id, speaker.id, "Only on A")
    b.add_finding(session.id, "recommendation", "Only on B")
    b.create_session("W1", meeting="2nd meeting")
    a.delete(a.interventions(session.id)[1])
    b.update(b.get(Session, session.id), chair="Chair as B wrote it")
    a.save_draft(session.id, "A's unsaved note")
    b.save_draft(session.id, "B's unsaved note")
    merge_notebook(a, b.path)
    merge_notebook(b, a.path)
    assert shared_content(a) == shared_content(b)
    # The note being typed stays on its own laptop.
    assert a.draft(session.id).text == "A's unsaved note" and b.draft(session.id).text == "B's unsaved note"


def test_same_moment_edits_still_agree(laptops) -> None:
    a, b = laptops
    [session] = a.sessions()
    stamp = now()
    a.put(Session(**{**session._asdict(), "venue": "Vienna", "updated_at": stamp}))
    b.put(Session(**{**session._asdict(), "venue": "Doha", "updated_at": stamp}))
    merge_notebook(a, b.path)
    merge_notebook(b, a.path)
    assert a.get(Session, session.id) == b.get(Session, session.id)


def test_other_file_is_never_written_even_with_a_pending_wal(laptops, tmp_path: Path) -> None:
    a, b = laptops
    [session] = b.sessions()
    # B's app still has its notebook open: its latest rows are only in the -wal.
    late = b.record_intervention(session.id, b.speakers()[0].id, "Said just before the copy")
    assert Path(f"{b.path}-wal").stat().st_size > 0
    before = snapshot(b.path.parent)
    merge_notebook(a, b.path)
    assert a.get(Intervention, late.id) is not None
    assert snapshot(b.path.parent) == before


def test_closed_other_file_gets_no_wal_or_shm(laptops) -> None:
    a, b = laptops
    b.close()
    before = snapshot(b.path.parent)
    merge_notebook(a, b.path)
    assert snapshot(b.path.parent) == before
    b.db = sqlite3.connect(":memory:")  # so that the fixture's close has something to close


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_other_file_is_refused_cleanly(tmp_path: Path, name: str) -> None:
    make, expected = BAD_FILES[name]
    other = notebook_path(tmp_path / "other")
    other.parent.mkdir(parents=True)
    make(other)
    make_notebook(tmp_path / "mine")
    before_other, before_mine = snapshot(other.parent), snapshot(tmp_path / "mine")
    with Notebook.open(tmp_path / "mine") as mine:
        with pytest.raises(NotebookError) as refused:
            merge_notebook(mine, other)
    message = str(refused.value)
    assert message.startswith(str(other)) and "\n" not in message
    assert expected.split(" (")[0].split(";")[0].removeprefix("the notebook ") in message
    assert snapshot(other.parent) == before_other
    assert snapshot(tmp_path / "mine") == before_mine


def test_other_notebook_with_a_bad_row_merges_nothing(laptops) -> None:
    a, b = laptops
    [session] = b.sessions()
    b.record_intervention(session.id, b.speakers()[0].id, "fine")
    b.add_speaker("Kenya")  # a good row before the bad one
    b.db.execute("UPDATE intervention SET seconds = 'a while' WHERE text = 'fine'")
    before = shared_content(a)
    with pytest.raises(NotebookError, match=r"intervention row 5: field 'seconds' must be a whole number"):
        merge_notebook(a, b.path)
    assert shared_content(a) == before
    b.db.execute("UPDATE intervention SET seconds = 0 WHERE text = 'fine'")
    b.db.execute("INSERT INTO speaker (id, created_at, updated_at, name) VALUES ('x', '', '', 'Bad')")
    with pytest.raises(NotebookError, match=r"speaker row 3: field 'id' is not a UUID"):
        merge_notebook(a, b.path)
    assert shared_content(a) == before


def test_empty_and_itself_are_refused(laptops, tmp_path: Path) -> None:
    a, _ = laptops
    empty = tmp_path / "empty.db"
    with sqlite3.connect(empty) as conn:
        conn.execute("CREATE TABLE scratch (x)")
        conn.execute("DROP TABLE scratch")
    conn.close()
    (tmp_path / "blank.db").write_bytes(b"")
    for path, phrase in ((empty, "an empty SQLite database"), (tmp_path / "blank.db", "the file is empty"),
                         (a.path, "is this notebook itself"), (tmp_path / "none.db", "no such file")):
        with pytest.raises(NotebookError, match=phrase):
            merge_notebook(a, path)


def test_a_merge_into_a_notebook_that_held_nothing_makes_no_backup(laptops, tmp_path: Path) -> None:
    _, b = laptops
    with Notebook.open(tmp_path / "new") as fresh:
        counts = merge_notebook(fresh, b.path, backup_first=True)
        assert counts.added > 0 and shared_content(fresh) == shared_content(b)
        assert list_backups(fresh.path) == []  # nothing was there to keep
        b.record_intervention(b.sessions()[0].id, b.speakers()[0].id, "Later, from B")
        merge_notebook(fresh, b.path, backup_first=True)
        assert len(list_backups(fresh.path)) == 1  # now it held the first merge


def test_merge_command_prints_counts_and_backs_up_first(laptops) -> None:
    a, b = laptops
    [session] = b.sessions()
    b.record_intervention(session.id, b.speakers()[0].id, "From B")
    a.close()
    home = a.path.parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "--home", str(home), "merge", str(b.path)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("1 added, 0 updated, 6 unchanged")
    assert len(list_backups(a.path)) == 1
    newer = notebook_path(home.parent / "newer")
    make_notebook(newer.parent.parent)
    set_pragma(newer, "user_version", SCHEMA_VERSION + 1)
    refused = subprocess.run(
        [sys.executable, "-m", "workshop", "--home", str(home), "merge", str(newer)],
        capture_output=True, text=True, timeout=60,
    )
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1
    assert "written by a newer version of workshop" in refused.stderr
    a.db = sqlite3.connect(":memory:")


def test_damaged_other_file_is_refused(tmp_path: Path) -> None:
    other = make_notebook(tmp_path / "other", interventions=30)
    damage(other)
    with Notebook.open(tmp_path / "mine") as mine, pytest.raises(NotebookError, match="damaged"):
        merge_notebook(mine, other)


@pytest.mark.parametrize("into", ["a new notebook", "a notebook with notes"])
def test_damage_only_the_check_finds_refuses_the_merge_and_leaves_this_notebook_as_it_was(
        tmp_path: Path, into: str) -> None:
    # The other file is checked while its rows are folded in: the fold reads its tables, never
    # this index, and the check's verdict still comes before anything is committed.
    other = make_notebook(tmp_path / "other", interventions=30)
    damage(other, "idx_intervention_spoken")
    if into == "a notebook with notes":
        make_notebook(tmp_path / "mine", interventions=3)
    Notebook.open(tmp_path / "mine").close()
    before = snapshot(tmp_path / "mine")
    with Notebook.open(tmp_path / "mine") as mine:
        with pytest.raises(NotebookError) as refused:
            merge_notebook(mine, other, backup_first=True)
    assert str(refused.value) == f"{other}: the notebook is damaged (integrity check: {integrity(other)}); nothing was merged"
    assert snapshot(tmp_path / "mine") == before


def integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as conn:
        return integrity_problem(conn, quick=True)


def test_into_a_new_notebook_every_row_is_checked_as_in_any_merge(laptops, tmp_path: Path) -> None:
    # A table with no row here takes the file's rows in one statement: the odd ones must still be
    # put right in Python, and a bad one must still refuse the whole file.
    _, b = laptops
    b.db.execute("UPDATE intervention SET text = 'Two\r\nlines\x1b[31m' WHERE rowid = 1")
    with Notebook.open(tmp_path / "new") as new:
        counts = merge_notebook(new, b.path)
        assert (counts.added, counts.updated) == (sum(len(rows) for rows in shared_content(b).values()), 0)
        texts = {i.text for i in all_records(new)["intervention"]}
        assert "Two\nlines[31m" in texts and not any("\x1b" in t or "\r" in t for t in texts)
    b.db.execute("UPDATE intervention SET seconds = 'a while' WHERE rowid = 2")
    with Notebook.open(tmp_path / "newer") as newer:
        with pytest.raises(NotebookError, match=r"intervention row 2: field 'seconds' must be a whole number"):
            merge_notebook(newer, b.path)
        assert all(rows == [] for rows in shared_content(newer).values())
