"""Search over a hand-built notebook: what is found, in which order, with which words marked."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from review_corpus import fill

from workshop.cli import main
from workshop.store import Notebook
from workshop.store.query import Highlighted, Query, Term, excerpt, match_spans, parse_query
from workshop.store.search import FINDING, INTERVENTION, KEY_POINT, SYNTHESIS, SearchFilter, search


@pytest.fixture
def meeting(notebook: Notebook) -> dict:
    """Two sessions of Workshop 3 and one of Workshop 2 with a few records each."""
    return fill(notebook)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory):
    """The same meeting in one notebook for the tests that only read (the hostile queries)."""
    with Notebook.open(tmp_path_factory.mktemp("shared")) as opened:
        yield opened, fill(opened)


def ids(hits) -> list[str]:
    return [h.id for h in hits]


# --- the query language --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "fts"),
    [
        ("trafficking", '"trafficking"'),
        ("joint teams", '"joint" AND "teams"'),
        ('"joint investigation teams"', '"joint investigation teams"'),
        ("extradi*", '"extradi"*'),
        ('"mutual leg"*', '"mutual leg"*'),
        ("anti-corruption", '"anti corruption"'),
        ("text:evidence", '"evidence"'),
        ("evidence OR testimony", '("evidence") OR ("testimony")'),
        ("NEAR(a b)", '"a" AND "b"'),
        ("a AND NOT b", '"a" AND "b"'),
        ('"unclosed phrase', '"unclosed phrase"'),
        ("(((", ""),
        ("*", ""),
        ("", ""),
        ('say "hi"', '"say" AND "hi"'),
    ],
)
def test_typed_text_becomes_a_quoted_fts_query(typed: str, fts: str) -> None:
    assert parse_query(typed).fts == fts


def test_a_very_long_query_is_cut_to_a_bounded_number_of_terms() -> None:
    query = parse_query("word " * 5000)
    assert 0 < len(query.terms) <= 32


# --- what is found -------------------------------------------------------------------------------


def test_a_phrase_is_found_in_every_kind_of_record_and_nowhere_else(notebook, meeting) -> None:
    hits = search(notebook, '"joint investigation teams"')
    found = {(h.kind, h.id) for h in hits}
    assert found == {
        (INTERVENTION, meeting["i1"].id), (INTERVENTION, meeting["i4"].id),
        (FINDING, meeting["f1"].id), (SYNTHESIS, meeting["q1"].id),
    }
    # i2 has "joint" and "teams" but not the phrase.
    assert meeting["i2"].id not in ids(hits)
    assert meeting["i2"].id in ids(search(notebook, "joint teams"))


def test_results_are_ranked_best_first(notebook, meeting) -> None:
    hits = [h for h in search(notebook, "joint investigation") if h.kind == INTERVENTION]
    # i1 says it twice in a short text; i4 once in a short text.
    assert ids(hits)[:2] == [meeting["i1"].id, meeting["i4"].id]
    ranks = [h.rank for h in search(notebook, "joint")]
    assert ranks == sorted(ranks)


def test_prefix_and_diacritics(notebook, meeting) -> None:
    assert ids(search(notebook, "extradi*")) == [meeting["i1"].id]
    assert ids(search(notebook, "extradi")) == []
    assert ids(search(notebook, "EXTRADITIÓN")) == [meeting["i1"].id]


def test_hyphenated_words_match_as_a_phrase(notebook, meeting) -> None:
    assert ids(search(notebook, "anti-corruption")) == [meeting["i2"].id]
    assert ids(search(notebook, "e-mail")) == [meeting["i2"].id]


def test_or_finds_either(notebook, meeting) -> None:
    found = set(ids(search(notebook, "cybercrime OR compensation")))
    assert found == {meeting["i2"].id, meeting["i3"].id, meeting["f2"].id}


def test_a_hit_says_what_it_is_and_where_it_lives(notebook, meeting) -> None:
    (hit,) = search(notebook, "extradition")
    assert (hit.kind, hit.id, hit.session_id, hit.topic) == (INTERVENTION, meeting["i1"].id, meeting["w3"].id, "W3")
    assert hit.question_refs == ("W3.Q.a", "W3.Q.b")
    assert (hit.speaker_id, hit.speaker, hit.speaker_category) == (
        meeting["brazil"].id, "Ana Souza (Brazil)", "Member State",
    )
    (finding,) = search(notebook, "closed twice")
    assert (finding.kind, finding.question_refs, finding.speaker_id) == (FINDING, ("W3.Q.a",), meeting["brazil"].id)
    assert (finding.finding_kind, finding.evidence, finding.jurisdiction) == ("good practice", "evaluated", "Brazil")
    assert finding.title.text == "Joint investigation teams"
    (point,) = search(notebook, "value")
    assert (point.kind, point.session_id, point.question_refs, point.speaker) == (
        KEY_POINT, meeting["w3"].id, ("W3.Q.b",), "",
    )
    (synthesis,) = search(notebook, "favoured")
    assert (synthesis.kind, synthesis.question_refs) == (SYNTHESIS, ("W3.Q.a",))


def test_matched_words_come_back_as_offsets_into_plain_text(notebook, meeting) -> None:
    (hit,) = search(notebook, "extradition")
    marked = [hit.excerpt.text[s:e] for s, e in hit.excerpt.spans]
    assert marked == ["extradition"]
    phrase = next(h for h in search(notebook, '"joint investigation teams"') if h.id == meeting["i1"].id)
    assert [phrase.excerpt.text[s:e] for s, e in phrase.excerpt.spans] == [
        "joint investigation teams", "Joint investigation teams",
    ]
    finding = next(h for h in search(notebook, "joint") if h.kind == FINDING)
    assert [finding.title.text[s:e] for s, e in finding.title.spans] == ["Joint"]


def test_markup_in_records_stays_text(notebook, meeting) -> None:
    notebook.record_intervention(meeting["w3"].id, meeting["ngo"].id, "[bold red]alarm[/] $x [link=http://x]y[/link]")
    (hit,) = search(notebook, "alarm")
    assert hit.excerpt.text == "[bold red]alarm[/] $x [link=http://x]y[/link]"
    assert [hit.excerpt.text[s:e] for s, e in hit.excerpt.spans] == ["alarm"]


def test_deleted_records_and_sessions_are_not_found(notebook, meeting) -> None:
    notebook.delete(meeting["i4"])
    assert meeting["i4"].id not in ids(search(notebook, "smuggling"))
    notebook.delete(meeting["w3b"])
    assert search(notebook, "compensation") == []


# --- filters -------------------------------------------------------------------------------------


def test_filters_combine_with_the_query(notebook, meeting) -> None:
    query = '"joint investigation teams"'
    assert set(ids(search(notebook, query, SearchFilter(topic="W2")))) == {meeting["i4"].id}
    assert set(ids(search(notebook, query, SearchFilter(topic="w3")))) == {
        meeting["i1"].id, meeting["f1"].id, meeting["q1"].id,
    }
    assert set(ids(search(notebook, query, SearchFilter(topic="W3", question_ref="W3.Q.a")))) == {
        meeting["i1"].id, meeting["f1"].id, meeting["q1"].id,
    }
    # A speaker keeps their interventions and the findings drawn from them, not syntheses.
    assert set(ids(search(notebook, query, SearchFilter(speaker_id=meeting["brazil"].id)))) == {
        meeting["i1"].id, meeting["i4"].id, meeting["f1"].id,
    }
    assert set(ids(search(notebook, query, SearchFilter(speaker_id=meeting["brazil"].id, topic="W2")))) == {
        meeting["i4"].id,
    }
    good = SearchFilter(finding_kind="good practice", evidence="evaluated")
    assert ids(search(notebook, query, good)) == [meeting["f1"].id]
    assert ids(search(notebook, query, SearchFilter(finding_kind="challenge"))) == []
    assert ids(search(notebook, query, SearchFilter(kinds=(SYNTHESIS,)))) == [meeting["q1"].id]
    two_sessions = SearchFilter(session_ids=(meeting["w3"].id, meeting["w2"].id), kinds=(INTERVENTION,))
    assert set(ids(search(notebook, query, two_sessions))) == {
        meeting["i1"].id, meeting["i4"].id,
    }


def test_speaker_category_reaches_key_points_through_their_interventions(notebook, meeting) -> None:
    assert ids(search(notebook, "mutual legal", SearchFilter(speaker_category="UN entity"))) == [meeting["k1"].id]
    assert set(ids(search(notebook, "mutual legal", SearchFilter(speaker_category="Member State")))) == {
        meeting["i1"].id, meeting["k1"].id,
    }
    assert ids(search(notebook, "mutual legal", SearchFilter(speaker_category="non-governmental organization"))) == []


def test_filters_alone_list_records_in_the_order_they_were_recorded(notebook, meeting) -> None:
    listed = search(notebook, "", SearchFilter(question_ref="W3.Q.b"))
    assert ids(listed) == [meeting["i1"].id, meeting["i2"].id, meeting["k1"].id]
    assert all(h.rank == 0.0 and h.excerpt.spans == () for h in listed)
    assert ids(search(notebook, "  ", SearchFilter(speaker_category="non-governmental organization"))) == [
        meeting["i3"].id, meeting["f2"].id,
    ]
    everything = search(notebook, "")
    assert len(everything) == 4 + 2 + 1 + 1
    assert ids(search(notebook, "", SearchFilter(evidence="reported"))) == [meeting["f2"].id]
    assert len(search(notebook, "", limit=3)) == 3


# --- hostile input -------------------------------------------------------------------------------

HOSTILE = [
    '"', '""', '"""', "'", "''", "(", ")", "((a", "a))", "()", "*", "**", "a**", "*a", "a*b",
    "AND", "OR", "NOT", "NEAR", "a AND", "OR b", "NOT NOT", "a OR OR b", "NEAR(", "NEAR(joint teams, 2)",
    "NEAR(joint teams, -1)", "text:joint", "title:", ":", "{text title}: joint", "-joint", "+joint",
    "^joint", "joint^", "a:b:c", "\x00joint\x1b[31m", "joint\u2028teams", "🙂", "𝕛𝕠𝕚𝕟𝕥", "ǰoint",
    "x" * 10_000, "joint " * 2_000, '"' * 10_000, "(" * 10_000, "a" + " OR a" * 3_000,
    "DROP TABLE intervention; --", "'; SELECT * FROM session; --", "%_%", "\\", "\\\"", "rank:1",
    "intervention_fts", "joint*investigation", "* * *", "[bold]joint[/bold]", "\t\n ", "ÉÈÊ",
]


