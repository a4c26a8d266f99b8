"""The Congress programme: workshops W1-W4 and agenda items A3-A6, word for word from the guide.

`programme.json` holds the topics, their objectives and questions; `guide.json` every paragraph of
the discussion guide (A/CONF.222/PM.1). Both are built from the guide's text by
scripts/build_catalogue.py. The paragraphs are read the first time something asks for them, so
that opening the app reads only the programme.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

GUIDE_SYMBOL = "A/CONF.222/PM.1"
_MARKS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_LIST_MARK = re.compile(r"(?:; and|;)$")


def without_marks(text: str) -> str:
    """Text with the guide's footnote marks (superscript digits) taken out."""
    return _MARKS.sub("", text)


class Footnote(NamedTuple):
    """A footnote of the guide, with the number its mark carries."""

    number: int
    text: str  # blocks joined by a blank line
    quoted: tuple[str, ...] = ()  # the blocks of `text` that are quotations


class Subparagraph(NamedTuple):
    """A lettered item of a paragraph ("a"), or an item of the agenda in para. 3 ("1" to "7")."""

    label: str
    text: str
    group: str | None = None  # the heading it falls under (Workshop 2's questions)


class Paragraph(NamedTuple):
    """One numbered paragraph of the guide, word for word, footnote marks kept where they stand."""

    number: int
    topic: str | None  # W1..W4, A3..A6; None for the introduction (paras. 1 to 14)
    section: str  # as the guide heads it: "A. Scope", "C. Questions for discussion"
    headings: tuple[str, ...]  # sub-headings within the section: "1. The role of ...", "(a) ..."
    text: str  # blocks joined by a blank line; a list's lead-in when it has subparagraphs
    quoted: tuple[str, ...]  # the blocks of `text` that are quotations
    subparagraphs: tuple[Subparagraph, ...]
    footnotes: tuple[Footnote, ...]

    @property
    def whole_text(self) -> str:
        """The text and its subparagraphs ("(a) ..."), a blank line between each."""
        items = [f"({s.label}) {s.text}" if s.label.isalpha() else f"{s.label}. {s.text}"
                 for s in self.subparagraphs]
        return "\n\n".join([self.text, *items])

    @property
    def blocks(self) -> list[tuple[str, bool]]:
        """The text's blocks, each with whether it is a quotation."""
        return [(block, block in self.quoted) for block in self.text.split("\n\n")]


class Objective(NamedTuple):
    """One objective of a topic; `letter` is None where the guide gives a whole paragraph."""

    ref: str  # W3.O.b; Workshop 2: W2.O (para. 90), W2.O.91 to W2.O.95
    letter: str | None
    text: str  # as the guide lists it, with its ";" where the list goes on
    paragraph: int = 0

    @property
    def statement(self) -> str:
        """The objective on its own: a lettered one without the list's ";", "; and" or final "."."""
        if self.letter is None:
            return self.text
        return _LIST_MARK.sub("", self.text).removesuffix(".")


class Question(NamedTuple):
    """A question for discussion (or an issue), with its official letter and, in Workshop 2, its group."""

    ref: str
    letter: str
    text: str  # as the guide lists it; an issue keeps its ";" where the list goes on
    group: str | None = None
    paragraph: int = 0
    kind: str = "question"  # "question", or "issue" in the lists of agenda item 6 and Workshop 4

    @property
    def label(self) -> str:
        """"Question (b)" or "Issue (b)"."""
        return f"{self.kind.capitalize()} ({self.letter})"

    @property
    def statement(self) -> str:
        """The item on its own: an issue without the list's ";", "; and" or final "."."""
        if self.kind == "question":
            return self.text
        return _LIST_MARK.sub("", self.text).removesuffix(".")


