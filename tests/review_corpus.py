"""Notebooks for the search, coverage, statistics and review-screen tests.

`fill` writes a small hand-made meeting (two sessions of Workshop 3, one of Workshop 2). `build`
writes a generated one: deterministic (seeded) sessions, speakers, interventions, findings, key
points and syntheses, through the Notebook API. Everything it inserts is also kept as plain Python
values, so that the tests compute what they expect from these values and not with the code under
test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import accumulate

from workshop.catalogue import load_catalogue
from workshop.records import EVIDENCE_LEVELS, FINDING_KINDS, GENDERS, REGIONAL_GROUPS, SPEAKER_CATEGORIES
from workshop.store import Notebook

# Made-up words: no real word (and none of the planted phrases) can appear by chance.
_SYLLABLES = ("ka", "ro", "mi", "ten", "sul", "dra", "vo", "pel", "nik", "ta", "zu", "ber", "lo", "gan")


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Distinct pseudo-words."""
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))] = None
    return list(words)


@dataclass
class Corpus:
    """What was inserted, as plain values."""

    sessions: list[dict] = field(default_factory=list)  # id, topic, meeting, date
    speakers: dict[str, dict] = field(default_factory=dict)  # id -> name, delegation, category, ...
    interventions: list[dict] = field(default_factory=list)  # id, session_id, speaker_id, refs, seconds, text, deleted
    findings: list[dict] = field(default_factory=list)
    key_points: list[dict] = field(default_factory=list)
    syntheses: list[dict] = field(default_factory=list)  # id, session_id, ref, text, status
    planted: dict[str, set[str]] = field(default_factory=dict)  # phrase -> ids of records holding it

    @property
    def interventions_by_id(self) -> dict[str, dict]:
        return {i["id"]: i for i in self.interventions}


def fill(notebook: Notebook) -> dict:
    """Write the hand-made meeting in one transaction; its records by short name ("i1", "f1"...)."""
    with notebook.write():
        return _fill(notebook)


def _fill(notebook: Notebook) -> dict:
    w3 = notebook.create_session("W3", meeting="1st meeting", date="2025-03-08")
    w3b = notebook.create_session("W3", meeting="2nd meeting", date="2025-03-09")
    w2 = notebook.create_session("W2", meeting="1st meeting", date="2025-03-10")
    brazil = notebook.add_speaker("Ana Souza", delegation="Brazil", category="Member State",
                                  regional_group="Latin American and Caribbean States", gender="female")
    unodc = notebook.add_speaker("UNODC", category="UN entity")
    ngo = notebook.add_speaker("Ms. Okafor", delegation="Open Society", category="non-governmental organization")
    r = {"w3": w3, "w3b": w3b, "w2": w2, "brazil": brazil, "unodc": unodc, "ngo": ngo}
    r["i1"] = notebook.record_intervention(
        w3.id, brazil.id,
        "Our joint investigation teams cut the time to extradition. Joint investigation teams "
        "need mutual legal assistance treaties.",
        question_refs=("W3.Q.a", "W3.Q.b"), seconds=240,
    )
    r["i2"] = notebook.record_intervention(
        w3.id, unodc.id,
        "Anti-corruption bodies and e-mail evidence: the cybercrime convention helps, and joint "
        "teams of investigators are possible in a long statement about many other things as well.",
        question_refs=("W3.Q.b",), seconds=300,
    )
    r["i3"] = notebook.record_intervention(
        w3b.id, ngo.id, "Victims of trafficking deserve compensation; civil society monitors it.",
        question_refs=("W3.Q.c",), seconds=180,
    )
    r["i4"] = notebook.record_intervention(
        w2.id, brazil.id, "Smuggling of migrants by sea: joint investigation teams with Italy.",
        question_refs=("W2.Q.a",), seconds=120,
    )
    r["f1"] = notebook.add_finding(
        w3.id, "good practice", "Joint investigation teams", text="Cases closed twice as fast.",
        jurisdiction="Brazil", evidence="evaluated", question_ref="W3.Q.a", intervention_id=r["i1"].id,
    )
    r["f2"] = notebook.add_finding(
        w3b.id, "challenge", "Compensation funds are empty", text="Victims wait years.",
        evidence="reported", question_ref="W3.Q.c", intervention_id=r["i3"].id,
    )
    r["k1"] = notebook.add_key_point(
        w3.id, "W3.Q.b", "stressed the value of mutual legal assistance", (r["i1"].id, r["i2"].id),
    )
    r["q1"] = notebook.set_question_state(
        w3.id, "W3.Q.a", status="discussed",
        synthesis="Delegations favoured joint investigation teams for complex cases.",
    )
    return r


