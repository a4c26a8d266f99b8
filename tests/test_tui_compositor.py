"""A key in the note repaints from the widgets that cover the note only, and paints the same cells."""

from __future__ import annotations

from pathlib import Path

from test_tui_synthesis import app_for, demo_home, open_workspace, run_async, wait_for
from textual._compositor import Compositor
from textual.geometry import Region
from textual.widget import Widget

from workshop.tui.compositor import TouchedOnly
from workshop.tui.widgets.notes import NoteArea


async def the_workspace_drawn(pilot, session_id: str):
    """The workspace with its panels filled and nothing left to lay out or paint."""
    screen = await open_workspace(pilot, session_id)
    await wait_for(pilot, lambda: screen._panels_ready, "the panels")
    await wait_for(pilot, lambda: not (screen._layout_required or screen._repaint_required
                                       or screen._dirty_widgets or screen._callbacks), "a still screen")
    await pilot.pause()
    return screen


def chops(compositor: Compositor, crop, lines: set[int], as_class: type[Compositor]) -> list[dict]:
    """The strips a partial update over `crop` would paint, rendered as `as_class` would."""
    kind = compositor.__class__
    compositor.__class__ = as_class
    try:
        return compositor._render_chops(crop, lines.__contains__)
    finally:
        compositor.__class__ = kind


@run_async
async def test_a_key_in_the_note_paints_the_cells_textual_would(tmp_path: Path) -> None:
    session_id = demo_home(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await the_workspace_drawn(pilot, session_id)
        assert isinstance(screen._compositor, TouchedOnly)
        note = screen.query_one(NoteArea)
        note.focus()
        await pilot.press("a", "b")
        await pilot.pause()
        across = Region(note.region.x - 4, note.region.y - 2, 8, 4)  # the programme's edge, the panel's
        for crop in (note.region, across):
            lines = set(range(crop.y, crop.bottom))
            ours = chops(screen._compositor, crop, lines, TouchedOnly)
            textual = chops(screen._compositor, crop, lines, Compositor)
            compared = 0
            for y in sorted(lines):
                for cut, strip in textual[y].items():
                    if crop.x <= cut < crop.right:
                        assert list(ours[y][cut]) == list(strip), (crop, y, cut)
                        compared += 1
            assert compared >= len(lines)


@run_async
async def test_a_key_in_the_note_renders_neither_the_panels_nor_the_keys_line(tmp_path: Path) -> None:
    session_id = demo_home(tmp_path)
    app = app_for(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await the_workspace_drawn(pilot, session_id)
        screen.query_one(NoteArea).focus()
        await pilot.pause()
        rendered: list[Widget] = []
        for widget in screen.walk_children(Widget):
            widget.render_lines = (lambda w, lines: lambda crop: rendered.append(w) or lines(crop))(
                widget, widget.render_lines)
        await pilot.press("a")
        await pilot.pause()
        names = {widget.id or type(widget).__name__ for widget in rendered}
        assert "note" in names
        assert not names & {"KeyFooter", "programme", "log-panel", "session-bar", "floor"}, names
