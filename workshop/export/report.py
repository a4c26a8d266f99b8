"""The report: the workshop's summary in the form the Congress uses for it (an addendum to the report
of the body that held it, such as A/CONF.222/L.3/Add.1), as Markdown. See docs/report-form.md.

Under its agenda item and title come the proceedings (meetings, institutes, documents, moderator,
introductory statements, presentations, who made statements), the summary of deliberations
(reported speech, views not attributed unless asked, in the order of the guide's questions without
quoting them) and the conclusions and recommendations. Every paragraph is numbered across the
whole document; the annex lists the documents and, if asked, the speakers by delegation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from workshop.catalogue import Topic, load_catalogue
from workshop.catalogue.congress import default_documents, workshop_facts
from workshop.catalogue.delegations import fold
from workshop.export import markdown as md
from workshop.export.floor import FloorTally
from workshop.export.meetings import meeting_numbers, on_dates, parse_date, parse_meeting
from workshop.export.naming import (
    OBSERVERS, PERSONS, PRESIDING, UN_SYSTEM, Party, category, delegation_of, listed_name, parties,
    phrase, subject,
)
from workshop.export.numbering import Numbering
from workshop.export.summary import counted_subject
from workshop.export.words import capitalized, lower_first, sentence, series, without_honorific
from workshop.records import CATEGORY_HEADINGS, SPEAKER_CATEGORIES, Finding, KeyPoint, SessionRecord, Speaker

NETWORK = "United Nations crime prevention and criminal justice programme network"
SECTIONS = ("Proceedings", "Summary of deliberations", "Conclusions and recommendations")
DOCUMENTS_ANNEX = "Documents before the {}"  # the workshop, or the Congress for an agenda item
SPEAKERS_ANNEX = "List of speakers"
STATEMENT_KINDS = ("statement", "reply")


def heard(floor: FloorTally, *kinds: str) -> list[Speaker]:
    """Distinct speakers of interventions of these kinds, in the order they first spoke."""
    return [floor.speakers.get(sid) or Speaker(id=sid, name="an unidentified speaker") for sid in floor.who(*kinds)]


def speakers_behind(floor: FloorTally, point: KeyPoint) -> list[Speaker]:
    """The known speakers behind a key point, in speaking order."""
    return [floor.speakers[sid] for sid in floor.speakers_behind(point) if sid in floor.speakers]


# --- heading --------------------------------------------------------------------------------------


def bodies(records: Sequence[SessionRecord]) -> list[str]:
    """The distinct bodies that held the sessions ("Committee I"), in order."""
    return list(dict.fromkeys(" ".join(r.session.body.split()) for r in records if r.session.body.strip()))


def heading(topic: Topic, records: Sequence[SessionRecord], attributed: bool) -> str:
    """Agenda item, title, and whose report it is (draft until every meeting is final)."""
    parts = []
    facts = workshop_facts(topic.key)
    if topic.kind == "workshop":
        if facts and facts.agenda_item and facts.agenda_item_verified:
            parts.append(f"Agenda item {facts.agenda_item}")
            item = load_catalogue().topic(f"A{facts.agenda_item}")
            if item:
                parts.append(md.line(item.title))
        parts.append(f"# Workshop on {md.inline(lower_first(topic.title))}")
        body = series(bodies(records))
        whose = f"Report of {md.inline(body)}: workshop {topic.number}" if body else f"Report on workshop {topic.number}"
    else:
        parts.append(f"Agenda item {topic.number}")
        parts.append(f"# {md.inline(topic.title)}")
        body = series(bodies(records))
        whose = f"Report of {md.inline(body)}" if body else f"Report on agenda item {topic.number}"
    final = bool(records) and all(r.session.status == "final" for r in records)
    parts.append(whose if final else f"{whose} (draft)")
    if attributed:
        parts.append("Internal note: this version attributes views to delegations; it is not for publication.")
    return "\n\n".join(parts)


# --- proceedings ----------------------------------------------------------------------------------


def when(records: Sequence[SessionRecord]) -> tuple[list[int], list]:
    """The body's meeting numbers and the dates the sessions met on."""
    numbers, dates = [], []
    for record in records:
        meetings = [m for m in (parse_meeting(t) for t in record.session.meetings) if m]
        if meetings:
            numbers += [m.number for m in meetings]
            dates += [m.date for m in meetings]
        elif (day := parse_date(record.session.date)) is not None:
            dates.append(day)
    return numbers, dates


