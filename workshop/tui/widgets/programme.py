"""The programme panel: the topic's questions with their state, and the current question in full."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from workshop.catalogue import Topic
from workshop.tui.display import letter

TOPIC_OPTION = "topic"
MARKS = {"pending": ("·", "$text-muted"), "current": ("▶", "bold $accent"),
         "discussed": ("✓", "$success"), "skipped": ("–", "$text-muted")}


@dataclass
class StatusChosen(Message):
    """The rapporteur set a question's status (current, discussed, skipped, pending)."""

    ref: str
    status: str


@dataclass
class TagToggled(Message):
    """The rapporteur tagged the note with a question, or untagged it."""

    ref: str


class TopicRequested(Message):
    """The rapporteur asked to read the topic's scope and objectives."""


class QuestionList(OptionList):
    """The questions, one line each; keys set the highlighted question's status."""

    HELP_TITLE = "Programme (when it has focus)"
    BINDINGS = [
        Binding("enter,space", "choose('current')", "Make current"),
        Binding("d", "choose('discussed')", "Discussed"),
        Binding("s", "choose('skipped')", "Skipped"),
        Binding("p", "choose('pending')", "Pending"),
        Binding("t", "tag", "Tag note"),
    ]

    @property
    def highlighted_ref(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and option.id != TOPIC_OPTION else None

    def action_choose(self, status: str) -> None:
        option = self.highlighted_option
        if option is not None and option.id == TOPIC_OPTION:
            self.post_message(TopicRequested())
        elif self.highlighted_ref:
            self.post_message(StatusChosen(self.highlighted_ref, status))

    def action_tag(self) -> None:
        if self.highlighted_ref:
            self.post_message(TagToggled(self.highlighted_ref))


def question_line(ref: str, text: str, status: str, tagged: bool) -> Content:
    """One question as a line of the list: state mark, letter, tag mark, text."""
    mark, style = MARKS.get(status, MARKS["pending"])
    text_style = "$text-muted" if status in ("discussed", "skipped") else ""
    return Content.assemble(
        (mark, style), " ", (f"{letter(ref):>2}", "bold"), " ",
        ("•" if tagged else " ", "bold $warning"), " ", (" ".join(text.split()), text_style),
    )


class ProgrammePanel(Vertical):
    """Questions for discussion and the current one in full."""

    DEFAULT_CSS = """
    ProgrammePanel QuestionList, ProgrammePanel QuestionList:focus {
        height: 1fr; border: none; padding: 0;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    ProgrammePanel #current-box {
        height: auto; max-height: 60%; border-top: solid $primary-darken-2;
        scrollbar-size-vertical: 1;
    }
    ProgrammePanel #current-box:focus { border-top: solid $accent; }
    ProgrammePanel #current-question { padding: 0 0 0 1; }
    """

    def __init__(self, topic: Topic, **kwargs) -> None:
        super().__init__(**kwargs)
        self.topic = topic
        self._drawn: dict[str, tuple[str, bool]] = {}  # each question's state and tag as drawn
        self._drawn_current: str | None = ""  # the question in the box ("": nothing drawn yet)

    def compose(self) -> ComposeResult:
        options: list[Option] = [
            Option(Content.styled(f"› {self.topic.label}: scope and objectives", "italic"),
                   id=TOPIC_OPTION),
        ]
        group = None
        for question in self.topic.questions:
            if question.group and question.group != group:
                group = question.group
                options.append(Option(Content.styled(group, "bold underline"), disabled=True))
            options.append(Option(question_line(question.ref, question.text, "pending", False),
                                  id=question.ref))
        yield QuestionList(*options, id="questions")
        with VerticalScroll(id="current-box"):  # focusable: Tab in, arrows scroll a long question
            yield Static(id="current-question")

    def show(self, states: dict[str, str], current: str | None, tagged: list[str]) -> None:
        """Draw every question's state and the current question's full text.

        Called after every floor and note key (F4, F5, Ctrl+Down): only the lines that changed
        are drawn again, as a new prompt makes the list measure and draw its lines again.
        """
        questions = self.query_one(QuestionList)
        for question in self.topic.questions:
            line = (states.get(question.ref, "pending"), question.ref in tagged)
            if self._drawn.get(question.ref) == line:
                continue
            self._drawn[question.ref] = line
            questions.replace_option_prompt(
                question.ref, question_line(question.ref, question.text, *line),
            )
        if current == self._drawn_current:
            return
        self._drawn_current = current
        box = self.query_one("#current-question", Static)
        question = self.topic.question(current) if current else None
        if question is None:
            box.update(Content.assemble(
                ("No current question. ", "bold"),
                "Ctrl+↓ takes the next one; Enter on a question makes it current.",
            ))
        else:
            heading = f"Question ({letter(question.ref)}) · current"
            if question.group:
                heading += f" · {question.group}"
            box.update(Content.assemble((heading, "bold $accent"), "\n", question.text))

    def highlight(self, ref: str) -> None:
        """Move the list's highlight to a question."""
        questions = self.query_one(QuestionList)
        try:
            questions.highlighted = questions.get_option_index(ref)
        except OptionDoesNotExist:
            return

    @property
    def highlighted_ref(self) -> str | None:
        return self.query_one(QuestionList).highlighted_ref

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        # Enter is bound to "make current" already; a mouse click selects too.
        event.stop()
        if event.option.id == TOPIC_OPTION:
            self.post_message(TopicRequested())
        elif event.option.id:
            self.post_message(StatusChosen(event.option.id, "current"))
