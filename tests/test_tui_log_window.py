"""Saving puts one row in the log and redraws only what changed: the same screen as a full redraw."""

from __future__ import annotations

from pathlib import Path

from test_snapshots_workspace import meeting_in_progress
from test_tui_meeting import add_finding, run_async, type_text, wait_for
from test_tui_recording import session_app, workspace_ready
from textual.widgets import Static

from workshop.tui.clock import FixedClock
from workshop.tui.widgets.log import LogTable
from workshop.tui.widgets.notes import NotesPanel
from workshop.tui.widgets.programme import ProgrammePanel, QuestionList


def drawn(log: LogTable) -> list[tuple[str, tuple[str, ...]]]:
    """Every row of the log, in order: its key and the text of its cells."""
    return [(row.key.value, tuple(cell.plain for cell in log.get_row(row.key)))
            for row in log.ordered_rows]


@run_async
async def test_f5_puts_the_intervention_at_the_top_as_a_full_redraw_would(tmp_path: Path) -> None:
    clock = FixedClock()
    session_id = meeting_in_progress(tmp_path, clock)  # Japan has had the floor since minute 20
    clock.advance(30 * 60)
    app = session_app(tmp_path, session_id, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await workspace_ready(pilot)
        screen._log_window = 4  # a window that is full, with a last row for the older entries
        screen._show_log()
        await pilot.pause()
        log = screen.query_one(LogTable)
        before = drawn(log)
        assert [cells[2] for _, cells in before] == [
            "Joint training of polic…", "Brazil", "Nigeria", "Dr. Jane Expert", "3 older"]

        await type_text(pilot, " Noted.")
        await pilot.press("f5")
        await wait_for(pilot, lambda: drawn(log) != before)
        after = drawn(log)
        assert after[0][0].startswith("intervention:")
        assert after[0][1][1:4] == ("intervention", "Japan", "c")
        assert after[0][1][4].startswith("Japan: the police cooperate")
        assert after[1:4] == before[:3]  # the oldest shown makes way
        assert after[4][1][2] == "4 older"
        assert screen.query_one(NotesPanel).text == ""

        screen._show_log()  # read and drawn again from the notebook: the same rows
        await pilot.pause()
        assert drawn(log) == after


@run_async
async def test_an_intervention_goes_below_a_finding_made_while_it_was_heard(tmp_path: Path) -> None:
    clock = FixedClock()
    session_id = meeting_in_progress(tmp_path, clock)
    clock.advance(30 * 60)
    app = session_app(tmp_path, session_id, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await workspace_ready(pilot)
        log = screen.query_one(LogTable)
        await add_finding(pilot, "f7", "Providers keep data", "Ninety days.", "Japan")
        await wait_for(pilot, lambda: log.get_row_at(0)[2].plain == "Providers keep data")
        clock.advance(60)
        await pilot.press("f5")
        await wait_for(pilot, lambda: log.row_count == 9)
        after = drawn(log)
        assert [cells[2] for _, cells in after[:3]] == [
            "Providers keep data", "Japan", "Joint training of polic…"]
        screen._show_log()
        await pilot.pause()
        assert drawn(log) == after


@run_async
async def test_the_programme_redrawn_line_by_line_is_the_full_drawing(tmp_path: Path) -> None:
    clock = FixedClock()
    session_id = meeting_in_progress(tmp_path, clock)
    app = session_app(tmp_path, session_id, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await workspace_ready(pilot)
        programme = screen.query_one(ProgrammePanel)
        questions = programme.query_one(QuestionList)
        await pilot.press("f5", "f4", "ctrl+down")  # the note's tags and the current question move
        await pilot.pause()
        prompts = [str(option.prompt) for option in questions.options]
        box = str(programme.query_one("#current-question", Static).render())
        assert "Question (d) · current" in box
        programme._drawn.clear()  # forget what was drawn: every line drawn again
        programme._drawn_current = ""
        screen._show_programme()
        await pilot.pause()
        assert [str(option.prompt) for option in questions.options] == prompts
        assert str(programme.query_one("#current-question", Static).render()) == box


@run_async
async def test_the_note_status_line_changes_without_laying_out_the_screen(tmp_path: Path) -> None:
    clock = FixedClock()
    session_id = meeting_in_progress(tmp_path, clock)
    app = session_app(tmp_path, session_id, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await workspace_ready(pilot)
        await pilot.pause()
        notes = screen.query_one(NotesPanel)
        status = notes.query_one("#note-status", Static)
        notes.show_status("Draft saved 10:42:07")
        notes.show_about("Japan", ["W3.Q.c"])
        assert not status._layout_required  # a repaint of the line, not a layout
        assert not notes.query_one("#note-about", Static)._layout_required
        await pilot.pause()
        assert str(status.render()) == "Draft saved 10:42:07"
