"""The small form for a good practice, challenge, recommendation or lesson learned."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from workshop.catalogue import Topic
from workshop.records import EVIDENCE_LEVELS, FINDING_KINDS
from workshop.text import one_line
from workshop.tui.display import letter
from workshop.tui.meeting import FindingForm
from workshop.tui.screens.dialog import Dialog
from workshop.tui.widgets.choice import LazySelect


@dataclass(frozen=True)
class FindingStart:
    """What the form opens with: a new finding's kind and links, or an existing finding's fields."""

    kind: str
    question_ref: str = ""
    linked_to: str = ""  # e.g. "Brazil's intervention", shown, not edited
    title: str = ""
    text: str = ""
    jurisdiction: str = ""
    evidence: str = ""
    editing: bool = False


class FindingScreen(Dialog[FindingForm | None]):
    """Title first; Ctrl+S saves, Escape cancels. Evidence level shows for good practices only."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save finding", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP_TITLE = "Finding"
    UNSAVED = "the finding being typed"

    def __init__(self, topic: Topic, start: FindingStart) -> None:
        super().__init__()
        self.topic = topic
        self.start = start

    def compose(self) -> ComposeResult:
        start = self.start
        heading = ("Edit " if start.editing else "New ") + start.kind
        questions = [
            (Content(f"({letter(q.ref)}) {one_line(q.text)}"), q.ref) for q in self.topic.questions
        ]
        with Vertical(classes="form"):
            yield Static(heading, id="finding-heading", classes="form-title")
            if start.linked_to:
                yield Static(Content.assemble("Linked to ", start.linked_to), classes="hint")
            with Grid(classes="fields"):
                yield Label("Kind")
                yield LazySelect([(k, k) for k in FINDING_KINDS], value=start.kind, allow_blank=False,
                                 id="kind", compact=True)
                yield Label("Title")
                yield Input(start.title, placeholder="a few words that name it", id="title",
                            compact=True)
                yield Label("Text")
                yield TextArea(start.text, id="text", soft_wrap=True, tab_behavior="focus",
                               compact=True)
                yield Label("Jurisdiction")
                yield Input(start.jurisdiction, placeholder="country, region or organization",
                            id="jurisdiction", compact=True)
                yield Label("Evidence", id="evidence-label")
                yield LazySelect([(e, e) for e in EVIDENCE_LEVELS], prompt="not stated",
                                 value=start.evidence or Select.NULL, id="evidence", compact=True)
                yield Label("Question")
                yield LazySelect(questions, prompt="no question", value=start.question_ref or Select.NULL,
                                 id="question", compact=True)
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Static("Ctrl+S saves · Esc cancels", classes="hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._show_evidence(self.start.kind)
        self.set_focus(self.query_one("#title", Input))

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        kind = str(event.value)
        self._show_evidence(kind)
        self.query_one("#finding-heading", Static).update(
            ("Edit " if self.start.editing else "New ") + kind
        )

    def _show_evidence(self, kind: str) -> None:
        practice = kind == "good practice"
        self.query_one("#evidence").display = practice
        self.query_one("#evidence-label").display = practice

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        title = one_line(self.query_one("#title", Input).value)
        if not title:
            self.query_one("#error", Static).update("Give the finding a title.")
            self.query_one("#title", Input).focus()
            return
        evidence = self.query_one("#evidence", Select).value
        question = self.query_one("#question", Select).value
        self.dismiss(FindingForm(
            kind=str(self.query_one("#kind", Select).value),
            title=title,
            text=self.query_one("#text", TextArea).text.strip(),
            jurisdiction=one_line(self.query_one("#jurisdiction", Input).value),
            evidence="" if evidence is Select.NULL else str(evidence),
            question_ref="" if question is Select.NULL else str(question),
        ))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
