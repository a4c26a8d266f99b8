"""The rapporteur's notes (`--form notes`): golden file of the demo meeting and the rules of the text.

Regenerate the golden files with `UPDATE_GOLDEN=1 uv run pytest tests/test_export_summary.py`,
then read the diff line by line before accepting it.
"""

from __future__ import annotations

import pytest

from golden_files import check_golden

from workshop.catalogue import load_catalogue
from workshop.demo import SPEAKERS, STATEMENTS, fill_demo
from workshop.export.markdown import summary_parser
from workshop.export.floor import FloorTally
from workshop.export.summary import (
    attributed_subject,
    counted_subject,
    question_heading,
    render_summary,
    speaking_time,
)
from workshop.records import (
    Finding,
    Intervention,
    KeyPoint,
    QuestionState,
    Session,
    SessionRecord,
    Speaker,
)
from workshop.review.statistics import statement_line

W3 = load_catalogue().topic("W3")




@pytest.fixture
def two_meetings(notebook) -> list[SessionRecord]:
    """The demo meeting and a second meeting the next day, on questions (f) and (h) only."""
    first = fill_demo(notebook)
    second = fill_demo(notebook, "demo-2", meeting="2nd meeting", date="2015-04-16")
    for record in (*notebook.key_points(second.id), *notebook.findings(second.id)):
        notebook.delete(record)
    for state in notebook.question_states(second.id).values():
        notebook.update(state, synthesis="", status="pending")
    turns = notebook.interventions(second.id)
    notebook.add_key_point(second.id, "W3.Q.h", "called for joint research by law enforcement and technology "
                           "companies on the criminal use of anonymization tools and virtual currencies",
                           (turns[8].id, turns[11].id, turns[19].id))
    notebook.add_key_point(second.id, "W3.Q.f", "reported that direct contacts between practitioners had "
                           "shortened the time taken to answer urgent requests", (turns[20].id,))
    notebook.set_question_state(second.id, "W3.Q.h", status="discussed", synthesis=(
        "Participants saw joint work with the private sector as the quickest way for law enforcement "
        "to keep pace with new technologies."))
    notebook.add_finding(second.id, "recommendation", "Joint research on new technologies", question_ref="W3.Q.h",
                         text="States should associate technology companies with research on the criminal use "
                         "of new and emerging technologies.")
    notebook.put(notebook.get(Session, second.id)._replace(status="final"))
    return [notebook.session_record(first.id), notebook.session_record(second.id)]


# --- golden files -----------------------------------------------------------------------------


def test_demo_notes_match_the_golden_file(demo_record: SessionRecord) -> None:
    check_golden("demo_notes.md", render_summary(W3, [demo_record], attributed=True))


# --- the shape of the demo summary -------------------------------------------------------------


def section_headings(text: str) -> list[str]:
    tokens = summary_parser().parse(text)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]


def test_the_seven_sections_come_in_order(demo_record: SessionRecord) -> None:
    text = render_summary(W3, [demo_record])
    assert text.startswith("# Workshop 3. Strengthening crime prevention and criminal justice responses")
    assert section_headings(text) == [
        "Proceedings", "Summary of deliberations", "Good practices", "Challenges and gaps",
        "Conclusions and recommendations", "Annex. List of speakers",
    ]


def test_an_empty_session_still_has_every_section() -> None:
    record = SessionRecord(session=Session(id="s", topic="W3", meeting="1st meeting"))
    text = render_summary(W3, [record])
    assert len(section_headings(text)) == 6
    for empty in (
        "No deliberations were recorded.", "No good practices were recorded.",
        "No challenges or gaps were recorded.", "No lessons learned were recorded.",
        "No recommendations were recorded.", "No interventions were recorded.", "No statements were recorded.",
    ):
        assert empty in text


def test_key_point_subjects_count_distinct_speakers(demo_record: SessionRecord) -> None:
    text = render_summary(W3, [demo_record])
    for subject in ("- One speaker ", "- Two speakers ", "- Several speakers ", "- Many speakers ", "- Participants "):
        assert subject in text


