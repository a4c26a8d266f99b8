"""One session being recorded: the floor, the note's tags, the questions. The workspace's state, no Textual.

The workspace screen draws this state and calls its methods; every method that changes the
notebook has committed when it returns. Kept apart from the screen so that the rules of a meeting
(who has the floor, what a note is tagged with, what a finding is linked to) read in one place.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import NamedTuple

from workshop.catalogue import Question, Topic
from workshop.records import (
    INTERVENTION_KINDS,
    Finding,
    Intervention,
    QueueEntry,
    Session,
    Speaker,
)
from workshop.store import Notebook
from workshop.store.workspace_queries import (
    count_interventions,
    intervention_since,
    intervention_started,
    recent_interventions,
)
from workshop.tui.clock import Clock, parse_stamp, stamp


class MeetingError(Exception):
    """Something the rapporteur asked for cannot be done now; the message says why, in one line."""


class SpeakerChoice(NamedTuple):
    """A speaker picked or typed in the speaker form, and how they asked for the floor."""

    name: str
    category: str = "other"
    regional_group: str = ""
    delegation: str = ""
    kind: str = "statement"
    speaker_id: str | None = None  # set when picked from the notebook's own speakers
    gender: str = ""


class FindingForm(NamedTuple):
    """What the finding form collected."""

    kind: str
    title: str
    text: str = ""
    jurisdiction: str = ""
    evidence: str = ""
    question_ref: str = ""


class DraftNote(NamedTuple):
    """A copy of the note taken on the UI thread, for a worker thread to save."""

    session_id: str
    text: str
    speaker_id: str | None
    question_refs: tuple[str, ...]
    started_at: str
    generation: int
    sequence: int  # later copies have higher numbers: an older one is never written over a newer


class Turn:
    """The speaker who has the floor, since when, and the intervention saved so far (if any)."""

    def __init__(self, speaker: Speaker, started_at: datetime, entry: QueueEntry | None = None) -> None:
        self.speaker = speaker
        self.started_at = started_at
        self.entry = entry
        self.intervention: Intervention | None = None
        # Seconds of the turn when the app was not running (closed or crashed): not speaking time.
        self.paused = 0.0

    @property
    def kind(self) -> str:
        """What the intervention is: the kind the speaker asked the floor for."""
        kind = self.entry.kind if self.entry is not None else "statement"
        return kind if kind in INTERVENTION_KINDS else "statement"

    def seconds(self, now: datetime) -> float:
        """How long the speaker has held the floor with the app running."""
        return max(0.0, (now - self.started_at).total_seconds() - self.paused)


class Meeting:
    """The live state of one session in the workspace."""

    def __init__(self, notebook: Notebook, session: Session, topic: Topic, clock: Clock) -> None:
        self.notebook = notebook
        self.session = session
        self.topic = topic
        self.clock = clock
        self.speakers: dict[str, Speaker] = {}
        self.waiting: list[QueueEntry] = []
        self.states: dict[str, str] = {}
        self.refs: list[str] = []  # questions the note being typed is tagged with
        self.hand_tagged = False  # the rapporteur chose the tags: they no longer follow the chair
        self.turn: Turn | None = None
        self.last_intervention: Intervention | None = None
        self.deleted: list[Intervention | Finding] = []  # for undo, newest last
        self.removed: list[QueueEntry] = []  # speakers taken off the list, for undo, newest last
        # A draft written by a worker must never land after the note was committed: both hold
        # this lock, and a worker whose generation is stale drops its copy.
        self.draft_lock = threading.Lock()
        self.generation = 0
        self.draft_sequence = 0
        self.draft_written = 0
        self.restored_from = ""  # where load() found the note it put back: "draft", "intervention"

    # --- loading -------------------------------------------------------------------------------

    def load(self) -> str:
        """Read the session's state back; returns the unsaved note to put back in the editor."""
        notebook, session_id = self.notebook, self.session.id
        self.speakers = {s.id: s for s in notebook.rows(Speaker, include_deleted=True)}
        self.states = {ref: s.status for ref, s in notebook.question_states(session_id).items()}
        entries = notebook.queue(session_id)
        self.waiting = [e for e in entries if e.state == "waiting"]
        speaking = next((e for e in entries if e.state == "speaking"), None)
        draft = notebook.draft(session_id)
        self.refs = list(draft.question_refs) if draft else self._default_refs()
        saved: Intervention | None = None
        if speaking is not None and speaking.speaker_id in self.speakers:
            speaker_id = speaking.speaker_id
            started = parse_stamp(draft.started_at) if draft and draft.speaker_id == speaker_id else None
            if started is not None:
                # A note saved mid-turn and then drafted again continues the same intervention.
                saved = intervention_started(notebook, session_id, speaker_id, stamp(started))
            elif draft is None:
                # No draft: whatever was saved of this turn (Ctrl+S) since the floor was given is
                # where the note goes on from, its text and its tags, never written over.
                saved = intervention_since(notebook, session_id, speaker_id, speaking.updated_at)
                if saved is not None:
                    started = parse_stamp(saved.started_at)
                    self.refs = list(saved.question_refs) or self.refs
            started = started or parse_stamp(speaking.updated_at)
            self.turn = Turn(self.speakers[speaker_id], started or self.clock.now(), speaking)
        elif draft and draft.speaker_id in self.speakers:
            # The queue entry was ended but its note never committed: the turn comes back as it was.
            started = parse_stamp(draft.started_at) or self.clock.now()
            self.turn = Turn(self.speakers[draft.speaker_id], started)
            saved = intervention_started(notebook, session_id, draft.speaker_id, stamp(started))
        self.hand_tagged = self.refs != self._default_refs()
        if self.turn is not None:
            # The note (its draft, or what Ctrl+S saved) was last written while the app ran: from
            # then until now it did not, and that is no speaking time.
            last_seen = None
            if draft and draft.speaker_id == self.turn.speaker.id:
                last_seen = parse_stamp(draft.updated_at)
            elif saved is not None:
                last_seen = parse_stamp(saved.updated_at)
            if last_seen is not None:
                self.turn.paused = max(0.0, (self.clock.now() - last_seen).total_seconds())
        if self.turn is not None:
            self.turn.intervention = saved
        # last_intervention is read with the log's window (recent), just after the first frame:
        # finding the newest of thousands of interventions is a sort, kept out of start-up.
        if draft:
            self.restored_from = "draft"
            return draft.text
        if saved is not None:
            self.restored_from = "intervention"
            return saved.text
        return ""

    def recent(self, limit: int) -> tuple[list[Intervention], int]:
        """The newest interventions, newest first, and how many the session has in all.

        Only a window is read, so a session of thousands of interventions opens quickly.
        """
        found, total = self.read_recent(self.notebook, limit)
        self.heard(found)
        return found, total

    def read_recent(self, notebook: Notebook, limit: int) -> tuple[list[Intervention], int]:
        """What `recent` reads, through `notebook` (a worker's connection) and changing nothing."""
        session_id = self.session.id
        return (recent_interventions(notebook, session_id, limit),
                count_interventions(notebook, session_id))

    def heard(self, newest_first: list[Intervention]) -> None:
        """Take the newest of interventions read by `read_recent` as the last one heard."""
        self.last_intervention = newest_first[0] if newest_first else None

    def findings(self, notebook: Notebook | None = None) -> list[Finding]:
        """The session's findings in the rapporteur's order (through `notebook` if given)."""
        return (notebook or self.notebook).findings(self.session.id)

    def _reload_queue(self) -> None:
        self.waiting = [e for e in self.notebook.queue(self.session.id) if e.state == "waiting"]

    # --- questions -----------------------------------------------------------------------------

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.topic.questions

    @property
    def current_ref(self) -> str | None:
        """The question under discussion, if the rapporteur has set one."""
        return next((q.ref for q in self.questions if self.states.get(q.ref) == "current"), None)

    def status(self, ref: str) -> str:
        return self.states.get(ref, "pending")

    def set_status(self, ref: str, status: str) -> None:
        """Change a question's status; a new current question ends the discussion of the old one."""
        if status == "current":
            for other, other_status in list(self.states.items()):
                if other_status == "current" and other != ref:
                    self._write_status(other, "discussed")
            if not self.hand_tagged and self.note_kind != "point of order":
                self.refs = [ref]  # the note follows the chair to the new question
        self._write_status(ref, status)

    def _write_status(self, ref: str, status: str) -> None:
        self.notebook.set_question_state(self.session.id, ref, status=status)
        self.states[ref] = status

    def step_question(self, offset: int) -> str | None:
        """Make the next (offset 1) or previous (offset -1) question current; returns its ref."""
        refs = [q.ref for q in self.questions]
        current = self.current_ref
        index = (refs.index(current) + offset) if current else (0 if offset > 0 else len(refs) - 1)
        if not 0 <= index < len(refs):
            return None
        self.set_status(refs[index], "current")
        if offset < 0 and current:
            self._write_status(current, "pending")
        return refs[index]

    def toggle_ref(self, ref: str) -> bool:
        """Tag the note with a question, or untag it; returns True when it is now tagged."""
        self.hand_tagged = True
        if ref in self.refs:
            self.refs.remove(ref)
            return False
        self.refs.append(ref)
        return True

    def set_refs(self, refs: tuple[str, ...]) -> None:
        """Tag the note with exactly these questions (chosen by hand), in the programme's order."""
        self.hand_tagged = True
        self.refs = [q.ref for q in self.questions if q.ref in refs]

    @property
    def note_kind(self) -> str:
        """What the note being typed will be saved as (a statement, a reply, a point of order)."""
        return self.turn.kind if self.turn is not None else "statement"

    def _default_refs(self) -> list[str]:
        current = self.current_ref
        return [current] if current else []

    def _fresh_note(self) -> None:
        """A new note: tagged with the current question, following the chair again."""
        self.refs = self._default_refs()
        self.hand_tagged = False

    # --- the list of speakers ----------------------------------------------------------------

    def add_to_queue(self, choice: SpeakerChoice) -> QueueEntry:
        """Put a speaker on the list, adding them to the notebook if they are new."""
        speaker = self._speaker_for(choice)
        entry = self.notebook.enqueue(self.session.id, speaker.id, choice.kind)
        self._reload_queue()
        return entry

    def _speaker_for(self, choice: SpeakerChoice) -> Speaker:
        speaker = self.speakers.get(choice.speaker_id or "") or self.notebook.speaker_named(choice.name)
        if speaker is None:
            speaker = self.notebook.add_speaker(
                choice.name, delegation=choice.delegation, category=choice.category,
                regional_group=choice.regional_group, gender=choice.gender,
            )
        elif (speaker.category, speaker.regional_group, speaker.delegation, speaker.gender) != (
            choice.category, choice.regional_group, choice.delegation, choice.gender
        ):
            speaker = self.notebook.update(
                speaker, category=choice.category, regional_group=choice.regional_group,
                delegation=choice.delegation, gender=choice.gender,
            )
        self.speakers[speaker.id] = speaker
        return speaker

    def move(self, entry_id: str, offset: int) -> None:
        """Move a waiting speaker up (negative) or down the list."""
        entry = next((e for e in self.waiting if e.id == entry_id), None)
        if entry is not None:
            self.notebook.move_entry(entry, offset)
            self._reload_queue()

    def remove(self, entry_id: str) -> QueueEntry | None:
        """Take a waiting speaker off the list."""
        entry = next((e for e in self.waiting if e.id == entry_id), None)
        if entry is not None:
            self.notebook.update(entry, state="removed")
            self.removed.append(entry)
            self._reload_queue()
        return entry

    def restore_removed(self) -> QueueEntry | None:
        """Put the speaker last taken off the list back in their place."""
        if not self.removed:
            return None
        entry = self.notebook.update(self.removed.pop(), state="waiting")
        self._reload_queue()
        return entry

    # --- the floor and the note --------------------------------------------------------------

    def elapsed(self) -> float:
        """Seconds the current speaker has had the floor (0 when nobody has it)."""
        if self.turn is None:
            return 0.0
        return self.turn.seconds(self.clock.now())

    def give_floor(self, note: str, entry_id: str | None = None) -> Intervention | None:
        """End the current turn (committing the note) and give the floor to the next speaker.

        Returns the intervention committed for the speaker who had the floor, if there was one.
        """
        target = next((e for e in self.waiting if e.id == entry_id), None) if entry_id else None
        if target is None:
            if entry_id is not None or not self.waiting:
                raise MeetingError("No one is waiting for the floor: add a speaker first (F2)")
            target = self.waiting[0]
        committed = self.end_turn(note) if self.turn is not None else None
        entry = self.notebook.update(target, state="speaking")
        self.turn = Turn(self.speakers[entry.speaker_id], self.clock.now(), entry)
        if committed is not None:
            self._fresh_note()
        elif self.current_ref and self.current_ref not in self.refs and not self.hand_tagged:
            self.refs.append(self.current_ref)
        self._reload_queue()
        return committed

    def end_turn(self, note: str) -> Intervention:
        """The speaker has finished: commit their intervention and free the floor."""
        turn = self.turn
        if turn is None:
            raise MeetingError("Nobody has the floor: give it to the next speaker first (F4)")
        intervention = self._commit(note)
        if turn.entry is not None:
            self.notebook.update(turn.entry, state="done")
        self.turn = None
        self._fresh_note()
        self._reload_queue()
        return intervention

    def save_note(self, note: str) -> Intervention:
        """Commit the note now as the current speaker's intervention; their turn goes on."""
        if self.turn is None:
            raise MeetingError("Nobody has the floor, so the note stays a draft: give the floor first (F4)")
        return self._commit(note)

    def save_without_floor(self, note: str, kind: str, choice: SpeakerChoice) -> Intervention:
        """Commit a note taken with nobody on the floor: an introductory statement or a presentation.

        An introductory statement opens the meeting and answers no question; a presentation keeps
        the note's tags. Its time runs from the note's first draft to now.
        """
        if self.turn is not None:
            raise MeetingError("Someone has the floor: Ctrl+S saves the note as their intervention")
        if not note.strip():
            raise MeetingError("The note is empty: type what was said, then Ctrl+S")
        if kind not in INTERVENTION_KINDS:
            raise MeetingError(f"Unknown kind of intervention: {kind}")
        # A speaker the notebook knows keeps the category the rapporteur gave them.
        known = self.speakers.get(choice.speaker_id or "") or self.notebook.speaker_named(choice.name)
        speaker = known or self._speaker_for(choice)
        self.speakers[speaker.id] = speaker
        refs = () if kind == "introductory statement" else tuple(self.refs)
        # The intervention and the draft's end are one transaction: a crash between them would
        # offer back, as unsaved, a note already saved.
        with self.draft_lock, self.notebook.together():
            self.generation += 1
            ended = self.clock.now()
            draft = self.notebook.draft(self.session.id)
            started = (parse_stamp(draft.created_at) if draft else None) or ended
            started = min(started, ended)
            intervention = self.notebook.record_intervention(
                self.session.id, speaker.id, note, question_refs=refs, started_at=stamp(started),
                ended_at=stamp(ended), seconds=round((ended - started).total_seconds()), kind=kind,
            )
            self.last_intervention = intervention
            self.notebook.clear_draft(self.session.id)
        self._fresh_note()
        return intervention

    def _commit(self, note: str) -> Intervention:
        turn = self.turn
        assert turn is not None
        # The intervention and the draft's end are one transaction: a crash between them would
        # offer back, as unsaved, a note already saved.
        with self.draft_lock, self.notebook.together():
            self.generation += 1
            ended = self.clock.now()
            seconds = round(turn.seconds(ended))
            # A point of order is procedural: it answers no question.
            refs = () if turn.kind == "point of order" else tuple(self.refs)
            if turn.intervention is not None:
                intervention = self.notebook.update(
                    turn.intervention, text=note, question_refs=refs,
                    ended_at=stamp(ended), seconds=seconds, kind=turn.kind,
                )
            else:
                intervention = self.notebook.record_intervention(
                    self.session.id, turn.speaker.id, note, question_refs=refs,
                    started_at=stamp(turn.started_at), ended_at=stamp(ended), seconds=seconds,
                    kind=turn.kind,
                )
            turn.intervention = intervention
            self.last_intervention = intervention
            self.notebook.clear_draft(self.session.id)
        return intervention

    def draft_note(self, note: str) -> DraftNote:
        """A copy of the note for the draft saver (taken on the UI thread, cheap)."""
        turn = self.turn
        self.draft_sequence += 1
        return DraftNote(
            session_id=self.session.id, text=note,
            speaker_id=turn.speaker.id if turn else None, question_refs=tuple(self.refs),
            started_at=stamp(turn.started_at) if turn else "", generation=self.generation,
            sequence=self.draft_sequence,
        )

    def write_draft(self, draft: DraftNote, notebook: Notebook) -> bool:
        """Save a draft (through a worker's own connection); False if it is out of date.

        Out of date: the note was committed since the copy was taken, or a newer copy was saved.
        """
        with self.draft_lock:
            if draft.generation != self.generation or draft.sequence <= self.draft_written:
                return False
            notebook.save_draft(
                draft.session_id, draft.text, speaker_id=draft.speaker_id,
                question_refs=draft.question_refs, started_at=draft.started_at,
            )
            self.draft_written = draft.sequence
            return True

    # --- findings, edits, undo ----------------------------------------------------------------

    def add_finding(self, form: FindingForm, note: str) -> Finding:
        """Record a finding linked to its question and to the intervention being heard.

        While a speaker has the floor their note is committed first, so the finding can point at it.
        """
        intervention = self._commit(note) if self.turn is not None else self.last_intervention
        return self.notebook.add_finding(
            self.session.id, form.kind, form.title, text=form.text, jurisdiction=form.jurisdiction,
            evidence=form.evidence if form.kind == "good practice" else "",
            question_ref=form.question_ref, intervention_id=intervention.id if intervention else None,
        )

    def update_finding(self, finding: Finding, form: FindingForm) -> Finding:
        return self.notebook.update(
            finding, kind=form.kind, title=form.title, text=form.text,
            jurisdiction=form.jurisdiction,
            evidence=form.evidence if form.kind == "good practice" else "",
            question_ref=form.question_ref,
        )

    def update_intervention(
        self, intervention: Intervention, text: str, refs: tuple[str, ...],
        speaker_id: str | None = None, seconds: int | None = None,
    ) -> Intervention:
        """Save an edit from the log: text, questions, and a corrected speaker or speaking time."""
        changes: dict[str, object] = {"text": text, "question_refs": refs}
        if speaker_id is not None and speaker_id in self.speakers:
            changes["speaker_id"] = speaker_id
        if seconds is not None:
            changes["seconds"] = max(0, int(seconds))
        updated = self.notebook.update(intervention, **changes)
        if self.turn is not None and self.turn.intervention and self.turn.intervention.id == updated.id:
            self.turn.intervention = updated
        return updated

    def delete(self, record: Intervention | Finding) -> Intervention | Finding:
        """Soft-delete an intervention or finding; `undo` brings it back."""
        deleted = self.notebook.delete(record)
        self.deleted.append(deleted)
        if self.turn is not None and self.turn.intervention and self.turn.intervention.id == record.id:
            self.turn.intervention = None
        if self.last_intervention is not None and self.last_intervention.id == record.id:
            self.last_intervention = None
        return deleted

    def undo(self) -> Intervention | Finding | None:
        """Bring back the last thing deleted in this workspace."""
        if not self.deleted:
            return None
        return self.notebook.undelete(self.deleted.pop())
