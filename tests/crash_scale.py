"""The crash harness at scale: kill -9 the real commands and the app, hundreds of times, by hand.

    nice -n 10 uv run python tests/crash_harness.py --scale 320 --seed 13 --keep /tmp/crash-scale

Not part of the test suite (it takes many minutes). Each round runs one real `workshop` process
(`new`, `import`, `merge`, `restore`, `export`) on one notebook that lives through the whole run,
kills it with SIGKILL at a random moment of its run (the moment drawn from how long that command
took when it was let finish), then checks:
- the notebook opens as the app opens it and passes PRAGMA quick_check;
- nothing acknowledged is lost: a session `new` printed, every row of a bundle or notebook whose
  import or merge was reported, every intervention recorded before: in the notebook, or (after a
  restore) in the copy `restore` kept aside, sessions/notebook-replaced-*.db;
- an import or merge is there whole or not at all;
- no export under its final name is partial: a summary is byte for byte the summary of its
  session, its QR card a whole SVG, a JSON bundle whole JSON (a summary written without its card
  is counted apart).
App rounds (tests/crash_app.py) kill the app while it is used in a terminal.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from crash_app import ROUNDS as APP_ROUNDS
from crash_app import AppTally
from crash_harness import make_bundle

from workshop.catalogue import load_catalogue
from workshop.export.writer import summary_text
from workshop.store import Notebook, NotebookError
from workshop.store.backup import list_backups
from workshop.store.notebook import notebook_path

COMMANDS = ("new",) * 3 + ("import",) * 2 + ("merge",) * 2 + ("restore",) * 2 + ("export",) * 3
APP_SHARE = 0.25  # of the rounds: the app in a terminal
LET_FINISH_S = 60.0


@dataclass
class ScaleTally:
    """Kills per command and what survived them."""

    kills: dict[str, int] = field(default_factory=dict)
    finished: int = 0  # processes that ended before their kill (not counted as kills)
    acknowledged: int = 0
    lost: int = 0
    failed_checks: int = 0
    folds_partial: int = 0
    exports_partial: int = 0
    summaries_without_card: int = 0
    app: AppTally = field(default_factory=AppTally)

    @property
    def total_kills(self) -> int:
        return sum(self.kills.values()) + self.app.kills

    @property
    def sound(self) -> bool:
        return not (self.lost or self.failed_checks or self.folds_partial or self.exports_partial
                    ) and self.app.sound

    def line(self) -> str:
        kills = ", ".join(f"{name} {count}" for name, count in sorted(self.kills.items()))
        rest = {k: v for k, v in asdict(self).items() if k not in ("kills", "app")}
        return (f"kills {self.total_kills} ({kills}, app {self.app.kills}); "
                + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in rest.items())
                + f"; {self.app.line()}")


class Run:
    """One notebook under repeated kills, and what has been acknowledged in it."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder, self.rng = folder, rng
        self.home = folder / "home"
        self.acknowledged: set[str] = set()
        self.durations: dict[str, float] = {}  # how long each command took when let finish
        self.tally = ScaleTally()
        self.rounds = 0
        with Notebook.open(self.home) as notebook:
            session = notebook.create_session("W3", meeting="1st meeting", date="2015-04-13")
            speaker = notebook.add_speaker("Brazil")
            for n in range(40):
                recorded = notebook.record_intervention(
                    session.id, speaker.id, f"Statement {n}. " + "Brazil stressed cooperation. " * 30)
                self.acknowledged.add(recorded.id)
            self.acknowledged |= {session.id, speaker.id}
        self.tally.acknowledged += len(self.acknowledged)

    # --- one process, killed ---------------------------------------------------------------

    def workshop(self, name: str, *args: str) -> tuple[list[str], bool]:
        """Run `workshop NAME ARGS`, kill it at a random moment; its complete lines, whether killed."""
        command = [sys.executable, "-m", "workshop", "--home", str(self.home), name, *args]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        typical = self.durations.get(name, 2.0)
        # One run in five is let finish, so that there is always something acknowledged to lose.
        wait = LET_FINISH_S if self.rng.random() < 0.2 else self.rng.uniform(0, typical * 1.1)
        deadline = started + wait
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.005)
        killed = process.poll() is None
        if killed:
            os.kill(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        took = time.monotonic() - started
        if not killed:
            self.durations[name] = 0.7 * typical + 0.3 * took
            self.tally.finished += 1
        else:
            if took > 0.8 * typical:  # slower than thought (a loaded machine): draw from longer
                self.durations[name] = typical * 1.2
            self.tally.kills[name] = self.tally.kills.get(name, 0) + 1
        text = output.decode("utf-8", "replace")
        return text.split("\n")[:-1], killed

    # --- what is in the notebook ------------------------------------------------------------

    def ids(self, path: Path) -> set[str]:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {row[0] for row in connection.execute(
                "SELECT id FROM intervention UNION SELECT id FROM session UNION SELECT id FROM speaker")}
        finally:
            connection.close()

    def check(self) -> set[str] | None:
        """Open the notebook as the app does; its ids, or None when it fails (counted)."""
        try:
            with Notebook.open(self.home) as notebook:
                if notebook.db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise NotebookError("quick_check failed")
        except NotebookError as error:
            print(f"failed check: {error}", file=sys.stderr)
            self.tally.failed_checks += 1
            return None
        return self.ids(notebook_path(self.home))

    def kept_aside(self) -> set[str]:
        """Ids in the copies `restore` kept of the notebooks it replaced."""
        found: set[str] = set()
        for path in notebook_path(self.home).parent.glob("notebook-replaced-*.db"):
            try:
                found |= self.ids(path)
            except sqlite3.Error:
                pass
        return found

    def count_lost(self, present: set[str]) -> None:
        missing = self.acknowledged - present
        if missing:
            missing -= self.kept_aside()
        if missing:
            print(f"lost {len(missing)} acknowledged rows", file=sys.stderr)
        self.tally.lost += len(missing)

    # --- rounds ---------------------------------------------------------------------------

    def new(self) -> None:
        lines, _ = self.workshop("new", "W1", "--meeting", f"Meeting {self.rounds}", "--date", "2015-04-14")
        acknowledged = {line for line in lines if len(line) == 36}
        self.acknowledged |= acknowledged
        self.tally.acknowledged += len(acknowledged)
        present = self.check()
        if present is not None:
            self.count_lost(present)

    def fold(self, name: str) -> None:
        """An import of a fresh bundle, or a merge of a fresh notebook: whole or nothing."""
        source = self.folder / ("bundle.json" if name == "import" else "other/sessions/notebook.db")
        if name == "import":
            rows = make_bundle(source)
        else:
            other = source.parent.parent
            if other.exists():
                for path in sorted(other.rglob("*"), reverse=True):
                    path.unlink() if path.is_file() else path.rmdir()
            with Notebook.open(other) as notebook:
                session = notebook.create_session("W2", meeting="Merged")
                speaker = notebook.add_speaker("Merged delegation")
                rows = {session.id, speaker.id, *(
                    notebook.record_intervention(session.id, speaker.id, f"Merged statement {n}").id
                    for n in range(60))}
        lines, _ = self.workshop(name, str(source))
        present = self.check()
        if present is None:
            return
        found = rows & present
        if found and found != rows:
            self.tally.folds_partial += 1
        if any(line.startswith(str(source)) for line in lines):
            self.acknowledged |= rows
            self.tally.acknowledged += len(rows)
        self.count_lost(present)

    def restore(self) -> None:
        backups = list_backups(notebook_path(self.home))
        if not backups:
            return self.fold("import")  # import makes the first backup
        lines, _ = self.workshop("restore", self.rng.choice(backups[:3]).name)
        present = self.check()
        if present is not None:
            self.count_lost(present)

    def export(self) -> None:
        exports = self.home / "exports"
        before = self.stats(exports)
        with Notebook.open(self.home) as notebook:
            sessions = notebook.sessions()
            session = self.rng.choice(sessions)
            topic = load_catalogue().topic(session.topic)
            expected = summary_text(topic, [notebook.session_record(session.id)]).encode("utf-8")
        as_json = self.rng.random() < 0.3
        args = ["all", "--format", "json"] if as_json else [session.id]
        self.workshop("export", *args)
        present = self.check()
        if present is not None:
            self.count_lost(present)
        for path, stat in self.stats(exports).items():
            if before.get(path) != stat:
                self.judge_export(path, expected)

    @staticmethod
    def stats(folder: Path) -> dict[Path, tuple[int, int]]:
        if not folder.exists():
            return {}
        return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()
                if not p.name.startswith(".")}  # a dot name is a temporary file, never final

    def judge_export(self, path: Path, expected_summary: bytes) -> None:
        content = path.read_bytes()
        if path.name.endswith(".qr.svg"):
            whole = content.rstrip().endswith(b"</svg>")
        elif path.suffix == ".json":
            try:
                whole = isinstance(json.loads(content), dict)
            except ValueError:
                whole = False
        elif path.suffix == ".md":
            whole = content == expected_summary
            if whole and not path.with_suffix(".qr.svg").exists():
                self.tally.summaries_without_card += 1
        else:
            whole = True
        if not whole:
            print(f"partial export under its final name: {path.name} ({len(content)} bytes)",
                  file=sys.stderr)
            self.tally.exports_partial += 1

    def app_round(self) -> None:
        name = self.rng.choice(sorted(APP_ROUNDS))
        home = self.folder / f"app-{self.rounds}"
        try:
            self.tally.app.add(APP_ROUNDS[name](home, random.Random(self.rng.random())))
        except AssertionError as error:  # a wait timed out: the app was killed all the same
            print(f"{name}: {error}", file=sys.stderr)
            self.tally.app.timeouts += 1
            self.tally.app.kills += 1

    def one(self) -> None:
        self.rounds += 1
        if self.rng.random() < APP_SHARE:
            return self.app_round()
        name = self.rng.choice(COMMANDS)
        {"new": self.new, "restore": self.restore, "export": self.export}.get(
            name, lambda: self.fold(name))()


def run_scale(kills: int, folder: Path, seed: int | None) -> ScaleTally:
    """Rounds until `kills` processes were killed; the tally."""
    run = Run(folder, random.Random(seed))
    started = time.monotonic()
    while run.tally.total_kills < kills:
        run.one()
        if run.rounds % 20 == 0:
            print(f"[{time.monotonic() - started:.0f} s] {run.tally.line()}", file=sys.stderr, flush=True)
    return run.tally


def main(kills: int, seed: int | None, keep: str | None) -> int:
    started = time.monotonic()
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        tally = run_scale(kills, Path(keep), seed)
    else:
        with tempfile.TemporaryDirectory(prefix="workshop-crash-scale-") as folder:
            tally = run_scale(kills, Path(folder), seed)
    print(f"{tally.line()} ({time.monotonic() - started:.0f} s)")
    return 0 if tally.sound else 1
