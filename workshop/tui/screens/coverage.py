"""Coverage: each question of a topic with what was recorded on it, and the questions nobody discussed."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Select, Static
from textual.worker import get_current_worker

from workshop.catalogue import load_catalogue
from workshop.records import Session
from workshop.review import TopicCoverage, duration
from workshop.store import NotebookError
from workshop.tui.display import letter, one_line
from workshop.tui.screens.scope import ReviewScreen, Scope, coverage_in_scope, scopes
from workshop.tui.widgets.choice import LazySelect
from workshop.tui.widgets.footer import KeyFooter

NUMBER_WIDTH = 6  # as wide as the widest heading of a number column
TIME_WIDTH = len("9:59:59")  # a question discussed for an hour or more across the sessions
STATUS_STYLES = {"discussed": "green", "current": "bold", "skipped": "dim", "pending": "dim"}


class CoverageScreen(ReviewScreen[None]):
    """Which questions of a topic were discussed, across all its sessions."""

    HELP_TITLE = "Coverage"
    AUTO_FOCUS = "#coverage-table"  # focused as the screen is made, not moved there once mounted
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("t", "focus_topic", "Topic", tooltip="Choose another topic"),
    ]

    def __init__(self, session_id: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.coverage: TopicCoverage | None = None
        self._drawn_width = 0  # the question column's width when the table was last filled
        self._mounted = False
        self._counted: TopicCoverage | None = None  # counted before the table was there to show it
        self.choices, self._first = self._choices()
        # Counted from the key on: SQLite counts in its thread while the screen is made and drawn.
        self._asked: str | None = self._first.key  # the topic last read, or being read
        self._load(self._first)

    def _choices(self) -> tuple[list[Scope], Scope]:
        """The topics offered, and the one shown first (the session's)."""
        notebook = self.app.notebook
        # A topic with no session yet can still be looked at: all its questions are undiscussed.
        choices = [s for s in scopes(notebook, self.session_id, whole=False) if s.topic]
        session = notebook.get(Session, self.session_id) if self.session_id else None
        catalogue = load_catalogue()
        taken = {s.topic for s in choices}
        choices = [Scope(c.key, f"{catalogue.topic(c.topic).label}: {catalogue.topic(c.topic).short_title}")
                   for c in choices if catalogue.topic(c.topic)]
        choices += [Scope(f"topic:{t.key}", f"{t.label}: {t.short_title} (no session yet)")
                    for t in catalogue.topics if t.key not in taken]
        return choices, next((c for c in choices if session and c.topic == session.topic), choices[0])

    def compose(self) -> ComposeResult:
        yield Static("Coverage of the questions", classes="screen-title")
        with Horizontal(classes="review-scope"):
            yield LazySelect([(c.label, c.key) for c in self.choices], value=self._first.key, allow_blank=False,
                         id="coverage-topic", compact=True)
        yield Static("", id="coverage-summary", classes="review-summary")
        yield DataTable(id="coverage-table", classes="review-table", cursor_type="row", zebra_stripes=True)
        # The table's column is too narrow for a question at 80 columns: the highlighted one in full.
        yield Static("", id="coverage-question", classes="review-question")
        yield Static("", id="coverage-undiscussed", classes="review-undiscussed")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._mounted = True
        if self._counted is not None:  # counted before the screen was made: shown in its first frame
            self._show(self._counted)
        else:
            self._add_columns(self.query_one(DataTable), self._question_width())

    def _question_width(self) -> int:
        return max(12, self.app.size.width - 63)  # what the other columns leave

    @staticmethod
    def _add_columns(table: DataTable, question_width: int) -> None:
        # Fixed widths: the table draws the same whether or not it has measured its rows yet.
        table.add_column("Q", key="ref", width=1)
        table.add_column("Question", key="text", width=question_width)
        for label, key in (("Interv", "interventions"), ("Find", "findings"), ("Points", "key_points"),
                           ("Spkrs", "speakers")):
            table.add_column(Text(label.rjust(NUMBER_WIDTH)), key=key, width=NUMBER_WIDTH)
        table.add_column(Text("Time".rjust(TIME_WIDTH)), key="time", width=TIME_WIDTH)
        table.add_column("Status", key="status", width=len("discussed ✎"))

    @on(Select.Changed, "#coverage-topic")
    def reload(self) -> None:
        """Read the chosen topic's sessions again."""
        key = self.query_one("#coverage-topic", Select).value
        if key == self._asked:  # the Select announces its first value once mounted
            return
        self._asked = key
        scope = next((c for c in self.choices if c.key == key), self.choices[0])
        self._load(scope)

    @work(thread=True, exclusive=True, group="coverage")
    def _load(self, scope: Scope) -> None:
        worker = get_current_worker()
        topic = load_catalogue().topic(scope.topic or "")
        if topic is None:
            return
        try:
            covered = coverage_in_scope(self.app.notebook, topic, scope)
        except NotebookError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, covered)

    def _show(self, covered: TopicCoverage) -> None:
        if not self._mounted:
            self._counted = covered
            return
        self._counted = None
        self.coverage = covered
        sessions = len(covered.session_ids)
        summary = [(f"{covered.discussed_count} of {len(covered.questions)} questions discussed", "bold"),
                   f" in {sessions} session{'s' if sessions != 1 else ''}"]
        if covered.untagged_interventions:
            untagged = covered.untagged_interventions
            summary.append(f" · {untagged} intervention{'s' if untagged != 1 else ''} on no question")
        self.query_one("#coverage-summary", Static).update(Content.assemble(*summary))

        table = self.query_one(DataTable)
        # New columns each time: cleared rows would otherwise leave widths sized for the old ones.
        width = self._drawn_width = self._question_width()
        table.clear(columns=True)
        self._add_columns(table, width)  # what the other columns leave
        for q in covered.questions:
            style = "" if q.discussed else "dim"
            number = lambda n: Text((str(n) if n else "·").rjust(NUMBER_WIDTH), style=style)  # noqa: E731
            table.add_row(
                Text(letter(q.question.ref), style="bold"),
                Text(one_line(q.question.text, width), style=style),
                number(q.interventions), number(q.findings), number(q.key_points), number(q.speakers),
                Text((duration(q.seconds) if q.seconds else "·").rjust(TIME_WIDTH), style=style),
                Text(q.status + (" ✎" if q.synthesis else ""), style=STATUS_STYLES.get(q.status, "")),
                key=q.question.ref,
            )
        undiscussed = covered.undiscussed
        if undiscussed:
            letters = ", ".join(f"({letter(q.ref)})" for q in undiscussed)
            them = "it" if len(undiscussed) == 1 else "them"
            text = f"Not discussed: {letters}. Nothing was recorded on {them}."
        else:
            text = "Every question was discussed."
        if any(q.synthesis for q in covered.questions):
            text += " ✎ marks a question with a synthesis."
        self.query_one("#coverage-undiscussed", Static).update(Content(text))

    @on(DataTable.RowHighlighted, "#coverage-table")
    def _show_question(self, event: DataTable.RowHighlighted) -> None:
        if self.coverage is None or event.row_key.value is None:
            return
        question = next((q.question for q in self.coverage.questions
                         if q.question.ref == event.row_key.value), None)
        if question is not None:
            self.query_one("#coverage-question", Static).update(Content.assemble(
                (f"({letter(question.ref)}) ", "bold"), " ".join(question.text.split())))

    def on_resize(self) -> None:
        if self.coverage is not None and self._question_width() != self._drawn_width:
            self._show(self.coverage)

    def action_close(self) -> None:
        """Back to where coverage was opened from."""
        self.dismiss(None)

    def action_focus_topic(self) -> None:
        """Go to the topic chooser."""
        self.query_one("#coverage-topic", Select).focus()
