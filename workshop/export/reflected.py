"""Truth before export: the interventions that no key point reflects yet.

A report that summarizes only key points would drop every intervention not yet turned into one.
These functions say which remain, so that `workshop export` lists them on stderr, `--check` fails
while any remain, the preview warns and the synthesis screen counts them per question. Points of
order and introductory statements answer no question of the guide and are never counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from workshop.catalogue import Topic
from workshop.export.floor import PROCEDURAL_KINDS, FloorTally
from workshop.export.naming import delegation_of
from workshop.export.words import series
from workshop.records import Intervention, SessionRecord, Speaker

NO_QUESTION = ""  # the key of interventions tagged with no question


class Unreflected(NamedTuple):
    """Interventions of one speaker on one set of questions that no key point reflects."""

    count: int
    speaker: str  # "Mr. Paulo Mendes (Brazil)"
    questions: str  # "questions (b) and (c)", "no question"
    intervention_ids: tuple[str, ...]


def _records(records: SessionRecord | Sequence[SessionRecord]) -> Sequence[SessionRecord]:
    return [records] if isinstance(records, SessionRecord) else records


def reflected_ids(records: SessionRecord | Sequence[SessionRecord]) -> set[str]:
    """Ids of the interventions some live key point (with a predicate) links to."""
    return {
        i for r in _records(records) for p in r.key_points
        if not p.deleted and p.predicate.strip() for i in p.intervention_ids
    }


def unreflected_interventions(records: SessionRecord | Sequence[SessionRecord]) -> list[Intervention]:
    """The live interventions that answer questions and that no key point reflects, in speaking order."""
    linked = reflected_ids(records)
    return [
        i for r in _records(records) for i in r.interventions
        if not i.deleted and i.kind not in PROCEDURAL_KINDS and i.id not in linked
    ]


def unreflected_counts(records: SessionRecord | Sequence[SessionRecord]) -> dict[str, int]:
    """Per question reference, how many of its interventions no key point reflects ("" for none)."""
    counts: dict[str, int] = {}
    for intervention in unreflected_interventions(records):
        for ref in dict.fromkeys(intervention.question_refs or (NO_QUESTION,)):
            counts[ref] = counts.get(ref, 0) + 1
    return counts


def _speaker_label(speaker: Speaker | None) -> str:
    if speaker is None:
        return "an unidentified speaker"
    name, delegation = " ".join(speaker.name.split()), delegation_of(speaker)
    return f"{name} ({delegation})" if name and delegation != name else (name or delegation)


def _questions_label(topic: Topic | None, refs: tuple[str, ...]) -> str:
    if not refs:
        return "no question"
    labels = []
    for ref in refs:
        question = topic.question(ref) if topic else None
        labels.append(f"({question.letter})" if question else ref)
    return f"question{'s' if len(labels) > 1 else ''} {series(labels)}"


def unreflected(records: SessionRecord | Sequence[SessionRecord], topic: Topic | None = None) -> list[Unreflected]:
    """The interventions reflected in no key point, by speaker and questions, in speaking order.

    What the preview and `workshop export` show before an export; empty when every intervention
    that answers a question is behind some key point.
    """
    speakers = {sid: s for r in _records(records) for sid, s in r.speakers.items()}
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    labels: dict[tuple[str, tuple[str, ...]], tuple[str, str]] = {}
    for intervention in unreflected_interventions(records):
        refs = tuple(dict.fromkeys(intervention.question_refs))
        key = (intervention.speaker_id, refs)
        groups.setdefault(key, []).append(intervention.id)
        labels[key] = (_speaker_label(speakers.get(intervention.speaker_id)), _questions_label(topic, refs))
    return [Unreflected(len(ids), *labels[key], tuple(ids)) for key, ids in groups.items()]


def unreflected_lines(records: SessionRecord | Sequence[SessionRecord], topic: Topic | None = None) -> list[str]:
    """What to say of them, one line each, after a first line with the total ([] when none)."""
    return pending_lines(FloorTally.of(_records(records)), topic)


def pending_lines(floor: FloorTally, topic: Topic | None = None) -> list[str]:
    """The same lines from the floor's tally: its interventions that no key point reflects."""
    if not floor.pending:
        return []
    total = sum(p.interventions for p in floor.pending)
    lines = [f"{total} intervention{'s are' if total > 1 else ' is'} reflected in no key point:"]
    # A long meeting leaves tens of thousands of these on a few hundred speakers and question sets.
    speakers: dict[str, str] = {}
    questions: dict[tuple[str, ...], str] = {}
    for pending in floor.pending:
        if pending.speaker_id not in speakers:
            speakers[pending.speaker_id] = _speaker_label(floor.speakers.get(pending.speaker_id))
        if pending.question_refs not in questions:
            questions[pending.question_refs] = _questions_label(topic, pending.question_refs)
        lines.append(f"  {pending.interventions} by {speakers[pending.speaker_id]} on "
                     f"{questions[pending.question_refs]}")
    return lines
