"""The first screen: the notebook's sessions, to open, create or delete."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from workshop.catalogue import load_catalogue
from workshop.records import Session
from workshop.store import NotebookError
from workshop.tui.commands import Verb
from workshop.tui.display import one_line
from workshop.tui.widgets.footer import KeyFooter


def session_label(session: Session) -> str:
    """A session named for lists: topic key, meeting and date."""
    parts = [session.topic, session.meeting, session.date]
    return " · ".join(p for p in parts if p)


class HomeScreen(Screen[None]):
    """The sessions of the notebook."""

    BINDINGS = [
        Binding("f1", "app.help", "Help", tooltip="Every key of this screen"),
        Binding("n", "new_session", "New session"),
        Binding("o", "open_session", "Open", tooltip="Open the highlighted session (or Enter)"),
        Binding("e", "edit_session", "Edit", tooltip="The highlighted session's details: meetings, "
                "moderator, institutes, documents"),
        Binding("delete,d", "delete_session", "Delete"),
        Binding("u", "undo_delete", "Undo delete"),
        Binding("slash,ctrl+f", "open_review('search')", "Search", tooltip="Find what was said"),
        Binding("f11", "open_review('coverage')", "Coverage", show=False,
                tooltip="The questions of the highlighted session's topic, discussed or not"),
        Binding("f12", "open_review('statistics')", "Statistics", show=False,
                tooltip="Speakers, speaking time, meetings"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]
    HELP_TITLE = "Sessions"

    def __init__(self) -> None:
        super().__init__()
        self.deleted: list[Session] = []
        self._counts: dict[str, int] | None = None  # interventions per session, as last counted

    def compose(self) -> ComposeResult:
        yield Static("Sessions", id="home-title", classes="screen-title")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(
            "No sessions yet. Press n to name the first one: workshop, meeting, date, chair.",
            id="home-empty", classes="hint",
        )
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Topic", key="topic")
        table.add_column("Meeting", key="meeting")
        table.add_column("Date", key="date")
        table.add_column("Interv.", key="count")
        table.add_column("Status", key="status")
        # The rows are read as the screen is shown (on_screen_resume), which follows at once.

    def on_screen_resume(self) -> None:
        if self._counts is None:  # shown for the first time: counted now, for its first frame
            self._counts = self.app.notebook.intervention_counts()
            self.refresh_sessions()
            return
        # Back from a session or a dialog: the list is shown with the counts as they were, and
        # counted again in a thread (a tenth of a second at 100,000 interventions).
        self.refresh_sessions()
        self._recount()

    @work(thread=True, exclusive=True, group="session-counts")
    def _recount(self) -> None:
        """Count every session's interventions again, on a connection of this thread's own."""
        worker = get_current_worker()
        try:
            reader = self.app.notebook.reopen()  # sqlite3 connections do not cross threads
            try:
                counts = reader.intervention_counts()
            finally:
                reader.close()
        except NotebookError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_counts, counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
        """Put the counts just made in the rows whose count changed."""
        before, self._counts = self._counts or {}, counts
        table = self.query_one(DataTable)
        for row_key in table.rows:
            count = counts.get(row_key.value or "", 0)
            if count != before.get(row_key.value or "", 0):
                table.update_cell(row_key, "count", self._count_cell(count))

    @staticmethod
    def _count_cell(count: int) -> Text:
        return Text(str(count), justify="right")

    def refresh_sessions(self, select: str | None = None) -> None:
        """Read the sessions again; their counts are the last ones made (see on_screen_resume)."""
        table = self.query_one(DataTable)
        selected = select or self._selected_id()
        catalogue = load_catalogue()
        counts = self._counts if self._counts is not None else {}
        # Leave room for the other columns so that nothing is cut at 80 columns.
        topic_width = max(20, (self.size.width or 80) - 52)
        table.clear()
        for session in self.app.notebook.sessions():
            topic = catalogue.topic(session.topic)
            title = f"{session.topic} {topic.short_title}" if topic else session.topic
            table.add_row(
                Text(one_line(title, topic_width)), Text(one_line(session.meeting, 14)),
                Text(session.date),
                self._count_cell(counts.get(session.id, 0)), Text(session.status),
                key=session.id,
            )
        self.query_one("#home-empty").display = table.row_count == 0
        if selected and selected in {row.value for row in table.rows}:
            table.move_cursor(row=table.get_row_index(selected))
        table.focus()

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.open_session(event.row_key.value)

    def action_open_session(self) -> None:
        """Open the highlighted session."""
        session_id = self._selected_id()
        if session_id:
            self.app.open_session(session_id)

    def action_new_session(self) -> None:
        """Name a new session, then open it."""
        from workshop.tui.screens.session_form import SessionForm, SessionScreen

        def create(form: SessionForm | None) -> None:
            if form is None:
                return
            try:
                session = self.app.notebook.create_session(form.topic, **form.fields())
            except NotebookError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.refresh_sessions(select=session.id)
            self.app.open_session(session.id)

        topics = load_catalogue().topics
        self.app.push_screen(SessionScreen(topics, self.app.clock.now().date()), create)

    def action_edit_session(self) -> None:
        """Edit the highlighted session's details (not a final one)."""
        from workshop.tui.screens.session_form import edit_session

        session_id = self._selected_id()
        if session_id:
            edit_session(self, session_id, lambda session: self.refresh_sessions(select=session.id))

    def action_delete_session(self) -> None:
        """Delete the highlighted session, after asking (it can be undone)."""
        from workshop.tui.screens.confirm import ConfirmScreen

        session_id = self._selected_id()
        session = self.app.notebook.get(Session, session_id) if session_id else None
        if session is None:
            return

        def delete(yes: bool | None) -> None:
            if not yes:
                return
            self.deleted.append(self.app.notebook.delete(session))
            self.refresh_sessions()
            self.notify("Session deleted. Press u to bring it back.")

        self.app.push_screen(
            ConfirmScreen(f"Delete the session {session_label(session)}? You can undo this with u."),
            delete,
        )

    def action_undo_delete(self) -> None:
        """Bring back the last session deleted here."""
        if not self.deleted:
            self.notify("Nothing to undo.")
            return
        session = self.app.notebook.undelete(self.deleted.pop())
        self.refresh_sessions(select=session.id)
        self.notify("Session restored.")

    def action_open_review(self, name: str) -> None:
        """Open search, coverage or statistics; a search result opens its session."""
        from workshop.tui.tools import TOOLS

        tool = next(t for t in TOOLS if t.name == name)
        session_id = None if name == "search" else self._selected_id()
        self.app.push_screen(tool.screen(session_id), self._review_closed)

    def _review_closed(self, result: object) -> None:
        session_id = getattr(result, "session_id", None)
        if session_id:
            self.app.open_session(session_id)

    def verbs(self) -> Iterable[Verb]:
        yield Verb("New session", "Name a new session of a workshop or agenda item",
                   self.action_new_session)
        yield Verb("Edit the session's details", "e: meetings, moderator, institutes, documents",
                   self.action_edit_session)
        yield Verb("Search the notebook", "/ or Ctrl+F: what was said, in every session",
                   lambda: self.action_open_review("search"))
        yield Verb("Coverage of the questions", "F11: each question of a topic, discussed or not",
                   lambda: self.action_open_review("coverage"))
        yield Verb("Statistics", "F12: speakers by category, speaking time, meetings",
                   lambda: self.action_open_review("statistics"))
        for session in self.app.notebook.sessions():
            yield Verb(f"Open session {session_label(session)}", "Open its workspace",
                       lambda session_id=session.id: self.app.open_session(session_id))