@pytest.mark.parametrize("typed", HOSTILE)
def test_no_input_ever_raises(shared, typed: str) -> None:
    notebook, _ = shared
    for filters in (None, SearchFilter(topic="W3"), SearchFilter(speaker_category="UN entity", question_ref="W3.Q.b")):
        hits = search(notebook, typed, filters)
        assert isinstance(hits, list)
        for hit in hits:
            assert all(0 <= s < e <= len(hit.excerpt.text) for s, e in hit.excerpt.spans)


def test_some_hostile_inputs_still_find_what_they_name(shared) -> None:
    notebook, meeting = shared
    assert meeting["i1"].id in ids(search(notebook, "NEAR(joint teams, 2)"))
    assert meeting["i1"].id in ids(search(notebook, "text:extradition"))
    assert meeting["i1"].id in ids(search(notebook, "[extradition]"))
    assert meeting["i1"].id in ids(search(notebook, "(extradition OR"))
    assert meeting["i1"].id in ids(search(notebook, "\x00extradition\x07"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=80))
def test_any_text_is_a_valid_query(notebook, typed: str) -> None:
    """Whatever is typed, the FTS5 expression parses (SQLite would raise otherwise)."""
    fts = parse_query(typed).fts
    if fts:
        notebook.db.conn.execute("SELECT count(*) FROM intervention_fts WHERE intervention_fts MATCH ?", [fts])
    search(notebook, typed)


