"""Synthetic notebooks for the benchmarks: Workshop 3 meetings of any size, the same for a seed.

A notebook of N interventions holds meetings of Workshop 3 of at most SESSION_SIZE interventions
each (so 10,000 is one meeting and 100,000 is ten), one shared list of speakers, findings, key
points linked to interventions, a synthesis per question and a few speakers waiting in each queue.
Rows go in with sqlite-utils' insert_all inside one transaction; the notebook's own triggers keep
the full-text index current, so the file is exactly what the app would have written.

    uv run python benchmarks/generate.py 100000 --seed 13      # prints the cached home folder
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `workshop` importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop.store import Notebook
from workshop.store.schema import SCHEMA_VERSION, STEPS

GENERATOR_VERSION = 3  # bump when the shape of the generated rows changes: the cache key holds it
SESSION_SIZE = 10_000  # interventions per meeting at most
TOPIC = "W3"
QUESTION_REFS = tuple(f"W3.Q.{letter}" for letter in "abcdefghi")
CONGRESS_OPENS = datetime(2015, 4, 13, 10, 0, tzinfo=timezone.utc)  # Doha, 12-19 April 2015
BATCH = 2_000


# --- vocabulary --------------------------------------------------------------------------------


def vocabulary() -> dict[str, tuple]:
    """Speakers, sentences, predicates, findings and syntheses: the demo meeting's, spread wider.

    The demo's fourteen speakers are joined by the built-in delegations (Member States, observers,
    organizations), so that a long meeting has the hundred or more speakers of a Congress
    workshop; the demo's statements are cut into sentences and recombined.
    """
    from workshop import demo
    from workshop.catalogue.delegations import load_delegations

    speakers = [
        (s.name, s.delegation, s.category, s.regional_group, s.gender) for s in demo.SPEAKERS
    ]
    taken = {s.delegation for s in demo.SPEAKERS}
    for delegation in load_delegations():
        if delegation.name not in taken:
            speakers.append((f"Representative of {delegation.display}", delegation.name,
                             delegation.category, delegation.regional_group, ""))
    sentences = tuple(
        sentence for statement in demo.STATEMENTS
        for sentence in re.split(r"(?<=[.!?])\s+", statement.text) if sentence
    )
    return {
        "SPEAKERS": tuple(speakers),
        "SENTENCES": sentences,
        "PREDICATES": tuple(k.predicate for k in demo.KEY_POINTS),
        "FINDINGS": tuple(
            (f.kind, f.title, f.text, f.jurisdiction, f.evidence) for f in demo.FINDINGS
        ),
        "SYNTHESES": tuple(demo.SYNTHESES.values()),
    }


def vocabulary_key(words: dict[str, tuple]) -> str:
    """A short hash of the vocabulary, so that a new vocabulary means new cached notebooks."""
    return hashlib.sha256(repr(sorted(words.items())).encode()).hexdigest()[:8]


# --- rows --------------------------------------------------------------------------------------


class _Rows:
    """Deterministic ids, times and texts drawn from one seeded random generator."""

    def __init__(self, seed: int, words: dict[str, tuple]) -> None:
        self.rng = random.Random(seed)
        self.words = words

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def text(self, low: int, high: int) -> str:
        return " ".join(self.rng.choices(self.words["SENTENCES"], k=self.rng.randint(low, high)))


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _common(row_id: str, moment: datetime) -> dict:
    stamp = _stamp(moment)
    return {"id": row_id, "created_at": stamp, "updated_at": stamp, "deleted_at": None}


def _batches(rows: Iterator[dict], size: int = BATCH) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def generate(home: Path, size: int, seed: int = 13) -> dict[str, int]:
    """Write a notebook of `size` interventions into `home`; returns the row counts."""
    import json

    words = vocabulary()
    rows = _Rows(seed, words)
    notebook = Notebook.open(home)
    counts = dict.fromkeys(
        ("session", "speaker", "queue_entry", "intervention", "finding", "key_point", "question_state"), 0
    )
    try:
        with notebook.write() as db:
            speakers = []
            for name, delegation, category, group, gender in words["SPEAKERS"]:
                speakers.append({
                    **_common(rows.uuid(), CONGRESS_OPENS - timedelta(days=1)),
                    "name": name, "delegation": delegation, "category": category,
                    "regional_group": group, "gender": gender,
                })
            db["speaker"].insert_all(speakers)
            counts["speaker"] = len(speakers)
            speaker_ids = [s["id"] for s in speakers]

            meetings = max(1, -(-size // SESSION_SIZE))
            for number in range(meetings):
                in_session = min(SESSION_SIZE, size - number * SESSION_SIZE)
                opened = CONGRESS_OPENS + timedelta(days=number)
                session_id = rows.uuid()
                db["session"].insert({
                    **_common(session_id, opened), "topic": TOPIC,
                    "meeting": f"{_ordinal(number + 1)} meeting", "date": opened.date().isoformat(),
                    "venue": "Qatar National Convention Centre, Doha", "chair": "Chair of Workshop 3",
                    "rapporteur": "Rapporteur of Workshop 3", "panellists": "A. Panellist; B. Panellist",
                    "speaking_limit": 300, "status": "open",
                })
                counts["session"] += 1

                by_question: dict[str, list[str]] = {ref: [] for ref in QUESTION_REFS}
                clock = opened

                def interventions() -> Iterator[dict]:
                    nonlocal clock
                    for _ in range(in_session):
                        seconds = rows.rng.randint(45, 300)
                        refs = rows.rng.sample(QUESTION_REFS, k=rows.rng.choice((1, 1, 1, 2)))
                        row_id = rows.uuid()
                        for ref in refs:
                            by_question[ref].append(row_id)
                        started, clock = clock, clock + timedelta(seconds=seconds + 5)
                        yield {
                            **_common(row_id, started + timedelta(seconds=seconds)),
                            "session_id": session_id, "speaker_id": rows.rng.choice(speaker_ids),
                            "question_refs": json.dumps(refs), "started_at": _stamp(started),
                            "ended_at": _stamp(started + timedelta(seconds=seconds)),
                            "seconds": seconds, "text": rows.text(1, 4),
                        }

                for batch in _batches(interventions()):
                    db["intervention"].insert_all(batch, batch_size=len(batch))
                counts["intervention"] += in_session

                def key_points() -> Iterator[dict]:
                    position = 0
                    for ref in QUESTION_REFS:
                        linked = by_question[ref]
                        for start in range(0, len(linked), 10):
                            group = linked[start:start + 10]
                            position += 1
                            chosen = rows.rng.sample(group, k=rows.rng.randint(1, min(8, len(group))))
                            yield {
                                **_common(rows.uuid(), clock), "session_id": session_id,
                                "question_ref": ref, "predicate": rows.rng.choice(words["PREDICATES"]),
                                "intervention_ids": json.dumps(chosen), "position": float(position),
                            }

                for batch in _batches(key_points()):
                    db["key_point"].insert_all(batch, batch_size=len(batch))
                    counts["key_point"] += len(batch)

                def findings() -> Iterator[dict]:
                    for position in range(1, max(1, in_session // 25) + 1):
                        source = rows.rng.choice(by_question[rows.rng.choice(QUESTION_REFS)] or [None])
                        kind, title, text, jurisdiction, evidence = rows.rng.choice(words["FINDINGS"])
                        yield {
                            **_common(rows.uuid(), clock), "session_id": session_id,
                            "kind": kind, "title": title, "text": text, "jurisdiction": jurisdiction,
                            "evidence": evidence, "question_ref": rows.rng.choice(QUESTION_REFS),
                            "intervention_id": source, "position": float(position),
                        }

                for batch in _batches(findings()):
                    db["finding"].insert_all(batch, batch_size=len(batch))
                    counts["finding"] += len(batch)

                db["question_state"].insert_all(
                    {
                        **_common(rows.uuid(), clock), "session_id": session_id, "ref": ref,
                        "status": "discussed", "synthesis": rows.rng.choice(words["SYNTHESES"]),
                    }
                    for ref in QUESTION_REFS
                )
                counts["question_state"] += len(QUESTION_REFS)

                waiting = rows.rng.sample(speaker_ids, k=min(5, len(speaker_ids)))
                db["queue_entry"].insert_all(
                    {
                        **_common(rows.uuid(), clock), "session_id": session_id, "speaker_id": speaker,
                        "position": float(position), "kind": "statement", "state": "waiting",
                    }
                    for position, speaker in enumerate(waiting, start=1)
                )
                counts["queue_entry"] += len(waiting)
        notebook.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        notebook.close()
    return counts


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# --- cache -------------------------------------------------------------------------------------


def cache_folder() -> Path:
    """Where generated notebooks are kept between runs ($WORKSHOP_BENCH_CACHE or the temp folder)."""
    configured = os.environ.get("WORKSHOP_BENCH_CACHE")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "workshop-bench"


def cached_home(size: int, seed: int = 13, *, folder: Path | None = None) -> Path:
    """A home folder holding the notebook of `size` interventions for `seed`, generated once."""
    folder = folder or cache_folder()
    # The schema's steps as well as its version: a step that only adds an index keeps the version,
    # and a notebook cached without the index would be given it by whichever run opened it first.
    key = f"n{size}-s{seed}-g{GENERATOR_VERSION}-v{SCHEMA_VERSION}.{len(STEPS)}-{vocabulary_key(vocabulary())}"
    home = folder / key
    if (home / "sessions" / "notebook.db").exists():
        return home
    folder.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=folder))
    try:
        generate(building, size, seed)
        try:
            os.rename(building, home)
        except OSError:  # another run finished the same notebook first: use theirs
            if not (home / "sessions" / "notebook.db").exists():
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return home


def copy_home(home: Path, into: Path) -> Path:
    """A private copy of a cached home, for runs that write to the notebook."""
    target = into / home.name
    shutil.copytree(home, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("size", type=int, help="number of interventions")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--home", type=Path, help="write here instead of the cache (must not exist)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.home:
        counts = generate(args.home, args.size, args.seed)
        print(args.home, counts)
    else:
        print(cached_home(args.size, args.seed))
    print(f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
