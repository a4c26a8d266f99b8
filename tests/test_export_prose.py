"""The rules of the report's prose, one table each: meetings and dates, series, numbers, names."""

from __future__ import annotations

import sqlite3
from datetime import date as Date

import pytest

from workshop.catalogue.delegations import delegation_named, load_delegations
from workshop.export.meetings import meeting_numbers, on_dates, parse_meeting
from workshop.export.naming import parties, phrase, role
from workshop.export.numbering import Numbering, letter
from workshop.export.words import closed, lower_first, number_word, ordinal, series, without_honorific
from workshop.records import SPEAKER_CATEGORIES, Speaker
from workshop.store import Notebook


@pytest.mark.parametrize(("numbers", "said"), [
    ([4], "4th meeting"),
    ([4, 5], "4th and 5th meetings"),
    ([6, 4, 5], "4th to 6th meetings"),
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], "1st to 12th meetings"),
    ([2, 4, 5, 6, 9], "2nd, 4th to 6th and 9th meetings"),
    ([1, 3], "1st and 3rd meetings"),
    ([11, 12, 13], "11th to 13th meetings"),
    ([21, 22], "21st and 22nd meetings"),
    ([4, 4, 5], "4th and 5th meetings"),
])
def test_meeting_numbers(numbers: list[int], said: str) -> None:
    assert meeting_numbers(numbers) == said


@pytest.mark.parametrize(("days", "said"), [
    (["2015-04-15"], "on 15 April 2015"),
    (["2015-04-16", "2015-04-15"], "on 15 and 16 April 2015"),
    (["2015-04-15", "2015-04-15", "2015-04-16"], "on 15 and 16 April 2015"),
    (["2015-04-15", "2015-04-16", "2015-04-17"], "from 15 to 17 April 2015"),
    (["2015-04-14", "2015-04-16", "2015-04-18"], "on 14, 16 and 18 April 2015"),
    (["2015-04-30", "2015-05-01"], "on 30 April and 1 May 2015"),
    (["2015-04-30", "2015-05-01", "2015-05-02"], "from 30 April to 2 May 2015"),
    (["2015-04-14", "2015-04-16", "2015-05-02"], "on 14 and 16 April and 2 May 2015"),
    (["2015-12-31", "2016-01-01"], "on 31 December 2015 and 1 January 2016"),
    (["2015-12-30", "2015-12-31", "2016-01-01"], "from 30 December 2015 to 1 January 2016"),
])
def test_dates(days: list[str], said: str) -> None:
    assert on_dates(Date.fromisoformat(d) for d in days) == said


@pytest.mark.parametrize(("text", "number"), [
    ("4 2015-04-15", 4), ("  12   2015-04-16 ", 12), ("4th 2015-04-15", None), ("0 2015-04-15", None),
    ("4 2015-02-30", None), ("4", None), ("", None),
])
def test_parse_meeting(text: str, number: int | None) -> None:
    found = parse_meeting(text)
    assert (found.number if found else None) == number


@pytest.mark.parametrize(("items", "said"), [
    ([], ""), (["Brazil"], "Brazil"), (["Brazil", "Japan"], "Brazil and Japan"),
    (["Brazil", "Japan", "the Netherlands"], "Brazil, Japan and the Netherlands"), (["a", "", "b"], "a and b"),
])
def test_series_with_and(items: list[str], said: str) -> None:
    assert series(items) == said


@pytest.mark.parametrize(("n", "word"), [(0, "no"), (1, "one"), (2, "two"), (9, "nine"), (10, "10"), (21, "21"),
                                         (-1, "-1")])
def test_number_words_under_ten(n: int, word: str) -> None:
    assert number_word(n) == word


@pytest.mark.parametrize(("n", "said"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                                         (13, "13th"), (21, "21st"), (102, "102nd"), (111, "111th")])
def test_ordinals(n: int, said: str) -> None:
    assert ordinal(n) == said


