"""Hostile JSON bundles: imported as plain text, or refused naming the first problem, never half imported."""

from __future__ import annotations

import json
import re
import tempfile
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.records import (
    FINDING_KINDS,
    INTERVENTION_KINDS,
    QUESTION_STATUSES,
    QUEUE_KINDS,
    QUEUE_STATES,
    SESSION_STATUSES,
    SPEAKER_CATEGORIES,
    Speaker,
    record_fields,
)
from workshop.store import Notebook, NotebookError
from workshop.store.bundle import import_bundle
from workshop.store.fold import speaker_key
from workshop.store.notebook import _ONE_LINE
from workshop.store.sync import RECORD_BY_TABLE
from workshop.text import clean, one_line

TOPICS = ("A3", "A4", "A5", "A6", "W1", "W2", "W3", "W4")
# Control characters, terminal escapes, Rich and Markdown markup, odd line ends: all must come out as text.
NASTY = [
    "\x00", "\x07", "\x1b[2J", "\x1b]8;;https://example.org\x1b\\", "\x1b[31m", "\x9b1m", "\x7f",
    "[bold red]", "[/]", "[link=file:///etc/passwd]", "[@click=app.quit]", "\r\n", "\r", "\u2028",
    "\t", "\n", "<script>alert(1)</script>", "# ", "| a | b |", "](javascript:x)", "\u202e", "é", "🙂",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=6
).map("".join)
timestamps = st.integers(946_684_800_000_000, 1_735_689_600_000_000).map(  # 2000 to 2024, in microseconds
    lambda micro: datetime.fromtimestamp(micro / 1e6, timezone.utc).isoformat()
)
ids = st.uuids(version=4).map(str)
# What a field may be turned into: every JSON type, surrogates and controls included.
junk = st.recursive(
    st.one_of(
        st.sampled_from(["\ud800", "a\udfffb", 10**400, -1, 2**53, "", "W3", "2015-04-13", "0001-01-01T00:00-01:00"]),
        st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True), st.text(st.characters(exclude_categories=()), max_size=10),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def bundles(draw) -> dict:
    """A well-formed bundle whose every text field is hostile."""
    text = lambda: draw(hostile_text)  # noqa: E731
    stamp = lambda: draw(timestamps)  # noqa: E731
    common = lambda: {"id": draw(ids), "created_at": stamp(), "updated_at": stamp(), "deleted_at": None}  # noqa: E731
    sessions = [
        {**common(), "topic": draw(st.sampled_from(TOPICS)), "meeting": text(), "date": text(), "venue": text(),
         "chair": text(), "rapporteur": text(), "panellists": text(), "speaking_limit": 300,
         "status": draw(st.sampled_from(SESSION_STATUSES)), "body": text(), "meetings": [text()],
         "moderator": text(), "moderator_function": text(), "institutes": [text()],
         "documents": [text(), text()]}
        for _ in range(draw(st.integers(1, 2)))
    ]
    speakers = [
        {**common(), "name": text(), "delegation": text(), "category": draw(st.sampled_from(SPEAKER_CATEGORIES)),
         "regional_group": "", "gender": ""}
        for _ in range(draw(st.integers(1, 3)))
    ]
    pick = lambda rows: draw(st.sampled_from(rows))["id"]  # noqa: E731
    interventions = [
        {**common(), "session_id": pick(sessions), "speaker_id": pick(speakers),
         "question_refs": [text(), "W3.Q.a"], "started_at": stamp(), "ended_at": stamp(),
         "seconds": draw(st.integers(0, 10_000)), "text": text(),
         "kind": draw(st.sampled_from(INTERVENTION_KINDS))}
        for _ in range(draw(st.integers(0, 4)))
    ]
    findings = [
        {**common(), "session_id": pick(sessions), "kind": draw(st.sampled_from(FINDING_KINDS)), "title": text(),
         "text": text(), "jurisdiction": text(), "evidence": "", "question_ref": text(),
         "intervention_id": pick(interventions) if interventions and draw(st.booleans()) else None,
         "position": draw(st.floats(-1e9, 1e9))}
        for _ in range(draw(st.integers(0, 2)))
    ]
    key_points = [
        {**common(), "session_id": pick(sessions), "question_ref": text(), "predicate": text(),
         "intervention_ids": [i["id"] for i in interventions], "position": 1.0}
        for _ in range(draw(st.integers(0, 2)))
    ]
    queue = [
        {**common(), "session_id": pick(sessions), "speaker_id": pick(speakers), "position": 1.0,
         "kind": draw(st.sampled_from(QUEUE_KINDS)), "state": draw(st.sampled_from(QUEUE_STATES))}
        for _ in range(draw(st.integers(0, 2)))
    ]
    states = [
        {**common(), "session_id": pick(sessions), "ref": text(),
         "status": draw(st.sampled_from(QUESTION_STATUSES)), "synthesis": text()}
        for _ in range(draw(st.integers(0, 2)))
    ]
    drafts = [
        {**common(), "session_id": session["id"], "speaker_id": None, "question_refs": [], "started_at": "",
         "text": text()}
        for session in sessions if draw(st.booleans())
    ]
    return {"format": "workshop-bundle", "version": 1, "schema_version": 1, "exported_at": stamp(), "tables": {
        "session": sessions, "speaker": speakers, "queue_entry": queue, "intervention": interventions,
        "finding": findings, "key_point": key_points, "question_state": states, "draft": drafts,
    }}


@st.composite
def spoiled_bundles(draw) -> dict:
    """A bundle with one thing wrong somewhere (or, now and then, a change that happens to be fine)."""
    document = draw(bundles())
    tables = document["tables"]
    table = draw(st.sampled_from([t for t, rows in tables.items() if rows]))
    row = draw(st.sampled_from(tables[table]))
    field = draw(st.sampled_from(sorted(row)))
    how = draw(st.sampled_from(["junk", "missing", "dangling", "row", "table", "envelope"]))
    if how == "junk":
        row[field] = draw(junk)
    elif how == "missing":
        del row[field]
    elif how == "dangling":
        reference = next((f for f in ("session_id", "speaker_id", "intervention_id") if f in row), "id")
        row[reference] = str(uuid.uuid4())
    elif how == "row":
        tables[table][tables[table].index(row)] = draw(junk)
    elif how == "table":
        tables[draw(st.sampled_from([table, "minutes"]))] = draw(junk)
    else:
        document[draw(st.sampled_from(["format", "version", "tables", "schema_version"]))] = draw(junk)
    return document


def dump(notebook: Notebook) -> list[str]:
    return list(notebook.db.conn.iterdump())


def write(folder: Path, document: object) -> Path:
    path = folder / "bundle.json"
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")  # surrogates as \\ud800
    return path


EXAMPLES = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def test_hostile_text_is_imported_as_plain_text(home: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=home))
    with Notebook.open(home) as notebook:

        @EXAMPLES
        @given(bundles())
        def check(document: dict) -> None:
            path = write(folder, document)
            counts = import_bundle(notebook, path)
            assert counts.added + counts.updated + counts.unchanged == sum(map(len, document["tables"].values()))
            for table, rows in document["tables"].items():
                cls = RECORD_BY_TABLE[table]
                for row in rows:
                    stored = notebook.get(cls, row["id"])
                    if stored is None and table == "speaker":  # made one with the same delegation's
                        key = speaker_key(Speaker(id="", name=row["name"], delegation=row["delegation"]))
                        assert key in {speaker_key(s) for s in notebook.speakers()}
                        continue
                    if stored is None and table == "question_state":  # one state per question
                        assert one_line(row["ref"]) in notebook.question_states(row["session_id"])
                        continue
                    if stored is None:  # the draft of that session from an earlier example stays
                        assert table == "draft" and notebook.draft(row["session_id"]) is not None
                        continue
                    for f in record_fields(cls):
                        value = getattr(stored, f.name)
                        if isinstance(value, str) and f.name not in ("id", "created_at", "updated_at"):
                            assert not CONTROL.search(value)
                            if counts.updated + counts.unchanged == 0:
                                original = row[f.name]
                                assert value == (one_line(original) if f.name in _ONE_LINE else clean(original))
                        if isinstance(value, tuple):
                            assert not any(CONTROL.search(v) for v in value)
            again = import_bundle(notebook, path)
            assert (again.added, again.updated) == (0, 0)

        check()


