"""Speed at Congress scale and far beyond: the benchmark suite of issue 6.

    uv run python benchmarks/run.py            # the full run (several minutes), figures and targets
    uv run python benchmarks/run.py --quick    # under a minute: checks the suite works, not speed

Prints one `name: value` line per figure, as soon as it is measured; lines starting with `#` are
context (the raw times behind a ratio, the notebooks used). Every comparison is measured side by
side in this one run, the two sides interleaved (A B, B A, A B, ...), and each side's median
taken, so that a shared, noisy machine slows both alike. See docs/performance.md.
"""

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
MOVE_ACTIONS = ("synthesis_down", "log_down")
OTHER_ACTIONS = ("f4_floor", "f5_save")  # they commit to disk: judged by their stalls only
STALL_MS = 50.0
SCREEN_RATIO = {"10k": 3.0, "100k": 5.0}
MOVE_RATIO = 2.0
for _size in ("10k", "100k"):
    for _action in SCREEN_ACTIONS:
        TARGETS[f"{_action}_ratio_{_size}"] = ("<=", SCREEN_RATIO[_size])
    for _action in MOVE_ACTIONS:
        TARGETS[f"{_action}_ratio_{_size}"] = ("<=", MOVE_RATIO)
    for _action in SCREEN_ACTIONS + MOVE_ACTIONS + OTHER_ACTIONS:
        TARGETS[f"{_action}_stall_ms_{_size}"] = ("<=", STALL_MS)
    TARGETS[f"idle_full_layouts_{_size}"] = ("<=", 0)
TARGETS.update({
    "screens_peak_rss_mb_100k": ("<", 200.0),
    "typing_widgets_per_refresh_ratio": ("<=", 2.0),
    "typing_full_layouts": ("<=", 0),
    "typing_during_backup_ratio": ("<=", 1.2),
    "quit_ratio": ("<=", 1.5),
    "startup_user_list_ratio": ("<=", 1.5),
    "startup_user_workspace_s": ("", 0.0),  # beside startup_ratio: no target of its own
    "export_peak_mb_100k": ("<", 60.0),
    "stats_peak_mb_100k": ("<", 60.0),
    "export_floor_ratio_100k": ("<=", 2.0),
})
for _size in ("10k", "100k"):  # benchmarks/merge_bench.py, the merge and import figures
    for _case, _target in (("merge_itself", 2.0), ("merge_empty", 1.5), ("import_again", 2.0),
                           ("import_empty", 1.5)):
        TARGETS[f"{_case}_ratio_{_size}"] = ("<=", _target)
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
    command_runs: int


FULL = Plan(small=2_000, medium=10_000, large=100_000, startup_runs=9, typing_runs=3, keys=300,
            commits=101, export_runs=5, search_runs=5, memory_runs=3, warm_up=True, screen_runs=3,
            idle_s=10.0, backup_keys=60, quit_runs=5, command_runs=3)
QUICK = Plan(small=200, medium=1_000, large=2_000, startup_runs=1, typing_runs=1, keys=20,
             commits=5, export_runs=1, search_runs=1, memory_runs=1, warm_up=False, screen_runs=1,
             idle_s=1.0, backup_keys=5, quit_runs=1, command_runs=1)

# What a rapporteur looks for after a long meeting: topic words, names, phrases, a prefix, a pair
# with OR, and a word that is nowhere.
SEARCHES = (
    "cybercrime", "electronic evidence", "provenance", "INTERPOL", "training", "museums",
    '"mutual legal assistance"', "portal", "phish*", "Carabinieri", "Red Lists", "victimization",
    "customs OR dealers", "inventory", "money-laundering", "data protection", "schools",
    "24/7", "Kiribati", "blockchain",
)


# --- output ------------------------------------------------------------------------------------


def figure(name: str, value: float, results: dict[str, float]) -> None:
    results[name] = value
    print(f"{name}: {value:.3f}" if value < 100 else f"{name}: {value:.1f}", flush=True)


def note(text: str) -> None:
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


