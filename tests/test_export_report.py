"""The report (the default form): golden files of the demo meeting, its shape, and the truth check.

Regenerate the golden files with `UPDATE_GOLDEN=1 uv run pytest tests/test_export_report.py`, then
read the diff line by line before accepting it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from golden_files import check_golden

from workshop import cli
from workshop.catalogue import load_catalogue
from workshop.catalogue.congress import workshop_facts
from workshop.demo import fill_demo
from workshop.export.markdown import summary_parser
from workshop.export.reflected import unreflected, unreflected_counts, unreflected_lines
from workshop.export.report import render_report, report_counts, symbol_and_title
from workshop.records import Intervention, KeyPoint, Session, SessionRecord, Speaker

W3 = load_catalogue().topic("W3")
OPENED = "2015-04-15T07:00:00.000000+00:00"




@pytest.fixture
def two_meetings(notebook) -> list[SessionRecord]:
    """The demo meeting and a second one, the Committee's 7th meeting on 17 April, on question (h)."""
    first = fill_demo(notebook)
    second = fill_demo(notebook, "demo-2", meeting="2nd meeting", date="2015-04-17")
    for record in (*notebook.key_points(second.id), *notebook.findings(second.id)):
        notebook.delete(record)
    for state in notebook.question_states(second.id).values():
        notebook.update(state, synthesis="", status="pending")
    for turn in notebook.interventions(second.id)[:-3]:
        notebook.delete(turn)
    turns = notebook.interventions(second.id)
    notebook.put(notebook.get(Session, second.id)._replace(meetings=("7 2015-04-17",), status="final"))
    notebook.add_key_point(second.id, "W3.Q.h", "called for joint research by law enforcement and technology "
                           "companies on the criminal use of anonymization tools and virtual currencies",
                           tuple(t.id for t in turns))
    notebook.set_question_state(second.id, "W3.Q.h", status="discussed", synthesis=(
        "Participants saw joint work with the private sector as the quickest way for law enforcement "
        "to keep pace with new technologies."))
    notebook.add_finding(second.id, "recommendation", "Joint research on new technologies", question_ref="W3.Q.h",
                         text="States should associate technology companies with research on the criminal use "
                         "of new and emerging technologies.")
    return [notebook.session_record(first.id), notebook.session_record(second.id)]


# --- golden files -------------------------------------------------------------------------------


def test_demo_report_matches_the_golden_file(demo_record: SessionRecord) -> None:
    check_golden("demo_report.md", render_report(W3, [demo_record]))


def test_demo_attributed_report_matches_the_golden_file(demo_record: SessionRecord) -> None:
    check_golden("demo_report_attributed.md", render_report(W3, [demo_record], attributed=True))


def test_topic_report_over_two_meetings_matches_the_golden_file(two_meetings: list[SessionRecord]) -> None:
    check_golden("demo_topic_report.md", render_report(W3, two_meetings))


# --- its shape ----------------------------------------------------------------------------------


def numbers(text: str) -> list[int]:
    """The numbers of the numbered paragraphs, as written at the start of their lines."""
    return [int(m.group(1)) for m in re.finditer(r"^(\d+)\. ", text, re.MULTILINE)]


def test_the_report_sits_under_its_agenda_item_and_numbers_every_paragraph(demo_record: SessionRecord) -> None:
    text = render_report(W3, [demo_record])
    assert text.startswith("Agenda item 5\n\nComprehensive and balanced approaches to prevent and adequately")
    assert "\n# Workshop on strengthening crime prevention" in text
    assert "Report of Committee I: workshop 3 (draft)" in text
    found = numbers(text)
    assert found == list(range(1, len(found) + 1)) and len(found) > 20
    tokens = summary_parser().parse(text)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1", "h2", "h2", "h2", "h2"]
    assert not {t.type for t in tokens} & {"bullet_list_open", "blockquote_open"}


