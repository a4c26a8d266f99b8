"""Who took the floor in the summarized sessions, as much as a summary says of it.

Neither form of the summary quotes an intervention: they name who spoke (in the order they first
took the floor, by kind of intervention), count interventions and speaking time per speaker, say
which questions were spoken to, who is behind each key point, and which interventions no key point
reflects. A FloorTally keeps exactly that, per speaker and per key point, counted in one pass over
the interventions in speaking order: from a cursor of the notebook for an export
(`workshop.store.floor`), from records for the preview and the tests (`FloorTally.of`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from workshop.records import Intervention, KeyPoint, Session, SessionRecord, Speaker

# Points of order and introductory statements answer no question of the guide: no key point is
# expected to reflect them.
PROCEDURAL_KINDS = ("point of order", "introductory statement")


class Turn(NamedTuple):
    """One live intervention as the tally reads it: everything but its text and times."""

    id: str  # what key points link it by
    speaker_id: str
    kind: str
    seconds: int
    question_refs: tuple[str, ...]


class Turns(NamedTuple):
    """One speaker's live interventions of one kind."""

    speaker_id: str
    kind: str
    first: int  # the place of the first of them in speaking order, from 0
    interventions: int
    seconds: int  # their speaking time, a negative duration counted as none


class Pending(NamedTuple):
    """Interventions of one speaker on one set of questions that no key point reflects yet."""

    speaker_id: str
    question_refs: tuple[str, ...]  # each question once, in the order tagged
    interventions: int


class FloorTally(NamedTuple):
    """The speakers of the summarized sessions, what they spoke to, and who is behind each key point."""

    speakers: Mapping[str, Speaker]  # the rows of everyone heard, deleted speakers too
    turns: tuple[Turns, ...]  # in the order of their first intervention; empty when nothing was said
    question_refs: frozenset[str]  # every question some live intervention is tagged with
    behind: Mapping[str, tuple[str, ...]]  # key point id -> its speakers' ids, in speaking order
    pending: tuple[Pending, ...]  # in the order of their first intervention

    @classmethod
    def of(cls, records: Sequence[SessionRecord]) -> FloorTally:
        """The tally of some records: sessions in the given order, interventions in theirs."""
        speakers: dict[str, Speaker] = {}
        for record in records:
            speakers.update(record.speakers)
        turns = (
            Turn(i.id, i.speaker_id, i.kind, i.seconds, i.question_refs)
            for r in records for i in r.interventions if not i.deleted
        )
        return tally(turns, [p for r in records for p in r.key_points if not p.deleted], speakers)

    @property
    def interventions(self) -> int:
        """How many live interventions were made."""
        return sum(t.interventions for t in self.turns)

    def who(self, *kinds: str) -> list[str]:
        """Ids of the speakers with interventions of these kinds, in the order they first made one."""
        return list(dict.fromkeys(t.speaker_id for t in self.turns if t.kind in kinds))

    def speakers_behind(self, point: KeyPoint) -> tuple[str, ...]:
        """Ids of the distinct speakers of a key point's live interventions, in speaking order."""
        return self.behind.get(point.id, ())

    def by_speaker(self) -> tuple[Counter[str], Counter[str]]:
        """Interventions and speaking time of each speaker, in the order they first spoke."""
        interventions: Counter[str] = Counter()
        seconds: Counter[str] = Counter()
        for turns in self.turns:
            interventions[turns.speaker_id] += turns.interventions
            seconds[turns.speaker_id] += turns.seconds
        return interventions, seconds


def tally(turns: Iterable[Sequence], key_points: Sequence[KeyPoint], speakers: Mapping[str, Speaker],
          points_of: Mapping[str | int, int | list[int]] | None = None,
          read_refs: Callable[[object], Iterable[str]] = tuple) -> FloorTally:
    """Count the floor from the live interventions in speaking order and the live key points.

    `turns` gives each intervention as the fields of a Turn, its question references as stored:
    `read_refs` reads them (a tuple as it is; the notebook's JSON text), once for each distinct
    value. One pass that holds per speaker and per key point only: `turns` may be a cursor over
    100,000 rows, so the loop does as little as it can for each.
    """
    if points_of is None:  # turn id -> the place in `key_points` of the key point that links it, or their places
        points_of = {}
        for n, point in enumerate(key_points):
            for intervention_id in point.intervention_ids:
                points_of.setdefault(intervention_id, []).append(n)
    says = [bool(point.predicate.strip()) for point in key_points]  # a key point that says nothing reflects nothing
    behind: list[list[str]] = [[] for _ in key_points]
    counts: dict[tuple[str, str], list] = {}
    asked: dict[object, tuple[str, ...]] = {}  # question refs as stored -> each question once
    pending: dict[tuple[str, tuple[str, ...]], int] = {}
    # Bound once: a lookup of a method costs as much as the call on 100,000 rows.
    counts_get, asked_get, points_get, pending_get = counts.get, asked.get, points_of.get, pending.get
    place = 0
    for turn_id, speaker_id, kind, seconds, refs in turns:
        found = counts_get((speaker_id, kind))
        if found is None:
            # One string for each speaker, kept with the count: the key points and the pending
            # interventions hold this one, not one a row.
            found = counts[speaker_id, kind] = [place, 0, 0, speaker_id]
        else:
            speaker_id = found[3]
        found[1] += 1
        if seconds > 0:
            found[2] += seconds
        place += 1
        questions = asked_get(refs)
        if questions is None:
            questions = asked[refs] = tuple(dict.fromkeys(read_refs(refs) if refs else ()))
        linked = points_get(turn_id)
        if linked is not None:
            reflected = False
            for n in (linked,) if linked.__class__ is int else linked:
                if speaker_id not in behind[n]:  # turns come in speaking order: the first is kept
                    behind[n].append(speaker_id)
                reflected = reflected or says[n]
            if reflected:
                continue
        if kind not in PROCEDURAL_KINDS:
            key = (speaker_id, questions)
            pending[key] = pending_get(key, 0) + 1
    return FloorTally(
        speakers=speakers,
        turns=tuple(Turns(sid, kind, first, n, seconds) for (_, kind), (first, n, seconds, sid) in counts.items()),
        question_refs=frozenset(ref for refs in asked.values() for ref in refs),
        behind={point.id: tuple(ids) for point, ids in zip(key_points, behind) if ids},
        pending=tuple(Pending(sid, refs, n) for (sid, refs), n in pending.items()),
    )


def first_turns(floor: FloorTally) -> list[SessionRecord]:
    """One intervention for each speaker heard: what counting delegations and persons needs."""
    # statement_line counts distinct speakers only, so one turn each says what all of them say.
    turns = tuple(Intervention(id=sid, speaker_id=sid) for sid in dict.fromkeys(t.speaker_id for t in floor.turns))
    return [SessionRecord(Session(id=""), floor.speakers, turns)]
