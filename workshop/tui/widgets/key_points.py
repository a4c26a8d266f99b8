"""Pieces of the synthesis screen: how interventions, key points and findings read in its lists,
the key point editor with its live subject, and the rapporteur's reordering of a list.

User text always goes in as `Content` parts (literal text), never through markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workshop.records import Finding
from workshop.text import one_line
from workshop.tui.display import letter

R = TypeVar("R")


def intervention_prompt(time: str, speaker: str, text: str) -> Content:
    """One intervention in the list to link from: time, speaker, then what was said."""
    return Content.assemble((time, "dim"), " ", (speaker, "bold"), "  ", one_line(text) or "(no text)")


def key_point_prompt(subject: str, predicate: str, linked: int) -> Content:
    """A key point as the summary will say it, with how many interventions back it."""
    noun = "intervention" if linked == 1 else "interventions"
    return Content.assemble((subject, "bold"), " ", one_line(predicate),
                            (f"  · {linked} {noun}", "dim"))


def finding_prompt(number: int, finding: Finding) -> Content:
    """A finding in the order list: its number in the summary, title (or text) and question."""
    label = one_line(finding.title) or one_line(finding.text) or "(untitled)"
    parts: list = [(f"{number:>2}. ", "bold"), label]
    if finding.question_ref:
        parts.append((f"  · question ({letter(finding.question_ref)})", "dim"))
    return Content.assemble(*parts)


def reorder(items: Sequence[R], positions: Sequence[float], index: int, offset: int) -> list[tuple[R, float]]:
    """Move `items[index]` by `offset` places; return the (item, new position) pairs that change.

    The items keep the positions they had between them (so other lists sharing the same numbers,
    such as findings of another kind, are not disturbed); positions that are not all distinct (a
    merged notebook) are spread out after the largest first.
    """
    target = max(0, min(len(items) - 1, index + offset))
    if not items or target == index:
        return []
    order = list(range(len(items)))
    order.insert(target, order.pop(index))
    slots = sorted(positions)
    if len(set(slots)) != len(slots):
        top = max(slots)
        slots = [top + n for n in range(1, len(items) + 1)]
    return [(items[i], slot) for i, slot in zip(order, slots) if positions[i] != slot]


class InterventionPicker(OptionList):
    """Interventions with a tick box each; space (or Enter) ticks the highlighted one.

    Textual's SelectionList draws its boxes for one-line options only, and what was said is
    read in full before it is linked: here the highlighted intervention is shown in full, its
    box on its first line, and the others on one line each. Wrapping every one of a long
    meeting's interventions to lay the list out took a third of a second at each question.
    """

    DEFAULT_CSS = """
    InterventionPicker { text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS = [Binding("space", "toggle", "Tick", show=False)]
    TICKED = ("[x] ", "bold $text-success")
    UNTICKED = ("[ ] ", "dim")
    INDENT = len(TICKED[0])  # the lines after the first start under the text, not the box

    class Changed(Message):
        """The ticked interventions changed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bodies: dict[str, Content] = {}
        self.ticked: set[str] = set()
        self._expanded: str | None = None  # the intervention shown in full (the highlighted one)

    def show(self, entries: Iterable[tuple[str, Content]], ticked: Iterable[str] = ()) -> None:
        """List these interventions (id, what the line says), ticking some."""
        self._bodies = dict(entries)
        self.ticked = set(ticked) & set(self._bodies)
        self._expanded = None
        self.set_options([Option(self._prompt(key), id=key) for key in self._bodies])
        if self._bodies:
            self.highlighted = 0
            self._expand(next(iter(self._bodies)))  # the watcher is not called if it was 0 already
        self.post_message(self.Changed())

    @property
    def keys(self) -> list[str]:
        """The ids of the interventions listed, in order."""
        return list(self._bodies)

    def watch_highlighted(self, highlighted: int | None) -> None:
        self._expand(self.options[highlighted].id if highlighted is not None and self.options else None)
        super().watch_highlighted(highlighted)

    def on_resize(self) -> None:
        expanded, self._expanded = self._expanded, None
        self._expand(expanded)

    def _expand(self, key: str | None) -> None:
        """Show `key` in full and the one shown in full before on one line again."""
        if key == self._expanded:
            return
        before, self._expanded = self._expanded, key
        for changed in (before, key):
            if changed in self._bodies:
                self.replace_option_prompt(changed, self._prompt(changed))

    def clear_ticks(self) -> None:
        """Untick everything."""
        for key in list(self.ticked):
            self.ticked.discard(key)
            self.replace_option_prompt(key, self._prompt(key))
        self.post_message(self.Changed())

    def _prompt(self, key: str) -> Content:
        box = Content.assemble(self.TICKED if key in self.ticked else self.UNTICKED)
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - padding.width - self.INDENT
        if key != self._expanded or width < 10:
            return box + self._bodies[key]
        # Wrapped here, line by line, since the list itself draws one line per row.
        lines = self._bodies[key].wrap(width)
        indent = Content(" " * self.INDENT)
        return Content("\n").join([box + lines[0], *(indent + line for line in lines[1:])])

    def action_toggle(self) -> None:
        """Tick or untick the highlighted intervention."""
        option = self.highlighted_option
        if option is None or option.id is None:
            return
        self.ticked.symmetric_difference_update({option.id})
        self.replace_option_prompt(option.id, self._prompt(option.id))
        self.post_message(self.Changed())

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle()


class KeyPointEditor(Horizontal):
    """The subject the summary will write (from the ticked interventions), then the predicate typed."""

    DEFAULT_CSS = """
    KeyPointEditor { height: auto; }
    KeyPointEditor #subject { width: auto; padding: 0 1 0 0; text-style: bold; color: $text-accent; }
    KeyPointEditor #predicate { width: 1fr; background: $boost; }
    KeyPointEditor #predicate:focus { background: $primary 25%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Participants", id="subject", markup=False)
        yield Input(placeholder="stressed the need for …", id="predicate", compact=True,
                    select_on_focus=False)

    @property
    def predicate(self) -> str:
        """What is typed, as it will be saved."""
        return self.query_one("#predicate", Input).value.strip()

    def show_subject(self, subject: str) -> None:
        """The counted subject ("Several speakers") for the interventions ticked now."""
        self.query_one("#subject", Static).update(Content(subject))

    def load(self, predicate: str) -> None:
        """Put a predicate in the field (an existing key point being edited, or nothing)."""
        field = self.query_one("#predicate", Input)
        field.value = predicate
        field.cursor_position = len(predicate)
