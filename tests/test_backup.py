"""Backups: checked copies made with SQLite's backup API, rotated, listed by `check`, put back by `restore`."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_store_files import damage, make_notebook, snapshot

from workshop.records import Session
from workshop.store import Notebook, NotebookError
from workshop.store import backup as backup_module
from workshop.store.backup import (
    KEEP,
    backup_in_background,
    backup_notebook,
    check_notebook,
    list_backups,
    restore_backup,
)
from workshop.store.notebook import notebook_path


def workshop(home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop", "--home", str(home), *args],
        capture_output=True, text=True, timeout=60,
    )


def test_backup_is_a_checked_self_contained_copy(home: Path) -> None:
    make_notebook(home)
    with Notebook.open(home) as notebook:
        [session] = notebook.sessions()
        notebook.update(session, venue="Only in the WAL so far")
        made = backup_notebook(notebook)
    assert made.parent == home / "sessions" / "backups"
    assert re.fullmatch(r"notebook-\d{8}T\d{6}Z\.db", made.name)
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]  # no .part, -wal or -shm
    assert made.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: one file is the whole backup
    with sqlite3.connect(f"file:{made}?immutable=1", uri=True) as conn:
        assert conn.execute("SELECT venue FROM session").fetchone()[0] == "Only in the WAL so far"
    conn.close()


def test_rotation_keeps_the_newest_ten(home: Path) -> None:
    make_notebook(home)
    with Notebook.open(home) as notebook:
        made = []
        for n in range(KEEP + 3):
            notebook.create_session("W1", meeting=f"Meeting {n}")  # each backup holds something new
            made.append(backup_notebook(notebook))
    kept = list_backups(notebook_path(home))
    assert kept == made[::-1][:KEEP]
    assert len(list((home / "sessions" / "backups").iterdir())) == KEEP


def test_background_backup_for_the_app(home: Path) -> None:
    make_notebook(home)
    problems: list[str] = []
    with Notebook.open(home) as notebook:
        backup_in_background(notebook, problems.append).join(timeout=30)
        notebook.create_session("W1")  # the app goes on writing meanwhile
        backup_in_background(notebook, problems.append).join(timeout=30)
    assert problems == [] and len(list_backups(notebook_path(home))) == 2


def test_damaged_notebook_is_not_backed_up_and_no_longer_written(home: Path) -> None:
    path = make_notebook(home, interventions=30)
    with Notebook.open(home) as notebook:
        good = backup_notebook(notebook)
    damage(path)
    problems: list[str] = []
    with Notebook(path, verify=False) as notebook:  # as a big notebook opens: no check on opening
        backup_in_background(notebook, problems.append).join(timeout=30)
        [problem] = problems
        assert "the notebook is damaged" in problem and "workshop restore" in problem
        before = path.read_bytes()
        with pytest.raises(NotebookError, match="damaged"):
            notebook.create_session("W1")
        assert path.read_bytes() == before
    assert list_backups(path) == [good]
    assert sorted(p.name for p in good.parent.iterdir()) == [good.name]


def test_backup_on_a_full_disk_is_one_line_and_leaves_no_part(home: Path, monkeypatch) -> None:
    make_notebook(home)

    def full_disk(source, target, **kwargs):
        target.write_bytes(b"partial")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backup_module, "_copy", full_disk)
    with Notebook.open(home) as notebook, pytest.raises(NotebookError) as refused:
        backup_notebook(notebook)
    assert str(refused.value).startswith("no backup was made: ") and "the disk is full" in str(refused.value)
    assert list((home / "sessions" / "backups").iterdir()) == []


def test_restore_into_an_open_notebook(home: Path) -> None:
    path = make_notebook(home)
    with Notebook.open(home) as app:  # the app has the notebook open throughout
        [session] = app.sessions()
        backup = backup_notebook(app)
        app.update(session, venue="Changed after the backup")
        app.create_session("W1")
        kept = restore_backup(path, backup)
        assert [s.venue for s in app.sessions()] == [""]  # the app sees the restored notebook
        app.create_session("W2")  # and goes on writing into it
    assert re.fullmatch(r"notebook-replaced-\d{8}T\d{6}Z\.db", kept.name) and kept.parent == path.parent
    with Notebook(kept) as replaced:
        assert sorted(s.topic for s in replaced.sessions()) == ["W1", "W3"]
    with Notebook.open(home) as notebook:
        assert sorted(s.topic for s in notebook.sessions()) == ["W2", "W3"]


def test_restore_over_a_file_that_is_not_a_notebook_any_more(home: Path) -> None:
    path = make_notebook(home)
    with Notebook.open(home) as notebook:
        backup = backup_notebook(notebook)
    path.write_bytes(b"garbage" * 1000)
    Path(f"{path}-wal").write_bytes(b"stale wal")
    kept = restore_backup(path, backup)
    assert kept.read_bytes() == b"garbage" * 1000
    assert Path(f"{kept}-wal").read_bytes() == b"stale wal"
    assert not Path(f"{path}-wal").exists()  # never replayed into the restored file
    with Notebook.open(home) as notebook:
        assert [s.topic for s in notebook.sessions()] == ["W3"]


def test_corrupt_backup_is_refused_and_nothing_changes(home: Path, tmp_path: Path) -> None:
    path = make_notebook(home, interventions=30)
    with Notebook.open(home) as notebook:
        backup = backup_notebook(notebook)
    damage(backup)
    before = snapshot(home)
    with pytest.raises(NotebookError, match="the backup is damaged"):
        restore_backup(path, backup)
    not_one = tmp_path / "notes.db"
    not_one.write_text("text")
    with pytest.raises(NotebookError, match="not an SQLite database"):
        restore_backup(path, not_one)
    assert snapshot(home) == before


def test_check_and_restore_commands(home: Path) -> None:
    path = make_notebook(home)
    with Notebook.open(home) as notebook:
        first = backup_notebook(notebook)
        notebook.update(notebook.sessions()[0], venue="Doha")
        backup_notebook(notebook)
    checked = workshop(home, "check")
    assert checked.returncode == 0, checked.stderr
    assert f"{path}: ok (integrity check passed" in checked.stdout
    lines = checked.stdout.splitlines()
    assert lines[1].startswith("Backups in ") and first.name in lines[-1]  # newest first
    restored = workshop(home, "restore", first.name)
    assert restored.returncode == 0, restored.stderr
    assert f"restored from {first}" in restored.stdout and "kept as" in restored.stdout
    with Notebook.open(home) as notebook:
        assert notebook.get(Session, notebook.sessions()[0].id).venue == ""
    missing = workshop(home, "restore", "notebook-19990101T000000Z.db")
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "no such backup" in missing.stderr


def test_check_does_not_write(home: Path) -> None:
    path = make_notebook(home)
    before = snapshot(home)
    assert check_notebook(path).startswith(f"{path}: ok")
    assert snapshot(home) == before


def test_check_while_the_app_has_unsaved_pages_in_the_wal(home: Path) -> None:
    path = make_notebook(home)
    with Notebook.open(home) as app:
        app.create_session("W1")
        assert Path(f"{path}-wal").stat().st_size > 0
        assert check_notebook(path).startswith(f"{path}: ok")
        app.create_session("W2")  # the app is not disturbed
    with Notebook.open(home) as notebook:
        assert len(notebook.sessions()) == 3
