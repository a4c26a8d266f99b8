"""Who spoke, for how long and on what: the statistics of one or several sessions.

`statement_line` writes the sentence of the notes' proceedings section ("Statements were made by the
representatives of 24 Member States and one United Nations entity, by the observers for one
observer State and 3 intergovernmental organizations, and by one expert."): representatives or
observers as the category says (see workshop/export/naming.py), the Holy See never among States.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workshop.catalogue import Catalogue, load_catalogue
from workshop.export.words import number_word, series
from workshop.records import (
    CATEGORY_HEADINGS, GENDERS, REGIONAL_GROUPS, SPEAKER_CATEGORIES, Session, SessionRecord, Speaker,
)
from workshop.store import tallies

if TYPE_CHECKING:
    from workshop.store import Notebook

NOT_RECORDED = "not recorded"
STATE_CATEGORIES = ("Member State",)  # regional groups are groups of Member States
NO_QUESTION = ""  # the question key of interventions tagged with no question

assert set(CATEGORY_HEADINGS) == set(SPEAKER_CATEGORIES)

# The statement sentence: which categories are delegations (counted once however many people
# spoke for them) and how each group is named, singular and plural.
_NETWORK = "of the United Nations crime prevention and criminal justice programme network"
_REPRESENTED = (
    (("Member State",), "Member State", "Member States"),
    (("United Nations Secretariat",), "office of the United Nations Secretariat",
     "offices of the United Nations Secretariat"),
    (("UN entity",), "United Nations entity", "United Nations entities"),
    (("specialized agency",), "specialized agency or related organization",
     "specialized agencies and related organizations"),
)
_OBSERVED = (
    (("observer State",), "observer State", "observer States"),
    (("intergovernmental organization",),
     "intergovernmental organization", "intergovernmental organizations"),
    (("institute",), f"institute {_NETWORK}", f"institutes {_NETWORK}"),
    (("non-governmental organization",),
     "non-governmental organization", "non-governmental organizations"),
)
_INDIVIDUALS = (
    (("presiding officer",), "presiding officer", "presiding officers"),
    (("expert/panellist",), "expert", "experts"),
    (("other",), "other participant", "other participants"),
)


@dataclass(frozen=True)
class Tally:
    """Counts for one line of a statistics table (a category, group, gender or question)."""

    key: str
    label: str
    speakers: int = 0
    delegations: int = 0
    interventions: int = 0
    seconds: int = 0


@dataclass(frozen=True)
class MeetingTally:
    """Interventions of one session (meeting)."""

    session_id: str
    topic: str
    meeting: str
    date: str
    interventions: int = 0
    speakers: int = 0
    seconds: int = 0


@dataclass(frozen=True)
class Statistics:
    """Statistics of a set of sessions; every table lists its lines in a fixed order."""

    session_ids: tuple[str, ...]
    speakers: int
    delegations: int
    interventions: int
    seconds: int
    by_category: tuple[Tally, ...]  # every category, in the order of SPEAKER_CATEGORIES
    by_regional_group: tuple[Tally, ...]  # States only: the five groups, then "not recorded"
    by_gender: tuple[Tally, ...]  # female, male, other, then "not recorded"
    by_question: tuple[Tally, ...]  # catalogue order, unknown refs, then no question ("")
    by_meeting: tuple[MeetingTally, ...]
    statement: str

    def as_json(self) -> dict:
        """Plain JSON values (`workshop stats --json`)."""
        def rows(tallies: tuple[Tally, ...]) -> list[dict]:
            return [vars(t).copy() for t in tallies]

        return {
            "sessions": list(self.session_ids), "speakers": self.speakers,
            "delegations": self.delegations, "interventions": self.interventions,
            "seconds": self.seconds, "statement": self.statement,
            "by_category": rows(self.by_category), "by_regional_group": rows(self.by_regional_group),
            "by_gender": rows(self.by_gender), "by_question": rows(self.by_question),
            "by_meeting": [vars(m).copy() for m in self.by_meeting],
        }


def duration(seconds: int) -> str:
    """Speaking time as m:ss, or h:mm:ss from an hour on."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def represented(speaker: Speaker) -> str:
    """Whom a speaker represents: the delegation or organization, else their own name."""
    return " ".join((speaker.delegation or speaker.name).split())


def delegation_key(speaker: Speaker) -> str:
    """Who a speaker speaks for, compared without case or extra spaces (two people, one delegation)."""
    return represented(speaker).casefold()


