"""Statistics of speakers and speaking time, against counts computed here from the inserted values."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from review_corpus import Corpus, build

from workshop.catalogue import load_catalogue
from workshop.cli import main
from workshop.records import SPEAKER_CATEGORIES, Intervention, Session, SessionRecord, Speaker
from workshop.review import duration, statement_line, statistics
from workshop.store import Notebook

SMALL = "no one two three four five six seven eight nine".split()


def number_word(n: int) -> str:
    """UN style, written out here on its own: words below 10, figures from 10."""
    return SMALL[n] if n < 10 else str(n)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("stats")
    notebook = Notebook.open(home)
    corpus = build(notebook, seed=21)
    records = [notebook.session_record(s["id"]) for s in corpus.sessions]
    yield home, notebook, corpus, records
    notebook.close()


def live(corpus: Corpus, session_ids: set[str] | None = None) -> list[dict]:
    return [i for i in corpus.interventions
            if not i["deleted"] and (session_ids is None or i["session_id"] in session_ids)]


def test_totals_and_categories(generated) -> None:
    _, _, corpus, records = generated
    stats = statistics(records)
    spoken = live(corpus)
    assert stats.interventions == len(spoken)
    assert stats.seconds == sum(i["seconds"] for i in spoken)
    assert stats.speakers == len({i["speaker_id"] for i in spoken})

    per_category: dict[str, list[dict]] = defaultdict(list)
    for i in spoken:
        per_category[corpus.speakers[i["speaker_id"]]["category"]].append(i)
    for tally in stats.by_category:
        mine = per_category.get(tally.key, [])
        assert tally.interventions == len(mine), tally.key
        assert tally.seconds == sum(i["seconds"] for i in mine), tally.key
        assert tally.speakers == len({i["speaker_id"] for i in mine}), tally.key
        delegations = {(corpus.speakers[i["speaker_id"]]["delegation"]
                        or corpus.speakers[i["speaker_id"]]["name"]).lower() for i in mine}
        assert tally.delegations == len(delegations), tally.key
    assert [t.key for t in stats.by_category] == list(SPEAKER_CATEGORIES)


def test_regional_groups_and_genders_where_recorded(generated) -> None:
    _, _, corpus, records = generated
    stats = statistics(records)
    spoken = live(corpus)
    states = [i for i in spoken if corpus.speakers[i["speaker_id"]]["category"] == "Member State"]
    for attribute, tallies, among in (("regional_group", stats.by_regional_group, states),
                                      ("gender", stats.by_gender, spoken)):
        expected: dict[str, set[str]] = defaultdict(set)
        for i in among:
            expected[corpus.speakers[i["speaker_id"]][attribute] or "not recorded"].add(i["speaker_id"])
        got = {t.key: t.speakers for t in tallies if t.speakers}
        assert got == {k: len(v) for k, v in expected.items()}
        assert tallies[-1].key == "not recorded"


def test_speaking_time_per_question_and_per_meeting(generated) -> None:
    _, _, corpus, records = generated
    stats = statistics(records)
    spoken = live(corpus)
    seconds: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for i in spoken:
        for ref in i["refs"] or [""]:
            seconds[ref] += i["seconds"]
            count[ref] += 1
    assert {t.key: t.seconds for t in stats.by_question} == dict(seconds)
    assert {t.key: t.interventions for t in stats.by_question} == dict(count)
    # Catalogue order, and untagged interventions last.
    order = [q.ref for t in load_catalogue().topics for q in t.questions]
    keys = [t.key for t in stats.by_question]
    assert keys[-1] == "" and stats.by_question[-1].label == "no question"
    assert keys[:-1] == sorted(keys[:-1], key=order.index)

    for meeting, session in zip(stats.by_meeting, corpus.sessions, strict=True):
        mine = live(corpus, {session["id"]})
        assert (meeting.session_id, meeting.meeting, meeting.date) == (
            session["id"], session["meeting"], session["date"],
        )
        assert meeting.interventions == len(mine)
        assert meeting.seconds == sum(i["seconds"] for i in mine)
        assert meeting.speakers == len({i["speaker_id"] for i in mine})


def test_statement_line_counts_delegations_once(generated) -> None:
    _, _, corpus, records = generated
    spoken = live(corpus)
    def delegations(*categories: str) -> int:
        return len({(corpus.speakers[i["speaker_id"]]["delegation"] or corpus.speakers[i["speaker_id"]]["name"]).lower()
                    for i in spoken if corpus.speakers[i["speaker_id"]]["category"] in categories})
    states = delegations("Member State")
    igos = delegations("intergovernmental organization")
    ngos = delegations("non-governmental organization")
    line = statement_line(records)
    assert line.startswith(f"Statements were made by the representatives of {number_word(states)} Member States, ")
    assert f"{number_word(igos)} intergovernmental organization{'s' if igos != 1 else ''}" in line
    assert f"{number_word(ngos)} non-governmental organization{'s' if ngos != 1 else ''}" in line
    assert line.endswith(".")
    assert statistics(records).statement == line


# --- the sentence on hand-made records -----------------------------------------------------------


def record_of(speakers: list[Speaker], spoken_by: list[int]) -> SessionRecord:
    session = Session(id="s1", topic="W3")
    interventions = tuple(
        Intervention(id=f"i{n}", session_id="s1", speaker_id=speakers[k].id, seconds=60)
        for n, k in enumerate(spoken_by)
    )
    return SessionRecord(session=session, speakers={s.id: s for s in speakers}, interventions=interventions)


def people(*entries: tuple[str, str, str]) -> list[Speaker]:
    return [Speaker(id=f"p{n}", name=name, delegation=delegation, category=category)
            for n, (name, delegation, category) in enumerate(entries)]


def test_statement_line_the_report_needs() -> None:
    speakers = (
        [("Delegate", f"State {n}", "Member State") for n in range(23)]
        + [("Observer", "Holy See", "observer State")]
        + [("Rep", f"IGO {n}", "intergovernmental organization") for n in range(3)]
        + [("Rep", f"NGO {n}", "non-governmental organization") for n in range(5)]
    )
    everyone = people(*speakers)
    record = record_of(everyone, list(range(len(everyone))))
    assert statement_line([record]) == (
        "Statements were made by the representatives of 23 Member States, and by the observers for one observer "
        "State, three intergovernmental organizations and five non-governmental organizations."
    )


@pytest.mark.parametrize(
    ("entries", "spoken_by", "expected"),
    [
        ([], [], "No statements were recorded."),
        ([("A", "Japan", "Member State"), ("B", "japan ", "Member State")], [0, 1, 1],
         "Statements were made by the representatives of one Member State."),
        ([("A", "Japan", "Member State"), ("B", "UNDP", "UN entity"), ("C", "", "expert/panellist")], [0, 1, 2],
         "Statements were made by the representatives of one Member State and one United Nations entity, and by "
         "one expert."),
        ([("H", "Holy See", "observer State"), ("I", "IOM", "intergovernmental organization")], [0, 1],
         "Statements were made by the observers for one observer State and one intergovernmental organization."),
        ([("C", "", "expert/panellist"), ("D", "", "expert/panellist"), ("E", "", "other")], [0, 1, 2],
         "Statements were made by two experts and one other participant."),
        ([("A", "Japan", "Member State"), ("B", "Kenya", "Member State")], [0],
         "Statements were made by the representatives of one Member State."),
    ],
)
def test_statement_line_cases(entries, spoken_by, expected) -> None:
    assert statement_line([record_of(people(*entries), spoken_by)]) == expected


def test_deleted_interventions_do_not_count() -> None:
    everyone = people(("A", "Japan", "Member State"), ("B", "Kenya", "Member State"))
    record = record_of(everyone, [0, 1])
    gone = SessionRecord(session=record.session, speakers=record.speakers, interventions=(
        record.interventions[0], Intervention(id="x", session_id="s1", speaker_id="p1", deleted_at="2025-01-01"),
    ))
    assert statement_line([gone]) == "Statements were made by the representatives of one Member State."
    assert statistics([gone]).interventions == 1


def test_duration() -> None:
    assert [duration(s) for s in (0, 59, 61, 3600, 3661, -5)] == ["0:00", "0:59", "1:01", "1:00:00", "1:01:01", "0:00"]


# --- the command line ----------------------------------------------------------------------------


def test_stats_command_json(generated, capsys) -> None:
    home, _, corpus, _ = generated
    assert main(["--home", str(home), "stats", "W3", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    w3 = {s["id"] for s in corpus.sessions if s["topic"] == "W3"}
    assert set(document["sessions"]) == w3
    assert document["interventions"] == len(live(corpus, w3))
    assert document["statement"].startswith("Statements were made by")
    (coverage,) = document["coverage"]
    assert coverage["topic"] == "W3" and "W3.Q.i" in coverage["undiscussed"]


def test_stats_command_text_and_mistakes(generated, capsys) -> None:
    home, _, corpus, _ = generated
    session = corpus.sessions[2]
    assert main(["--home", str(home), "stats", session["id"][:8]]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Statements were made by")
    assert "Speakers by category" in out and f"Coverage of {session['topic']}" in out
    assert main(["--home", str(home), "stats", "nothing-like-this"]) == 1
    assert capsys.readouterr().err.startswith("workshop: no session or topic matches")


# --- the demo meeting ----------------------------------------------------------------------------


def test_the_demo_meeting(notebook) -> None:
    """Statistics and search of `workshop demo`, checked against the demo's own tables."""
    from workshop.demo import SPEAKERS, STATEMENTS, fill_demo
    from workshop.store.search import INTERVENTION, SearchFilter, search

    session = fill_demo(notebook)
    record = notebook.session_record(session.id)
    stats = statistics([record])
    by_key = {s.key: s for s in SPEAKERS}
    assert stats.interventions == len(STATEMENTS)
    assert stats.seconds == sum(s.seconds for s in STATEMENTS)
    spoke = {by_key[s.speaker] for s in STATEMENTS}
    states = {s.delegation for s in spoke if s.category == "Member State"}
    assert statement_line([record]).startswith(
        f"Statements were made by the representatives of {number_word(len(states))} Member States")
    female = {s.key for s in spoke if s.gender == "female"}
    assert next(t for t in stats.by_gender if t.key == "female").speakers == len(female)

    word = "evidence"
    expected = sum(1 for s in STATEMENTS if word in re.findall(r"[a-z]+", s.text.lower()))
    hits = search(notebook, word, SearchFilter(kinds=(INTERVENTION,)))
    assert len(hits) == expected and expected > 0
    assert all(any(h.excerpt.text[a:b].lower() == word for a, b in h.excerpt.spans) for h in hits)


def test_the_statistics_totals_say_one_of_each_in_the_singular(tmp_path):
    from workshop.review import statistics_in
    from workshop.store import Notebook
    from workshop.tui.screens.statistics import totals

    with Notebook.open(tmp_path) as notebook:
        session = notebook.create_session("A5", meeting="1st meeting")
        nigeria = notebook.add_speaker("Nigeria", delegation="Nigeria", category="member state")
        notebook.record_intervention(session.id, nigeria.id, "Nigeria stressed training.", seconds=65)
        one = totals(statistics_in(notebook, [session]))
        notebook.record_intervention(session.id, notebook.add_speaker("Brazil", delegation="Brazil").id,
                                     "Brazil agreed.", seconds=5)
        two = totals(statistics_in(notebook, [session]))
    assert one == "1 meeting · 1 intervention · 1 speaker (1 delegation) · 1:05 spoken"
    assert two.startswith("1 meeting · 2 interventions · 2 speakers (2 delegations)")