@pytest.mark.parametrize(("count", "subject"), [
    (0, "Participants"), (1, "One speaker"), (2, "Two speakers"), (3, "Several speakers"),
    (5, "Several speakers"), (6, "Many speakers"), (40, "Many speakers"),
])
def test_counted_subject(count: int, subject: str) -> None:
    assert counted_subject(count) == subject


def test_the_same_speaker_twice_counts_once() -> None:
    speaker = Speaker(id="a", name="A", delegation="Chile", category="Member State")
    turns = tuple(Intervention(id=f"i{n}", session_id="s", speaker_id="a") for n in range(3))
    point = KeyPoint(id="k", session_id="s", question_ref="W3.Q.c", predicate="noted x",
                     intervention_ids=("i0", "i1", "i2", "i2"))
    record = SessionRecord(Session(id="s", topic="W3"), {"a": speaker}, turns, key_points=(point,))
    assert "- One speaker noted x." in render_summary(W3, [record])
    assert "- The representative of Chile noted x." in render_summary(W3, [record], attributed=True)


def test_attributed_subject_names_delegations_in_speaking_order_and_panellists_by_name() -> None:
    speakers = {
        "n": Speaker(id="n", name="Ms. N", delegation="Netherlands", category="Member State"),
        "u": Speaker(id="u", name="Mr. U", delegation="UNODC", category="United Nations Secretariat"),
        "p": Speaker(id="p", name="Dr. P", delegation="University", category="expert/panellist"),
    }
    turns = tuple(Intervention(id=f"i{n}", speaker_id=sid) for n, sid in enumerate("unp"))
    point = KeyPoint(id="k", session_id="s", predicate="noted", intervention_ids=("i2", "i1", "i0"))
    floor = FloorTally.of([SessionRecord(Session(id="s"), speakers, turns, key_points=(point,))])
    assert attributed_subject(floor.speakers_behind(point), floor) == (
        "The representatives of the United Nations Office on Drugs and Crime and the Netherlands and the "
        "panellist P (University)"
    )


def test_proceedings_count_who_spoke_in_the_words_of_the_statistics() -> None:
    speakers = {
        "a": Speaker(id="a", delegation="Chile", category="Member State"),
        "b": Speaker(id="b", delegation="chile", category="Member State"),
        "c": Speaker(id="c", delegation="Peru", category="Member State"),
        "d": Speaker(id="d", delegation="ICOM", category="non-governmental organization"),
        "e": Speaker(id="e", name="Dr. E", category="expert/panellist"),
        "f": Speaker(id="f", name="Dr. F", category="expert/panellist"),
    }
    turns = tuple(Intervention(id=sid, speaker_id=sid) for sid in speakers)
    records = [SessionRecord(Session(id="s", topic="W3"), speakers, turns)]
    proceedings = render_summary(W3, records).split("## Summary of deliberations")[0]
    assert statement_line(records) in proceedings
    assert "two Member States" in statement_line(records)  # Chile counted once, whoever spoke for it


def test_final_only_when_every_meeting_is_final(two_meetings: list[SessionRecord]) -> None:
    assert "Rapporteur's notes (draft)" in render_summary(W3, two_meetings)
    final = [SessionRecord(session=Session(id=r.session.id, topic="W3", status="final")) for r in two_meetings]
    assert "Rapporteur's notes (final)" in render_summary(W3, final)


def test_topic_summary_lists_every_meeting_and_merges_by_question(two_meetings: list[SessionRecord]) -> None:
    text = render_summary(W3, two_meetings)
    assert "- 1st meeting, 15 April 2015, " in text and "- 2nd meeting, 16 April 2015, " in text
    assert text.count("### Question (f)") == 1
    assert f"In all, {2 * len(STATEMENTS)} interventions were made by {len(SPEAKERS)} speakers" in text


def test_unknown_question_refs_go_under_general_discussion() -> None:
    point = KeyPoint(id="k", session_id="s", question_ref="", predicate="welcomed the workshop")
    record = SessionRecord(Session(id="s", topic="W3"), key_points=(point,))
    text = render_summary(W3, [record])
    assert "### General discussion\n\n- Participants welcomed the workshop." in text
    assert "No interventions were recorded on questions (a), (b), (c), (d), (e), (f), (g), (h) and (i)." in text