def category_of(speaker: Speaker | None) -> str:
    """The speaker's category, "other" when it is missing or not in the vocabulary."""
    return speaker.category if speaker and speaker.category in CATEGORY_HEADINGS else "other"


def _speeches(records: Iterable[SessionRecord]):
    """Each live intervention with its speaker (None when the speaker row is missing)."""
    for record in records:
        for i in record.interventions:
            if not i.deleted:
                yield record, i, record.speakers.get(i.speaker_id)


# What the tables are made from, whether counted by SQLite (workshop/store/tallies.py) or from
# records: (session id, speaker id, interventions, seconds) and (speaker id, question ref or "",
# interventions, seconds), one row per speaker and meeting or question.
MeetingRow = tuple[str, str, int, int]
QuestionRow = tuple[str, str, int, int]


def _rows(records: list[SessionRecord]) -> tuple[dict[str, Speaker], list[MeetingRow], list[QuestionRow]]:
    """The speakers and rows of counts of the records' live interventions."""
    speakers: dict[str, Speaker] = {}
    per_meeting: dict[tuple[str, str], list[int]] = {}
    per_question: dict[tuple[str, str], list[int]] = {}
    for record, i, speaker in _speeches(records):
        if speaker is not None:
            speakers.setdefault(i.speaker_id, speaker)
        seconds = max(0, i.seconds or 0)
        counted = [per_meeting.setdefault((record.session.id, i.speaker_id), [0, 0])]
        counted += [per_question.setdefault((i.speaker_id, ref), [0, 0])
                    for ref in set(i.question_refs) or {NO_QUESTION}]
        for counts in counted:
            counts[0] += 1
            counts[1] += seconds
    return (speakers, [(*key, *counts) for key, counts in per_meeting.items()],
            [(*key, *counts) for key, counts in per_question.items()])


def _tally(key: str, label: str, heard: list[tuple[str, Speaker | None, int, int]]) -> Tally:
    """One line of a table from (speaker id, speaker, interventions, seconds), one per speaker."""
    delegations = {(category_of(s), delegation_key(s)) for _, s, _, _ in heard if s is not None}
    return Tally(
        key=key, label=label, speakers=len(heard), delegations=len(delegations),
        interventions=sum(n for _, _, n, _ in heard), seconds=sum(t for _, _, _, t in heard),
    )


def statistics(records: Iterable[SessionRecord], catalogue: Catalogue | None = None) -> Statistics:
    """Speakers by category, regional group and gender, time per question and per meeting.

    An intervention tagged with several questions counts in full for each of them, so the time per
    question can add up to more than the time spoken.
    """
    records = list(records)
    return statistics_of([r.session for r in records], *_rows(records), catalogue)