def test_the_proceedings_say_who_held_it_when_and_who_spoke(demo_record: SessionRecord) -> None:
    proceedings = render_report(W3, [demo_record]).split("## Summary of deliberations")[0]
    assert ("1. At its 4th to 6th meetings, on 15 and 16 April 2015, Committee I held the workshop on "
            "strengthening crime prevention") in proceedings
    assert ("assisted in the preparation and organization of the workshop: National Institute of Justice of the "
            "United States Department of Justice, International Scientific and Professional Advisory Council of "
            "the United Nations Crime Prevention and Criminal Justice Programme, Korean Institute of Criminology "
            "and European Institute for Crime Prevention and Control, affiliated with the United Nations.") in proceedings
    assert "   (a) Background paper prepared by the Secretariat for Workshop 3 (A/CONF.222/12);" in proceedings
    assert ("   (c) Reports of the regional preparatory meetings for the Thirteenth United Nations Congress on "
            "Crime Prevention and Criminal Justice (A/CONF.222/RPM.1/1, A/CONF.222/RPM.2/1, A/CONF.222/RPM.3/1 and "
            "A/CONF.222/RPM.4/1).\n") in proceedings
    assert ("2. The workshop was moderated by Miguel Ortega, Professor of Criminal Law, Centre for Criminal Justice "
            "Studies. Introductory statements were made by the Chair of Committee I and a representative of the "
            "Secretariat. Presentations were made by the panellists Ahmed Nasser (National Museum Authority) and "
            "Lena Varga (Cybercrime Research Centre).") in proceedings
    assert ("Statements were made by the representatives of Brazil, Egypt, Germany, Italy, Japan, Mexico, Nigeria "
            "and Romania. Statements were also made by the observer for the Holy See and the observers for the "
            "International Criminal Police Organization, the United Nations Interregional Crime and Justice "
            "Research Institute and the International Council of Museums. Statements were also made by the "
            "representatives of the following entities of the United Nations system: the Counter-Terrorism "
            "Committee Executive Directorate and the United Nations Educational, Scientific and Cultural "
            "Organization. A statement was also made by a representative of the Secretariat.") in proceedings
    # The Secretariat serves the Congress: never listed among the delegations of the UN system.
    assert "Office on Drugs and Crime" not in proceedings
    assert "nine States" not in proceedings and "Mr." not in proceedings and "Dr." not in proceedings


def test_two_meetings_make_one_proceedings(two_meetings: list[SessionRecord]) -> None:
    text = render_report(W3, two_meetings)
    assert text.count("## Proceedings") == 1
    assert "1. At its 4th to 7th meetings, from 15 to 17 April 2015, Committee I held the workshop" in text
    assert text.count("moderated by") == 1


def test_the_deliberations_quote_no_question_and_name_nobody(demo_record: SessionRecord) -> None:
    text = render_report(W3, [demo_record])
    deliberations = text.split("## Summary of deliberations")[1].split("## Conclusions")[0]
    for question in W3.questions:
        assert question.text[:40] not in text
    for name in ("Brazil", "Japan", "Italy", "Romania", "International", "evidence:", "Varga", "question ("):
        assert name not in deliberations, name
    assert "Two speakers stressed that most cybercrime went unreported" in deliberations
    # The synthesis closes its question: (b)'s comes right after (b)'s practices, before (c)'s points.
    b_synthesis = deliberations.index("Law enforcement can do much")
    assert deliberations.index("Single national portal") < b_synthesis < deliberations.index("specialized units")


def test_recommendations_are_lettered_subparagraphs_the_last_ending_with_a_full_stop(
    demo_record: SessionRecord,
) -> None:
    conclusions = render_report(W3, [demo_record]).split("## Conclusions and recommendations")[1].split("## Annex")[0]
    letters = re.findall(r"^ +\(([a-z])\) .*?([;.])$", conclusions, re.MULTILINE)
    assert [letter for letter, _ in letters] == list("abcdef")
    assert [end for _, end in letters] == [";"] * 5 + ["."]


