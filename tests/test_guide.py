"""The guide's whole text in the catalogue: rebuilt from the guide, paragraph by paragraph."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from workshop.catalogue import Catalogue, load_catalogue, without_marks

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_catalogue.py"
LAST_PARAGRAPH = 126  # the last paragraph of Part III (Workshop 4)


def build_script():
    spec = importlib.util.spec_from_file_location("build_catalogue", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="module")
def builder():
    return build_script()


# --- the data is what the guide gives ------------------------------------------------------------


def test_guide_text_is_in_the_repository(builder) -> None:
    assert builder.GUIDE_TEXT.is_relative_to(ROOT)
    assert builder.GUIDE_TEXT.is_file()


def test_rebuilt_data_is_identical_to_the_committed_data(builder) -> None:
    built = builder.build(builder.GUIDE_TEXT.read_text(encoding="utf-8"))
    for name in builder.OUTPUTS:
        committed = (ROOT / "workshop" / "catalogue" / name).read_text(encoding="utf-8")
        assert builder.dumped(built[name]) == committed, name
    assert builder.main(["--check"]) == 0


def test_check_notices_a_changed_file(builder, tmp_path, monkeypatch, capsys) -> None:
    for name in builder.OUTPUTS:
        (tmp_path / name).write_text((builder.CATALOGUE / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    changed = (tmp_path / "guide.json").read_text(encoding="utf-8").replace("Trafficking", "Traffic", 1)
    (tmp_path / "guide.json").write_text(changed, encoding="utf-8")
    monkeypatch.setattr(builder, "CATALOGUE", tmp_path)
    assert builder.main(["--check"]) == 1
    assert "guide.json differs" in capsys.readouterr().out


def test_a_paragraph_missing_from_the_text_is_refused(builder) -> None:
    text = builder.GUIDE_TEXT.read_text(encoding="utf-8")
    damaged = re.sub(r"^57\. ", "", text, flags=re.M)
    with pytest.raises(builder.GuideError):
        builder.build(damaged)


# --- paragraphs ----------------------------------------------------------------------------------


def test_every_paragraph_once_and_in_order(catalogue: Catalogue) -> None:
    guide = catalogue.guide
    assert [p.number for p in guide.paragraphs] == list(range(1, LAST_PARAGRAPH + 1))
    assert guide.paragraphs[-1].topic == "W4"
    assert guide.paragraph(LAST_PARAGRAPH + 1) is None and guide.paragraph(0) is None
    # each paragraph opens, in the guide's text, after the one before it
    source = build_script().GUIDE_TEXT.read_text(encoding="utf-8")
    at = 0
    for p in guide.paragraphs:
        opening = f"\n{p.number}. {p.text.split(chr(10))[0][:50]}"
        found = source.find(opening, at)
        assert found > at, p.number
        assert source.count(opening) == 1, p.number
        at = found


def test_paragraphs_belong_to_their_topics(catalogue: Catalogue) -> None:
    guide = catalogue.guide
    assert [p.number for p in guide.introduction] == list(range(1, 15))
    firsts = {t.key: t.paragraphs[0].number for t in catalogue.topics}
    assert firsts == {"A3": 15, "A4": 24, "A5": 40, "A6": 49, "W1": 72, "W2": 84, "W3": 97, "W4": 110}
    for topic in catalogue.topics:
        numbers = [p.number for p in topic.paragraphs]
        assert numbers == list(range(numbers[0], numbers[-1] + 1)), topic.key
        assert numbers[-1] == topic.questions_paragraph, topic.key  # the list closes each part
    sections = {p.number: p.section for p in guide.paragraphs}
    assert sections[1] == "A. Background" and sections[5] == "B. Substantive aspects"
    assert sections[13] == "C. Procedural aspects"
    assert sections[36] == "B. Main issues/substantive focus"
    assert sections[82] == "B. Objectives" and sections[109] == "C. Questions for discussion"


def test_text_is_joined_across_page_breaks_without_footnotes(catalogue: Catalogue) -> None:
    guide = catalogue.guide
    p16 = guide.paragraph(16).text
    assert "a number of proposals have been made to include a security-related target" in p16
    assert "The Secretary-General defines" not in p16
    assert "transnational organized crime, corruption and terrorism" in guide.paragraph(5).text
    j = guide.paragraph(83).subparagraphs[9]
    assert (j.label, j.text.endswith("suicidal and self-harm prevention; safety and security; searches; "
                                      "discipline and punishment; instruments of restraint; and "
                                      "contact with the outside world?")) == ("j", True)
    for p in guide.paragraphs:
        for text in [p.text, *(s.text for s in p.subparagraphs), *(f.text for f in p.footnotes)]:
            assert "*" not in text and "  " not in text and text == text.strip(), p.number


def test_footnotes_attached_where_their_marks_are(catalogue: Catalogue) -> None:
    guide = catalogue.guide
    numbers = [f.number for p in guide.paragraphs for f in p.footnotes]
    assert numbers == list(range(1, 42))
    for p in guide.paragraphs:
        marks = re.findall("[⁰¹²³⁴⁵⁶⁷⁸⁹]+", p.whole_text)
        assert len(marks) == len(p.footnotes), p.number
    (note,) = guide.paragraph(15).footnotes
    assert note.number == 2
    assert note.text.startswith("The Secretary-General defines the rule of law (S/2004/616, para. 6) as:")
    assert note.quoted[0].startswith("A principle of governance in which all persons")
    assert note.quoted[1].startswith("At the national level, the rule of law is at the heart")
    assert "law,² peace" in guide.paragraph(15).text
    assert [f.number for f in guide.paragraph(22).footnotes] == [8, 9, 10, 11, 12, 13]


def test_quotations_and_headings(catalogue: Catalogue) -> None:
    guide = catalogue.guide
    p15 = guide.paragraph(15)
    assert [quoted for _, quoted in p15.blocks] == [False, True, False]
    assert p15.quoted[0].startswith("We are convinced that the rule of law and development")
    assert guide.paragraph(120).blocks[-1] == (
        "It is a process that works to engage key target groups to translate evidence-based "
        "knowledge about effective practice in a way that enables them to take action to modify "
        "their own behaviour to achieve the best outcomes.", True)
    assert guide.paragraph(55).headings == (
        "1. The role of social networks and new communications technologies",)
    assert guide.paragraph(63).headings == (
        "2. The role of public participation at the national and local levels",
        "(b) Communities and the prevention of recidivism (reoffending)")
    assert guide.paragraph(121).headings == (
        "2. Public participation at the local level: grass-roots initiatives",)
    assert guide.paragraph(54).headings == ()


def test_main_theme_and_agenda(catalogue: Catalogue) -> None:
    guide = catalogue.guide
    assert guide.symbol == "A/CONF.222/PM.1"
    assert guide.main_theme == (
        "Integrating crime prevention and criminal justice into the wider United Nations agenda to "
        "address social and economic challenges and to promote the rule of law at the national and "
        "international levels, and public participation")
    assert [a.number for a in guide.agenda] == [1, 2, 3, 4, 5, 6, 7]
    assert guide.agenda[0].title == "Opening of the Congress."
    assert guide.agenda[6].title == "Adoption of the report of the Congress."
    for topic in catalogue.topics:
        if topic.kind == "agenda item":
            assert guide.agenda[topic.number - 1].title == topic.title + ".", topic.key
    # para. 4 lists the workshops' subjects; the footer of its page is not part of it
    assert [s.label for s in guide.paragraph(4).subparagraphs] == ["a", "b", "c", "d"]
    assert "E/CN.15/2013/1" not in guide.paragraph(3).whole_text


# --- objectives and questions know their paragraph -----------------------------------------------


def test_every_objective_and_question_knows_its_paragraph(catalogue: Catalogue) -> None:
    guide = catalogue.guide
    for topic in catalogue.topics:
        for item, section in [*((o, "B. Objectives") for o in topic.objectives),
                              *((q, "C. Questions for discussion") for q in topic.questions)]:
            paragraph = guide.paragraph(item.paragraph)
            assert paragraph is not None, item.ref
            assert (paragraph.topic, paragraph.section) == (topic.key, section), item.ref
            if item.letter is None:
                assert without_marks(paragraph.text) == item.text, item.ref
                continue
            (sub,) = [s for s in paragraph.subparagraphs if s.label == item.letter]
            assert without_marks(sub.text) == item.text, item.ref
            assert sub.group == getattr(item, "group", None), item.ref


def test_cited_paragraphs(catalogue: Catalogue) -> None:
    assert catalogue.question("W3.Q.b").paragraph == 109
    assert catalogue.question("A6.Q.a").paragraph == 71
    assert catalogue.question("W4.Q.f").paragraph == 126
    assert catalogue.objective("W1.O.d").paragraph == 82
    assert catalogue.objective("W3.O.h").paragraph == 108
    assert {t.key: t.questions_paragraph for t in catalogue.topics} == {
        "A3": 23, "A4": 39, "A5": 48, "A6": 71, "W1": 83, "W2": 96, "W3": 109, "W4": 126}


def test_lists_of_issues_are_issues(catalogue: Catalogue) -> None:
    kinds = {t.key: t.questions_kind for t in catalogue.topics}
    assert kinds == {**dict.fromkeys(["A3", "A4", "A5", "W1", "W2", "W3"], "questions"),
                     "A6": "issues", "W4": "issues"}
    for topic in catalogue.topics:
        expected = "issue" if topic.questions_kind == "issues" else "question"
        assert {q.kind for q in topic.questions} == {expected}, topic.key
    a6 = catalogue.topic("A6")
    assert a6.questions_lead_in == (
        "The regional preparatory meetings and the Thirteenth Congress may wish to consider the "
        "following issues for further discussion:")
    assert catalogue.topic("W4").questions_lead_in.endswith("as they relate to:")
    assert catalogue.topic("W3").questions_lead_in.endswith("the following questions for further discussion:")
    first = a6.questions[0]
    assert first.label == "Issue (a)"
    assert first.text.endswith("all sectors of society;")  # as the guide lists it
    assert first.statement == ("Reviewing good practices in designing and implementing crime "
                               "prevention strategies, plans and programmes that ensure the "
                               "involvement of all sectors of society")
    assert a6.questions[-1].statement.endswith("the Government, industry and the community")
    w3 = catalogue.question("W3.Q.b")
    assert (w3.label, w3.statement) == ("Question (b)", w3.text)
    assert catalogue.objective("W3.O.a").statement.endswith("trafficking in cultural property")
    assert catalogue.objective("W2.O.91").statement.endswith("secondly, migrant smuggling.")
