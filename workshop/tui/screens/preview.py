"""Preview and export: the rapporteur's summary exactly as the export writes it, then the files.

The text is made from what the export reads (`summary_sources`: the records without their
interventions and the floor's tally) by the export's own functions, is parsed with the
export's own parser settings and wrapped into lines in worker threads, and is drawn a screenful
at a time (`SummaryView`). The screen waits a moment for the first summary before it is first
laid out, so it is laid out once with it. Reading the notebook, rendering and writing happen in
worker threads with their own notebook connection, so a long meeting never freezes the screen; the export's
modules are imported there too, not at the key that opens the screen. An export never replaces a file silently: the
writer picks a free name (`-2`, `-3`...); replacing the file of the same name is a separate key
that asks first.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from workshop.records import Session
from workshop.store import NotebookError
from workshop.tui.commands import Verb
from workshop.tui.screens.pushed import Pushed
from workshop.tui.tools import session_and_topic
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.summary_view import (
    Block, Room, SummaryView, Text, Wrapping, styled_content, summary_blocks, without_control_codes,
    wrapping,
)


def in_home(path: Path, home: Path) -> str:
    """A path as the rapporteur finds it: relative to the home folder when it is inside it."""
    try:
        return str(Path(path).relative_to(home))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Export:
    """What one export wrote: the summary and its QR image, and the card the code carries."""

    paths: tuple[Path, ...]
    card: str
    kept: bool = False  # the file already held exactly this summary: left as it was
    replaced: bool = False  # written over the file of the same name, as asked
    code: str = ""  # the card's QR code as the terminal draws it (made in the export worker)


@dataclass(frozen=True)
class Look:
    """Which summary the preview shows: its form and, for the report, whether views are attributed."""

    form: str = "report"  # or "notes"
    attributed: bool = False

    @property
    def named(self) -> Content:
        """How the bar names it."""
        if self.form == "notes":
            return Content("rapporteur's notes")
        return Content.assemble("report, ", ("attributed: internal note", "bold $text-warning") if self.attributed
                                else "not attributed")


class SummaryRendered(Message):
    """The summary is ready (made, read and wrapped in the render worker) for the views."""

    def __init__(self, text: str, blocks: list[Block], lines: Wrapping | None, look: Look,
                 unreflected: Content | None, unreflected_lines: Wrapping | None, started: float) -> None:
        super().__init__()
        self.text = text
        self.blocks = blocks
        self.lines = lines  # for the room the view had when they were made
        self.look = look
        self.unreflected = unreflected  # what the export says before writing; None when nothing is left out
        self.unreflected_lines = unreflected_lines
        self.started = started


def unreflected_notice(lines: list[str]) -> Content | None:
    """The export's lines on the interventions no key point reflects, as one notice (None if none)."""
    if not lines:
        return None
    listed = without_control_codes("; ".join(line.strip() for line in lines[1:]))  # the speakers' names
    return Content.assemble((lines[0], "bold $text-warning"), " ", listed,
                            (". F6 in the workspace links them to key points.", "dim"), strip_control_codes=False)


def unreflected_blocks(said: Content) -> list[Block]:
    """The notice of what the summary leaves out, as the one block its view shows."""
    return [Text(0, 0, styled_content(said))]


def summary_in_form(topic, sources, look: Look) -> str:
    """The summary in the form shown, exactly as the export writes it, from what the export reads."""
    from workshop.export.forms import summary_parts
    from workshop.export.writer import document

    records, floor = sources
    parts = summary_parts(topic, records, floor, form=look.form, attributed=look.attributed)
    return b"".join(document(parts)).decode("utf-8")


