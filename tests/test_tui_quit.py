"""Quitting: the note being typed is kept as a draft and the closing backup is made."""

from __future__ import annotations

import threading
from pathlib import Path

from test_tui_meeting import run_async, type_text, wait_for

from workshop.store import Notebook
from workshop.store.backup import BACKUP_THREAD, list_backups
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.settings import Settings


def closing_backups_done() -> None:
    for thread in threading.enumerate():
        if thread.name == BACKUP_THREAD:
            thread.join(timeout=30)


@run_async
async def test_quit_keeps_the_note_and_makes_the_closing_backup(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3").id
    app = make_app(tmp_path, clock=FixedClock(), session_id=session_id,
                   settings=Settings(cursor_blink=False, draft_seconds=60.0))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceScreen) and app.screen._panels_ready)
        await pilot.pause()
        await type_text(pilot, "Brazil asked for training")
        await pilot.press("ctrl+q")
    closing_backups_done()
    notebook_path = tmp_path / "sessions" / "notebook.db"
    assert len(list_backups(notebook_path)) == 1  # the one made on closing (the opening one waits 5 s)
    with Notebook.open(tmp_path) as notebook:
        [draft] = notebook.drafts()
    assert draft.session_id == session_id and "Brazil asked for training" in draft.text