# --- highlighting and excerpts -------------------------------------------------------------------


def test_match_spans_follow_the_index_rules() -> None:
    query = Query(((Term(("investig",), prefix=True), Term(("legal", "assistance"))),))
    text = "Investigators asked for legal  assistance; legal aid; investigation."
    assert [text[s:e] for s, e in match_spans(text, query)] == ["Investigators", "legal  assistance", "investigation"]


def test_excerpt_centres_on_the_first_match_and_keeps_offsets_true() -> None:
    text = ("lorem ipsum " * 40) + "the needle is here " + ("dolor sit " * 40)
    cut = excerpt(text, parse_query("needle"), width=60)
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert len(cut.text) <= 62
    assert [cut.text[s:e] for s, e in cut.spans] == ["needle"]
    short = excerpt("line one\nline two", parse_query("two"))
    assert short == Highlighted("line one line two", ((14, 17),))


def test_pieces_cover_the_text_once() -> None:
    h = Highlighted("a needle and a Needle", ((2, 8), (15, 21)))
    assert h.pieces() == [("a ", False), ("needle", True), (" and a ", False), ("Needle", True)]
    assert "".join(p for p, _ in h.pieces()) == h.text


# --- the command line ----------------------------------------------------------------------------


def test_search_command_json(home, notebook, meeting, capsys) -> None:
    assert main(["--home", str(home), "search", '"joint investigation teams"', "--topic", "W3", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["fts"] == '"joint investigation teams"'
    assert {r["id"] for r in document["results"]} == {meeting["i1"].id, meeting["f1"].id, meeting["q1"].id}
    first = document["results"][0]
    assert set(first) >= {"kind", "id", "session_id", "question_refs", "speaker", "excerpt", "highlights", "rank"}


def test_search_command_session_and_filters(home, notebook, meeting, capsys) -> None:
    prefix = meeting["w2"].id[:8]
    assert main(["--home", str(home), "search", "joint", "--session", prefix, "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)["results"]] == [meeting["i4"].id]
    assert main(["--home", str(home), "search", "--speaker", "ana souza", "--kind", "finding", "--json"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)["results"]] == [meeting["f1"].id]
    assert main(["--home", str(home), "search", "extradition"]) == 0
    out = capsys.readouterr().out
    assert "intervention" in out and "extradition" in out and "\x1b" not in out


@pytest.mark.parametrize(
    "arguments",
    [["--topic", "W9"], ["--session", "nope"], ["--question", "W3.Q.zz"], ["--speaker", "Nobody"]],
)
def test_search_command_mistakes_are_one_line(home, notebook, meeting, capsys, arguments) -> None:
    assert main(["--home", str(home), "search", "joint", *arguments]) == 1
    err = capsys.readouterr().err
    assert err.startswith("workshop: ") and err.count("\n") == 1


@pytest.mark.parametrize("typed", ["(((", '"', "NEAR(", "text:", "x" * 10_000])
def test_search_command_never_fails_on_a_query(home, notebook, meeting, capsys, typed) -> None:
    assert main(["--home", str(home), "search", typed, "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out)["results"], list)