def held(topic: Topic, records: Sequence[SessionRecord]) -> str:
    """ "At its 4th to 6th meetings, on 15 and 16 April 2015, Committee I held the workshop on ..."."""
    what = (f"the workshop on {lower_first(topic.title)}" if topic.kind == "workshop"
            else f'agenda item {topic.number}, entitled "{topic.title}"')
    verb = "held" if topic.kind == "workshop" else "considered"
    numbers, dates = when(records)
    body = series(bodies(records))
    days = on_dates(dates)
    if body:
        plenary = body.casefold() == "plenary"
        actor = "the Congress" if plenary else body
        if numbers:
            meetings = meeting_numbers(numbers, "plenary meeting" if plenary else "meeting")
            opening = f"At its {meetings}{', ' + days if days else ''}, "
            return md.inline(f"{opening}{actor} {verb} {what}.")
        if days:
            return md.inline(capitalized(f"{days}, {actor} {verb} {what}."))
        return md.inline(capitalized(f"{actor} {verb} {what}."))
    passive = "was held" if topic.kind == "workshop" else "was considered"
    return md.inline(capitalized(f"{what} {passive}{' ' + days if days else ''}."))


def institutes(records: Sequence[SessionRecord]) -> str:
    """The sentence naming the programme-network institutes that assisted ("" when none is given)."""
    names = list(dict.fromkeys(
        listed_name(" ".join(n.split())) for r in records for n in r.session.institutes if n.strip()
    ))
    if not names:
        return ""
    noun = "institutes" if len(names) > 1 else "institute"
    return md.inline(f"The following {noun} of the {NETWORK} assisted in the preparation and organization "
                     f"of the workshop: {series(names)}.")


def documents(topic: Topic, records: Sequence[SessionRecord]) -> list[str]:
    """The documents before the workshop: the sessions' own, else the catalogue's defaults."""
    given = [" ".join(d.split()) for r in records for d in r.session.documents if d.strip()]
    return list(dict.fromkeys(given or default_documents(topic.key)))


def moderation(records: Sequence[SessionRecord]) -> str:
    """ "The workshop was moderated by Jay Albanese, Professor ..." ("" when nobody is named)."""
    people = []
    for r in records:
        name = without_honorific(" ".join((r.session.moderator or r.session.chair).split()))
        if name:
            function = " ".join(r.session.moderator_function.split())
            people.append(f"{name}, {function}" if function else name)
    people = list(dict.fromkeys(people))
    if not people:
        return ""
    return md.inline(f"The workshop was moderated by {'; and '.join(people) if len(people) > 1 else people[0]}.")


def chair_of(records: Sequence[SessionRecord]) -> str:
    """How the presiding officer is named: "the Chair of Committee I", or "the Chair"."""
    body = series(bodies(records))
    return f"the Chair of {body}" if body.startswith("Committee") else "the Chair"


def introductions(floor: FloorTally, records: Sequence[SessionRecord]) -> str:
    """Who made introductory statements: the Chair, a representative of the Secretariat, others."""
    speakers = heard(floor, "introductory statement")
    if not speakers:
        return ""
    pieces: list[str] = []
    others: list[Party] = []
    for speaker in speakers:
        kind = category(speaker)
        if kind == PRESIDING:
            pieces.append(chair_of(records))
        elif kind == "United Nations Secretariat":
            pieces.append("a representative of the Secretariat")
        else:
            others += parties([speaker])
    pieces = list(dict.fromkeys(pieces))
    if others:
        pieces.append(phrase(others))
    many = len(pieces) > 1 or len(speakers) > 1
    lead = "Introductory statements were made by" if many else "An introductory statement was made by"
    return md.inline(f"{lead} {series(pieces)}.")


def presentations(floor: FloorTally) -> str:
    """Who made presentations: the panellists by name, without honorific, and others."""
    found = parties(heard(floor, "presentation"))
    if not found:
        return ""
    lead = "Presentations were made by" if len(found) > 1 else "A presentation was made by"
    return md.inline(f"{lead} {phrase(found)}.")