def test_the_annex_lists_the_documents_and_if_asked_the_speakers_without_times(demo_record: SessionRecord) -> None:
    plain = render_report(W3, [demo_record])
    assert "## Annex. Documents before the workshop" in plain and "Annex II" not in plain
    text = render_report(W3, [demo_record], list_of_speakers=True)
    annex = text.split("## Annex II. List of speakers")[1]
    assert "| Brazil | Mr. Paulo Mendes |" in annex
    assert "| Holy See | Mgr. Paolo Ricci |" in annex.split("### Observer States")[1]
    assert " min" not in annex and "Speaking time" not in annex


@pytest.mark.parametrize(("document", "symbol", "title"), [
    ("Discussion guide (A/CONF.222/PM.1)", "A/CONF.222/PM.1", "Discussion guide"),
    ("Reports of the meetings (A/CONF.222/RPM.1/1, A/CONF.222/RPM.2/1 and A/CONF.222/RPM.4/1)",
     "A/CONF.222/RPM.1/1, A/CONF.222/RPM.2/1 and A/CONF.222/RPM.4/1", "Reports of the meetings"),
    ("Note by the Secretariat (to be issued)", "", "Note by the Secretariat (to be issued)"),
    ("A paper without a symbol", "", "A paper without a symbol"),
])
def test_the_annex_reads_each_documents_symbols(document: str, symbol: str, title: str) -> None:
    assert symbol_and_title(document) == (symbol, title)


def test_attributed_report_names_the_delegations_the_un_way(demo_record: SessionRecord) -> None:
    text = render_report(W3, [demo_record], attributed=True)
    assert "The representatives of Brazil and Japan highlighted cyber-safety education" in text
    assert "(Japan)" in text  # the jurisdiction of a good practice, only when attributed
    for label in ("evidence:", "evaluated;", "promising;", "reported;", "question ("):
        assert label not in text


def test_the_hand_off_counts_every_section(demo_record: SessionRecord) -> None:
    assert report_counts([demo_record]) == {
        "interventions": 26, "key points": 12, "good practices": 5, "challenges": 5, "conclusions": 2,
        "recommendations": 6,
    }


# --- truth: nothing said is dropped without a word -------------------------------------------------


@pytest.fixture
def three_questions(home: Path, notebook):
    """Interventions on questions (a), (b) and (c); key points on (a) only."""
    session = notebook.create_session("W3", meeting="1st meeting", date="2015-04-15")
    brazil = notebook.add_speaker("Mr. Paulo Mendes", delegation="Brazil", category="Member State")
    japan = notebook.add_speaker("Mr. Kenji Sato", delegation="Japan", category="Member State")
    a = notebook.record_intervention(session.id, brazil.id, "On research.", question_refs=("W3.Q.a",))
    notebook.record_intervention(session.id, japan.id, "On schools.", question_refs=("W3.Q.b",))
    notebook.record_intervention(session.id, brazil.id, "On units.", question_refs=("W3.Q.c",))
    notebook.add_key_point(session.id, "W3.Q.a", "called for more research", (a.id,))
    return session


def test_questions_with_interventions_are_never_called_undiscussed(notebook, three_questions) -> None:
    record = notebook.session_record(three_questions.id)
    text = render_report(W3, [record])
    assert "not discussed" not in text and "No deliberations" not in text
    deliberations = text.split("## Summary of deliberations")[1].split("## Conclusions")[0]
    assert deliberations.strip() == "3. One speaker called for more research."
    assert unreflected_counts(record) == {"W3.Q.b": 1, "W3.Q.c": 1}
    found = unreflected(record, W3)
    assert [(u.count, u.speaker, u.questions) for u in found] == [
        (1, "Mr. Kenji Sato (Japan)", "question (b)"), (1, "Mr. Paulo Mendes (Brazil)", "question (c)"),
    ]


