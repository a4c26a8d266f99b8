"""The demo meeting: realistic, deterministic, and idempotent in the notebook."""

from __future__ import annotations

import uuid
from collections import Counter

from workshop.catalogue import load_catalogue
from workshop.demo import (
    FINDINGS,
    KEY_POINTS,
    SPEAKERS,
    STATEMENTS,
    demo_records,
    fill_demo,
)
from workshop.records import (
    EVIDENCE_LEVELS,
    FINDING_KINDS,
    QUESTION_STATUSES,
    RECORD_TYPES,
    REGIONAL_GROUPS,
    SPEAKER_CATEGORIES,
    Finding,
    Intervention,
    KeyPoint,
    QuestionState,
    Session,
    Speaker,
)

W3 = load_catalogue().topic("W3")


def of_type(records, cls):
    return [r for r in records if isinstance(r, cls)]


def test_demo_records_are_the_same_on_every_run() -> None:
    assert demo_records() == demo_records()
    assert demo_records("other seed") != demo_records()


def test_every_id_is_a_uuid5_and_unique() -> None:
    records = demo_records()
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids))
    assert all(uuid.UUID(i).version == 5 for i in ids)


def test_speakers_are_shared_between_meetings_and_the_rest_is_not() -> None:
    first, second = demo_records(), demo_records("demo-2", meeting="2nd meeting", date="2015-04-16")
    assert {s.id for s in of_type(first, Speaker)} == {s.id for s in of_type(second, Speaker)}
    assert not {r.id for r in first if not isinstance(r, Speaker)} & {r.id for r in second}
    assert of_type(second, Session)[0].date == "2015-04-16"
    assert of_type(second, Intervention)[0].started_at.startswith("2015-04-16T07:10")


def test_the_demo_is_a_realistic_meeting() -> None:
    records = demo_records()
    speakers = of_type(records, Speaker)
    assert len(speakers) >= 12
    # Every kind of delegation the demo meeting has; other UN entities, specialized agencies and
    # officers of the meeting come with the report's proceedings.
    assert set(SPEAKER_CATEGORIES) - {s.category for s in speakers} <= {
        "other", "UN entity", "specialized agency", "presiding officer"}
    assert len({s.regional_group for s in speakers if s.category == "Member State"} & set(REGIONAL_GROUPS)) == 5
    interventions = of_type(records, Intervention)
    assert 18 <= len(interventions) <= 25
    assert all(60 <= i.seconds <= 600 and i.text for i in interventions)
    assert all(a.ended_at < b.started_at for a, b in zip(interventions, interventions[1:]))
    refs = {q.ref for q in W3.questions}
    assert all(set(i.question_refs) <= refs for i in interventions)
    findings = of_type(records, Finding)
    assert {f.kind for f in findings} == set(FINDING_KINDS)
    assert all(f.evidence in EVIDENCE_LEVELS and f.jurisdiction for f in findings if f.kind == "good practice")
    assert all(f.question_ref in refs for f in findings)
    states = of_type(records, QuestionState)
    assert {s.ref for s in states} == refs and {s.status for s in states} <= set(QUESTION_STATUSES)


def test_key_points_are_backed_by_interventions_on_their_question() -> None:
    records = demo_records()
    by_id = {i.id: i for i in of_type(records, Intervention)}
    speakers_per_point = []
    for point in of_type(records, KeyPoint):
        assert all(point.question_ref in by_id[i].question_refs for i in point.intervention_ids)
        speakers_per_point.append(len({by_id[i].speaker_id for i in point.intervention_ids}))
    # every count word of the summary has a key point to show it: 0, 1, 2, 3-5 and 6+ speakers
    assert {min(n, 6) if n < 3 or n > 5 else 3 for n in speakers_per_point} == {0, 1, 2, 3, 6}


def test_vocabulary_is_module_data_for_the_benchmark_generator() -> None:
    keys = {s.key for s in SPEAKERS}
    assert all(s.speaker in keys for s in STATEMENTS)
    assert all(1 <= n <= len(STATEMENTS) for p in KEY_POINTS for n in p.statements)
    assert all(f.statement is None or 1 <= f.statement <= len(STATEMENTS) for f in FINDINGS)
    assert Counter(f.kind for f in FINDINGS)["recommendation"] >= 5


def test_filling_the_demo_twice_duplicates_nothing(notebook) -> None:
    first = fill_demo(notebook)
    counts = {cls.table: notebook.db[cls.table].count for cls in RECORD_TYPES}
    again = fill_demo(notebook)
    assert again == first
    assert {t: notebook.db[t].count for t in counts} == counts
    record = notebook.session_record(first.id)
    assert len(record.interventions) == len(STATEMENTS) and len(record.speakers) == len(SPEAKERS)
    assert [s.id for s in notebook.sessions()] == [first.id]
