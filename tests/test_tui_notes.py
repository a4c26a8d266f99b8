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


def test_typing_sends_changes_up_but_not_cursor_moves() -> None:
    async def run() -> None:
        app = NoteApp()
        async with app.run_test(size=(60, 12)) as pilot:
            area = app.query_one(NoteArea)
            area.focus()
            await pilot.press("a", "b", "left")
            await pilot.pause()
            assert area.text == "ab"
            assert area.cursor_location == (0, 1)
            assert "changed" in app.heard
            assert "selection" not in app.heard

    asyncio.run(run())
