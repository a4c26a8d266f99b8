"""The benchmark suite runs: `benchmarks/run.py --quick` prints every figure with a number.

No timing is asserted here (or in any other test): the figures of a quick run on small notebooks
mean nothing, and a shared CI machine is too noisy for thresholds. docs/performance.md has the
targets and a full run.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = (
    "startup_ratio",
    "typing_ratio",
    "commit_ms_median",
    "commit_ratio",
    "export_2k_s",
    "export_100k_s",
    "export_scaling_10k_to_100k",
    "search_p50_ms_100k",
    "peak_rss_mb_100k",
    "synthesis_ratio_10k",
    "synthesis_down_ratio_100k",
    "preview_stall_ms_10k",
    "typing_during_backup_ratio",
    "quit_ratio",
    "startup_user_list_ratio",
    "export_peak_mb_100k",
    "stats_peak_mb_100k",
)
LINE = re.compile(r"^([a-z0-9_]+): (\S+)$")


def test_quick_run_prints_every_figure(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOP_HOME"}
    env["WORKSHOP_BENCH_CACHE"] = str(tmp_path / "cache")  # generated notebooks stay in this test
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    printed = {}
    for line in done.stdout.splitlines():
        match = LINE.match(line)
        if match:
            printed[match.group(1)] = float(match.group(2))
    missing = [name for name in FIGURES if name not in printed]
    assert not missing, f"not printed: {missing}\n{done.stdout}"
    for name in FIGURES:
        assert math.isfinite(printed[name]) and printed[name] > 0, (name, printed[name])


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
