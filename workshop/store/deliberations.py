"""What the synthesis reads of a session's deliberations: every intervention without its text, then
the text of those in view.

The synthesis lists a question's interventions one line each and shows the highlighted one in
full; a long meeting has ten thousand of them. It reads who spoke, when and on which questions
for every one, the first words of those the list draws, and the whole text of the highlighted one.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from workshop.export.reflected import PROCEDURAL_KINDS
from workshop.records import Speaker

if TYPE_CHECKING:
    from workshop.store.notebook import Notebook

HEAD_CHARS = 300  # more of the text than one line of the widest window shows
GENERAL = ""  # the general discussion: interventions on none of the topic's questions


class Heard(NamedTuple):
    """One live intervention as the synthesis lists it."""

    id: str
    speaker_id: str
    question_refs: tuple[str, ...]
    kind: str
    at: str  # when it began, or when it was recorded when that is not known


class Tally(NamedTuple):
    """How many interventions a question heard, and how many of them no key point reflects yet."""

    heard: int
    not_linked: int


@lru_cache(maxsize=4096)
def _refs(text: str) -> tuple[str, ...]:
    # The same few lists of question references come back on thousands of rows.
    return tuple(json.loads(text))


_HEARD = """
    SELECT id, speaker_id, question_refs, kind, coalesce(nullif(started_at, ''), created_at, '')
    FROM intervention WHERE session_id = ? AND deleted_at IS NULL
    ORDER BY started_at, created_at
"""
_HEADS = f"""
    SELECT id, ltrim(substr(coalesce(text, ''), 1, {HEAD_CHARS}), ' ' || char(9, 10, 13))
    FROM intervention WHERE id IN (SELECT value FROM json_each(?))
"""


class Deliberations:
    """A session's live interventions in speaking order, and the speakers heard, indexed once.

    The rows are kept as plain tuples, and each question's as places in them: Python's collector
    stops following a tuple of strings after its first pass, and ten thousand named tuples kept
    for as long as the screen is open made each of its full passes (at some key or other) longer.
    A question's interventions are made `Heard` when asked for.
    """

    def __init__(self, rows: list[tuple[str, str, tuple[str, ...], str, str]], speakers: dict[str, Speaker],
                 known: Collection[str]) -> None:
        """`rows`: (id, speaker id, question references, kind, time) of each intervention, in speaking order."""
        self._rows = rows
        self.speakers = speakers
        self.known = frozenset(known)
        self.order = {row[0]: n for n, row in enumerate(rows)}  # intervention id -> place in the rows
        self._on: dict[str, list[int]] = {}
        lists: dict[tuple[tuple[str, ...], bool], list[list[int]]] = {}  # the same few lists of references come back
        for n, (_, _, refs, kind, _) in enumerate(rows):
            procedural = kind in PROCEDURAL_KINDS
            if (targets := lists.get((refs, procedural))) is None:
                keys = list(dict.fromkeys(refs))
                if not self.known.intersection(refs) and not procedural:
                    keys.insert(0, GENERAL)
                targets = lists[refs, procedural] = [self._on.setdefault(key, []) for key in keys]
            for target in targets:
                target.append(n)

    @classmethod
    def read(cls, notebook: Notebook, session_id: str, known: Collection[str]) -> Deliberations:
        """Read a session's interventions (without their text) and speakers."""
        rows = [
            (id, speaker_id, _refs(refs) if refs else (), kind or "statement", at)
            for id, speaker_id, refs, kind, at in notebook.conn.execute(_HEARD, [session_id])
        ]
        # Only the speakers heard here (deleted ones too), as the session's record has them; the
        # notebook's list is short, the session's interventions are many.
        ids = {row[1] for row in rows}
        speakers = {s.id: s for s in notebook.rows(Speaker, include_deleted=True) if s.id in ids}
        return cls(rows, speakers, known)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def heard(self) -> list[Heard]:
        """Every live intervention, in speaking order."""
        return [Heard(*row) for row in self._rows]

    def heard_at(self, place: int) -> Heard:
        """The intervention at a place in speaking order (the value of `order`)."""
        return Heard(*self._rows[place])

    def on(self, ref: str) -> list[Heard]:
        """The interventions tagged with a question, in speaking order.

        For GENERAL, those tagged with none of the topic's questions, less what answers no
        question: the chair's opening, points of order.
        """
        rows = self._rows
        return [Heard(*rows[n]) for n in self._on.get(ref, ())]

    def speakers_of(self, intervention_ids: Iterable[str]) -> list[str]:
        """Distinct speaker ids behind some interventions, in the order they took the floor."""
        places = sorted({self.order[i] for i in intervention_ids if i in self.order})
        return list(dict.fromkeys(self._rows[n][1] for n in places))

    def tally(self, refs: Iterable[str], linked: Collection[str]) -> dict[str, Tally]:
        """Per question, what it heard and how many of those (not procedural) are not in `linked`."""
        rows = self._rows
        tallies = {}
        for ref in refs:
            on = self._on.get(ref, ())
            tallies[ref] = Tally(len(on), sum(1 for n in on if rows[n][3] not in PROCEDURAL_KINDS
                                              and rows[n][0] not in linked))
        return tallies


def intervention_heads(notebook: Notebook, intervention_ids: Iterable[str]) -> dict[str, str]:
    """The first HEAD_CHARS characters of some interventions' text, less the blanks they begin with."""
    return {id: head or "" for id, head in notebook.conn.execute(_HEADS, [json.dumps(list(intervention_ids))])}


def intervention_text(notebook: Notebook, intervention_id: str) -> str:
    """The whole text of one intervention ("" when there is none)."""
    row = notebook.conn.execute("SELECT text FROM intervention WHERE id = ?", [intervention_id]).fetchone()
    return (row[0] or "") if row else ""
