"""Merge and import against plain-SQL floors, on generated notebooks, ratios within one run.

    uv run python benchmarks/merge_bench.py                 # 10,000 and 100,000 interventions
    uv run python benchmarks/merge_bench.py --sizes 2000 --runs 1   # a quick check that it works
    uv run python benchmarks/merge_bench.py --seed 7        # notebooks generated from another seed

Each figure is a whole `workshop` command in a fresh interpreter (the way a secretariat scripts
it), timed beside its floor: a script of plain sqlite3 doing the same job the simplest way
(ATTACH and one upsert per table for a merge; json.load and executemany for an import), also in a
fresh interpreter. The two are interleaved (A B, B A, ...) and each side's median taken. Peak
memory is each command's maximum resident set size. `measure(size, runs)` returns the figures,
for benchmarks/run.py to call.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

# name: (comparison, target); the ratios are the targets of issue 15, the rest context.
TARGETS = {
    "merge_itself_ratio": ("<=", 2.0),
    "merge_empty_ratio": ("<=", 1.5),
    "import_again_ratio": ("<=", 2.0),
    "import_empty_ratio": ("<=", 1.5),
    "merge_rss_growth_10x": ("<=", 1.5),  # peak memory at 10x the interventions, as a multiple
}
TABLES = ("session", "speaker", "queue_entry", "intervention", "finding", "key_point", "question_state")


# --- the floors: plain sqlite3, no workshop code ------------------------------------------------


def floor_merge(mine: Path, other: Path) -> None:
    """Fold another notebook in with ATTACH and one upsert per table, the newer row winning."""
    conn = sqlite3.connect(mine, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("ATTACH DATABASE ? AS other", [f"file:{other}?immutable=1"])
    conn.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        columns = [row[1] for row in conn.execute(f"PRAGMA other.table_info([{table}])")]
        names = ", ".join(f"[{c}]" for c in columns)
        updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
        conn.execute(
            f"INSERT INTO main.[{table}] ({names}) SELECT {names} FROM other.[{table}] WHERE true "
            f"ON CONFLICT(id) DO UPDATE SET {updates} WHERE excluded.updated_at > main.[{table}].updated_at"
        )
    conn.execute("COMMIT")
    conn.close()


def floor_import(mine: Path, bundle: Path) -> None:
    """Load a bundle with json.load and one executemany upsert per table, the newer row winning."""
    document = json.loads(bundle.read_text(encoding="utf-8"))
    conn = sqlite3.connect(mine, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        rows = document["tables"].get(table, [])
        if not rows:
            continue
        columns = list(rows[0])
        names = ", ".join(f"[{c}]" for c in columns)
        updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
        conn.executemany(
            f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates} WHERE excluded.updated_at > [{table}].updated_at",
            ([json.dumps(v) if isinstance(v, list) else v for v in row.values()] for row in rows),
        )
    conn.execute("COMMIT")
    conn.close()


# --- running and timing ------------------------------------------------------------------------


def timed(command: list[str]) -> tuple[float, float, float]:
    """Run a command; its wall time and CPU time in seconds and its peak resident memory in MB."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    error = child.stderr.read().decode() if child.stderr else ""
    child.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {error.strip()}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def workshop(*args: str) -> list[str]:
    return [sys.executable, "-m", "workshop", *args]


def floor(kind: str, *paths: Path) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--floor", kind, *map(str, paths)]


def empty_home(work: Path, name: str) -> Path:
    home = work / name
    shutil.rmtree(home, ignore_errors=True)
    from workshop.store import Notebook

    Notebook.open(home).close()  # the command's notebook, made before the clock starts
    return home


def fresh_copy(source: Path, work: Path, name: str) -> Path:
    home = work / name
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(source, home, ignore=shutil.ignore_patterns("backups"))
    return home


def notebook(home: Path) -> Path:
    return home / "sessions" / "notebook.db"


