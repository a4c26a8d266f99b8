"""Read-only queries the workspace needs to stay fast on long sessions (thousands of interventions).

Pure reads through the notebook's own connection; no writes here.
"""

from __future__ import annotations

from workshop.records import Intervention
from workshop.store.notebook import Notebook, from_row

_LIVE = "session_id = ? AND deleted_at IS NULL"


def recent_interventions(notebook: Notebook, session_id: str, limit: int) -> list[Intervention]:
    """The newest `limit` interventions of a session, newest first."""
    rows = notebook.db["intervention"].rows_where(
        _LIVE, [session_id], order_by="started_at DESC, created_at DESC", limit=limit
    )
    return [from_row(Intervention, row) for row in rows]


def count_interventions(notebook: Notebook, session_id: str) -> int:
    """How many interventions a session has (deleted ones left out)."""
    return notebook.db["intervention"].count_where(_LIVE, [session_id])


def intervention_started(
    notebook: Notebook, session_id: str, speaker_id: str, started_at: str
) -> Intervention | None:
    """The intervention a speaker began at this moment, if one was saved (a turn saved mid-way)."""
    rows = notebook.db["intervention"].rows_where(
        _LIVE + " AND speaker_id = ? AND started_at = ?", [session_id, speaker_id, started_at],
        order_by="created_at DESC", limit=1,
    )
    found = [from_row(Intervention, row) for row in rows]
    return found[0] if found else None
