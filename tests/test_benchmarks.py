"""The benchmark suite runs: `benchmarks/run.py --quick` prints every figure with a number, writes
them with --json, and --table puts two such runs side by side.

No timing is asserted here (or in any other test): the figures of a quick run on small notebooks
mean nothing, and a shared CI machine is too noisy for thresholds. docs/performance.md has the
targets and a full run.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^([a-z0-9_]+): (\S+)$")
COUNTS = ("full_layouts", "_missing")  # figures that count things, where 0 is the good value


def benchmark_run():
    """benchmarks/run.py as a module: its figures, stages and table of two runs."""
    before = list(sys.path)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path[:] = before  # run.py puts its folder and the checkout first: leave the path as it was
    return run


def test_quick_run_prints_every_figure(tmp_path: Path) -> None:
    run = benchmark_run()
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOP_HOME"}
    env["WORKSHOP_BENCH_CACHE"] = str(tmp_path / "cache")  # generated notebooks stay in this test
    written = tmp_path / "quick.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--json", str(written)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    printed = {}
    for line in done.stdout.splitlines():
        match = LINE.match(line)
        if match:
            printed[match.group(1)] = float(match.group(2))
    missing = [name for name in run.FIGURES if name not in printed]
    assert not missing, f"not printed: {missing}\n{done.stdout}"
    for name in run.FIGURES:
        value = printed[name]
        assert math.isfinite(value) and (value >= 0 if any(c in name for c in COUNTS) else value > 0), (name, value)

    record = json.loads(written.read_text(encoding="utf-8"))
    assert list(record["stages"]) == list(run.STAGES), "every stage ran, the merge stage included"
    assert not record["failed"]
    assert set(record["figures"]) == set(printed)
    for name, value in printed.items():
        assert f"{name}: {run.shown(record['figures'][name])}" in done.stdout
    assert record["targets"]["preview_ratio_10k"] == ["<=", 3.0]

    table = run.table(record, record).splitlines()
    rows = {line.split("`")[1]: line for line in table if line.startswith("| `")}
    assert list(rows) == list(run.FIGURES)
    assert rows["quit_ratio"].endswith(f"| {run.shown(printed['quit_ratio'])} | 0% | <= 1.5 | "
                                       f"{record['verdicts']['quit_ratio']} / {record['verdicts']['quit_ratio']} |")
    assert all(f"| {stage} |" in "\n".join(table) for stage in run.STAGES)


def test_table_of_two_runs_shows_the_spread_and_both_verdicts() -> None:
    run = benchmark_run()
    first = {"run": "full", "figures": {"quit_ratio": 1.2, "startup_user_workspace_s": 3.0,
                                        "idle_full_layouts_10k": 0.0}, "stages": {"quit": {"wall_s": 61, "cpu_s": 9.5}}}
    second = {"run": "full", "figures": {"quit_ratio": 1.8, "startup_user_workspace_s": 3.0,
                                         "idle_full_layouts_10k": 0.0, "typing_ratio": 1.1}, "stages": {}}
    rows = {line.split("`")[1]: line for line in run.table(first, second).splitlines() if line.startswith("| `")}
    assert rows["quit_ratio"] == "| `quit_ratio` | 1.200 | 1.800 | 40% | <= 1.5 | met / MISSED |"
    assert rows["startup_user_workspace_s"] == "| `startup_user_workspace_s` | 3.000 | 3.000 | 0% | none | — / — |"
    assert rows["idle_full_layouts_10k"] == "| `idle_full_layouts_10k` | 0.000 | 0.000 | 0% | <= 0 | met / met |"
    assert rows["typing_ratio"] == "| `typing_ratio` | — | 1.100 | — | <= 1.2 | — / met |"
    assert "preview_ratio_10k" not in rows, "a figure neither run has is left out"
    assert "| quit | 61 s / 10 s | — |" in run.table(first, second)


def test_generated_notebook_is_a_valid_notebook(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from workshop.store import Notebook

    counts = generate(tmp_path / "first", 300, seed=5)
    generate(tmp_path / "second", 300, seed=5)
    with Notebook.open(tmp_path / "first") as first, Notebook.open(tmp_path / "second") as second:
        assert sum(first.intervention_counts().values()) == 300 == counts["intervention"]
        session = first.sessions()[0]
        record = first.session_record(session.id)
        assert record.key_points and record.findings and record.speakers
        assert [i.id for i in first.interventions(session.id)] == [
            i.id for i in second.interventions(session.id)
        ], "the same seed gives the same notebook"
        matched = first.db.execute(
            "SELECT count(*) FROM intervention_fts WHERE intervention_fts MATCH 'evidence'"
        ).fetchone()[0]
        assert matched > 0, "the full-text index is filled"
