"""Bad notebook files and places, met by the store itself: one clear NotebookError, nothing changed.

The helpers at the top (snapshot, damage, make_notebook, ...) are shared by the other store tests.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from workshop.store import SCHEMA_VERSION, Notebook, NotebookError
from workshop.store import notebook as notebook_module
from workshop.store.notebook import notebook_path

# --- shared helpers ------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, so that "nothing changed" includes no new -wal or -shm."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file()
    }


def make_notebook(home: Path, interventions: int = 3) -> Path:
    """A closed, checkpointed notebook with one session, one speaker and some interventions."""
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting", date="2015-04-13")
        speaker = notebook.add_speaker("Brazil", category="Member State")
        for n in range(interventions):
            notebook.record_intervention(session.id, speaker.id, f"Intervention {n}: " + "words " * 40)
    return notebook_path(home)


def damage(path: Path, table: str = "intervention") -> None:
    """Spoil a b-tree page of a table, as a failing disk would, leaving the file's header sound."""
    with sqlite3.connect(f"file:{path}?immutable=1", uri=True) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + b"\xff" * 11)  # a leaf page claiming 65535 cells


def set_pragma(path: Path, pragma: str, value: int) -> None:
    """Change a header field through SQLite and leave the file closed and checkpointed."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA {pragma} = {value}")
    conn.close()


def foreign_database(path: Path, *, wal: bool = False) -> None:
    """An SQLite file another application made (a photo catalogue, say)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    if wal:
        conn.execute("PRAGMA journal_mode = wal")
    conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO photo (name) VALUES ('harbour.jpg')")
    conn.close()


