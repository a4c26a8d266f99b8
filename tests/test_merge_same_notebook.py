"""Merge and import give the same notebook, row for row, and print the same lines as the release
whose results are kept in tests/golden/merge_import_dumps.json.

The notebooks are made under a clock and ids that are the same on every run: two laptops that
share a session and drift apart (edits on both sides, the same field on both, deletions, the same
delegation and the same question state added twice, drafts), and a generated Workshop 3 meeting.
Each case dumps every table of the result (ordered rows) with the command's report.

    uv run python tests/test_merge_same_notebook.py --capture   # rewrite the kept results
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import shutil
import sqlite3
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "benchmarks"))
sys.path.insert(0, str(HERE))

from workshop.export.bundle import bundle_json  # noqa: E402
from workshop.store import Notebook, notebook  # noqa: E402
from workshop.store.bundle import import_bundle  # noqa: E402
from workshop.store.merge import merge_notebook  # noqa: E402
from workshop.store.sync import all_records, conflict_line  # noqa: E402

GOLDEN = HERE / "golden" / "merge_import_dumps.json"
_CONTROL_FOUND = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]").search  # what the checks look for
FTS_SHADOWS = ("_data", "_idx", "_docsize", "_config", "_content")


def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that ticks a millisecond a call and ids drawn from a seeded sequence."""
    start = datetime(2015, 4, 14, 9, 0, tzinfo=timezone.utc)
    ticks = itertools.count()
    numbers = itertools.count(1)
    monkeypatch.setattr(notebook, "now", lambda: (start + timedelta(milliseconds=next(ticks))).isoformat(
        timespec="microseconds"))
    monkeypatch.setattr(notebook, "new_id", lambda: str(uuid.UUID(int=next(numbers) * 7919, version=4)))


