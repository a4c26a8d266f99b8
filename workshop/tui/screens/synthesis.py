"""Synthesis: after the meeting, what was said becomes key points per question, the rapporteur's
synthesis of each question, and the order of the findings; then the session is marked final.

Per question (catalogue order) the screen lists the interventions tagged with it. The rapporteur
ticks those that made a point (space), writes the point as a predicate ("stressed the need for
..."), and sees the subject the summary will write, counted as the exporter counts it ("Several
speakers"). Every change goes through the Notebook and has committed when the screen says so.
A final session is read-only here (and in the workspace) until it is reopened with F8.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import (
    Button,
    Input,
    OptionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.worker import get_current_worker

from workshop.export.reflected import reflected_ids
from workshop.export.summary import counted_subject
from workshop.records import Finding, KeyPoint, QuestionState, Session, SessionRecord
from workshop.store import NotebookError
from workshop.store.deliberations import (
    GENERAL,
    Deliberations,
    Heard,
    Tally,
    intervention_heads,
    intervention_text,
)
from workshop.text import one_line
from workshop.tui.clock import clock_time
from workshop.tui.commands import Verb
from workshop.tui.screens.dialog import Dialog
from workshop.tui.screens.pushed import Pushed
from workshop.tui.display import speaker_name
from workshop.tui.tools import session_and_topic
from workshop.tui.widgets.footer import KeyFooter
from workshop.tui.widgets.key_points import (
    InterventionPicker,
    KeyPointEditor,
    KeyPointList,
    MovingOptionList,
    finding_prompt,
    intervention_prompt,
    key_point_prompt,
    reorder,
)
from workshop.tui.widgets.read_only import recording, refuse_if_final, session_is_final

# GENERAL (from the store, ""): key points on no question of the topic, the summary's "General discussion"
QUESTION = "q:"  # option id prefix of a question in the left list ("q:" alone: general discussion)
ORDER = "order"  # option id of the order of findings in the left list
FINDING = "finding:"  # option id prefix of a finding in the order list
FINDING_GROUPS = (
    ("good practice", "Good practices"),
    ("challenge", "Challenges and gaps"),
    ("lesson learned", "Conclusions (lessons learned)"),
    ("recommendation", "Recommendations"),
)


class SynthesisEditor(Dialog[str | None]):
    """The rapporteur's synthesis of one question. Ctrl+S saves, Escape cancels."""

    DEFAULT_CSS = """
    SynthesisEditor #synthesis-question { height: auto; max-height: 4; margin-bottom: 1; }
    SynthesisEditor #synthesis-form > TextArea { height: 10; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save synthesis", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP_TITLE = "Synthesis of a question"
    UNSAVED = "the synthesis being written"

    def __init__(self, heading: str, question: str, text: str) -> None:
        super().__init__()
        self.heading = heading
        self.question = question
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="synthesis-form"):
            yield Static(Content(self.heading), classes="form-title")
            with VerticalScroll(id="synthesis-question"):
                yield Static(Content.styled(self.question, "italic"), classes="hint")
            yield TextArea(self.text, id="synthesis-editor", soft_wrap=True, tab_behavior="focus")
            with Horizontal(classes="buttons"):
                yield Static("Ctrl+S saves · Esc cancels", classes="hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class SynthesisScreen(Pushed, Screen[None]):
    """Key points, syntheses and the order of findings of one session."""

    # Its CSS, synthesis.tcss, is in the app's CSS_PATH: pushed with its own, the screen had
    # every stylesheet of the app parsed again at the key.
    HELP_TITLE = "Synthesis"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    BINDINGS = [
        Binding("f1", "app.help", "Help", tooltip="Every key of this screen"),
        Binding("escape", "back", "Back", tooltip="Drop the key point being written, else back to the workspace"),
        Binding("f6", "close", "Back", show=False, priority=True, tooltip="Back to the workspace"),
        Binding("f2", "write_synthesis", "Synthesis", priority=True,
                tooltip="Write the rapporteur's synthesis of the question"),
        Binding("w", "write_key_point", "Write", show=False,
                tooltip="Write the key point made by the ticked interventions (from a list)"),
        Binding("ctrl+up", "move(-1)", "Move up", key_display="^↑", show=False,
                tooltip="Move the highlighted key point or finding up (the summary's order)"),
        Binding("ctrl+down", "move(1)", "Move down", key_display="^↓", show=False,
                tooltip="Move the highlighted key point or finding down"),
        Binding("delete", "delete_key_point", "Delete", show=False,
                tooltip="Delete the highlighted key point (Ctrl+Z brings it back)"),
        Binding("ctrl+z", "undo_delete", "Undo", show=False, tooltip="Bring back the key point deleted last"),
        Binding("f3", "read_questions", "Questions", show=False, priority=True,
                tooltip="Read the topic's questions in full"),
        Binding("f8", "mark_final", "Final", priority=True,
                tooltip="Mark the session final (read-only), or reopen a final one; asks first"),
        Binding("f8", "reopen", "Reopen", priority=True, tooltip="Reopen the final session to change it"),
        Binding("ctrl+e", "preview", "Preview", priority=True, tooltip="Preview the summary and export it"),
    ]

    def __init__(self, session_id: str) -> None:
        # The size class Textual gives on the first resize, given now: added later, it would
        # have every widget styled a second time.
        height = self.app.size.height
        super().__init__(classes=next(name for low, name in reversed(self.VERTICAL_BREAKPOINTS) if height >= low))
        self.session_id = session_id
        self.ref: str | None = None  # the question shown (GENERAL for the general discussion)
        self.editing: KeyPoint | None = None  # the key point being edited, None for a new one
        self.deleted: list[KeyPoint] = []
        self.final = False
        self.loaded = False  # everything below read, by a worker, just after the screen is shown
        # Set once what was read is shown (or could not be read): keys typed ahead wait for it.
        self.read_shown = asyncio.Event()
        self.key_points: list[KeyPoint] = []
        self.states: dict[str, QuestionState] = {}
        self.findings: list[Finding] = []
        self.tallies: dict[str, Tally] = {}
        self._heads: dict[str, str] = {}  # the first words of each intervention drawn so far, by id

    # --- reading the notebook ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.session, self.topic = session_and_topic(self.app.notebook, self.session_id)
        self.final = self.session.status == "final"
        self.known = {q.ref for q in self.topic.questions}
        self.deliberations = Deliberations([], {}, self.known)
        yield Static(id="synthesis-bar")
        # Shown once filled (`_show_all`): laid out and drawn empty first, the panes cost a
        # second full layout, and the read waited behind it.
        with Horizontal(id="synthesis-panes") as panes:
            panes.display = False
            yield MovingOptionList(id="questions")
            with Vertical(id="question-view"):
                with VerticalScroll(id="question-box", can_focus=False):
                    yield Static(id="question-text")
                yield InterventionPicker(self._describe, self._read_heads, id="interventions")
                yield KeyPointList(id="key-points")
                yield KeyPointEditor(id="key-point-editor")
                yield Static(id="synthesis-text")
            with Vertical(id="order-view") as order:  # in place of the question, from the list
                order.display = False
                yield Static(
                    "The summary numbers each list in this order. Ctrl+↑/↓ moves the "
                    "highlighted finding within its list.", id="order-hint", classes="hint",
                )
                yield MovingOptionList(id="findings-order")
        yield KeyFooter(compact=True)

    @work(thread=True, exclusive=True, group="synthesis")
    def _read(self) -> None:
        """Everything the screen shows, read once (key points, states and findings again after a write)."""
        # In a thread, on its own connection: ten thousand interventions take a moment, during
        # which the screen answers keys.
        worker = get_current_worker()
        try:
            reader = self.app.notebook.reopen()  # sqlite3 connections do not cross threads
            try:
                deliberations = Deliberations.read(reader, self.session_id, self.known)
                session = reader.get(Session, self.session_id) or self.session
                key_points, states = reader.key_points(self.session_id), reader.question_states(self.session_id)
                findings = reader.findings(self.session_id)
            finally:
                reader.close()
            tallies = deliberations.tally([*self.known, GENERAL], self._linked(session, key_points))
        except NotebookError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._not_read, error)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_all, deliberations, tallies, session, key_points, states, findings)

    def _show_all(self, deliberations: Deliberations, tallies: dict[str, Tally], session: Session,
                  key_points: list[KeyPoint], states: dict[str, QuestionState], findings: list[Finding]) -> None:
        """Show what was read: the questions with their counts, then the question being discussed."""
        self.deliberations, self.tallies, self.session = deliberations, tallies, session
        self.key_points, self.states = key_points, states
        self.findings = [f for f in findings if f.title.strip() or f.text.strip()]
        if self.final != (session.status == "final"):  # changed since the screen was made
            self.final = not self.final
            self._show_bar()
            self.refresh_bindings()
        self._show_questions()
        current = next((ref for ref, s in self.states.items() if s.status == "current" and ref in self.known),
                       self.topic.questions[0].ref if self.topic.questions else GENERAL)
        self.go_to(current)
        self.query_one("#synthesis-panes").display = True
        self.loaded = True
        self.read_shown.set()

    def _not_read(self, error: NotebookError) -> None:
        self.query_one("#synthesis-panes").display = True
        self.notify(str(error), severity="error", markup=False, timeout=15)
        self.read_shown.set()

    def _reread(self) -> None:
        notebook, session_id = self.app.notebook, self.session_id
        self.key_points = notebook.key_points(session_id)
        self.states = notebook.question_states(session_id)
        self.findings = [f for f in notebook.findings(session_id) if f.title.strip() or f.text.strip()]

    def on_mount(self) -> None:
        self.query_one("#interventions").border_title = "Interventions · space ticks those that made the point"
        self.query_one("#key-points").border_title = "Key points · Enter edits · Del deletes · ^↑↓ moves"
        self.query_one("#findings-order").border_title = "Order of findings"
        self._show_bar()
        # At once, not through the app's queue, where it would come after the keys typed ahead.
        self.set_focus(self.query_one("#questions"))
        self._read()

    def on_unmount(self) -> None:
        self.read_shown.set()  # closed before the read was shown: keys typed meanwhile go on

    def on_screen_resume(self) -> None:
        final = session_is_final(self.app.notebook, self.session_id)
        if final != self.final:
            self.final = final
            self._show_bar()
            self.refresh_bindings()

    # --- what the lists say --------------------------------------------------------------------

    def interventions_on(self, ref: str) -> list[Heard]:
        """The live interventions tagged with a question (with none of the topic's, for GENERAL).

        The general discussion leaves out what answers no question: the chair's opening, points of order.
        """
        return self.deliberations.on(ref)

    def key_points_on(self, ref: str) -> list[KeyPoint]:
        """The key points of a question, in the rapporteur's order."""
        if ref == GENERAL:
            return [k for k in self.key_points if k.question_ref not in self.known]
        return [k for k in self.key_points if k.question_ref == ref]

    def subject(self, intervention_ids: Iterable[str]) -> str:
        """The key point's subject, counted from distinct speakers exactly as the export counts it."""
        return counted_subject(len(self.deliberations.speakers_of(intervention_ids)))

    def _describe(self, intervention: Heard, whole: bool) -> Content:
        """An intervention's line in the list; with `whole`, all it says (read from the notebook)."""
        time = clock_time(intervention.at, self.app.clock.now().tzinfo) or "--:--"
        if whole:
            text = intervention_text(self.app.notebook, intervention.id)
        else:
            self._read_heads([intervention])  # read already, with the others in view, as a rule
            text = self._heads[intervention.id]
        return intervention_prompt(time, speaker_name(self.deliberations.speakers.get(intervention.speaker_id)), text)

    @staticmethod
    def _linked(session: Session, key_points: list[KeyPoint]) -> set[str]:
        """The interventions some key point reflects, as the export says."""
        return reflected_ids(SessionRecord(session, key_points=tuple(key_points)))

    def _read_heads(self, interventions: list[Heard]) -> None:
        """Read the first words of the interventions about to be drawn, those not read yet."""
        missing = [i.id for i in interventions if i.id not in self._heads]
        if missing:
            self._heads.update(dict.fromkeys(missing, ""))  # one deleted meanwhile has no words
            self._heads.update(intervention_heads(self.app.notebook, missing))

    def _count(self) -> None:
        """Count again, per question, the interventions no key point reflects yet (as the export counts them)."""
        self.tallies = self.deliberations.tally([*self.known, GENERAL], self._linked(self.session, self.key_points))

    def not_linked_on(self, ref: str) -> int:
        """How many interventions on a question no key point reflects yet (as the export counts them)."""
        return self.tallies.get(ref, Tally(0, 0)).not_linked

    def _question_prompt(self, ref: str) -> Content:
        question = self.topic.question(ref)
        head = ((f"({question.letter}) ", "bold"), one_line(question.text)) if question else \
            (("General discussion", "bold"),)
        points = len(self.key_points_on(ref))
        heard, not_linked = self.tallies.get(ref, Tally(0, 0))
        # At 80 columns the list shows about twenty characters: what still waits comes first.
        counts: list = [(f"{not_linked} of {heard} not linked", "$text-warning"), (" · ", "dim")] if not_linked else \
            [(f"{heard} interv. · ", "dim")]
        counts.append((f"{points} key point{'s' * (points != 1)}", "dim"))
        state = self.states.get(ref)
        if state is not None and state.synthesis.strip():
            counts.append((" · synthesis", "dim"))
        return Content.assemble(*head, "\n", *counts)

    def _show_bar(self) -> None:
        session, topic = self.session, self.topic
        parts: list = [("Synthesis", "bold"), " · ", f"{topic.label}: {topic.short_title}"]
        for value in (session.meeting, session.date):
            if value:
                parts += [" · ", value]
        parts += [" · ", ("final: read-only (F8 reopens)", "bold $text-warning") if self.final else "draft"]
        self.query_one("#synthesis-bar", Static).update(Content.assemble(*parts))
        self.set_class(self.final, "-final")

    def _show_questions(self) -> None:
        questions = self.query_one("#questions", OptionList)
        highlighted = questions.highlighted_option.id if questions.highlighted_option else None
        options: list[Option | None] = []
        group = None
        for question in self.topic.questions:
            if question.group and question.group != group:
                group = question.group
                options.append(Option(Content.styled(group, "bold underline"), disabled=True))
            options.append(Option(self._question_prompt(question.ref), id=QUESTION + question.ref))
        if self.interventions_on(GENERAL) or self.key_points_on(GENERAL):
            options.append(Option(self._question_prompt(GENERAL), id=QUESTION + GENERAL))
        options.append(Option(Content.assemble(("Order of findings", "bold"), "\n",
                                               ("conclusions, recommendations", "dim")), id=ORDER))
        questions.set_options(options)
        if highlighted is not None:
            questions.highlighted = questions.get_option_index(highlighted)

    def _refresh_question_prompt(self, ref: str) -> None:
        self._count()
        questions = self.query_one("#questions", OptionList)
        # A key point links interventions that may be tagged with other questions too: every
        # question's count of interventions not linked can change.
        for each in dict.fromkeys([ref, *(q.ref for q in self.topic.questions), GENERAL]):
            try:
                questions.replace_option_prompt(QUESTION + each, self._question_prompt(each))
            except OptionDoesNotExist:
                if each == ref:  # the general discussion appears with its first key point
                    self._show_questions()
                    return

    # --- moving between questions ----------------------------------------------------------------

    def go_to(self, target: str) -> None:
        """Show a question (its reference, GENERAL) or the order of findings (ORDER)."""
        option = ORDER if target == ORDER else QUESTION + target
        questions = self.query_one("#questions", OptionList)
        try:
            questions.highlighted = questions.get_option_index(option)
        except OptionDoesNotExist:
            return
        self._show(option)

    @on(OptionList.OptionHighlighted, "#questions")
    def _question_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id or "")

    @on(OptionList.OptionSelected, "#questions")
    def _question_selected(self, event: OptionList.OptionSelected) -> None:
        self._show(event.option.id or "")
        target = "#findings-order" if event.option.id == ORDER else "#interventions"
        self.query_one(target).focus()

    def _show(self, option_id: str) -> None:
        ordering = option_id == ORDER
        self.query_one("#question-view").display = not ordering
        self.query_one("#order-view").display = ordering
        if ordering:
            self.ref = None
            self._show_order()
            return
        ref = option_id.removeprefix(QUESTION)
        if ref == self.ref:
            return
        self.ref = ref
        self.editing = None
        question = self.topic.question(ref)
        if question is None:
            text = Content.assemble(("General discussion", "bold"), " ",
                                    ("interventions tagged with none of the topic's questions", "dim"))
        else:
            text = Content.assemble((f"Question ({question.letter}) ", "bold"),
                                    (question.text, "italic"))
        self.query_one("#question-text", Static).update(text)
        self.query_one("#question-box").scroll_home(animate=False)
        self._show_interventions(self.interventions_on(ref))
        self._show_key_points()
        self._show_synthesis()
        self._editor_title()

    def _show_interventions(self, interventions: list[Heard], ticked: Iterable[str] = ()) -> None:
        picker = self.query_one(InterventionPicker)
        picker.show(interventions, ticked)
        picker.border_subtitle = "" if interventions else "none tagged with this question"

    def _show_key_points(self, highlight: str | None = None) -> None:
        points = {k.id: k for k in self.key_points_on(self.ref)} if self.ref is not None else {}
        order = self.deliberations.order

        def prompt(key: str) -> Content:  # made as the list draws it: a question may have a hundred
            k = points[key]
            return key_point_prompt(self.subject(k.intervention_ids), k.predicate,
                                    sum(1 for i in k.intervention_ids if i in order))

        self.query_one(KeyPointList).show(list(points), prompt, highlight)

    def _show_synthesis(self) -> None:
        state = self.states.get(self.ref) if self.ref else None
        text = one_line(state.synthesis) if state is not None else ""
        line = Content.assemble(("Synthesis ", "bold"), ("(F2) ", "dim"),
                                text or ("none yet", "dim italic"))
        self.query_one("#synthesis-text", Static).update(line, layout=False)  # one line high, always

    def _show_order(self) -> None:
        listing = self.query_one("#findings-order", OptionList)
        highlighted = listing.highlighted_option.id if listing.highlighted_option else None
        options: list[Option] = []
        for kind, heading in FINDING_GROUPS:
            options.append(Option(Content.styled(heading, "bold underline"), disabled=True))
            found = [f for f in self.findings if f.kind == kind]
            options.extend(Option(finding_prompt(n, f), id=FINDING + f.id) for n, f in enumerate(found, 1))
            if not found:
                options.append(Option(Content.styled("   none recorded", "dim"), disabled=True))
        listing.set_options(options)
        if highlighted is not None:
            listing.highlighted = listing.get_option_index(highlighted)

    # --- the key point being written -----------------------------------------------------------

    @property
    def editor(self) -> KeyPointEditor:
        return self.query_one(KeyPointEditor)

    def ticked(self) -> list[str]:
        """The ticked interventions, in speaking order."""
        order = self.deliberations.order
        return sorted(self.query_one(InterventionPicker).ticked, key=lambda i: order.get(i, len(order)))

    @on(InterventionPicker.Changed)
    def _show_subject(self) -> None:
        self.editor.show_subject(self.subject(self.ticked()))

    def _editor_title(self) -> None:
        self.editor.border_title = ("Key point being edited · Enter saves · Esc drops the change"
                                    if self.editing else "New key point · Enter saves")

    def _clear_editor(self) -> None:
        self.editing = None
        self.editor.load("")
        self.query_one(InterventionPicker).clear_ticks()
        self._editor_title()

    def unsaved(self) -> str | None:
        """The key point being written, if quitting now would lose it."""
        if not self.is_mounted:
            return None
        before = self.editing.predicate if self.editing is not None else ""
        return "the key point being written" if self.editor.predicate not in ("", before) else None

    def action_write_key_point(self) -> None:
        """Go to the predicate, to write the point the ticked interventions made."""
        self.query_one("#predicate", Input).focus()

    @on(KeyPointList.Selected)
    def _edit_key_point(self, event: KeyPointList.Selected) -> None:
        point = next((k for k in self.key_points if k.id == event.key_point_id), None)
        if point is None or self.ref is None:
            return
        shown = self.interventions_on(self.ref)
        listed = {i.id for i in shown}
        # Interventions linked but tagged with another question are listed too, so that saving
        # keeps every link.
        order = self.deliberations.order
        extra = [self.deliberations.heard_at(order[i]) for i in point.intervention_ids if i in order and i not in listed]
        shown = sorted(shown + extra, key=lambda i: order[i.id])
        self._show_interventions(shown, ticked=point.intervention_ids)
        self.editing = point
        self.editor.load(point.predicate)
        self._editor_title()
        self.query_one("#predicate", Input).focus()

    @on(Input.Submitted, "#predicate")
    @recording
    def action_save_key_point(self) -> None:
        """Save the key point: the predicate typed, linked to the ticked interventions."""
        predicate = self.editor.predicate
        if self.ref is None:
            return
        if not predicate:
            self.notify("Write what was said first, e.g. “stressed the need for …”.", severity="warning")
            return
        linked = self.ticked()
        notebook = self.app.notebook
        try:
            if self.editing is not None:
                # Links to interventions deleted since are kept: undeleting one brings its link back.
                kept = [i for i in self.editing.intervention_ids if i not in self.deliberations.order]
                point = notebook.update(self.editing, predicate=predicate,
                                        intervention_ids=tuple(linked + kept))
            else:
                point = notebook.add_key_point(self.session_id, self.ref, predicate, tuple(linked))
        except NotebookError as error:
            self.notify(str(error), severity="error", markup=False, timeout=15)
            return
        self._reread()
        self._clear_editor()
        shown = self.interventions_on(self.ref)
        # The list stays as it is, highlight included, unless an edit had listed interventions
        # of other questions: rebuilding it for nothing took a noticeable moment in a long meeting.
        if [i.id for i in shown] != self.query_one(InterventionPicker).keys:
            self._show_interventions(shown)
        self._show_key_points(highlight=point.id)
        self._refresh_question_prompt(self.ref)
        self.notify(f"Key point saved: {self.subject(point.intervention_ids)} {one_line(predicate)}",
                    markup=False)
        self.query_one("#interventions").focus()

    @recording
    def action_delete_key_point(self) -> None:
        """Delete the highlighted key point (it can be brought back)."""
        listing = self.query_one(KeyPointList)
        chosen = listing.highlighted_id if listing.has_focus else None
        point = next((k for k in self.key_points if k.id == chosen), None)
        if point is None:
            return
        with self._reporting():
            self.deleted.append(self.app.notebook.delete(point))
            self._after_key_point_change()
            self.notify("Key point deleted. Ctrl+Z brings it back.")

    @recording
    def action_undo_delete(self) -> None:
        """Bring back the key point deleted last."""
        if not self.deleted:
            self.notify("Nothing to undo.")
            return
        with self._reporting():
            point = self.app.notebook.undelete(self.deleted.pop())
            self._after_key_point_change()
            self.go_to(point.question_ref if point.question_ref in self.known else GENERAL)
            self._show_key_points(highlight=point.id)
            self.notify("Key point brought back.")

    def _after_key_point_change(self) -> None:
        self._reread()
        if self.editing is not None and self.editing.id not in {k.id for k in self.key_points}:
            self._clear_editor()
        if self.ref is not None:
            self._show_key_points()
            self._refresh_question_prompt(self.ref)

    @contextmanager
    def _reporting(self) -> Iterator[None]:
        """A notebook problem as a one-line message, never a crash."""
        try:
            yield
        except NotebookError as error:
            self.notify(str(error), severity="error", markup=False, timeout=15)

    # --- order ---------------------------------------------------------------------------------

    @recording
    def action_move(self, offset: int) -> None:
        """Move the highlighted key point or finding up or down its list."""
        key_points = self.query_one(KeyPointList)
        order = self.query_one("#findings-order", OptionList)
        if key_points.has_focus and key_points.highlighted_id and self.ref is not None:
            items: list = self.key_points_on(self.ref)
            chosen = key_points.highlighted_id
        elif order.has_focus and order.highlighted_option:
            chosen = (order.highlighted_option.id or "").removeprefix(FINDING)
            finding = next((f for f in self.findings if f.id == chosen), None)
            items = [f for f in self.findings if finding is not None and f.kind == finding.kind]
        else:
            self.notify("Highlight a key point or a finding first; Ctrl+↑/↓ then moves it.")
            return
        index = next((n for n, item in enumerate(items) if item.id == chosen), None)
        if index is None:
            return
        changes = reorder(items, [item.position for item in items], index, offset)
        if not changes:
            return
        with self._reporting():
            for item, position in changes:
                self.app.notebook.update(item, position=position)
        self._reread()
        if isinstance(items[0], Finding):
            self._show_order()
        else:
            self._show_key_points(highlight=chosen)

    # --- synthesis -----------------------------------------------------------------------------

    @recording
    def action_write_synthesis(self) -> None:
        """Write the rapporteur's synthesis of the question shown."""
        question = self.topic.question(self.ref) if self.ref else None
        if question is None:
            self.notify("Choose a question first: a synthesis belongs to one question.")
            return
        state = self.states.get(question.ref)
        ref = question.ref

        def save(text: str | None) -> None:
            if text is None or refuse_if_final(self, self.session_id):
                return
            with self._reporting():
                self.app.notebook.set_question_state(self.session_id, ref, synthesis=text)
                self._reread()
                self._show_synthesis()
                self._refresh_question_prompt(ref)
                self.notify(f"Synthesis of question ({question.letter}) saved.")

        self.app.push_screen(SynthesisEditor(
            f"Synthesis of question ({question.letter})", question.text, state.synthesis if state else "",
        ), save)

    # --- final ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mark_final":
            return not self.final
        if action == "reopen":
            return self.final
        return True

    def action_mark_final(self) -> None:
        """Mark the session final, after asking: read-only until reopened."""
        self._confirm_status(
            "final", "Mark this session final? Its summary will say final, and nothing in it can be "
            "changed until it is reopened (F8 here).", "Mark final",
        )

    def action_reopen(self) -> None:
        """Reopen the final session, after asking, so that it can be changed again."""
        self._confirm_status(
            "open", "Reopen this session? It can be changed again and its summary will say draft.",
            "Reopen",
        )

    def _confirm_status(self, status: str, question: str, yes: str) -> None:
        from workshop.tui.screens.confirm import ConfirmScreen

        def answer(confirmed: bool | None) -> None:
            if not confirmed:
                return
            with self._reporting():
                session = self.app.notebook.get(Session, self.session_id)
                self.session = self.app.notebook.update(session, status=status)
                self.final = status == "final"
                self._show_bar()
                self.refresh_bindings()
                self.notify("The session is final." if self.final else "The session is open again.")

        self.app.push_screen(ConfirmScreen(question, yes=yes), answer)

    # --- elsewhere -----------------------------------------------------------------------------

    def action_back(self) -> None:
        """Drop the key point being written; with nothing being written, back to the workspace."""
        if self.editing is not None or self.editor.predicate:
            self._clear_editor()
            self.notify("The key point being written was dropped.")
            return
        self.dismiss(None)

    def action_close(self) -> None:
        """Back to the workspace."""
        self.dismiss(None)

    def action_preview(self) -> None:
        """Preview the summary and export it."""
        from workshop.tui.screens.preview import PreviewScreen

        self.app.push_screen(PreviewScreen(self.session_id))

    def action_read_questions(self) -> None:
        """The topic's questions in full."""
        from workshop.tui.screens.topic import TopicScreen

        self.app.push_screen(TopicScreen(self.topic))

    def verbs(self) -> Iterable[Verb]:
        yield Verb("Write the synthesis of this question", "F2", self.action_write_synthesis)
        yield Verb("Order of findings", "Conclusions and recommendations in the summary's order",
                   lambda: self.go_to(ORDER))
        yield Verb("Preview and export the summary", "Ctrl+E", self.action_preview)
        if self.final:
            yield Verb("Reopen the session", "F8: it can be changed again", self.action_reopen)
        else:
            yield Verb("Mark the session final", "F8: read-only until reopened", self.action_mark_final)
        for question in self.topic.questions:
            yield Verb(f"Question ({question.letter}) {one_line(question.text)[:70]}",
                       "Its interventions and key points",
                       lambda ref=question.ref: self.go_to(ref), discover=False)
        yield Verb("Back to the workspace", "Escape or F6", self.action_close)
