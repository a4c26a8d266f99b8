"""Commands that only read: they never create or write the notebook, so they work where writing cannot.

The full disk and the read-only copy are real file systems: a small tmpfs, filled up or
remounted read-only (root only; skipped otherwise). Root ignores file modes, so a read-only
file system is the only honest read-only copy for root.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_store_files import make_notebook, snapshot
from test_tui_meeting import new_app, run_async

from workshop import cli
from workshop.store import Notebook, NotebookError
from workshop.store import notebook as notebook_module
from workshop.store.notebook import notebook_path

READING = {
    "sessions": ["sessions"],
    "search": ["search", "statement"],
    "stats": ["stats", "W3"],
    "export": ["export", "W3"],
    "check": ["check"],
}


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workshop", "--home", str(home), *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
    )


# --- a home with no notebook ---------------------------------------------------------------------


@pytest.mark.parametrize("command", READING)
def test_reading_a_home_that_does_not_exist_creates_nothing(tmp_path: Path, command: str, capsys) -> None:
    home = tmp_path / "mistyped" / "home"
    assert cli.main(["--home", str(home), *READING[command]]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "no notebook" in err[0], err
    assert not (tmp_path / "mistyped").exists()


@pytest.mark.parametrize("command", READING)
def test_reading_a_home_without_a_notebook(home: Path, command: str, capsys) -> None:
    assert cli.main(["--home", str(home), *READING[command]]) == 1
    assert "no notebook" in capsys.readouterr().err
    assert list(home.iterdir()) == []


@pytest.mark.parametrize("command", [["new", "W3"], ["demo"]])
def test_writing_commands_create_the_notebook(tmp_path: Path, command: list[str]) -> None:
    home = tmp_path / "new" / "home"
    assert cli.main(["--home", str(home), *command]) == 0
    assert notebook_path(home).is_file()


@run_async
async def test_the_app_says_it_starts_a_new_notebook(tmp_path: Path) -> None:
    app = new_app(tmp_path / "fresh")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert any("Starting a new notebook" in n.message for n in app._notifications)
    make_notebook(tmp_path / "used")
    app = new_app(tmp_path / "used")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert not any("new notebook" in n.message for n in app._notifications)


def test_reading_never_writes(home: Path) -> None:
    make_notebook(home)
    before = snapshot(home / "sessions")
    for command in ("sessions", "search", "stats", "check"):
        assert cli.main(["--home", str(home), *READING[command]]) == 0
    assert snapshot(home / "sessions") == before


def test_a_notebook_to_migrate_is_read_without_writing_it(home: Path) -> None:
    path = make_notebook(home)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_stemmed_search'")
    conn.commit()
    conn.close()
    before = snapshot(home / "sessions")
    with Notebook.for_reading(home) as notebook:
        assert notebook.sessions()
        with pytest.raises(NotebookError, match="opened for reading only"):
            notebook.create_session("W1")
    assert snapshot(home / "sessions") == before


# --- full disk and read-only copy -----------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    folder = tmp_path / "disk"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(folder: Path, leave: int = 24 * 1024) -> None:
    """Fill a file system until `leave` bytes are free."""
    with open(folder / "filler", "wb") as filler:
        while (free := os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize) > leave:
            try:
                filler.write(b"\0" * min(free - leave, 65536))
                filler.flush()
            except OSError:
                break


@pytest.mark.parametrize("with_wal", [False, True], ids=["closed", "open in the app"])
def test_reading_commands_on_a_full_disk(small_disk: Path, tmp_path: Path, with_wal: bool) -> None:
    home = small_disk / "home"
    make_notebook(home)
    holder = None
    if with_wal:  # the app has it open: -wal and -shm are there, with a note in the WAL
        holder = Notebook.open(home)
        holder.create_session("W1", meeting="Only in the WAL")
    fill(small_disk)
    try:
        listed = run(home, "sessions")
        assert listed.returncode == 0 and listed.stderr == "", listed
        assert ("Only in the WAL" in listed.stdout) == with_wal
        assert run(home, "check").returncode == 0
        assert run(home, "search", "statement").returncode == 0
        rescue = tmp_path / "rescue.md"
        exported = run(home, "export", "W3", "--out", str(rescue))
        assert exported.returncode == 0, exported
        assert rescue.stat().st_size > 0
    finally:
        if holder is not None:
            holder.close()


def test_reading_commands_on_a_read_only_copy(small_disk: Path, tmp_path: Path) -> None:
    home = small_disk / "home"
    make_notebook(home)
    with Notebook.open(home) as notebook:
        notebook.create_session("W1", meeting="Only in the WAL")
        # A copy taken while the app had the notebook open: the -wal holds the last session.
        for name in ("notebook.db", "notebook.db-wal"):
            (tmp_path / name).write_bytes((home / "sessions" / name).read_bytes())
    for name in ("notebook.db", "notebook.db-wal"):
        (home / "sessions" / name).write_bytes((tmp_path / name).read_bytes())
    (home / "sessions" / "notebook.db-shm").unlink(missing_ok=True)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    listed = run(home, "sessions")
    assert listed.returncode == 0 and listed.stderr == "", listed
    assert "Only in the WAL" in listed.stdout
    assert run(home, "search", "statement").returncode == 0
    checked = run(home, "check")
    assert checked.returncode == 0 and "ok" in checked.stdout, checked
    exported = run(home, "export", "W3", "--out", str(tmp_path / "from-the-copy.md"))
    assert exported.returncode == 0, exported
    refused = run(home, "new", "W1")
    assert refused.returncode == 1 and "read-only" in refused.stderr


# --- waiting for the lock, and a symlinked notebook -----------------------------------------------


def test_a_write_waits_once_for_the_busy_timeout(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_notebook(home)
    tries: list[str] = []
    connect = sqlite3.connect

    def counted(*args, **kwargs):
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(lambda sql: tries.append(sql) if sql == "BEGIN IMMEDIATE" else None)
        return conn

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        monkeypatch.setattr(notebook_module.sqlite3, "connect", counted)
        with Notebook(path, timeout=0.2) as notebook:
            with pytest.raises(NotebookError, match="busy"):
                notebook.create_session("W1")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert tries == ["BEGIN IMMEDIATE"]  # one wait of the timeout, not three


@pytest.mark.parametrize("dangling", [True, False])
def test_a_symlinked_notebook_is_refused(home: Path, tmp_path: Path, dangling: bool, capsys) -> None:
    target = tmp_path / "elsewhere" / "notebook.db"
    if not dangling:
        make_notebook(tmp_path / "elsewhere-home")
        target = notebook_path(tmp_path / "elsewhere-home")
    link = notebook_path(home)
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    for command in (["new", "W3"], ["sessions"]):
        assert cli.main(["--home", str(home), *command]) == 1
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and "symbolic link" in err[0], err
    assert dangling == (not target.exists())


# --- output to a closed pipe, plurals, columns ------------------------------------------------------


@pytest.mark.parametrize("command", [["check"], ["sessions"], ["search", "statement"], ["catalogue", "--json"],
                                     ["stats", "W3"], ["catalogue"]])
def test_output_piped_to_head_ends_quietly(home: Path, command: list[str]) -> None:
    make_notebook(home, interventions=40)
    cmd = [sys.executable, "-m", "workshop", "--home", str(home), *command]
    pipeline = subprocess.run(
        f"{' '.join(map(repr, cmd))} | head -c 1 >/dev/null", shell=True, capture_output=True, text=True,
        timeout=60,
    )
    assert "Traceback" not in pipeline.stderr and "BrokenPipe" not in pipeline.stderr, pipeline.stderr


def test_catalogue_counts_in_the_singular(capsys) -> None:
    assert (cli.count(1, "objective"), cli.count(11, "question"), cli.count(0, "objective")) == (
        "1 objective", "11 questions", "0 objectives")
    assert cli.main(["catalogue"]) == 0
    assert not re.search(r"\b1 \w+s\b", capsys.readouterr().out)


def test_stats_rows_line_up_in_the_singular(home: Path, capsys) -> None:
    assert cli.main(["--home", str(home), "demo"]) == 0
    capsys.readouterr()
    assert cli.main(["--home", str(home), "stats", "W3"]) == 0
    tables = capsys.readouterr().out.split("\n\n")[1:]
    singular = 0
    for table in tables:
        rows = table.splitlines()[1:]
        singular += sum(" 1 speaker " in r or " 1 intervention " in r for r in rows)
        assert len({len(r.rstrip(" not discussed")) for r in rows}) <= 1, rows
        # every count's figures end in the same column, singular or plural
        for noun in ("speaker", "intervention", "finding"):
            ends = {r.index(f" {noun}") for r in rows if f" {noun}" in r}
            assert len(ends) <= 1, (noun, rows)
    assert singular
