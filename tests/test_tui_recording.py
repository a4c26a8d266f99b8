"""Recording a meeting without surprises: the note goes where the rapporteur sees, nothing hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_snapshots_workspace import meeting_in_progress
from test_tui_meeting import TEST_SETTINGS, on_screen, run_async, wait_for

from workshop.store import Notebook
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.widgets.programme import QuestionList


def session_app(home: Path, session_id: str, clock: FixedClock | None = None):
    """The app opened straight on one session's workspace."""
    return make_app(home, clock=clock or FixedClock(), settings=TEST_SETTINGS, session_id=session_id)


async def workspace_ready(pilot) -> WorkspaceScreen:
    await on_screen(pilot, WorkspaceScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen._panels_ready)
    await pilot.pause()
    return screen


def regions(screen: WorkspaceScreen) -> dict[str, object]:
    """Where each widget of the workspace is drawn, and how big its content is."""
    return {f"{type(w).__name__}#{w.id}": (w.region, w.size) for w in screen.query("*")
            if w.display}


@pytest.mark.parametrize("key", ["f6", "ctrl+e", "ctrl+f", "f11", "f12"])
@run_async
async def test_the_workspace_is_drawn_the_same_after_a_tool(tmp_path: Path, key: str) -> None:
    clock = FixedClock()
    session_id = meeting_in_progress(tmp_path, clock)
    app = session_app(tmp_path, session_id, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        before = regions(screen)
        await pilot.press(key)
        await wait_for(pilot, lambda: app.screen is not screen and app.screen.is_mounted)
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert regions(screen) == before
        # Arrows act on the row the rapporteur sees: (b) is two below (a), one below the topic.
        questions = screen.query_one(QuestionList)
        questions.focus()
        questions.highlighted = questions.get_option_index("W3.Q.a")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: screen.meeting.current_ref == "W3.Q.b")
    with Notebook.open(tmp_path) as notebook:
        states = {ref: s.status for ref, s in notebook.question_states(session_id).items()}
        assert states["W3.Q.b"] == "current"
