"""A bundle is read a piece at a time: the same rows and the same refusals as reading it whole."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from workshop.store import Notebook, NotebookError
from workshop.store import bundle as bundle_module
from workshop.store.bundle import import_bundle

STAMP = "2015-04-13T10:00:00.000000+00:00"


def a_document(interventions: int = 30) -> dict:
    """A sound bundle of one session, one speaker and some interventions."""
    common = {"created_at": STAMP, "updated_at": STAMP, "deleted_at": None}
    session_id, speaker_id = str(uuid.UUID(int=1, version=4)), str(uuid.UUID(int=2, version=4))
    return {"format": "workshop-bundle", "version": 1, "tables": {
        "session": [{"id": session_id, **common, "topic": "W3", "meeting": "1st meeting", "date": "", "venue": "",
                     "chair": "", "rapporteur": "", "panellists": "", "speaking_limit": 300, "status": "open"}],
        "speaker": [{"id": speaker_id, **common, "name": "Brazil", "delegation": "", "category": "Member State",
                     "regional_group": "", "gender": ""}],
        "intervention": [{"id": str(uuid.UUID(int=100 + n, version=4)), **common, "session_id": session_id,
                          "speaker_id": speaker_id, "question_refs": ["W3.Q.a"] if n % 2 else [],
                          "started_at": "", "ended_at": "", "seconds": n, "text": f"Statement {n} é 🙂 " * 5,
                          "kind": "statement"}
                         for n in range(interventions)],
    }}


def rows(notebook: Notebook) -> list:
    return [row for table in ("session", "speaker", "intervention")
            for row in notebook.conn.execute(f"SELECT * FROM [{table}] ORDER BY id")]


def imported(home: Path, path: Path) -> tuple[str, list]:
    with Notebook.open(home) as notebook:
        counts = import_bundle(notebook, path)
        return str(counts), rows(notebook)


@pytest.mark.parametrize("indent", [None, 1])
def test_rows_cut_by_every_piece_boundary_are_read_whole(tmp_path: Path, monkeypatch, indent) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(a_document(), ensure_ascii=False, indent=indent), encoding="utf-8")
    whole = imported(tmp_path / "whole", path)
    monkeypatch.setattr(bundle_module, "CHUNK", 7)  # numbers, strings and characters cut in two
    assert imported(tmp_path / "pieces", path) == whole
    assert whole[0] == "32 added, 0 updated, 0 unchanged"


def test_no_more_than_a_few_rows_are_held_at_once(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(a_document(2000), indent=1), encoding="utf-8")
    held = []
    more = bundle_module._Reader._more

    def watched(reader) -> bool:
        found = more(reader)
        held.append(len(reader.text))
        return found

    monkeypatch.setattr(bundle_module, "CHUNK", 4096)
    monkeypatch.setattr(bundle_module._Reader, "_more", watched)
    assert imported(tmp_path / "home", path)[0] == "2002 added, 0 updated, 0 unchanged"
    assert path.stat().st_size > 200 * 4096 and max(held) < 3 * 4096


def test_the_envelope_may_follow_the_tables_and_a_repeated_key_counts_last(tmp_path: Path) -> None:
    document = a_document(3)
    tables = json.dumps(document["tables"])
    path = tmp_path / "bundle.json"
    path.write_text('{"tables": {"speaker": []}, "tables": ' + tables + ', "version": 2, "version": 1, '
                    '"format": "workshop-bundle"}', encoding="utf-8")
    assert imported(tmp_path / "home", path)[0] == "5 added, 0 updated, 0 unchanged"


@pytest.mark.parametrize("text", [
    '{"format": "workshop-bundle",\n "version": 1,\n "tables": {"session": [\n{"id": 1}\n,]}}',
    '{"format": "workshop-bundle", "version": 1, "tables": {}}\n\n[]',
    '{"format": "workshop-bundle", "version": 1, "tables": {"session": [{}]}\n\n',
    '{"format": "workshop-bundle", "version": 1,\n\n "tables": {"session" [{}]}}',
    '{"format": "workshop-bundle", "version": 1, \n"tables": {"session": [{"id": "\n"}]}}',
    '\n\n{"format": "workshop-bundle", 1: 2}',
    '{"tables": {"minutes": 5, "session": [1, 2}}',
])
def test_invalid_json_is_named_at_the_line_json_names(tmp_path: Path, monkeypatch, text: str) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(text)
    monkeypatch.setattr(bundle_module, "CHUNK", 5)
    with Notebook.open(tmp_path / "home") as notebook, pytest.raises(NotebookError) as refused:
        import_bundle(notebook, path)
    assert str(refused.value) == f"{path}: not a workshop bundle (invalid JSON at line {whole.value.lineno})"


def test_a_problem_in_the_envelope_is_named_before_the_rows(tmp_path: Path) -> None:
    document = a_document(3)
    document["tables"]["intervention"][1] = [1, 2]  # a row that is no object...
    document["version"] = 7  # ...in a bundle of a version this release cannot read
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with Notebook.open(tmp_path / "home") as notebook, pytest.raises(NotebookError, match="bundle version 7"):
        import_bundle(notebook, path)


def test_rows_before_a_bad_row_are_not_kept(tmp_path: Path) -> None:
    document = a_document(3)
    document["tables"]["intervention"][2]["text"] = "\ud800"  # cannot be stored: refused by SQLite
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with Notebook.open(tmp_path / "home") as notebook:
        with pytest.raises(NotebookError, match="intervention row 3: field 'text' holds text that is not valid"):
            import_bundle(notebook, path)
        assert rows(notebook) == []
        with pytest.raises(sqlite3.OperationalError):
            notebook.conn.execute("SELECT * FROM staged.bundle_intervention")


def test_a_table_named_twice_is_its_last_rows_alone(tmp_path: Path) -> None:
    document = a_document(3)
    first = json.dumps(document["tables"]["intervention"] * 2)  # every row twice: set aside as repeated
    rest = json.dumps(document["tables"])[1:]
    path = tmp_path / "bundle.json"
    path.write_text('{"format": "workshop-bundle", "version": 1, "tables": {"intervention": ' + first + ", "
                    + rest + "}", encoding="utf-8")
    assert imported(tmp_path / "home", path)[0] == "5 added, 0 updated, 0 unchanged"
