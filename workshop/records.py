"""The notebook's records: immutable named tuples shared by the store, the exporters and the app.

Named tuples rather than frozen dataclasses: a dataclass writes and compiles six methods per class
as the module loads (about 2 ms each class, paid at every start), and builds each of the 100,000
records of a big export more slowly.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import ClassVar, NamedTuple, Protocol, TypeVar

# Vocabularies. The store keeps these exact strings; the app and the exporters show them.
SPEAKER_CATEGORIES = (
    "Member State",
    "observer State",
    "United Nations Secretariat",  # UNODC, DESA...: the Secretariat serving the Congress
    "UN entity",  # funds, programmes, regional commissions and other entities of the UN system
    "specialized agency",  # specialized agencies and related organizations (ILO, UNESCO, World Bank)
    "intergovernmental organization",
    "non-governmental organization",
    "institute",
    "presiding officer",  # the Chair or moderator of the meeting, for introductory statements
    "expert/panellist",
    "other",
)
# Each category as a heading names its group (the annex of the summary, the statistics).
CATEGORY_HEADINGS = {
    "Member State": "Member States",
    "observer State": "Observer States",
    "United Nations Secretariat": "United Nations Secretariat",
    "UN entity": "United Nations entities",
    "specialized agency": "Specialized agencies and related organizations",
    "intergovernmental organization": "Intergovernmental organizations",
    "non-governmental organization": "Non-governmental organizations",
    "institute": "Institutes of the programme network",
    "presiding officer": "Officers of the meeting",
    "expert/panellist": "Experts and panellists",
    "other": "Other participants",
}
REGIONAL_GROUPS = (
    "African States",
    "Asia-Pacific States",
    "Eastern European States",
    "Latin American and Caribbean States",
    "Western European and other States",
)
GENDERS = ("female", "male", "other")
QUEUE_KINDS = ("statement", "reply", "point of order")
QUEUE_STATES = ("waiting", "speaking", "done", "removed")
# What an intervention was: the proceedings of the report name introductory statements and
# presentations; the deliberations draw on statements and replies; a point of order answers no
# question.
INTERVENTION_KINDS = ("statement", "reply", "point of order", "introductory statement", "presentation")
FINDING_KINDS = ("good practice", "challenge", "recommendation", "lesson learned")
EVIDENCE_LEVELS = ("evaluated", "evidence-based", "promising", "reported")
QUESTION_STATUSES = ("pending", "current", "discussed", "skipped")
SESSION_STATUSES = ("open", "final")
DEFAULT_SPEAKING_LIMIT = 300  # seconds: five minutes, the usual limit in Congress workshops


class Record(Protocol):
    """What every notebook row carries, so that two laptops' notebooks merge by UUID.

    Each record type below starts with these four fields, names its table and says whether the
    user deleted it (the row is kept for undo and merging).
    """

    id: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    table: ClassVar[str]
    _fields: ClassVar[tuple[str, ...]]  # the columns of the table, in order

    @property
    def deleted(self) -> bool: ...

    def _replace(self: R, **changes: object) -> R: ...

    def _asdict(self) -> dict[str, object]: ...


R = TypeVar("R", bound=Record)


def _is_deleted(record: Record) -> bool:
    """True once the user has deleted this row (it is kept for undo and merging)."""
    return record.deleted_at is not None


class Session(NamedTuple):
    """One meeting of a workshop or agenda item, as the rapporteur covers it."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    topic: str = ""
    meeting: str = ""
    date: str = ""
    venue: str = ""
    chair: str = ""
    rapporteur: str = ""
    panellists: str = ""
    speaking_limit: int = DEFAULT_SPEAKING_LIMIT
    status: str = "open"
    # What the report's proceedings say of the meeting (see docs/report-form.md).
    body: str = ""  # the body that held it: "Committee I", "Committee II", "plenary", free text
    meetings: tuple[str, ...] = ()  # the body's meetings it spanned, each "NUMBER YYYY-MM-DD": "4 2015-04-15"
    moderator: str = ""  # name, no honorific
    moderator_function: str = ""  # "Chief of the Corruption and Economic Crime Branch, UNODC"
    institutes: tuple[str, ...] = ()  # programme-network institutes that assisted, by built-in name
    documents: tuple[str, ...] = ()  # documents before it, each "Title (SYMBOL)"; empty: the catalogue's

    table = "session"
    deleted = property(_is_deleted)


