"""Editing a recorded intervention: its text and the questions it answers."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static, TextArea

from workshop.catalogue import Topic
from workshop.text import one_line
from workshop.tui.display import letter


@dataclass(frozen=True)
class InterventionEdit:
    """The edited text and question tags."""

    text: str
    question_refs: tuple[str, ...]


class InterventionScreen(ModalScreen[InterventionEdit | None]):
    """Ctrl+S saves, Escape cancels; space ticks a question in the list."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save intervention", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP_TITLE = "Intervention"

    def __init__(self, topic: Topic, heading: str, text: str, refs: tuple[str, ...]) -> None:
        super().__init__()
        self.topic = topic
        self.heading = heading
        self.text = text
        self.refs = refs

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(Content(self.heading), classes="form-title")
            yield TextArea(self.text, id="text", soft_wrap=True, tab_behavior="focus")
            yield Static("Questions it answers (space ticks):", classes="hint")
            yield SelectionList[str](
                *[(Content(f"({letter(q.ref)}) {one_line(q.text)}"), q.ref, q.ref in self.refs)
                  for q in self.topic.questions],
                id="refs",
            )
            with Horizontal(classes="buttons"):
                yield Static("Ctrl+S saves · Esc cancels", classes="hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#text", TextArea).focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        chosen = set(self.query_one("#refs", SelectionList).selected)
        refs = tuple(q.ref for q in self.topic.questions if q.ref in chosen)
        self.dismiss(InterventionEdit(self.query_one("#text", TextArea).text, refs))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
