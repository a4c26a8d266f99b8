"""Folding a co-rapporteur's notebook file into this one by UUID, the newer change winning."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from workshop.records import Record
from workshop.store.errors import NotebookError
from workshop.store.files import check_identity, check_other_file, describe_sqlite_error, integrity_problem, reading
from workshop.store.notebook import Notebook
from workshop.store.sync import RECORD_BY_TABLE, TABLE_ORDER, FoldCounts, fold_in_file, plain_from_row, record_from_plain

# A draft is the note being typed on one laptop: a merge never replaces the rapporteur's own.
MERGED_TABLES = tuple(table for table in TABLE_ORDER if table != "draft")


def read_notebook_file(path: Path) -> dict[str, list[Record]]:
    """Every row of another notebook file, checked like a bundle's, without writing to that file."""
    path = Path(path)
    check_other_file(path)
    try:
        with reading(path) as conn:
            check_identity(path, conn, empty_ok=False)
            problem = integrity_problem(conn, quick=True)
            if problem:
                raise NotebookError(f"{path}: the notebook is damaged (integrity check: {problem}); nothing was merged")
            db = Database(conn, execute_plugins=False)
            missing = [table for table in MERGED_TABLES if not db[table].exists()]
            if missing:
                raise NotebookError(f"{path}: not a complete workshop notebook (no {missing[0]} table)")
            incoming: dict[str, list[Record]] = {}
            for table in MERGED_TABLES:
                cls = RECORD_BY_TABLE[table]
                incoming[table] = [
                    record_from_plain(table, plain_from_row(cls, row), f"{path}: {table} row {index + 1}")
                    for index, row in enumerate(db[table].rows_where(order_by="rowid"))
                ]
    except sqlite3.DatabaseError as error:
        raise NotebookError(describe_sqlite_error(path, error)) from None
    return incoming


def merge_notebook(notebook: Notebook, other: Path, *, backup_first: bool = False) -> FoldCounts:
    """Fold another notebook file into this one in one transaction: all of it or nothing.

    With `backup_first`, a backup is made once the file has been read and checked, so that a
    merge can be undone with `workshop restore`.
    """
    other = Path(other)
    if other.exists() and notebook.path.exists() and other.resolve() == notebook.path.resolve():
        raise NotebookError(f"{other}: is this notebook itself; give the co-rapporteur's file")
    incoming = read_notebook_file(other)
    return fold_in_file(notebook, incoming, other, backup_first=backup_first, undone="nothing was merged")