class Topic(NamedTuple):
    """A workshop or substantive agenda item of the Congress."""

    key: str
    kind: str  # "workshop" or "agenda item"
    number: int
    title: str
    short_title: str
    scope_paragraphs: tuple[int, ...]  # workshops: "A. Scope"; agenda items: sections A and B
    objectives: tuple[Objective, ...]
    questions: tuple[Question, ...]
    questions_kind: str = "questions"  # or "issues" (agenda item 6, Workshop 4)
    questions_paragraph: int = 0  # the paragraph that lists them
    questions_lead_in: str = ""  # that paragraph's sentence introducing the list

    @property
    def label(self) -> str:
        """The topic as the programme names it: "Workshop 3" or "Agenda item 4"."""
        return f"{self.kind.capitalize()} {self.number}"

    def question(self, ref: str) -> Question | None:
        """The question with this reference, if it belongs to this topic."""
        return next((q for q in self.questions if q.ref == ref), None)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Every paragraph of the topic's part of the guide, in order."""
        return _guide().by_topic.get(self.key, ())

    @property
    def scope(self) -> str:
        """The scope paragraphs as the guide writes them, footnote marks out, a blank line between."""
        return "\n\n".join(without_marks(_guide().paragraphs[n - 1].whole_text)
                           for n in self.scope_paragraphs)


class Agenda(NamedTuple):
    """An item of the Congress's provisional agenda (para. 3)."""

    number: int
    title: str


class Guide(NamedTuple):
    """The discussion guide's text: its paragraphs 1 to the last, the main theme and the agenda."""

    symbol: str
    main_theme: str  # para. 2
    agenda: tuple[Agenda, ...]  # para. 3
    paragraphs: tuple[Paragraph, ...]  # paragraphs[n - 1] is para. n
    by_topic: dict[str, tuple[Paragraph, ...]]

    @property
    def introduction(self) -> tuple[Paragraph, ...]:
        """Part I: the paragraphs before the first agenda item."""
        return tuple(p for p in self.paragraphs if p.topic is None)

    def paragraph(self, number: int) -> Paragraph | None:
        """Paragraph `number` of the guide, if it has one."""
        return self.paragraphs[number - 1] if 1 <= number <= len(self.paragraphs) else None


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

    def objective(self, ref: str) -> Objective | None:
        """An objective by its stable reference, such as W3.O.b or W2.O.91."""
        topic = self.topic(ref.split(".", 1)[0])
        return next((o for o in topic.objectives if o.ref == ref), None) if topic else None

    @property
    def guide(self) -> Guide:
        """The guide's whole text (read on first use)."""
        return _guide()


def _read(name: str) -> dict:
    return json.loads(Path(__file__).with_name(name).read_text(encoding="utf-8"))


def _topic(entry: dict) -> Topic:
    kind = "issue" if entry["questions_kind"] == "issues" else "question"
    return Topic(
        key=entry["key"],
        kind=entry["kind"],
        number=entry["number"],
        title=entry["title"],
        short_title=entry["short_title"],
        scope_paragraphs=tuple(entry["scope"]),
        objectives=tuple(Objective(**o) for o in entry["objectives"]),
        questions=tuple(Question(**q, kind=kind) for q in entry["questions"]),
        questions_kind=entry["questions_kind"],
        questions_paragraph=entry["questions_paragraph"],
        questions_lead_in=entry["questions_lead_in"],
    )


def _paragraph(entry: dict) -> Paragraph:
    return Paragraph(
        number=entry["number"], topic=entry["topic"], section=entry["section"],
        headings=tuple(entry["headings"]), text=entry["text"], quoted=tuple(entry["quoted"]),
        subparagraphs=tuple(Subparagraph(**s) for s in entry["subparagraphs"]),
        footnotes=tuple(Footnote(f["number"], f["text"], tuple(f["quoted"]))
                        for f in entry["footnotes"]),
    )


@cache
def load_catalogue() -> Catalogue:
    """Read the programme shipped inside the package (read once, then shared)."""
    return Catalogue(tuple(_topic(entry) for entry in _read("programme.json")["topics"]))


@cache
def _guide() -> Guide:
    """The guide's paragraphs (read once, the first time they are asked for)."""
    document = _read("guide.json")
    paragraphs = tuple(_paragraph(p) for p in document["paragraphs"])
    by_topic: dict[str, list[Paragraph]] = {}
    for p in paragraphs:
        if p.topic:
            by_topic.setdefault(p.topic, []).append(p)
    return Guide(
        symbol=document["symbol"],
        main_theme=document["main_theme"],
        agenda=tuple(Agenda(**a) for a in document["agenda"]),
        paragraphs=paragraphs,
        by_topic={key: tuple(ps) for key, ps in by_topic.items()},
    )
