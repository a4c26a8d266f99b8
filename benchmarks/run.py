"""Speed at Congress scale and on every screen: the benchmark suite of issues 6 and 15.

    uv run python benchmarks/run.py --json run1.json   # the full run: every figure, target, verdict
    uv run python benchmarks/run.py --quick            # checks the suite works, not speed
    uv run python benchmarks/run.py --table run1.json run2.json   # two runs in Markdown, with spread

Prints one `name: value` line per figure, as soon as it is measured; lines starting with `#` are
context (the raw times behind a ratio, the notebooks used, each stage's time). Every comparison is
measured side by side in this one run, the two sides interleaved (A B, B A, A B, ...), and each
side's median taken, so that a shared, noisy machine slows both alike. See docs/performance.md."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # `workshop` from this checkout, however the script is run
sys.path.insert(0, str(HERE))

from generate import cached_home  # noqa: E402

DRIVER = HERE / "drive.py"

# name: (comparison, target). Figures are printed in this order.
TARGETS: dict[str, tuple[str, float]] = {
    "startup_ratio": ("<=", 1.3),
    "typing_ratio": ("<=", 1.2),
    "typing_pilot_ratio": ("", 0.0),  # beside it, the same keys through Pilot: no target of its own
    "commit_ms_median": ("", 0.0),  # no target of its own: commit_ratio judges it
    "commit_ratio": ("<=", 1.5),
    "export_2k_s": ("<", 0.2),
    "export_100k_s": ("<", 3.0),
    "export_scaling_10k_to_100k": ("<", 12.0),
    "search_p50_ms_100k": ("<", 20.0),
    "peak_rss_mb_100k": ("<", 200.0),
}

# Every screen's keys under the heartbeat (benchmarks/screens.py): screens against a bare screen
# push, moves in a list against a bare widget update, in the same process.
SCREEN_ACTIONS = ("synthesis", "preview", "search", "coverage", "statistics", "help", "speaker_form",
                  "finding_form", "entry_form", "sessions_list", "session_form", "open_workspace")
MOVE_ACTIONS = ("synthesis_down", "search_down", "log_down")
OTHER_ACTIONS = ("f4_floor", "f5_save")  # they commit to disk: judged by their stalls only
STALL_MS = 50.0
SCREEN_RATIO = {"10k": 3.0, "100k": 5.0}
MOVE_RATIO = 2.0
for _size in ("10k", "100k"):  # in the order measure_screens prints them
    for _action in SCREEN_ACTIONS + MOVE_ACTIONS + OTHER_ACTIONS:
        if _action in SCREEN_ACTIONS:
            TARGETS[f"{_action}_ratio_{_size}"] = ("<=", SCREEN_RATIO[_size])
            TARGETS[f"{_action}_cold_ratio_{_size}"] = ("<=", SCREEN_RATIO[_size])  # the first opening
        elif _action in MOVE_ACTIONS:
            TARGETS[f"{_action}_ratio_{_size}"] = ("<=", MOVE_RATIO)
        else:  # against a bare widget update, as the table shows them; judged by the stall
            TARGETS[f"{_action}_ratio_{_size}"] = ("", 0.0)
        TARGETS[f"{_action}_stall_ms_{_size}"] = ("<=", STALL_MS)
    TARGETS[f"idle_full_layouts_{_size}"] = ("<=", 0)
TARGETS.update({
    "screens_peak_rss_mb_100k": ("<", 200.0),
    "typing_widgets_per_refresh_ratio": ("<=", 2.0),
    "typing_full_layouts": ("", 0.0),  # context: the TextArea lays the screen out when it gains a line
    "typing_full_layouts_beyond_bare": ("<=", 0),
    "typing_during_backup_ratio": ("<=", 1.2),
    "quit_ratio": ("<=", 1.5),
    "quit_closing_backups_missing": ("<=", 0),  # runs whose closing backup was not made
    "startup_user_list_ratio": ("<=", 1.5),
    "startup_user_workspace_ratio": ("", 0.0),  # beside startup_ratio: no target of its own
    "startup_user_workspace_s": ("", 0.0),
})
for _size in ("10k", "100k"):  # `workshop export W3` and `workshop stats W3`; targets at 100k only
    _judged = _size == "100k"
    TARGETS.update({
        f"export_peak_mb_{_size}": ("<", 60.0) if _judged else ("", 0.0),
        f"stats_peak_mb_{_size}": ("<", 60.0) if _judged else ("", 0.0),
        f"export_floor_ratio_{_size}": ("<=", 2.0) if _judged else ("", 0.0),
        f"export_command_s_{_size}": ("", 0.0),
        f"stats_command_s_{_size}": ("", 0.0),
    })
for _size in ("10k", "100k"):  # benchmarks/merge_bench.py, the merge and import figures
    for _case, _target in (("merge_itself", 2.0), ("merge_empty", 1.5), ("import_again", 2.0),
                           ("import_empty", 1.5)):
        TARGETS[f"{_case}_ratio_{_size}"] = ("<=", _target)
        TARGETS[f"{_case}_cpu_ratio_{_size}"] = ("", 0.0)  # CPU over the floor's: what the load moves least
        TARGETS[f"{_case}_s_{_size}"] = ("", 0.0)
        TARGETS[f"{_case}_rss_mb_{_size}"] = ("", 0.0)
TARGETS["merge_rss_growth_10x"] = ("<=", 1.5)
FIGURES = tuple(TARGETS)


@dataclass(frozen=True)
class Plan:
    """How big and how many: the full run, or the quick one that only proves the suite works."""

    small: int  # the "2k" notebook
    medium: int  # the "10k" notebook: startup, typing, commit, export scaling
    large: int  # the "100k" notebook: export, search, memory
    startup_runs: int
    typing_runs: int
    keys: int
    commits: int
    export_runs: int
    search_runs: int
    memory_runs: int
    warm_up: bool
    screen_runs: int  # each screen opened this many times (the first is the cold one)
    idle_s: float  # seconds of nothing pressed, counting full layout refreshes
    backup_keys: int
    quit_runs: int
    user_start_runs: int
    command_runs: int  # the commands, and merge and import


# Repetitions: every ratio is a median of at least 3 interleaved runs a side (the screens: 3 warm
# openings besides the cold one). Start-up keeps 9, the figure that wandered most; peak memory is
# the same to 1 % from run to run, so it is read once.
FULL = Plan(small=2_000, medium=10_000, large=100_000, startup_runs=9, typing_runs=3, keys=200,
            commits=101, export_runs=3, search_runs=5, memory_runs=1, warm_up=True, screen_runs=4,
            idle_s=5.0, backup_keys=60, quit_runs=3, user_start_runs=5, command_runs=3)
QUICK = Plan(small=200, medium=1_000, large=2_000, startup_runs=1, typing_runs=1, keys=20,
             commits=5, export_runs=1, search_runs=1, memory_runs=1, warm_up=False, screen_runs=1,
             idle_s=1.0, backup_keys=5, quit_runs=1, user_start_runs=1, command_runs=1)

# What a rapporteur looks for after a long meeting: topic words, names, phrases, a prefix, a pair
# with OR, and a word that is nowhere.
SEARCHES = (
    "cybercrime", "electronic evidence", "provenance", "INTERPOL", "training", "museums",
    '"mutual legal assistance"', "portal", "phish*", "Carabinieri", "Red Lists", "victimization",
    "customs OR dealers", "inventory", "money-laundering", "data protection", "schools",
    "24/7", "Kiribati", "blockchain",
)


# --- output ------------------------------------------------------------------------------------


NOTES: list[str] = []  # every context line of the run, for --json


def shown(value: float) -> str:
    return f"{value:.3f}" if value < 100 else f"{value:.1f}"


def figure(name: str, value: float, results: dict[str, float]) -> None:
    results[name] = value
    print(f"{name}: {shown(value)}", flush=True)


def note(text: str) -> None:
    NOTES.append(text)
    print(f"# {text}", flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def interleaved(runs: int, first: Callable[[], float], second: Callable[[], float]) -> tuple[list[float], list[float]]:
    """Run two measurements alternately (A B, B A, ...); returns each side's values."""
    a: list[float] = []
    b: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            a.append(first())
            b.append(second())
        else:
            b.append(second())
            a.append(first())
    return a, b