def statistics_of(
    sessions: Sequence[Session], speakers: Mapping[str, Speaker], per_meeting: Iterable[MeetingRow],
    per_question: Iterable[QuestionRow], catalogue: Catalogue | None = None,
) -> Statistics:
    """The statistics of the sessions from their rows of counts (see `statistics`)."""
    meetings: dict[str, list[int]] = {}  # session id: interventions, speakers, seconds
    spoke: dict[str, list[int]] = {}  # speaker id: interventions, seconds
    for session_id, speaker_id, interventions, seconds in per_meeting:
        meeting = meetings.setdefault(session_id, [0, 0, 0])
        meeting[0] += interventions
        meeting[1] += 1
        meeting[2] += seconds
        speaker = spoke.setdefault(speaker_id, [0, 0])
        speaker[0] += interventions
        speaker[1] += seconds
    heard = [(speaker_id, speakers.get(speaker_id), n, t) for speaker_id, (n, t) in spoke.items()]

    by_category = tuple(
        _tally(c, CATEGORY_HEADINGS[c], [x for x in heard if category_of(x[1]) == c])
        for c in SPEAKER_CATEGORIES
    )

    def group_of(s: Speaker | None) -> str:
        return s.regional_group if s and s.regional_group in REGIONAL_GROUPS else NOT_RECORDED

    # Regional groups are groups of States: other speakers are left out of this table.
    states = [x for x in heard if category_of(x[1]) in STATE_CATEGORIES]
    by_group = tuple(
        _tally(g, g, [x for x in states if group_of(x[1]) == g]) for g in (*REGIONAL_GROUPS, NOT_RECORDED)
    )

    def gender_of(s: Speaker | None) -> str:
        return s.gender if s and s.gender in GENDERS else NOT_RECORDED

    by_gender = tuple(
        _tally(g, g, [x for x in heard if gender_of(x[1]) == g]) for g in (*GENDERS, NOT_RECORDED)
    )

    catalogue = catalogue or load_catalogue()
    order: dict[str, int] = {}
    for topic in catalogue.topics:
        for q in topic.questions:
            order[q.ref] = len(order)
    per_ref: dict[str, list] = {}
    for speaker_id, ref, interventions, seconds in per_question:
        per_ref.setdefault(ref, []).append((speaker_id, speakers.get(speaker_id), interventions, seconds))
    ordered_refs = sorted(
        per_ref, key=lambda r: (r == NO_QUESTION, r not in order, order.get(r, 0), r)
    )
    by_question = tuple(
        _tally(ref, ref or "no question", per_ref[ref]) for ref in ordered_refs
    )

    by_meeting = []
    for session in sessions:
        interventions, speaker_count, seconds = meetings.get(session.id, (0, 0, 0))
        by_meeting.append(MeetingTally(
            session_id=session.id, topic=session.topic, meeting=session.meeting, date=session.date,
            interventions=interventions, speakers=speaker_count, seconds=seconds,
        ))

    whole = _tally("", "all", heard)
    return Statistics(
        session_ids=tuple(s.id for s in sessions),
        speakers=whole.speakers, delegations=whole.delegations,
        interventions=whole.interventions, seconds=whole.seconds,
        by_category=by_category, by_regional_group=by_group, by_gender=by_gender,
        by_question=by_question, by_meeting=tuple(by_meeting),
        statement=statement_of(speakers, spoke),
    )


def statistics_in(notebook: Notebook, sessions: Sequence[Session]) -> Statistics:
    """The statistics of the sessions, counted by SQLite: no intervention is read whole."""
    session_ids = [s.id for s in sessions]
    per_meeting = tallies.spoken_per_meeting(notebook, session_ids)
    speakers = tallies.speakers_heard(notebook, {speaker_id for _, speaker_id, _, _ in per_meeting})
    return statistics_of(sessions, speakers, per_meeting, tallies.spoken_per_question(notebook, session_ids))


def _count(n: int, singular: str, plural: str) -> str:
    return f"{number_word(n)} {singular if n == 1 else plural}"


def statement_line(records: Iterable[SessionRecord]) -> str:
    """The proceedings sentence naming how many States and organizations made statements.

    Delegations are counted once however many of their people spoke; Member States and observer
    States apart; presiding officers, experts and other participants are counted as persons.
    """
    speakers, per_meeting, _ = _rows(list(records))
    return statement_of(speakers, {speaker_id for _, speaker_id, _, _ in per_meeting})


def statement_of(speakers: Mapping[str, Speaker], spoke: Iterable[str]) -> str:
    """The proceedings sentence (see `statement_line`) for the ids of the speakers who spoke."""
    delegations: dict[str, set[str]] = {}
    persons: dict[str, set[str]] = {}
    for speaker_id in spoke:
        speaker = speakers.get(speaker_id)
        category = category_of(speaker)
        delegations.setdefault(category, set()).add(
            delegation_key(speaker) if speaker is not None else f"#{speaker_id}"
        )
        persons.setdefault(category, set()).add(speaker_id)

    def delegations_of(table) -> list[str]:
        found = []
        for categories, singular, plural in table:
            n = len(set().union(*(delegations.get(c, set()) for c in categories)))
            if n:
                found.append(_count(n, singular, plural))
        return found

    groups, observers = delegations_of(_REPRESENTED), delegations_of(_OBSERVED)
    individuals = []
    for categories, singular, plural in _INDIVIDUALS:
        n = len(set().union(*(persons.get(c, set()) for c in categories)))
        if n:
            individuals.append(_count(n, singular, plural))

    if not groups and not observers and not individuals:
        return "No statements were recorded."
    parts = []
    if groups:
        parts.append("the representatives of " + series(groups))
    if observers:
        parts.append("the observers for " + series(observers))
    if individuals:
        parts.append(series(individuals))
    said = parts[0] if len(parts) == 1 else ", by ".join(parts[:-1]) + ", and by " + parts[-1]
    return f"Statements were made by {said}."
