"""A note taken with nobody on the floor: whose introductory statement or presentation it was."""

from __future__ import annotations

import re
from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workshop.catalogue.delegations import fold
from workshop.records import Session, Speaker
from workshop.text import one_line
from workshop.tui.display import speaker_name
from workshop.tui.meeting import SpeakerChoice
from workshop.tui.screens.dialog import Dialog

SECRETARIAT = "United Nations Office on Drugs and Crime"  # serves the Congress and its workshops
INTRODUCTORY = "introductory statement"
PRESENTATION = "presentation"


class Statement(NamedTuple):
    """One answer the form offers: what the note was, and by whom."""

    kind: str
    who: SpeakerChoice
    role: str  # "the Chair", "the Secretariat", "panellist"


def panellists(session: Session) -> list[str]:
    """The session's panellists, as the session form lists them (one a line, or split by ";")."""
    return [one_line(name) for name in re.split(r"[;\n]", session.panellists) if name.strip()]


def statement_choices(session: Session, speakers: list[Speaker]) -> list[Statement]:
    """The likely answers: the Chair's and the Secretariat's introductions, the panellists' presentations."""
    known = {fold(s.name): s for s in speakers if not s.deleted}
    found: list[Statement] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, name: str, category: str, role: str) -> None:
        if not name or (kind, fold(name)) in seen:
            return
        seen.add((kind, fold(name)))
        speaker = known.get(fold(name))
        found.append(Statement(kind, SpeakerChoice(
            name=speaker.name if speaker else name, category=speaker.category if speaker else category,
            speaker_id=speaker.id if speaker else None,
        ), role))

    add(INTRODUCTORY, session.chair or "Chair of the meeting", "presiding officer", "the Chair")
    add(INTRODUCTORY, session.moderator, "presiding officer", "the moderator")
    secretariat = [s.name for s in speakers if s.category == "United Nations Secretariat"
                   and not s.deleted] or [SECRETARIAT]
    for name in secretariat:
        add(INTRODUCTORY, name, "United Nations Secretariat", "the Secretariat")
    for name in panellists(session):
        add(PRESENTATION, name, "expert/panellist", "panellist")
    for speaker in speakers:
        if speaker.category == "expert/panellist" and not speaker.deleted:
            add(PRESENTATION, speaker.name, speaker.category, "panellist")
    for name in secretariat:
        add(PRESENTATION, name, "United Nations Secretariat", "the Secretariat")
    for speaker in speakers:
        if speaker.category == "presiding officer" and not speaker.deleted:
            add(INTRODUCTORY, speaker.name, speaker.category, "the Chair")
    return found


class StatementScreen(Dialog[tuple[str, SpeakerChoice] | None]):
    """Enter on a line saves the note as that; typing a name offers it as well; Escape keeps the note."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Keep the note as it is, unsaved"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]
    HELP_TITLE = "Nobody on the floor"

    def __init__(self, choices: list[Statement]) -> None:
        super().__init__()
        self.choices = choices
        self.shown: list[Statement] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("Nobody has the floor: what is this note?", classes="form-title")
            yield Input(placeholder="Another name: type it (or a few letters to filter)", id="who",
                        compact=True)
            yield OptionList(id="suggestions")
            yield Static("Enter saves the note as the line chosen · Esc keeps it unsaved",
                         classes="hint")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))
        self._refresh("")

    @on(Input.Changed, "#who")
    def _typed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, typed: str) -> None:
        typed = one_line(typed)
        shown = [c for c in self.choices if fold(typed) in fold(c.who.name)
                 or fold(typed) in fold(self._shown_name(c))] if typed else list(self.choices)
        if typed and not any(fold(typed) in (fold(c.who.name), fold(self._shown_name(c))) for c in shown):
            shown += [Statement(INTRODUCTORY, SpeakerChoice(typed, "presiding officer"), "new"),
                      Statement(PRESENTATION, SpeakerChoice(typed, "expert/panellist"), "new")]
        self.shown = shown
        options = self.query_one(OptionList)
        options.set_options(
            Option(Content.assemble((c.kind.capitalize(), "bold"), " by ", self._who(c)))
            for c in shown
        )
        if shown:
            options.highlighted = 0

    @staticmethod
    def _shown_name(choice: Statement) -> str:
        """The name as lists show it: the acronym of a known organization."""
        return speaker_name(Speaker(id="", name=choice.who.name))

    def _who(self, choice: Statement) -> Content:
        name = self._shown_name(choice)
        if choice.role == "new":
            return Content.assemble(name, ("  new speaker", "$text-muted"))
        return Content.assemble(choice.role, " " if choice.role == "panellist" else ", ", name)

    def action_move(self, offset: int) -> None:
        options = self.query_one(OptionList)
        if offset > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted, "#who")
    def _entered(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and highlighted < len(self.shown):
            self._chosen(highlighted)

    @on(OptionList.OptionSelected, "#suggestions")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._chosen(event.option_index)

    def _chosen(self, index: int) -> None:
        choice = self.shown[index]
        self.dismiss((choice.kind, choice.who))

    def action_cancel(self) -> None:
        self.dismiss(None)
