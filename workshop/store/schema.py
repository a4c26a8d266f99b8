"""The notebook's schema, created and versioned with sqlite-utils' Migrations."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils is loaded only when a migration runs: opening a notebook is faster
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

# PRAGMA application_id of every workshop notebook: the ASCII bytes "WSHP" (0x57534850).
APPLICATION_ID = 0x57534850

# PRAGMA user_version: the schema version this code writes. A file with a higher one was written
# by a newer release and is refused rather than guessed at.
SCHEMA_VERSION = 3

# Row columns every table shares, so that notebooks merge by UUID and newest `updated_at`.
_COMMON = {"id": str, "created_at": str, "updated_at": str, "deleted_at": str}

# Full-text indexes, kept current by triggers: what the search screen and command look in.
FTS_COLUMNS = {
    "intervention": ["text"],
    "finding": ["title", "text", "jurisdiction"],
    "key_point": ["predicate"],
    "question_state": ["synthesis"],
}

MIGRATION_SET = "workshop"


def m001_notebook(db: Database) -> None:
    """Every table of the first notebook schema."""
    db["session"].create(
        {**_COMMON, "topic": str, "meeting": str, "date": str, "venue": str, "chair": str,
         "rapporteur": str, "panellists": str, "speaking_limit": int, "status": str},
        pk="id", not_null={"id", "created_at", "updated_at", "topic"},
    )
    db["speaker"].create(
        {**_COMMON, "name": str, "delegation": str, "category": str, "regional_group": str,
         "gender": str},
        pk="id", not_null={"id", "created_at", "updated_at", "name"},
    )
    db["queue_entry"].create(
        {**_COMMON, "session_id": str, "speaker_id": str, "position": float, "kind": str,
         "state": str},
        pk="id", not_null={"id", "session_id", "speaker_id"},
        foreign_keys=[("session_id", "session", "id"), ("speaker_id", "speaker", "id")],
    )
    db["intervention"].create(
        {**_COMMON, "session_id": str, "speaker_id": str, "question_refs": str,
         "started_at": str, "ended_at": str, "seconds": int, "text": str},
        pk="id", not_null={"id", "session_id", "speaker_id"},
        foreign_keys=[("session_id", "session", "id"), ("speaker_id", "speaker", "id")],
    )
    db["finding"].create(
        {**_COMMON, "session_id": str, "kind": str, "title": str, "text": str,
         "jurisdiction": str, "evidence": str, "question_ref": str, "intervention_id": str,
         "position": float},
        pk="id", not_null={"id", "session_id", "kind"},
        foreign_keys=[("session_id", "session", "id"), ("intervention_id", "intervention", "id")],
    )
    db["key_point"].create(
        {**_COMMON, "session_id": str, "question_ref": str, "predicate": str,
         "intervention_ids": str, "position": float},
        pk="id", not_null={"id", "session_id"},
        foreign_keys=[("session_id", "session", "id")],
    )
    db["question_state"].create(
        {**_COMMON, "session_id": str, "ref": str, "status": str, "synthesis": str},
        pk="id", not_null={"id", "session_id", "ref"},
        foreign_keys=[("session_id", "session", "id")],
    )
    db["draft"].create(
        {**_COMMON, "session_id": str, "speaker_id": str, "question_refs": str,
         "started_at": str, "text": str},
        pk="id", not_null={"id", "session_id"},
        foreign_keys=[("session_id", "session", "id"), ("speaker_id", "speaker", "id")],
    )
    for table in ("queue_entry", "intervention", "finding", "key_point", "question_state", "draft"):
        db[table].create_index(["session_id"])
    db["question_state"].create_index(["session_id", "ref"])
    db["draft"].create_index(["session_id"], unique=True, index_name="draft_one_per_session")
    for table, columns in FTS_COLUMNS.items():
        db[table].enable_fts(columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# Tables whose soft-deleted rows search looks up (see m002_search_indexes).
DELETED_INDEXES = {table: f"idx_{table}_deleted" for table in ("intervention", "finding", "key_point")}


def m002_search_indexes(db: Database) -> None:
    """An index of the soft-deleted rows of each large searched table.

    Partial (only rows with deleted_at set), so it is empty in the usual notebook and costs
    nothing to keep. With it, a search without filters leaves out deleted records by looking them
    up once, instead of reading the record of every full-text match to test it. An index only:
    files stay readable by releases that do not know this step, so the schema version stays 1.
    """
    for table, index in DELETED_INDEXES.items():
        db.execute(
            f"CREATE INDEX IF NOT EXISTS [{index}] ON [{table}] (deleted_at) "
            "WHERE deleted_at IS NOT NULL"
        )
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# The index of interventions by speaker (see m003_speaker_index).
SPEAKER_INDEX = "idx_intervention_speaker_id"


def m003_speaker_index(db: Database) -> None:
    """An index of interventions by speaker, for searches filtered by speaker.

    With it, a speaker's interventions are found without reading every intervention, and so are
    the findings and key points tied to them (see `_SPEAKER_CONDITIONS` in search). An index only,
    like step 2: the schema version stays 1.
    """
    db.execute(f"CREATE INDEX IF NOT EXISTS [{SPEAKER_INDEX}] ON [intervention] (speaker_id)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def m004_report_fields(db: Database) -> None:
    """What the report's proceedings need: the body, its meetings, the moderator, institutes and
    documents of a session, and the kind of each intervention.

    Version 2: a release that knows only version 1 would drop these fields when it writes or
    merges, so it refuses the file instead.
    """
    session = db["session"]
    for column, kind in (("body", str), ("meetings", str), ("moderator", str),
                         ("moderator_function", str), ("institutes", str), ("documents", str)):
        if column not in session.columns_dict:
            session.add_column(column, kind)
    if "kind" not in db["intervention"].columns_dict:
        db["intervention"].add_column("kind", str, not_null_default="statement")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# Categories a built-in delegation's speaker may be moved out of: the people who chair or sit on
# the panel keep theirs, whatever body they come from.
RECATEGORIZED = ("Member State", "observer State", "United Nations Secretariat", "UN entity", "specialized agency",
                 "intergovernmental organization", "non-governmental organization", "institute", "other")


def m005_delegation_categories(db: Database) -> None:
    """Speakers of a built-in delegation take its corrected category: UNODC the United Nations
    Secretariat, ILO a specialized agency, IOM an intergovernmental organization (in 2015).

    Data only: it asks nothing new of a release. The row's `updated_at` moves on, so that a merge with
    a co-rapporteur's older notebook keeps the correction.
    """
    from datetime import UTC, datetime

    from workshop.catalogue.delegations import delegation_named

    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    for row in list(db.query("SELECT id, name, delegation, category FROM speaker")):
        if row["category"] not in RECATEGORIZED:
            continue
        known = delegation_named(row["delegation"] or row["name"] or "")
        if known is not None and known.category != row["category"]:
            db.execute("UPDATE speaker SET category = ?, updated_at = ? WHERE id = ?", [known.category, stamp, row["id"]])
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# Every table whose rows carry the time of each field's change (see store/field_times.py).
TIMED_TABLES = ("session", "speaker", "queue_entry", "intervention", "finding", "key_point",
                "question_state", "draft")
QUESTION_STATE_KEY = "question_state_one_per_ref"


def m006_field_times(db: Database) -> None:
    """The time of each field's change on every row, and one question state per question.

    With field times, a merge keeps a venue set on one laptop and a chair set on the other
    instead of the whole newer row. Question states written on two laptops for the same question
    are made one (each field's later change kept, so a synthesis is never hidden behind an empty
    row), and a unique index keeps them one.

    Version 3: a release that knows only version 2 would change rows without stamping the field
    it changed, and the next merge would then keep the other laptop's older value over it.
    """
    for table in TIMED_TABLES:
        if "field_times" not in db[table].columns_dict:
            db[table].add_column("field_times", str)
    _join_question_states(db)
    db.execute(
        f"CREATE UNIQUE INDEX IF NOT EXISTS [{QUESTION_STATE_KEY}] ON [question_state] (session_id, ref)"
    )
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _join_question_states(db: Database) -> None:
    """Make the question states of one question in one session a single row."""
    from workshop.records import QuestionState
    from workshop.store.field_times import merge_versions, read_times, write_times
    from workshop.store.notebook import _shape, from_row

    twice = db.execute(
        "SELECT session_id, ref FROM question_state GROUP BY session_id, ref HAVING count(*) > 1"
    ).fetchall()
    for session_id, ref in twice:
        rows = list(db["question_state"].rows_where("session_id = ? AND ref = ?", [session_id, ref], order_by="id"))
        merged, times = from_row(QuestionState, rows[0]), read_times(rows[0].get("field_times"))
        for row in rows[1:]:
            merged, times, _ = merge_versions(merged, times, from_row(QuestionState, row), read_times(row.get("field_times")))
        db.execute("DELETE FROM question_state WHERE session_id = ? AND ref = ?", [session_id, ref])
        db.execute(_shape(QuestionState).stamped, [*merged, write_times(times)])


# The tokenizer of every full-text index since step 7: English words by their stem ("witness"
# finds "witnesses"), over unicode61 with diacritics folded ("Pérez" finds "Perez").
FTS_TOKENIZE = "porter unicode61 remove_diacritics 2"


def m007_stemmed_search(db: Database) -> None:
    """Every full-text index made again with the Porter stemmer, and filled from its table.

    An index only, like steps 2 and 3: the triggers are in the file, so any release that opens
    it keeps the index current; it asks for no new schema version.
    """
    for table, columns in FTS_COLUMNS.items():
        db[table].disable_fts()
        db[table].enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# The index of what coverage counts of each intervention (see m008_spoken_index).
SPOKEN_INDEX = "idx_intervention_spoken"


def m008_spoken_index(db: Database) -> None:
    """An index of interventions by speaker, list of questions and kind, with their seconds,
    session and deletion: everything coverage counts.

    Coverage groups a topic's interventions by the first three: read in the index's order, the
    count needs neither the rows themselves (their text) nor a sort of them (0.15 s at 100,000).
    An index only, like steps 2, 3 and 7: the schema version stays.
    """
    db.execute(
        f"CREATE INDEX IF NOT EXISTS [{SPOKEN_INDEX}] ON [intervention] "
        "(speaker_id, question_refs, kind, seconds, session_id, deleted_at)"
    )
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# The migrations in order, by function name; the last one stamps PRAGMA user_version.
STEPS = (
    m001_notebook, m002_search_indexes, m003_speaker_index, m004_report_fields, m005_delegation_categories,
    m006_field_times, m007_stemmed_search, m008_spoken_index,
)


@cache
def _migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    steps = Migrations(MIGRATION_SET)
    for step in STEPS:
        steps()(step)
    return steps


def __getattr__(name: str) -> object:
    # `migrations` is built on first use, so that importing the schema does not load sqlite-utils.
    if name == "migrations":
        return _migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
