"""Search finds a word's other forms (Porter stemmer over unicode61, diacritics still folded)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from workshop.store import Notebook
from workshop.store.notebook import notebook_path
from workshop.store.schema import FTS_COLUMNS
from workshop.store.search import search


def found(notebook: Notebook, query: str) -> list[str]:
    return [hit.id for hit in search(notebook, query)]


def test_witness_finds_witnesses(notebook: Notebook) -> None:
    session = notebook.create_session("W3")
    speaker = notebook.add_speaker("Brazil", category="Member State")
    said = notebook.record_intervention(session.id, speaker.id, "Witnesses were protected by the courts.")
    accented = notebook.record_intervention(session.id, speaker.id, "La señora Pérez habló.")
    assert found(notebook, "witness") == [said.id]
    assert found(notebook, "protecting court") == [said.id]
    assert found(notebook, "Perez") == [accented.id]  # diacritics still folded away


def test_an_older_notebook_gets_its_indexes_rebuilt(home: Path) -> None:
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3")
        speaker = notebook.add_speaker("Brazil", category="Member State")
        said = notebook.record_intervention(session.id, speaker.id, "Witnesses were protected.")
    # The file as the release before step 7 left it: unicode61 alone, step 7 not recorded.
    conn = sqlite3.connect(notebook_path(home))
    db = Database(conn)
    for table, columns in FTS_COLUMNS.items():
        db[table].disable_fts()
        db[table].enable_fts(columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_stemmed_search'")
    conn.commit()
    conn.close()
    with Notebook.for_reading(home) as notebook:  # read-only: migrated in memory, file untouched
        assert found(notebook, "witness") == [said.id]
    with Notebook.open(home) as notebook:
        assert found(notebook, "witness") == [said.id]
        fts_sql = notebook.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'intervention_fts'").fetchone()[0]
        assert "porter unicode61 remove_diacritics 2" in fts_sql
        # The triggers came back with the index: a new note is found too.
        later = notebook.record_intervention(session.id, speaker.id, "More witnesses came forward.")
        assert set(found(notebook, "witness")) == {said.id, later.id}


def test_the_other_forms_are_marked_in_the_excerpt(notebook: Notebook) -> None:
    session = notebook.create_session("W3")
    speaker = notebook.add_speaker("Brazil", category="Member State")
    notebook.record_intervention(session.id, speaker.id, "Witnesses were protected; one witness spoke.")
    [hit] = search(notebook, "witness protect")
    marked = [hit.excerpt.text[a:b] for a, b in hit.excerpt.spans]
    assert marked == ["Witnesses", "protected", "witness"]
    [hit] = search(notebook, '"witness spoke"')
    assert [hit.excerpt.text[a:b] for a, b in hit.excerpt.spans] == ["witness spoke"]
