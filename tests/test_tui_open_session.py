"""Opening the app straight on a session: the workspace first, the list of sessions behind Ctrl+O."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_meeting import TEST_SETTINGS, on_screen, run_async, type_text, wait_for

from workshop.store import Notebook, NotebookError
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.widgets.floor import QueueList
from workshop.tui.widgets.log import LogTable
from workshop.tui.widgets.notes import NotesPanel
from workshop.tui.widgets.programme import QuestionList


def two_sessions(home: Path) -> tuple[str, str]:
    with Notebook.open(home) as notebook:
        first = notebook.create_session("W3", meeting="1st meeting").id
        second = notebook.create_session("W3", meeting="2nd meeting").id
        brazil = notebook.add_speaker("Brazil", category="Member State")
        notebook.record_intervention(first, brazil.id, "First.")
        notebook.enqueue(first, brazil.id)
    return first, second


@run_async
async def test_the_app_opens_on_the_session_and_ctrl_o_leads_to_the_list(tmp_path: Path) -> None:
    first, second = two_sessions(tmp_path)
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS, session_id=first)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(pilot, WorkspaceScreen)
        assert not any(isinstance(s, HomeScreen) for s in app.screen_stack)
        workspace = app.screen
        # The panels come just after the first frame, filled.
        await wait_for(pilot, lambda: workspace.query(LogTable) and workspace.query_one(LogTable).row_count == 1)
        assert workspace.query_one(QueueList).option_count == 1
        assert workspace.query_one(QuestionList).option_count > 1
        await type_text(pilot, "Kept as a draft")
        await pilot.press("ctrl+o")
        await on_screen(pilot, HomeScreen)
        assert not any(isinstance(s, WorkspaceScreen) for s in app.screen_stack)
        await pilot.pause()
        assert app.screen.query_one("#sessions").row_count == 2
        with Notebook.open(tmp_path) as notebook:
            assert notebook.draft(first).text == "Kept as a draft"
        await pilot.press("enter")  # the list works as when the app started on it
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("ctrl+o")
        await on_screen(pilot, HomeScreen)


@run_async
async def test_keys_pressed_before_the_panels_come_are_kept(tmp_path: Path) -> None:
    first, _ = two_sessions(tmp_path)
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS, session_id=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("ctrl+l")  # in a small window the log takes the programme's place
        await wait_for(pilot, lambda: app.screen.query(LogTable) and app.screen.query_one(LogTable).has_focus)


def test_an_unknown_session_is_one_line(tmp_path: Path) -> None:
    two_sessions(tmp_path)
    with pytest.raises(NotebookError, match="no session"):
        make_app(tmp_path, session_id="not-a-session")


@run_async
async def test_another_session_opens_in_place_of_the_first_workspace(tmp_path: Path) -> None:
    first, second = two_sessions(tmp_path)
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS, session_id=first)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(pilot, WorkspaceScreen)
        await type_text(pilot, "Kept as a draft")
        verb = next(v for v in app.screen.verbs() if v.title.startswith("Open session")
                    and "2nd meeting" in v.title)
        verb.callback()
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceScreen)
                       and app.screen.session_id == second)
        assert len(app.screen_stack) == 1  # the first workspace was replaced, not left beneath
        with Notebook.open(tmp_path) as notebook:
            assert notebook.draft(first).text == "Kept as a draft"
        await pilot.press("ctrl+o")
        await on_screen(pilot, HomeScreen)
        assert len(app.screen_stack) == 1


@run_async
async def test_the_list_counts_what_the_workspace_saved_once_back_to_it(tmp_path: Path) -> None:
    first, second = two_sessions(tmp_path)
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(pilot, HomeScreen)
        home = app.screen
        table = home.query_one("#sessions")

        def counts() -> dict[str, str]:
            return {key.value: table.get_cell(key, "count").plain for key in table.rows}

        assert counts() == {first: "1", second: "0"}  # counted for the list's first frame
        await pilot.press("enter")
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        await wait_for(pilot, lambda: workspace.query(LogTable) and workspace.query_one(LogTable).row_count == 1)
        await pilot.press("f4")  # Brazil has the floor
        await type_text(pilot, "Second.")
        await pilot.press("f5")
        await wait_for(pilot, lambda: workspace.query_one(LogTable).row_count == 2)
        await pilot.press("ctrl+o")
        await on_screen(pilot, HomeScreen)
        assert app.screen is home
        # Counted again in a thread: the row shows the new count once it is made.
        await wait_for(pilot, lambda: counts() == {first: "2", second: "0"})


@run_async
async def test_an_intervention_saved_while_the_log_is_read_is_in_the_log(tmp_path: Path, monkeypatch) -> None:
    import threading

    first, _ = two_sessions(tmp_path)
    saved = threading.Event()
    read_log = WorkspaceScreen._read_log

    def slow_read(self, notebook, window):
        found = read_log(self, notebook, window)  # read before the save below
        saved.wait(5)
        return found

    monkeypatch.setattr(WorkspaceScreen, "_read_log", slow_read)
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS, session_id=first)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        await wait_for(pilot, lambda: workspace.query(LogTable))  # mounted, its rows not read yet
        # F4 and F5 as their keys run them, while the thread still holds what it read before.
        workspace.action_give_floor()
        workspace.query_one(NotesPanel).set_text("Saved meanwhile.")
        workspace.action_end_turn()
        saved.set()
        await wait_for(pilot, lambda: workspace.query_one(LogTable).row_count == 2)
        log = workspace.query_one(LogTable)
        assert sorted(log.get_row_at(i)[4].plain for i in range(2)) == ["First.", "Saved meanwhile."]


@run_async
async def test_leaving_the_workspace_restyles_none_of_its_widgets(tmp_path: Path) -> None:
    first, _ = two_sessions(tmp_path)
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS, session_id=first)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        await wait_for(pilot, lambda: workspace.query(LogTable) and workspace.query_one(LogTable).row_count == 1)
        leaving = set(workspace.walk_children(with_self=True))
        restyled: list = []
        update_nodes = app.stylesheet.update_nodes

        def counted(nodes, animate=False):
            nodes = list(nodes)
            restyled.extend(node for node in nodes if node in leaving)
            return update_nodes(nodes, animate=animate)

        app.stylesheet.update_nodes = counted
        await pilot.press("ctrl+o")  # the note had the focus: nowhere to move it, nothing to restyle
        await on_screen(pilot, HomeScreen)
        await pilot.pause()
        assert restyled == []
        assert app.screen.query_one("#sessions").has_focus


def footer_keys(screen) -> list[tuple[str, str]]:
    from textual.widgets._footer import FooterKey

    return [(key.key_display, key.description) for key in screen.query(FooterKey)]


@run_async
async def test_the_first_frame_has_no_keys_line_yet_and_then_the_keys_of_a_workspace_opened_from_the_list(
    tmp_path: Path,
) -> None:
    from textual import events
    from textual._context import message_hook

    first, _ = two_sessions(tmp_path)
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS, session_id=first)
    at_first_frame: list[list[tuple[str, str]]] = []

    def hook(message) -> None:  # Textual posts Ready once, right after the first frame
        if isinstance(message, events.Ready) and not at_first_frame:
            at_first_frame.append(footer_keys(app.screen))

    message_hook.set(hook)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        await wait_for(pilot, lambda: workspace._panels_ready and footer_keys(workspace))
        assert at_first_frame == [[]]  # as Textual's own footer: its keys come just after
        at_start = footer_keys(workspace)
        await pilot.press("ctrl+o")
        await on_screen(pilot, HomeScreen)
        await pilot.press("enter")
        await on_screen(pilot, WorkspaceScreen)
        assert app.screen is not workspace
        assert footer_keys(app.screen) == at_start  # opened from the list: built with the screen
    assert ("f4", "Floor") in at_start


@run_async
async def test_the_session_is_read_once_as_the_workspace_opens_and_again_when_it_is_shown_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from workshop.tui.screens import workspace as module

    first, _ = two_sessions(tmp_path)
    reads: list[str] = []
    real = module.session_is_final
    monkeypatch.setattr(module, "session_is_final",
                        lambda notebook, session_id: reads.append(session_id) or real(notebook, session_id))
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(pilot, HomeScreen)
        await pilot.press("enter")
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        await wait_for(pilot, lambda: workspace._panels_ready)
        assert reads == []  # compose read it: on_mount showed it
        await pilot.press("f1")
        await wait_for(pilot, lambda: app.screen is not workspace)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is workspace)
        await wait_for(pilot, lambda: reads == [first])  # back from another screen: read again