def test_workshop_2_questions_are_grouped() -> None:
    w2 = load_catalogue().topic("W2")
    states = tuple(
        QuestionState(id=ref, session_id="s", ref=ref, synthesis="Discussed.") for ref in ("W2.Q.a", "W2.Q.c", "W2.Q.i")
    )
    text = render_summary(w2, [SessionRecord(Session(id="s", topic="W2"), question_states=states)])
    tokens = summary_parser().parse(text)
    outline = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    # Questions (a) and (b) belong to no group in the guide; (c) to (h) and (i) to (k) do.
    assert outline[3:9] == [
        ("h3", "Question (a)"), ("h3", "Trafficking in persons"), ("h4", "Question (c)"),
        ("h3", "Smuggling of migrants"), ("h4", "Question (i)"), ("h2", "Good practices"),
    ]


def test_deleted_rows_are_left_out() -> None:
    gone = "2015-04-15T00:00:00+00:00"
    record = SessionRecord(
        Session(id="s", topic="W3"),
        findings=(Finding(id="f", session_id="s", kind="recommendation", title="Withdrawn", deleted_at=gone),),
        key_points=(KeyPoint(id="k", session_id="s", question_ref="W3.Q.a", predicate="said x", deleted_at=gone),),
    )
    text = render_summary(W3, [record])
    assert "Withdrawn" not in text and "said x" not in text


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0 s"), (45, "45 s"), (270, "4 min 30 s"), (3900, "1 h 05 min")])
def test_speaking_time(seconds: int, shown: str) -> None:
    assert speaking_time(seconds) == shown


def test_a_hundred_thousand_interventions_are_all_counted() -> None:
    speakers = {f"s{n}": Speaker(id=f"s{n}", name=f"Speaker {n}", delegation=f"State {n}", category="Member State")
                for n in range(300)}
    turns = tuple(
        Intervention(id=f"i{n}", session_id="s", speaker_id=f"s{n % 300}", question_refs=("W3.Q.c",), seconds=120)
        for n in range(100_000)
    )
    points = tuple(
        KeyPoint(id=f"k{n}", session_id="s", question_ref=f"W3.Q.{'abcdefghi'[n % 9]}", predicate=f"noted point {n}",
                 intervention_ids=tuple(f"i{(n * 50 + j) % 100_000}" for j in range(50)), position=float(n))
        for n in range(2_000)
    )
    findings = tuple(
        Finding(id=f"f{n}", session_id="s", kind="recommendation", title=f"Recommendation {n}", position=float(n))
        for n in range(1_000)
    )
    record = SessionRecord(Session(id="s", topic="W3"), speakers, turns, findings, points)
    text = render_summary(W3, [record], attributed=True)  # its speed: benchmarks/run.py
    assert "In all, 100000 interventions were made by 300 speakers" in text


def test_a_question_with_interventions_is_never_called_undiscussed() -> None:
    speaker = Speaker(id="a", name="A", delegation="Chile", category="Member State")
    turns = (Intervention(id="i1", session_id="s", speaker_id="a", question_refs=("W3.Q.b",)),
             Intervention(id="i2", session_id="s", speaker_id="a", question_refs=("W3.Q.c",)),
             Intervention(id="i3", session_id="s", speaker_id="a", question_refs=("W3.Q.a",)))
    point = KeyPoint(id="k", session_id="s", question_ref="W3.Q.a", predicate="noted x", intervention_ids=("i3",))
    text = render_summary(W3, [SessionRecord(Session(id="s", topic="W3"), {"a": speaker}, turns, key_points=(point,))])
    assert "Interventions on questions (b) and (c) are not yet reflected in a key point." in text
    assert "No interventions were recorded on questions (d), (e), (f), (g), (h) and (i)." in text
    assert "(b)" not in text.split("No interventions were recorded")[1]


def test_the_notes_name_a_list_of_issues_as_issues() -> None:
    w4 = load_catalogue().topic("W4")
    heading, wording = question_heading(w4.questions[0])
    assert heading == "### Issue (a)"
    assert wording.startswith("*Reviewing good practices") and not wording.rstrip("*").endswith(";")
