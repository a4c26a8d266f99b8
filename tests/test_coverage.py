"""Coverage of the questions per topic, against counts computed here from the inserted values."""

from __future__ import annotations

import pytest
from review_corpus import build

from workshop.catalogue import load_catalogue
from workshop.records import (
    Intervention,
    KeyPoint,
    QuestionState,
    Session,
    SessionRecord,
)
from workshop.review import coverage, topic_coverage
from workshop.store import Notebook


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    notebook = Notebook.open(tmp_path_factory.mktemp("coverage"))
    corpus = build(notebook, seed=8)
    records = [notebook.session_record(s["id"]) for s in corpus.sessions]
    yield corpus, records
    notebook.close()


def test_counts_per_question_across_all_sessions_of_a_topic(generated) -> None:
    corpus, records = generated
    catalogue = load_catalogue()
    topics = coverage(records)
    used = {s["topic"] for s in corpus.sessions}
    assert [t.topic.key for t in topics] == [t.key for t in catalogue.topics if t.key in used]
    for covered in topics:
        sessions = {s["id"] for s in corpus.sessions if s["topic"] == covered.topic.key}
        assert set(covered.session_ids) == sessions
        for q in covered.questions:
            tagged = [i for i in corpus.interventions
                      if not i["deleted"] and i["session_id"] in sessions and q.question.ref in i["refs"]]
            assert q.interventions == len(tagged), q.question.ref
            assert q.seconds == sum(i["seconds"] for i in tagged)
            assert q.speakers == len({i["speaker_id"] for i in tagged})
            assert q.findings == sum(1 for f in corpus.findings
                                     if not f["deleted"] and f["session_id"] in sessions and f["ref"] == q.question.ref)
            assert q.key_points == sum(1 for k in corpus.key_points
                                       if k["session_id"] in sessions and k["ref"] == q.question.ref)
            assert q.synthesis == any(s["ref"] == q.question.ref and s["session_id"] in sessions
                                      for s in corpus.syntheses)
        untagged = [i for i in corpus.interventions
                    if not i["deleted"] and i["session_id"] in sessions and not i["refs"]]
        assert covered.untagged_interventions == len(untagged)


def test_questions_nobody_discussed(generated) -> None:
    corpus, records = generated
    for covered in coverage(records):
        sessions = {s["id"] for s in corpus.sessions if s["topic"] == covered.topic.key}
        said = {ref for i in corpus.interventions
                if not i["deleted"] and i["session_id"] in sessions for ref in i["refs"]}
        said |= {f["ref"] for f in corpus.findings if not f["deleted"] and f["session_id"] in sessions}
        said |= {k["ref"] for k in corpus.key_points if k["session_id"] in sessions}
        expected = [q.ref for q in covered.topic.questions if q.ref not in said]
        assert [q.ref for q in covered.undiscussed] == expected
        # The generator never touches a topic's last question.
        assert covered.topic.questions[-1].ref in expected
        assert covered.discussed_count == len(covered.topic.questions) - len(expected)


def test_a_topic_with_no_sessions_has_every_question_undiscussed() -> None:
    topic = load_catalogue().topic("W4")
    covered = topic_coverage(topic, [])
    assert covered.undiscussed == topic.questions and covered.session_ids == ()


def test_other_topics_refs_and_deleted_records_are_left_out() -> None:
    topic = load_catalogue().topic("W3")
    session = Session(id="s", topic="W3")
    record = SessionRecord(
        session=session,
        interventions=(
            Intervention(id="1", session_id="s", speaker_id="a", question_refs=("W3.Q.a", "W2.Q.a"), seconds=10),
            Intervention(id="2", session_id="s", speaker_id="a", question_refs=("W3.Q.a",), deleted_at="x"),
            Intervention(id="3", session_id="s", speaker_id="b", question_refs=("W2.Q.b",)),
        ),
        key_points=(KeyPoint(id="k", session_id="s", question_ref="W3.Q.b"),),
        question_states=(
            QuestionState(id="q", session_id="s", ref="W3.Q.c", status="skipped", synthesis="  "),
            QuestionState(id="r", session_id="s", ref="W3.Q.a", status="discussed", synthesis="Agreed."),
        ),
    )
    other = SessionRecord(session=Session(id="t", topic="W2"), interventions=(
        Intervention(id="4", session_id="t", speaker_id="c", question_refs=("W3.Q.d",)),
    ))
    covered = topic_coverage(topic, [record, other])
    by_ref = {q.question.ref: q for q in covered.questions}
    assert (by_ref["W3.Q.a"].interventions, by_ref["W3.Q.a"].seconds, by_ref["W3.Q.a"].status) == (1, 10, "discussed")
    assert by_ref["W3.Q.a"].synthesis and not by_ref["W3.Q.c"].synthesis
    assert (by_ref["W3.Q.b"].key_points, by_ref["W3.Q.b"].discussed) == (1, True)
    assert (by_ref["W3.Q.c"].status, by_ref["W3.Q.c"].discussed) == ("skipped", False)
    assert by_ref["W3.Q.d"].interventions == 0
    assert covered.untagged_interventions == 1
    assert covered.session_ids == ("s",)


def test_statuses_agree_with_the_count_of_questions_discussed() -> None:
    """A question spoken to is "discussed", whatever status the session left it in."""
    topic = load_catalogue().topic("W3")
    record = SessionRecord(
        session=Session(id="s", topic="W3"),
        interventions=(
            Intervention(id="1", session_id="s", speaker_id="a", question_refs=("W3.Q.h",)),
            Intervention(id="2", session_id="s", speaker_id="b", question_refs=("W3.Q.e",)),
            Intervention(id="3", session_id="s", speaker_id="c", kind="point of order"),
            Intervention(id="4", session_id="s", speaker_id="d", kind="introductory statement"),
        ),
        question_states=(
            QuestionState(id="q", session_id="s", ref="W3.Q.e", status="skipped"),
            QuestionState(id="r", session_id="s", ref="W3.Q.a", status="current"),
        ),
    )
    covered = topic_coverage(topic, [record])
    statuses = {q.question.ref: q.status for q in covered.questions}
    assert statuses["W3.Q.h"] == statuses["W3.Q.e"] == "discussed"  # pending, skipped: spoken to
    assert statuses["W3.Q.a"] == "current" and statuses["W3.Q.b"] == "pending"
    discussed = [q for q in covered.questions if q.status == "discussed"]
    assert covered.discussed_count == len(discussed) == 2
    assert covered.untagged_interventions == 0  # procedural: on no question by their nature