class Speaker(NamedTuple):
    """A person or delegation that takes the floor; shared by all sessions of the notebook."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    name: str = ""
    delegation: str = ""
    category: str = "other"
    regional_group: str = ""
    gender: str = ""

    table = "speaker"
    deleted = property(_is_deleted)

    @property
    def label(self) -> str:
        """How the speaker is named in lists: the name, and the delegation when it differs."""
        if self.delegation and self.delegation != self.name:
            return f"{self.name} ({self.delegation})"
        return self.name


class QueueEntry(NamedTuple):
    """A place in the list of speakers of one session."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    session_id: str = ""
    speaker_id: str = ""
    position: float = 0.0
    kind: str = "statement"
    state: str = "waiting"

    table = "queue_entry"
    deleted = property(_is_deleted)


class Intervention(NamedTuple):
    """What one speaker said in one turn, tagged to the questions it answers."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    session_id: str = ""
    speaker_id: str = ""
    question_refs: tuple[str, ...] = ()
    started_at: str = ""
    ended_at: str = ""
    seconds: int = 0
    text: str = ""
    kind: str = "statement"  # one of INTERVENTION_KINDS

    table = "intervention"
    deleted = property(_is_deleted)


class Finding(NamedTuple):
    """A good practice, challenge, recommendation or lesson learned heard in a session."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    session_id: str = ""
    kind: str = "good practice"
    title: str = ""
    text: str = ""
    jurisdiction: str = ""
    evidence: str = ""
    question_ref: str = ""
    intervention_id: str | None = None
    position: float = 0.0

    table = "finding"
    deleted = property(_is_deleted)


class KeyPoint(NamedTuple):
    """A point of the deliberations, written as a predicate and backed by interventions."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    session_id: str = ""
    question_ref: str = ""
    predicate: str = ""
    intervention_ids: tuple[str, ...] = ()
    position: float = 0.0

    table = "key_point"
    deleted = property(_is_deleted)


class QuestionState(NamedTuple):
    """Where a question stands in one session, with the rapporteur's synthesis of it."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    session_id: str = ""
    ref: str = ""
    status: str = "pending"
    synthesis: str = ""

    table = "question_state"
    deleted = property(_is_deleted)


class Draft(NamedTuple):
    """The note being typed in a session, saved every few seconds so a crash loses almost nothing."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None
    session_id: str = ""
    speaker_id: str | None = None
    question_refs: tuple[str, ...] = ()
    started_at: str = ""
    text: str = ""

    table = "draft"
    deleted = property(_is_deleted)


RECORD_TYPES: tuple[type[Record], ...] = (
    Session,
    Speaker,
    QueueEntry,
    Intervention,
    Finding,
    KeyPoint,
    QuestionState,
    Draft,
)


class Field(NamedTuple):
    """One field of a record type: its name, its annotation as written, its default if it has one."""

    name: str
    type: str
    default: object
    has_default: bool


@cache  # import and merge ask once per row
def record_fields(cls: type[Record]) -> tuple[Field, ...]:
    """The fields of a record type, in order (the columns of its table)."""
    defaults = cls._field_defaults  # type: ignore[attr-defined]
    annotations = cls.__annotations__
    # NamedTuple keeps each annotation written as text (see the __future__ import) as a ForwardRef.
    return tuple(
        Field(name, getattr(annotations[name], "__forward_arg__", str(annotations[name])),
              defaults.get(name), name in defaults)
        for name in cls._fields  # type: ignore[attr-defined]
    )


class SessionRecord(NamedTuple):
    """Everything recorded in one session, as the exporters and statistics need it."""

    session: Session
    speakers: Mapping[str, Speaker] = MappingProxyType({})
    interventions: tuple[Intervention, ...] = ()
    findings: tuple[Finding, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    question_states: tuple[QuestionState, ...] = ()
