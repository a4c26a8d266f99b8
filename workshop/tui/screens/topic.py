"""The topic's scope, objectives and questions in full, to read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from workshop.catalogue import Topic
from workshop.tui.display import letter
from workshop.tui.screens.dialog import Dialog


def topic_text(topic: Topic) -> Content:
    """Scope, objectives and questions as one readable page."""
    parts: list = [(f"{topic.label}: {topic.title}", "bold"), "\n\n", ("Scope", "bold $accent"),
                   "\n", topic.scope, "\n\n", ("Objectives", "bold $accent"), "\n"]
    for objective in topic.objectives:
        parts += [f"({objective.letter}) " if objective.letter else "", objective.text, "\n"]
    parts += ["\n", ("Questions for discussion", "bold $accent"), "\n"]
    group = None
    for question in topic.questions:
        if question.group and question.group != group:
            group = question.group
            parts += [(group, "bold underline"), "\n"]
        parts += [(f"({letter(question.ref)}) ", "bold"), question.text, "\n"]
    return Content.assemble(*parts)


class TopicScreen(Dialog[None]):
    """Escape closes it."""

    DEFAULT_CSS = """
    TopicScreen { align: center middle; }
    TopicScreen > Vertical {
        width: 100; max-width: 100%; height: 100%; border: thick $primary; background: $surface;
    }
    TopicScreen VerticalScroll { padding: 0 1; }
    """
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, topic: Topic) -> None:
        super().__init__()
        self.topic = topic

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll():
                yield Static(topic_text(self.topic))

    def on_mount(self) -> None:
        self.set_focus(self.query_one(VerticalScroll))
