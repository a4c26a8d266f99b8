"""Adding a speaker to the list: type a few letters, pick a known delegation or speaker, or a new name."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from workshop.catalogue.delegations import (
    delegations_by_name,
    fold,
    load_delegations,
    match_rank,
)
from workshop.records import GENDERS, QUEUE_KINDS, REGIONAL_GROUPS, SPEAKER_CATEGORIES, Speaker
from workshop.text import one_line
from workshop.tui.meeting import SpeakerChoice
from workshop.tui.screens.dialog import Dialog
from workshop.tui.widgets.choice import LazySelect

MAX_SUGGESTIONS = 40
NEW = "new"
STATES = ("Member State", "observer State")  # the categories that belong to a regional group


@dataclass(frozen=True)
class Candidate:
    """A name the rapporteur may mean: a speaker of the notebook or a built-in delegation."""

    key: str
    name: str
    category: str
    regional_group: str = ""
    delegation: str = ""
    speaker_id: str | None = None
    aliases: tuple[str, ...] = ()
    gender: str = ""
    note: str = ""  # what the list shows after the name


def candidates(speakers: list[Speaker]) -> list[Candidate]:
    """The notebook's speakers first, then the built-in delegations not already among them."""
    known = {fold(s.name) for s in speakers}
    builtin = delegations_by_name()

    def aliases(speaker: Speaker) -> tuple[str, ...]:
        delegation = builtin.get(fold(speaker.name))
        return (speaker.delegation, *(delegation.aliases if delegation else ()))

    found = [
        Candidate(f"s:{s.id}", s.name, s.category, s.regional_group, s.delegation, s.id,
                  aliases(s), gender=s.gender, note=f"{s.category} · in notebook")
        for s in speakers
    ]
    found += [
        Candidate(f"d:{index}", d.name, d.category, d.regional_group, aliases=d.aliases,
                  note=d.category + (f" · {d.short}" if d.short else ""))
        for index, d in enumerate(load_delegations())
        if fold(d.name) not in known
    ]
    return found


def suggest(query: str, pool: list[Candidate]) -> list[Candidate]:
    """The candidates matching what was typed, best first (notebook speakers win ties)."""
    ranked = []
    for order, candidate in enumerate(pool):
        rank = match_rank(query, (candidate.name, *candidate.aliases))
        if rank is not None:
            ranked.append((rank, order, candidate))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [candidate for _, _, candidate in ranked[:MAX_SUGGESTIONS]]


