"""Every key of the screen the help was opened from, with what it does."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from workshop.tui.screens.dialog import Dialog


def key_rows(app, screen: Screen) -> list[tuple[str, str, str]]:
    """(keys, description, where) for the bindings this app declares on the app, screen and widgets."""
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(node, where: str) -> None:
        for cls in reversed(type(node).__mro__):
            if not cls.__module__.startswith("workshop.") or "BINDINGS" not in cls.__dict__:
                continue
            for binding in cls.__dict__["BINDINGS"]:
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                keys = " / ".join(
                    app.get_key_display(replace(binding, key=key.strip()))
                    for key in binding.key.split(",")
                )
                if (keys, where) not in seen:
                    seen.add((keys, where))
                    rows.append((keys, binding.tooltip or binding.description, where))

    add(screen, getattr(screen, "HELP_TITLE", "This screen"))
    for widget in screen.query("*"):
        title = getattr(widget, "HELP_TITLE", None)
        if title and type(widget).__module__.startswith("workshop."):
            add(widget, title)
    add(app, "Everywhere")
    rows.append(("tab / shift+tab", "Move between panels and fields", "Everywhere"))
    rows.append((app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")),
                 "Command palette: search the app's verbs", "Everywhere"))
    rows.append(("ctrl+q", "Quit (the note being typed is kept as a draft)", "Everywhere"))
    return rows


HELP_WIDTH = 90  # the dialog's width where the window allows
KEY_WIDTH = 22  # a longer list of keys wraps within its cell


class HelpScreen(Dialog[None]):
    """The list of keys. Escape, F1 or q closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90; max-width: 100%; height: 90%; border: thick $primary; background: $surface;
        padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; height: 1; }
    HelpScreen DataTable { height: 1fr; }
    HelpScreen #help-hint { height: 1; color: $text-muted; }
    """
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close help")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen
        self.filled_for = 0  # the window's width the rows were wrapped for

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Keys", id="help-title")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Static("Escape closes this list. Ctrl+P searches every verb by name.", id="help-hint")

    def on_mount(self) -> None:
        self._fill()
        self.set_focus(self.query_one(DataTable))

    def on_resize(self) -> None:
        # The screen's first Resize comes right after on_mount: the rows are already made for it.
        if self.app.size.width != self.filled_for:
            self._fill()

    def _fill(self) -> None:
        """The rows, each as tall as its description needs: nothing is cut at any width."""
        self.filled_for = self.app.size.width
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        rows = key_rows(self.app, self.for_screen)
        key_width = min(KEY_WIDTH, max(len(keys) for keys, _, _ in rows))
        # The dialog's inside, less the padding of the two cells and the scroll bar.
        inside = min(HELP_WIDTH, self.app.size.width) - 4
        text_width = max(20, inside - key_width - 4 * table.cell_padding - 2)
        table.add_column("Key", width=key_width)
        table.add_column("What it does", width=text_width)
        console = self.app.console

        def lines(text: Text, width: int) -> int:
            # The rows' heights given, not measured by the table: it would draw every cell to
            # count its lines, then draw the ones in view again.
            return 1 if text.cell_len <= width else len(text.wrap(console, width))

        section = None
        for keys, description, where in rows:
            if where != section:
                section = where
                title = Text(where, style="bold underline")
                table.add_row(title, Text(""), height=lines(title, key_width))
            key, text = Text(keys, style="bold"), Text(description)
            table.add_row(key, text, height=max(lines(key, key_width), lines(text, text_width)))
        table.move_cursor(row=row)
