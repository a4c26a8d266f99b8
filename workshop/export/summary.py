"""The rapporteur's notes as Markdown (`--form notes`): pure functions from session records to text.

The rapporteur's and the co-rapporteur's own layout, not the UN document (that is report.py):
seven sections, always in this order and always present: title, proceedings, summary of
deliberations (questions quoted), good practices (with jurisdiction and evidence), challenges and
gaps, conclusions and recommendations, and the annex (speakers with their speaking times). The
notes attribute views by default; `attributed=False` leaves the names to the annex.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date as Date

from workshop.catalogue import Question, Topic
from workshop.export import markdown as md
from workshop.export.floor import FloorTally, first_turns
from workshop.export.naming import PRESIDING, Party, parties, person, subject
from workshop.export.words import sentence
from workshop.records import (
    CATEGORY_HEADINGS,
    SPEAKER_CATEGORIES,
    Finding,
    KeyPoint,
    SessionRecord,
)
from workshop.review.statistics import category_of, number_word, series, statement_line

DISCUSSION_GUIDE = (
    "Discussion guide for the Thirteenth United Nations Congress on Crime Prevention and "
    "Criminal Justice (A/CONF.222/PM.1)"
)
SECTION_HEADINGS = (
    "Proceedings",
    "Summary of deliberations",
    "Good practices",
    "Challenges and gaps",
    "Conclusions and recommendations",
    "Annex. List of speakers",
)
GENERAL_DISCUSSION = "General discussion"
CONCLUSIONS = "Conclusions"
RECOMMENDATIONS = "Recommendations"

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
_PERSONS = {"expert/panellist"}  # named by their own name: they speak for no delegation


# --- small words ------------------------------------------------------------------------------


def meeting_date(text: str) -> str:
    """An ISO date as "15 April 2015"; anything else as the user wrote it (escaped)."""
    try:
        day = Date.fromisoformat(text.strip())
    except ValueError:
        return md.inline(text)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def speaking_time(seconds: int) -> str:
    """A duration as "1 h 05 min", "4 min 30 s" or "45 s"."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def question_label(topic: Topic, ref: str) -> str:
    """How a finding names its question: "question (c)", or the reference as recorded."""
    question = topic.question(ref)
    return f"question ({question.letter})" if question else md.inline(ref)


# --- 1. title ---------------------------------------------------------------------------------


def title_section(topic: Topic, records: Sequence[SessionRecord], attributed: bool) -> str:
    """The workshop's number and title, and whether the summary is a draft or final."""
    final = bool(records) and all(r.session.status == "final" for r in records)
    parts = [
        f"# {topic.label}. {md.inline(topic.title)}",
        f"Rapporteur's notes ({'final' if final else 'draft'})",
    ]
    if attributed:
        parts.append("Internal note: these notes attribute views to delegations; they are not for publication.")
    return "\n\n".join(parts)


# --- 2. proceedings ---------------------------------------------------------------------------


def proceedings_section(topic: Topic, records: Sequence[SessionRecord], statistics_line: str) -> str:
    """Meetings with dates and venue, who chaired and reported, documents, who spoke."""
    parts = [f"## {SECTION_HEADINGS[0]}"]
    if records:
        plural = "meetings" if len(records) > 1 else "meeting"
        verb = "was held" if topic.kind == "workshop" else "was considered"
        parts.append(f"{topic.label} {verb} at the following {plural}:")
        parts.append("\n".join(meeting_item(r) for r in records))
    else:
        parts.append("No meetings were recorded.")
    parts.append("Participants had before them the following document:")
    parts.append(f"- {DISCUSSION_GUIDE}.")
    parts.append(md.block(statistics_line) or "No statements were recorded.")
    return "\n\n".join(parts)


def meeting_item(record: SessionRecord) -> str:
    """One meeting as a list item: label, date and venue, then its officers."""
    session = record.session
    where = [md.line(session.meeting) or "Meeting"]
    if session.date.strip():
        where.append(meeting_date(session.date))
    if session.venue.strip():
        where.append(md.inline(session.venue))
    lines = ["- " + ", ".join(where)]
    panellists = "; ".join(" ".join(p.split()) for p in session.panellists.split("\n") if p.strip())
    for label, value in (
        ("Chair/moderator", session.chair), ("Rapporteur", session.rapporteur), ("Panellists", panellists),
    ):
        if value.strip():
            lines.append(f"  - {label}: {md.inline(value)}")
    return "\n".join(lines)


# --- 3. summary of deliberations --------------------------------------------------------------


@dataclass
class QuestionNotes:
    """What was recorded on one question across the summarized sessions."""

    key_points: list[KeyPoint]
    syntheses: list[str]


def notes_by_question(records: Sequence[SessionRecord]) -> dict[str, QuestionNotes]:
    """Key points and syntheses merged by question reference, in session then rapporteur's order."""
    notes: dict[str, QuestionNotes] = {}
    for record in records:
        for point in sorted(record.key_points, key=lambda p: p.position):
            if not point.deleted and point.predicate.strip():
                notes.setdefault(point.question_ref, QuestionNotes([], [])).key_points.append(point)
        for state in record.question_states:
            if not state.deleted and state.synthesis.strip():
                notes.setdefault(state.ref, QuestionNotes([], [])).syntheses.append(state.synthesis)
    return notes