class SpeakerScreen(Dialog[SpeakerChoice | None]):
    """Enter on a suggestion adds it at once; a new name goes on to its category, then Ctrl+S."""

    BINDINGS = [
        Binding("ctrl+s", "add", "Add to list", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "suggestion(1)", "Next suggestion", show=False),
        Binding("up", "suggestion(-1)", "Previous suggestion", show=False),
    ]
    HELP_TITLE = "Add a speaker"

    def __init__(self, speakers: list[Speaker], kind: str = "statement") -> None:
        super().__init__()
        self.pool = candidates(speakers)
        self.kind = kind
        self.shown: list[Candidate] = []
        self.filled_from: str | None = None  # the suggestion the fields were last filled from

    def compose(self) -> ComposeResult:
        title = "Point of order" if self.kind == "point of order" else "Add to the list of speakers"
        with Vertical(classes="form"):
            yield Static(title, classes="form-title")
            yield Input(placeholder="Type a few letters: country, organization or a person's name",
                        id="name", compact=True)
            yield OptionList(id="suggestions", markup=False)
            with Grid(classes="fields"):
                yield Label("Category")
                yield LazySelect([(c, c) for c in SPEAKER_CATEGORIES], value="other",
                                 allow_blank=False, id="category", compact=True)
                yield Label("Regional group")
                yield LazySelect([(g, g) for g in REGIONAL_GROUPS], prompt="none", id="group",
                                 compact=True)
                yield Label("Delegation")
                yield Input(placeholder="for a person: the delegation they speak for",
                            id="delegation", compact=True)
                yield Label("Gender")
                yield LazySelect([(g, g) for g in GENDERS], prompt="not recorded", id="gender",
                                 compact=True)
                yield Label("Asks for")
                yield LazySelect([(k, k) for k in QUEUE_KINDS], value=self.kind, allow_blank=False,
                                 id="kind", compact=True)
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Static("Enter picks · Ctrl+S adds · Esc cancels", classes="hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Add", id="add", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#name", Input))
        self._refresh("")

    @property
    def typed(self) -> str:
        return one_line(self.query_one("#name", Input).value)

    @on(Input.Changed, "#name")
    def _name_changed(self, event: Input.Changed) -> None:
        self._refresh(event.value)

    def _refresh(self, query: str) -> None:
        query = one_line(query)
        self.shown = suggest(query, self.pool) if query else []
        options = [
            Option(Content.assemble(c.name, ("  " + c.note, "$text-muted")), id=c.key)
            for c in self.shown
        ]
        if query and not any(fold(c.name) == fold(query) for c in self.shown):
            options.append(Option(Content.assemble(("+ New speaker: ", "bold"), query), id=NEW))
        suggestions = self.query_one("#suggestions", OptionList)
        suggestions.set_options(options)
        if options:
            suggestions.highlighted = 0
        else:
            suggestions.add_option(Option(
                Content.styled("Suggestions appear as you type.", "italic $text-muted"),
                disabled=True,
            ))

    @property
    def picked(self) -> Candidate | None:
        """The highlighted suggestion, or None for a new name (or nothing typed)."""
        option = self.query_one("#suggestions", OptionList).highlighted_option
        if option is None or option.id in (None, NEW):
            return None
        return next((c for c in self.shown if c.key == option.id), None)

    @on(OptionList.OptionHighlighted, "#suggestions")
    def _fill_fields(self, event: OptionList.OptionHighlighted) -> None:
        candidate = self.picked
        if candidate is None:
            # A new name starts blank, not with what the last partial match filled in.
            if self.filled_from is not None:
                self._fill(Candidate(NEW, "", "other"))
                self.filled_from = None
            return
        self._fill(candidate)
        self.filled_from = candidate.key

    def _fill(self, candidate: Candidate) -> None:
        self.query_one("#category", Select).value = candidate.category
        self._set_group(candidate.regional_group)
        self.query_one("#delegation", Input).value = candidate.delegation
        gender = self.query_one("#gender", Select)
        if candidate.gender in GENDERS:
            gender.value = candidate.gender
        else:
            gender.clear()

    def _set_group(self, regional_group: str) -> None:
        group = self.query_one("#group", Select)
        if regional_group in REGIONAL_GROUPS:
            group.value = regional_group
        else:
            group.clear()

    @on(Select.Changed, "#category")
    def _category_chosen(self, event: Select.Changed) -> None:
        # Only States belong to a regional group: an NGO or a person keeps none.
        if event.value not in STATES:
            self._set_group("")

    def action_suggestion(self, offset: int) -> None:
        suggestions = self.query_one("#suggestions", OptionList)
        if self.focused is self.query_one("#name", Input):
            if offset > 0:
                suggestions.action_cursor_down()
            else:
                suggestions.action_cursor_up()
        else:
            self.focus_next() if offset > 0 else self.focus_previous()

    @on(Input.Submitted, "#name")
    def _name_entered(self) -> None:
        if self.picked is not None:
            self.action_add()
        elif self.typed:
            self.query_one("#category", Select).focus()

    @on(OptionList.OptionSelected, "#suggestions")
    def _suggestion_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW:
            self.query_one("#category", Select).focus()
        else:
            self.action_add()

    @on(Input.Submitted, "#delegation")
    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        choice = self._read()
        if choice is not None:
            self.dismiss(choice)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _read(self) -> SpeakerChoice | None:
        candidate = self.picked
        name = candidate.name if candidate else self.typed
        if not name:
            self.query_one("#error", Static).update("Type the speaker's name or a few letters of it.")
            return None
        group = self.query_one("#group", Select).value
        gender = self.query_one("#gender", Select).value
        return SpeakerChoice(
            name=name,
            category=str(self.query_one("#category", Select).value),
            regional_group="" if group is Select.NULL else str(group),
            delegation=one_line(self.query_one("#delegation", Input).value),
            kind=str(self.query_one("#kind", Select).value),
            speaker_id=candidate.speaker_id if candidate else None,
            gender="" if gender is Select.NULL else str(gender),
        )
