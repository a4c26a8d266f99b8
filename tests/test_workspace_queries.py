"""The workspace's reads of a long session: the newest window and the count, as the records say."""

from __future__ import annotations

import random
from pathlib import Path

from workshop.records import Intervention
from workshop.store import Notebook
from workshop.store.workspace_queries import count_interventions, recent_interventions


def test_the_newest_window_and_the_count_leave_deleted_and_other_sessions_out(tmp_path: Path) -> None:
    rng = random.Random(15)
    with Notebook.open(tmp_path) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting").id
        other = notebook.create_session("W3", meeting="2nd meeting").id
        speaker = notebook.add_speaker("Brazil", category="Member State").id
        for n in range(120):
            # Ties on the start (a turn saved twice in one second) fall back on the creation time.
            minute = rng.randrange(40)
            notebook.record_intervention(rng.choice([session, session, other]), speaker, f"Said {n}.",
                                         started_at=f"2015-04-13T10:{minute:02d}:00.000000+00:00")
        for record in rng.sample(notebook.rows(Intervention, "session_id = ?", [session]), 15):
            notebook.delete(record)

        live = notebook.rows(Intervention, "session_id = ?", [session])
        newest = sorted(live, key=lambda i: (i.started_at, i.created_at), reverse=True)
        for window in (1, 10, len(live), len(live) + 5):
            assert recent_interventions(notebook, session, window) == newest[:window]
        assert count_interventions(notebook, session) == len(live)
        assert count_interventions(notebook, other) == len(
            notebook.rows(Intervention, "session_id = ?", [other]))