@pytest.mark.parametrize(("name", "bare"), [
    ("Dr. Lena Varga", "Lena Varga"), ("Mr. Paulo Mendes", "Paulo Mendes"), ("Mgr. Paolo Ricci", "Paolo Ricci"),
    ("H.E. Mr. Ali Khan", "Ali Khan"), ("Jay Albanese", "Jay Albanese"), ("Ms.", "Ms."), ("Drake Ms", "Drake Ms"),
])
def test_names_lose_their_honorifics(name: str, bare: str) -> None:
    assert without_honorific(name) == bare


@pytest.mark.parametrize(("title", "inside"), [
    ("Strengthening crime prevention", "strengthening crime prevention"), ("UNODC support", "UNODC support"),
    ("Role", "role"),
])
def test_titles_inside_a_sentence(title: str, inside: str) -> None:
    assert lower_first(title) == inside


@pytest.mark.parametrize(("text", "last", "closed_text"), [
    ("States should act.", False, "States should act;"), ("States should act", True, "States should act."),
    ("States should act;", True, "States should act."), ("Why?", False, "Why?"),
    ("Research &amp;", True, "Research &amp;."), ("Ends in 2015\\.", False, "Ends in 2015\\.;"),
])
def test_subparagraph_endings(text: str, last: bool, closed_text: str) -> None:
    assert closed(text, last=last) == closed_text


def test_paragraphs_are_numbered_on_and_subparagraphs_lettered() -> None:
    numbering = Numbering()
    assert numbering.paragraph(["First."]) == "1. First."
    assert numbering.paragraph(["It had:"], [["one"], ["two"]]) == "2. It had:\n\n   (a) one;\n\n   (b) two."
    for _ in range(7):
        numbering.paragraph(["x"])
    assert numbering.paragraph(["Tenth", "line"]) == "10. Tenth\n    line"
    assert [letter(n) for n in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "bb"]


# --- names the UN way: every built-in delegation, in object and subject position --------------------

# The short names that take "the" in United Nations usage (UNTERM; ISO 3166 marks them "(the)").
STATES_WITH_THE = {
    "Bahamas", "Central African Republic", "Comoros", "Congo", "Czech Republic",
    "Democratic People's Republic of Korea", "Democratic Republic of the Congo", "Dominican Republic", "Gambia",
    "Lao People's Democratic Republic", "Marshall Islands", "Netherlands", "Niger", "Philippines",
    "Republic of Korea", "Republic of Moldova", "Russian Federation", "Sudan", "Syrian Arab Republic",
    "United Arab Emirates", "United Kingdom of Great Britain and Northern Ireland", "United Republic of Tanzania",
    "United States of America", "Holy See", "State of Palestine",
}


def expected_in_text(name: str, category: str) -> str:
    if name == "The former Yugoslav Republic of Macedonia":
        return "the former Yugoslav Republic of Macedonia"
    if category in ("Member State", "observer State"):
        return f"the {name}" if name in STATES_WITH_THE else name
    return f"the {name}"  # an organization's full name: "the United Nations Office on Drugs and Crime"


@pytest.mark.parametrize("delegation", load_delegations(), ids=lambda d: d.name)
def test_every_delegation_in_object_and_subject_position(delegation) -> None:
    expected = expected_in_text(delegation.name, delegation.category)
    assert delegation.in_text == expected
    assert delegation.as_subject == expected[0].upper() + expected[1:]
    speaker = Speaker(id="s", name="Someone", delegation=delegation.display, category=delegation.category)
    noun = role(delegation.category)
    joiner = "of" if noun == "representative" else "for"
    assert phrase(parties([speaker])) == f"the {noun} {joiner} {expected}"


