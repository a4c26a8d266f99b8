"""The crash harness in the test suite: kill -9 at random moments (the store, then the app), nothing acknowledged lost."""

from __future__ import annotations

import random
from pathlib import Path

from crash_app import AppTally, burst_before_f4, double_crash
from crash_harness import run


def test_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    tally = run(kills=24, folder=tmp_path, seed=20151304)
    assert tally.kills == 24
    assert tally.sound, tally.line()
    assert tally.acknowledged > 0 and tally.imports_killed > 0 and tally.fresh_notebooks > 0


def test_a_note_saved_between_two_kills_of_the_app_is_kept(tmp_path: Path) -> None:
    tally = double_crash(tmp_path, random.Random(20151302))
    assert tally.kills == 3 and tally.acknowledged == 1, tally.line()
    assert tally.sound, tally.line()


def test_notes_typed_in_a_burst_with_f4_stay_with_their_speakers(tmp_path: Path) -> None:
    tally = AppTally()
    for n, mid_burst in enumerate((False, True)):
        tally.add(burst_before_f4(tmp_path / f"round-{n}", random.Random(20151303 + n), mid_burst))
    assert tally.kills == 2 and tally.acknowledged >= 3, tally.line()
    assert tally.sound, tally.line()
