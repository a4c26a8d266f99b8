"""An export never destroys the notebook, a backup or a stranger's file, and is never found half written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_store_files import all_rows, make_notebook

from workshop import cli
from workshop.store import Notebook
from workshop.store.backup import backup_notebook
from workshop.store.notebook import notebook_path


def export(home: Path, *args: str) -> int:
    return cli.main(["--home", str(home), "export", *args])


def one_line(capsys, *phrases: str) -> None:
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("workshop: "), err
    for phrase in phrases:
        assert phrase in err[0], err[0]


@pytest.mark.parametrize("fmt", [["W3"], ["all", "--format", "json"]], ids=["md", "json"])
@pytest.mark.parametrize("place", ["notebook", "-wal", "-shm", "backup", "under sessions", "link to the notebook",
                                   "another notebook"])
def test_no_export_over_a_notebook_or_its_files(home: Path, tmp_path: Path, fmt: list[str], place: str,
                                                capsys) -> None:
    path = make_notebook(home)
    with Notebook.open(home) as notebook:
        backup = backup_notebook(notebook)
    rows = all_rows(path)
    holder = Notebook.open(home)  # the app has it open: -wal and -shm are there
    try:
        holder.create_session("W1", meeting="Only in the WAL")
        elsewhere = tmp_path / "copy" / "notebook.db"
        elsewhere.parent.mkdir()
        elsewhere.write_bytes(backup.read_bytes())
        link = tmp_path / "summary.md"
        link.symlink_to(path)
        out = {
            "notebook": path, "-wal": path.with_name("notebook.db-wal"),
            "-shm": path.with_name("notebook.db-shm"), "backup": backup,
            "under sessions": path.parent / "summary.md", "link to the notebook": link,
            "another notebook": elsewhere,
        }[place]
        before = {p: p.read_bytes() for p in (path, backup, elsewhere)}
        assert export(home, *fmt, "--out", str(out), "--force") == 1
        one_line(capsys, str(out))
        assert not (path.parent / "summary.md").exists()
        assert {p: p.read_bytes() for p in before} == before
    finally:
        holder.close()
    assert "Only in the WAL" in all_rows(path) and all(line in all_rows(path) for line in rows.splitlines())


@pytest.mark.parametrize("fmt", [["W3"], ["all", "--format", "json"]], ids=["md", "json"])
def test_a_file_that_is_not_an_export_is_replaced_only_with_force(home: Path, tmp_path: Path, fmt, capsys) -> None:
    make_notebook(home)
    out = tmp_path / "minutes.txt"
    out.write_text("The secretariat's own minutes.")
    assert export(home, *fmt, "--out", str(out)) == 1
    one_line(capsys, "not an export of workshop", "--force")
    assert out.read_text() == "The secretariat's own minutes."
    assert export(home, *fmt, "--out", str(out), "--force") == 0
    assert out.read_text() != "The secretariat's own minutes."
    # An export of ours is replaced by the next one without asking.
    assert export(home, *fmt, "--out", str(out)) == 0


def test_an_earlier_summary_with_its_card_is_replaced(home: Path, tmp_path: Path) -> None:
    make_notebook(home)
    out = tmp_path / "w3.md"
    assert export(home, "W3", "--out", str(out)) == 0
    first = out.read_text()
    with Notebook.open(home) as notebook:
        [session] = notebook.sessions()
        later = notebook.add_speaker("Ms. Ana Rojas", delegation="Chile", category="Member State")
        notebook.record_intervention(session.id, later.id, "A later statement on victims.")
    assert export(home, "W3", "--out", str(out)) == 0
    assert out.read_text() != first


KILLED_AT = (
    "import os, sys\n"
    "from workshop import cli\n"
    "import workshop.export.writer as writer\n"
    "calls = []\n"
    "real = getattr(os, sys.argv[1])\n"
    "def killed(*args):\n"
    "    calls.append(args)\n"
    "    if len(calls) == int(sys.argv[2]):\n"
    "        os._exit(9)\n"  # as kill -9 leaves it: no clean-up
    "    return real(*args)\n"
    "setattr(writer.os, sys.argv[1], killed)\n"
    "cli.main(sys.argv[3:])\n"
)


def killed_export(home: Path, call: str, nth: int, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", KILLED_AT, call, str(nth), "--home", str(home), "export", *args],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 9, result


@pytest.mark.parametrize(("call", "nth"), [("fsync", 1), ("fsync", 2), ("link", 1), ("link", 2)])
def test_an_export_killed_midway_leaves_no_partial_file_under_its_name(home: Path, call: str, nth: int) -> None:
    make_notebook(home)
    exports = home / "exports"
    killed_export(home, call, nth, "W3")
    summaries = list(exports.glob("*.md"))
    for summary in summaries:
        assert summary.stat().st_size > 0
        assert summary.with_suffix(".qr.svg").stat().st_size > 0  # never a summary without its card
    for card in exports.glob("*.qr.svg"):
        assert card.stat().st_size > 0
    # The next export still works, and every file it names is whole.
    assert export(home, "W3") == 0
    for written in exports.iterdir():
        if not written.name.startswith("."):
            assert written.stat().st_size > 0


@pytest.mark.parametrize(("call", "nth"), [("fsync", 1), ("replace", 1), ("fsync", 2), ("replace", 2)])
def test_an_export_to_a_named_file_killed_midway(home: Path, tmp_path: Path, call: str, nth: int) -> None:
    make_notebook(home)
    out = tmp_path / "w3.md"
    killed_export(home, call, nth, "W3", "--out", str(out))
    assert not out.exists() or out.stat().st_size > 0
    if out.exists():
        assert out.with_suffix(".qr.svg").stat().st_size > 0


@pytest.mark.parametrize(("call", "nth"), [("fsync", 1), ("replace", 1)])
def test_a_json_export_killed_midway(home: Path, tmp_path: Path, call: str, nth: int) -> None:
    make_notebook(home)
    out = tmp_path / "notebook.json"
    killed_export(home, call, nth, "all", "--out", str(out))
    assert not out.exists()
    assert export(home, "all", "--out", str(out)) == 0
    assert json.loads(out.read_text())["tables"]["session"]


def test_the_json_export_is_flushed_before_it_is_named(home: Path, monkeypatch) -> None:
    import workshop.export.writer as writer

    make_notebook(home)
    order: list[str] = []
    monkeypatch.setattr(writer.os, "fsync", lambda fd: order.append("fsync"))
    real_replace = os.replace
    monkeypatch.setattr(writer.os, "replace", lambda a, b: (order.append("replace"), real_replace(a, b)))
    assert export(home, "all") == 0
    assert order[:2] == ["fsync", "replace"]
    assert notebook_path(home).exists()