def deliberations_section(topic: Topic, records: Sequence[SessionRecord], floor: FloorTally,
                          attributed: bool) -> Iterator[str]:
    """Per question, in catalogue order: key points, then the rapporteur's synthesis (its blocks, in order)."""
    parts = deliberations_parts(topic, records, floor, attributed)
    return (p for p in parts if p)


def deliberations_parts(topic: Topic, records: Sequence[SessionRecord], floor: FloorTally,
                        attributed: bool) -> Iterator[str]:
    """The section's heading and blocks, an empty one where nothing is to be said."""
    yield f"## {SECTION_HEADINGS[1]}"
    notes = notes_by_question(records)
    known = {q.ref for q in topic.questions}
    general = [n for ref, n in notes.items() if ref not in known]
    if general:
        merged = QuestionNotes([p for n in general for p in n.key_points], [s for n in general for s in n.syntheses])
        yield f"### {GENERAL_DISCUSSION}"
        yield from question_body(merged, floor, attributed)
    group = None
    for question in topic.questions:
        if question.ref not in notes:
            continue
        if question.group and question.group != group:
            group = question.group
            yield f"### {md.inline(group)}"
        yield from question_heading(question)
        yield from question_body(notes[question.ref], floor, attributed)
    yield not_discussed(topic, notes, floor)


def question_heading(question: Question) -> list[str]:
    """The question's heading and its wording from the discussion guide."""
    level = "####" if question.group else "###"
    return [f"{level} {question.label}", f"*{md.inline(question.statement)}*"]


def question_body(notes: QuestionNotes, floor: FloorTally, attributed: bool) -> list[str]:
    """Key points as a list, then the synthesis paragraphs."""
    parts = []
    if notes.key_points:
        parts.append("\n".join(key_point_item(p, floor, attributed) for p in notes.key_points))
    parts.extend(md.block(s) for s in notes.syntheses)
    return parts


def key_point_item(point: KeyPoint, floor: FloorTally, attributed: bool) -> str:
    """ "- Several speakers stressed the need for ..." """
    speaker_ids = floor.speakers_behind(point)
    subject = attributed_subject(speaker_ids, floor) if attributed else ""
    subject = subject or counted_subject(len(speaker_ids))
    return md.list_item("-", subject, sentence(point.predicate))


def counted_subject(distinct_speakers: int) -> str:
    """The subject of a key point from the number of distinct speakers behind it."""
    if distinct_speakers == 0:
        return "Participants"
    if distinct_speakers <= 2:
        return ("One speaker", "Two speakers")[distinct_speakers - 1]
    return "Several speakers" if distinct_speakers <= 5 else "Many speakers"


def attributed_subject(speaker_ids: Sequence[str], floor: FloorTally) -> str:
    """ "The representatives of Brazil and the Netherlands and the panellist X" ("" if nobody known)."""
    speakers = [floor.speakers[s] for s in speaker_ids if s in floor.speakers]
    # The notes are the rapporteur's own: the Chair is named by name, not by office.
    found = [Party("", person(s), s.id) if s.category == PRESIDING else parties([s])[0] for s in speakers]
    return md.inline(subject(list({(p.role, p.key): p for p in found}.values()))) if speakers else ""


def not_discussed(topic: Topic, notes: dict[str, QuestionNotes], floor: FloorTally) -> str:
    """The closing lines: questions with interventions but no key point yet, and those nobody spoke on.

    A question on which anything was said is never called undiscussed.
    """
    spoken = floor.question_refs
    if not notes and not spoken:
        return "No deliberations were recorded."
    lines = []
    pending = [f"({q.letter})" for q in topic.questions if q.ref not in notes and q.ref in spoken]
    if pending:
        noun = "questions" if len(pending) > 1 else "question"
        lines.append(f"Interventions on {noun} {series(pending)} are not yet reflected in a key point.")
    silent = [f"({q.letter})" for q in topic.questions if q.ref not in notes and q.ref not in spoken]
    if silent:
        noun = "questions" if len(silent) > 1 else "question"
        lines.append(f"No interventions were recorded on {noun} {series(silent)}.")
    return "\n\n".join(lines)


# --- 4 to 6. findings -------------------------------------------------------------------------


def findings_of(records: Sequence[SessionRecord], kind: str) -> list[Finding]:
    """Findings of one kind, session by session, in the rapporteur's order."""
    return [
        f for r in records for f in sorted(r.findings, key=lambda f: f.position)
        if f.kind == kind and not f.deleted and (f.title.strip() or f.text.strip())
    ]


def finding_item(marker: str, finding: Finding, details: list[str]) -> str:
    """ "1. **Title** (details). Text", with the text's later paragraphs indented under it."""
    lead = md.strong(finding.title)
    if details:
        lead = f"{lead} ({'; '.join(details)})".lstrip()
    if details or (lead and finding.text.strip()):
        lead += "."
    return md.list_item(marker, lead, finding.text)


