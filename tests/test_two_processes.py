"""Two programs writing to one notebook at once: they queue, no "database is locked" reaches anyone, nothing is lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from workshop.store import Notebook

WRITER = """
import json, sys, time
from workshop.store import Notebook

home, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ids = []
with Notebook.open(home) as notebook:  # both may be the first to open it: no notebook exists yet
    session = notebook.create_session("W3", meeting=name)
    speaker = notebook.add_speaker(name)
    print("ready", flush=True)
    sys.stdin.readline()  # both start writing together
    began = time.time()
    for n in range(count):
        ids.append(notebook.record_intervention(session.id, speaker.id, f"{name} {n}").id)
print(json.dumps({"ids": ids, "began": began, "ended": time.time()}))
"""

COMMAND_LINE = """
import sys
from workshop.cli import main

home, count = sys.argv[1], int(sys.argv[2])
sys.exit(max(main(["--home", home, "new", "W1"]) for _ in range(count)))
"""


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_writers_lose_nothing(tmp_path: Path) -> None:
    writers = [start(WRITER, str(tmp_path), name, "500") for name in ("first", "second")]
    assert [w.stdout.readline() for w in writers] == ["ready\n", "ready\n"]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=120) for writer in writers]
    assert [w.returncode for w in writers] == [0, 0], results
    assert [err for _, err in results] == ["", ""]
    reports = [json.loads(out) for out, _ in results]
    acknowledged = [set(report["ids"]) for report in reports]
    first, second = reports
    assert first["began"] < second["ended"] and second["began"] < first["ended"]  # they overlapped
    assert all(len(ids) == 500 for ids in acknowledged)
    with Notebook.open(tmp_path) as notebook:
        stored = {row[0] for row in notebook.db.execute("SELECT id FROM intervention")}
        assert notebook.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert stored == acknowledged[0] | acknowledged[1] and len(stored) == 1000


def test_command_line_twice_at_once(tmp_path: Path) -> None:
    # Each call opens and closes the notebook, so opening, checkpointing on close and writing
    # of the two processes keep crossing.
    runs = [start(COMMAND_LINE, str(tmp_path), "40") for _ in range(2)]
    results = [run.communicate(timeout=120) for run in runs]
    assert [r.returncode for r in runs] == [0, 0], results
    assert [err for _, err in results] == ["", ""]
    printed = [line for out, _ in results for line in out.split()]
    with Notebook.open(tmp_path) as notebook:
        assert sorted(s.id for s in notebook.sessions()) == sorted(printed)
    assert len(set(printed)) == 80
