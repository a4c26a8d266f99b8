"""`workshop catalogue [--json] [TOPIC]`, `workshop guide` and the guide's results in `workshop search`."""

from __future__ import annotations

import json

import pytest

from workshop.cli import main
from workshop.store import Notebook


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- catalogue -----------------------------------------------------------------------------------


def test_catalogue_json_carries_the_guide(home, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(home), "catalogue", "--json")
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["guide", "topics"]
    guide = document["guide"]
    assert guide["symbol"] == "A/CONF.222/PM.1"
    assert guide["main_theme"].startswith("Integrating crime prevention and criminal justice")
    assert [a["number"] for a in guide["agenda"]] == [1, 2, 3, 4, 5, 6, 7]
    assert [p["number"] for p in guide["introduction"]] == list(range(1, 15))
    topics = {t["key"]: t for t in document["topics"]}
    w3 = topics["W3"]
    assert list(w3) == ["key", "kind", "number", "title", "short_title", "scope", "objectives",
                        "questions_kind", "questions_paragraph", "questions_lead_in", "questions",
                        "paragraphs"]
    assert w3["scope"] == list(range(97, 107))
    assert [p["number"] for p in w3["paragraphs"]] == list(range(97, 110))
    scope = [p for p in w3["paragraphs"] if p["number"] in w3["scope"]]
    assert scope[0]["text"].startswith("During the Twelfth United Nations Congress")
    assert scope[0]["section"] == "A. Scope"
    assert scope[0]["footnotes"] == [{"number": 39, "text": (
        "It is expected that the comprehensive study on cybercrime will have been completed before "
        "the regional preparatory meetings are held in 2014."), "quoted": []}]
    assert w3["objectives"][0] == {"ref": "W3.O.a", "letter": "a", "text": (
        "To identify trends in evolving crimes such as cybercrime and trafficking in cultural "
        "property;"), "paragraph": 108}
    assert w3["questions"][1]["paragraph"] == 109 and w3["questions"][1]["kind"] == "question"
    assert w3["questions_paragraph"] == 109 and w3["questions_kind"] == "questions"
    w4 = topics["W4"]
    assert w4["questions_kind"] == "issues"
    assert {q["kind"] for q in w4["questions"]} == {"issue"}
    assert w4["questions_lead_in"].endswith("as they relate to:")
    assert [o["paragraph"] for o in topics["W2"]["objectives"]] == [90, 91, 92, 93, 94, 95]
    assert topics["A6"]["scope"] == list(range(49, 71))
    p75 = next(p for p in topics["W1"]["paragraphs"] if p["number"] == 75)
    assert len(p75["subparagraphs"]) == 14  # the standards and norms, (a) to (n)


def test_catalogue_json_of_one_topic(home, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(home), "catalogue", "w2", "--json")
    assert code == 0
    (w2,) = json.loads(out)["topics"]
    assert w2["key"] == "W2"
    assert [q["group"] for q in w2["questions"]][:3] == [None, None, "Trafficking in persons"]


def test_catalogue_lists_topics_with_their_kind_of_list(home, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(home), "catalogue")
    assert code == 0
    assert "W4  Workshop 4: Public contribution and awareness (7 objectives, 6 issues)" in out
    assert "W2  Workshop 2: Human trafficking and migrant smuggling (6 objectives, 11 questions)" in out


def test_catalogue_topic_prints_its_guide_text(home, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(home), "catalogue", "W3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Workshop 3. Strengthening crime prevention")
    assert "A. Scope" in lines and "B. Objectives" in lines and "C. Questions for discussion" in lines
    text = " ".join(line.strip() for line in lines)
    assert "97. During the Twelfth United Nations Congress" in text
    assert "[39] It is expected that the comprehensive study on cybercrime" in text
    assert "(b) How can law enforcement encourage education about best practices" in text
    assert "109. The regional preparatory meetings and participants in Workshop 3" in text
    assert max(len(line) for line in lines) <= 100


def test_catalogue_unknown_topic_is_one_line(home, capsys) -> None:
    code, _, err = run(capsys, "--home", str(home), "catalogue", "W9")
    assert code == 1
    assert err.startswith("workshop: unknown topic") and err.count("\n") == 1


# --- guide ---------------------------------------------------------------------------------------


