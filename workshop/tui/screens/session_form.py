"""The form that names a session, new or already recorded: its particulars and what the report's proceedings need.

The proceedings fields (body, meetings, moderator, institutes, documents) start from what the
Congress's documents say of the topic (`workshop_facts`, `default_documents`) and follow the topic
picked until the rapporteur changes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date as Date

from rich.segment import Segment
from rich.style import Style
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from workshop.catalogue import Topic, load_catalogue
from workshop.catalogue.congress import default_documents, workshop_facts
from workshop.proceedings import (
    BODIES,
    EXAMPLE,
    MeetingsError,
    assisting_institutes,
    institute_names,
    meetings_text,
    parse_meetings,
)
from workshop.records import DEFAULT_SPEAKING_LIMIT, Session
from workshop.store import NotebookError
from workshop.text import one_line
from workshop.tui.display import plain
from workshop.tui.screens.dialog import Dialog
from workshop.tui.widgets.choice import LazySelect
from workshop.tui.widgets.read_only import refuse_if_final

OTHER_BODY = "other:"  # the Select's value for a body typed as free text


@dataclass(frozen=True)
class SessionForm:
    """What the session form collected, checked: the fields of a Session."""

    topic: str
    meeting: str
    date: str
    venue: str
    chair: str
    rapporteur: str
    panellists: str
    speaking_limit: int  # seconds
    body: str = ""
    meetings: tuple[str, ...] = ()  # "NUMBER YYYY-MM-DD", in number order
    moderator: str = ""
    moderator_function: str = ""
    institutes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # empty: the catalogue's defaults for the topic

    def fields(self) -> dict[str, object]:
        """The Session fields to write, the topic excepted (a session keeps its topic)."""
        changes = asdict(self)
        del changes["topic"]
        return changes


@dataclass(frozen=True)
class Proceedings:
    """The proceedings fields as the form shows them, for one topic's defaults or one session."""

    body: str = ""
    meetings: tuple[str, ...] = ()
    institutes: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()

    @classmethod
    def defaults(cls, topic: str | None) -> Proceedings:
        """What the Congress's documents say of a topic; nothing for no topic."""
        if not topic:
            return cls()
        facts = workshop_facts(topic)
        if facts is None:
            return cls(documents=default_documents(topic))
        return cls(facts.body, facts.meetings, institute_names(facts.institutes), default_documents(topic))


def panellists_line(panellists: str) -> str:
    """The panellists on the form's one line: one a line (as a bundle or the demo brings them) becomes "; "."""
    return "; ".join(one_line(line) for line in panellists.splitlines() if line.strip())


class Field(Widget):
    """One row of the form: its label, drawn by the row itself in its left padding, then the field."""

    # A Label of its own in each row was fifteen more widgets to make, style, lay out and draw.
    DEFAULT_CSS = """
    Field { layout: horizontal; height: auto; padding-left: 17; color: $text-muted; }
    Field > * { width: 1fr; }
    """

    def __init__(self, label: str, widget: Widget, *, id: str | None = None) -> None:
        super().__init__(widget, id=id, classes="field")
        self.label = label[:16]

    def render_lines(self, crop: Region) -> list[Strip]:
        # Blank but for the label, the rest under the field: drawn here, not through Textual's
        # styles of each line: a fifth of what the form's widgets took to draw.
        style = self.rich_style
        lines = [Strip.blank(crop.width, Style(bgcolor=style.bgcolor))] * crop.height
        end = min(len(self.label), crop.right)
        if crop.y == 0 and crop.x < end and lines:
            label = Strip([Segment(self.label, style)]).crop(crop.x, end)
            lines[0] = Strip.join([label, lines[0].crop(end - crop.x)])
        return lines


