"""Crash harness: kill -9 a process writing to the notebook at random moments; nothing acknowledged may be lost.

    uv run python tests/crash_harness.py --kills 500
    nice -n 10 uv run python tests/crash_harness.py --scale 320   # the commands and the app too

Each round forks a child that opens the notebook through the store and either records
interventions in a loop, printing each id once its commit has returned, or imports a JSON
bundle, printing "imported" once the import has returned; some rounds start from no notebook
at all, so that kills also land while the file is being created. The parent kills the child
with SIGKILL at a random moment, reopens the notebook as the app would, and checks that it
opens, that PRAGMA quick_check is ok, that every acknowledged id is there and that a bundle is
there whole or not at all. Some children check the WAL into the file every few pages, so that
kills also land in the middle of checkpoints.
"""

from __future__ import annotations

import argparse
import os
import random
import select
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from workshop.export.bundle import bundle_json
from workshop.records import Intervention, Session, Speaker
from workshop.store import Notebook, NotebookError, new_id, now
from workshop.store.bundle import import_bundle

BUNDLE_INTERVENTIONS = 150
KINDS = ("record",) * 14 + ("import",) * 4 + ("fresh",) * 2


@dataclass
class Tally:
    """What the kills did and what survived them."""

    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    failed_checks: int = 0
    imports_killed: int = 0
    imports_whole: int = 0
    imports_partial: int = 0
    acknowledged_imports_missing: int = 0
    fresh_notebooks: int = 0
    child_errors: int = 0

    @property
    def sound(self) -> bool:
        return not (self.lost or self.failed_checks or self.imports_partial
                    or self.acknowledged_imports_missing or self.child_errors)

    def line(self) -> str:
        return ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in asdict(self).items())


# --- children ---------------------------------------------------------------------------------


def _say(out: int, text: str) -> None:
    os.write(out, (text + "\n").encode())


def child_record(home: Path, rng: random.Random, out: int) -> None:
    """Record interventions for ever, acknowledging each one after its commit."""
    notebook = Notebook.open(home)
    if rng.random() < 0.5:
        notebook.db.execute("PRAGMA wal_autocheckpoint = 8")  # many checkpoints to be killed in
    session = next(iter(notebook.sessions()), None) or notebook.create_session("W3", meeting="1st meeting")
    speaker = notebook.speaker_named("Crash test delegation") or notebook.add_speaker("Crash test delegation")
    _say(out, "ready")
    n = 0
    while True:
        n += 1
        text = f"Intervention {n}. " + "The delegation stressed cooperation. " * rng.randrange(0, 60)
        recorded = notebook.record_intervention(session.id, speaker.id, text, question_refs=("W3.Q.a",))
        _say(out, recorded.id)
        if n % 7 == 0:
            notebook.save_draft(session.id, f"Draft after {n}")


def child_import(home: Path, bundle: Path, out: int) -> None:
    """Import one bundle and say so once the import has returned."""
    notebook = Notebook.open(home)
    _say(out, "ready")
    import_bundle(notebook, bundle)
    _say(out, "imported")
    time.sleep(60)


# --- the parent -------------------------------------------------------------------------------


def make_bundle(path: Path) -> set[str]:
    """A bundle of one new session, speaker and BUNDLE_INTERVENTIONS interventions; their ids."""
    stamp = now()
    session = Session(id=new_id(), created_at=stamp, updated_at=stamp, topic="W1", meeting="Imported")
    speaker = Speaker(id=new_id(), created_at=stamp, updated_at=stamp, name="Imported delegation")
    interventions = [
        Intervention(id=new_id(), created_at=stamp, updated_at=stamp, session_id=session.id,
                     speaker_id=speaker.id, text=f"Imported statement {n}. " * 20)
        for n in range(BUNDLE_INTERVENTIONS)
    ]
    tables = {"session": [session], "speaker": [speaker], "intervention": interventions}
    path.write_text(bundle_json(tables, exported_at=stamp, schema_version=1), encoding="utf-8")
    return {session.id, speaker.id, *(i.id for i in interventions)}


