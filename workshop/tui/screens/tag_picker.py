"""Tagging the note: the topic's questions with the note's tags ticked, to tick or untick."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import SelectionList, Static

from workshop.catalogue import Topic
from workshop.text import one_line
from workshop.tui.display import letter
from workshop.tui.screens.dialog import Dialog


class TagPickerScreen(Dialog[tuple[str, ...] | None]):
    """Space ticks or unticks a question, Enter keeps the ticks, Escape leaves the tags as they were."""

    DEFAULT_CSS = """
    TagPickerScreen .form { width: 90; }
    TagPickerScreen SelectionList { height: auto; max-height: 16; }
    TagPickerScreen SelectionList, TagPickerScreen SelectionList:focus { border: none; }
    """
    BINDINGS = [
        Binding("enter,ctrl+s", "keep", "Tag the note", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP_TITLE = "Tag the note"

    def __init__(self, topic: Topic, tagged: list[str], speaker: str) -> None:
        super().__init__()
        self.topic = topic
        self.tagged = tagged
        self.speaker = speaker

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(Content.assemble("Questions the note answers · ", self.speaker),
                         classes="form-title")
            yield SelectionList[str](
                *[(Content(f"({letter(q.ref)}) {one_line(q.text)}"), q.ref, q.ref in self.tagged)
                  for q in self.topic.questions],
                id="tags",
            )
            yield Static("Space ticks · Enter tags the note · Esc leaves it as it was",
                         classes="hint")

    def on_mount(self) -> None:
        tags = self.query_one(SelectionList)
        first = next((i for i, q in enumerate(self.topic.questions) if q.ref in self.tagged), 0)
        tags.highlighted = first
        self.set_focus(tags)

    def action_keep(self) -> None:
        chosen = set(self.query_one(SelectionList).selected)
        self.dismiss(tuple(q.ref for q in self.topic.questions if q.ref in chosen))

    def action_cancel(self) -> None:
        self.dismiss(None)
