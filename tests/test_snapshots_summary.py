"""Snapshots of the synthesis screen (a key point being written) and of the preview in its two forms,
at 80x24 and 120x40, on the demo meeting.

The clock is fixed and the cursor does not blink, so the pictures are stable. Review a new or
changed SVG before accepting it (`pytest --snapshot-update`), e.g. `rsvg-convert x.svg -o x.png`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from workshop.demo import fill_demo
from workshop.store import Notebook
from workshop.tui.app import WorkshopApp, make_app
from workshop.tui.clock import FixedClock
from workshop.tui.settings import Settings

SIZES = [(80, 24), (120, 40)]


def demo_session(home: Path) -> str:
    with Notebook.open(home) as notebook:
        return fill_demo(notebook).id


def snapshot_app(home: Path) -> WorkshopApp:
    return make_app(home, clock=FixedClock(), settings=Settings(cursor_blink=False, draft_seconds=3600))


async def until(pilot: Pilot, condition) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the screen never came")


def with_unlinked_statements(home: Path) -> str:
    """The demo and two statements no key point reflects, for the preview to name before export."""
    session_id = demo_session(home)
    with Notebook.open(home) as notebook:
        brazil, japan = (next(s for s in notebook.speakers() if s.delegation == d) for d in ("Brazil", "Japan"))
        late = "2015-04-15T12:00:00.000000+00:00"
        notebook.record_intervention(session_id, brazil.id, "On schools.", question_refs=("W3.Q.b",), started_at=late)
        notebook.record_intervention(session_id, japan.id, "On the public.", question_refs=("W3.Q.h",), started_at=late)
    return session_id


def open_tool(session_id: str, name: str, *keys: str):
    """Open a tool screen of the session (the tests of the screens open it from the workspace)."""

    async def run_before(pilot: Pilot) -> None:
        from workshop.tui.tools import TOOLS

        app = pilot.app
        await pilot.pause()
        screen = next(t for t in TOOLS if t.name == name).screen(session_id)
        app.push_screen(screen)
        await until(pilot, lambda: app.screen is screen and screen.is_mounted)
        if name == "preview":
            await until(pilot, lambda: screen.render_seconds is not None)
        if name == "synthesis":  # the interventions are read by a worker
            await until(pilot, lambda: screen.loaded)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_synthesis_key_point_being_written(snap_compare, tmp_path: Path, size) -> None:
    session_id = with_unlinked_statements(tmp_path)  # (b) and (h) say how many wait for a key point
    # Question (c); three interventions of three speakers ticked; the predicate begun.
    keys = ("down", "down", "tab", "space", "down", "space", "down", "space", "w", *"stressed")
    assert snap_compare(snapshot_app(tmp_path), terminal_size=size,
                        run_before=open_tool(session_id, "synthesis", *keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_preview_deliberations(snap_compare, tmp_path: Path, size) -> None:
    session_id = demo_session(tmp_path)
    assert snap_compare(snapshot_app(tmp_path), terminal_size=size,
                        run_before=open_tool(session_id, "preview", "pagedown"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_preview_notes_with_interventions_no_key_point_reflects(snap_compare, tmp_path: Path, size) -> None:
    session_id = with_unlinked_statements(tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await open_tool(session_id, "preview")(pilot)
        screen = pilot.app.screen
        await pilot.press("f")
        await until(pilot, lambda: screen.look.form == "notes" and screen.render_seconds is not None)
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path), terminal_size=size, run_before=run_before)