def pair(runs: int, ours: Callable[[], tuple[float, float, float]], plain: Callable[[], tuple[float, float, float]]):
    """Interleave our command and its floor; medians of wall and CPU time, and our peak memory."""
    mine: list[tuple[float, float, float]] = []
    theirs: list[tuple[float, float, float]] = []
    for i in range(runs):
        first, second = (ours, plain) if i % 2 == 0 else (plain, ours)
        a, b = first(), second()
        (mine, theirs)[i % 2].append(a)
        (theirs, mine)[i % 2].append(b)
    return (statistics.median(t for t, _, _ in mine), statistics.median(t for t, _, _ in theirs),
            max(m for _, m, _ in mine), statistics.median(c for _, _, c in mine),
            statistics.median(c for _, _, c in theirs))


def measure(size: int, runs: int = 3, work: Path | None = None, seed: int = 13) -> dict[str, float]:
    """Merge and import figures on the notebook of `size` interventions generated from `seed`."""
    from generate import cached_home

    source = cached_home(size, seed)
    other = notebook(source)
    work = Path(tempfile.mkdtemp(prefix="merge-bench-", dir=work))
    results: dict[str, float] = {}
    try:
        bundle = work / "bundle.json"
        subprocess.run(workshop("--home", str(source), "export", "all", "--format", "json", "--out", str(bundle)),
                       check=True, capture_output=True)

        def case(name: str, prepare: Callable[[str], Path], ours: Callable[[Path], list[str]],
                 plain: Callable[[Path], list[str]]) -> None:
            def run_ours() -> tuple[float, float, float]:
                return timed(ours(prepare("ours")))

            def run_plain() -> tuple[float, float, float]:
                return timed(plain(prepare("plain")))

            seconds, floor_seconds, rss, cpu, floor_cpu = pair(runs, run_ours, run_plain)
            results[f"{name}_s"] = seconds
            results[f"{name}_floor_s"] = floor_seconds
            results[f"{name}_ratio"] = seconds / floor_seconds
            # CPU time is less shaken than wall time by other work on the machine.
            results[f"{name}_cpu_ratio"] = cpu / floor_cpu
            results[f"{name}_rss_mb"] = rss

        same = lambda tag: fresh_copy(source, work, tag)  # noqa: E731
        empty = lambda tag: empty_home(work, tag)  # noqa: E731
        case("merge_itself", same, lambda h: workshop("--home", str(h), "merge", str(other)),
             lambda h: floor("merge", notebook(h), other))
        case("merge_empty", empty, lambda h: workshop("--home", str(h), "merge", str(other)),
             lambda h: floor("merge", notebook(h), other))
        case("import_again", same, lambda h: workshop("--home", str(h), "import", str(bundle)),
             lambda h: floor("import", notebook(h), bundle))
        case("import_empty", empty, lambda h: workshop("--home", str(h), "import", str(bundle)),
             lambda h: floor("import", notebook(h), bundle))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


def verdict(name: str, value: float) -> str:
    comparison, target = TARGETS[name]
    ok = value <= target if comparison == "<=" else value < target
    return f"{name}: {value:.2f} (target {comparison} {target}) {'ok' if ok else 'MISSED'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13, help="seed of the generated notebooks")
    parser.add_argument("--floor", nargs=3, metavar=("KIND", "MINE", "OTHER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        kind, mine, other = args.floor
        (floor_merge if kind == "merge" else floor_import)(Path(mine), Path(other))
        return 0
    by_size = {}
    for size in args.sizes:
        figures = measure(size, args.runs, seed=args.seed)
        by_size[size] = figures
        for name, value in figures.items():
            print(f"{size}: {name}: {value:.3f}", flush=True)
        for name in ("merge_itself_ratio", "merge_empty_ratio", "import_again_ratio", "import_empty_ratio"):
            print(f"{size}: {verdict(name, figures[name])}", flush=True)
    if len(by_size) > 1:
        small, large = min(by_size), max(by_size)
        growth = by_size[large]["merge_itself_rss_mb"] / by_size[small]["merge_itself_rss_mb"]
        print(f"# peak memory of merge into itself: {by_size[small]['merge_itself_rss_mb']:.0f} MB at {small}, "
              f"{by_size[large]['merge_itself_rss_mb']:.0f} MB at {large}")
        print(verdict("merge_rss_growth_10x", growth))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
