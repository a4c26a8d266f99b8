"""A form is styled once, as it is mounted; its rows draw their own labels."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from test_tui_meeting import new_app, on_screen, run_async
from textual.css.stylesheet import Stylesheet
from textual.widgets import Button, Input

from workshop.store import Notebook
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.session_form import Field, SessionScreen


@asynccontextmanager
async def on_the_sessions_list(tmp_path: Path):
    """A new notebook's app at 100x30, showing its (empty) list of sessions: (app, pilot)."""
    Notebook.open(tmp_path).close()
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, HomeScreen)
        yield app, pilot


@run_async
async def test_the_session_form_styles_no_widget_before_it_is_mounted(tmp_path: Path, monkeypatch) -> None:
    async with on_the_sessions_list(tmp_path) as (app, pilot):
        early = []
        update = Stylesheet.update_nodes

        def update_nodes(self, nodes, animate=False):
            nodes = list(nodes)
            early.extend(type(node).__name__ for node in nodes if not node.is_attached)
            return update(self, nodes, animate=animate)

        monkeypatch.setattr(Stylesheet, "update_nodes", update_nodes)
        await pilot.press("n")
        await on_screen(pilot, SessionScreen)
        await pilot.pause()
        # Textual restyled a compact field or a button as its class was set in its constructor.
        assert early == []
        form = app.screen
        assert form.query_one("#meeting", Input).outer_size.height == 1  # compact: no border
        assert form.query_one("#save", Button).has_class("-primary")


@run_async
async def test_a_class_changed_once_mounted_still_restyles(tmp_path: Path) -> None:
    async with on_the_sessions_list(tmp_path) as (app, pilot):
        field = Input("typed")
        await app.screen.mount(field)
        await pilot.pause()
        assert field.outer_size.height == 3
        field.compact = True
        await pilot.pause()
        assert field.outer_size.height == 1


@run_async
async def test_each_row_draws_its_label_beside_its_field(tmp_path: Path) -> None:
    async with on_the_sessions_list(tmp_path) as (app, pilot):
        await pilot.press("n")
        await on_screen(pilot, SessionScreen)
        await pilot.pause()
        form = app.screen
        lines = form._compositor.render_strips()
        rows = list(form.query(Field))
        assert [row.label for row in rows][:3] == ["Topic", "Meeting", "Date"]
        shown = form.query_one("#session-fields").region
        drawn = [row for row in rows if row.display and shown.contains(row.region.x, row.region.y)]
        assert len(drawn) > 8
        for row in drawn:
            child = row.children[0]
            x, y = row.region.x, row.region.y
            text = lines[y].crop(x, child.region.x).text
            assert text.rstrip() == row.label
            assert child.region.x == x + 17 and child.region.right == row.region.right
