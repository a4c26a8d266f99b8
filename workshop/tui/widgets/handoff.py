"""The QR hand-off after an export: the files written, the card, and its code drawn in the terminal.

The code is drawn with half blocks (two rows of modules per line of text), white on black
whatever the theme, so that a phone reads it the right way round. The code is the same whatever
the window's size: its quiet zone is two modules, so a card of up to 362 bytes (73 modules at
error correction M, the usual card counting every section) takes 77 columns and fits 80; the
panel scrolls when the window is smaller and says how tall it must be to scan the code whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from workshop.export.qr import qr_half_blocks
from workshop.tui.screens.dialog import Dialog

CHROME_ROWS = 4  # the panel's two borders, its title and its key line
TERMINAL_QUIET_ZONE = 2  # modules: white on black, phones read it; the SVG keeps the standard 4


def terminal_code(card: str) -> str:
    """The card's QR code in half blocks, the same at every window size."""
    return qr_half_blocks(card, border=TERMINAL_QUIET_ZONE)


class HandoffScreen(Dialog[None]):
    """Escape (or h) closes it; the arrows and Page keys scroll it."""

    DEFAULT_CSS = """
    HandoffScreen { align: center middle; }
    HandoffScreen > Vertical {
        width: 84; max-width: 100%; height: 100%; border: thick $primary; background: $surface;
    }
    HandoffScreen #handoff-title { height: 1; padding: 0 1; text-style: bold; }
    HandoffScreen VerticalScroll { height: 1fr; scrollbar-size-vertical: 1; overflow-x: auto; }
    HandoffScreen #handoff-paths, HandoffScreen #handoff-card, HandoffScreen .hint {
        padding: 0 1; height: auto;
    }
    HandoffScreen #handoff-paths { margin-bottom: 1; }
    HandoffScreen #handoff-card { margin-top: 1; }
    HandoffScreen #handoff-tall { color: $text-warning; padding: 0 1; height: auto; margin-bottom: 1; }
    HandoffScreen #handoff-qr {
        width: auto; height: auto; text-wrap: nowrap;
        color: #ffffff; background: #000000;
    }
    HandoffScreen #handoff-keys { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [Binding("escape,q,h", "dismiss", "Close")]
    HELP_TITLE = "Hand-off"

    def __init__(self, paths: Sequence[Path], card: str, *, heading: str = "Exported", code: str = "") -> None:
        super().__init__()
        self.paths = tuple(paths)
        self.card = card
        self.heading = heading
        self.code = code  # the card's code when already made (it takes a while: made off the screen's thread)

    def compose(self) -> ComposeResult:
        rows = self.app.size.height
        code = self.code or terminal_code(self.card)
        code_rows = code.count("\n") + 1
        with Vertical():
            yield Static(Content(self.heading), id="handoff-title")
            with VerticalScroll(id="handoff-scroll"):
                yield Static(Content("\n".join(str(p) for p in self.paths)), id="handoff-paths")
                needed = code_rows + CHROME_ROWS
                if needed > rows:
                    yield Static(
                        f"The code is {code_rows} lines tall and this window has {rows}: scroll to "
                        f"read it, or make the window at least {needed} lines tall (or zoom out) to "
                        "scan it whole. The .qr.svg file beside the summary scans too.",
                        id="handoff-tall", markup=False,
                    )
                yield Static(code, markup=False, id="handoff-qr")
                yield Static(self.card, markup=False, id="handoff-card")
            yield Static("↑↓ PgUp PgDn scroll · Esc closes", id="handoff-keys")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