def typing_seconds(*args: str) -> tuple[float, float]:
    """(CPU seconds, wall seconds) that the key presses took."""
    report, _ = drive("typing", *args)
    return report["typing_cpu_s"], report["typing_s"]


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
    app, bare = interleaved(
        plan.typing_runs, lambda: typing_seconds("app", str(home), session, keys),
        lambda: typing_seconds("bare", keys, width, height),
    )
    app_cpu, bare_cpu = median([c for c, _ in app]), median([c for c, _ in bare])
    app_wall, bare_wall = median([w for _, w in app]), median([w for _, w in bare])
    note(f"typing {plan.keys} keys through Pilot: workspace {app_cpu:.3f} s CPU / {app_wall:.2f} s wall, "
         f"bare TextArea of the note's size {bare_cpu:.3f} s CPU / {bare_wall:.2f} s wall "
         f"(wall ratio {app_wall / bare_wall:.3f}; median of {plan.typing_runs} each)")
    figure("typing_ratio", app_cpu / bare_cpu, results)


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
         f"push {push['warm_ms']:.1f} ms (stall {push['stall_ms']:.1f} ms), bare widget update "
         f"{update['warm_ms']:.1f} ms (stall {update['stall_ms']:.1f} ms)")
    for action in SCREEN_ACTIONS + MOVE_ACTIONS + OTHER_ACTIONS:
        f = found[action]
        base = update if action not in SCREEN_ACTIONS else push
        note(f"{action}: cold {f['cold_ms']:.0f} ms, warm {f['warm_ms']:.0f} ms; worst stall per run "
             f"{f['stall_ms']:.0f} ms (median), {f['worst_stall_ms']:.0f} ms (worst)")
        if action not in OTHER_ACTIONS:
            figure(f"{action}_ratio_{label}", typical(f) / typical(base), results)
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
    if made < min(plan.quit_runs, 10):
        raise RuntimeError(f"quit: {plan.quit_runs} runs but {made} closing backups were made")
    note(f"quit: window gone {median([g for g, _ in app]):.3f} s after Ctrl+Q, process ended "
         f"{median([e for _, e in app]):.3f} s (the closing backup, made each time); bare app "
         f"{median([g for g, _ in bare]):.3f} s / {median([e for _, e in bare]):.3f} s (median of {plan.quit_runs})")
    figure("quit_ratio", median([g for g, _ in app]) / median([g for g, _ in bare]), results)


def measure_user_start(plan: Plan, home: Path, results: dict[str, float]) -> None:
    """`workshop --home HOME` to the sessions list complete, then Enter to the workspace complete."""
    user, bare = interleaved(plan.startup_runs, lambda: drive("user-start", str(home)),
                             lambda: startup_seconds("bare"))
    frame = median([(r["frame_ns"] - started) / 1e9 for r, started in user])
    listed = median([(r["list_ns"] - started) / 1e9 for r, started in user])
    workspace = median([(r["workspace_ns"] - started) / 1e9 for r, started in user])
    bare_frame = median([wall for wall, _ in bare])
    note(f"start-up as a user starts: the command to the sessions list's first frame {frame:.3f} s, "
         f"complete {listed:.3f} s, Enter to the workspace complete {workspace:.3f} s; bare app's first "
         f"frame {bare_frame:.3f} s (median of {plan.startup_runs})")
    figure("startup_user_list_ratio", listed / bare_frame, results)
    figure("startup_user_workspace_s", workspace, results)


def measure_commands(plan: Plan, home: Path, work: Path, results: dict[str, float]) -> None:
    """`workshop export W3` and `workshop stats W3` on the 100k notebook: time and peak memory."""
    out = work / "cmd-export.md"
    runs = {
        "export": lambda: drive("command", "--home", str(home), "export", "W3", "--out", str(out))[0],
        "stats": lambda: drive("command", "--home", str(home), "stats", "W3")[0],
        "floor": lambda: drive("export-floor", str(home), str(work / "floor.md"))[0],
    }
    found: dict[str, list[dict]] = {name: [] for name in runs}
    for i in range(plan.command_runs):
        for name in (list(runs) if i % 2 == 0 else list(reversed(runs))):
            out.unlink(missing_ok=True)
            found[name].append(runs[name]())
    seconds = {name: median([r["seconds"] for r in rs]) for name, rs in found.items()}
    peak = {name: median([r["peak_rss_kb"] / 1024 for r in rs]) for name, rs in found.items()}
    note("on the 100k notebook (median of %d): " % plan.command_runs + ", ".join(
        f"{name} {seconds[name]:.3f} s, {peak[name]:.1f} MB" for name in runs
    ) + " (floor: one query and one line per intervention, plain sqlite3)")
    figure("export_peak_mb_100k", peak["export"], results)
    figure("stats_peak_mb_100k", peak["stats"], results)
    figure("export_floor_ratio_100k", seconds["export"] / seconds["floor"], results)


