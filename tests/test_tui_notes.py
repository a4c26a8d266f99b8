"""The note editor keeps its cursor moves to itself; its changes still reach whoever listens."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import TextArea

from workshop.tui.widgets.notes import NoteArea, NotesPanel


class NoteApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[str] = []

    def compose(self) -> ComposeResult:
        yield NotesPanel()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.heard.append("changed")

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        self.heard.append("selection")


def in_the_note(check) -> None:
    """Run `check(pilot, area)` in a NoteApp at 60x12, the note focused."""
    async def run() -> None:
        app = NoteApp()
        async with app.run_test(size=(60, 12)) as pilot:
            area = app.query_one(NoteArea)
            area.focus()
            await pilot.pause()
            await check(pilot, area)

    asyncio.run(run())


def test_typing_sends_changes_up_but_not_cursor_moves() -> None:
    async def check(pilot, area: NoteArea) -> None:
        await pilot.press("a", "b", "left")
        await pilot.pause()
        assert area.text == "ab"
        assert area.cursor_location == (0, 1)
        assert "changed" in pilot.app.heard
        assert "selection" not in pilot.app.heard

    in_the_note(check)


async def typed(pilot, text: str) -> None:
    """Typed a word at a time: the same edit as a key, without Pilot's wait after each."""
    area = pilot.app.query_one(NoteArea)
    for word in text.split(" "):
        area.insert(word + " ")
    await pilot.pause()


def test_typing_onto_a_new_line_lays_out_nothing_beyond_the_note() -> None:
    async def check(pilot, area: NoteArea) -> None:
        layouts = []
        layout = pilot.app.screen._refresh_layout
        pilot.app.screen._refresh_layout = lambda *args, **kwargs: (layouts.append(1), layout(*args, **kwargs))
        await typed(pilot, "word " * 29 + "word")  # wraps onto three lines, fewer than the note shows
        assert area.wrapped_document.height == 3 and area.virtual_size.height == 3
        assert not area.show_vertical_scrollbar
        assert layouts == []

    in_the_note(check)


def test_a_note_longer_than_its_panel_gets_its_scrollbar_and_keeps_the_cursor_in_view() -> None:
    async def check(pilot, area: NoteArea) -> None:
        await typed(pilot, "word " * 149 + "word")
        assert area.virtual_size.height == area.wrapped_document.height > area.size.height
        assert area.show_vertical_scrollbar
        assert area.scroll_offset.y == area.max_scroll_y > 0  # the line typed on is shown
        area.clear()
        await pilot.pause()
        assert not area.show_vertical_scrollbar and area.scroll_offset.y == 0

    in_the_note(check)
