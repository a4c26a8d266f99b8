"""The workspace of one session: programme, floor, note, findings and log, all from the keyboard.

The screen draws the `Meeting` state and turns keys and widget messages into calls on it.
Function keys and Ctrl keys are bound with priority so they work while a note is being typed.
"""

from __future__ import annotations

from asyncio import Event, gather
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static, TextArea
from textual.worker import WorkerCancelled, WorkerFailed

from workshop.records import FINDING_KINDS, Finding, Intervention
from workshop.store import Notebook, NotebookError
from workshop.tui.clock import clock_time
from workshop.tui.commands import Verb
from workshop.tui.compositor import TouchedOnly
from workshop.tui.display import letter, one_line, speaker_name
from workshop.tui.meeting import DraftNote, Meeting, MeetingError, SpeakerChoice
from workshop.tui.tools import TOOLS, session_and_topic
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.notes import NoteArea, NotesPanel
from workshop.tui.widgets.read_only import FINAL_MESSAGE, recording, session_is_final

if TYPE_CHECKING:
    from workshop.tui.widgets.floor import (
        FloorPanel, FloorRequested, MoveRequested, RemoveRequested, RestoreRequested,
    )
    from workshop.tui.widgets.log import DeleteRequested, EditRequested, LogPanel, LogRow
    from workshop.tui.widgets.programme import ProgrammePanel, StatusChosen, TagToggled

# The programme, floor and log panels (and their messages) are imported when they are mounted,
# just after the first frame; their messages come to the on_* methods named after them.

# What the log's Kind column says of an intervention: short, so the text keeps its room at 80x24.
LOG_KINDS = {"statement": "intervention", "introductory statement": "introduction"}
LOG_WINDOW = 200  # log rows drawn at first; Enter on the last row shows as many more
# What the log shows: the newest interventions, how many the session has, its findings.
LogRead = tuple[list[Intervention], int, list[Finding]]

FINDING_KEYS = {"good practice": "f7", "challenge": "f8", "recommendation": "f9",
                "lesson learned": "f10"}
FINDING_LABELS = {"good practice": "Practice", "challenge": "Challenge",
                  "recommendation": "Recommend", "lesson learned": "Lesson"}