def statements(floor: FloorTally) -> str:
    """ "Statements were made by the representatives of" the States, then the observers, then the
    United Nations system, then other participants by name."""
    presented = {s.id for s in heard(floor, "presentation")}
    speakers = [s for s in heard(floor, *STATEMENT_KINDS) if category(s) != PRESIDING]
    states = [s for s in speakers if category(s) == "Member State"]
    observer_states = [s for s in speakers if category(s) == "observer State"]
    observers = [s for s in speakers if category(s) in OBSERVERS and category(s) != "observer State"]
    # The Secretariat serves the Congress: it is "a representative of the Secretariat", never a
    # delegation among the United Nations system's.
    secretariat = [s for s in speakers if category(s) == "United Nations Secretariat"]
    system = [s for s in speakers if category(s) in UN_SYSTEM and s not in secretariat]
    persons = [s for s in speakers if category(s) in PERSONS and s.id not in presented]

    def ordered(group: list[Speaker]) -> list[Party]:
        return sorted(parties(group), key=lambda p: p.key)

    sentences: list[str] = []

    def made(found: list[Party], text: str) -> None:
        also = " also" if sentences else ""
        lead = f"Statements were{also} made by" if len(found) > 1 else f"A statement was{also} made by"
        sentences.append(f"{lead} {text}.")

    if states:
        found = ordered(states)
        made(found, phrase(found))
    observing = [*ordered(observer_states)]
    for kind in ("intergovernmental organization", "institute", "non-governmental organization"):
        observing += ordered([s for s in observers if category(s) == kind])
    if observing:
        # Observer States are named one by one ("the observer for the Holy See"), organizations together.
        pieces = [f"the observer for {p.text}" for p in observing if p.key in {fold(listed_name(delegation_of(s)))
                  for s in observer_states}]
        rest = [p for p in observing if f"the observer for {p.text}" not in pieces]
        if rest:
            pieces.append(phrase(rest))
        made(observing, series(pieces))
    if system:
        found = ordered(system)
        names = series([p.text for p in found])
        if len(found) > 1:
            made(found, f"the representatives of the following entities of the United Nations system: {names}")
        else:
            made(found, f"the representative of {names}")
    if secretariat:
        found = parties(secretariat)
        made(found, "representatives of the Secretariat" if len(found) > 1 else "a representative of the Secretariat")
    if persons:
        found = parties(persons)
        made(found, series([p.text for p in found]))
    return md.inline(" ".join(sentences))


def proceedings(topic: Topic, records: Sequence[SessionRecord], floor: FloorTally, numbering: Numbering) -> list[str]:
    """The proceedings section: meetings, institutes and documents; moderator, introductions and
    presentations; statements."""
    parts = [f"## {SECTIONS[0]}"]
    opening = " ".join(p for p in (held(topic, records), institutes(records)) if p)
    before = documents(topic, records)
    if before:
        noun = "documents" if len(before) > 1 else "document"
        subject_ = "The workshop" if topic.kind == "workshop" else md.inline(capitalized(series(bodies(records)))) or "The Congress"
        opening += f" {subject_} had before it the following {noun}:"
        parts.append(numbering.paragraph([opening], [[md.inline(d)] for d in before]))
    else:
        parts.append(numbering.paragraph([opening]))
    conduct = " ".join(p for p in (moderation(records), introductions(floor, records), presentations(floor)) if p)
    if conduct:
        parts.append(numbering.paragraph([conduct]))
    said = statements(floor)
    if said:
        parts.append(numbering.paragraph([said]))
    return parts


# --- deliberations --------------------------------------------------------------------------------


def live_findings(records: Sequence[SessionRecord], kind: str) -> list[Finding]:
    """Findings of one kind with some text, session by session, in the rapporteur's order."""
    return [
        f for r in records for f in sorted(r.findings, key=lambda f: f.position)
        if f.kind == kind and not f.deleted and (f.title.strip() or f.text.strip())
    ]


def finding_lines(finding: Finding, attributed: bool) -> list[str]:
    """A finding as the lines of a subparagraph: its title as a sentence, then its text."""
    title = " ".join(finding.title.split())
    if attributed and finding.jurisdiction.strip():
        title = f"{title} ({' '.join(finding.jurisdiction.split())})" if title else f"({' '.join(finding.jurisdiction.split())})"
    lines = [md.line(sentence(title))] if title else []
    body = [line for paragraph in md.paragraphs(finding.text) for line in paragraph]
    if lines and body:
        return [f"{lines[0]} {body[0]}", *body[1:]]
    return lines or body


ROLE_ORDER = ("representative", "observer", "panellist", "", "Chair")


def in_report_order(found: list[Party]) -> list[Party]:
    """Representatives, then observers, then persons, each group in alphabetical order."""
    return sorted(found, key=lambda p: (ROLE_ORDER.index(p.role) if p.role in ROLE_ORDER else 3, p.key))


