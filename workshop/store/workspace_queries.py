"""Read-only queries the workspace needs to stay fast on long sessions (thousands of interventions).

Pure reads through the notebook's own connection; no writes here.
"""

from __future__ import annotations

from workshop.records import Intervention
from workshop.store.notebook import Notebook

_LIVE = "session_id = ? AND deleted_at IS NULL"


def recent_interventions(notebook: Notebook, session_id: str, limit: int) -> list[Intervention]:
    """The newest `limit` interventions of a session, newest first."""
    return notebook.rows(
        Intervention, "session_id = ?", [session_id], order_by="started_at DESC, created_at DESC",
        limit=limit,
    )


def count_interventions(notebook: Notebook, session_id: str) -> int:
    """How many interventions a session has (deleted ones left out)."""
    sql = f"SELECT count(*) FROM intervention WHERE {_LIVE}"
    return notebook.conn.execute(sql, [session_id]).fetchone()[0]


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