def test_spoiled_bundle_is_refused_whole_or_imported_whole(home: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=home))
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3")
        notebook.record_intervention(session.id, notebook.add_speaker("Brazil").id, "Already here")

        @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(spoiled_bundles())
        def check(document: dict) -> None:
            path = write(folder, document)
            before = dump(notebook)
            try:
                import_bundle(notebook, path)
            except NotebookError as error:
                message = str(error)
                assert message.startswith(str(path)) and "\n" not in message
                assert dump(notebook) == before
                assert not notebook.db.conn.in_transaction

        check()


def test_any_bytes_are_a_bundle_or_one_clear_refusal(home: Path) -> None:
    path = home / "bundle.json"
    with Notebook.open(home) as notebook:

        @settings(max_examples=80, deadline=None)
        @given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
        def check(raw: bytes) -> None:
            path.write_bytes(raw)
            try:
                import_bundle(notebook, path)
            except NotebookError as error:
                assert str(error).startswith(str(path)) and "\n" not in str(error)

        check()


def test_ten_megabyte_text_with_escapes_is_imported_clean(home: Path, tmp_path: Path) -> None:
    stamp = "2015-04-13T10:00:00+00:00"
    session_id, speaker_id, intervention_id = (str(uuid.uuid4()) for _ in range(3))
    common = {"created_at": stamp, "updated_at": stamp, "deleted_at": None}
    huge = ("Statement \x00\x1b[31m[bold]red[/bold]\x1b[0m\r\n" * 300_000)[:10_000_000]
    bundle = {"format": "workshop-bundle", "version": 1, "tables": {
        "session": [{"id": session_id, **common, "topic": "W3", "meeting": huge[:1000], "date": "", "venue": "",
                     "chair": "", "rapporteur": "", "panellists": "", "speaking_limit": 300, "status": "open"}],
        "speaker": [{"id": speaker_id, **common, "name": "Brazil", "delegation": "", "category": "Member State",
                     "regional_group": "", "gender": ""}],
        "intervention": [{"id": intervention_id, **common, "session_id": session_id, "speaker_id": speaker_id,
                          "question_refs": [], "started_at": "", "ended_at": "", "seconds": 0, "text": huge}],
    }}
    path = write(tmp_path, bundle)
    with Notebook.open(home) as notebook:
        assert import_bundle(notebook, path).added == 3
        [stored] = notebook.interventions(session_id)
        assert stored.text == clean(huge) and "\x1b" not in stored.text and "\x00" not in stored.text
        assert "[bold]red[/bold]" in stored.text  # markup stays as the words it is
        before = dump(notebook)
        bundle["tables"]["intervention"].append({**bundle["tables"]["intervention"][0], "id": "not a uuid"})
        bundle["tables"]["intervention"][0]["id"] = str(uuid.uuid4())
        with pytest.raises(NotebookError, match="intervention row 2: field 'id' is not a UUID"):
            import_bundle(notebook, write(tmp_path, bundle))
        assert dump(notebook) == before


