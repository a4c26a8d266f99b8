"""The crash harness in the test suite: kill -9 at random moments, nothing acknowledged lost."""

from __future__ import annotations

from pathlib import Path

from crash_harness import run


def test_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    tally = run(kills=24, folder=tmp_path, seed=20151304)
    assert tally.kills == 24
    assert tally.sound, tally.line()
    assert tally.acknowledged > 0 and tally.imports_killed > 0 and tally.fresh_notebooks > 0