def run_child(target, *args) -> tuple[int, int]:
    """Fork a child running target(*args, out); its pid and the read end of its output."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(read_end)
            target(*args, write_end)
        except BaseException:
            traceback.print_exc()
            code = 3
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _read_until(fd: int, marker: bytes, buffer: bytearray, deadline: float) -> bool:
    while marker not in buffer:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return False
        chunk = os.read(fd, 65536)
        if not chunk:
            return False
        buffer += chunk
    return True


def kill_at_random(pid: int, fd: int, rng: random.Random, max_delay: float) -> tuple[list[str], int]:
    """SIGKILL the child at a random moment; the complete lines it printed and its exit status."""
    buffer = bytearray()
    if rng.random() < 0.15:
        time.sleep(rng.uniform(0, 0.02))  # while it opens the notebook
    elif _read_until(fd, b"ready\n", buffer, time.monotonic() + 30):
        time.sleep(rng.uniform(0, max_delay))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    while chunk := os.read(fd, 65536):
        buffer += chunk
    os.close(fd)
    text = buffer.decode()
    lines = text.split("\n")[:-1]  # a last line without its newline was not acknowledged
    return lines, status


def verify(home: Path, tally: Tally) -> set[str] | None:
    """Reopen the notebook as the app does; its intervention and session ids, or None if it failed."""
    try:
        with Notebook.open(home) as notebook:
            if notebook.db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                tally.failed_checks += 1
                return None
            ids = {row[0] for row in notebook.db.execute("SELECT id FROM intervention")}
            ids |= {row[0] for row in notebook.db.execute("SELECT id FROM session UNION SELECT id FROM speaker")}
            return ids
    except NotebookError as error:
        print(f"failed check: {error}", file=sys.stderr)
        tally.failed_checks += 1
        return None


def run(kills: int, folder: Path, *, seed: int | None = None, max_delay: float = 0.06) -> Tally:
    """Kill `kills` children writing to notebooks under `folder`; what survived."""
    rng = random.Random(seed)
    tally = Tally()
    home = folder / "home"
    acknowledged: set[str] = set()
    for round_number in range(kills):
        kind = rng.choice(KINDS)
        if kind == "fresh":
            tally.fresh_notebooks += 1
            round_home, round_acknowledged = folder / f"fresh-{round_number}", set()
        else:
            round_home, round_acknowledged = home, acknowledged
        bundle_ids: set[str] = set()
        if kind == "import":
            bundle = folder / "bundle.json"
            bundle_ids = make_bundle(bundle)
            pid, fd = run_child(child_import, round_home, bundle)
            delay = max_delay * 8  # an import takes longer than one intervention
        else:
            pid, fd = run_child(child_record, round_home, random.Random(rng.random()))
            delay = max_delay
        lines, status = kill_at_random(pid, fd, rng, delay)
        tally.kills += 1
        if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
            tally.child_errors += 1  # it died of something else before the kill
        new = {line for line in lines if line not in ("ready", "imported")}
        round_acknowledged |= new
        tally.acknowledged += len(new)
        present = verify(round_home, tally)
        if present is None:
            continue
        tally.lost += len(round_acknowledged - present)
        if kind == "import":
            found = bundle_ids & present
            if "imported" in lines and found != bundle_ids:
                tally.acknowledged_imports_missing += 1
            if found and found != bundle_ids:
                tally.imports_partial += 1
            tally.imports_killed += 1
            tally.imports_whole += found == bundle_ids
    return tally


def main(argv: list[str] | None = None) -> int:
    """Run the harness from the command line and print one summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-delay", type=float, default=0.06, help="seconds after start-up, at most, before the kill")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and leave it (default: a temporary folder)")
    parser.add_argument("--scale", type=int, metavar="KILLS",
                        help="kill the real commands and the app this many times (tests/crash_scale.py)")
    args = parser.parse_args(argv)
    if args.scale:
        from crash_scale import main as scale

        return scale(args.scale, args.seed, args.keep)
    started = time.monotonic()
    if args.keep:
        Path(args.keep).mkdir(parents=True, exist_ok=True)
        tally = run(args.kills, Path(args.keep), seed=args.seed, max_delay=args.max_delay)
    else:
        with tempfile.TemporaryDirectory(prefix="workshop-crash-") as folder:
            tally = run(args.kills, Path(folder), seed=args.seed, max_delay=args.max_delay)
    print(f"{tally.line()} ({time.monotonic() - started:.1f} s)")
    return 0 if tally.sound else 1


if __name__ == "__main__":
    raise SystemExit(main())
