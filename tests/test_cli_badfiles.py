"""The command line against bad input, bad files and bad places: one line on stderr, status 1, nothing changed.

Every command runs in its own process (`python -m workshop --home ...`), as a script would run it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_store_files import BAD_FILES, all_rows, damage, make_notebook, snapshot

from workshop import cli
from workshop.store import APPLICATION_ID, SCHEMA_VERSION, Notebook
from workshop.store import notebook as notebook_module
from workshop.store.notebook import notebook_path
from workshop.store.sync import all_records


def workshop(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the command line in a new process."""
    return subprocess.run(
        [sys.executable, "-m", "workshop", "--home", str(home), *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
    )


def assert_refused(result: subprocess.CompletedProcess, *phrases: str) -> None:
    """Status 1 and exactly one line on stderr that says what is wrong, without a traceback."""
    assert result.returncode == 1, result
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("workshop: "), result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


def contents(home: Path) -> dict[str, list[dict]]:
    """Every row of a home's notebook as plain values, deleted ones included."""
    with Notebook.open(home) as notebook:
        return {table: [r._asdict() for r in records] for table, records in all_records(notebook).items()}


# --- the notebook file ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_notebook_file(home: Path, name: str, capsys: pytest.CaptureFixture) -> None:
    make, expected = BAD_FILES[name]
    path = notebook_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    before = snapshot(home)
    assert_refused(workshop(home, "new", "W3"), str(path), expected)
    assert snapshot(home) == before
    # The reading commands say the same (run in this process: a new one costs half a second).
    for command in (["sessions"], ["export", "all"], ["import", str(home / "none.json")]):
        assert cli.main(["--home", str(home), *command]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"workshop: {path}: ") and err.count("\n") == 1 and expected in err
    assert snapshot(home) == before


def test_check_reports_a_damaged_notebook_and_lists_backups(home: Path) -> None:
    path = make_notebook(home, interventions=30)
    with Notebook.open(home) as notebook:
        from workshop.store.backup import backup_notebook

        backup = backup_notebook(notebook)
    damage(path)
    before = snapshot(home)
    result = workshop(home, "check")
    assert_refused(result, str(path), "integrity check failed", "workshop restore")
    assert backup.name in result.stdout
    assert snapshot(home) == before


def test_home_that_runs_through_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a folder\n")
    result = workshop(tmp_path / "notes.txt" / "home", "new", "W3")
    assert_refused(result, "notes.txt/home/sessions", "part of the path is a file, not a folder")
    assert (tmp_path / "notes.txt").read_text() == "not a folder\n"


def test_unknown_topic_key(home: Path) -> None:
    make_notebook(home)
    before = snapshot(home)
    assert_refused(workshop(home, "new", "W9"), "unknown topic 'W9'", "W1, W2, W3, W4")
    assert snapshot(home) == before


# --- JSON bundles --------------------------------------------------------------------------------


BAD_BUNDLES = {
    "not JSON": ("{\"format\": \"workshop-bundle\", \"version\": 1, \"tables\": {", "invalid JSON at line 1"),
    "not a bundle": ("[1, 2, 3]", "not a workshop bundle"),
    "newer version": ('{"format": "workshop-bundle", "version": 2, "tables": {}}', "bundle version 2 is not supported"),
    "binary": ("\udcff\udcfe", "not UTF-8 text"),
}


@pytest.mark.parametrize("name", BAD_BUNDLES)
def test_bad_bundle_imports_nothing(home: Path, tmp_path: Path, name: str) -> None:
    text, expected = BAD_BUNDLES[name]
    bundle = tmp_path / "bundle.json"
    bundle.write_bytes(text.encode("utf-8", "surrogateescape"))
    make_notebook(home)
    before = snapshot(home)
    assert_refused(workshop(home, "import", str(bundle)), str(bundle), expected)
    assert snapshot(home) == before


def test_bundle_with_one_bad_row_imports_nothing(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"
    make_notebook(source, interventions=20)
    exported = workshop(source, "export", "all", "--out", str(tmp_path / "all.json"))
    assert exported.returncode == 0, exported.stderr
    document = json.loads((tmp_path / "all.json").read_text())
    document["tables"]["intervention"][-1]["seconds"] = "forty"
    (tmp_path / "all.json").write_text(json.dumps(document))
    make_notebook(home)
    before = snapshot(home)
    result = workshop(home, "import", str(tmp_path / "all.json"))
    assert_refused(result, "intervention row 20: field 'seconds' must be a whole number")
    assert snapshot(home) == before


# --- what must work ------------------------------------------------------------------------------


def test_new_session_is_listed_by_another_process(home: Path) -> None:
    created = workshop(
        home, "new", "W3", "--meeting", "1st meeting", "--date", "2015-04-13", "--venue", "Doha",
        "--chair", "A. Chair", "--rapporteur", "B. Rapporteur",
    )
    assert created.returncode == 0 and created.stderr == ""
    session_id = created.stdout.strip()
    listed = workshop(home, "sessions", "--json")
    assert listed.returncode == 0
    [session] = json.loads(listed.stdout)["sessions"]
    assert session["id"] == session_id
    assert (session["topic"], session["meeting"], session["date"], session["venue"], session["chair"],
            session["rapporteur"]) == ("W3", "1st meeting", "2015-04-13", "Doha", "A. Chair", "B. Rapporteur")


def test_bundle_round_trip_into_an_empty_home(tmp_path: Path) -> None:
    source, target, bundle = tmp_path / "source", tmp_path / "target", tmp_path / "all.json"
    make_notebook(source, interventions=5)
    with Notebook.open(source) as notebook:
        session = notebook.sessions()[0]
        notebook.add_finding(session.id, "challenge", "Backlog of cases", text="Courts\nwait")
        notebook.delete(notebook.interventions(session.id)[0])
        notebook.save_draft(session.id, "half a note")
    assert workshop(source, "export", "all", "--out", str(bundle)).returncode == 0
    first = workshop(target, "import", str(bundle))
    assert first.returncode == 0, first.stderr
    assert contents(target) == contents(source)
    second = workshop(target, "import", str(bundle))
    assert second.returncode == 0 and "0 added, 0 updated" in second.stdout
    assert contents(target) == contents(source)


def test_an_import_can_be_undone_with_the_backup_it_makes(tmp_path: Path) -> None:
    from workshop.store.backup import list_backups

    source, home, bundle = tmp_path / "source", tmp_path / "home", tmp_path / "all.json"
    make_notebook(source, interventions=5)
    assert workshop(source, "export", "all", "--out", str(bundle)).returncode == 0
    make_notebook(home, interventions=2)
    before = contents(home)
    assert workshop(home, "import", str(bundle)).returncode == 0
    [backup] = list_backups(notebook_path(home))
    assert contents(home) != before
    restored = workshop(home, "restore", backup.name)
    assert restored.returncode == 0, restored.stderr
    assert contents(home) == before


def test_notebook_file_is_marked(home: Path) -> None:
    assert workshop(home, "new", "W1").returncode == 0
    path = notebook_path(home)
    import sqlite3

    conn = sqlite3.connect(path)
    pragma = lambda name: conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("application_id") == APPLICATION_ID == 0x57534850
    assert pragma("user_version") == SCHEMA_VERSION
    conn.close()


# --- places: read-only, full, busy ---------------------------------------------------------------


@pytest.fixture
def shared_home() -> Iterator[Path]:
    """A home outside pytest's private temporary folder, so that an unprivileged process can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="workshop-test-"))
    folder.chmod(0o755)
    try:
        yield folder / "home"
    finally:
        for path in [folder, *folder.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(folder)


def unprivileged(home: Path, action: Callable[[], int]) -> tuple[int, str]:
    """Run `action` in a forked process that file modes apply to (root becomes nobody); status, stderr.

    Root ignores file modes, so as root the child drops to the `nobody` user; it keeps the
    modules this process has loaded, since it could not read the interpreter's own files.
    """
    if os.geteuid() == 0:
        for path in [home, *home.rglob("*")]:
            os.chown(path, 65534, 65534)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        code = 99
        try:
            os.close(read_end)
            sys.stdout = io.StringIO()
            sys.stderr = open(write_end, "w", closefd=False)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(65534)
                os.setuid(65534)
            code = action()
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    with open(read_end) as pipe:
        stderr = pipe.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), stderr


def _warm_up(home: Path) -> None:
    # Load every module the commands need while this process can still read them all.
    assert cli.main(["--home", str(home), "new", "W3"]) == 0
    assert cli.main(["--home", str(home), "sessions"]) == 0


def test_unprivileged_process_can_write_a_writable_notebook(shared_home: Path) -> None:
    _warm_up(shared_home.parent / "warm")
    make_notebook(shared_home)
    status, stderr = unprivileged(shared_home, lambda: cli.main(["--home", str(shared_home), "new", "W3"]))
    assert (status, stderr) == (0, "")  # so the refusals below come from the modes alone


@pytest.mark.parametrize("place", ["notebook", "sessions folder", "home without sessions folder"])
def test_read_only_places(shared_home: Path, place: str) -> None:
    _warm_up(shared_home.parent / "warm")
    if place == "home without sessions folder":
        shared_home.mkdir()
    else:
        make_notebook(shared_home)
    before = snapshot(shared_home)
    target = {
        "notebook": notebook_path(shared_home),
        "sessions folder": shared_home / "sessions",
        "home without sessions folder": shared_home,
    }[place]
    target.chmod(0o444 if target.is_file() else 0o555)
    status, stderr = unprivileged(shared_home, lambda: cli.main(["--home", str(shared_home), "new", "W3"]))
    lines = stderr.splitlines()
    assert status == 1 and len(lines) == 1, stderr
    expected = "cannot be created (permission denied)" if place.startswith("home") else "read-only"
    assert lines[0].startswith("workshop: ") and expected in lines[0]
    target.chmod(0o755 if target.is_dir() else 0o644)
    assert snapshot(shared_home) == before


def test_disk_full_from_the_command_line(home: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    path = make_notebook(home)
    rows_before = all_rows(path)
    configure = notebook_module.Notebook._configure

    def on_a_full_disk(self, **kwargs) -> None:
        configure(self, **kwargs)
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        self.db.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page

    monkeypatch.setattr(notebook_module.Notebook, "_configure", on_a_full_disk)
    status = cli.main(["--home", str(home), "new", "W3", "--panellists", "Panellist, " * 20000])
    captured = capsys.readouterr()
    assert status == 1 and captured.out == ""
    assert captured.err == f"workshop: {path}: the disk is full; the last change was not saved (free some space and try again)\n"
    assert all_rows(path) == rows_before


def test_notebook_locked_longer_than_the_timeout(home: Path) -> None:
    path = make_notebook(home)
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('holding', flush=True)\n"
            "sys.stdin.read()\n"
        ), str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline() == "holding\n"
        before = {name: (path.parent / name).read_bytes() for name in ("notebook.db", "notebook.db-wal")}
        listed = workshop(home, "sessions", env={"WORKSHOP_BUSY_TIMEOUT": "0.1"})
        assert listed.returncode == 0  # reading goes on beside the other program's transaction
        result = workshop(home, "new", "W1", env={"WORKSHOP_BUSY_TIMEOUT": "0.1"})
        assert_refused(result, str(path), "busy in another program; nothing was saved, try again")
        assert before == {name: (path.parent / name).read_bytes() for name in before}
    finally:
        holder.communicate("", timeout=10)
    with Notebook.open(home) as notebook:
        assert [s.topic for s in notebook.sessions()] == ["W3"]
