"""Merge properties over random edit histories on two copies of one notebook (hypothesis)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_merge import shared_content
from test_store_files import make_notebook

from workshop.records import Finding, Intervention, Session
from workshop.store import Notebook
from workshop.store.merge import merge_notebook

SESSION_FIELDS = ("venue", "chair", "meeting", "rapporteur", "status")
REFS = ("W3.Q.a", "W3.Q.b")
words = st.sampled_from(["", "Doha", "Vienna", "room A", "Ms. Chair", "Mr. Chair", "Brazil", "Kenya"])

edits = st.one_of(
    st.tuples(st.just("session"), st.sampled_from(SESSION_FIELDS), words),
    st.tuples(st.just("text"), st.integers(0, 4), words),
    st.tuples(st.just("refs"), st.integers(0, 4), st.lists(st.sampled_from(REFS), max_size=2, unique=True)),
    st.tuples(st.just("delete"), st.integers(0, 4), st.booleans()),
    st.tuples(st.just("speak"), st.sampled_from(["Brazil", "Kenya", "Chile"]), words),
    st.tuples(st.just("question"), st.sampled_from(REFS), st.one_of(st.sampled_from(["discussed", "skipped"]), words)),
    st.tuples(st.just("finding"), st.integers(0, 2), words),
)
histories = st.lists(st.tuples(st.sampled_from("AB"), edits), max_size=14)


def apply(notebook: Notebook, edit: tuple, written: dict) -> None:
    """Make one edit as the app would, noting each field written: (table, key, field) -> value."""
    kind, target, value = edit
    [session] = notebook.sessions()
    interventions = notebook.rows(Intervention, "session_id = ?", [session.id], include_deleted=True,
                                  order_by="created_at, id")
    if kind == "session":
        if target == "status":
            value = "final" if value else "open"
        notebook.update(notebook.get(Session, session.id), **{target: value})
        written[("session", session.id, target)] = value
    elif kind in ("text", "refs", "delete") and interventions:
        chosen = interventions[target % len(interventions)]
        if kind == "text":
            notebook.update(chosen, text=value)
            written[("intervention", chosen.id, "text")] = value
        elif kind == "refs":
            notebook.update(chosen, question_refs=tuple(value))
            written[("intervention", chosen.id, "question_refs")] = tuple(value)
        else:
            changed = notebook.delete(chosen) if value else notebook.undelete(chosen)
            written[("intervention", chosen.id, "deleted")] = changed.deleted
    elif kind == "speak":
        speaker = notebook.speaker_named(target) or notebook.add_speaker(target, delegation=target)
        notebook.record_intervention(session.id, speaker.id, value or "spoke")
    elif kind == "question":
        if value in ("discussed", "skipped"):
            notebook.set_question_state(session.id, target, status=value)
            written[("question_state", (session.id, target), "status")] = value
        else:
            notebook.set_question_state(session.id, target, synthesis=value)
            written[("question_state", (session.id, target), "synthesis")] = value
    elif kind == "finding":
        findings = notebook.findings(session.id)
        if target < len(findings):
            notebook.update(findings[target], title=value)
            written[("finding", findings[target].id, "title")] = value
        else:
            notebook.add_finding(session.id, "good practice", value or "practice")


def value_in(notebook: Notebook, table: str, key, field: str):
    if table == "question_state":
        return getattr(notebook.question_states(key[0])[key[1]], field)
    cls = {"session": Session, "intervention": Intervention, "finding": Finding}[table]
    return getattr(notebook.get(cls, key), field)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories)
def test_merging_either_way_agrees_twice_changes_nothing_and_loses_no_one_sided_edit(history) -> None:
    with tempfile.TemporaryDirectory(prefix="merge-property-") as folder:
        base = Path(folder)
        make_notebook(base / "a", interventions=3)
        shutil.copytree(base / "a", base / "b")
        written = {"A": {}, "B": {}}
        with Notebook.open(base / "a") as a, Notebook.open(base / "b") as b:
            [session] = a.sessions()
            a.set_question_state(session.id, "W3.Q.a", status="current")  # shared by both copies
            a.conn.execute("VACUUM INTO ?", [str(base / "a-shared.db")])
            b.close()
            shutil.copy(base / "a-shared.db", b.path)
            b = Notebook.open(base / "b")
            for side, edit in history:
                apply(a if side == "A" else b, edit, written[side])
            a.conn.execute("VACUUM INTO ?", [str(base / "a-before.db")])
            b.conn.execute("VACUUM INTO ?", [str(base / "b-before.db")])
            merge_notebook(a, base / "b-before.db")
            merge_notebook(b, base / "a-before.db")
            assert shared_content(a) == shared_content(b)
            merged = shared_content(a)
            again = merge_notebook(a, base / "b-before.db")
            assert (again.added, again.updated) == (0, 0)
            assert merge_notebook(b, base / "a-before.db").updated == 0
            assert shared_content(a) == merged == shared_content(b)
            for side, other in (("A", "B"), ("B", "A")):
                for (table, key, field), value in written[side].items():
                    if (table, key, field) in written[other]:
                        continue  # changed on both sides: the later change wins, checked elsewhere
                    if field == "deleted":
                        assert value_in(a, table, key, "deleted") is value
                    else:
                        assert value_in(a, table, key, field) == value, (table, field)
            b.close()
