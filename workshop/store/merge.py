"""Folding a co-rapporteur's notebook file into this one: by UUID, field by field, in SQL."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path
from urllib.parse import quote

from workshop.store.alongside import Alongside
from workshop.store.errors import NotebookError
from workshop.store.files import check_identity, check_other_file, describe_sqlite_error, integrity_verdict, reading
from workshop.store.fold import Source
from workshop.store.notebook import Notebook
from workshop.store.sync import TABLE_ORDER, FoldCounts, fold_in_source

# A draft is the note being typed on one laptop: a merge never replaces the rapporteur's own.
MERGED_TABLES = tuple(table for table in TABLE_ORDER if table != "draft")
SCHEMA = "incoming"  # the other file, attached to this notebook's connection


def merge_notebook(notebook: Notebook, other: Path, *, backup_first: bool = False) -> FoldCounts:
    """Fold another notebook file into this one in one transaction: all of it or nothing.

    The other file is checked (a workshop notebook, not damaged, every table there) and then
    attached read-only: it is never written. With `backup_first`, a backup is made before the
    first change is committed, so that a merge can be undone with `workshop restore`.
    """
    other = Path(other)
    if other.exists() and notebook.path.exists() and other.resolve() == notebook.path.resolve():
        raise NotebookError(f"{other}: is this notebook itself; give the co-rapporteur's file")
    check_other_file(other)
    try:
        with reading(other) as conn:
            check_identity(other, conn, empty_ok=False)
            attached = _attachable(other, conn)
            # Checked on a second connection while it is folded in: it adds nothing to the time.
            check = Alongside(attached, SCHEMA, f"PRAGMA [{SCHEMA}].quick_check(1)")
            try:
                columns = {}
                for table in MERGED_TABLES:
                    found = frozenset(row[1] for row in conn.execute(f"PRAGMA table_info([{table}])"))
                    if not found:
                        raise NotebookError(f"{other}: not a complete workshop notebook (no {table} table)")
                    columns[table] = found
                notebook.conn.execute(f"ATTACH DATABASE ? AS {SCHEMA}", [attached])
                try:
                    source = Source(SCHEMA, columns, str(other), database=attached)
                    return fold_in_source(notebook, source, MERGED_TABLES, backup_first=backup_first,
                                          undone="nothing was merged", before_commit=partial(_refuse_damage, check))
                finally:
                    notebook.conn.execute(f"DETACH DATABASE {SCHEMA}")
            except (NotebookError, sqlite3.DatabaseError):
                _refuse_damage(check, other)  # a damaged file is named as such, whatever it broke first
                raise
            finally:
                check.join()
    except sqlite3.DatabaseError as error:
        raise NotebookError(describe_sqlite_error(other, error)) from None


def _refuse_damage(check: Alongside, other: Path | None = None) -> None:
    """Refuse the merge if the quick check found the file damaged (named by `other`, or by the fold)."""
    try:
        problem = integrity_verdict(check.found())
    except sqlite3.DatabaseError as error:
        problem = str(error)
    if problem:
        said = f"the notebook is damaged (integrity check: {problem})"
        raise NotebookError(f"{other}: {said}; nothing was merged" if other else said)


def _attachable(other: Path, conn: sqlite3.Connection) -> str:
    """What to attach: the file itself, read as immutable, or the copy `reading` made of it and its WAL."""
    read = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    if read.resolve() == other.resolve():
        return "file:" + quote(str(other.absolute())) + "?immutable=1"
    return str(read)