class WorkspaceScreen(Screen[None]):
    """Recording one session."""

    # Its CSS, workspace.tcss, is in the app's CSS_PATH.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    HELP_TITLE = "Workspace"
    BINDINGS = [
        Binding("f1", "app.help", "Help", tooltip="Every key of the workspace"),
        Binding("f2", "add_speaker", "Speaker", tooltip="Add a speaker to the list", priority=True),
        Binding("f3", "point_of_order", "Point of order", show=False, priority=True,
                tooltip="Point of order: the speaker goes to the top of the list"),
        Binding("f4", "give_floor", "Floor", tooltip="Give the floor to the next speaker",
                priority=True),
        Binding("f5", "end_turn", "End", tooltip="End the intervention and save the note",
                priority=True),
        *[Binding(key, f"finding('{kind}')", FINDING_LABELS[kind], tooltip=f"Add a {kind}",
                  show=kind == "good practice", priority=True)
          for kind, key in FINDING_KEYS.items()],
        Binding("ctrl+s", "save_note", "Save", priority=True,
                tooltip="Save the note as an intervention now; with the floor free, say whose "
                        "introductory statement or presentation it was"),
        Binding("ctrl+down", "step_question(1)", "Next Q", key_display="^↓", priority=True,
                tooltip="Next question: the current one is marked discussed; the note being "
                        "typed follows to it unless its tags were chosen by hand (Ctrl+T)"),
        Binding("ctrl+up", "step_question(-1)", "Previous Q", key_display="^↑",
                tooltip="Previous question becomes current again", show=False, priority=True),
        Binding("ctrl+t", "tag", "Tag", show=False, priority=True,
                tooltip="Choose the questions the note answers, from a list with its tags ticked"),
        Binding("ctrl+g", "guide", "Guide", show=False, priority=True,
                tooltip="Read the guide at the current question, over the programme"),
        Binding("ctrl+l", "toggle_log", "Log", show=False, priority=True,
                tooltip="Show the log on its newest entry and go to it (again: back to the note)"),
        Binding("escape", "focus_note", "Note", show=False, tooltip="Back to typing the note"),
        Binding("ctrl+o", "sessions", "Sessions", show=False, priority=True,
                tooltip="Back to the list of sessions (the note is kept as a draft)"),
        Binding("ctrl+r", "edit_session", "Details", show=False, priority=True,
                tooltip="The session's details: meetings, moderator, institutes, documents"),
        *[Binding(tool.key, f"open_tool('{tool.name}')", tool.description, tooltip=tool.help,
                  show=tool.show, priority=True)
          for tool in TOOLS],
    ]

    def __init__(self, session_id: str, *, first: bool = False) -> None:
        # The size class Textual gives on the first resize, given now: added later, it would
        # have every widget of the first frame styled a second time.
        height = self.app.size.height
        super().__init__(classes=next(name for low, name in reversed(self.VERTICAL_BREAKPOINTS)
                                      if height >= low))
        self._compositor = TouchedOnly()  # a key in the note repaints the note, not every panel
        self.session_id = session_id
        self._first = first  # the app's first screen: its first frame is start-up's end
        self._shown = False  # shown once (on_screen_resume)
        self._dirty = False  # the note changed since it was last saved (draft or intervention)
        self._saved_text = ""
        self._log_window = LOG_WINDOW
        self._panels_ready = False  # the programme, floor and log come just after the first frame
        self._log_changed = False  # an entry saved or deleted before the log was filled
        self._when_filled: list[Callable[[], object]] = []  # keys pressed before that, kept
        # Clear while such a key is kept: the keys typed after it wait behind it (keys.shown).
        self.read_shown = Event()
        self.read_shown.set()
        self._programme: ProgrammePanel
        self._floor: FloorPanel
        self._log: LogPanel

    # --- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.app
        session, topic = session_and_topic(app.notebook, self.session_id)
        self.meeting = Meeting(app.notebook, session, topic, app.clock)
        self._restored_note = self.meeting.load()
        # The first frame is the session bar, the note and the footer, in the panels' empty
        # frames: the programme, floor and log are mounted into them just after it (_fill_panels),
        # so that the note can be typed in at once and start-up stays close to a bare app's.
        yield Static(self._session_line(session.status == "final"), id="session-bar")
        with Horizontal(id="panes"):
            yield Vertical(id="programme")
            with Vertical(id="right"):
                yield Vertical(id="floor")
                yield NotesPanel(id="notes")
        yield Vertical(id="log-panel")
        # Compact: the important keys fit in 80 columns. At start-up its keys come with the
        # panels, as Textual's own footer's do: the first frame is there 15 ms sooner.
        yield KeyFooter(compact=True, after_first_frame=self._first)

    def _session_line(self, final: bool) -> Content:
        session, topic = self.meeting.session, self.meeting.topic
        parts: list = [(f"{topic.label}: {topic.short_title}", "bold")]
        for value in (session.meeting, session.date, session.venue):
            if value:
                parts += [" · ", value]
        if session.chair:
            parts += [" · Chair: ", session.chair]
        if final:
            parts += [" · ", ("final: read-only (F6, then F8 reopens)", "bold $text-warning")]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.query_one("#programme").border_title = "Programme"
        self.query_one("#floor").border_title = "Floor"
        self.query_one("#notes").border_title = "Note"
        self.query_one("#log-panel").border_title = "Log · newest first"
        notes = self.query_one(NotesPanel)
        notes.set_text(self._restored_note)
        self._saved_text = self._restored_note
        if self.meeting.restored_from == "intervention":
            notes.show_status("Note put back as last saved: it goes on from there.")
        elif self._restored_note:
            notes.show_status("Note put back from its draft.")
        self._show_note_about()
        self.set_interval(self.app.settings.draft_seconds, self._draft_tick)
        # The session compose has just read says whether it is final: no second read here.
        self._show_final(self.meeting.session.status == "final")
        self.query_one(NoteArea).focus()
        if self._first:  # after start-up's first frame (on_screen_resume for the others)
            self.call_after_refresh(self._fill_panels)

    async def _fill_panels(self) -> None:
        """Mount the programme, floor and log into their frames, then draw them."""
        try:
            await self._mount_panels()
        finally:
            self.read_shown.set()

    async def _mount_panels(self) -> None:
        from workshop.tui.widgets.floor import FloorPanel
        from workshop.tui.widgets.log import LogPanel
        from workshop.tui.widgets.programme import ProgrammePanel

        frames = [self.query_one(f"#{name}") for name in ("programme", "floor", "log-panel")]
        if not all(frame.is_attached for frame in frames):
            return  # the screen went away first (the app quit at once)
        # The log's rows are read in a thread, on a connection of its own, while the panels are
        # mounted: finding a session's newest interventions is a sort of all of them.
        self._log_changed = False
        reading = self.run_worker(
            partial(self._read_log, self.app.notebook, self._log_window), thread=True,
            group="workspace-log", name="log", exit_on_error=False,
        )
        self._programme = ProgrammePanel(self.meeting.topic)
        self._floor = FloorPanel()
        self._log = LogPanel()
        await gather(
            frames[0].mount(self._programme), frames[1].mount(self._floor),
            frames[2].mount(self._log),
        )
        try:
            read: LogRead | None = await reading.wait()
        except (WorkerCancelled, WorkerFailed):
            read = None  # read again below, on this thread, where a problem shows as it did
        if not self._log.is_attached or self._pruning:
            return  # closing while they were mounted (Textual takes the widgets down first)
        if self._log_changed:  # saved or deleted meanwhile: what the thread read may predate it
            read = None
        self._panels_ready = True
        self._show_programme()
        if self.meeting.current_ref:  # once laid out, so the list scrolls the same way each time
            self.call_after_refresh(self._programme.highlight, self.meeting.current_ref)
        self._show_floor()
        self._show_log(read)
        self.set_interval(1.0, self._show_timer)
        for callback in self._when_filled:
            callback()
        self._when_filled.clear()

    def _wait_for_panels(self, callback: Callable[[], object]) -> bool:
        """True (and `callback` kept for later) when the panels are not mounted yet."""
        if self._panels_ready:
            return False
        self._when_filled.append(callback)
        self.read_shown.clear()
        return True

    def _reset_focus(self, widget: Widget, avoiding: list[Widget] | None = None) -> None:
        # Textual moves the focus off a widget being removed, and restyles the panel it leaves
        # (its border follows :focus-within) and the widgets in it. When the whole workspace goes
        # (Ctrl+Q, Ctrl+O, another session) there is nowhere to move it and nothing to restyle.
        if avoiding is not None and self in avoiding:
            self.focused = None
            return
        super()._reset_focus(widget, avoiding)

    def on_screen_resume(self) -> None:
        if not self._shown:  # its first showing: on_mount has shown what compose read
            self._shown = True
            if not self._first:
                # Textual has just laid out and drawn the first frame: the panels need not wait
                # for the layouts that follow it (each widget's size known), two frames later.
                self.call_later(self._fill_panels)
            return
        # Read again: the synthesis screen may have marked the session final or reopened it.
        self._show_final(session_is_final(self.app.notebook, self.session_id))

    def _show_final(self, final: bool) -> None:
        """A final session is read-only: the bar says so and the note takes no typing."""
        note = self.query_one(NoteArea)
        if final == note.read_only:
            return
        self.query_one("#session-bar", Static).update(self._session_line(final))
        note.read_only = final
        self._status(FINAL_MESSAGE if final else "The session is open again.")

    # --- drawing -------------------------------------------------------------------------------

    def _show_programme(self) -> None:
        if not self._panels_ready:  # drawn by _fill_panels
            return
        self._programme.show(
            self.meeting.states, self.meeting.current_ref, self.meeting.refs
        )

    def _show_timer(self) -> None:
        turn = self.meeting.turn
        self._floor.show_timer(
            speaker_name(turn.speaker) if turn else None, self.meeting.elapsed(),
            self.meeting.session.speaking_limit,
        )

    def _show_floor(self) -> None:
        if not self._panels_ready:  # drawn by _fill_panels
            return
        self._show_timer()
        from workshop.tui.widgets.floor import Waiting

        speakers = self.meeting.speakers
        self._floor.show_queue([
            Waiting(e.id, speaker_name(speakers.get(e.speaker_id)), e.kind)
            for e in self.meeting.waiting
        ])

    def _show_note_about(self) -> None:
        turn = self.meeting.turn
        self.query_one(NotesPanel).show_about(
            speaker_name(turn.speaker) if turn else None, self.meeting.refs,
            self.meeting.note_kind,
        )

    def _local_time(self, stamp: str) -> str:
        return clock_time(stamp, self.app.clock.now().tzinfo)

    def _read_log(self, notebook: Notebook, window: int) -> LogRead:
        """What the log shows, read in a worker thread on a connection of its own."""
        reader = notebook.reopen()  # sqlite3 connections do not cross threads
        try:
            interventions, total = self.meeting.read_recent(reader, window)
            return interventions, total, self.meeting.findings(reader)
        finally:
            reader.close()

    def _show_log(self, read: LogRead | None = None) -> None:
        """The newest entries, a window of them: long sessions stay fast (Enter on "more" widens it).

        `read`: what `_read_log` read; without it the log is read here.
        """
        if not self._panels_ready:  # drawn by _fill_panels
            self._log_changed = True
            return
        zone = self.app.clock.now().tzinfo  # once, not for each of the rows
        if read is None:
            interventions, total = self.meeting.recent(self._log_window)
            findings = self.meeting.findings()
        else:
            interventions, total, findings = read
            self.meeting.heard(interventions)
        entries = [self._log_row(record, zone) for record in (*interventions, *findings)]
        entries.sort(key=lambda row: row.stamp, reverse=True)
        shown = entries[: self._log_window]
        self._log.show(shown, older=total + len(findings) - len(shown))

    def _show_in_log(self, record: Intervention | Finding) -> None:
        """One entry just saved, put in its place in the log; the rows already drawn stay."""
        if not self._panels_ready:  # the whole log is drawn by _fill_panels
            self._log_changed = True
            return
        self._log.put(self._log_row(record, self.app.clock.now().tzinfo), self._log_window)

    def _log_row(self, record: Intervention | Finding, zone) -> LogRow:
        from workshop.tui.widgets.log import LogRow

        if isinstance(record, Intervention):
            when = record.started_at or record.created_at
            return LogRow(
                f"intervention:{record.id}", clock_time(when, zone),
                LOG_KINDS.get(record.kind, record.kind),
                speaker_name(self.meeting.speakers.get(record.speaker_id)),
                ",".join(letter(r) for r in record.question_refs), record.text, stamp=when,
            )
        return LogRow(
            f"finding:{record.id}", clock_time(record.created_at, zone), record.kind,
            record.title, letter(record.question_ref) if record.question_ref else "",
            record.text, stamp=record.created_at,
        )

    def _status(self, text: str) -> None:
        self.query_one(NotesPanel).show_status(text)

    def _now(self) -> str:
        return self.app.clock.now().strftime("%H:%M:%S")

    @contextmanager
    def _reporting(self) -> Iterator[None]:
        """Show a refused request or a notebook problem as a one-line message, never a crash."""
        try:
            yield
        except MeetingError as error:
            self.notify(str(error), severity="warning", markup=False)
        except NotebookError as error:
            if self.app.notebook_replaced():
                return  # the note is kept in a file; the app says why it stops
            self.notify(str(error), severity="error", markup=False, timeout=15)

    # --- the note and its draft ----------------------------------------------------------------

    @on(TextArea.Changed, "#note")
    def _note_changed(self, event: TextArea.Changed) -> None:
        # The typing path: only a flag. The draft is written later, by a worker thread.
        event.stop()  # the app has no use for it
        self._dirty = True

    def _draft_tick(self) -> None:
        if self.app.notebook_replaced():
            return
        if not self._dirty:
            return
        text = self.query_one(NotesPanel).text
        self._dirty = False
        if text == self._saved_text and not self.meeting.turn:
            return
        self.app.drafts.submit(self.meeting, self.meeting.draft_note(text), self._draft_saved)

    def _draft_saved(self, draft: DraftNote, saved: bool, problem: str | None) -> None:
        if problem:
            if self.app.notebook_replaced():
                return
            self._dirty = True  # try again at the next tick
            self.notify(f"The draft could not be saved: {problem}", severity="error",
                        markup=False)
        elif saved and self.is_attached:
            self._saved_text = draft.text
            self._status(f"Draft saved {self._now()}")

    def flush_draft(self) -> None:
        """Save the draft now, on this thread (leaving the screen, quitting the app)."""
        if self.app.notebook_replaced():
            return
        text = self.query_one(NotesPanel).text
        if self._dirty or text != self._saved_text:
            with self._reporting():
                self.meeting.write_draft(self.meeting.draft_note(text), self.meeting.notebook)
                self._dirty = False
                self._saved_text = text

    def kept_note(self) -> tuple[list[str], str] | None:
        """The note being typed with what it belongs to, for a file of its own; None when empty."""
        text = self.query_one(NotesPanel).text
        if not text.strip():
            return None
        turn, session = self.meeting.turn, self.meeting.session
        return [
            f"Session: {self.meeting.topic.label} · {session.meeting} · {session.date}",
            f"Speaker: {speaker_name(turn.speaker) if turn else 'none'}",
            f"Questions: {', '.join(self.meeting.refs) or 'none'}",
        ], text

    def _committed(self, intervention: Intervention, *, clear: bool) -> None:
        """After an intervention was committed: status line, log, and a fresh note if the turn ended."""
        name = speaker_name(self.meeting.speakers.get(intervention.speaker_id))
        if clear:
            self.query_one(NotesPanel).set_text("")
            self._saved_text = ""
            self._dirty = False
        else:
            self._saved_text = self.query_one(NotesPanel).text
        self._status(f"Saved {self._now()} · {name}'s intervention")
        self._show_in_log(intervention)

    # --- floor actions -------------------------------------------------------------------------

    @recording
    def action_add_speaker(self, kind: str = "statement") -> None:
        """Add a speaker to the list (a point of order goes to the top)."""
        from workshop.tui.screens.speaker_form import SpeakerScreen

        def add(choice: SpeakerChoice | None) -> None:
            if choice is None:
                return
            with self._reporting():
                self.meeting.add_to_queue(choice)
                self._show_floor()

        speakers = [s for s in self.meeting.speakers.values() if not s.deleted]
        speakers.sort(key=lambda s: s.name.casefold())
        self.app.push_screen(SpeakerScreen(speakers, kind), add)

    def action_point_of_order(self) -> None:
        """A point of order: the speaker goes to the top of the list."""
        self.action_add_speaker("point of order")

    @recording
    def action_give_floor(self, entry_id: str | None = None) -> None:
        """End the current intervention (saving it) and give the floor to the next speaker."""
        with self._reporting():
            committed = self.meeting.give_floor(self.query_one(NotesPanel).text, entry_id)
            if committed is not None:
                self._committed(committed, clear=True)
            self._show_floor()
            self._show_note_about()
            self._show_programme()
            self._dirty = True  # the new speaker's (empty or kept) note gets its own draft
            self.query_one(NoteArea).focus()

    @recording
    def action_end_turn(self) -> None:
        """The speaker has finished: save the intervention and free the floor."""
        with self._reporting():
            committed = self.meeting.end_turn(self.query_one(NotesPanel).text)
            self._committed(committed, clear=True)
            self._show_floor()
            self._show_note_about()
            self._show_programme()

    @recording
    def action_save_note(self) -> None:
        """Save the note now as the current speaker's intervention (nobody on the floor: ask whose)."""
        if self.meeting.turn is None:
            self._save_without_floor()
            return
        with self._reporting():
            committed = self.meeting.save_note(self.query_one(NotesPanel).text)
            self._committed(committed, clear=False)

    def _save_without_floor(self) -> None:
        """An introductory statement or a presentation: the rapporteur says which, and whose."""
        from workshop.tui.screens.statement_form import StatementScreen, statement_choices

        meeting = self.meeting
        if not self.query_one(NotesPanel).text.strip():
            self.notify("Nobody has the floor and the note is empty: F4 gives the floor, or type "
                        "an introductory statement or presentation and press Ctrl+S.",
                        severity="warning")
            return

        def save(picked) -> None:
            if picked is None:
                return
            with self._reporting():
                kind, choice = picked
                committed = meeting.save_without_floor(self.query_one(NotesPanel).text, kind,
                                                       choice)
                self._committed(committed, clear=True)
                self._show_note_about()
                self._show_programme()

        choices = statement_choices(meeting.session, list(meeting.speakers.values()))
        self.app.push_screen(StatementScreen(choices), save)

    def on_floor_requested(self, message: FloorRequested) -> None:
        self.action_give_floor(message.entry_id)

    @recording
    def on_move_requested(self, message: MoveRequested) -> None:
        with self._reporting():
            self.meeting.move(message.entry_id, message.offset)
            self._show_floor()

    @recording
    def on_remove_requested(self, message: RemoveRequested) -> None:
        with self._reporting():
            if self.meeting.remove(message.entry_id):
                self._show_floor()
                self.notify("Removed from the list of speakers. u in the list puts them back.")

    @recording
    def on_restore_requested(self, message: RestoreRequested) -> None:
        with self._reporting():
            entry = self.meeting.restore_removed()
            if entry is None:
                self.notify("Nobody was taken off the list.")
                return
            self._show_floor()
            self._floor.highlight(entry.id)
            name = speaker_name(self.meeting.speakers.get(entry.speaker_id))
            self.notify(f"{name} is back on the list of speakers.", markup=False)

    # --- questions -----------------------------------------------------------------------------

    @recording
    def action_step_question(self, offset: int) -> None:
        """Make the next (or previous) question the current one."""
        with self._reporting():
            ref = self.meeting.step_question(offset)
            if ref is None:
                self.notify("No more questions that way.")
                return
            self._questions_changed(ref)

    def _questions_changed(self, highlight: str | None = None) -> None:
        self._show_programme()
        self._show_note_about()
        if highlight and self._panels_ready:
            self._programme.highlight(highlight)
        self._dirty = True  # the tags are part of the draft

    @recording
    def on_status_chosen(self, message: StatusChosen) -> None:
        with self._reporting():
            self.meeting.set_status(message.ref, message.status)
            self._questions_changed()

    @recording
    def go_to_question(self, ref: str) -> None:
        """Make a question current (from the command palette)."""
        with self._reporting():
            self.meeting.set_status(ref, "current")
            self._questions_changed(ref)

    @recording
    def on_tag_toggled(self, message: TagToggled) -> None:
        self._toggle_tag(message.ref)

    @recording
    def action_tag(self) -> None:
        """Choose the questions the note answers, in a list with the note's tags ticked."""
        from workshop.tui.screens.tag_picker import TagPickerScreen

        meeting = self.meeting
        if meeting.note_kind == "point of order":
            self.notify("A point of order answers no question: its note is saved untagged.")
            return

        def tag(refs: tuple[str, ...] | None) -> None:
            if refs is None:  # Escape: the tags, the note and its focus stay as they were
                return
            meeting.set_refs(refs)
            self._questions_changed()
            tags = ", ".join(f"({letter(ref)})" for ref in meeting.refs)
            self.notify(f"Note tagged with {tags}." if tags else "Note tagged with no question.")

        turn = meeting.turn
        who = speaker_name(turn.speaker) if turn else "nobody on the floor"
        self.app.push_screen(TagPickerScreen(meeting.topic, list(meeting.refs), who), tag)

    def _toggle_tag(self, ref: str) -> None:
        if self.meeting.note_kind == "point of order":
            self.notify("A point of order answers no question: its note is saved untagged.")
            return
        tagged = self.meeting.toggle_ref(ref)
        self._questions_changed()
        self.notify(f"Note {'tagged with' if tagged else 'no longer tagged with'} question "
                    f"({letter(ref)}).")

    def on_topic_requested(self) -> None:
        self.action_topic()

    def action_topic(self) -> None:
        """Read the topic's scope, objectives and questions in full."""
        from workshop.tui.screens.topic import TopicScreen

        self.app.push_screen(TopicScreen(self.meeting.topic))

    def action_guide(self) -> None:
        """Read the guide at the current question (or the one highlighted), over the programme."""
        from workshop.tui.screens.guide import GuideScreen

        ref = self.meeting.current_ref
        if self._panels_ready and self._programme.has_focus_within:
            ref = self._programme.highlighted_ref or ref
        left = self.query_one("#programme")
        self.app.push_screen(GuideScreen(self.meeting.topic, ref,
                                         over=left if left.display else self.query_one("#log-panel")))

    # --- findings ------------------------------------------------------------------------------

    @recording
    def action_finding(self, kind: str) -> None:
        """Add a finding of this kind, linked to the current question and intervention."""
        from workshop.tui.screens.finding_form import FindingScreen, FindingStart

        if self._wait_for_panels(lambda: self.action_finding(kind)):
            return  # a form opened over them would have them mounted unseen, half drawn
        meeting = self.meeting
        if meeting.turn is not None:
            linked = f"{speaker_name(meeting.turn.speaker)}'s intervention (being heard)"
        elif meeting.last_intervention is not None:
            speaker = meeting.speakers.get(meeting.last_intervention.speaker_id)
            linked = (f"{speaker_name(speaker)}'s intervention at "
                      f"{self._local_time(meeting.last_intervention.started_at)}")
        else:
            linked = ""
        start = FindingStart(kind, question_ref=meeting.current_ref or "", linked_to=linked)

        def add(form) -> None:
            if form is None:
                return
            with self._reporting():
                finding = meeting.add_finding(form, self.query_one(NotesPanel).text)
                if meeting.turn is not None:
                    self._saved_text = self.query_one(NotesPanel).text
                self._show_in_log(finding)
                self._status(f"Saved {self._now()} · {finding.kind}")

        self.app.push_screen(FindingScreen(meeting.topic, start), add)

    # --- the log -------------------------------------------------------------------------------

    def _record(self, key: str) -> Intervention | Finding | None:
        table, _, record_id = key.partition(":")
        cls = Intervention if table == "intervention" else Finding
        return self.meeting.notebook.get(cls, record_id)

    def on_edit_requested(self, message: EditRequested) -> None:
        from workshop.tui.widgets.log import MORE

        if message.key == MORE:
            self._log_window += LOG_WINDOW
            self._show_log()
            return
        record = self._record(message.key)
        if isinstance(record, Intervention):
            self._edit_intervention(record)
        elif isinstance(record, Finding):
            self._edit_finding(record)

    @recording
    def _edit_intervention(self, intervention: Intervention) -> None:
        from workshop.tui.screens.intervention_form import (
            InterventionEdit,
            InterventionScreen,
        )

        speaker = self.meeting.speakers.get(intervention.speaker_id)
        heading = (f"Intervention of {speaker_name(speaker)} at "
                   f"{self._local_time(intervention.started_at)}")

        def save(edit: InterventionEdit | None) -> None:
            if edit is None:
                return
            with self._reporting():
                self.meeting.update_intervention(intervention, edit.text, edit.question_refs,
                                                 edit.speaker_id, edit.seconds)
                self._show_log()
                self.notify("Intervention saved.")

        speakers = sorted((s for s in self.meeting.speakers.values()
                           if not s.deleted or s.id == intervention.speaker_id),
                          key=lambda s: speaker_name(s).casefold())
        self.app.push_screen(
            InterventionScreen(self.meeting.topic, heading, intervention,
                               [(speaker_name(s), s.id) for s in speakers]),
            save,
        )

    @recording
    def _edit_finding(self, finding: Finding) -> None:
        from workshop.tui.screens.finding_form import FindingScreen, FindingStart

        start = FindingStart(
            finding.kind, question_ref=finding.question_ref, title=finding.title,
            text=finding.text, jurisdiction=finding.jurisdiction, evidence=finding.evidence,
            editing=True,
        )

        def save(form) -> None:
            if form is None:
                return
            with self._reporting():
                self.meeting.update_finding(finding, form)
                self._show_log()
                self.notify("Finding saved.")

        self.app.push_screen(FindingScreen(self.meeting.topic, start), save)

    @recording
    def on_delete_requested(self, message: DeleteRequested) -> None:
        record = self._record(message.key)
        if record is None:
            return
        with self._reporting():
            self.meeting.delete(record)
            self._show_log()
            self.notify("Deleted. Press u in the log to bring it back.")

    @recording
    def on_undo_requested(self) -> None:
        with self._reporting():
            if self.meeting.undo() is None:
                self.notify("Nothing to undo.")
                return
            self._show_log()
            self.notify("Brought back.")

    # --- moving around -------------------------------------------------------------------------

    def action_toggle_log(self) -> None:
        """Show the log (in a small window it takes the programme's place) and go to it."""
        if self._wait_for_panels(self.action_toggle_log):
            return
        log = self._log.table
        if self.has_class("-tall"):
            if log.has_focus:
                self.query_one(NoteArea).focus()
            else:
                self._log.go_to_newest()
                self.set_focus(log)  # at once: the keys typed after a held Ctrl+L go to the log
            return
        self.toggle_class("-show-log")
        if self.has_class("-show-log"):
            self._log.go_to_newest()
            self.set_focus(log)
        else:
            self.query_one(NoteArea).focus()

    def action_focus_note(self) -> None:
        """Back to typing the note."""
        self.query_one(NoteArea).focus()

    def action_sessions(self) -> None:
        """Back to the list of sessions (the note is kept as a draft)."""
        self.flush_draft()
        self.app.show_sessions()

    def action_edit_session(self) -> None:
        """The session's details, for the report's proceedings; the bar shows what was saved."""
        from workshop.tui.screens.session_form import edit_session

        def saved(session) -> None:
            self.meeting.session = session
            self.query_one("#session-bar", Static).update(self._session_line(session.status == "final"))

        self.flush_draft()
        edit_session(self, self.session_id, saved)

    def action_open_tool(self, name: str) -> None:
        """Open one of the screens registered in workshop.tui.tools for this session."""
        tool = next((t for t in TOOLS if t.name == name), None)
        if tool is not None:
            self.flush_draft()
            self.app.push_screen(tool.screen(self.session_id), self._tool_closed)

    def _tool_closed(self, result: object) -> None:
        """A tool screen closed on a record (a search result): show it, in its own session."""
        session_id = getattr(result, "session_id", None)
        if not session_id:
            return
        if session_id != self.session_id:
            self._switch_to(session_id)
            return
        if self._wait_for_panels(lambda: self._tool_closed(result)):
            return
        key = f"{getattr(result, 'kind', '')}:{getattr(result, 'id', '')}"
        log = self._log.table
        log.put_later_rows()  # the result may be beyond the rows drawn at first
        if key in log.rows:  # interventions and findings are in the log
            log.move_cursor(row=log.get_row_index(key))
            if not self.has_class("-tall"):
                self.add_class("-show-log")
            log.focus()

    # --- the command palette -------------------------------------------------------------------

    def verbs(self) -> Iterable[Verb]:
        yield Verb("Give the floor to the next speaker", "F4", self.action_give_floor)
        yield Verb("End the intervention", "F5: save the note and free the floor",
                   self.action_end_turn)
        yield Verb("Add speaker", "F2: add a speaker to the list", self.action_add_speaker)
        yield Verb("Point of order", "F3: a speaker to the top of the list",
                   self.action_point_of_order)
        for kind in FINDING_KINDS:
            yield Verb(f"Add finding: {kind}", FINDING_KEYS[kind],
                       lambda kind=kind: self.action_finding(kind))
        yield Verb("Save the note now", "Ctrl+S", self.action_save_note)
        yield Verb("Next question", "Ctrl+Down", lambda: self.action_step_question(1))
        yield Verb("Show scope and objectives", "The topic in full", self.action_topic)
        yield Verb("Show the log", "Ctrl+L", self.action_toggle_log)
        for question in self.meeting.questions:
            yield Verb(f"Go to question ({letter(question.ref)}) {one_line(question.text, 70)}",
                       "Make it the current question",
                       lambda ref=question.ref: self.go_to_question(ref), discover=False)
        for tool in TOOLS:
            yield Verb(f"Open {tool.name}", tool.help or tool.description,
                       lambda name=tool.name: self.action_open_tool(name))
        yield Verb("Back to the sessions", "Ctrl+O", self.action_sessions)
        for session in self.app.notebook.sessions():
            if session.id != self.session_id:
                from workshop.tui.screens.home import session_label

                yield Verb(f"Open session {session_label(session)}", "Switch to its workspace",
                           lambda session_id=session.id: self._switch_to(session_id),
                           discover=False)

    def _switch_to(self, session_id: str) -> None:
        self.flush_draft()
        self.app.open_session(session_id, replacing=True)
