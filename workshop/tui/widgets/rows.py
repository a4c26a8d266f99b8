"""What the app's long lists share: a ScrollView that draws its rows itself, only those in view,
moved through with the keys and the mouse as Textual's own lists are."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.scroll_view import ScrollView
from textual.style import Style as VisualStyle

MOVES = [
    Binding("down", "cursor(1)", "Down", show=False),
    Binding("up", "cursor(-1)", "Up", show=False),
    Binding("home", "first", "First", show=False),
    Binding("end", "last", "Last", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
]


class RowList(ScrollView, can_focus=True):
    """Rows with one highlighted and one under the mouse; a list says how many and redraws one."""

    # Textual's OptionList look, for lists that draw their rows themselves.
    DEFAULT_CSS = """
    RowList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .row-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .row-list--hover {
            background: $block-hover-background;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .row-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """
    COMPONENT_CLASSES = {"row-list--row", "row-list--highlighted", "row-list--hover"}

    _highlighted: int | None = None
    _hover_row: int | None = None

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def _refresh_row(self, row: int) -> None:
        """Draw one row again (it is in the list)."""
        raise NotImplementedError

    def _move_highlight(self, row: int) -> None:
        """Highlight another row (in the list), and draw what that changes."""
        raise NotImplementedError

    def _scroll_to_highlight(self) -> None:
        raise NotImplementedError

    def row_style(self, row: int | None) -> VisualStyle:
        """The look of a row: highlighted, under the mouse, or plain (None: below the last row)."""
        if row is not None and row == self._highlighted:
            return self.get_visual_style("row-list--row", "row-list--highlighted")
        if row is not None and row == self._hover_row:
            return self.get_visual_style("row-list--row", "row-list--hover")
        return self.get_visual_style("row-list--row")

    @property
    def highlighted(self) -> int | None:
        """The place in the list of the highlighted row (None when the list is empty)."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, row: int | None) -> None:
        if row is None or not self.row_count:
            return
        row = max(0, min(self.row_count - 1, row))
        if row != self._highlighted:
            self._move_highlight(row)
        self._scroll_to_highlight()

    def action_cursor(self, offset: int) -> None:
        """Move the highlight; past either end it comes round to the other, as in Textual's lists."""
        count = self.row_count
        if not count:
            return
        if self._highlighted is None:
            self.highlighted = 0 if offset > 0 else count - 1
        else:
            self.highlighted = (self._highlighted + offset) % count

    def action_first(self) -> None:
        if self.row_count:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.row_count:
            self.highlighted = self.row_count - 1

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(event.style.meta.get("row"))

    def _on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def _hover(self, row: int | None) -> None:
        """Show the mouse over another row: only it and the one it left are drawn again."""
        if row == self._hover_row:
            return
        left, self._hover_row = self._hover_row, row
        for each in (left, row):
            if each is not None and each != self._highlighted and each < self.row_count:
                self._refresh_row(each)
