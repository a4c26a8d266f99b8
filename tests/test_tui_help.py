"""Discoverability: every binding is described, the help lists them, the palette offers the verbs."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from test_tui_meeting import new_app, on_screen, run_async, type_text, wait_for
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable

import workshop.tui
from workshop.store import Notebook
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.workspace import WorkspaceScreen


def our_classes():
    for module_info in pkgutil.walk_packages(workshop.tui.__path__, "workshop.tui."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__ \
                    and "BINDINGS" in value.__dict__:
                yield value


def test_every_binding_has_a_description() -> None:
    classes = list(our_classes())
    assert WorkspaceScreen in classes and HomeScreen in classes
    for cls in classes:
        for binding in cls.__dict__["BINDINGS"]:
            if cls.__name__ == "NoteArea":  # TextArea's own editing keys, kept as they are
                continue
            assert isinstance(binding, Binding), cls
            assert binding.description, f"{cls.__name__}: {binding.key} has no description"


def test_workspace_keys_do_not_clash() -> None:
    keys = [key.strip() for binding in WorkspaceScreen.BINDINGS for key in binding.key.split(",")]
    assert len(keys) == len(set(keys))


@run_async
async def test_help_lists_the_workspace_keys(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3").id
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, HomeScreen)
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("f1")
        await on_screen(pilot, HelpScreen)
        table = app.screen.query_one(DataTable)
        rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        descriptions = {row[1] for row in rows}
        for expected in ("Add a speaker to the list", "Give the floor to the next speaker",
                         "Add a good practice", "Add a recommendation",
                         "End the intervention and save the note", "Make current", "Move up",
                         "Bring back the last entry deleted", "Command palette: search the app's verbs"):
            assert expected in descriptions, expected
        await pilot.press("escape")
        await on_screen(pilot, WorkspaceScreen)


async def run_palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await on_screen(pilot, CommandPalette)
    await type_text(pilot, words)
    await wait_for(pilot, lambda: pilot.app.screen.query_one(CommandList).option_count > 0)
    await pilot.press("down", "enter")
    await on_screen(pilot, WorkspaceScreen)


@run_async
async def test_the_palette_offers_the_verbs(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3").id
        notebook.enqueue(session_id, notebook.add_speaker("Brazil", category="Member State").id)
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, HomeScreen)
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        await run_palette(pilot, "go to question (e)")
        await wait_for(pilot, lambda: workspace.meeting.current_ref == "W3.Q.e")
        await run_palette(pilot, "give the floor")
        await wait_for(pilot, lambda: workspace.meeting.turn is not None)
        assert workspace.meeting.turn.speaker.name == "Brazil"


async def help_over_a_workspace(home: Path, pilot) -> DataTable:
    """Help opened (F1) over the workspace of a new session; its table of keys."""
    with Notebook.open(home) as notebook:
        session_id = notebook.create_session("W3").id
    await on_screen(pilot, HomeScreen)
    pilot.app.open_session(session_id)
    await on_screen(pilot, WorkspaceScreen)
    await pilot.press("f1")
    await on_screen(pilot, HelpScreen)
    await pilot.pause()
    return pilot.app.screen.query_one(DataTable)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@run_async
async def test_help_descriptions_are_never_cut(tmp_path: Path, size) -> None:
    app = new_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        table = await help_over_a_workspace(tmp_path, pilot)
        key, text = table.ordered_columns
        used = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert used <= table.scrollable_content_region.width  # no column hidden to the right
        assert table.max_scroll_x == 0
        console = app.console
        for row_key, row in table.rows.items():
            keys, description = table.get_row(row_key)
            for cell, column in ((keys, key), (description, text)):
                lines = cell.wrap(console, column.width)
                assert len(lines) <= row.height, (cell.plain, column.width, row.height)
                assert "".join(line.plain for line in lines).replace(" ", "") == \
                    cell.plain.replace(" ", "")


@run_async
async def test_help_rows_are_wrapped_again_when_the_window_narrows(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3").id
    app = new_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(pilot, HomeScreen)
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        await pilot.press("f1")
        await on_screen(pilot, HelpScreen)
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        wide = table.ordered_columns[1].width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        key, text = table.ordered_columns
        assert text.width < wide
        assert table.max_scroll_x == 0
        for row_key, row in table.rows.items():
            _, description = table.get_row(row_key)
            assert len(description.wrap(app.console, text.width)) <= row.height, description.plain


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@run_async
async def test_help_rows_are_as_tall_as_the_table_would_measure_them(tmp_path: Path, size) -> None:
    app = new_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        table = await help_over_a_workspace(tmp_path, pilot)
        given = [row.height for row in table.rows.values()]
        # The same cells in rows the table measures itself (height=None), as help made them before.
        measured = DataTable()
        await app.screen.mount(measured)
        for column in table.ordered_columns:
            measured.add_column(column.label, width=column.width)
        for row_key in table.rows:
            measured.add_row(*table.get_row(row_key), height=None)
        await pilot.pause()
        assert given == [row.height for row in measured.rows.values()]
        assert max(given) > 1  # some description wraps at this width