def key_point_paragraph(point: KeyPoint, floor: FloorTally, attributed: bool) -> list[str]:
    """ "Several speakers stressed that ..." (or the delegations, when attributed)."""
    if attributed:
        speakers = speakers_behind(floor, point)
        lead = subject(in_report_order(parties(speakers))) if speakers else counted_subject(0)
    else:  # only how many: no list of them for each of 12,000 key points
        known = floor.speakers
        lead = counted_subject(sum(1 for sid in floor.speakers_behind(point) if sid in known))
    lines = [line for paragraph in md.paragraphs(sentence(point.predicate)) for line in paragraph]
    lines = lines or [""]
    lines[0] = f"{_escaped_lead(lead)} {lines[0]}".rstrip()
    return lines


@lru_cache(maxsize=1024)
def _escaped_lead(lead: str) -> str:
    # A handful of subjects open thousands of key points.
    return md.inline(lead)


@dataclass
class Question:
    """What the report says under one question of the guide (or under none)."""

    key_points: list[KeyPoint]
    practices: list[Finding]
    challenges: list[Finding]
    syntheses: list[str]


def by_question(topic: Topic, records: Sequence[SessionRecord]) -> list[Question]:
    """Key points, practices, challenges and syntheses per question, in the guide's order; what
    belongs to no question of the topic comes first."""
    order = [q.ref for q in topic.questions]
    found: dict[str, Question] = {}

    def at(ref: str) -> Question:
        return found.setdefault(ref if ref in order else "", Question([], [], [], []))

    for record in records:
        for point in sorted(record.key_points, key=lambda p: p.position):
            if not point.deleted and point.predicate.strip():
                at(point.question_ref).key_points.append(point)
        for state in record.question_states:
            if not state.deleted and state.synthesis.strip():
                at(state.ref).syntheses.append(state.synthesis)
    for finding in live_findings(records, "good practice"):
        at(finding.question_ref).practices.append(finding)
    for finding in live_findings(records, "challenge"):
        at(finding.question_ref).challenges.append(finding)
    return [found[ref] for ref in ("", *order) if ref in found]


def findings_paragraph(findings: list[Finding], noun: str, verb: str, attributed: bool, numbering: Numbering) -> str:
    """ "The following good practices were described:" with one subparagraph each."""
    lead = f"The following {noun}s were {verb}:" if len(findings) > 1 else f"The following {noun} was {verb}:"
    subs = [finding_lines(f, attributed) for f in findings]
    if len(findings) == 1:  # one needs no letter
        return numbering.paragraph([f"{lead} {subs[0][0]}", *subs[0][1:]])
    return numbering.paragraph([lead], subs)


def deliberations(topic: Topic, records: Sequence[SessionRecord], floor: FloorTally, attributed: bool,
                  numbering: Numbering) -> Iterator[str]:
    """The summary of deliberations: per question, key points, practices, challenges, then synthesis."""
    yield f"## {SECTIONS[1]}"
    questions = by_question(topic, records)
    for question in questions:
        for point in question.key_points:
            yield numbering.paragraph(key_point_paragraph(point, floor, attributed))
        if question.practices:
            yield findings_paragraph(question.practices, "good practice", "described", attributed, numbering)
        if question.challenges:
            yield findings_paragraph(question.challenges, "challenge", "identified", attributed, numbering)
        for synthesis in question.syntheses:
            for paragraph in md.paragraphs(synthesis):
                yield numbering.paragraph(paragraph)
    if not questions:
        # Never "not discussed" when something was said: the summary is then merely not written yet.
        spoke = any(t.kind not in ("point of order",) for t in floor.turns)
        yield numbering.paragraph(
            ["The summary of the deliberations has not yet been written."] if spoke
            else ["No deliberations were recorded."]
        )


# --- conclusions and recommendations --------------------------------------------------------------


def conclusions(records: Sequence[SessionRecord], attributed: bool, numbering: Numbering) -> list[str]:
    """Conclusions (the lessons learned) as paragraphs, recommendations as lettered subparagraphs."""
    parts = [f"## {SECTIONS[2]}"]
    lessons = live_findings(records, "lesson learned")
    recommendations = live_findings(records, "recommendation")
    for lesson in lessons:
        parts.append(numbering.paragraph(finding_lines(lesson, attributed)))
    if recommendations:
        lead = "The following recommendations were made:" if len(recommendations) > 1 else "The following recommendation was made:"
        parts.append(numbering.paragraph([lead], [finding_lines(f, attributed) for f in recommendations]))
    if not lessons and not recommendations:
        parts.append(numbering.paragraph(["No conclusions or recommendations were recorded."]))
    return parts


