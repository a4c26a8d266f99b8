"""The Congress programme: workshops W1-W4 and agenda items A3-A6, word for word from the guide."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import NamedTuple


class Objective(NamedTuple):
    """One objective of a topic; `letter` is None where the guide gives an unlettered paragraph."""

    ref: str
    letter: str | None
    text: str


class Question(NamedTuple):
    """One question for discussion, with its official letter and, in Workshop 2, its group."""

    ref: str
    letter: str
    text: str
    group: str | None = None


class Topic(NamedTuple):
    """A workshop or substantive agenda item of the Congress."""

    key: str
    kind: str  # "workshop" or "agenda item"
    number: int
    title: str
    short_title: str
    scope: str
    objectives: tuple[Objective, ...]
    questions: tuple[Question, ...]

    @property
    def label(self) -> str:
        """The topic as the programme names it: "Workshop 3" or "Agenda item 4"."""
        return f"{self.kind.capitalize()} {self.number}"

    def question(self, ref: str) -> Question | None:
        """The question with this reference, if it belongs to this topic."""
        return next((q for q in self.questions if q.ref == ref), None)


class Catalogue(NamedTuple):
    """The whole programme, in the order of the guide's agenda."""

    topics: tuple[Topic, ...]

    def topic(self, key: str) -> Topic | None:
        """The topic with this key (W1..W4, A3..A6), case-insensitive."""
        key = key.strip().upper()
        return next((t for t in self.topics if t.key == key), None)

    def question(self, ref: str) -> Question | None:
        """A question by its stable reference, such as W3.Q.b."""
        topic = self.topic(ref.split(".", 1)[0])
        return topic.question(ref) if topic else None


def _topic(entry: dict) -> Topic:
    return Topic(
        key=entry["key"],
        kind=entry["kind"],
        number=entry["number"],
        title=entry["title"],
        short_title=entry["short_title"],
        scope=entry["scope"],
        objectives=tuple(Objective(**o) for o in entry["objectives"]),
        questions=tuple(Question(**q) for q in entry["questions"]),
    )


@cache
def load_catalogue() -> Catalogue:
    """Read the programme shipped inside the package (read once, then shared)."""
    text = Path(__file__).with_name("programme.json").read_text(encoding="utf-8")
    return Catalogue(tuple(_topic(entry) for entry in json.loads(text)["topics"]))