# --- subprocess runs ---------------------------------------------------------------------------


def drive(*args: str, timeout: float = 600) -> tuple[dict, int]:
    """Run benchmarks/drive.py in a fresh interpreter; returns its report and its start time (ns)."""
    # Without PYTHONDONTWRITEBYTECODE (any value, even "0", stops Python writing .pyc files): the
    # warm-up run compiles what changed, and the measured runs load bytecode, as an installed app
    # does. With it, every run of the app compiled each edited module again; the bare app's Textual
    # was compiled when it was installed.
    env = {k: v for k, v in os.environ.items() if k not in ("WORKSHOP_HOME", "PYTHONDONTWRITEBYTECODE")}
    started = time.monotonic_ns()
    done = subprocess.run(
        [sys.executable, str(DRIVER), *args], capture_output=True, text=True, env=env,
        timeout=timeout, cwd=tempfile.gettempdir(),
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH ")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"drive.py {' '.join(args)} failed ({done.returncode}):\n" + "\n".join(tail))
    return json.loads(lines[-1][6:]), started


def startup_seconds(*args: str) -> tuple[float, float]:
    """Whole process, from just before it is started to its first frame: (wall, CPU) seconds."""
    report, started = drive("startup", *args)
    return (report["first_frame_ns"] - started) / 1e9, report["cpu_s"]


def typing_seconds(*args: str) -> tuple[float, float, float]:
    """(CPU seconds as a terminal sends the keys, CPU and wall seconds through Pilot)."""
    report, _ = drive("typing", *args)
    return report["terminal_cpu_s"], report["typing_cpu_s"], report["typing_s"]


# --- the figures -------------------------------------------------------------------------------


def biggest_session(home: Path) -> str:
    """The id of the session with the most interventions."""
    from workshop.store import Notebook

    with Notebook.open(home) as notebook:
        counts = notebook.intervention_counts()
    return max(counts, key=lambda session_id: counts[session_id])


def measure_startup(plan: Plan, home: Path, session: str, small_home: Path, small_session: str,
                    results: dict[str, float]) -> None:
    """The workspace on the 10k session against the bare app, and on a small session for scale."""
    runs = {
        "app": lambda: startup_seconds("app", str(home), session),
        "bare": lambda: startup_seconds("bare"),
        "small": lambda: startup_seconds("app", str(small_home), small_session),
    }
    if plan.warm_up:
        for run in runs.values():
            run()
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    names = list(runs)
    for i in range(plan.startup_runs):
        for name in names[i % len(names):] + names[:i % len(names)]:  # rotate who goes first
            times[name].append(runs[name]())
    wall = {name: median([w for w, _ in found]) for name, found in times.items()}
    cpu = {name: median([c for _, c in found]) for name, found in times.items()}
    note(f"startup to first frame: workspace on {plan.medium:,} interventions {wall['app']:.3f} s "
         f"({cpu['app']:.3f} s CPU), on {plan.small:,} interventions {wall['small']:.3f} s "
         f"({cpu['small']:.3f} s CPU), bare Textual app {wall['bare']:.3f} s ({cpu['bare']:.3f} s CPU); "
         f"CPU ratio {cpu['app'] / cpu['bare']:.3f} (median of {plan.startup_runs} each)")
    figure("startup_ratio", wall["app"] / wall["bare"], results)


def measure_typing(plan: Plan, home: Path, session: str, results: dict[str, float]) -> None:
    keys = str(plan.keys)
    # The note's size, from the widgets repainted while typing (one run each side).
    app_paint, _ = drive("repaints", "app", str(home), session, keys)
    width, height = (str(n) for n in app_paint["note_size"])
    bare_paint, _ = drive("repaints", "bare", keys, width, height)
    per_refresh = {side: paint["widgets"] / max(1, paint["refreshes"])
                   for side, paint in (("app", app_paint), ("bare", bare_paint))}
    note(f"typing {plan.keys} keys: the workspace repaints {per_refresh['app']:.1f} widgets a refresh "
         f"({app_paint['refreshes']} refreshes, {app_paint['layouts']} full layouts), a bare TextArea of "
         f"the note's size ({width}x{height}) {per_refresh['bare']:.1f} ({bare_paint['refreshes']} "
         f"refreshes, {bare_paint['layouts']} full layouts)")
    figure("typing_widgets_per_refresh_ratio", per_refresh["app"] / per_refresh["bare"], results)
    figure("typing_full_layouts", app_paint["layouts"], results)
    figure("typing_full_layouts_beyond_bare", max(0, app_paint["layouts"] - bare_paint["layouts"]), results)
    app, bare = interleaved(
        plan.typing_runs, lambda: typing_seconds("app", str(home), session, keys),
        lambda: typing_seconds("bare", keys, width, height),
    )
    app_keys, bare_keys = median([k for k, _, _ in app]), median([k for k, _, _ in bare])
    app_cpu, bare_cpu = median([c for _, c, _ in app]), median([c for _, c, _ in bare])
    app_wall, bare_wall = median([w for _, _, w in app]), median([w for _, _, w in bare])
    note(f"typing {plan.keys} keys as a terminal sends them (one every 20 ms): workspace {app_keys:.3f} s CPU, "
         f"bare TextArea of the note's size {bare_keys:.3f} s CPU (median of {plan.typing_runs} each)")
    note(f"typing {plan.keys} keys through Pilot: workspace {app_cpu:.3f} s CPU / {app_wall:.2f} s wall, "
         f"bare TextArea of the note's size {bare_cpu:.3f} s CPU / {bare_wall:.2f} s wall "
         f"(wall ratio {app_wall / bare_wall:.3f}; median of {plan.typing_runs} each)")
    figure("typing_ratio", app_keys / bare_keys, results)
    figure("typing_pilot_ratio", app_cpu / bare_cpu, results)


def measure_commit(plan: Plan, home: Path, session: str, work: Path, results: dict[str, float]) -> None:
    """One intervention through the store, against a bare INSERT + COMMIT with the same pragmas."""
    from workshop.store import Notebook, new_id, now

    store_home = work / "commit-store"
    shutil.copytree(home, store_home)
    bare_path = work / "commit-bare.db"
    shutil.copyfile(home / "sessions" / "notebook.db", bare_path)
    text = ("Requests for mutual legal assistance take many months, while electronic evidence can be "
            "lost within days. ") * 3

    notebook = Notebook.open(store_home)
    speaker = notebook.speakers()[0].id
    bare = sqlite3.connect(bare_path)
    bare.execute("PRAGMA journal_mode = wal")
    bare.execute("PRAGMA synchronous = FULL")
    bare.execute("PRAGMA foreign_keys = ON")
    insert = (
        "INSERT INTO intervention (id, created_at, updated_at, deleted_at, session_id, speaker_id, "
        "question_refs, started_at, ended_at, seconds, text) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)"
    )

    def through_store() -> float:
        started = time.perf_counter()
        notebook.record_intervention(
            session, speaker, text, question_refs=("W3.Q.f",), started_at="2015-04-15T10:00:00+00:00",
            ended_at="2015-04-15T10:05:00+00:00", seconds=300,
        )
        return time.perf_counter() - started

    def bare_insert() -> float:
        stamp = now()
        row = (new_id(), stamp, stamp, session, speaker, '["W3.Q.f"]', "2015-04-15T10:00:00+00:00",
               "2015-04-15T10:05:00+00:00", 300, text)
        started = time.perf_counter()
        bare.execute(insert, row)
        bare.commit()
        return time.perf_counter() - started

    try:
        for _ in range(3):  # warm the page cache and the statement caches of both
            through_store()
            bare_insert()
        store, plain = interleaved(plan.commits, through_store, bare_insert)
    finally:
        notebook.close()
        bare.close()
    note(f"commit of one intervention: store {median(store) * 1000:.3f} ms, bare sqlite3 "
         f"{median(plain) * 1000:.3f} ms (median of {plan.commits} each; WAL, synchronous=FULL, "
         "foreign keys, the notebook's own table, indexes and FTS triggers on both sides)")
    figure("commit_ms_median", median(store) * 1000, results)
    figure("commit_ratio", median(store) / median(plain), results)


def measure_export(plan: Plan, homes: dict[str, Path], work: Path, results: dict[str, float]) -> None:
    """The Markdown summary of every session of the notebook (one topic), written to disk."""
    from workshop.export.writer import write_summary
    from workshop.store import Notebook

    times: dict[str, list[float]] = {label: [] for label in homes}
    notebooks = {label: Notebook.open(home) for label, home in homes.items()}
    out = work / "exports"
    try:
        sessions = {label: nb.sessions() for label, nb in notebooks.items()}
        for round_ in range(plan.export_runs + (1 if plan.warm_up else 0)):
            order = list(homes) if round_ % 2 == 0 else list(reversed(homes))
            for label in order:
                started = time.perf_counter()
                write_summary(notebooks[label], sessions[label], work, out=out / f"summary-{label}.md")
                elapsed = time.perf_counter() - started
                if round_ or not plan.warm_up:
                    times[label].append(elapsed)
    finally:
        for nb in notebooks.values():
            nb.close()
    sizes = {label: (out / f"summary-{label}.md").stat().st_size for label in homes}
    note("export (read the notebook, render, write the .md and its QR card): " + ", ".join(
        f"{label} {median(times[label]):.3f} s ({sizes[label] // 1024:,} KiB)" for label in homes
    ) + f" (median of {plan.export_runs} each)")
    figure("export_2k_s", median(times["2k"]), results)
    figure("export_100k_s", median(times["100k"]), results)
    figure("export_scaling_10k_to_100k", median(times["100k"]) / median(times["10k"]), results)


def measure_search(plan: Plan, home: Path, size: int, results: dict[str, float]) -> None:
    """The app's search (workshop.store.search), every query run `search_runs` times."""
    from workshop.store import Notebook

    try:
        from workshop.store.search import search
    except ImportError:  # before search.py landed: the store's own FTS query
        def search(notebook, text):  # type: ignore[misc]
            return list(notebook.db["intervention"].search(text, quote=True, limit=100))

    samples: list[float] = []
    found: dict[str, int] = {}
    with Notebook.open(home) as notebook:
        for query in SEARCHES:  # warm up: first touch of each index page
            found[query] = len(search(notebook, query))
        for _ in range(plan.search_runs):
            for query in SEARCHES:
                started = time.perf_counter()
                search(notebook, query)
                samples.append(time.perf_counter() - started)
    samples.sort()
    p90 = samples[min(len(samples) - 1, int(len(samples) * 0.9))]
    note(f"search over {size:,} interventions: {len(SEARCHES)} queries x {plan.search_runs}; "
         f"p90 {p90 * 1000:.1f} ms, max {samples[-1] * 1000:.1f} ms; "
         f"results per query {min(found.values())}-{max(found.values())}")
    figure("search_p50_ms_100k", median(samples) * 1000, results)


def measure_memory(plan: Plan, home: Path, session: str, size: int, results: dict[str, float]) -> None:
    peaks = []
    for _ in range(plan.memory_runs):
        report, _ = drive("memory", "app", str(home), session)
        peaks.append(report["peak_rss_kb"] / 1024)
    note(f"peak memory of the app on the workspace of the biggest session of {size:,} interventions "
         f"({report['table_rows']:,} log rows, {report['widgets']} widgets): "
         f"{', '.join(f'{p:.1f}' for p in peaks)} MB")
    figure("peak_rss_mb_100k", median(peaks), results)


def measure_screens(plan: Plan, home: Path, session: str, label: str, results: dict[str, float]) -> None:
    """Each screen's keys under the heartbeat, against a bare screen push and a bare update."""
    report, _ = drive("screens", "app", str(home), session, str(plan.screen_runs), str(plan.idle_s),
                      timeout=1800)
    found = report["figures"]
    push, update = found["bare_push"], found["bare_update"]
    typical = lambda f: median([f["cold_ms"], f["warm_ms"]]) if plan.screen_runs < 3 else f["warm_ms"]  # noqa: E731
    note(f"screens on the {label} notebook ({plan.screen_runs} runs each; the first is cold): bare screen "
         f"push cold {push['cold_ms']:.1f} ms, warm {push['warm_ms']:.1f} ms, all {push['median_ms']:.1f} ms "
         f"(stall {push['stall_ms']:.1f} ms), "
         f"bare widget update {update['warm_ms']:.1f} ms (stall {update['stall_ms']:.1f} ms)")
    for action in SCREEN_ACTIONS + MOVE_ACTIONS + OTHER_ACTIONS:
        f = found[action]
        base = update if action not in SCREEN_ACTIONS else push
        note(f"{action}: cold {f['cold_ms']:.0f} ms, warm {f['warm_ms']:.0f} ms; worst stall per run "
             f"{f['stall_ms']:.0f} ms (median), {f['worst_stall_ms']:.0f} ms (worst)")
        figure(f"{action}_ratio_{label}", typical(f) / typical(base), results)
        if action in SCREEN_ACTIONS:
            # One cold opening per process: against every bare push's median, not its single cold one.
            figure(f"{action}_cold_ratio_{label}", f["cold_ms"] / push["median_ms"], results)
        figure(f"{action}_stall_ms_{label}", f["stall_ms"], results)
    idle = found["idle"]
    note(f"{idle['seconds']:.0f} s with nothing pressed on the workspace: {idle['layouts']} full layouts, "
         f"{idle['refreshes']} refreshes of {idle['widgets']} widgets, worst stall {idle['stall_ms']:.1f} ms")
    figure(f"idle_full_layouts_{label}", idle["layouts"], results)
    if label == "100k":
        note(f"peak memory of the app after every screen on the 100k notebook: {report['peak_rss_kb'] / 1024:.1f} MB")
        figure("screens_peak_rss_mb_100k", report["peak_rss_kb"] / 1024, results)


def measure_backup_typing(plan: Plan, home: Path, session: str, results: dict[str, float]) -> None:
    """A key's time with nothing else running and while the notebook is being backed up."""
    report, _ = drive("backup-typing", "app", str(home), session, str(plan.backup_keys))
    note(f"typing latency (key to painted, median of {report['keys']}): {report['quiet_ms']:.1f} ms alone, "
         f"{report['during_ms']:.1f} ms during {report['backups']} backups of the notebook")
    figure("typing_during_backup_ratio", report["during_ms"] / report["quiet_ms"], results)


def quit_seconds(*args: str) -> tuple[float, float]:
    """(Ctrl+Q to the window gone, Ctrl+Q to the end of the process) in seconds."""
    report, _ = drive("quit", *args)
    ended = time.monotonic_ns()
    return (report["gone_ns"] - report["key_ns"]) / 1e9, (ended - report["key_ns"]) / 1e9


def measure_quit(plan: Plan, home: Path, session: str, results: dict[str, float]) -> None:
    """Ctrl+Q to the window gone, against a bare app; the closing backup must still be made."""
    from workshop.store.backup import list_backups

    notebook_path = home / "sessions" / "notebook.db"
    before = set(list_backups(notebook_path))
    app, bare = interleaved(plan.quit_runs, lambda: quit_seconds("app", str(home), session),
                            lambda: quit_seconds("bare"))
    made = len(set(list_backups(notebook_path)) - before)  # the newest ten are kept: count new names
    expected = min(plan.quit_runs, 10)
    note(f"quit: window gone {median([g for g, _ in app]):.3f} s after Ctrl+Q, process ended "
         f"{median([e for _, e in app]):.3f} s ({made} closing backups made in {plan.quit_runs} runs); bare app "
         f"{median([g for g, _ in bare]):.3f} s / {median([e for _, e in bare]):.3f} s (median of {plan.quit_runs})")
    figure("quit_ratio", median([g for g, _ in app]) / median([g for g, _ in bare]), results)
    figure("quit_closing_backups_missing", max(0, expected - made), results)


def measure_user_start(plan: Plan, home: Path, results: dict[str, float]) -> None:
    """`workshop --home HOME` to the sessions list complete, then Enter to the workspace complete."""
    user, bare = interleaved(plan.user_start_runs, lambda: drive("user-start", str(home)),
                             lambda: startup_seconds("bare"))
    frame = median([(r["frame_ns"] - started) / 1e9 for r, started in user])
    listed = median([(r["list_ns"] - started) / 1e9 for r, started in user])
    workspace = median([(r["workspace_ns"] - started) / 1e9 for r, started in user])
    bare_frame = median([wall for wall, _ in bare])
    note(f"start-up as a user starts: the command to the sessions list's first frame {frame:.3f} s, "
         f"complete {listed:.3f} s, Enter to the workspace complete {workspace:.3f} s; bare app's first "
         f"frame {bare_frame:.3f} s (median of {plan.user_start_runs})")
    figure("startup_user_list_ratio", listed / bare_frame, results)
    figure("startup_user_workspace_ratio", workspace / bare_frame, results)
    figure("startup_user_workspace_s", workspace, results)


def measure_commands(plan: Plan, home: Path, label: str, work: Path, results: dict[str, float]) -> None:
    """`workshop export W3` and `workshop stats W3`: time and peak memory, beside a plain-SQL floor."""
    out = work / f"cmd-export-{label}.md"
    runs = {
        "export": lambda: drive("command", "--home", str(home), "export", "W3", "--out", str(out))[0],
        "stats": lambda: drive("command", "--home", str(home), "stats", "W3")[0],
        "floor": lambda: drive("export-floor", str(home), str(work / f"floor-{label}.md"))[0],
    }
    found: dict[str, list[dict]] = {name: [] for name in runs}
    for i in range(plan.command_runs):
        for name in (list(runs) if i % 2 == 0 else list(reversed(runs))):
            out.unlink(missing_ok=True)
            found[name].append(runs[name]())
    seconds = {name: median([r["seconds"] for r in rs]) for name, rs in found.items()}
    peak = {name: median([r["peak_rss_kb"] / 1024 for r in rs]) for name, rs in found.items()}
    note(f"on the {label} notebook (median of {plan.command_runs}): " + ", ".join(
        f"{name} {seconds[name]:.3f} s, {peak[name]:.1f} MB" for name in runs
    ) + " (floor: one query and one line per intervention, plain sqlite3)")
    figure(f"export_command_s_{label}", seconds["export"], results)
    figure(f"export_peak_mb_{label}", peak["export"], results)
    figure(f"export_floor_ratio_{label}", seconds["export"] / seconds["floor"], results)
    figure(f"stats_command_s_{label}", seconds["stats"], results)
    figure(f"stats_peak_mb_{label}", peak["stats"], results)


def measure_merge(plan: Plan, results: dict[str, float], seed: int) -> None:
    """Merge and import against their plain-SQL floors (benchmarks/merge_bench.py).

    `measure` runs in a small interpreter of its own: a command's peak memory is read from its exit
    status (ru_maxrss), which on Linux counts the memory of the process that started it, and this
    one holds the notebooks read by the stages before.
    """
    found = {}
    for label, size in (("10k", plan.medium), ("100k", plan.large)):
        script = (f"import json, sys; sys.path.insert(0, {str(HERE)!r}); import merge_bench; "
                  f"print('MERGE ' + json.dumps(merge_bench.measure({size}, runs={plan.command_runs})))")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              cwd=tempfile.gettempdir(), timeout=3600)
        lines = [line for line in done.stdout.splitlines() if line.startswith("MERGE ")]
        if done.returncode != 0 or not lines:
            raise RuntimeError(f"merge_bench.measure({size}) failed ({done.returncode}):\n"
                               + "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:]))
        found[label] = figures = json.loads(lines[-1][6:])
        note(f"merge and import on {label}: " + ", ".join(
            f"{case} {figures[case + '_s']:.2f} s (floor {figures[case + '_floor_s']:.2f} s, "
            f"{figures[case + '_rss_mb']:.0f} MB)"
            for case in ("merge_itself", "merge_empty", "import_again", "import_empty")))
        for case in ("merge_itself", "merge_empty", "import_again", "import_empty"):
            figure(f"{case}_ratio_{label}", figures[f"{case}_ratio"], results)
            figure(f"{case}_cpu_ratio_{label}", figures[f"{case}_cpu_ratio"], results)
            figure(f"{case}_s_{label}", figures[f"{case}_s"], results)
            figure(f"{case}_rss_mb_{label}", figures[f"{case}_rss_mb"], results)
    figure("merge_rss_growth_10x", found["100k"]["merge_itself_rss_mb"] / found["10k"]["merge_itself_rss_mb"],
           results)


# --- the run ---------------------------------------------------------------------------------

STAGES = ("startup", "typing", "commit", "export", "search", "memory", "screens", "screens100k", "backup",
          "quit", "userstart", "commands", "merge")


def is_met(name: str, value: float, targets: dict[str, tuple[str, float]] = TARGETS) -> bool | None:
    """Whether a figure meets its target; None when it has no target of its own."""
    comparison, target = targets.get(name, ("", 0.0))
    if not comparison:
        return None
    return value <= target if comparison == "<=" else value < target


def verdicts(results: dict[str, float]) -> list[str]:
    lines = []
    for name in FIGURES:
        comparison, target = TARGETS[name]
        if name in results and comparison:
            lines.append(f"{name} {results[name]:.3f} {comparison} {target:g}: "
                         f"{'met' if is_met(name, results[name]) else 'MISSED'}")
    for name in FIGURES:
        if name in results and not TARGETS[name][0]:
            lines.append(f"{name} {results[name]:.3f}: no target of its own")
    return lines


def cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for (the measured runs)."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def checkout() -> str | None:
    """The commit the run measured, with `+` when the checkout has changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=HERE,
                                 capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return (head + ("+" if changed else "")) or None


def write_json(path: Path, record: dict) -> None:
    """The run so far, replaced whole (a run cut short still leaves the stages it finished)."""
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)


# --- two runs side by side ----------------------------------------------------------------------


def spread(a: float, b: float) -> float | None:
    """|a - b| over their mean; None when the mean is 0 but they differ (cannot happen for times)."""
    mean = (a + b) / 2
    if a == b:
        return 0.0
    return abs(a - b) / mean if mean else None


def table(first: dict, second: dict) -> str:
    """The Markdown table of two runs written with --json: values, spread, target, verdicts."""
    runs = (first, second)
    targets = {**TARGETS, **{k: tuple(v) for run in runs for k, v in run.get("targets", {}).items()}}
    names = list(FIGURES) + sorted({n for run in runs for n in run["figures"]} - set(FIGURES))
    lines = []
    for number, run in enumerate(runs, 1):
        load = run.get("load_average") or {}
        lines.append(f"Run {number}: {run.get('run', '?')} run of commit {run.get('commit') or '?'}, "
                     f"started {run.get('started', '?')}, {run.get('seconds', 0) / 60:.0f} min, load average "
                     f"{load.get('start', '?')} at the start and {load.get('end', '?')} at the end"
                     + (f"; stages failed: {', '.join(run['failed'])}" if run.get("failed") else "") + ".")
    lines += ["", "| figure | run 1 | run 2 | spread | target | verdict (run 1 / run 2) |",
              "|---|---|---|---|---|---|"]
    for name in names:
        values = [run["figures"].get(name) for run in runs]
        if values == [None, None]:
            continue
        comparison, target = targets.get(name, ("", 0.0))
        cells = [shown(v) if v is not None else "—" for v in values]
        gap = spread(*values) if None not in values else None
        judged = [("—" if v is None else "met" if is_met(name, v, targets) else "MISSED") if comparison else "—"
                  for v in values]
        lines.append(f"| `{name}` | {cells[0]} | {cells[1]} | {'—' if gap is None else f'{gap:.0%}'} | "
                     f"{f'{comparison} {target:g}' if comparison else 'none'} | {' / '.join(judged)} |")
    stages = [name for name in STAGES if any(name in run.get("stages", {}) for run in runs)]
    if stages:
        lines += ["", "| stage | run 1 (wall / CPU) | run 2 (wall / CPU) |", "|---|---|---|"]
        for name in stages:
            cells = []
            for run in runs:
                took = run.get("stages", {}).get(name)
                cells.append(f"{took['wall_s']:.0f} s / {took['cpu_s']:.0f} s" if took else "—")
            lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of issues 6 and 15 (see docs/performance.md).")
    parser.add_argument("--quick", action="store_true",
                        help="small notebooks, single runs: checks the suite works, not speed")
    parser.add_argument("--seed", type=int, default=13, help="seed of the generated notebooks")
    parser.add_argument("--only", help="comma-separated stages: " + ",".join(STAGES))
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="also write every figure, target, verdict and stage time to FILE")
    parser.add_argument("--table", nargs=2, type=Path, metavar=("RUN1", "RUN2"),
                        help="print the Markdown table of two --json runs with the spread between them, "
                             "and exit")
    args = parser.parse_args(argv)
    if args.table:
        print(table(*(json.loads(path.read_text(encoding="utf-8")) for path in args.table)))
        return 0
    plan = QUICK if args.quick else FULL
    only = set(args.only.split(",")) if args.only else None
    if only and only - set(STAGES):
        parser.error(f"unknown stages: {', '.join(sorted(only - set(STAGES)))} (stages: {', '.join(STAGES)})")
    wanted = [stage for stage in STAGES if only is None or stage in only]

    began = time.perf_counter()
    record: dict = {
        "run": "quick" if args.quick else "full", "only": sorted(only) if only else None, "seed": args.seed,
        "commit": checkout(), "python": sys.version.split()[0], "cpus": os.cpu_count(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average": {"start": " ".join(f"{n:.1f}" for n in os.getloadavg())},
        "figures": {}, "targets": {name: list(TARGETS[name]) for name in FIGURES}, "verdicts": {},
        "stages": {}, "failed": {}, "notes": NOTES,
    }
    note(f"{'quick run: small notebooks, single runs, timings not meaningful' if args.quick else 'full run'}; "
         f"python {record['python']}, {record['cpus']} CPUs, commit {record['commit']}, "
         f"load average {record['load_average']['start']}")
    sizes = {"2k": plan.small, "10k": plan.medium, "100k": plan.large}
    cached = {}
    for label, size in sizes.items():
        started = time.perf_counter()
        cached[label] = cached_home(size, args.seed)
        note(f"notebook {label}: {size:,} interventions, seed {args.seed}, {cached[label]} "
             f"({time.perf_counter() - started:.1f} s)")

    results: dict[str, float] = record["figures"]
    with tempfile.TemporaryDirectory(prefix="workshop-bench-") as folder:
        work = Path(folder)
        # Private copies: the app writes drafts and the commit benchmark adds rows.
        homes = {label: Path(shutil.copytree(cached[label], work / label)) for label in sizes}
        sessions = {label: biggest_session(homes[label]) for label in sizes}
        medium, large = sessions["10k"], sessions["100k"]
        stages: dict[str, Callable[[], None]] = {
            "startup": lambda: measure_startup(plan, homes["10k"], medium, homes["2k"], sessions["2k"], results),
            "typing": lambda: measure_typing(plan, homes["10k"], medium, results),
            "commit": lambda: measure_commit(plan, cached["10k"], medium, work, results),
            "export": lambda: measure_export(plan, homes, work, results),
            "search": lambda: measure_search(plan, homes["100k"], plan.large, results),
            "memory": lambda: measure_memory(plan, homes["100k"], large, plan.large, results),
            "screens": lambda: measure_screens(plan, homes["10k"], medium, "10k", results),
            "screens100k": lambda: measure_screens(plan, homes["100k"], large, "100k", results),
            "backup": lambda: measure_backup_typing(plan, homes["10k"], medium, results),
            "quit": lambda: measure_quit(plan, homes["10k"], medium, results),
            "userstart": lambda: measure_user_start(plan, homes["10k"], results),
            "commands": lambda: (measure_commands(plan, homes["10k"], "10k", work, results),
                                 measure_commands(plan, homes["100k"], "100k", work, results)),
            "merge": lambda: measure_merge(plan, results, args.seed),
        }
        for stage in wanted:
            started, cpu = time.perf_counter(), cpu_seconds()
            try:
                stages[stage]()
            except (Exception, SystemExit) as error:  # one stage failing must not lose the others' figures
                traceback.print_exc()
                record["failed"][stage] = f"{type(error).__name__}: {error}".splitlines()[0]
                note(f"stage {stage} FAILED: {record['failed'][stage]}")
            took = {"wall_s": time.perf_counter() - started, "cpu_s": cpu_seconds() - cpu}
            record["stages"][stage] = took
            note(f"stage {stage}: {took['wall_s']:.0f} s wall, {took['cpu_s']:.1f} s CPU (every process)")
            if args.json:
                record["seconds"] = time.perf_counter() - began
                write_json(args.json, record)

    missed = 0
    if not args.quick:
        for line in verdicts(results):
            note(line)
            missed += line.endswith("MISSED")
    if only is None:
        absent = [name for name in FIGURES if name not in results]
        if absent:
            note(f"not measured: {', '.join(absent)}")
    record["verdicts"] = {name: {True: "met", False: "MISSED", None: None}[is_met(name, value)]
                          for name, value in results.items()}
    record["seconds"] = time.perf_counter() - began
    record["load_average"]["end"] = " ".join(f"{n:.1f}" for n in os.getloadavg())
    note(f"done in {record['seconds']:.0f} s; load average {record['load_average']['end']}"
         + (f"; stages failed: {', '.join(record['failed'])}" if record["failed"] else ""))
    if args.json:
        write_json(args.json, record)
    if record["failed"]:
        return 1
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
