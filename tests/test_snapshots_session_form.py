"""Snapshots of the session form with the report's proceedings fields, at 80x24 and 120x40.

The demo's session is edited from the list of sessions (e), so that every field holds something;
at 80x24 the form scrolls to the field in use. Review a new or changed SVG before accepting it
(`pytest --snapshot-update`), e.g. `rsvg-convert x.svg -o x.png`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_snapshots_summary import SIZES, demo_session, snapshot_app, until
from textual.pilot import Pilot
from textual.widgets import Static

from workshop.store import Notebook
from workshop.tui.screens.session_form import SessionScreen

# Tab stops from the meeting (where the form opens on a recorded session) to the institutes.
TABS_TO_INSTITUTES = 11


def edit_demo_session(*keys: str):
    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, SessionScreen) and pilot.app.screen.is_mounted)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_session_form_proceedings_fields(snap_compare, tmp_path: Path, size) -> None:
    demo_session(tmp_path)
    assert snap_compare(snapshot_app(tmp_path), terminal_size=size,
                        run_before=edit_demo_session(*["tab"] * TABS_TO_INSTITUTES, "down"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_session_form_refuses_a_bad_meeting(snap_compare, tmp_path: Path, size) -> None:
    Notebook.open(tmp_path).close()  # a notebook already there: no "new notebook" notice over the form

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(pilot.app.screen, SessionScreen) and pilot.app.screen.is_mounted)
        await pilot.press("enter", *["down"] * 7, "enter", *["tab"] * 9, *"4 15 April", "ctrl+s")
        form = pilot.app.screen
        await until(pilot, lambda: str(form.query_one("#error", Static).content))
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path), terminal_size=size, run_before=run_before)