def finding(tables: dict, **changes: object) -> dict:
    """A sound finding row of the bundle's session, with some fields changed."""
    intervention = tables["intervention"][0]
    return {"id": str(uuid.uuid4()), "created_at": intervention["created_at"], "updated_at": intervention["updated_at"],
            "deleted_at": None, "session_id": intervention["session_id"], "kind": "challenge", "title": "t",
            "text": "", "jurisdiction": "", "evidence": "", "question_ref": "", "intervention_id": None,
            "position": 1.0, **changes}


@pytest.mark.parametrize(("change", "problem"), [
    (lambda t: t["intervention"][0].update(seconds=True), "intervention row 1: field 'seconds' must be a whole number"),
    (lambda t: t["intervention"][0].pop("text"), "intervention row 1: missing field 'text'"),
    (lambda t: t["intervention"][0].update(speaker_id=str(uuid.UUID(int=7))), "refers to speaker"),
    (lambda t: t["session"][0].update(topic="W9"), "session row 1: unknown topic 'W9'"),
    (lambda t: t["speaker"][0].update(category="spy"), "speaker row 1: field 'category' is 'spy', not one of"),
    (lambda t: t["intervention"][0].update(text="\ud800"), "field 'text' holds text that is not valid Unicode"),
    (lambda t: t["finding"].append([1, 2]), "finding row 1: expected an object, found list"),
    (lambda t: t["session"][0].update(updated_at="yesterday"), "field 'updated_at' is not an ISO 8601 time"),
    (lambda t: t["session"][0].update(updated_at="0001-01-01T00:00:00+01:00"), "is not an ISO 8601 time"),
    (lambda t: t["key_point"].append({}), "key_point row 1: missing field 'id'"),
    (lambda t: t.update(minutes=[]), "unknown table 'minutes'"),
    (lambda t: t["finding"].append(finding(t, position=10**400)), "finding row 1: field 'position' must be a number"),
    (lambda t: t["finding"].append(finding(t, position=float("inf"))), "field 'position' must be a number"),
    (lambda t: t["finding"].append(finding(t, position=float("nan"))), "field 'position' must be a number"),
    (lambda t: t["finding"].append(finding(t, intervention_id="")), "refers to intervention ''"),
])
def test_first_problem_is_named(home: Path, tmp_path: Path, change, problem: str) -> None:
    document = {"format": "workshop-bundle", "version": 1, "tables": {"finding": [], "key_point": []}}
    stamp = "2015-04-13T10:00:00+00:00"
    common = {"created_at": stamp, "updated_at": stamp, "deleted_at": None}
    session_id, speaker_id = str(uuid.uuid4()), str(uuid.uuid4())
    document["tables"].update({
        "session": [{"id": session_id, **common, "topic": "W3", "meeting": "", "date": "", "venue": "",
                     "chair": "", "rapporteur": "", "panellists": "", "speaking_limit": 300, "status": "open"}],
        "speaker": [{"id": speaker_id, **common, "name": "Brazil", "delegation": "", "category": "Member State",
                     "regional_group": "", "gender": ""}],
        "intervention": [{"id": str(uuid.uuid4()), **common, "session_id": session_id, "speaker_id": speaker_id,
                          "question_refs": [], "started_at": "", "ended_at": "", "seconds": 0, "text": "ok"}],
    })
    change(document["tables"])
    with Notebook.open(home) as notebook:
        before = dump(notebook)
        with pytest.raises(NotebookError) as refused:
            import_bundle(notebook, write(tmp_path, document))
        assert problem in str(refused.value) and str(refused.value).count("\n") == 0
        assert dump(notebook) == before
