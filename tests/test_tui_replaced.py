"""A backup restored while the app has the notebook open: the app notices, keeps the note, stops.

Before, every draft save then failed ("FOREIGN KEY constraint failed"), F4 failed, Ctrl+Q
quit without a word and the note typed after the restore was nowhere.
"""

from __future__ import annotations

from pathlib import Path

from test_tui_meeting import TEST_SETTINGS, on_screen, run_async, type_text, wait_for

from workshop.store import Notebook
from workshop.store.backup import backup_notebook, restore_backup
from workshop.store.notebook import notebook_path
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.workspace import WorkspaceScreen

NOTE = "Brazil described its witness protection programme"


def a_backup_then_a_newer_session(home: Path) -> tuple[Path, str]:
    """A backup holding one session; then a second session, with Brazil waiting, made after it."""
    with Notebook.open(home) as notebook:
        notebook.create_session("W1", meeting="1st meeting")
        backup = backup_notebook(notebook)
        session = notebook.create_session("W3", meeting="2nd meeting", date="2015-04-14")
        notebook.enqueue(session.id, notebook.add_speaker("Brazil").id, "statement")
    return backup, session.id


def kept_notes(home: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((home / "sessions").glob("note-kept-*.txt"))]


async def typing_when_restored(home: Path, key: str, draft_seconds: float = 5.0):
    """Open the newer session, give Brazil the floor, type; restore the backup; press `key`."""
    backup, session_id = a_backup_then_a_newer_session(home)
    settings = TEST_SETTINGS._replace(draft_seconds=draft_seconds)
    app = make_app(home, clock=FixedClock(), settings=settings, session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("f4")
        await type_text(pilot, NOTE)
        restore_backup(notebook_path(home), backup)  # as `workshop restore` does, from outside
        if key:
            await pilot.press(key)
        await wait_for(pilot, lambda: app.return_code is not None)
    return app


def assert_kept_and_untouched(home: Path, app) -> None:
    assert app.return_code == 1
    [kept] = kept_notes(home)
    assert NOTE in kept and "Speaker: Brazil" in kept and "2nd meeting" in kept
    with Notebook.open(home) as notebook:  # the restored notebook, as it was restored
        assert [s.meeting for s in notebook.sessions()] == ["1st meeting"]
        assert notebook.drafts() == []
        assert notebook.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"


@run_async
async def test_ctrl_q_after_a_restore_keeps_the_note_in_a_file(tmp_path: Path) -> None:
    app = await typing_when_restored(tmp_path, "ctrl+q")
    assert_kept_and_untouched(tmp_path, app)


@run_async
async def test_f4_after_a_restore_keeps_the_note_in_a_file(tmp_path: Path) -> None:
    app = await typing_when_restored(tmp_path, "f4")
    assert_kept_and_untouched(tmp_path, app)


@run_async
async def test_the_draft_tick_notices_a_restore(tmp_path: Path) -> None:
    app = await typing_when_restored(tmp_path, "", draft_seconds=0.2)
    assert_kept_and_untouched(tmp_path, app)


@run_async
async def test_drafts_of_a_notebook_left_in_place_go_on(tmp_path: Path) -> None:
    """Another program writing to the notebook (an import, a draft) is no replacement."""
    _, session_id = a_backup_then_a_newer_session(tmp_path)
    settings = TEST_SETTINGS._replace(draft_seconds=0.2)
    app = make_app(tmp_path, clock=FixedClock(), settings=settings, session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("f4")
        with Notebook.open(tmp_path) as notebook:
            notebook.create_session("W2", meeting="from another program")
        await type_text(pilot, NOTE)
        await wait_for(pilot, lambda: any(d.text == NOTE for d in app.notebook.drafts()))
        assert not app.notebook_replaced()
    assert app.return_code in (None, 0)
    assert kept_notes(tmp_path) == []
