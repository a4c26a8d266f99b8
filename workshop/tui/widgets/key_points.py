"""Pieces of the synthesis screen: how interventions, key points and findings read in its lists,
the key point editor with its live subject, and the rapporteur's reordering of a list.

User text always goes in as `Content` parts (literal text), never through markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

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
