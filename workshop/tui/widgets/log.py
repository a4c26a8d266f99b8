"""The log panel: what was recorded in this session, newest first, one table row each."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable

from workshop.tui.display import one_line

MORE = "more"  # the key of the last row when older entries are left out
# Rows put in the table at once: more than the log shows (12 rows tall, 21 at most in a small
# window's Ctrl+L). The rest of the window is put in when the log is scrolled or focused:
# a DataTable measures every cell of every row it is given, 1,000 cells for the 200 of a window.
FIRST_ROWS = 30


@dataclass(frozen=True)
class LogRow:
    """One recorded item as the log shows it; `key` is "intervention:<id>" or "finding:<id>"."""

    key: str
    time: str
    kind: str
    who: str
    questions: str
    text: str
    stamp: str = ""  # when it happened (ISO 8601): the log's order, newest first


class LogTime(Text):
    """The Time cell: the clock time shown, and the stamp the rows are ordered by."""

    def __init__(self, shown: str, stamp: str) -> None:
        super().__init__(shown)
        self.stamp = stamp


COLUMNS = ("time", "kind", "who", "questions", "text")


@dataclass
class EditRequested(Message):
    key: str


@dataclass
class DeleteRequested(Message):
    key: str


class UndoRequested(Message):
    """Bring back the last item deleted."""


class LogTable(DataTable):
    """The log's rows. DataTable draws only the visible lines, so long sessions stay fast."""

    HELP_TITLE = "Log (when it has focus)"
    BINDINGS = [
        Binding("enter,e", "edit", "Edit", tooltip="Open the entry to read or edit it"),
        Binding("delete,d", "delete", "Delete", tooltip="Delete the entry (u brings it back)"),
        Binding("u", "undo", "Undo", tooltip="Bring back the last entry deleted"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.later: list[tuple[str, tuple[Text, ...]]] = []  # the window's rows not put in yet

    def put_later_rows(self) -> None:
        """Put in the rows kept back (before the "N older" row): the log is being looked through."""
        if not self.later:
            return
        later, self.later = self.later, []
        more = self.get_row(MORE) if MORE in self.rows else None
        if more is not None:
            self.remove_row(MORE)
        for key, cells in later:
            self.add_row(*cells, key=key)
        if more is not None:
            self.add_row(*more, key=MORE)

    def measure_rows(self) -> None:
        """Measure the rows just put in now, as DataTable would when next idle.

        Measured then, after the layout that shows them, their height asks for a layout more
        (and the scrollbar for another): two frames on each opening of the workspace.
        """
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            rows, self._new_rows = self._new_rows, set()
            self._update_dimensions(rows)

    def watch_scroll_y(self, old: float, new: float) -> None:
        self.put_later_rows()  # wheel, scrollbar or keys: the rows below come into view
        super().watch_scroll_y(old, new)

    def _on_focus(self, event) -> None:
        self.put_later_rows()  # the cursor may go anywhere now
        super()._on_focus(event)

    def _key(self) -> str | None:
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def action_edit(self) -> None:
        if key := self._key():
            self.post_message(EditRequested(key))

    def action_delete(self) -> None:
        if (key := self._key()) and key != MORE:
            self.post_message(DeleteRequested(key))

    def action_undo(self) -> None:
        self.post_message(UndoRequested())


KIND_STYLES = {
    "intervention": "",
    "good practice": "bold green",
    "challenge": "bold yellow",
    "recommendation": "bold cyan",
    "lesson learned": "bold magenta",
}


class LogPanel(Vertical):
    """The session's interventions and findings, newest first."""

    DEFAULT_CSS = """
    LogPanel LogTable { height: 1fr; border: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._older = 0  # entries left out below the last row

    def compose(self) -> ComposeResult:
        # Its columns given before it is mounted: a workspace closed as it opens takes the table
        # down before the panel's own on_mount would have found it.
        table = LogTable(id="log", cursor_type="row", zebra_stripes=True)
        table.add_column("Time", key="time")
        table.add_column("Kind", key="kind")
        table.add_column("Who / title", key="who")
        table.add_column("Q", key="questions")
        table.add_column("Text", key="text")
        yield table

    @property
    def table(self) -> LogTable:
        return self.query_one(LogTable)

    def show(self, rows: list[LogRow], older: int = 0) -> None:
        """Replace the rows, keeping the cursor on the same item when it is still there.

        `older`: how many entries are left out; a last row says so and Enter on it shows more.
        Only the first FIRST_ROWS are put in the table unless it has the focus; the columns get
        the widths of all the rows all the same.
        """
        table = self.query_one(LogTable)
        kept = table._key()
        table.later = []
        table.clear()
        cells = [self._cells(row) for row in rows]
        for column, width in zip(table.ordered_columns, zip(*map(self._widths, cells))):
            column.content_width = max(column.content_width, *width)
        first = len(rows) if table.has_focus else FIRST_ROWS
        for row, row_cells in zip(rows[:first], cells):
            table.add_row(*row_cells, key=row.key)
        table.later = [(row.key, row_cells) for row, row_cells in zip(rows[first:], cells[first:])]
        self._older = 0
        self._show_older(older)
        table.measure_rows()
        if kept is not None and any(key == kept for key, _ in table.later):
            table.put_later_rows()
        if kept is not None and kept in table.rows:
            table.move_cursor(row=table.get_row_index(kept))

    def put(self, row: LogRow, window: int) -> None:
        """Show one new or changed entry in its place; the other rows stay as they are drawn.

        `window`: how many entries the log shows at most; the oldest one shown makes way.
        Saving an intervention (F4, F5) adds one row: reading and drawing the whole window
        again held the app up for a third of a second and more.
        """
        table = self.query_one(LogTable)
        cells = self._cells(row)
        if table.later and (any(key == row.key for key, _ in table.later)
                            or row.stamp < table.get_row_at(table.row_count - 1 - (MORE in table.rows))[0].stamp):
            table.put_later_rows()  # its place is among the rows kept back
        if row.key in table.rows:  # saved again (Ctrl+S, then F5): same place, new text
            for column, cell in zip(COLUMNS, cells):
                table.update_cell(row.key, column, cell, update_width=True)
            return
        kept = table._key()
        table.add_row(*cells, key=row.key)
        table.sort("time", key=attrgetter("stamp"), reverse=True)  # the "more" row stays last
        entries = table.row_count - (MORE in table.rows)
        later = table.later  # the oldest of the window: they make way first
        left_out = max(0, min(len(later), entries + len(later) - window))
        del later[len(later) - left_out:]
        for oldest in table.ordered_rows[window:entries]:
            table.remove_row(oldest.key)
            left_out += 1
        self._show_older(self._older + left_out)
        if kept is not None and kept in table.rows:
            table.move_cursor(row=table.get_row_index(kept))

    @staticmethod
    def _widths(cells: tuple[Text, ...]) -> tuple[int, ...]:
        """Each cell's width as the table measures it (one line each)."""
        return tuple(cell_len(cell.plain) for cell in cells)

    @staticmethod
    def _cells(row: LogRow) -> tuple[Text, ...]:
        return (
            LogTime(row.time, row.stamp), Text(row.kind, style=KIND_STYLES.get(row.kind, "")),
            Text(one_line(row.who, 24)), Text(row.questions), Text(one_line(row.text, 50)),
        )

    def _show_older(self, older: int) -> None:
        """The last row, "N older", when entries are left out (Enter on it shows more)."""
        table = self.query_one(LogTable)
        if older == self._older and (older == 0) == (MORE not in table.rows):
            return
        self._older = older
        count = Text(f"{older} older", style="dim")
        if MORE in table.rows:
            table.update_cell(MORE, "who", count, update_width=True)
        elif older > 0:
            table.add_row(LogTime("", ""), Text("…", style="dim"), count, Text(""),
                          Text("Enter shows more", style="dim italic"), key=MORE)

    def go_to_newest(self) -> None:
        """The cursor on the newest entry, scrolled into view: what was just saved is seen first."""
        table = self.query_one(LogTable)
        if table.row_count:
            table.move_cursor(row=0, column=0, animate=False)
        table.scroll_home(animate=False)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(EditRequested(event.row_key.value))