def test_guide_finds_words_marked_by_source(home, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(home), "guide", '"model treaty"')
    assert code == 0
    heads = [line for line in out.splitlines() if not line.startswith("    ")]
    assert heads == ["guide        para. 36 (g)  A4  B. Main issues/substantive focus",  # "treaties"
                     "guide        para. 37  A4  B. Main issues/substantive focus",
                     "guide        para. 38  A4  B. Main issues/substantive focus",
                     "guide        para. 101  W3  A. Scope",
                     "guide        para. 109 (f)  W3  C. Questions for discussion"]
    assert "\x1b" not in out
    # the notebook's reading of words: other forms of a word are found ("witnesses", para. 90)
    code, out, _ = run(capsys, "--home", str(home), "guide", "witness", "--topic", "W2")
    assert out.startswith("guide        para. 90  W2  B. Objectives\n")
    code, out, _ = run(capsys, "--home", str(home), "guide", "witness", "--topic", "W2", "--json")
    first = json.loads(out)["results"][0]
    start, end = first["highlights"][0]
    assert first["excerpt"][start:end] == "witnesses"  # marked by its stem
    code, out, _ = run(capsys, "--home", str(home), "guide", "smuggling", "--topic", "W4")
    assert (code, out) == (0, "Not found in the guide.\n")


def test_guide_json(home, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(home), "guide", '"rule of law"', "--json", "--limit", "3")
    assert code == 0
    document = json.loads(out)
    assert document["query"] == '"rule of law"'
    first, second, _ = document["results"]
    assert first == {**first, "source": "guide", "paragraph": 2, "item": "", "footnote": None,
                     "topic": None, "section": "A. Background", "place": "para. 2"}
    start, end = first["highlights"][0]
    assert first["excerpt"][start:end] == "rule of law"
    assert (second["place"], second["item"]) == ("para. 3, item 3", "3")  # the agenda's item 3
    # a footnote is found too, and cited as one
    code, out, _ = run(capsys, "--home", str(home), "guide", "Secretary-General defines", "--json")
    (hit,) = json.loads(out)["results"]
    assert (hit["place"], hit["footnote"]) == ("para. 15, footnote 2", 2)


def test_guide_without_words_prints_it_whole(home, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(home), "guide")
    assert code == 0
    assert out.startswith("I. Introduction")
    for number in (1, 14, 15, 71, 126):
        assert f"\n{number}. " in out, number
    code, out, _ = run(capsys, "--home", str(home), "guide", "--topic", "A6")
    assert out.startswith("Agenda item 6.") and "\n71. " in out and "\n72. " not in out
    code, _, err = run(capsys, "--home", str(home), "guide", "--json")
    assert code == 1 and err.count("\n") == 1


# --- search --------------------------------------------------------------------------------------


@pytest.fixture
def recorded(home):
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting", date="2015-04-15")
        speaker = notebook.add_speaker("Italy", category="Member State")
        notebook.record_intervention(session.id, speaker.id, "Italy described its model treaty work.",
                                     question_refs=("W3.Q.f",))
    return home


def test_search_finds_the_notebook_and_the_guide(recorded, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(recorded), "search", '"model treaty"', "--json")
    assert code == 0
    document = json.loads(out)
    assert [r["source"] for r in document["results"]] == ["notebook"]
    assert [(g["source"], g["place"]) for g in document["guide"]] == [
        ("guide", "para. 36 (g)"), ("guide", "para. 37"), ("guide", "para. 38"),
        ("guide", "para. 101"), ("guide", "para. 109 (f)")]
    code, out, _ = run(capsys, "--home", str(recorded), "search", '"model treaty"')
    lines = out.splitlines()
    assert lines[0].startswith("intervention ")
    assert "guide        para. 101  W3  A. Scope" in lines


def test_search_kind_guide_and_record_filters(recorded, capsys) -> None:
    code, out, _ = run(capsys, "--home", str(recorded), "search", '"model treaty"', "--kind", "guide", "--json")
    document = json.loads(out)
    assert document["results"] == [] and len(document["guide"]) == 5
    for filters in (["--kind", "intervention"], ["--speaker", "Italy"], ["--question", "W3.Q.f"]):
        code, out, _ = run(capsys, "--home", str(recorded), "search", '"model treaty"', *filters, "--json")
        document = json.loads(out)
        assert code == 0 and document["guide"] == [] and len(document["results"]) == 1, filters
    code, out, _ = run(capsys, "--home", str(recorded), "search", '"model treaty"', "--topic", "A4", "--json")
    # that topic's part only
    assert [g["place"] for g in json.loads(out)["guide"]] == ["para. 36 (g)", "para. 37", "para. 38"]
    code, out, _ = run(capsys, "--home", str(recorded), "search", "--json")
    assert json.loads(out)["guide"] == []  # no words: the guide has nothing to list
