"""Ctrl+Q over a form being filled in asks first: the form's text is not lost without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_meeting import on_screen, run_async, type_text, wait_for
from test_tui_synthesis import app_for, demo_home, open_synthesis
from textual.widgets import Input, Static

from workshop.store import Notebook
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.confirm import ConfirmScreen
from workshop.tui.screens.finding_form import FindingScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.settings import Settings


def a_workspace_app(home: Path):
    with Notebook.open(home) as notebook:
        session_id = notebook.create_session("W3").id
    return make_app(home, clock=FixedClock(), session_id=session_id,
                    settings=Settings(cursor_blink=False, draft_seconds=3600.0))


async def a_finding_half_typed(pilot, title: str) -> FindingScreen:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceScreen) and app.screen._panels_ready)
    await type_text(pilot, "Brazil asked for training")
    await pilot.press("f7")
    await on_screen(pilot, FindingScreen)
    await type_text(pilot, title)
    return app.screen


def drafts(home: Path) -> list[str]:
    with Notebook.open(home) as notebook:
        return [draft.text for draft in notebook.drafts()]


@run_async
async def test_quit_over_a_finding_being_typed_asks_and_cancel_goes_back_to_it(tmp_path: Path) -> None:
    app = a_workspace_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        form = await a_finding_half_typed(pilot, "Hotline")
        await pilot.press("ctrl+q")
        await on_screen(pilot, ConfirmScreen)
        question = str(app.screen.query_one("#question", Static).render())
        assert "The finding being typed is not saved" in question
        assert app.is_running
        await pilot.press("escape")  # Cancel: back to the form, as it was
        await on_screen(pilot, FindingScreen)
        assert app.screen is form and form.query_one("#title", Input).value == "Hotline"
        assert app.is_running
        await type_text(pilot, " run with telecoms")
        await pilot.press("ctrl+s")  # and it can still be saved
        await on_screen(pilot, WorkspaceScreen)
    with Notebook.open(tmp_path) as notebook:
        [finding] = notebook.findings(notebook.sessions()[0].id)
    assert finding.title == "Hotline run with telecoms"


@pytest.mark.parametrize("answer", ["y", "ctrl+q"])  # Quit, or Ctrl+Q again over the question
def test_quit_over_a_finding_being_typed_quits_when_confirmed_and_keeps_the_note(tmp_path: Path, answer: str) -> None:
    @run_async
    async def run() -> None:
        app = a_workspace_app(tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await a_finding_half_typed(pilot, "Hotline")
            await pilot.press("ctrl+q")
            await on_screen(pilot, ConfirmScreen)
            await pilot.press(answer)
            await wait_for(pilot, lambda: not app.is_running)

    run()
    assert drafts(tmp_path) == ["Brazil asked for training"]  # the note itself is kept as ever


@run_async
async def test_quit_over_a_form_left_as_it_opened_does_not_ask(tmp_path: Path) -> None:
    app = a_workspace_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await a_finding_half_typed(pilot, "")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    assert drafts(tmp_path) == ["Brazil asked for training"]


@run_async
async def test_quit_while_a_key_point_is_written_asks(tmp_path: Path) -> None:
    session_id = demo_home(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_synthesis(pilot, session_id)
        await pilot.press("w")  # to the predicate
        await wait_for(pilot, lambda: screen.query_one("#predicate", Input).has_focus)
        await type_text(pilot, "stressed")
        await pilot.press("ctrl+q")
        await on_screen(pilot, ConfirmScreen)
        assert "The key point being written is not saved" in str(
            app.screen.query_one("#question", Static).render())
        await pilot.press("n")
        await on_screen(pilot, type(screen))
        assert screen.query_one("#predicate", Input).value == "stressed"