def practices_section(topic: Topic, practices: list[Finding]) -> str:
    """Good practices with their jurisdiction, evidence level and question."""
    parts = [f"## {SECTION_HEADINGS[2]}"]
    items = []
    for n, practice in enumerate(practices, 1):
        details = [md.inline(practice.jurisdiction)] if practice.jurisdiction.strip() else []
        if practice.evidence.strip():
            details.append(f"evidence: {md.inline(practice.evidence)}")
        if practice.question_ref.strip():
            details.append(question_label(topic, practice.question_ref))
        items.append(finding_item(f"{n}.", practice, details))
    parts.append("\n".join(items) if items else "No good practices were recorded.")
    return "\n\n".join(parts)


def numbered_findings(topic: Topic, findings: list[Finding]) -> str:
    """Findings as a numbered list, each with the question it arose under ("" when none)."""
    return "\n".join(
        finding_item(f"{n}.", f, [question_label(topic, f.question_ref)] if f.question_ref.strip() else [])
        for n, f in enumerate(findings, 1)
    )


def challenges_section(topic: Topic, challenges: list[Finding]) -> str:
    """Challenges and gaps, with the question they arose under."""
    listed = numbered_findings(topic, challenges) or "No challenges or gaps were recorded."
    return f"## {SECTION_HEADINGS[3]}\n\n{listed}"


def conclusions_section(topic: Topic, lessons: list[Finding], recommendations: list[Finding]) -> str:
    """Conclusions (the lessons learned) apart from the numbered recommendations.

    Lessons learned are what the workshop concluded from experience, so they are the section's
    "conclusions"; they keep their own list so that recommendation numbers, which delegations
    cite ("recommendation 3"), count recommendations only.
    """
    return "\n\n".join([
        f"## {SECTION_HEADINGS[4]}",
        f"### {CONCLUSIONS}",
        numbered_findings(topic, lessons) or "No lessons learned were recorded.",
        f"### {RECOMMENDATIONS}",
        numbered_findings(topic, recommendations) or "No recommendations were recorded.",
    ])


# --- 7. annex ---------------------------------------------------------------------------------


def annex_section(floor: FloorTally) -> str:
    """The list of speakers by category, with their interventions and speaking time."""
    parts = [f"## {SECTION_HEADINGS[5]}"]
    turns, seconds = floor.by_speaker()
    if not turns:
        parts.append("No interventions were recorded.")
        return "\n\n".join(parts)
    people = len(turns)
    parts.append(
        f"In all, {number_word(sum(turns.values()))} "
        f"{'intervention was' if sum(turns.values()) == 1 else 'interventions were'} made by "
        f"{number_word(people)} {'speaker' if people == 1 else 'speakers'}, for a total speaking time "
        f"of {speaking_time(sum(seconds.values()))}."
    )
    by_category: dict[str, list[tuple[str, str, str]]] = {}
    for speaker_id in turns:
        speaker = floor.speakers.get(speaker_id)
        name = speaker.name if speaker else "Unidentified speaker"
        delegation = speaker.delegation if speaker else ""
        by_category.setdefault(category_of(speaker), []).append((delegation, name, speaker_id))
    for category in SPEAKER_CATEGORIES:
        if category not in by_category:
            continue
        listed = sorted(by_category[category], key=lambda row: (row[0].casefold(), row[1].casefold(), row[2]))
        rows = [(name, delegation, str(turns[sid]), speaking_time(seconds[sid])) for delegation, name, sid in listed]
        parts.append(f"### {CATEGORY_HEADINGS[category]}")
        parts.append(md.table(
            ("Speaker", "Delegation", "Interventions", "Speaking time"), ("---", "---", "---:", "---:"), rows,
        ))
    return "\n\n".join(parts)


# --- the whole summary ------------------------------------------------------------------------


def notes_parts(
    topic: Topic, records: Sequence[SessionRecord], floor: FloorTally, *, attributed: bool = False,
    statistics_line: str | None = None,
) -> Iterator[str]:
    """The notes' blocks in order: joined by blank lines, they are the document."""
    yield title_section(topic, records, attributed)
    yield proceedings_section(topic, records, statement_line(first_turns(floor)) if statistics_line is None
                              else statistics_line)
    yield from deliberations_section(topic, records, floor, attributed)
    yield practices_section(topic, findings_of(records, "good practice"))
    yield challenges_section(topic, findings_of(records, "challenge"))
    yield conclusions_section(topic, findings_of(records, "lesson learned"), findings_of(records, "recommendation"))
    yield annex_section(floor)


def render_summary(
    topic: Topic, records: Sequence[SessionRecord], *, attributed: bool = False,
    statistics_line: str | None = None,
) -> str:
    """The rapporteur's notes on some sessions of one topic, as Markdown."""
    parts = notes_parts(topic, records, FloorTally.of(records), attributed=attributed, statistics_line=statistics_line)
    return "\n\n".join(parts) + "\n"
