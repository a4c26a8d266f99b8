"""Keys typed ahead: the keys sent right after a key that opens a screen reach that screen, in order.

Each burst, the opening key and what follows it, is put into the app's input in one go; only then
does the test wait. Nothing typed is lost, and nothing goes to the screen underneath.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from test_tui_keys import a_session_with_speakers, burst
from test_tui_meeting import new_app, on_screen, run_async, wait_for
from textual.widgets import DataTable, Input, Select, SelectionList

from workshop.tui.app import WorkshopApp
from workshop.tui.screens.finding_form import FindingScreen
from workshop.tui.screens.guide import GuideScreen
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.search import SearchScreen
from workshop.tui.screens.session_form import SessionScreen
from workshop.tui.screens.speaker_form import SpeakerScreen
from workshop.tui.screens.tag_picker import TagPickerScreen
from workshop.tui.screens.workspace import FINDING_KEYS, WorkspaceScreen


async def ready_workspace(app: WorkshopApp, pilot, session_id: str) -> WorkspaceScreen:
    """The workspace with its panels filled: keys no longer wait for them."""
    app.open_session(session_id)
    await on_screen(pilot, WorkspaceScreen)
    workspace = app.screen
    await wait_for(pilot, lambda: workspace._panels_ready)
    await pilot.pause()
    return workspace


async def typed_into(pilot, screen_type: type, selector: str, expected: str) -> None:
    """The field of the screen now in front holds the text expected (and the screen has the focus)."""
    await on_screen(pilot, screen_type)
    field = pilot.app.screen.query_one(selector, Input)
    await wait_for(pilot, lambda: field.value == expected and field.has_focus)


@pytest.mark.parametrize("key", FINDING_KEYS.values())
@run_async
async def test_a_title_typed_with_the_finding_key_is_whole(tmp_path: Path, key: str) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        workspace = await ready_workspace(app, pilot, session_id)
        burst(app, f"<{key}>", "Code of conduct")
        await typed_into(pilot, FindingScreen, "#title", "Code of conduct")
        assert workspace.query_one("#note").text == ""


@pytest.mark.parametrize(("keys", "screen_type", "field", "typed"), [
    (("<f2>", "Chile"), SpeakerScreen, "#name", "Chile"),
    (("<ctrl+f>", "witness"), SearchScreen, "#search-query", "witness"),
    (("<ctrl+r>", "2nd meeting"), SessionScreen, "#meeting", "2nd meeting"),  # the name, selected, is replaced
    (("<ctrl+g>", "/", "witness"), GuideScreen, "#guide-find", "witness"),
], ids=["f2 speaker", "ctrl+f search", "ctrl+r session", "ctrl+g guide"])
@run_async
async def test_words_typed_with_the_key_that_opens_a_screen_reach_its_field(
    tmp_path: Path, keys: tuple[str, ...], screen_type: type, field: str, typed: str,
) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready_workspace(app, pilot, session_id)
        burst(app, *keys)
        await typed_into(pilot, screen_type, field, typed)


@run_async
async def test_keys_with_ctrl_t_tick_in_the_tag_picker(tmp_path: Path) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready_workspace(app, pilot, session_id)
        await pilot.press("f4")  # a speaker has the floor: the note can be tagged
        await pilot.pause()
        burst(app, "<ctrl+t>", "<down>", "<down>")
        await on_screen(pilot, TagPickerScreen)
        tags = app.screen.query_one(SelectionList)
        await wait_for(pilot, lambda: tags.highlighted == 2 and tags.has_focus)


@run_async
async def test_keys_with_f1_move_in_the_help(tmp_path: Path) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready_workspace(app, pilot, session_id)
        burst(app, "<f1>", "<down>", "<down>", "<down>")
        await on_screen(pilot, HelpScreen)
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.cursor_row == 3 and table.has_focus)


async def ready_home(app: WorkshopApp, pilot) -> HomeScreen:
    await on_screen(pilot, HomeScreen)
    home = app.screen
    await wait_for(pilot, lambda: home.query_one(DataTable).has_focus)
    await pilot.pause()
    return home


@run_async
async def test_words_typed_with_e_on_the_sessions_go_to_the_meeting(tmp_path: Path) -> None:
    a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready_home(app, pilot)
        burst(app, "e", "2nd meeting")
        await typed_into(pilot, SessionScreen, "#meeting", "2nd meeting")


@run_async
async def test_enter_typed_with_n_on_the_sessions_opens_the_topics(tmp_path: Path) -> None:
    a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready_home(app, pilot)
        burst(app, "n", "<enter>")
        await on_screen(pilot, SessionScreen)
        topic = app.screen.query_one("#topic", Select)
        await wait_for(pilot, lambda: topic.expanded)
        assert isinstance(app.screen_stack[-2], HomeScreen)  # Enter did not open the session below



async def held_workspace(app: WorkshopApp, pilot, session_id: str, monkeypatch) -> WorkspaceScreen:
    """The workspace before its panels are filled: they are filled only when the test says so."""
    monkeypatch.setattr(WorkspaceScreen, "_fill_panels", lambda self: None)
    app.open_session(session_id)
    await on_screen(pilot, WorkspaceScreen)
    workspace = app.screen
    await wait_for(pilot, lambda: workspace.query_one("#note").has_focus)
    return workspace


async def fill_panels(pilot, workspace: WorkspaceScreen) -> None:
    """Let the keys typed meanwhile be handled (plain sleeps: nothing waits on them), then fill."""
    for _ in range(20):
        await asyncio.sleep(0.02)
    assert not workspace._panels_ready
    workspace.call_later(FILL_PANELS, workspace)


FILL_PANELS = WorkspaceScreen._fill_panels


@run_async
async def test_a_title_typed_with_f7_before_the_panels_are_filled_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        workspace = await held_workspace(app, pilot, session_id, monkeypatch)
        burst(app, "<f7>", "Code")
        await fill_panels(pilot, workspace)
        await typed_into(pilot, FindingScreen, "#title", "Code")
        assert workspace.query_one("#note").text == ""


@run_async
async def test_keys_typed_after_ctrl_l_before_the_panels_are_filled_go_to_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        workspace = await held_workspace(app, pilot, session_id, monkeypatch)
        burst(app, "<ctrl+l>", "Brazil")  # Ctrl+L waits for the log; the letters wait behind it
        await fill_panels(pilot, workspace)
        await wait_for(pilot, lambda: workspace._panels_ready and workspace._log.table.has_focus)
        await pilot.pause()
        assert workspace.query_one("#note").text == ""
