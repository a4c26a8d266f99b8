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
    """A session's live interventions in speaking order, and the speakers heard, indexed once."""

    def __init__(self, heard: list[Heard], speakers: dict[str, Speaker], known: Collection[str]) -> None:
        self.heard = heard
        self.speakers = speakers
        self.known = frozenset(known)
        self.order = {h.id: n for n, h in enumerate(heard)}  # intervention id -> place in `heard`
        self._on: dict[str, list[Heard]] = {}
        for h in heard:
            refs = self.known.intersection(h.question_refs)
            if not refs and h.kind not in PROCEDURAL_KINDS:
                self._on.setdefault(GENERAL, []).append(h)
            for ref in dict.fromkeys(h.question_refs):
                self._on.setdefault(ref, []).append(h)

    @classmethod
    def read(cls, notebook: Notebook, session_id: str, known: Collection[str]) -> Deliberations:
        """Read a session's interventions (without their text) and speakers."""
        heard = [
            Heard(id, speaker_id, _refs(refs) if refs else (), kind or "statement", at)
            for id, speaker_id, refs, kind, at in notebook.conn.execute(_HEARD, [session_id])
        ]
        # Only the speakers heard here (deleted ones too), as the session's record has them; the
        # notebook's list is short, the session's interventions are many.
        ids = {h.speaker_id for h in heard}
        speakers = {s.id: s for s in notebook.rows(Speaker, include_deleted=True) if s.id in ids}
        return cls(heard, speakers, known)

    def on(self, ref: str) -> list[Heard]:
        """The interventions tagged with a question, in speaking order.

        For GENERAL, those tagged with none of the topic's questions, less what answers no
        question: the chair's opening, points of order.
        """
        return self._on.get(ref, [])

    def speakers_of(self, intervention_ids: Iterable[str]) -> list[str]:
        """Distinct speaker ids behind some interventions, in the order they took the floor."""
        places = sorted({self.order[i] for i in intervention_ids if i in self.order})
        return list(dict.fromkeys(self.heard[n].speaker_id for n in places))

    def tally(self, refs: Iterable[str], linked: Collection[str]) -> dict[str, Tally]:
        """Per question, what it heard and how many of those (not procedural) are not in `linked`."""
        return {ref: Tally(len(on := self.on(ref)),
                           sum(1 for h in on if h.kind not in PROCEDURAL_KINDS and h.id not in linked))
                for ref in refs}


def intervention_heads(notebook: Notebook, intervention_ids: Iterable[str]) -> dict[str, str]:
    """The first HEAD_CHARS characters of some interventions' text, less the blanks they begin with."""
    return {id: head or "" for id, head in notebook.conn.execute(_HEADS, [json.dumps(list(intervention_ids))])}


def intervention_text(notebook: Notebook, intervention_id: str) -> str:
    """The whole text of one intervention ("" when there is none)."""
    row = notebook.conn.execute("SELECT text FROM intervention WHERE id = ?", [intervention_id]).fetchone()
    return (row[0] or "") if row else ""