PLANTED = ("joint investigation teams", "mutual legal assistance", "victim compensation")


def build(notebook: Notebook, *, seed: int = 13, sessions: int = 5, interventions: int = 240) -> Corpus:
    """Fill a notebook with a deterministic workshop history and return what was put in it."""
    rng = random.Random(seed)
    catalogue = load_catalogue()
    words = vocabulary(rng, 400)
    corpus = Corpus(planted={p: set() for p in PLANTED})

    def text(n: int, record_id_box: list[str]) -> str:
        chosen = rng.choices(words, k=n)
        if rng.random() < 0.15:
            phrase = rng.choice(PLANTED)
            chosen.insert(rng.randrange(len(chosen) + 1), phrase.capitalize() if rng.random() < 0.3 else phrase)
            record_id_box.append(phrase)
        return " ".join(chosen) + "."

    topics = ["W3", "W3", "W2", "W3", "A4"][:sessions] + ["W1"] * max(0, sessions - 5)
    with notebook.write():
        # Delegations with two speakers each sometimes, so that persons and delegations differ.
        delegations = [f"Delegation {k}" for k in range(30)]
        for k in range(45):
            category = SPEAKER_CATEGORIES[k % len(SPEAKER_CATEGORIES)] if k % 3 else "Member State"
            delegation = delegations[k % len(delegations)] if category != "expert/panellist" else ""
            if category not in ("Member State", "observer State"):
                delegation = f"{category.title()} body {k // 8 % 3}" if delegation else ""
            group = rng.choice(REGIONAL_GROUPS) if category in ("Member State", "observer State") and k % 5 else ""
            gender = rng.choice(GENDERS) if k % 4 else ""
            speaker = notebook.add_speaker(
                f"Speaker {k:02d}", delegation=delegation, category=category,
                regional_group=group, gender=gender,
            )
            corpus.speakers[speaker.id] = dict(
                name=speaker.name, delegation=delegation, category=category,
                regional_group=group, gender=gender,
            )
        speaker_ids = list(corpus.speakers)

        for k, topic in enumerate(topics):
            session = notebook.create_session(
                topic, meeting=f"{k + 1}th meeting", date=f"2025-03-{k + 7:02d}", venue="Kyoto",
            )
            corpus.sessions.append(dict(id=session.id, topic=topic, meeting=session.meeting, date=session.date))

        for n in range(interventions):
            session = corpus.sessions[n % len(corpus.sessions)]
            refs_pool = [q.ref for q in catalogue.topic(session["topic"]).questions]
            # The last question of each topic is never discussed; some interventions have no tag.
            tagged = rng.sample(refs_pool[:-1], k=rng.choice((0, 1, 1, 1, 2)))
            box: list[str] = []
            body = text(rng.randint(4, 30), box)
            speaker_id = rng.choice(speaker_ids)
            seconds = rng.randint(30, 400)
            record = notebook.record_intervention(
                session["id"], speaker_id, body, question_refs=tuple(tagged),
                started_at=f"{session['date']}T10:{n % 60:02d}:00", seconds=seconds,
            )
            deleted = n % 37 == 5
            if deleted:
                notebook.delete(record)
            corpus.interventions.append(dict(
                id=record.id, session_id=session["id"], speaker_id=speaker_id, refs=tagged,
                seconds=seconds, text=body, deleted=deleted,
            ))
            if box and not deleted:
                corpus.planted[box[0]].add(record.id)

        live = [i for i in corpus.interventions if not i["deleted"]]
        for n in range(60):
            source = rng.choice(live)
            session = next(s for s in corpus.sessions if s["id"] == source["session_id"])
            refs_pool = [q.ref for q in catalogue.topic(session["topic"]).questions]
            box = []
            title = " ".join(rng.choices(words, k=3))
            body = text(rng.randint(3, 20), box)
            kind = FINDING_KINDS[n % len(FINDING_KINDS)]
            evidence = EVIDENCE_LEVELS[(n // 2) % len(EVIDENCE_LEVELS)]
            ref = rng.choice(refs_pool[:-1])
            finding = notebook.add_finding(
                session["id"], kind, title, text=body, jurisdiction=rng.choice(("Japan", "Kenya", "")),
                evidence=evidence, question_ref=ref, intervention_id=source["id"],
            )
            deleted = n % 17 == 3
            if deleted:
                notebook.delete(finding)
            corpus.findings.append(dict(
                id=finding.id, session_id=session["id"], kind=kind, evidence=evidence, ref=ref,
                title=title, text=body, intervention_id=source["id"], deleted=deleted,
            ))
            if box and not deleted:
                corpus.planted[box[0]].add(finding.id)

        for n in range(40):
            session = corpus.sessions[n % len(corpus.sessions)]
            refs_pool = [q.ref for q in catalogue.topic(session["topic"]).questions]
            ref = rng.choice(refs_pool[:-1])
            cited = [i["id"] for i in rng.sample([i for i in live if i["session_id"] == session["id"]], k=3)]
            box = []
            predicate = "stressed " + text(rng.randint(3, 12), box)
            point = notebook.add_key_point(session["id"], ref, predicate, tuple(cited))
            corpus.key_points.append(dict(
                id=point.id, session_id=session["id"], ref=ref, predicate=predicate, cited=cited,
            ))
            if box:
                corpus.planted[box[0]].add(point.id)

        for session in corpus.sessions:
            refs_pool = [q.ref for q in catalogue.topic(session["topic"]).questions]
            for ref in refs_pool[:2]:
                box = []
                synthesis = text(rng.randint(5, 15), box)
                state = notebook.set_question_state(session["id"], ref, status="discussed", synthesis=synthesis)
                corpus.syntheses.append(dict(id=state.id, session_id=session["id"], ref=ref, text=synthesis))
                if box:
                    corpus.planted[box[0]].add(state.id)
    return corpus


def bulk_interventions(notebook: Notebook, count: int, *, seed: int = 5, words_each: int = 12) -> list[str]:
    """Add `count` interventions in one transaction with plain SQL (for the timing test only).

    Nine tenths go in with the index's insert trigger dropped and the index rebuilt in one pass
    (five times faster than row by row); the last tenth go through the trigger, so the index has
    the extra segments of a notebook filled over time.
    """
    rng = random.Random(seed)
    words = vocabulary(rng, 3000)
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(words))))  # Zipf
    with notebook.write() as db:
        speakers = [notebook.add_speaker(f"Bulk speaker {k}", category=SPEAKER_CATEGORIES[k % 8]).id for k in range(50)]
        sessions = [notebook.create_session(t, date=f"2025-04-{k + 1:02d}").id
                    for k, t in enumerate(("W1", "W2", "W3", "W4") * 3)]
        rows = [
            (f"bulk-{n:06d}", "2025-04-01T00:00:00+00:00", "2025-04-01T00:00:00+00:00",
             sessions[n * len(sessions) // count], speakers[n % len(speakers)], "[]", "", "", 60,
             " ".join(rng.choices(words, cum_weights=cumulative, k=words_each)))
            for n in range(count)
        ]
        insert = (
            "INSERT INTO intervention (id, created_at, updated_at, session_id, speaker_id, question_refs,"
            " started_at, ended_at, seconds, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        bulk = count * 9 // 10
        trigger = db.execute("SELECT sql FROM sqlite_master WHERE name = 'intervention_ai'").fetchone()[0]
        db.execute("DROP TRIGGER intervention_ai")
        db.conn.executemany(insert, rows[:bulk])
        db.execute("INSERT INTO intervention_fts(intervention_fts) VALUES ('rebuild')")
        db.execute(trigger)
        db.conn.executemany(insert, rows[bulk:])
    return words