def all_rows(path: Path) -> str:
    """A full dump of a notebook file, read without writing to it."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        dump = "\n".join(conn.iterdump())
    conn.close()
    return dump


# --- bad files -----------------------------------------------------------------------------------


def bad_text_file(path: Path) -> None:
    path.write_text("Notes from the 1st meeting\n")


def bad_truncated(path: Path) -> None:
    make_notebook(path.parent.parent, interventions=30)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 123])


def bad_header_only(path: Path) -> None:
    make_notebook(path.parent.parent)
    path.write_bytes(path.read_bytes()[:60])


def bad_foreign(path: Path) -> None:
    foreign_database(path)


def bad_foreign_wal(path: Path) -> None:
    foreign_database(path, wal=True)


def bad_other_application_id(path: Path) -> None:
    foreign_database(path)
    set_pragma(path, "application_id", 0x4750_4B47)


def bad_newer_schema(path: Path) -> None:
    make_notebook(path.parent.parent)
    set_pragma(path, "user_version", SCHEMA_VERSION + 1)


def bad_damaged(path: Path) -> None:
    make_notebook(path.parent.parent, interventions=30)
    damage(path)


BAD_FILES = {
    "text file": (bad_text_file, "not a workshop notebook (not an SQLite database)"),
    "truncated": (bad_truncated, "the notebook is truncated (damaged); restore a backup"),
    "cut inside the header": (bad_header_only, "the notebook is truncated (damaged)"),
    "another application's database": (bad_foreign, "another application's SQLite file"),
    "another application's WAL database": (bad_foreign_wal, "another application's SQLite file"),
    "another application id": (bad_other_application_id, "another application's SQLite file"),
    "newer schema": (bad_newer_schema, f"written by a newer version of workshop (schema {SCHEMA_VERSION + 1}"),
    "failing integrity check": (bad_damaged, "the notebook is damaged (integrity check:"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_notebook_is_refused_and_left_alone(home: Path, name: str) -> None:
    make, expected = BAD_FILES[name]
    path = notebook_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    before = snapshot(home)
    with pytest.raises(NotebookError) as refused:
        Notebook.open(home)
    message = str(refused.value)
    assert message.startswith(str(path)) and expected in message
    assert "\n" not in message
    assert snapshot(home) == before


def test_damaged_notebook_message_says_how_to_restore(home: Path) -> None:
    path = notebook_path(home)
    path.parent.mkdir(parents=True)
    bad_damaged(path)
    with pytest.raises(NotebookError, match=r"restore a backup with `workshop restore`"):
        Notebook.open(home)


def test_damage_found_by_the_check_in_the_background_is_the_same_line(home: Path) -> None:
    path = notebook_path(home)
    path.parent.mkdir(parents=True)
    bad_damaged(path)
    before = snapshot(home)
    notebook = Notebook.open(home, check_in_background=True)
    try:
        with pytest.raises(NotebookError, match="the notebook is damaged") as refused:
            notebook.create_session("W1")  # a write waits for the check's verdict
        assert str(refused.value).startswith(str(path)) and "\n" not in str(refused.value)
        with pytest.raises(NotebookError, match="the notebook is damaged"):
            notebook.wait_for_check()
    finally:
        notebook.close()
    assert snapshot(home) == before


def test_the_app_refuses_a_damaged_notebook_before_its_first_screen(home: Path) -> None:
    from workshop.tui.app import make_app

    path = notebook_path(home)
    path.parent.mkdir(parents=True)
    bad_damaged(path)
    before = snapshot(home)
    with pytest.raises(NotebookError, match="the notebook is damaged"):
        make_app(home)
    assert snapshot(home) == before


def test_a_notebook_to_migrate_is_checked_before_it_is_written(
    home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = notebook_path(home)
    path.parent.mkdir(parents=True)
    bad_damaged(path)
    before = snapshot(home)
    monkeypatch.setattr(Notebook, "_needs_migrating", lambda self: True)
    with pytest.raises(NotebookError, match="the notebook is damaged"):
        Notebook.open(home, check_in_background=True)  # checked at once, not beside
    assert snapshot(home) == before


def test_big_notebook_skips_the_quick_check_on_open(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = notebook_path(home)
    path.parent.mkdir(parents=True)
    bad_damaged(path)
    monkeypatch.setattr(notebook_module, "QUICK_CHECK_MAX_BYTES", 1024)
    Notebook.open(home).close()  # opens: the backup's full check is what finds this one


def test_corruption_met_while_writing_stops_all_writes(home: Path) -> None:
    path = make_notebook(home, interventions=30)
    with Notebook.open(home) as notebook:
        [session] = notebook.sessions()
        speaker = notebook.speakers()[0]
        damage(path)
        notebook.db.execute("PRAGMA cache_size = 0")  # read the spoiled page from the file
        with pytest.raises(NotebookError, match="damaged"):
            for n in range(50):
                notebook.record_intervention(session.id, speaker.id, f"more {n}")
        assert notebook.damaged
        with pytest.raises(NotebookError, match="damaged"):
            notebook.create_session("W1")


# --- bad places ----------------------------------------------------------------------------------


def test_home_through_a_regular_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder\n")
    with pytest.raises(NotebookError, match="part of the path is a file"):
        Notebook.open(tmp_path / "notes.txt" / "home")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_read_only_notebook_is_refused_before_sqlite(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_notebook(home)
    before = snapshot(home)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == path and mode & os.W_OK else real_access(p, mode))
    with pytest.raises(NotebookError, match="read-only; nothing can be saved"):
        Notebook.open(home)
    assert snapshot(home) == before


def test_notebook_sqlite_cannot_write_gives_the_read_only_line(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What SQLite reports when the file turns out read-only after the checks (a read-only mount,
    # a file opened read-only): opened here with mode=ro, the write must fail with one line.
    path = make_notebook(home)
    read_only = SimpleNamespace(**vars(sqlite3))
    read_only.connect = lambda p, **kw: sqlite3.connect(f"file:{p}?mode=ro", uri=True, **kw)
    monkeypatch.setattr(notebook_module, "sqlite3", read_only)
    with Notebook.open(home) as notebook:
        rows_before = all_rows(path)
        with pytest.raises(NotebookError) as refused:
            notebook.create_session("W1")
    assert str(refused.value) == f"{path}: the notebook or its folder is read-only; nothing can be saved"
    assert all_rows(path) == rows_before


def test_disk_full_fails_with_one_line_and_keeps_what_was_there(home: Path) -> None:
    path = make_notebook(home)
    with Notebook.open(home) as notebook:
        [session] = notebook.sessions()
        speaker = notebook.speakers()[0]
        before = [i.id for i in notebook.interventions(session.id)]
        pages = notebook.db.execute("PRAGMA page_count").fetchone()[0]
        notebook.db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(NotebookError) as refused:
            notebook.record_intervention(session.id, speaker.id, "A long statement. " * 2000)
        assert str(refused.value) == (
            f"{path}: the disk is full; the last change was not saved (free some space and try again)"
        )
        assert [i.id for i in notebook.interventions(session.id)] == before
        notebook.db.execute("PRAGMA max_page_count = 1073741823")
        notebook.record_intervention(session.id, speaker.id, "Room again.")  # the notebook still works
    with Notebook.open(home) as notebook:
        assert len(notebook.interventions(session.id)) == len(before) + 1
        assert notebook.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_lock_held_longer_than_the_timeout_is_one_line(home: Path) -> None:
    path = make_notebook(home)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Notebook(path, timeout=0.05) as notebook:
            assert notebook.sessions()  # reading goes on beside a writer (WAL)
            with pytest.raises(NotebookError) as refused:
                notebook.create_session("W1")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(refused.value) == f"{path}: the notebook is busy in another program; nothing was saved, try again"


def test_busy_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHOP_BUSY_TIMEOUT", "0.25")
    assert notebook_module.busy_timeout() == 0.25
    monkeypatch.setenv("WORKSHOP_BUSY_TIMEOUT", "soon")
    assert notebook_module.busy_timeout() == notebook_module.BUSY_TIMEOUT_S


def test_empty_file_becomes_a_notebook(home: Path) -> None:
    path = notebook_path(home)
    path.parent.mkdir(parents=True)
    path.touch()
    with Notebook.open(home) as notebook:
        assert notebook.schema_version() == SCHEMA_VERSION
