"""The log: any entry can be opened and edited, or deleted and brought back."""

from __future__ import annotations

from pathlib import Path

from test_tui_meeting import new_app, on_screen, run_async, type_text, wait_for

from workshop.store import Notebook
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.intervention_form import InterventionScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.widgets.log import LogTable


@run_async
async def test_edit_delete_and_undo_from_the_log(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3").id
        brazil = notebook.add_speaker("Brazil", category="Member State")
        first = notebook.record_intervention(session_id, brazil.id, "First.",
                                             started_at="2015-04-13T08:00:00+00:00")
        second = notebook.record_intervention(session_id, brazil.id, "Second.",
                                              started_at="2015-04-13T08:05:00+00:00")
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, HomeScreen)
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("ctrl+l")  # in a small window the log takes the programme's place
        log = app.screen.query_one(LogTable)
        await wait_for(pilot, lambda: log.has_focus)
        assert [log.get_row_at(i)[4].plain for i in range(log.row_count)] == ["Second.", "First."]

        await pilot.press("d")  # the newest goes
        await wait_for(pilot, lambda: log.row_count == 1)
        with Notebook.open(tmp_path) as notebook:
            assert [i.id for i in notebook.interventions(session_id)] == [first.id]
        await pilot.press("u")  # and comes back
        await wait_for(pilot, lambda: log.row_count == 2)

        await pilot.press("down", "enter")  # open the older one and rewrite it
        await on_screen(pilot, InterventionScreen)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "First, corrected.")
        await pilot.press("ctrl+s")
        await on_screen(pilot, WorkspaceScreen)
    with Notebook.open(tmp_path) as notebook:
        texts = {i.id: i.text for i in notebook.interventions(session_id)}
        assert texts == {first.id: "First, corrected.", second.id: "Second."}
