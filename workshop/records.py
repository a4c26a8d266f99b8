"""The notebook's records: plain frozen dataclasses shared by the store, the exporters and the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

# Vocabularies. The store keeps these exact strings; the app and the exporters show them.
SPEAKER_CATEGORIES = (
    "Member State",
    "observer State",
    "UN entity",
    "intergovernmental organization",
    "non-governmental organization",
    "institute",
    "expert/panellist",
    "other",
)
# Each category as a heading names its group (the annex of the summary, the statistics).
CATEGORY_HEADINGS = {
    "Member State": "Member States",
    "observer State": "Observer States",
    "UN entity": "United Nations entities",
    "intergovernmental organization": "Intergovernmental organizations",
    "non-governmental organization": "Non-governmental organizations",
    "institute": "Institutes of the programme network",
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
FINDING_KINDS = ("good practice", "challenge", "recommendation", "lesson learned")
EVIDENCE_LEVELS = ("evaluated", "evidence-based", "promising", "reported")
QUESTION_STATUSES = ("pending", "current", "discussed", "skipped")
SESSION_STATUSES = ("open", "final")
DEFAULT_SPEAKING_LIMIT = 300  # seconds: five minutes, the usual limit in Congress workshops


@dataclass(frozen=True)
class Record:
    """Columns every notebook row carries, so that two laptops' notebooks merge by UUID."""

    id: str
    created_at: str = ""
    updated_at: str = ""
    deleted_at: str | None = None

    table: ClassVar[str] = ""

    @property
    def deleted(self) -> bool:
        """True once the user has deleted this row (it is kept for undo and merging)."""
        return self.deleted_at is not None


@dataclass(frozen=True)
class Session(Record):
    """One meeting of a workshop or agenda item, as the rapporteur covers it."""

    topic: str = ""
    meeting: str = ""
    date: str = ""
    venue: str = ""
    chair: str = ""
    rapporteur: str = ""
    panellists: str = ""
    speaking_limit: int = DEFAULT_SPEAKING_LIMIT
    status: str = "open"

    table: ClassVar[str] = "session"


@dataclass(frozen=True)
class Speaker(Record):
    """A person or delegation that takes the floor; shared by all sessions of the notebook."""

    name: str = ""
    delegation: str = ""
    category: str = "other"
    regional_group: str = ""
    gender: str = ""

    table: ClassVar[str] = "speaker"

    @property
    def label(self) -> str:
        """How the speaker is named in lists: the name, and the delegation when it differs."""
        if self.delegation and self.delegation != self.name:
            return f"{self.name} ({self.delegation})"
        return self.name


@dataclass(frozen=True)
class QueueEntry(Record):
    """A place in the list of speakers of one session."""

    session_id: str = ""
    speaker_id: str = ""
    position: float = 0.0
    kind: str = "statement"
    state: str = "waiting"

    table: ClassVar[str] = "queue_entry"


@dataclass(frozen=True)
class Intervention(Record):
    """What one speaker said in one turn, tagged to the questions it answers."""

    session_id: str = ""
    speaker_id: str = ""
    question_refs: tuple[str, ...] = ()
    started_at: str = ""
    ended_at: str = ""
    seconds: int = 0
    text: str = ""

    table: ClassVar[str] = "intervention"


@dataclass(frozen=True)
class Finding(Record):
    """A good practice, challenge, recommendation or lesson learned heard in a session."""

    session_id: str = ""
    kind: str = "good practice"
    title: str = ""
    text: str = ""
    jurisdiction: str = ""
    evidence: str = ""
    question_ref: str = ""
    intervention_id: str | None = None
    position: float = 0.0

    table: ClassVar[str] = "finding"


@dataclass(frozen=True)
class KeyPoint(Record):
    """A point of the deliberations, written as a predicate and backed by interventions."""

    session_id: str = ""
    question_ref: str = ""
    predicate: str = ""
    intervention_ids: tuple[str, ...] = ()
    position: float = 0.0

    table: ClassVar[str] = "key_point"


@dataclass(frozen=True)
class QuestionState(Record):
    """Where a question stands in one session, with the rapporteur's synthesis of it."""

    session_id: str = ""
    ref: str = ""
    status: str = "pending"
    synthesis: str = ""

    table: ClassVar[str] = "question_state"


@dataclass(frozen=True)
class Draft(Record):
    """The note being typed in a session, saved every few seconds so a crash loses almost nothing."""

    session_id: str = ""
    speaker_id: str | None = None
    question_refs: tuple[str, ...] = ()
    started_at: str = ""
    text: str = ""

    table: ClassVar[str] = "draft"


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


@dataclass(frozen=True)
class SessionRecord:
    """Everything recorded in one session, as the exporters and statistics need it."""

    session: Session
    speakers: dict[str, Speaker] = field(default_factory=dict)
    interventions: tuple[Intervention, ...] = ()
    findings: tuple[Finding, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    question_states: tuple[QuestionState, ...] = ()
