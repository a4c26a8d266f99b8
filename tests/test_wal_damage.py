"""A damaged -wal: found as SQLite reads it, kept aside (never deleted), and said in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_meeting import new_app, run_async

from workshop import cli
from workshop.store import Notebook
from workshop.store.notebook import notebook_path
from workshop.store.wal import checksum, wal_damage

CRASH_AFTER_SAVING = (
    "import os, sys\n"
    "from workshop.store import Notebook\n"
    "n = Notebook.open(sys.argv[1])\n"
    "for meeting in sys.argv[2:]:\n"
    "    n.create_session('W3', meeting=meeting)\n"
    "os._exit(0)\n"  # killed: the WAL is never checkpointed
)

FRAME = 32  # the first frame's offset
# The byte flipped in each variant, as the adversarial run flipped them.
VARIANTS = {
    "header magic": 0,
    "header salt": 16,
    "first frame's salt": FRAME + 8,
    "first frame's checksum": FRAME + 16,
    "first frame's page": FRAME + 24 + 100,
}


def saved_in_the_wal(home: Path, *meetings: str) -> Path:
    """A notebook whose last sessions were committed to the WAL by a process then killed."""
    with Notebook.open(home):
        pass  # schema made and checkpointed into the main file
    subprocess.run([sys.executable, "-c", CRASH_AFTER_SAVING, str(home), *meetings], check=True)
    wal = notebook_path(home).with_name("notebook.db-wal")
    assert wal.stat().st_size > FRAME
    return wal


def flip(path: Path, offset: int) -> None:
    content = bytearray(path.read_bytes())
    content[offset] ^= 0x01
    path.write_bytes(bytes(content))


def test_a_sound_wal_is_no_damage(home: Path) -> None:
    wal = saved_in_the_wal(home, "1st meeting", "2nd meeting")
    assert wal_damage(wal) is None
    assert wal_damage(wal, notebook_path(home)) is None
    with Notebook.open(home) as notebook:
        assert [s.meeting for s in notebook.sessions()] == ["1st meeting", "2nd meeting"]


def test_checksum_is_sqlites() -> None:
    # The header of a WAL SQLite wrote checks out with the function (byte order of its magic).
    import sqlite3
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        conn = sqlite3.connect(Path(folder) / "x.db")
        conn.execute("PRAGMA journal_mode = wal")
        conn.execute("CREATE TABLE t (x)")
        header = (Path(folder) / "x.db-wal").read_bytes()[:32]
        conn.close()
    big = header[3] == 0x83
    assert checksum(header[:24], 0, 0, big) == (int.from_bytes(header[24:28]), int.from_bytes(header[28:32]))


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_damaged_wal_is_found_kept_aside_and_said(home: Path, variant: str, capsys) -> None:
    wal = saved_in_the_wal(home, "Only in the WAL")
    flip(wal, VARIANTS[variant])
    damaged = wal.read_bytes()
    assert wal_damage(wal) is not None
    # Asking SQLite where its replay stops finds the same damage as reading every frame here.
    assert wal_damage(wal, notebook_path(home)) == wal_damage(wal)

    assert cli.main(["--home", str(home), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "notebook.db-wal: damaged" in err[0] and "will not be replayed" in err[0], err
    [kept] = wal.parent.glob("notebook.db-wal-damaged-*")
    assert kept.read_bytes() == damaged

    # Opened to write, SQLite will reuse the -wal: the copy stays, said once more, never replaced.
    assert cli.main(["--home", str(home), "new", "W1"]) == 0
    captured = capsys.readouterr()
    assert f"the file is kept as {kept.name}" in captured.err
    assert list(wal.parent.glob("notebook.db-wal-damaged-*")) == [kept]
    assert kept.read_bytes() == damaged


def test_reading_commands_say_so_too(home: Path, capsys) -> None:
    wal = saved_in_the_wal(home, "Only in the WAL")
    flip(wal, VARIANTS["first frame's page"])
    assert cli.main(["--home", str(home), "sessions"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "damaged" in captured.err
    assert list(wal.parent.glob("notebook.db-wal-damaged-*"))


def test_a_write_cut_off_by_a_crash_is_not_damage(home: Path) -> None:
    # The last frames of a transaction that never committed are what SQLite expects to drop.
    wal = saved_in_the_wal(home, "1st meeting")
    content = wal.read_bytes()
    wal.write_bytes(content + content[FRAME:FRAME + 24 + 4096][:2000])  # half a frame more
    assert wal_damage(wal) is None
    flip(wal, len(content) - 50)  # the last (commit) frame damaged: nothing after it is hidden
    assert wal_damage(wal) is None


@run_async
async def test_the_app_says_so_in_a_notice(home: Path) -> None:
    wal = saved_in_the_wal(home, "Only in the WAL")
    flip(wal, VARIANTS["first frame's salt"])
    app = new_app(home)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert any("notebook.db-wal: damaged" in n.message for n in app._notifications)
    assert list(wal.parent.glob("notebook.db-wal-damaged-*"))
