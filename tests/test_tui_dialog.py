"""Dialogs: the screen behind is shown dimmed, as it is now, and drawn again only when it changes."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workshop.tui.screens.dialog import DimmedBehind, Dialog


class Question(Dialog[None]):
    DEFAULT_CSS = "Question { align: center middle; } Question Button { width: 20; }"

    def compose(self) -> ComposeResult:
        yield Button("Yes", id="yes")
        yield Button("No", id="no")


class PlainQuestion(ModalScreen[None]):
    DEFAULT_CSS = Question.DEFAULT_CSS.replace("Question", "PlainQuestion")

    def compose(self) -> ComposeResult:
        yield Button("Yes", id="yes")
        yield Button("No", id="no")


class Behind(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Floor free", id="floor")


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_segments(app: App) -> list:
    return [list(strip) for strip in app.screen._compositor.render_strips()]


def test_a_dialog_looks_as_textual_draws_a_modal_screen() -> None:
    async def scenario() -> tuple[list, list]:
        drawn = []
        for dialog in (Question, PlainQuestion):
            app = Behind()
            async with app.run_test(size=(60, 12)) as pilot:
                await app.push_screen(dialog())
                await pilot.pause()
                drawn.append(screen_segments(app))
        return drawn[0], drawn[1]

    ours, textuals = asyncio.run(scenario())
    assert ours == textuals


def test_the_screen_behind_a_dialog_shows_its_changes() -> None:
    async def scenario() -> tuple[list[str], list[str]]:
        app = Behind()
        async with app.run_test(size=(60, 12)) as pilot:
            await app.push_screen(Question())
            await pilot.pause()
            before = screen_lines(app)
            app.screen_stack[0].query_one("#floor", Static).update("Brazil has the floor")
            await pilot.pause()
            await pilot.pause()
            return before, screen_lines(app)

    before, after = asyncio.run(scenario())
    assert "Floor free" in before[0] and "Brazil has the floor" in after[0]


def test_moving_in_a_dialog_does_not_draw_the_screen_behind_again(monkeypatch) -> None:
    draws = []
    draw = DimmedBehind.render_strips

    def counted(self, width, height, style, options):
        if self.drawn is None or self.drawn[0] != (width, height, style):
            draws.append(width)
        return draw(self, width, height, style, options)

    monkeypatch.setattr(DimmedBehind, "render_strips", counted)

    async def scenario() -> int:
        app = Behind()
        async with app.run_test(size=(60, 12)) as pilot:
            await app.push_screen(Question())
            await pilot.pause()
            opened = len(draws)
            for _ in range(4):
                await pilot.press("tab")
                await pilot.pause()
            return len(draws) - opened

    assert asyncio.run(scenario()) == 0
    assert draws  # drawn when it opened