# --- annex ----------------------------------------------------------------------------------------


def symbol_and_title(document: str) -> tuple[str, str]:
    """ "Discussion guide (A/CONF.222/PM.1)" -> ("A/CONF.222/PM.1", "Discussion guide").

    Several documents under one title keep their symbols together: "Reports of ... (A/CONF.222/RPM.1/1,
    A/CONF.222/RPM.2/1 and A/CONF.222/RPM.4/1)".
    """
    text = document.strip()
    if text.endswith(")") and "(" in text:
        title, _, symbol = text[:-1].rpartition("(")
        symbols = symbol.replace(" and ", ", ").split(", ")
        if all("/" in one and " " not in one.strip() for one in symbols):
            return symbol.strip(), title.strip()
    return "", text


def speakers_table(floor: FloorTally) -> list[str]:
    """The speakers by category and delegation, without speaking times."""
    by_category: dict[str, dict[str, list[str]]] = {}
    for speaker in heard(floor, *(k for k in ("statement", "reply", "point of order", "introductory statement",
                                           "presentation"))):
        kind = category(speaker)
        delegation = (listed_name(delegation_of(speaker)) if kind not in PERSONS
                      else " ".join(speaker.delegation.split()))
        by_category.setdefault(kind, {}).setdefault(delegation, []).append(" ".join(speaker.name.split()))
    parts = []
    for kind in SPEAKER_CATEGORIES:
        if kind not in by_category:
            continue
        rows = [(delegation, "; ".join(names)) for delegation, names in
                sorted(by_category[kind].items(), key=lambda row: fold(row[0]))]
        parts.append(f"### {CATEGORY_HEADINGS[kind]}")
        parts.append(md.table(("Delegation", "Speakers"), ("---", "---"), rows))
    return parts


def annex(topic: Topic, records: Sequence[SessionRecord], floor: FloorTally, list_of_speakers: bool) -> list[str]:
    """The documents before the workshop (the Congress, on an agenda item) and, if asked, the list of speakers."""
    two = list_of_speakers and floor.turns
    before = DOCUMENTS_ANNEX.format("workshop" if topic.kind == "workshop" else "Congress")
    parts = [f"## Annex{' I' if two else ''}. {before}"]
    rows = [symbol_and_title(d) for d in documents(topic, records)]
    if rows:
        parts.append(md.table(("Symbol", "Title"), ("---", "---"), rows))
    else:
        parts.append("None given.")
    if two:
        parts.append(f"## Annex II. {SPEAKERS_ANNEX}")
        parts.extend(speakers_table(floor))
    return parts


# --- the whole report -----------------------------------------------------------------------------


def report_parts(topic: Topic, records: Sequence[SessionRecord], floor: FloorTally, *, attributed: bool = False,
                 list_of_speakers: bool = False) -> Iterator[str]:
    """The report's blocks in order: joined by blank lines, they are the document."""
    numbering = Numbering()
    yield heading(topic, records, attributed)
    yield from proceedings(topic, records, floor, numbering)
    yield from deliberations(topic, records, floor, attributed, numbering)
    yield from conclusions(records, attributed, numbering)
    yield from annex(topic, records, floor, list_of_speakers)


def render_report(topic: Topic, records: Sequence[SessionRecord], *, attributed: bool = False,
                  list_of_speakers: bool = False) -> str:
    """The report of some sessions of one topic, as Markdown, paragraphs numbered from 1."""
    parts = report_parts(topic, records, FloorTally.of(records), attributed=attributed,
                         list_of_speakers=list_of_speakers)
    return "\n\n".join(parts) + "\n"


def report_counts(records: Sequence[SessionRecord], floor: FloorTally | None = None) -> dict[str, int]:
    """What the hand-off card counts: every section of the report."""
    return {
        "interventions": (floor or FloorTally.of(records)).interventions,
        "key points": sum(1 for r in records for p in r.key_points if not p.deleted and p.predicate.strip()),
        "good practices": len(live_findings(records, "good practice")),
        "challenges": len(live_findings(records, "challenge")),
        "conclusions": len(live_findings(records, "lesson learned")),
        "recommendations": len(live_findings(records, "recommendation")),
    }
