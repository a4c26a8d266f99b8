"""Backups that span time and are made only for a change; a restore that waits, checks and explains."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from test_reading_commands import fill, small_disk  # noqa: F401 (a fixture)
from test_store_files import all_rows, make_notebook

from workshop import cli
from workshop.export.bundle import bundle_json
from workshop.store import Notebook
from workshop.store.backup import backup_notebook, list_backups, to_keep
from workshop.store.notebook import notebook_path, now
from workshop.store.sync import all_records


def backups(home: Path) -> list[Path]:
    return list_backups(notebook_path(home))


# --- what makes a backup, and which are kept ---------------------------------------------------


def test_refused_and_no_op_imports_leave_the_backups_alone(home: Path, tmp_path: Path, capsys) -> None:
    make_notebook(home)
    with Notebook.open(home) as notebook:
        for n in range(10):
            notebook.create_session("W1", meeting=f"Meeting {n}")
            backup_notebook(notebook)
        bundle = tmp_path / "same.json"
        bundle.write_text(bundle_json(all_records(notebook), exported_at=now(), schema_version=2))
    before = backups(home)
    assert len(before) == 10
    bad = json.loads(bundle.read_text())
    bad["tables"]["intervention"][0]["speaker_id"] = "no such speaker"
    refused = tmp_path / "refused.json"
    refused.write_text(json.dumps(bad))
    for _ in range(11):
        assert cli.main(["--home", str(home), "import", str(refused)]) == 1
    assert cli.main(["--home", str(home), "import", str(bundle)]) == 0  # nothing new in it
    assert backups(home) == before


def test_a_merge_that_changes_nothing_or_is_refused_makes_no_backup(home: Path, tmp_path: Path) -> None:
    path = make_notebook(home)
    same = tmp_path / "same.db"
    same.write_bytes(path.read_bytes())  # the co-rapporteur's copy, with nothing new in it
    assert cli.main(["--home", str(home), "merge", str(same)]) == 0
    not_a_notebook = tmp_path / "notes.db"
    not_a_notebook.write_text("not a notebook")
    assert cli.main(["--home", str(home), "merge", str(not_a_notebook)]) == 1
    assert backups(home) == []
    with Notebook.open(tmp_path / "other") as notebook:
        notebook.create_session("W2")
    assert cli.main(["--home", str(home), "merge", str(notebook_path(tmp_path / "other"))]) == 0
    assert len(backups(home)) == 1


def test_an_import_that_changes_something_backs_up_first(home: Path, tmp_path: Path) -> None:
    make_notebook(home)
    other = tmp_path / "other"
    with Notebook.open(other) as notebook:
        notebook.create_session("W2", meeting="From the co-rapporteur")
        bundle = tmp_path / "new.json"
        bundle.write_text(bundle_json(all_records(notebook), exported_at=now(), schema_version=2))
    rows = all_rows(notebook_path(home))
    assert cli.main(["--home", str(home), "import", str(bundle)]) == 0
    [made] = backups(home)
    assert all_rows(made) == rows  # the notebook as it was before the import


def test_restarts_without_a_change_make_no_new_backup(home: Path) -> None:
    make_notebook(home)
    for _ in range(101):
        with Notebook.open(home) as notebook:
            backup_notebook(notebook)
    assert len(backups(home)) == 1


def test_the_rotation_spans_time() -> None:
    now_ = datetime(2015, 4, 16, 12, 0, tzinfo=timezone.utc)
    # A backup every ten minutes for three days.
    made = [now_ - timedelta(minutes=10 * n) for n in range(3 * 24 * 6)]
    paths = [Path(f"notebook-{t.strftime('%Y%m%dT%H%M%SZ')}.db") for t in made]
    kept = to_keep(paths, now_)
    assert set(paths[:10]) <= kept
    hours = {p.name[9:20] for p in kept if now_ - datetime.strptime(p.name[9:25], "%Y%m%dT%H%M%SZ").replace(
        tzinfo=timezone.utc) <= timedelta(hours=24)}
    assert len(hours) >= 24  # one for each hour of the last day
    days = {p.name[9:17] for p in kept}
    assert days == {"20150416", "20150415", "20150414", "20150413"}
    assert len(kept) < 10 + 25 + 4


# --- restore ------------------------------------------------------------------------------------


def test_restore_gives_up_after_the_busy_timeout_and_leaves_nothing(home: Path) -> None:
    make_notebook(home)
    with Notebook.open(home) as notebook:
        backup = backup_notebook(notebook)
        notebook.create_session("W1")
    path = notebook_path(home)
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('holding', flush=True)\n"
            "sys.stdin.read()\n"
        ), str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline() == "holding\n"
        result = subprocess.run(
            [sys.executable, "-m", "workshop", "--home", str(home), "restore", backup.name],
            capture_output=True, text=True, timeout=30, env={**os.environ, "WORKSHOP_BUSY_TIMEOUT": "1"},
        )
    finally:
        holder.communicate("", timeout=10)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result
    assert "busy" in result.stderr
    assert not list(path.parent.glob("notebook-replaced-*"))


def test_restore_on_a_full_disk_is_one_line_and_leaves_nothing(small_disk: Path) -> None:  # noqa: F811
    home = small_disk / "home"
    make_notebook(home)
    with Notebook.open(home) as notebook:
        backup = backup_notebook(notebook)
        notebook.create_session("W1")
    rows = all_rows(notebook_path(home))
    fill(small_disk, leave=48 * 1024)
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "--home", str(home), "restore", backup.name],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result
    assert "free space" in result.stderr
    assert not list(notebook_path(home).parent.glob("notebook-replaced-*"))
    (small_disk / "filler").unlink()
    assert all_rows(notebook_path(home)) == rows


def test_another_notebooks_file_is_refused_without_force(home: Path, tmp_path: Path, capsys) -> None:
    make_notebook(home)
    rows = all_rows(notebook_path(home))
    stranger = make_notebook(tmp_path / "stranger")
    assert cli.main(["--home", str(home), "restore", str(stranger)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "not a backup of this notebook" in err[0] and "--force" in err[0]
    assert all_rows(notebook_path(home)) == rows
    assert not list(notebook_path(home).parent.glob("notebook-replaced-*"))
    assert cli.main(["--home", str(home), "restore", str(stranger), "--force"]) == 0
    assert all_rows(notebook_path(home)) == all_rows(stranger)


def test_a_backup_of_this_notebook_copied_elsewhere_is_taken(home: Path, tmp_path: Path) -> None:
    make_notebook(home)
    with Notebook.open(home) as notebook:
        backup = backup_notebook(notebook)
        notebook.create_session("W1")
    elsewhere = tmp_path / "usb" / "copy.db"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(backup.read_bytes())
    assert cli.main(["--home", str(home), "restore", str(elsewhere)]) == 0


def test_a_path_that_climbs_too_far_says_where_it_led(home: Path, capsys) -> None:
    make_notebook(home)
    name = "../" * (len(home.parts) + 3) + "backup.db"
    assert cli.main(["--home", str(home), "restore", name]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "(/backup.db)" in err[0] and "no such backup file" in err[0], err
