"""Two crashes in one turn: a note saved with Ctrl+S is never written over by the restored turn.

The floor is given, the app is killed before any draft; restarted, the note is typed and saved
with Ctrl+S, and the app is killed again before the next draft. At the third start the saved
text must be back in the note, and ending the turn must keep it.
"""

from __future__ import annotations

import time
from pathlib import Path

from test_tui_meeting import new_app, on_screen, run_async, type_text, wait_for
from test_tui_recovery import ENTER, F4, F5, Terminal, read, speaking, wait_until

from workshop.store import Notebook
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.widgets.notes import NotesPanel

CTRL_S = "\x13"
FIRST, SECOND = "FIRST PART", " SECOND PART"


def a_session_with_brazil_waiting(home: Path) -> str:
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting", date="2015-04-13")
        notebook.enqueue(session.id, notebook.add_speaker("Brazil").id, "statement")
    return session.id


def interventions(home: Path) -> list[str]:
    return [row[0] for row in read(home, "SELECT text FROM intervention WHERE deleted_at IS NULL")]


def drafts(home: Path) -> list[str]:
    return [row[0] for row in read(home, "SELECT text FROM draft")]


def test_a_note_saved_between_two_kills_is_kept(tmp_path: Path) -> None:
    a_session_with_brazil_waiting(tmp_path)

    terminal = Terminal(tmp_path)  # 1. the floor is given; killed before any draft
    try:
        terminal.wait_for_text("Sessions")
        terminal.send(ENTER)
        terminal.wait_for_text("Programme")
        terminal.send(F4)
        wait_until(lambda: speaking(tmp_path), 10, "Brazil to have the floor")
    finally:
        terminal.kill()
    assert drafts(tmp_path) == [] and interventions(tmp_path) == []

    terminal = Terminal(tmp_path)  # 2. typed, saved with Ctrl+S, killed half a second later
    try:
        terminal.wait_for_text("Sessions")
        terminal.send(ENTER)
        terminal.wait_for_text("Programme")
        terminal.type(FIRST)
        terminal.send(CTRL_S)
        wait_until(lambda: interventions(tmp_path) == [FIRST], 10, "the note saved")
        time.sleep(0.5)
    finally:
        terminal.kill()
    # The draft is written every 3 s from the workspace's start: none yet, as in the report.
    assert drafts(tmp_path) == []

    terminal = Terminal(tmp_path)  # 3. the saved text is back; the turn goes on and ends
    try:
        terminal.wait_for_text("Sessions")
        terminal.send(ENTER)
        terminal.wait_for_text("Programme")
        terminal.type(SECOND)
        terminal.send(F5)
        wait_until(lambda: not speaking(tmp_path), 10, "the turn to end")
    finally:
        terminal.kill()
    assert interventions(tmp_path) == [FIRST + SECOND]


@run_async
async def test_the_restored_turn_goes_on_from_the_saved_intervention(tmp_path: Path) -> None:
    """The same two stops inside one process: each app is left without quitting (no draft)."""
    session_id = a_session_with_brazil_waiting(tmp_path)

    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("f4")
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        assert app.screen.meeting.turn is not None
        await pilot.press("ctrl+down")  # question (a): the saved note is tagged with it
        await type_text(pilot, FIRST)
        await pilot.press("ctrl+s")
    assert interventions(tmp_path) == [FIRST] and drafts(tmp_path) == []

    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        assert workspace.query_one(NotesPanel).text == FIRST
        assert workspace.meeting.refs == ["W3.Q.a"]
        await type_text(pilot, SECOND)
        await pilot.press("f5")
        await wait_for(pilot, lambda: workspace.meeting.turn is None)
    with Notebook.open(tmp_path) as notebook:
        [intervention] = notebook.interventions(session_id)
        assert intervention.text == FIRST + SECOND
        assert intervention.question_refs == ("W3.Q.a",)


@run_async
async def test_a_note_saved_in_the_first_run_is_found_after_a_kill(tmp_path: Path) -> None:
    """Saved in the run that gave the floor (its start is the app's clock), then no draft."""
    session_id = a_session_with_brazil_waiting(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("f4")
        await type_text(pilot, FIRST)
        await pilot.press("ctrl+s")
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        assert app.screen.query_one(NotesPanel).text == FIRST
        await type_text(pilot, SECOND)
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.screen.meeting.turn is None)
    assert interventions(tmp_path) == [FIRST + SECOND]
