"""The demo meeting: realistic, deterministic, and idempotent in the notebook."""

from __future__ import annotations

import uuid
from collections import Counter

from workshop.catalogue import load_catalogue
from workshop.catalogue.congress import workshop_facts
from workshop.demo import (
    FINDINGS,
    KEY_POINTS,
    SPEAKERS,
    STATEMENTS,
    demo_records,
    fill_demo,
)
from workshop.proceedings import assisting_institutes, parse_meetings
from workshop.records import (
    EVIDENCE_LEVELS,
    FINDING_KINDS,
    INTERVENTION_KINDS,
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
    assert of_type(second, Intervention)[0].started_at.startswith("2015-04-16T07:00")


def test_the_demo_is_a_realistic_meeting() -> None:
    records = demo_records()
    speakers = of_type(records, Speaker)
    assert len(speakers) >= 12
    # Every kind of delegation a workshop hears, the Chair and the Secretariat included.
    assert set(SPEAKER_CATEGORIES) - {s.category for s in speakers} == {"other"}
    assert len({s.regional_group for s in speakers if s.category == "Member State"} & set(REGIONAL_GROUPS)) == 5
    interventions = of_type(records, Intervention)
    assert 18 <= len(interventions) <= 30
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


def test_the_demo_has_what_the_report_proceedings_need() -> None:
    records = demo_records()
    [session] = of_type(records, Session)
    assert session.body == "Committee I"
    # Three meetings of the Committee over two days, each "NUMBER YYYY-MM-DD" as the form stores them.
    assert session.meetings == parse_meetings("4 2015-04-15, 5 2015-04-15, 6 2015-04-16")
    assert session.moderator and session.moderator_function
    assert not session.moderator.startswith(("Mr.", "Ms.", "Dr."))  # no honorific
    # The four institutes of Workshop 3's facts, each under its name in the built-in list.
    built_in = {d.name for d in assisting_institutes()}
    assert len(session.institutes) == len(workshop_facts("W3").institutes) == 4
    assert set(session.institutes) <= built_in
    assert session.documents == ()  # the catalogue's documents: background paper, guide, regional reports

    speakers = {s.id: s for s in of_type(records, Speaker)}
    interventions = of_type(records, Intervention)
    assert {i.kind for i in interventions} <= set(INTERVENTION_KINDS)

    def categories(kind: str) -> list[str]:
        return [speakers[i.speaker_id].category for i in interventions if i.kind == kind]

    # The Chair and the Secretariat open the workshop; both panellists present.
    assert [i.kind for i in interventions[:2]] == ["introductory statement"] * 2
    assert categories("introductory statement") == ["presiding officer", "United Nations Secretariat"]
    presenters = {speakers[i.speaker_id].name for i in interventions if i.kind == "presentation"}
    assert categories("presentation") == ["expert/panellist"] * 2
    assert all(name in session.panellists for name in presenters)
    assert not any(i.question_refs for i in interventions if i.kind == "introductory statement")
    # Every statement of the debate is reflected in a key point, so the demo's report misses none.
    linked = {i for point in of_type(records, KeyPoint) for i in point.intervention_ids}
    assert all(i.id in linked for i in interventions if i.kind in ("statement", "reply"))


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
