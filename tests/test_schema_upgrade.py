"""A notebook made before schema step 2 is brought up to date when it is opened, in one go."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from review_corpus import fill

from workshop.store import APPLICATION_ID, SCHEMA_VERSION, Notebook, NotebookError
from workshop.store import schema
from workshop.store.search import search

QUERIES = ("joint", "evidence", "teams OR extradition", '"joint investigation"', "extradi*", "")


def step_one_notebook(path: Path) -> None:
    """A notebook file as the first schema made it: step 1 only, recorded as applied (empty)."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        db = Database(conn)
        steps = Migrations(schema.MIGRATION_SET)
        steps()(schema.m001_notebook)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        steps.apply(db)
    finally:
        conn.close()


def copy_step_one_columns(source: Path, path: Path) -> None:
    """Every row of `source`, as much of it as step 1's tables hold, written into `path`."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS source", [str(source)])
        conn.execute("PRAGMA foreign_keys = OFF")
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' "
            "AND name NOT LIKE '\\_%' ESCAPE '\\'")]
        for table in tables:
            columns = ", ".join(f"[{c}]" for (_, c, *_) in conn.execute(f"PRAGMA main.table_info([{table}])"))
            conn.execute(f"INSERT INTO main.[{table}] ({columns}) SELECT {columns} FROM source.[{table}]")
    finally:
        conn.close()


def applied(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [name for (name,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    finally:
        conn.close()


def schema_of(conn: sqlite3.Connection) -> list[tuple]:
    return sorted(conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name != 'sqlite_sequence'"
    ))


def found(notebook: Notebook) -> dict[str, list[tuple[str, str, float]]]:
    return {q: [(h.kind, h.id, h.rank) for h in search(notebook, q)] for q in QUERIES}


def test_step_one_notebook_is_upgraded_on_open_and_finds_the_same(tmp_path: Path) -> None:
    path = tmp_path / "notebook.db"
    with Notebook(tmp_path / "filled.db") as filled:
        records = fill(filled)
        before = found(filled)
    assert all(before[q] for q in QUERIES)
    step_one_notebook(path)
    copy_step_one_columns(tmp_path / "filled.db", path)
    assert applied(path) == ["m001_notebook"]

    with Notebook(path) as notebook:
        assert notebook.schema_version() == SCHEMA_VERSION
        assert applied(path) == [step.__name__ for step in schema.STEPS]
        indexes = {name for (name,) in notebook.conn.execute("SELECT name FROM sqlite_master")}
        assert set(schema.DELETED_INDEXES.values()) | {schema.SPEAKER_INDEX} <= indexes
        assert found(notebook) == before
        # The upgraded file has the schema of a notebook made new.
        with Notebook(tmp_path / "new.db") as new:
            assert schema_of(notebook.conn) == schema_of(new.conn)
        # A deleted record leaves the results; brought back, it is found again.
        notebook.delete(records["i1"])
        assert records["i1"].id not in [h.id for q in QUERIES for h in search(notebook, q)]
        notebook.undelete(records["i1"])
        assert found(notebook) == before


def test_a_failed_upgrade_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notebook.db"
    step_one_notebook(path)
    # The second index names a table that does not exist: the step fails after the first one.
    monkeypatch.setattr(schema, "DELETED_INDEXES", {"intervention": "idx_intervention_deleted",
                                                    "no_such_table": "idx_no_such_table_deleted"})
    with pytest.raises(NotebookError):
        Notebook(path)
    assert applied(path) == ["m001_notebook"]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'idx_%_deleted'").fetchall() == []
    finally:
        conn.close()
