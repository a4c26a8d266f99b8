"""The Congress catalogue (workshop/catalogue/programme.json) against the discussion guide."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import pytest

from workshop.catalogue import Catalogue, Question, Topic, load_catalogue, without_marks

# The guide's text as committed beside the catalogue (the tests run on a fresh clone).
SEED = Path(__file__).resolve().parents[1] / "workshop" / "catalogue" / "guide" / "discussion-guide-13th-congress.txt"

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPTS}]")

ORDER = ["A3", "A4", "A5", "A6", "W1", "W2", "W3", "W4"]

# key: (objectives, questions)
COUNTS = {
    "A3": (0, 11),
    "A4": (0, 10),
    "A5": (0, 7),
    "A6": (0, 6),
    "W1": (4, 21),
    "W2": (6, 11),
    "W3": (8, 9),
    "W4": (7, 6),
}

BODY_RESUMES = re.compile(r"^(\d+\. |\([a-z]\) |[A-C]\. |Agenda item \d\. |Workshop \d\. )")

REF_RE = re.compile(r"^(?P<key>A[3-6]|W[1-4])\.(?P<part>[OQ])\.(?P<letter>[a-z])$")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def all_items(catalogue: Catalogue):
    for topic in catalogue.topics:
        yield from topic.objectives
        yield from topic.questions


def normalized_guide() -> str:
    """The guide as one line: footnotes and footnote marks dropped, page breaks joined, spaces collapsed."""
    kept = []
    in_footnote = False
    for line in SEED.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped[0] in SUPERSCRIPTS:  # a footnote starts
            in_footnote = True
            continue
        if in_footnote:
            # A footnote may run on over several paragraphs (quotations); it ends where the body
            # text resumes: a sentence continued from the previous page (lower case), a numbered
            # paragraph, a lettered item or a heading.
            if not (stripped[0].islower() or BODY_RESUMES.match(stripped)):
                continue
            in_footnote = False
        kept.append(stripped)
    text = SUPERSCRIPT_RE.sub("", " ".join(kept))
    return re.sub(r"\s+", " ", text).strip()


# --- shape and counts -------------------------------------------------------------------------


def test_topics_in_programme_order(catalogue: Catalogue) -> None:
    assert [t.key for t in catalogue.topics] == ORDER
    for topic in catalogue.topics:
        expected_kind = "agenda item" if topic.key.startswith("A") else "workshop"
        assert topic.kind == expected_kind
        assert topic.number == int(topic.key[1])


@pytest.mark.parametrize("key", ORDER)
def test_counts(catalogue: Catalogue, key: str) -> None:
    topic = catalogue.topic(key)
    assert topic is not None
    assert (len(topic.objectives), len(topic.questions)) == COUNTS[key]


def test_agenda_items_have_no_objectives(catalogue: Catalogue) -> None:
    for topic in catalogue.topics:
        if topic.kind == "agenda item":
            assert topic.objectives == ()


def test_letters_run_in_order(catalogue: Catalogue) -> None:
    for topic in catalogue.topics:
        letters = [q.letter for q in topic.questions]
        assert letters == [chr(ord("a") + i) for i in range(len(letters))], topic.key
        lettered = [o.letter for o in topic.objectives if o.letter is not None]
        assert lettered == [chr(ord("a") + i) for i in range(len(lettered))], topic.key


def test_refs_unique_and_well_formed(catalogue: Catalogue) -> None:
    refs = [item.ref for item in all_items(catalogue)]
    assert len(refs) == len(set(refs))
    for topic in catalogue.topics:
        for part, items in (("O", topic.objectives), ("Q", topic.questions)):
            for item in items:
                if item.letter is None:
                    # Workshop 2's objectives are whole paragraphs: the first keeps its old
                    # reference, the others are named by their paragraph.
                    assert (topic.key, part) == ("W2", "O")
                    assert item.ref == ("W2.O" if item.paragraph == 90 else f"W2.O.{item.paragraph}")
                    continue
                match = REF_RE.match(item.ref)
                assert match, item.ref
                assert match["key"] == topic.key
                assert match["part"] == part
                assert match["letter"] == item.letter


def test_workshop_2_groups(catalogue: Catalogue) -> None:
    w2 = catalogue.topic("W2")
    groups = {q.letter: q.group for q in w2.questions}
    assert groups == {
        **dict.fromkeys("ab", None),  # before the guide's first group heading
        **dict.fromkeys("cdefgh", "Trafficking in persons"),
        **dict.fromkeys("ijk", "Smuggling of migrants"),
    }
    for topic in catalogue.topics:
        if topic.key != "W2":
            assert all(q.group is None for q in topic.questions), topic.key


def test_workshop_2_objectives_are_paragraphs_90_to_95(catalogue: Catalogue) -> None:
    objectives = catalogue.topic("W2").objectives
    assert [o.paragraph for o in objectives] == [90, 91, 92, 93, 94, 95]
    assert [o.ref for o in objectives] == ["W2.O", "W2.O.91", "W2.O.92", "W2.O.93", "W2.O.94", "W2.O.95"]
    assert objectives[3].text.startswith("The two Protocols suggest various options")
    assert objectives[3].text.endswith("smuggled migrants.")  # joined across the page break
    assert objectives[5].text.startswith("With regard to migrant smuggling")
    objective = objectives[0]
    assert catalogue.objective("W2.O") is objective
    assert catalogue.objective("W2.O.94") is objectives[4]
    assert objective.ref == "W2.O"
    assert objective.letter is None
    assert objective.text.startswith("A common approach based on the stated objectives")
    assert objective.text.endswith(
        "including criminalization, mutual legal assistance and effective protection of "
        "witnesses and trafficked persons."
    )
    assert not objective.text.startswith("90")


SCOPES = {  # the guide's own scope paragraphs (agenda items: background and main issues)
    "A3": (15, 22), "A4": (24, 38), "A5": (40, 47), "A6": (49, 70),
    "W1": (72, 81), "W2": (84, 89), "W3": (97, 106), "W4": (110, 124),
}


def test_short_titles_and_scopes(catalogue: Catalogue) -> None:
    for topic in catalogue.topics:
        assert topic.short_title and len(topic.short_title) <= 40, topic.key
        first, last = SCOPES[topic.key]
        assert topic.scope_paragraphs == tuple(range(first, last + 1)), topic.key
        assert topic.scope.startswith(without_marks(catalogue.guide.paragraph(first).text)), topic.key
        assert topic.scope.endswith(without_marks(catalogue.guide.paragraph(last).whole_text)), topic.key
        assert topic.scope.strip() == topic.scope
        assert not SUPERSCRIPT_RE.search(topic.scope)


# --- text hygiene -----------------------------------------------------------------------------


def test_texts_are_clean(catalogue: Catalogue) -> None:
    texts = [item.text for item in all_items(catalogue)]
    texts += [t for topic in catalogue.topics
              for t in (topic.title, topic.short_title, topic.questions_lead_in)]
    for text in texts:
        assert text, "empty text"
        assert text == text.strip(), text
        assert "  " not in text, text
        assert not re.search(r"\s", text.replace(" ", "")), text  # no tabs or newlines
        assert not SUPERSCRIPT_RE.search(text), text
        assert "*" not in text, text


def test_items_are_whole_sentences(catalogue: Catalogue) -> None:
    for item in all_items(catalogue):
        assert item.text[0].isupper(), item.ref
        assert item.text[-1] in ".?;", item.ref
        assert not re.match(r"^\(?[a-z]\)", item.text), item.ref  # no "(b) " prefix


def test_titles_have_no_prefix(catalogue: Catalogue) -> None:
    for topic in catalogue.topics:
        assert not topic.title.startswith(("Agenda item", "Workshop ")), topic.title
        assert not topic.title.endswith("."), topic.title


# --- verbatim against the guide ---------------------------------------------------------------


def test_titles_verbatim_in_guide(catalogue: Catalogue) -> None:
    lines = {line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()}
    for topic in catalogue.topics:
        assert f"{topic.label}. {topic.title}" in lines, topic.key


def test_normalization_drops_footnote_marks_and_joins_pages() -> None:
    guide = normalized_guide()
    # paragraph 15 carries footnote mark ² after "rule of law,"
    assert "15. The links between rule of law, peace and security, and development" in guide
    # paragraph 16 is split by a page break with footnotes ² to ⁵ in between
    assert "proposals have been made to include a security-related target in the new framework." in guide
    assert not SUPERSCRIPT_RE.search(guide)
    # footnote text, including a footnote's quoted paragraphs, is gone
    assert "The Secretary-General defines the rule of law" not in guide
    assert "At the national level, the rule of law is at the heart of the social contract" not in guide
    assert "Available from www.iacpsocialmedia.org" not in guide


def test_every_item_verbatim_in_guide(catalogue: Catalogue) -> None:
    guide = normalized_guide()
    for item in all_items(catalogue):
        needle = f"({item.letter}) {item.text}" if item.letter else f"{item.paragraph}. {item.text}"
        position = guide.find(needle)
        assert position >= 0, f"{item.ref} not found verbatim in the guide"
        # the item must be complete: what follows is a new item, paragraph or heading, never the
        # lower-case continuation of a sentence broken across pages
        rest = guide[position + len(needle) :]
        assert rest == "" or (rest[0] == " " and not rest[1].islower()), item.ref


def test_questions_are_in_their_own_section(catalogue: Catalogue) -> None:
    """Guard against lettered lists from the background text (paragraphs 10, 22, 36, 47, 75 ...)."""
    guide = normalized_guide()
    for index, topic in enumerate(catalogue.topics):
        start = guide.find(f"{topic.label}. {topic.title}")
        assert start >= 0
        following = [
            guide.find(f"{other.label}. {other.title}") for other in catalogue.topics if other is not topic
        ]
        end = min([p for p in following if p > start], default=len(guide))
        section = guide[start:end]
        questions_at = section.find("C. Questions for discussion")
        assert questions_at >= 0, topic.key
        for question in topic.questions:
            assert section.find(f"({question.letter}) {question.text}") > questions_at, question.ref
        for objective in topic.objectives:
            at = section.find(objective.text)
            assert 0 <= at < questions_at, objective.ref
            assert at > section.find("B. Objectives") >= 0, objective.ref


# Copied by hand from the guide; the first three cross a page break.
SPOT_CHECKS = {
    "A5.Q.e": (
        "What programmes and initiatives are in place to assist, support and protect victims and witnesses "
        "of new and emerging forms of transnational crime? In particular, do effective links exist between "
        "criminal justice systems and other relevant institutions, such as health-care systems, financial "
        "service providers, shipping operators and insurance providers, in the case of crimes such as "
        "trafficking in human organs, the trade in counterfeit medicines, cybercrime and maritime piracy?"
    ),
    "W1.Q.j": (
        "What successful measures have been taken to ensure that the specific needs of women in detention "
        "are met, in particular as relates to allocation; personal hygiene; health-care services; "
        "gender-specific health care; HIV prevention, treatment, care and support; substance abuse "
        "treatment programmes; suicidal and self-harm prevention; safety and security; searches; discipline "
        "and punishment; instruments of restraint; and contact with the outside world?"
    ),
    "W2.Q.c": (
        "What are the main challenges in defining forced labour and/or labour exploitation at the national "
        "level? What are the main challenges in differentiating between cases of trafficking in persons for "
        "forced labour and cases of forced labour in practice? When and how have jurisdictions criminalized "
        "such practices? To what extent is a more holistic approach to reducing coercive and exploitative "
        "practices a necessary precondition to achieving more effective outcomes in combating trafficking "
        "in persons for labour exploitation?"
    ),
    "W3.Q.b": (
        "How can law enforcement encourage education about best practices for cyber safety by Internet "
        "users and reporting of cybercrime to law enforcement? How can law enforcement encourage personal "
        "responsibility on the part of users in using the shared ecosystem of cyberspace safely?"
    ),
    "A4.Q.c": (
        "Are there examples of legislative or treaty action aimed at simplifying the extradition "
        "proceedings and/or easing the evidentiary burden in such proceedings?"
    ),
    "A3.Q.e": (
        "How have countries been able to ensure continuity in crime prevention and criminal justice "
        "policies beyond political change?"
    ),
    "A6.Q.f": (
        "Ensuring that victims of crime are consulted and involved in the crime prevention measures "
        "adopted by the Government, industry and the community."
    ),
    "W1.O.d": (
        "To present best practices in mobilizing civil society and resources to support reintegration "
        "programmes and initiatives for women and child offenders."
    ),
    "W3.O.a": "To identify trends in evolving crimes such as cybercrime and trafficking in cultural property;",
    "W4.Q.e": (
        "Harnessing the financial and intellectual capital of the private business sector in preventing "
        "and reducing crime;"
    ),
}


@pytest.mark.parametrize("ref", sorted(SPOT_CHECKS))
def test_spot_checks(catalogue: Catalogue, ref: str) -> None:
    key, part, _letter = ref.split(".")
    topic = catalogue.topic(key)
    items = topic.objectives if part == "O" else topic.questions
    (item,) = [i for i in items if i.ref == ref]
    assert item.text == SPOT_CHECKS[ref]


# --- lookups ----------------------------------------------------------------------------------


def test_topic_lookup_is_case_insensitive(catalogue: Catalogue) -> None:
    w3 = catalogue.topic("w3")
    assert isinstance(w3, Topic)
    assert w3.key == "W3"
    assert catalogue.topic(" W3 ") is w3
    assert w3.label == "Workshop 3"
    assert catalogue.topic("a4").label == "Agenda item 4"
    assert catalogue.topic("W9") is None


def test_question_lookup(catalogue: Catalogue) -> None:
    question = catalogue.question("W3.Q.b")
    assert isinstance(question, Question)
    assert (question.ref, question.letter, question.group) == ("W3.Q.b", "b", None)
    assert question.text.startswith("How can law enforcement encourage education")
    assert catalogue.question("A4.Q.c").letter == "c"
    assert catalogue.question("W2.Q.i").group == "Smuggling of migrants"
    assert catalogue.question("W3.Q.z") is None
    assert catalogue.question("X1.Q.a") is None


def test_load_catalogue_is_shared() -> None:
    assert load_catalogue() is load_catalogue()


def test_json_file_is_utf8_not_escaped() -> None:
    raw = files("workshop.catalogue").joinpath("programme.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert list(data) == ["topics"]
    assert "\\u" not in raw
    for entry in data["topics"]:
        assert list(entry) == [
            "key", "kind", "number", "title", "short_title", "scope", "objectives",
            "questions_kind", "questions_paragraph", "questions_lead_in", "questions",
        ]