@pytest.mark.parametrize(("typed", "said"), [
    ("Netherlands", "the representative of the Netherlands"),
    ("Philippines", "the representative of the Philippines"),
    ("United Kingdom of Great Britain and Northern Ireland",
     "the representative of the United Kingdom of Great Britain and Northern Ireland"),
    ("Iran (Islamic Republic of)", "the representative of Iran (Islamic Republic of)"),
    ("Bolivia (Plurinational State of)", "the representative of Bolivia (Plurinational State of)"),
    ("Venezuela (Bolivarian Republic of)", "the representative of Venezuela (Bolivarian Republic of)"),
    ("Micronesia (Federated States of)", "the representative of Micronesia (Federated States of)"),
    ("The former Yugoslav Republic of Macedonia", "the representative of the former Yugoslav Republic of Macedonia"),
    ("Holy See", "the observer for the Holy See"),
    ("Palestine", "the observer for the State of Palestine"),
    ("UNODC", "the representative of the United Nations Office on Drugs and Crime"),
    ("INTERPOL", "the observer for the International Criminal Police Organization"),
    ("A body nobody built in", "the representative of A body nobody built in"),
])
def test_the_phrase_comes_from_the_category(typed: str, said: str) -> None:
    known = delegation_named(typed)
    category = known.category if known else "Member State"
    assert phrase(parties([Speaker(id="s", name="X", delegation=typed, category=category)])) == said


def test_two_observers_and_the_chair() -> None:
    speakers = [Speaker(id="1", delegation="INTERPOL", category="intergovernmental organization"),
                Speaker(id="2", delegation="ICOM", category="non-governmental organization"),
                Speaker(id="3", name="Chair", category="presiding officer")]
    assert phrase(parties(speakers)) == (
        "the observers for the International Criminal Police Organization and the International Council of "
        "Museums and the Chair")


@pytest.mark.parametrize(("typed", "category"), [
    ("UNODC", "United Nations Secretariat"), ("DESA", "United Nations Secretariat"), ("ILO", "specialized agency"),
    ("UNESCO", "specialized agency"), ("WHO", "specialized agency"), ("ITU", "specialized agency"),
    ("World Bank", "specialized agency"), ("IOM", "intergovernmental organization"),
    ("Holy See", "observer State"), ("ECLAC", "UN entity"), ("ESCAP", "UN entity"), ("ESCWA", "UN entity"),
    ("ECA", "UN entity"), ("ECE", "UN entity"), ("UNEP", "UN entity"), ("ECOWAS", "intergovernmental organization"),
    ("SADC", "intergovernmental organization"), ("CARICOM", "intergovernmental organization"),
    ("SAARC", "intergovernmental organization"), ("ILANUD", "institute"), ("UNAFRI", "institute"),
])
def test_categories_of_the_un_system(typed: str, category: str) -> None:
    assert delegation_named(typed).category == category


def test_official_names_of_the_institutes() -> None:
    assert delegation_named("ILANUD").name == (
        "United Nations Latin American Institute for the Prevention of Crime and the Treatment of Offenders")
    assert delegation_named("UNAFRI").name == (
        "United Nations African Institute for the Prevention of Crime and the Treatment of Offenders")
    assert {d.category for d in load_delegations()} <= set(SPEAKER_CATEGORIES)


def test_old_notebooks_get_the_corrected_categories(home) -> None:
    with Notebook.open(home) as notebook:
        ids = {name: notebook.add_speaker(name, delegation=delegation, category=category).id
               for name, delegation, category in (
                   ("A", "UNODC", "UN entity"), ("B", "International Labour Organization", "UN entity"),
                   ("C", "IOM", "UN entity"), ("D", "UNODC", "presiding officer"), ("E", "Freedonia", "other"),
                   ("F", "Holy See", "Member State"))}
        path = notebook.path
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_delegation_categories'")
    conn.execute("UPDATE speaker SET category = 'UN entity' WHERE name IN ('A', 'B', 'C')")
    conn.commit()
    conn.close()
    with Notebook.open(home) as notebook:
        found = {s.name: s.category for s in notebook.speakers()}
        assert notebook.get(Speaker, ids["A"]).updated_at > notebook.get(Speaker, ids["E"]).updated_at
    assert found == {"A": "United Nations Secretariat", "B": "specialized agency",
                     "C": "intergovernmental organization", "D": "presiding officer", "E": "other",
                     "F": "observer State"}