def dump(path: Path) -> dict[str, list]:
    """Every table of a notebook file but the full-text index's own, rows in order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != '_sqlite_migrations' ORDER BY name")
            if not name.endswith(FTS_SHADOWS)]
        tables = {}
        for name in names:
            width = len(conn.execute(f"SELECT * FROM [{name}] LIMIT 0").description)
            order = ", ".join(str(i) for i in range(1, width + 1))
            tables[name] = [list(row) for row in conn.execute(f"SELECT * FROM [{name}] ORDER BY {order}")]
        return tables
    finally:
        conn.close()


def digest(tables: dict[str, list]) -> str:
    return hashlib.sha256(json.dumps(tables, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def report(counts) -> list[str]:
    return [str(counts), *(conflict_line(c) for c in counts.conflicts)]


def write_bundle(source: Notebook, path: Path) -> Path:
    path.write_text(bundle_json(all_records(source), exported_at="2015-04-15T09:00:00.000000+00:00",
                                schema_version=source.schema_version()), encoding="utf-8")
    return path


def drift(a: Notebook, b: Notebook) -> None:
    """Two laptops that shared a session go their own ways."""
    [session_a], [session_b] = a.sessions(), b.sessions()
    first, second, third, *_ = a.interventions(session_a.id)
    a.update(session_a, venue="Doha, room A")
    b.update(session_b, venue="Doha, room B", chair="Ms. Chair")
    b.update(b.get(type(first), first.id), text="B's wording")
    a.update(first, text="A's wording, later")
    b.delete(b.get(type(second), second.id))
    a.update(third, text="A corrected the third")
    kenya = b.add_speaker("Kenya", category="Member State")
    b.record_intervention(session_b.id, kenya.id, "Kenya shared its experience.")
    for side in (a, b):  # the same delegation added on both laptops
        japan = side.add_speaker("", delegation="Japan", category="Member State")
        side.record_intervention(side.sessions()[0].id, japan.id, f"Japan spoke on {side.path.parent.parent.name}.")
        side.set_question_state(side.sessions()[0].id, "W3.Q.a", status="discussed")
    a.add_finding(session_a.id, "good practice", "A's finding", text="Seen on A.")
    b.save_draft(session_b.id, "B's draft note", speaker_id=kenya.id)
    a.save_draft(session_a.id, "A's own draft")


def laptops(tmp_path: Path) -> tuple[Path, Path]:
    from test_store_files import make_notebook

    a_home, b_home = tmp_path / "a", tmp_path / "b"
    make_notebook(a_home, interventions=4)
    shutil.copytree(a_home, b_home)
    with Notebook.open(a_home) as a, Notebook.open(b_home) as b:
        drift(a, b)
    return a_home, b_home


def generated(tmp_path: Path) -> tuple[Path, Path]:
    from generate import generate

    a_home, b_home = tmp_path / "ga", tmp_path / "gb"
    generate(a_home, 300, seed=13)
    shutil.copytree(a_home, b_home)
    with Notebook.open(a_home) as a, Notebook.open(b_home) as b:
        session = a.sessions()[0]
        for n, item in enumerate(a.interventions(session.id)[:40]):
            side = (a, b)[n % 2]
            side.update(side.get(type(item), item.id), text=f"{item.text} (edited {n})")
        for item in b.interventions(session.id)[40:50]:
            b.delete(item)
        speaker = b.add_speaker("Chile", category="Member State")
        b.record_intervention(session.id, speaker.id, "Chile added a word.")
    return a_home, b_home


def edited(bundle: Path) -> Path:
    """A bundle edited by hand: times with an offset, odd spacing and a control character, a row twice."""
    document = json.loads(bundle.read_text(encoding="utf-8"))
    tables = document["tables"]
    first, second, *_ = tables["intervention"]
    first["created_at"] = first["created_at"].replace("+00:00", "") .replace("T09", "T11") + "+02:00"
    second["text"] = "A line\x07 with a bell  and\ttabs"
    tables["speaker"][0]["name"] = "  Spaced   out  "
    tables["intervention"].append({**first, "text": "The same row again, later",
                                   "updated_at": "2015-04-14T10:00:00.000000+00:00"})
    path = bundle.with_name("edited.json")
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def cases(tmp_path: Path) -> dict[str, dict]:
    """Each case: the command's report and a dump of the notebook after it."""
    results: dict[str, dict] = {}
    for name, make in (("laptops", laptops), ("generated", generated)):
        a_home, b_home = make(tmp_path / name)
        a_path, b_path = (home / "sessions" / "notebook.db" for home in (a_home, b_home))
        bundle_home = tmp_path / name / "bundle"
        with Notebook.open(b_home) as b:
            bundle = write_bundle(b, tmp_path / name / "b.json")
        pristine = tmp_path / name / "a-before"
        shutil.copytree(a_home, pristine)
        empty = tmp_path / name / "empty"
        Notebook.open(empty).close()
        with Notebook.open(a_home) as a:
            first = report(merge_notebook(a, b_path))
            again = report(merge_notebook(a, b_path))
        results[f"{name}: merge B into A"] = {"report": first + again, "tables": dump(a_path)}
        with Notebook.open(b_home) as b:
            back = report(merge_notebook(b, pristine / "sessions" / "notebook.db"))
        results[f"{name}: merge A into B"] = {"report": back, "tables": dump(b_path)}
        with Notebook.open(empty) as e:
            into_empty = report(merge_notebook(e, a_path))
        results[f"{name}: merge into an empty notebook"] = {"report": into_empty, "tables": dump(
            empty / "sessions" / "notebook.db")}
        Notebook.open(bundle_home).close()
        with Notebook.open(bundle_home) as fresh:
            loaded = report(import_bundle(fresh, bundle)) + report(import_bundle(fresh, bundle))
        results[f"{name}: import into an empty notebook, twice"] = {"report": loaded, "tables": dump(
            bundle_home / "sessions" / "notebook.db")}
        with Notebook.open(pristine) as mine:
            onto = report(import_bundle(mine, bundle))
        results[f"{name}: import B's bundle into A"] = {"report": onto, "tables": dump(
            pristine / "sessions" / "notebook.db")}
        by_hand = tmp_path / name / "by-hand"
        Notebook.open(by_hand).close()
        with Notebook.open(by_hand) as fresh:
            loaded = report(import_bundle(fresh, edited(bundle))) + report(import_bundle(fresh, bundle))
        results[f"{name}: import a bundle edited by hand, then the bundle"] = {"report": loaded, "tables": dump(
            by_hand / "sessions" / "notebook.db")}
    return {name: {"report": case["report"], "digest": digest(case["tables"]),
                   "rows": {t: len(rows) for t, rows in case["tables"].items()}}
            for name, case in results.items()}


def test_merge_and_import_give_the_notebook_they_gave_before(tmp_path: Path, monkeypatch) -> None:
    steady(monkeypatch)
    kept = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert cases(tmp_path) == kept


if __name__ == "__main__" and "--capture" in sys.argv:
    import tempfile

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        steady(patch)
        GOLDEN.write_text(json.dumps(cases(Path(folder)), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(GOLDEN)


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_the_text_checks_in_sql_say_what_clean_and_one_line_say(text: str) -> None:
    from workshop.store.fold import _is_clean, _is_one_line
    from workshop.text import one_line

    stored = text.encode("utf-8")
    assert _is_clean(stored) == (not _CONTROL_FOUND(text))
    assert _is_one_line(stored) == (not _CONTROL_FOUND(text) and " ".join(text.split()) == text)
    if _is_one_line(stored):
        assert one_line(text) == text
