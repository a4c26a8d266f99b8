"""The form that names a new session: topic, meeting, date, venue, chair, rapporteur, panellists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from workshop.catalogue import Topic
from workshop.records import DEFAULT_SPEAKING_LIMIT
from workshop.tui.display import plain


@dataclass(frozen=True)
class SessionForm:
    """What the new-session form collected, checked."""

    topic: str
    meeting: str
    date: str
    venue: str
    chair: str
    rapporteur: str
    panellists: str
    speaking_limit: int  # seconds


class NewSessionScreen(ModalScreen[SessionForm | None]):
    """Collects a new session's particulars; Ctrl+S creates it, Escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "create", "Create session", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP_TITLE = "New session"

    def __init__(self, topics: tuple[Topic, ...], today: Date) -> None:
        super().__init__()
        self.topics = topics
        self.today = today

    def compose(self) -> ComposeResult:
        options = [(plain(f"{t.label}: {t.short_title}"), t.key) for t in self.topics]
        with Vertical(id="form", classes="form"):
            yield Static("New session", classes="form-title")
            with Grid(classes="fields"):
                yield Label("Topic")
                yield Select(options, prompt="Pick the workshop or agenda item", id="topic",
                             compact=True)
                yield Label("")
                yield Static("", id="topic-title", classes="hint")
                yield Label("Meeting")
                yield Input("1st meeting", id="meeting", compact=True)
                yield Label("Date")
                yield Input(self.today.isoformat(), placeholder="YYYY-MM-DD", id="date",
                            compact=True)
                yield Label("Venue")
                yield Input(id="venue", compact=True)
                yield Label("Chair/moderator")
                yield Input(id="chair", compact=True)
                yield Label("Rapporteur")
                yield Input(id="rapporteur", compact=True)
                yield Label("Panellists")
                yield Input(placeholder="names, separated by semicolons", id="panellists",
                            compact=True)
                yield Label("Speaking time")
                yield Input(str(DEFAULT_SPEAKING_LIMIT // 60), type="number", id="limit",
                            compact=True, tooltip="Minutes each speaker may take")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Static("Ctrl+S creates · Escape cancels", classes="hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Create", id="create", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#topic", Select).focus()

    @on(Select.Changed, "#topic")
    def show_title(self, event: Select.Changed) -> None:
        topic = next((t for t in self.topics if t.key == event.value), None)
        self.query_one("#topic-title", Static).update(plain(topic.title if topic else ""))

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#create")
    def action_create(self) -> None:
        form = self._read()
        if form is not None:
            self.dismiss(form)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _read(self) -> SessionForm | None:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        topic = self.query_one("#topic", Select).value
        error = ""
        if topic is Select.NULL:
            error = "Pick the workshop or agenda item this session covers."
        date = value("date")
        try:
            Date.fromisoformat(date)
        except ValueError:
            error = error or "The date must be written YYYY-MM-DD, for example 2015-04-13."
        try:
            minutes = float(value("limit") or DEFAULT_SPEAKING_LIMIT / 60)
            if not 0 < minutes <= 120:
                raise ValueError
        except ValueError:
            error = error or "Speaking time is a number of minutes, between 0 and 120."
            minutes = 0
        self.query_one("#error", Static).update(error)
        if error:
            return None
        return SessionForm(
            topic=str(topic), meeting=value("meeting"), date=date, venue=value("venue"),
            chair=value("chair"), rapporteur=value("rapporteur"), panellists=value("panellists"),
            speaking_limit=round(minutes * 60),
        )