class SessionScreen(Dialog[SessionForm | None]):
    """A session's particulars, new (`session` None) or to edit; Ctrl+S saves, Escape cancels."""

    # Rows of their own rather than the forms' Grid: a Grid's automatic height counts one line a
    # row, and the wrapped topic title, the institutes and the documents need several.
    DEFAULT_CSS = """
    SessionScreen #form { height: 100%; }
    SessionScreen #session-fields { height: 1fr; scrollbar-size-vertical: 1; }
    SessionScreen .field-hint { margin-left: 17; height: auto; }
    SessionScreen .section { text-style: bold; margin-top: 1; height: 1; }
    SessionScreen #documents { height: 7; }
    SessionScreen #institutes { text-wrap: nowrap; text-overflow: ellipsis; }
    SessionScreen .field.-hidden { display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save session", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP_TITLE = "Session"
    UNSAVED = "the session's details being typed"

    def __init__(self, topics: tuple[Topic, ...], today: Date, session: Session | None = None) -> None:
        super().__init__()
        self.topics = topics
        self.today = today
        self.session = session
        topic = session.topic if session else None
        self.shown = Proceedings.defaults(topic)  # the defaults the fields were last given
        if session is not None:
            self.start = Proceedings(session.body, session.meetings, session.institutes,
                                     session.documents or default_documents(session.topic))
        else:
            self.start = self.shown

    def compose(self) -> ComposeResult:
        session, start = self.session, self.start
        options = [(plain(f"{t.label}: {t.short_title}"), t.key) for t in self.topics]

        def given(name: str, default: str = "") -> str:
            return getattr(session, name) if session is not None else default

        def hint(text: str, **kwargs: str) -> Static:
            return Static(text, classes="hint field-hint", **kwargs)

        with Vertical(id="form", classes="form"):
            yield Static("New session" if session is None else "Session details", classes="form-title")
            with VerticalScroll(id="session-fields", can_focus=False):
                yield Field("Topic", LazySelect(
                    options, prompt="Pick the workshop or agenda item", id="topic", compact=True,
                    value=session.topic if session else Select.NULL, disabled=session is not None,
                    tooltip="A recorded session keeps its topic" if session else None))
                yield hint("", id="topic-title")
                yield Field("Meeting", Input(given("meeting", "1st meeting"), id="meeting", compact=True))
                yield Field("Date", Input(given("date", self.today.isoformat()), placeholder="YYYY-MM-DD",
                                          id="date", compact=True))
                yield Field("Venue", Input(given("venue"), id="venue", compact=True))
                yield Field("Chair", Input(given("chair"), id="chair", compact=True))
                yield Field("Rapporteur", Input(given("rapporteur"), id="rapporteur", compact=True))
                yield Field("Panellists", Input(panellists_line(given("panellists")), id="panellists",
                                                compact=True, placeholder="names, separated by semicolons"))
                limit = session.speaking_limit if session else DEFAULT_SPEAKING_LIMIT
                yield Field("Speaking time", Input(f"{limit / 60:g}", type="number", id="limit", compact=True,
                                                   tooltip="Minutes each speaker may take"))
                yield Static("For the report's proceedings", classes="section")
                yield Field("Body", LazySelect(
                    [(plain(b), b) for b in BODIES] + [("Other: type its name below", OTHER_BODY)],
                    prompt="Which body held it", id="body", compact=True, value=self._body_choice(start.body)))
                other = start.body if self._body_choice(start.body) == OTHER_BODY else ""
                yield Field("Its name", Input(other, placeholder="e.g. Committee of the Whole", id="body-other",
                                              compact=True), id="body-other-field")
                yield Field("Meetings", Input(meetings_text(start.meetings), placeholder=f"e.g. {EXAMPLE}",
                                              id="meetings", compact=True))
                yield hint("each NUMBER YYYY-MM-DD, separated by commas")
                yield Field("Moderator", Input(given("moderator"), placeholder="name, no honorific",
                                               id="moderator", compact=True))
                yield Field("Function", Input(given("moderator_function"), placeholder="the moderator's function",
                                              id="moderator-function", compact=True))
                yield Field("Institutes", SelectionList[str](*self._institute_options(start.institutes),
                                                             id="institutes", compact=True))
                yield hint("of the programme network that assisted · space ticks")
                yield Field("Documents", TextArea("\n".join(start.documents), id="documents", soft_wrap=True,
                                                  show_line_numbers=True, tab_behavior="focus", compact=True))
                yield hint("before it, one a line: Title (SYMBOL)")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Static(f"Ctrl+S {'creates' if session is None else 'saves'} · Escape cancels",
                             classes="hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Create" if session is None else "Save", id="save", variant="primary",
                             compact=True)

    @staticmethod
    def _body_choice(body: str) -> str | object:
        if not body:
            return Select.NULL
        return body if body in BODIES else OTHER_BODY

    @staticmethod
    def _institute_options(chosen: tuple[str, ...]) -> list[tuple[Content, str, bool]]:
        """The institutes, those chosen first and ticked (a name not built in too), then the others."""
        built_in = {d.name: d for d in assisting_institutes()}
        names = [*chosen, *(name for name in built_in if name not in chosen)]
        return [
            (Content(f"{built_in[name].short or '—'} · {name}" if name in built_in else name), name, name in chosen)
            for name in names
        ]

    def on_mount(self) -> None:
        self._show_body_other()
        self.query_one("#institutes", SelectionList).highlighted = 0  # space ticks from the first at once
        if self.session is None:
            self.set_focus(self.query_one("#topic", Select))
        else:
            self._show_title(self.session.topic)
            self.set_focus(self.query_one("#meeting", Input))

    @on(Select.Changed, "#topic")
    def _topic_changed(self, event: Select.Changed) -> None:
        topic = None if event.value is Select.NULL else str(event.value)
        self._show_title(topic)
        if self.session is None:
            self._follow_topic(Proceedings.defaults(topic))

    def _show_title(self, key: str | None) -> None:
        topic = next((t for t in self.topics if t.key == key), None)
        self.query_one("#topic-title", Static).update(plain(topic.title if topic else ""))

    def _follow_topic(self, defaults: Proceedings) -> None:
        """Give each proceedings field the new topic's default, unless the rapporteur changed it."""
        shown, current = self.shown, self._proceedings()
        if current.body == shown.body:
            self.query_one("#body", Select).value = self._body_choice(defaults.body)
            self.query_one("#body-other", Input).value = (
                defaults.body if self._body_choice(defaults.body) == OTHER_BODY else "")
        if current.meetings == shown.meetings:
            self.query_one("#meetings", Input).value = meetings_text(defaults.meetings)
        if current.institutes == shown.institutes:
            institutes = self.query_one("#institutes", SelectionList)
            institutes.clear_options()
            institutes.add_options(self._institute_options(defaults.institutes))
            institutes.highlighted = 0
        if current.documents == shown.documents:
            self.query_one("#documents", TextArea).text = "\n".join(defaults.documents)
        self.shown = defaults

    @on(Select.Changed, "#body")
    def _show_body_other(self) -> None:
        other = self.query_one("#body", Select).value == OTHER_BODY
        self.query_one("#body-other-field").set_class(not other, "-hidden")

    def _proceedings(self) -> Proceedings:
        """The proceedings fields as they stand (meetings as typed, unchecked)."""
        choice = self.query_one("#body", Select).value
        body = ("" if choice is Select.NULL else
                self.query_one("#body-other", Input).value.strip() if choice == OTHER_BODY else str(choice))
        try:
            meetings = parse_meetings(self.query_one("#meetings", Input).value)
        except MeetingsError:
            meetings = (self.query_one("#meetings", Input).value,)
        return Proceedings(body, meetings, self._institutes(), self._documents())

    def _institutes(self) -> tuple[str, ...]:
        """The ticked institutes: those given before in their order (a document's), then the list's."""
        selection = self.query_one("#institutes", SelectionList)
        ticked = set(selection.selected)
        listed = [selection.get_option_at_index(n).value for n in range(selection.option_count)]
        before = self.start.institutes if self.session is not None else self.shown.institutes
        return tuple(dict.fromkeys([*(n for n in before if n in ticked), *(n for n in listed if n in ticked)]))

    def _documents(self) -> tuple[str, ...]:
        text = self.query_one("#documents", TextArea).text
        return tuple(line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line)

    @on(Input.Blurred)
    def _show_start(self, event: Input.Blurred) -> None:
        # A long value left scrolled to its end would hide how it begins.
        event.input.cursor_position = 0

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
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
        try:
            meetings = parse_meetings(value("meetings"))
        except MeetingsError as problem:
            said = str(problem)
            error = error or f"{said[:1].upper()}{said[1:]}."
            meetings = ()
        proceedings = self._proceedings()
        if self.query_one("#body", Select).value == OTHER_BODY and not proceedings.body:
            error = error or "Type the name of the body that held the session, or pick one."
        self.query_one("#error", Static).update(Content(error))
        if error:
            return None
        documents = proceedings.documents
        if documents == default_documents(str(topic)):
            documents = ()  # the catalogue's list, kept as such so that a corrected catalogue shows
        return SessionForm(
            topic=str(topic), meeting=value("meeting"), date=date, venue=value("venue"),
            chair=value("chair"), rapporteur=value("rapporteur"), panellists=self._panellists(),
            speaking_limit=round(minutes * 60), body=proceedings.body, meetings=meetings,
            moderator=value("moderator"), moderator_function=value("moderator-function"),
            institutes=proceedings.institutes, documents=documents,
        )

    def _panellists(self) -> str:
        """The panellists as typed, or as they were when the one-line field leaves them unchanged."""
        typed = self.query_one("#panellists", Input).value.strip()
        if self.session is not None and typed == panellists_line(self.session.panellists):
            return self.session.panellists  # keep the line breaks a bundle or the demo brought
        return typed


def edit_session(screen: Screen, session_id: str, saved: Callable[[Session], object]) -> None:
    """Open the form on a recorded session (not a final one) and save what it returns."""
    app = screen.app
    session = app.notebook.get(Session, session_id)
    if session is None or refuse_if_final(screen, session_id):
        return

    def save(form: SessionForm | None) -> None:
        if form is None:
            return
        try:
            # Read again: the form may have stayed open while another screen changed the session.
            current = app.notebook.get(Session, session_id) or session
            updated = app.notebook.update(current, **form.fields())
        except NotebookError as error:
            screen.notify(str(error), severity="error", markup=False, timeout=15)
            return
        screen.notify("Session details saved.")
        saved(updated)

    app.push_screen(SessionScreen(load_catalogue().topics, app.clock.now().date(), session), save)