class PreviewScreen(Pushed, Screen[None]):
    """The summary to read before it is exported; `f` form, `a` attribution, `e` export, Escape back."""

    HELP_TITLE = "Preview and export"
    # Focused as the screen is made: focused once mounted, the footer would be built again.
    AUTO_FOCUS = "#summary-scroll"
    FIRST_WAIT_S = 0.4  # the longest the screen waits for its first summary before it is drawn
    BINDINGS = [
        Binding("f1", "app.help", "Help", tooltip="Every key of this screen"),
        Binding("escape,q", "close", "Back"),
        Binding("f", "toggle_form", "Form",
                tooltip="The report, for the secretariat, or the rapporteur's notes (questions, times)"),
        Binding("a", "toggle_attribution", "Attribution",
                tooltip="Attribute the report's views to delegations (an internal note) or not"),
        Binding("e,ctrl+e", "export", "Export",
                tooltip="Write the summary and its QR card to exports/ (a file is never replaced)"),
        Binding("r", "export_replace", "Replace", show=False,
                tooltip="Export again over the file of the same name (asks first)"),
        Binding("h", "handoff", "Hand-off", tooltip="The hand-off card and QR code of the last export"),
    ]

    def __init__(self, session_id: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.look = Look()
        self.last_export: Export | None = None
        self.render_seconds: float | None = None  # request to widget filled, for the last render
        self._started = 0.0  # when the summary being drawn was asked for

    def compose(self) -> ComposeResult:
        self.session, self.topic = session_and_topic(self.app.notebook, self.session_id)
        yield Static(id="preview-bar")
        # Shown empty (no height) until the worker says whether anything is left out. Thousands of
        # names at 10,000 interventions.
        unreflected = SummaryView(id="unreflected-box")
        unreflected.can_focus = False
        yield unreflected
        yield SummaryView(id="summary-scroll", waiting="Preparing the summary…")
        yield Static(id="preview-status")
        yield KeyFooter(compact=True)

    async def on_mount(self) -> None:
        self._show_bar()
        self._first: asyncio.Future[SummaryRendered | None] = asyncio.get_running_loop().create_future()
        self._prepare(self.look)
        # The screen is first laid out once its mount is handled: waiting here for the summary, it is
        # laid out once with all of it (an empty frame came first, then every new line, widget and
        # scrollbar was laid out again). A summary that takes longer shows "Preparing…" meanwhile.
        done, _ = await asyncio.wait([self._first], timeout=self.FIRST_WAIT_S)
        if not done:
            self._first.cancel()  # it comes as a message
        elif (message := self._first.result()) is not None:
            self._show_summary(message)

    # --- the summary ---------------------------------------------------------------------------

    def _show_bar(self) -> None:
        session, topic = self.session, self.topic
        # Which summary it is comes first: at 80 columns the end of the bar is cut.
        parts: list = [("Preview: ", "bold"), self.look.named, " · ", f"{topic.label}: {topic.short_title}"]
        for value in (session.meeting, session.date):
            if value:
                parts += [" · ", value]
        self.query_one("#preview-bar", Static).update(Content.assemble(*parts))

    def _show_unreflected(self, said: Content | None, lines: Wrapping | None) -> None:
        """Say, before any export, which interventions the summary reflects in no key point."""
        box = self.query_one("#unreflected-box", SummaryView)
        box.display = said is not None
        if said is not None:
            box.show(said.plain, unreflected_blocks(said), lines)

    def _show_not_exported(self) -> None:
        from workshop.export.writer import summary_stem  # imported by the render worker already

        default = Path("exports") / f"{summary_stem([self.session], self.look.form)}.md"
        self._status(Content.assemble(("Not exported yet: ", "bold"), "e writes ", str(default),
                                      " and its QR card (never over a file)."))

    def _status(self, content: Content) -> None:
        self.query_one("#preview-status", Static).update(content)

    @property
    def source(self) -> str:
        """The Markdown shown now."""
        return self.query_one("#summary-scroll", SummaryView).source

    def _prepare(self, look: Look) -> None:
        """Make the summary in this look for the room its views have now."""
        self._make_summary(look, self.query_one("#summary-scroll", SummaryView).room(),
                           self.query_one("#unreflected-box", SummaryView).room())

    # Described in words: Textual's default description is the repr of the arguments.
    @work(thread=True, exclusive=True, group="preview-render", description="the summary")
    def _make_summary(self, look: Look, room: Room, box_room: Room) -> None:
        started = time.perf_counter()
        worker = get_current_worker()
        from workshop.export.reflected import pending_lines
        from workshop.export.writer import ExportError, summary_topic
        from workshop.store.floor import summary_sources

        try:
            notebook = self.app.notebook.reopen()
            try:
                session = notebook.get(Session, self.session_id)
                if session is None:
                    raise NotebookError(f"no session with id {self.session_id}")
                # What the export reads: no intervention's text, only the floor's tally.
                sources = summary_sources(notebook, [session])
            finally:
                notebook.close()
            topic = summary_topic([session])
            text = summary_in_form(topic, sources, look)
            said = unreflected_notice(pending_lines(sources.floor, topic))
        except (NotebookError, ExportError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        blocks = summary_blocks(text)
        if worker.is_cancelled:
            return
        # The lines for the room the views had when asked: drawn as they come, with no second pass.
        lines = wrapping(text, blocks, room) if room.full > 0 else None
        said_lines = (wrapping(said.plain, unreflected_blocks(said), box_room)
                      if said is not None and box_room.full > 0 else None)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._deliver, SummaryRendered(text, blocks, lines, look, said, said_lines,
                                                                     started))

    def _failed(self, problem: str) -> None:
        if not self._first.done():
            self._first.set_result(None)  # no summary to wait for
        self.notify(problem, severity="error", markup=False, timeout=15)

    def _deliver(self, message: SummaryRendered) -> None:
        """The summary to the mount that waits for it, or else as a message."""
        if not self._first.done():
            self._first.set_result(message)
        else:
            self.post_message(message)

    def on_summary_rendered(self, message: SummaryRendered) -> None:
        self._show_summary(message)

    def _show_summary(self, message: SummaryRendered) -> None:
        if message.look != self.look:
            return  # the rapporteur toggled again: a newer text is on its way
        self._started = message.started
        # Both views and the status in one go: one layout of the screen for all of it.
        self._show_unreflected(message.unreflected, message.unreflected_lines)
        self.query_one("#summary-scroll", SummaryView).show(message.text, message.blocks, message.lines)
        if self.last_export is None:
            self._show_not_exported()  # the notes have a file of their own

    def on_summary_view_drawn(self, message: SummaryView.Drawn) -> None:
        if self.render_seconds is not None or self._started == 0.0:
            return  # drawn again for a new width, or before any summary was ready
        if not all(view.drawn for view in self.query(SummaryView) if view.display):
            return  # the summary, or what it leaves out, still being made
        self.render_seconds = time.perf_counter() - self._started
        self.log.info(f"summary rendered in {self.render_seconds:.3f} s")

    def _show(self, look: Look) -> None:
        self.look = look
        self.render_seconds = None  # until this look is drawn
        self._started = 0.0
        self._show_bar()
        self._prepare(look)

    def action_toggle_form(self) -> None:
        """The report (the UN document), or the rapporteur's notes (questions quoted, speaking times)."""
        self._show(replace(self.look, form="notes" if self.look.form == "report" else "report"))  # the bar says which

    def action_toggle_attribution(self) -> None:
        """Attribute the report's views to delegations (an internal note), or not (the report's default)."""
        if self.look.form == "notes":
            self.notify("The notes always name the delegations; f shows the report, where a applies.")
            return
        self._show(replace(self.look, attributed=not self.look.attributed))
        self.notify("Attributed: views are named by delegation (internal note)." if self.look.attributed
                    else "Not attributed: the summary for the report.")

    # --- export --------------------------------------------------------------------------------

    def action_export(self) -> None:
        """Write the summary and its QR card to exports/, never replacing a file."""
        self._export(self.look, False)

    def action_export_replace(self) -> None:
        """Export again over the file of the same name, after asking."""
        from workshop.export.writer import summary_stem
        from workshop.tui.screens.confirm import ConfirmScreen

        target = Path(self.app.home) / "exports" / f"{summary_stem([self.session], self.look.form)}.md"

        def answer(yes: bool | None) -> None:
            if yes:
                self._export(self.look, True)

        self.app.push_screen(ConfirmScreen(
            f"Export again and replace {target}? What that file holds now is lost "
            "(a plain export keeps it and writes a -2 file instead).", yes="Replace",
        ), answer)

    @work(thread=True, exclusive=True, group="preview-export")
    def _export(self, look: Look, overwrite: bool) -> None:
        from workshop.export.writer import ExportError, write_summary, written_card
        from workshop.tui.widgets.handoff import terminal_code

        home = Path(self.app.home)
        try:
            notebook = self.app.notebook.reopen()
            try:
                session = notebook.get(Session, self.session_id)
                if session is None:
                    raise NotebookError(f"no session with id {self.session_id}")
                folder = home / "exports"
                before = {p.name for p in folder.glob("*.md")} if folder.is_dir() else set()
                paths = write_summary(notebook, [session], home, attributed=look.attributed, form=look.form,
                                      overwrite=overwrite)
                card = written_card(notebook, [session], paths[0])
            finally:
                notebook.close()
        except (NotebookError, ExportError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        # The writer keeps a file that already holds exactly this summary, and writes no other
        # file under an existing name unless told to replace it.
        kept = not overwrite and paths[0].name in before
        export = Export(tuple(paths), card, kept, overwrite, terminal_code(card))  # a QR code takes a while
        self.app.call_from_thread(self._exported, export)

    def _exported(self, export: Export) -> None:
        self.last_export = export
        if export.kept:
            said = "Already exported, unchanged:"
        elif export.replaced:
            said = "Replaced:"
        else:
            said = "Written:"
        home = Path(self.app.home)
        self._status(Content.assemble((said, "bold"), " ", " · ".join(in_home(p, home) for p in export.paths)))
        self.action_handoff()  # its heading says what was done: no toast over the card

    def action_handoff(self) -> None:
        """The hand-off card and QR code of the last export."""
        from workshop.tui.widgets.handoff import HandoffScreen

        if self.last_export is None:
            self.notify("Export first (e): the card names the file written and its SHA-256.")
            return
        export = self.last_export
        heading = ("Already exported (unchanged)" if export.kept
                   else "Replaced" if export.replaced else "Exported")
        self.app.push_screen(HandoffScreen(export.paths, export.card, heading=heading, code=export.code))

    # --- elsewhere -----------------------------------------------------------------------------

    def action_close(self) -> None:
        """Back to where the preview was opened from."""
        self.dismiss(None)

    def verbs(self):
        yield Verb("Export the summary", "E: to exports/, with its QR hand-off card", self.action_export)
        yield Verb("Switch form", "F: the report or the rapporteur's notes", self.action_toggle_form)
        yield Verb("Toggle attribution", "A: name the delegations in the report (internal note) or not",
                   self.action_toggle_attribution)
        yield Verb("Export again, replacing the file", "R: asks first", self.action_export_replace)
        yield Verb("Show the hand-off card", "H: the QR code of the last export", self.action_handoff)
        yield Verb("Back", "Escape", self.action_close)