def test_export_reports_the_unreflected_interventions_and_check_fails(
    home: Path, notebook, three_questions, capsys,
) -> None:
    assert cli.main(["--home", str(home), "export", "W3"]) == 0
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        "workshop: 2 interventions are reflected in no key point:",
        "workshop:   1 by Mr. Kenji Sato (Japan) on question (b)",
        "workshop:   1 by Mr. Paulo Mendes (Brazil) on question (c)",
    ]
    assert out.strip().endswith(".qr.svg")
    before = sorted(p.name for p in (home / "exports").iterdir())
    assert cli.main(["--home", str(home), "export", "W3", "--check"]) == 1
    _, err = capsys.readouterr()
    assert "2 interventions are reflected in no key point" in err and "not exported (--check)" in err
    assert sorted(p.name for p in (home / "exports").iterdir()) == before  # nothing written


def test_check_passes_once_every_intervention_is_reflected(home: Path, notebook, three_questions, capsys) -> None:
    turns = notebook.interventions(three_questions.id)
    notebook.add_key_point(three_questions.id, "W3.Q.b", "praised schools", (turns[1].id, turns[2].id))
    assert unreflected_lines(notebook.session_record(three_questions.id)) == []
    assert cli.main(["--home", str(home), "export", "W3", "--check"]) == 0
    assert capsys.readouterr().err == ""


def test_points_of_order_and_openings_need_no_key_point() -> None:
    speaker = Speaker(id="c", name="Chair", category="presiding officer")
    turns = (Intervention(id="o", speaker_id="c", kind="introductory statement"),
             Intervention(id="p", speaker_id="c", kind="point of order"),
             Intervention(id="s", speaker_id="c", kind="statement", deleted_at=OPENED))
    assert unreflected(SessionRecord(Session(id="s", topic="W3"), {"c": speaker}, turns)) == []
    point = KeyPoint(id="k", question_ref="W3.Q.a", predicate=" ", intervention_ids=("x",))
    live = (Intervention(id="x", speaker_id="c"),)
    assert len(unreflected(SessionRecord(Session(id="s"), {"c": speaker}, live, key_points=(point,)))) == 1


# --- the command line on a fresh home ------------------------------------------------------------


def test_demo_then_export_writes_the_report_and_notes_writes_the_notes(home: Path, capsys) -> None:
    assert cli.main(["--home", str(home), "demo"]) == 0
    capsys.readouterr()
    assert cli.main(["--home", str(home), "export", "W3"]) == 0
    report = Path(capsys.readouterr().out.splitlines()[0])
    text = report.read_text(encoding="utf-8")
    assert text.startswith("Agenda item 5\n") and "## Proceedings\n\n1. " in text
    assert cli.main(["--home", str(home), "export", "W3", "--form", "notes"]) == 0
    notes = Path(capsys.readouterr().out.splitlines()[0])
    assert notes != report and notes.name.endswith("_notes.md")
    assert "Rapporteur's notes (draft)" in notes.read_text(encoding="utf-8")
    assert "| Speaker | Delegation | Interventions | Speaking time |" in notes.read_text(encoding="utf-8")
    assert cli.main(["--home", str(home), "export", "W3", "--attributed", "--out", str(home / "a.md")]) == 0
    assert "The representatives of Brazil and Japan" in (home / "a.md").read_text(encoding="utf-8")


def test_the_documents_annex_says_before_whom_they_were(notebook, demo_record: SessionRecord) -> None:
    assert "## Annex. Documents before the workshop" in render_report(W3, [demo_record])
    a5 = notebook.create_session("A5", meeting="1st meeting", date="2015-04-16")
    report = render_report(load_catalogue().topic("A5"), [notebook.session_record(a5.id)])
    assert "## Annex. Documents before the Congress" in report and "workshop" not in report