def measure_merge(plan: Plan, results: dict[str, float]) -> None:
    """Merge and import against their plain-SQL floors (benchmarks/merge_bench.py)."""
    import merge_bench

    found = {label: merge_bench.measure(size, runs=plan.command_runs)
             for label, size in (("10k", plan.medium), ("100k", plan.large))}
    for label, figures in found.items():
        note(f"merge and import on {label}: " + ", ".join(
            f"{case} {figures[case + '_s']:.2f} s (floor {figures[case + '_floor_s']:.2f} s, "
            f"{figures[case + '_rss_mb']:.0f} MB)"
            for case in ("merge_itself", "merge_empty", "import_again", "import_empty")))
        for case in ("merge_itself", "merge_empty", "import_again", "import_empty"):
            figure(f"{case}_ratio_{label}", figures[f"{case}_ratio"], results)
    figure("merge_rss_growth_10x", found["100k"]["merge_itself_rss_mb"] / found["10k"]["merge_itself_rss_mb"],
           results)


# --- the run -----------------------------------------------------------------------------------


def verdicts(results: dict[str, float]) -> list[str]:
    lines = []
    for name in FIGURES:
        comparison, target = TARGETS[name]
        if not comparison or name not in results:
            continue
        value = results[name]
        met = value <= target if comparison == "<=" else value < target
        lines.append(f"{name} {value:.3f} {comparison} {target:g}: {'met' if met else 'MISSED'}")
    for name in FIGURES:
        if name in results and not TARGETS[name][0]:
            lines.append(f"{name} {results[name]:.3f}: no target of its own")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of issue 6 (see docs/performance.md).")
    parser.add_argument("--quick", action="store_true",
                        help="small notebooks, single runs: checks the suite works (under a minute)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the generated notebooks")
    parser.add_argument("--only", help="comma-separated: startup,typing,commit,export,search,memory,"
                                       "screens,screens100k,backup,quit,userstart,commands,merge")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    only = set(args.only.split(",")) if args.only else None
    wanted = lambda stage: only is None or stage in only  # noqa: E731

    began = time.perf_counter()
    note(f"{'quick run: small notebooks, single runs, timings not meaningful' if args.quick else 'full run'}; "
         f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    sizes = {"2k": plan.small, "10k": plan.medium, "100k": plan.large}
    cached = {}
    for label, size in sizes.items():
        started = time.perf_counter()
        cached[label] = cached_home(size, args.seed)
        note(f"notebook {label}: {size:,} interventions, seed {args.seed}, {cached[label]} "
             f"({time.perf_counter() - started:.1f} s)")

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="workshop-bench-") as folder:
        work = Path(folder)
        # Private copies: the app writes drafts and the commit benchmark adds rows.
        homes = {label: Path(shutil.copytree(cached[label], work / label)) for label in sizes}
        medium_session = biggest_session(homes["10k"])
        large_session = biggest_session(homes["100k"])
        if wanted("startup"):
            measure_startup(plan, homes["10k"], medium_session, homes["2k"],
                            biggest_session(homes["2k"]), results)
        if wanted("typing"):
            measure_typing(plan, homes["10k"], medium_session, results)
        if wanted("commit"):
            measure_commit(plan, cached["10k"], medium_session, work, results)
        if wanted("export"):
            measure_export(plan, homes, work, results)
        if wanted("search"):
            measure_search(plan, homes["100k"], plan.large, results)
        if wanted("memory"):
            measure_memory(plan, homes["100k"], large_session, plan.large, results)
        if wanted("screens"):
            measure_screens(plan, homes["10k"], medium_session, "10k", results)
        if wanted("screens100k"):
            measure_screens(plan, homes["100k"], large_session, "100k", results)
        if wanted("backup"):
            measure_backup_typing(plan, homes["10k"], medium_session, results)
        if wanted("quit"):
            measure_quit(plan, homes["10k"], medium_session, results)
        if wanted("userstart"):
            measure_user_start(plan, homes["10k"], results)
        if wanted("commands"):
            measure_commands(plan, homes["100k"], work, results)
        if wanted("merge"):
            measure_merge(plan, results)

    missed = 0
    if not args.quick:
        for line in verdicts(results):
            note(line)
            missed += line.endswith("MISSED")
    note(f"done in {time.perf_counter() - began:.0f} s")
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
