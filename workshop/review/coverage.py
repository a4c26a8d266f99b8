"""Which questions of a topic were discussed, and how much, across all its sessions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop.catalogue import Catalogue, Question, Topic, load_catalogue
from workshop.records import QUESTION_STATUSES, QuestionState, Session, SessionRecord
from workshop.store import tallies

if TYPE_CHECKING:
    from workshop.store import Notebook


@dataclass(frozen=True)
class QuestionCoverage:
    """What was recorded on one question, summed over the sessions of its topic."""

    question: Question
    interventions: int = 0
    findings: int = 0
    key_points: int = 0
    speakers: int = 0  # distinct speakers of the interventions tagged with the question
    seconds: int = 0  # speaking time of those interventions
    synthesis: bool = False  # the rapporteur wrote a synthesis in at least one session
    status: str = "pending"  # the furthest status any session gave it

    @property
    def discussed(self) -> bool:
        """True when anything was recorded on the question: an intervention, finding or key point."""
        return bool(self.interventions or self.findings or self.key_points)


@dataclass(frozen=True)
class TopicCoverage:
    """A topic's questions in catalogue order, with what was recorded on each."""

    topic: Topic
    session_ids: tuple[str, ...]
    questions: tuple[QuestionCoverage, ...]
    untagged_interventions: int = 0  # statements tagged with none of the topic's questions

    @property
    def undiscussed(self) -> tuple[Question, ...]:
        """The questions nobody discussed: nothing recorded on them in any session."""
        return tuple(q.question for q in self.questions if not q.discussed)

    @property
    def discussed_count(self) -> int:
        """How many of the topic's questions had anything recorded on them."""
        return sum(1 for q in self.questions if q.discussed)

    def as_json(self) -> dict:
        """Plain JSON values (`workshop stats --json`)."""
        return {
            "topic": self.topic.key,
            "sessions": list(self.session_ids),
            "questions": [
                {
                    "ref": q.question.ref, "letter": q.question.letter,
                    "interventions": q.interventions, "findings": q.findings,
                    "key_points": q.key_points, "speakers": q.speakers, "seconds": q.seconds,
                    "synthesis": q.synthesis, "status": q.status, "discussed": q.discussed,
                }
                for q in self.questions
            ],
            "undiscussed": [q.ref for q in self.undiscussed],
            "untagged_interventions": self.untagged_interventions,
        }


# Interventions that answer no question by their nature: not "on no question" by an oversight.
PROCEDURAL_KINDS = ("point of order", "introductory statement")

# How far a question got, for folding several sessions' statuses into one.
_STATUS_ORDER = {"pending": 0, "skipped": 1, "current": 2, "discussed": 3}
assert set(_STATUS_ORDER) == set(QUESTION_STATUSES)


def shown_status(status: str, recorded: int) -> str:
    """The status coverage gives a question: one with anything recorded on it was discussed.

    A session may leave a question "pending" or "skipped" though speakers spoke to it (the chair
    never made it current); the count of questions discussed and the export go by what was said.
    """
    return "discussed" if recorded and status in ("pending", "skipped") else status


def topic_coverage(topic: Topic, records: Iterable[SessionRecord]) -> TopicCoverage:
    """Coverage of one topic's questions from its sessions (records of other topics are ignored)."""
    records = [r for r in records if r.session.topic == topic.key]
    refs = {q.ref for q in topic.questions}
    interventions = {ref: 0 for ref in refs}
    seconds = {ref: 0 for ref in refs}
    speakers: dict[str, set[str]] = {ref: set() for ref in refs}
    findings = {ref: 0 for ref in refs}
    key_points = {ref: 0 for ref in refs}
    untagged = 0
    for record in records:
        for i in record.interventions:
            if i.deleted:
                continue
            tagged = set(i.question_refs) & refs
            if not tagged and i.kind not in PROCEDURAL_KINDS:
                untagged += 1
            for ref in tagged:
                interventions[ref] += 1
                seconds[ref] += max(0, i.seconds or 0)
                speakers[ref].add(i.speaker_id)
        for f in record.findings:
            if not f.deleted and f.question_ref in refs:
                findings[f.question_ref] += 1
        for k in record.key_points:
            if not k.deleted and k.question_ref in refs:
                key_points[k.question_ref] += 1
    spoken = {ref: (interventions[ref], seconds[ref], len(speakers[ref])) for ref in refs}
    states = [s for r in records for s in r.question_states if not s.deleted]
    return coverage_of(topic, [r.session.id for r in records], spoken, untagged, findings, key_points, states)


def coverage_of(
    topic: Topic, session_ids: Sequence[str], spoken: Mapping[str, tuple[int, int, int]], untagged: int,
    findings: Mapping[str, int], key_points: Mapping[str, int], states: Iterable[QuestionState],
) -> TopicCoverage:
    """A topic's coverage from its counts per question ref: (interventions, seconds, speakers) of
    the interventions, findings and key points; refs of other topics are ignored."""
    refs = {q.ref for q in topic.questions}
    synthesis = {ref: False for ref in refs}
    status = {ref: "pending" for ref in refs}
    for s in states:
        if s.ref not in refs:
            continue
        synthesis[s.ref] = synthesis[s.ref] or bool(s.synthesis.strip())
        if _STATUS_ORDER.get(s.status, 0) > _STATUS_ORDER[status[s.ref]]:
            status[s.ref] = s.status

    def question(q: Question) -> QuestionCoverage:
        interventions, seconds, speakers = spoken.get(q.ref, (0, 0, 0))
        found, points = findings.get(q.ref, 0), key_points.get(q.ref, 0)
        return QuestionCoverage(
            question=q, interventions=interventions, findings=found, key_points=points,
            speakers=speakers, seconds=seconds, synthesis=synthesis[q.ref],
            status=shown_status(status[q.ref], interventions + found + points),
        )

    return TopicCoverage(
        topic=topic, session_ids=tuple(session_ids), questions=tuple(question(q) for q in topic.questions),
        untagged_interventions=untagged,
    )


def coverage(records: Iterable[SessionRecord], catalogue: Catalogue | None = None) -> list[TopicCoverage]:
    """Coverage of every topic the records belong to, in catalogue order."""
    catalogue = catalogue or load_catalogue()
    records = list(records)
    present = {r.session.topic for r in records}
    return [topic_coverage(t, records) for t in catalogue.topics if t.key in present]


def topic_coverage_in(notebook: Notebook, topic: Topic, sessions: Iterable[Session]) -> TopicCoverage:
    """Coverage of one topic from its sessions, counted by SQLite (sessions of other topics are ignored)."""
    session_ids = [s.id for s in sessions if s.topic == topic.key]
    spoken, untagged = tallies.spoken_on_topic(
        notebook, session_ids, [q.ref for q in topic.questions], PROCEDURAL_KINDS,
    )
    return coverage_of(
        topic, session_ids, spoken, untagged, tallies.recorded_per_question(notebook, "finding", session_ids),
        tallies.recorded_per_question(notebook, "key_point", session_ids),
        tallies.question_states_of(notebook, session_ids),
    )


def coverage_in(
    notebook: Notebook, sessions: Iterable[Session], catalogue: Catalogue | None = None,
) -> list[TopicCoverage]:
    """Coverage of every topic the sessions belong to, in catalogue order, counted by SQLite."""
    catalogue = catalogue or load_catalogue()
    sessions = list(sessions)
    present = {s.topic for s in sessions}
    return [topic_coverage_in(notebook, t, sessions) for t in catalogue.topics if t.key in present]
