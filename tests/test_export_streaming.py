"""The export reads the notebook as a stream: the bytes of the file are the records' summary, as
the preview shows it, and as it was before the export streamed; no intervention's text is read.

The fingerprints below are of the files `workshop export W3` wrote on the generated notebook of
2,000 interventions (benchmarks/generate.py, seed 13) before the export streamed; the 10,000 and
100,000 notebooks were compared byte for byte at that change (docs/performance.md).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

from workshop import cli
from workshop.demo import fill_demo
from workshop.export.floor import FloorTally
from workshop.export.reflected import pending_lines, unreflected
from workshop.export.report import report_counts
from workshop.export.writer import summary_text, summary_topic, write_summary, written_card
from workshop.records import Session
from workshop.store.floor import summary_sources

ROOT = Path(__file__).resolve().parent.parent
GENERATED_2K = {
    (): "de9d729dc25383cd7dd592b293181aa3415aa12db84fb92e735a76ca8fd21b61",
    ("--attributed",): "c63c72e8ad164568a2f92fc93298a6bd5c791d391cda584d227bc42e0d54e912",
    ("--speakers",): "089de79a9433b04e983dc3d5bc63c80a4ba93cfcae24a2e498e4a29753055309",
    ("--attributed", "--speakers"): "ae7a165fb9169a4555b3549ff5cb3e0ebbe848435323a6d7391b4ceb309a9c5c",
    ("--form", "notes"): "ad83eca78b2960038ec6a3bc17953ea3787a10c3bd128299f68908fa17a8697f",
}
GENERATED_2K_STDERR = "19d2321da563a8ddaf64d87de84710258caf749be48157452f13cd4113e4265a"  # 857 lines
LOOKS = [
    {"form": "report"}, {"form": "report", "attributed": True}, {"form": "report", "list_of_speakers": True},
    {"form": "report", "attributed": True, "list_of_speakers": True}, {"form": "notes"},
]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def generated_2k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmarks' notebook of 2,000 interventions, seed 13."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    home = tmp_path_factory.mktemp("generated") / "home"
    generate(home, 2000, seed=13)
    return home


@pytest.mark.parametrize("options", list(GENERATED_2K), ids=lambda o: " ".join(o) or "report")
def test_a_generated_notebook_exports_the_same_bytes_as_before(generated_2k: Path, tmp_path: Path,
                                                               options: tuple[str, ...], capsys) -> None:
    out = tmp_path / "summary.md"
    assert cli.main(["--home", str(generated_2k), "export", "W3", *options, "--out", str(out)]) == 0
    assert sha256(out.read_bytes()) == GENERATED_2K[options]
    assert sha256(capsys.readouterr().err.encode("utf-8")) == GENERATED_2K_STDERR


@pytest.fixture
def tangled(notebook) -> list[Session]:
    """Two meetings of Workshop 3 with what a long notebook gathers: deleted rows, procedural turns,
    interventions recorded out of order, links across meetings and to nothing, a key point that says
    nothing, repeated and unknown question references, a negative duration, a deleted speaker."""
    first = fill_demo(notebook)
    second = notebook.create_session("W3", meeting="2nd meeting", date="2015-04-16")
    notebook.create_session("W1", meeting="Another workshop")  # never in a W3 summary
    chile = notebook.add_speaker("Ms. Ana Rojas", delegation="Chile", category="Member State")
    holy_see = notebook.add_speaker("Mgr. Paul Kim", delegation="Holy See", category="observer State")
    panellist = notebook.add_speaker("Dr. Ines Moreau", delegation="University of Lyon", category="expert/panellist")
    gone = notebook.add_speaker("Mr. Left Early", delegation="Peru", category="Member State")
    said = {}
    for n, (speaker, refs, kind, started) in enumerate([
        (chile, ("W3.Q.b", "W3.Q.b", "W3.Q.a"), "statement", "2015-04-16T10:05:00"),
        (holy_see, (), "statement", "2015-04-16T10:01:00"),  # recorded later, spoke earlier
        (panellist, ("W3.Q.z",), "presentation", "2015-04-16T10:00:00"),
        (gone, ("W3.Q.c",), "reply", "2015-04-16T10:07:00"),
        (chile, ("W3.Q.c",), "point of order", "2015-04-16T10:08:00"),
        (holy_see, ("W3.Q.a",), "introductory statement", "2015-04-16T09:59:00"),
        (chile, ("W3.Q.d",), "statement", "2015-04-16T10:09:00"),
        (panellist, ("W3.Q.b",), "reply", "2015-04-16T10:10:00"),
    ]):
        said[n] = notebook.record_intervention(second.id, speaker.id, f"Said {n}.", question_refs=refs,
                                               started_at=started, seconds=60 * n, kind=kind)
    notebook.put(said[3]._replace(seconds=-40))
    notebook.delete(said[6])
    notebook.delete(gone)
    demo_turns = notebook.interventions(first.id)
    notebook.add_key_point(second.id, "W3.Q.b", "stressed cooperation across meetings",
                           (said[7].id, demo_turns[0].id, said[0].id, said[0].id, "no-such-intervention"))
    notebook.add_key_point(second.id, "W3.Q.c", "   ", (said[3].id,))  # says nothing: reflects nothing
    notebook.add_key_point(second.id, "W3.Q.d", "noted a deleted intervention", (said[6].id,))
    deleted = notebook.add_key_point(second.id, "W3.Q.a", "was deleted", (said[1].id,))
    notebook.delete(deleted)
    notebook.add_key_point(second.id, "W3.Q.z", "spoke to no question of the guide", (said[2].id,))
    notebook.set_question_state(second.id, "W3.Q.b", status="discussed", synthesis="Cooperation was the theme.")
    notebook.add_finding(second.id, "good practice", "Joint teams", jurisdiction="Chile", evidence="promising",
                         question_ref="W3.Q.b")
    notebook.delete(notebook.add_finding(second.id, "challenge", "Deleted challenge"))
    return [first, second]


@pytest.mark.parametrize("look", LOOKS, ids=lambda look: "-".join(k for k, v in look.items() if v is True)
                         or look["form"])
def test_the_written_file_is_the_text_of_the_records(notebook, home: Path, tmp_path: Path, tangled, look) -> None:
    records = [notebook.session_record(s.id) for s in tangled]
    topic = summary_topic(tangled)
    summary, _ = write_summary(notebook, tangled, home, out=tmp_path / "summary.md", **look)
    assert summary.read_bytes() == summary_text(topic, records, **look).encode("utf-8")
    again, _ = write_summary(notebook, tangled, home, **look)  # under exports/, by name
    assert again.read_bytes() == summary.read_bytes()


def test_the_tally_read_from_the_notebook_is_the_tally_of_the_records(notebook, tangled) -> None:
    records = [notebook.session_record(s.id) for s in tangled]
    sources = summary_sources(notebook, tangled)
    assert sources.floor == FloorTally.of(records)
    assert sources.floor.interventions == sum(len(r.interventions) for r in records)
    assert [r.session for r in sources.records] == [r.session for r in records]
    assert report_counts(sources.records, sources.floor) == report_counts(records)


def test_the_interventions_left_out_are_those_of_the_records(notebook, tangled) -> None:
    records = [notebook.session_record(s.id) for s in tangled]
    topic = summary_topic(tangled)
    lines = pending_lines(summary_sources(notebook, tangled).floor, topic)
    found = unreflected(records, topic)
    assert lines[1:] == [f"  {u.count} by {u.speaker} on {u.questions}" for u in found]
    assert lines[0].startswith(f"{sum(u.count for u in found)} interventions are")


def test_the_card_counts_what_the_records_count(notebook, home: Path, tangled) -> None:
    summary, _ = write_summary(notebook, tangled, home)
    card = written_card(notebook, tangled, summary)
    counts = report_counts([notebook.session_record(s.id) for s in tangled])
    assert f"\nInterventions: {counts['interventions']}\nKey points: {counts['key points']}\n" in card
    assert f"SHA-256: {sha256(summary.read_bytes())}" in card


def test_no_intervention_text_is_read(notebook, home: Path, tmp_path: Path, tangled) -> None:
    records = [notebook.session_record(s.id) for s in tangled]
    expected = summary_text(summary_topic(tangled), records, form="notes").encode("utf-8")

    def refuse_text(action: int, table: str | None, column: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_READ and (table, column) == ("intervention", "text"):
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    notebook.conn.set_authorizer(refuse_text)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            notebook.session_record(tangled[0].id)  # the guard works
        summary, _ = write_summary(notebook, tangled, home, out=tmp_path / "notes.md", form="notes")
    finally:
        notebook.conn.set_authorizer(None)
    assert summary.read_bytes() == expected


@pytest.mark.parametrize("out", [None, "summary.md"])
def test_a_summary_cut_off_while_written_leaves_nothing_behind(notebook, home: Path, tmp_path: Path,
                                                               monkeypatch, out) -> None:
    session = fill_demo(notebook)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / out if out else None
    if target:
        target.write_text("an earlier export\n")
        target.with_suffix(".qr.svg").write_text('<svg><rect fill="white"/></svg>')
    before = {p: p.read_bytes() for p in folder.iterdir()}

    def broken(*args, **kwargs):
        yield "# The first block"
        raise RuntimeError("cut off")

    monkeypatch.setattr("workshop.export.writer.summary_parts", broken)
    with pytest.raises(RuntimeError):
        write_summary(notebook, [session], home, out=target)
    assert {p: p.read_bytes() for p in folder.iterdir()} == before
    assert not (home / "exports").exists() or not list((home / "exports").iterdir())
