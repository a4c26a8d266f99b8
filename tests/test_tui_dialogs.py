"""Every dialog is a Dialog: the screen below drawn dimmed once per opening, styled once."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from test_tui_meeting import new_app, on_screen, run_async
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen
from textual.css.stylesheet import Stylesheet

import workshop.tui
from workshop.store import Notebook
from workshop.tui.screens.dialog import Dialog
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.speaker_form import SpeakerScreen
from workshop.tui.screens.workspace import WorkspaceScreen


def test_every_modal_screen_of_the_app_is_a_dialog() -> None:
    modals = []
    for info in pkgutil.walk_packages(workshop.tui.__path__, "workshop.tui."):
        module = importlib.import_module(info.name)
        modals += [value for value in vars(module).values() if isinstance(value, type)
                   and issubclass(value, ModalScreen) and value.__module__ == module.__name__]
    assert HelpScreen in modals and len(modals) > 10
    assert [m.__name__ for m in modals if not issubclass(m, Dialog)] == []


@run_async
async def test_a_dialog_tints_the_screen_below_once_and_styles_its_widgets_once(tmp_path: Path, monkeypatch) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3").id
    tinted = []
    draw = BackgroundScreen.__rich_console__
    monkeypatch.setattr(BackgroundScreen, "__rich_console__",
                        lambda self, console, options: tinted.append(self.screen) or draw(self, console, options))
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, HomeScreen)
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        for key, dialog in (("f1", HelpScreen), ("f2", SpeakerScreen)):
            tinted.clear()
            styled = []
            apply = Stylesheet.apply
            monkeypatch.setattr(Stylesheet, "apply", lambda self, node, **kw: styled.append(node) or apply(self, node, **kw))
            await pilot.press(key)
            await on_screen(pilot, dialog)
            for _ in range(3):  # the refreshes of an opening: layouts, focus, the first paint
                await pilot.pause()
            monkeypatch.setattr(Stylesheet, "apply", apply)
            assert tinted == [workspace], key  # Textual alone draws it at each of the dialog's refreshes
            nodes = list(app.screen.walk_children(with_self=True))
            # Styled as mounted, not again as shown (Textual restyles a screen's every node then).
            assert styled.count(app.screen) == 1, key
            if dialog is HelpScreen:  # nothing in it changes class but the table taking the focus
                assert {node: styled.count(node) for node in nodes if node is not app.focused} \
                    == {node: 1 for node in nodes if node is not app.focused}
            if dialog is HelpScreen:  # a window of another size: the screen below drawn again to it
                await pilot.resize_terminal(80, 24)
                for _ in range(3):
                    await pilot.pause()
                assert tinted == [workspace, workspace]
                await pilot.resize_terminal(100, 30)
            await pilot.press("escape")
            await on_screen(pilot, WorkspaceScreen)
