"""Editing a recorded intervention: its text, speaker, speaking time and the questions it answers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, SelectionList, Static, TextArea

from workshop.catalogue import Topic
from workshop.records import Intervention
from workshop.text import one_line
from workshop.tui.display import duration, letter
from workshop.tui.screens.dialog import Dialog

TIME = re.compile(r"^\s*(?:(\d+):)?(\d+):(\d{1,2})\s*$|^\s*(\d+)\s*$")


def read_duration(text: str) -> int | None:
    """Seconds from "m:ss", "h:mm:ss" or a plain number of seconds; None if it is none of those."""
    match = TIME.match(text)
    if match is None:
        return None
    hours, minutes, secs, plain_seconds = match.groups()
    if plain_seconds is not None:
        return int(plain_seconds)
    if int(secs) >= 60:
        return None
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)


@dataclass(frozen=True)
class InterventionEdit:
    """The edited text, question tags, speaker and speaking time."""

    text: str
    question_refs: tuple[str, ...]
    speaker_id: str | None = None
    seconds: int | None = None


class InterventionScreen(Dialog[InterventionEdit | None]):
    """Ctrl+S saves, Escape cancels; space ticks a question in the list."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save intervention", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP_TITLE = "Intervention"
    UNSAVED = "the changes to the intervention"

    def __init__(
        self, topic: Topic, heading: str, intervention: Intervention,
        speakers: list[tuple[str, str]] = (),
    ) -> None:
        super().__init__()
        self.topic = topic
        self.heading = heading
        self.intervention = intervention
        self.speakers = list(speakers)  # (name shown, speaker id), for correcting the speaker
        if intervention.speaker_id not in {speaker_id for _, speaker_id in self.speakers}:
            self.speakers.insert(0, ("(unknown speaker)", intervention.speaker_id))

    def compose(self) -> ComposeResult:
        intervention = self.intervention
        with Vertical(classes="form"):
            yield Static(Content(self.heading), classes="form-title")
            yield TextArea(intervention.text, id="text", soft_wrap=True, tab_behavior="focus")
            with Grid(classes="fields"):
                yield Label("Speaker")
                yield Select(self.speakers, value=intervention.speaker_id, allow_blank=False,
                             id="speaker", compact=True)
                yield Label("Speaking time")
                yield Input(duration(intervention.seconds), id="seconds", compact=True,
                            placeholder="m:ss")
            yield Static("Questions it answers (space ticks):", classes="hint")
            yield SelectionList[str](
                *[(Content(f"({letter(q.ref)}) {one_line(q.text)}"), q.ref,
                   q.ref in intervention.question_refs)
                  for q in self.topic.questions],
                id="refs",
            )
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Static("Ctrl+S saves · Esc cancels", classes="hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#text", TextArea))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        seconds = read_duration(self.query_one("#seconds", Input).value)
        if seconds is None:
            self.query_one("#error", Static).update(
                "Speaking time: minutes and seconds, like 2:30 (or h:mm:ss).")
            self.query_one("#seconds", Input).focus()
            return
        chosen = set(self.query_one("#refs", SelectionList).selected)
        refs = tuple(q.ref for q in self.topic.questions if q.ref in chosen)
        speaker = self.query_one("#speaker", Select).value
        self.dismiss(InterventionEdit(
            self.query_one("#text", TextArea).text, refs,
            speaker_id=None if speaker is Select.NULL else str(speaker), seconds=seconds,
        ))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
