"""The log puts in the table only the rows it can show; the rest come as it is scrolled or focused."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from test_tui_log_window import drawn
from test_tui_meeting import add_finding, run_async, wait_for
from test_tui_recording import session_app, workspace_ready

from workshop.store import Notebook
from workshop.tui.clock import FixedClock, stamp
from workshop.tui.widgets.log import FIRST_ROWS, LogTable

ENTRIES = FIRST_ROWS + 25


def a_long_session(home: Path, clock: FixedClock) -> str:
    """ENTRIES interventions, one a minute; the oldest has the longest name, text and questions."""
    start = clock.now() - timedelta(hours=2)
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting", date="2015-04-13")
        chad = notebook.add_speaker("Chad", category="Member State")
        long_name = notebook.add_speaker("United Kingdom of Great Britain and Northern Ireland",
                                         category="Member State")
        for number in range(ENTRIES):
            oldest = number == 0
            notebook.record_intervention(
                session.id, (long_name if oldest else chad).id, "Said " + "much " * (12 if oldest else 1),
                started_at=stamp(start + timedelta(minutes=number)),
                question_refs=("W3.Q.a", "W3.Q.b", "W3.Q.c") if oldest else ("W3.Q.a",),
            )
        return session.id


@asynccontextmanager
async def in_a_long_workspace(tmp_path: Path, session_id: str | None = None):
    """The workspace of the long session at 120x40, its panels filled: (pilot, screen)."""
    clock = FixedClock()
    app = session_app(tmp_path, session_id or a_long_session(tmp_path, clock), clock)
    async with app.run_test(size=(120, 40)) as pilot:
        yield pilot, await workspace_ready(pilot)


def columns(log: LogTable) -> list[int]:
    return [column.get_render_width(log) for column in log.ordered_columns]


@run_async
async def test_the_first_rows_are_drawn_with_the_widths_of_all_and_the_rest_come_on_focus(tmp_path: Path) -> None:
    async with in_a_long_workspace(tmp_path) as (pilot, screen):
        log = screen.query_one(LogTable)
        assert log.row_count == FIRST_ROWS
        widths = columns(log)
        first = drawn(log)
        await pilot.press("ctrl+l")  # the log has the focus: every row of the window is in it
        await wait_for(pilot, lambda: log.row_count == ENTRIES)
        assert drawn(log)[:FIRST_ROWS] == first
        assert columns(log) == widths  # the columns did not move as the rows came
        in_full = drawn(log)
        await pilot.press("escape")
        screen._show_log()  # drawn again while the log has no focus: the same rows as before
        await pilot.pause()
        log.scroll_to(y=FIRST_ROWS, animate=False)  # scrolled with the wheel or the scrollbar
        await wait_for(pilot, lambda: log.row_count == ENTRIES)
        assert drawn(log) == in_full


@run_async
async def test_the_rows_are_measured_as_they_are_put_in_not_after_the_layout_that_shows_them(tmp_path: Path) -> None:
    async with in_a_long_workspace(tmp_path) as (pilot, screen):
        log = screen.query_one(LogTable)
        assert log.virtual_size.height == FIRST_ROWS + 1  # and the header
        screen._log_window = ENTRIES - 5  # the window's last row is now "N older"
        screen._show_log()
        assert log.virtual_size.height == FIRST_ROWS + 2  # before the table is next idle


@run_async
async def test_a_save_with_rows_kept_back_is_the_full_redraw(tmp_path: Path) -> None:
    async with in_a_long_workspace(tmp_path) as (pilot, screen):
        screen._log_window = ENTRIES - 5  # a full window: the oldest kept back make way
        screen._show_log()
        await pilot.pause()
        log = screen.query_one(LogTable)
        await add_finding(pilot, "f7", "Data kept", "Ninety days.", "Chad")
        await wait_for(pilot, lambda: log.get_row_at(0)[2].plain == "Data kept")
        assert log.row_count == FIRST_ROWS + 2  # the new one, the first rows and "N older"
        assert log.get_row_at(log.row_count - 1)[2].plain == "6 older"
        log.focus()
        await wait_for(pilot, lambda: log.row_count == ENTRIES - 5 + 1)  # the window, "N older"
        after = drawn(log)
        screen._show_log()  # read and drawn again from the notebook, all of it (the log has focus)
        await pilot.pause()
        assert drawn(log) == after


@run_async
async def test_a_search_result_beyond_the_first_rows_is_shown_in_the_log(tmp_path: Path) -> None:
    session_id = a_long_session(tmp_path, FixedClock())
    with Notebook.open(tmp_path) as notebook:
        oldest = min(notebook.interventions(session_id), key=lambda i: i.started_at)
    async with in_a_long_workspace(tmp_path, session_id) as (pilot, screen):
        log = screen.query_one(LogTable)
        screen._tool_closed(SimpleNamespace(session_id=session_id, kind="intervention", id=oldest.id))
        await wait_for(pilot, lambda: log.has_focus)
        assert log.coordinate_to_cell_key(log.cursor_coordinate).row_key.value == f"intervention:{oldest.id}"
