"""Read-only queries the workspace needs to stay fast on long sessions (thousands of interventions).

Pure reads through the notebook's own connection; no writes here.
"""

from __future__ import annotations

from workshop.records import Intervention
from workshop.store.notebook import Notebook

_LIVE = "session_id = ? AND deleted_at IS NULL"


_NEWEST = "started_at DESC, created_at DESC"


def recent_interventions(notebook: Notebook, session_id: str, limit: int) -> list[Intervention]:
    """The newest `limit` interventions of a session, newest first."""
    # No index orders a session's interventions by time: the sort is of rowids and times only,
    # then the rows found are read whole. Sorting whole rows carried every text through the
    # sorter (85 ms for 10,000 interventions against 28).
    newest = (f"SELECT rowid FROM intervention WHERE {_LIVE} ORDER BY {_NEWEST} "
              f"LIMIT {int(limit)}")
    return notebook.rows(Intervention, f"rowid IN ({newest})", [session_id], order_by=_NEWEST)


def count_interventions(notebook: Notebook, session_id: str) -> int:
    """How many interventions a session has (deleted ones left out)."""
    # From the session index alone, less the deleted ones through the partial index of deleted
    # rows (as Notebook.intervention_counts): asking for the live rows read every row.
    conn = notebook.conn
    every = conn.execute("SELECT count(*) FROM intervention WHERE session_id = ?",
                         [session_id]).fetchone()[0]
    deleted = conn.execute(
        "SELECT count(*) FROM intervention INDEXED BY idx_intervention_deleted "
        "WHERE deleted_at IS NOT NULL AND session_id = ?", [session_id]).fetchone()[0]
    return every - deleted


def intervention_started(
    notebook: Notebook, session_id: str, speaker_id: str, started_at: str
) -> Intervention | None:
    """The intervention a speaker began at this moment, if one was saved (a turn saved mid-way)."""
    found = notebook.rows(
        Intervention, "session_id = ? AND speaker_id = ? AND started_at = ?",
        [session_id, speaker_id, started_at], order_by="created_at DESC", limit=1,
    )
    return found[0] if found else None


def intervention_since(
    notebook: Notebook, session_id: str, speaker_id: str, since: str
) -> Intervention | None:
    """The newest intervention of a speaker saved at or after `since` (the floor given to them)."""
    found = notebook.rows(
        Intervention, "session_id = ? AND speaker_id = ? AND created_at >= ?",
        [session_id, speaker_id, since], order_by="created_at DESC", limit=1,
    )
    return found[0] if found else None
