"""A realistic demo meeting of Workshop 3 (cybercrime and trafficking in cultural property).

Everything is deterministic: ids are UUID5s derived from a seed, timestamps are fixed, so the
demo's summary is stable enough for golden files and running the demo twice changes nothing.
The speakers, statements, key points and findings are module-level data so that a benchmark
generator can reuse the vocabulary. The people are invented; the statements are illustrative
and are not the positions of the States and organizations named.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from workshop.catalogue.congress import workshop_facts
from workshop.proceedings import institute_names
from workshop.records import (
    REGIONAL_GROUPS,
    Finding,
    Intervention,
    KeyPoint,
    QuestionState,
    Record,
    Session,
    Speaker,
)

# The institutes that assisted in preparing Workshop 3, as the Congress's documents name them.
W3_INSTITUTES = institute_names(workshop_facts("W3").institutes)
DEMO_NAMESPACE = uuid.UUID("6f1c3a52-7d0e-5b8e-9a41-13c0c0ffee13")
DEMO_SEED = "demo"
DEMO_TOPIC = "W3"
DEMO_STARTED = datetime(2015, 4, 15, 7, 0, tzinfo=UTC)  # 10 a.m. in Doha
PAUSE_BETWEEN_SPEAKERS = 30  # seconds the chair takes to give the floor to the next speaker


@dataclass(frozen=True)
class DemoSpeaker:
    """A speaker of the demo: `key` names it in the tables below."""

    key: str
    name: str
    delegation: str
    category: str
    regional_group: str = ""
    gender: str = ""


@dataclass(frozen=True)
class DemoStatement:
    """One intervention of the demo: who, on which questions (letters), how long, what, of what kind."""

    speaker: str
    questions: str
    seconds: int
    text: str
    kind: str = "statement"


@dataclass(frozen=True)
class DemoKeyPoint:
    """A key point: question letter, predicate, and the statements (1-based) that back it."""

    question: str
    predicate: str
    statements: tuple[int, ...]


@dataclass(frozen=True)
class DemoFinding:
    """A finding: kind, title, text, jurisdiction, evidence, question letter, statement (1-based)."""

    kind: str
    title: str
    text: str
    question: str
    jurisdiction: str = ""
    evidence: str = ""
    statement: int | None = None


MEETING = {
    "meeting": "1st meeting",
    "date": "2015-04-15",
    "venue": "Qatar National Convention Centre, Doha",
    "chair": "Ms. Elena Markovic",
    "rapporteur": "Mr. David Osei",
    "panellists": "Dr. Lena Varga (Cybercrime Research Centre)\nMr. Ahmed Nasser (National Museum Authority)",
}
# What the report's proceedings say of the meeting. Committee I held Workshop 3 (A/CONF.222/L.3/Add.1);
# the meeting numbers and dates are the demo's own, and the moderator is invented like every person here.
PROCEEDINGS = {
    "body": "Committee I",
    "meetings": ("4 2015-04-15", "5 2015-04-15", "6 2015-04-16"),
    "moderator": "Miguel Ortega",
    "moderator_function": "Professor of Criminal Law, Centre for Criminal Justice Studies",
}

AFRICA, ASIA_PACIFIC, EASTERN_EUROPE, LATIN_AMERICA, WESTERN_EUROPE = REGIONAL_GROUPS
SPEAKERS = (
    DemoSpeaker("chair", "Ms. Elena Markovic", "Chair of Committee I", "presiding officer", gender="female"),
    DemoSpeaker("varga", "Dr. Lena Varga", "Cybercrime Research Centre", "expert/panellist", gender="female"),
    DemoSpeaker("brazil", "Mr. Paulo Mendes", "Brazil", "Member State", LATIN_AMERICA, "male"),
    DemoSpeaker("japan", "Mr. Kenji Sato", "Japan", "Member State", ASIA_PACIFIC, "male"),
    DemoSpeaker("nigeria", "Ms. Ngozi Okafor", "Nigeria", "Member State", AFRICA, "female"),
    DemoSpeaker("italy", "Ms. Giulia Romano", "Italy", "Member State", WESTERN_EUROPE, "female"),
    DemoSpeaker("egypt", "Mr. Karim Hassan", "Egypt", "Member State", AFRICA, "male"),
    DemoSpeaker("romania", "Mr. Andrei Popescu", "Romania", "Member State", EASTERN_EUROPE, "male"),
    DemoSpeaker("mexico", "Ms. Lucia Ramirez", "Mexico", "Member State", LATIN_AMERICA, "female"),
    DemoSpeaker("germany", "Ms. Katrin Vogel", "Germany", "Member State", WESTERN_EUROPE, "female"),
    DemoSpeaker("holy_see", "Mgr. Paolo Ricci", "Holy See", "observer State", gender="male"),
    DemoSpeaker("unodc", "Ms. Sara Lindqvist", "UNODC", "United Nations Secretariat", gender="female"),
    DemoSpeaker("nasser", "Mr. Ahmed Nasser", "National Museum Authority", "expert/panellist", gender="male"),
    DemoSpeaker("unesco", "Ms. Claire Fontaine", "UNESCO", "specialized agency", gender="female"),
    DemoSpeaker("cted", "Mr. Omar Haddad", "CTED", "UN entity", gender="male"),
    DemoSpeaker("interpol", "Mr. Jean Moreau", "INTERPOL", "intergovernmental organization", gender="male"),
    DemoSpeaker("icom", "Ms. Helene Dubois", "International Council of Museums", "non-governmental organization",
                gender="female"),
    DemoSpeaker("unicri", "Mr. Marco Ferri", "UNICRI", "institute", gender="male"),
)

STATEMENTS = (
    # Before the debate: the Chair opens the workshop, the Secretariat introduces its background
    # paper, the panellists present; they take the first ten minutes.
    DemoStatement("chair", "", 150, (
        "Opened the workshop and recalled that it would be held in accordance with the discussion "
        "guide, with presentations by two panellists followed by an interactive debate."
    ), "introductory statement"),
    DemoStatement("unodc", "", 240, (
        "Introduced the background paper prepared by the Secretariat for the workshop, noting how "
        "information technology had changed both cybercrime and the trafficking in cultural property."
    ), "introductory statement"),
    DemoStatement("nasser", "c", 120, (
        "Presented the national inventory of museum collections and archaeological sites, and the "
        "training given to police and customs officers in identifying cultural objects."
    ), "presentation"),
    DemoStatement("varga", "ae", 540, (
        "Presented findings of recent victimization surveys: most cybercrime, in particular online "
        "fraud and identity theft, is never reported, and police statistics capture only a small "
        "fraction of it. Called for comparable national data and for studies of how offender "
        "networks organize online."
    ), "presentation"),
    DemoStatement("brazil", "bc", 300, (
        "Described a national campaign on the safe use of the Internet run with schools and the "
        "federal police, and a single online portal through which victims report cybercrime. "
        "Reports to the police had tripled since the portal opened."
    )),
    DemoStatement("japan", "b", 240, (
        "Police officers teach cyber-safety classes in schools, reaching over one million students a "
        "year. The police also work with Internet service providers to warn users of phishing."
    )),
    DemoStatement("nigeria", "cf", 330, (
        "Specialized cybercrime units have been set up in the police and in the prosecution service. "
        "Requests for mutual legal assistance take many months, while electronic evidence can be "
        "lost within days."
    )),
    DemoStatement("italy", "ce", 360, (
        "The Carabinieri command for the protection of cultural heritage, created in 1969, keeps a "
        "database of stolen cultural property that police, customs, dealers and the public can "
        "consult. Thousands of objects have been recovered and returned through it."
    )),
    DemoStatement("egypt", "f", 280, (
        "Bilateral agreements have allowed the return of stolen antiquities. Proving provenance is "
        "very difficult for objects looted from archaeological sites that were never excavated or "
        "inventoried."
    )),
    DemoStatement("romania", "ef", 250, (
        "The national 24/7 point of contact under the Convention on Cybercrime can have computer data "
        "preserved within hours at the request of another State, pending a formal request."
    )),
    DemoStatement("mexico", "bd", 260, (
        "Online marketplaces have removed listings of pre-Hispanic objects at the request of the "
        "authorities; platforms should themselves report suspicious sales."
    )),
    DemoStatement("germany", "d", 270, (
        "A partnership between the police, banks and telecommunications providers shares information "
        "on fraud patterns. Data protection rules limit what companies may pass on to law enforcement."
    )),
    DemoStatement("holy_see", "g", 200, (
        "Recalled the spiritual and cultural value of religious heritage. Custodians of places of "
        "worship need training to inventory and protect the objects in their care."
    )),
    DemoStatement("unodc", "fg", 320, (
        "Presented the technical assistance of UNODC on cybercrime and on trafficking in cultural "
        "property, including the International Guidelines for Crime Prevention and Criminal Justice "
        "Responses with Respect to Trafficking in Cultural Property and Other Related Offences "
        "adopted by the General Assembly in resolution 69/196. Urged States to designate central "
        "authorities able to act quickly."
    )),
    DemoStatement("interpol", "ef", 300, (
        "Encouraged States to feed and consult the INTERPOL Database of Stolen Works of Art, and to "
        "use the secure police communication network for urgent requests."
    )),
    DemoStatement("icom", "ad", 240, (
        "Red Lists of categories of cultural objects at risk help customs and dealers identify objects "
        "that may have been looted. Museums and the art market should apply due diligence and the "
        "ICOM Code of Ethics."
    )),
    DemoStatement("unicri", "ag", 220, (
        "Research shows the involvement of organized criminal groups in trafficking in cultural "
        "property and its links to money-laundering. More data are needed to guide technical assistance."
    )),
    DemoStatement("brazil", "f", 180, (
        "Supported the electronic transmission of requests for mutual legal assistance between central "
        "authorities."
    )),
    DemoStatement("japan", "be", 200, (
        "An evaluation of the school classes found better awareness of phishing and more reports to the "
        "police among students who had attended them."
    )),
    DemoStatement("nigeria", "cg", 210, (
        "Judges and prosecutors need training in handling electronic evidence, and forensic "
        "laboratories need equipment."
    )),
    DemoStatement("egypt", "cg", 190, (
        "Customs officers at airports and ports are being trained to recognize cultural objects and "
        "their export documents."
    )),
    DemoStatement("mexico", "c", 170, (
        "A specialized prosecution unit handles crimes against cultural heritage, but many objects "
        "cannot be identified because no inventory exists."
    )),
    DemoStatement("germany", "ef", 230, (
        "Dealers are required to document the provenance of the cultural objects they sell, which "
        "helps investigators trace objects across borders."
    )),
    DemoStatement("romania", "g", 150, (
        "Regional training of police and prosecutors on electronic evidence has produced a network "
        "of practitioners who now cooperate directly."
    )),
    DemoStatement("unesco", "d", 210, (
        "Recalled the 1970 Convention on the Means of Prohibiting and Preventing the Illicit Import, "
        "Export and Transfer of Ownership of Cultural Property. Online platforms should check the "
        "provenance of cultural objects offered for sale and withdraw those that may have been looted."
    )),
    DemoStatement("cted", "a", 180, (
        "Recalled Security Council resolution 2199 (2015) on the financing of terrorist groups through "
        "the trade in antiquities. Information on the routes of looted objects should be shared."
    )),
)

KEY_POINTS = (
    DemoKeyPoint("a", "stressed that most cybercrime went unreported and that victimization surveys "
                 "were needed to measure its true extent", (4, 17)),
    DemoKeyPoint("a", "called for research on the involvement of organized criminal groups in "
                 "trafficking in cultural property and on its links to money-laundering", (17, 26)),
    DemoKeyPoint("b", "highlighted cyber-safety education delivered in schools together with the "
                 "police as an effective way to encourage the safe use of the Internet", (5, 6, 19)),
    DemoKeyPoint("b", "noted that single online reporting portals had increased the reporting of "
                 "cybercrime to law enforcement", (5,)),
    DemoKeyPoint("c", "stressed the need for specialized units in the police and the prosecution "
                 "services, with staff trained in handling electronic evidence and in identifying "
                 "cultural objects", (3, 7, 8, 20, 21, 22)),
    DemoKeyPoint("d", "underlined that online marketplaces should remove listings of cultural objects "
                 "of doubtful provenance and report suspicious sales to the authorities", (11, 16, 25)),
    DemoKeyPoint("d", "pointed to data protection rules as a barrier to the sharing of information "
                 "between private companies and law enforcement", (12,)),
    DemoKeyPoint("e", "observed that few preventive approaches had been evaluated and called for "
                 "evaluation to be built into new programmes", (4, 19)),
    DemoKeyPoint("f", "stressed that lengthy mutual legal assistance procedures were ill-suited to "
                 "volatile electronic evidence and called for the expedited preservation of data "
                 "through 24/7 networks of contact points", (7, 10, 14, 15, 18, 23)),
    DemoKeyPoint("f", "encouraged States to conclude bilateral agreements for the return of cultural "
                 "property, drawing on the model treaty for the prevention of crimes that infringe "
                 "on the cultural heritage of peoples in the form of movable property", (9, 14)),
    DemoKeyPoint("g", "identified the training of judges, prosecutors, police and customs officers as "
                 "the main technical assistance need", (13, 14, 17, 20, 21, 24)),
    DemoKeyPoint("g", "welcomed the technical assistance provided by UNODC and the institutes of the "
                 "United Nations crime prevention and criminal justice programme network", ()),
)

SYNTHESES = {
    "b": (
        "Law enforcement can do much to encourage safe behaviour online and the reporting of "
        "cybercrime, particularly when it works through schools and offers victims a simple way to "
        "report. Evaluated examples remain few."
    ),
    "c": (
        "Specialization emerged as the common thread of national responses to both crimes: dedicated "
        "units, trained staff and, for cultural property, inventories without which stolen objects "
        "cannot be identified."
    ),
    "f": (
        "Participants agreed that the speed of cooperation, rather than its legal basis, was the main "
        "obstacle in cybercrime cases.\n\n"
        "For cultural property, the obstacle lay earlier: objects that had never been inventoried "
        "could rarely be shown to have been stolen."
    ),
    "g": (
        "Training for practitioners handling electronic evidence and cultural objects was the priority most "
        "often named."
    ),
}

QUESTION_STATUSES = {"a": "discussed", "b": "discussed", "c": "discussed", "d": "discussed",
                     "e": "discussed", "f": "discussed", "g": "discussed", "h": "pending", "i": "skipped"}

FINDINGS = (
    DemoFinding("good practice", "Cyber-safety classes taught by police officers in schools",
                "An evaluation found better awareness of phishing and more reports to the police among "
                "students who had attended the classes.", "b", "Japan", "evaluated", 19),
    DemoFinding("good practice", "Single national portal for reporting cybercrime",
                "Victims report online through one portal; reports to the police tripled after it opened.",
                "b", "Brazil", "promising", 5),
    DemoFinding("good practice", "Specialized police command with a database of stolen cultural property",
                "Created in 1969; police, customs, dealers and the public can consult the database.",
                "c", "Italy", "evidence-based", 8),
    DemoFinding("good practice", "24/7 point of contact for the expedited preservation of computer data",
                "Data are preserved within hours at the request of another State, pending a formal request.",
                "f", "Romania", "reported", 10),
    DemoFinding("good practice", "Red Lists of cultural objects at risk",
                "Lists of categories of objects at risk of looting help customs officers and dealers.",
                "d", "International", "reported", 16),
    DemoFinding("challenge", "Volatility of electronic evidence",
                "Electronic evidence can be lost within days, while mutual legal assistance takes months.",
                "f", statement=7),
    DemoFinding("challenge", "No inventories of many archaeological sites and collections",
                "Objects that were never inventoried can rarely be identified or returned once stolen.",
                "c", statement=22),
    DemoFinding("challenge", "Sale of cultural objects of doubtful provenance on online platforms", "",
                "d", statement=11),
    DemoFinding("challenge", "Under-reporting of cybercrime by individuals and businesses", "", "a", statement=4),
    DemoFinding("challenge", "Limits on information-sharing with the private sector",
                "Data protection rules restrict what companies may pass on to law enforcement.",
                "d", statement=12),
    DemoFinding("lesson learned", "Prevention works best with partners",
                "Campaigns on cyber safety reached more users when delivered through schools and "
                "private companies than by law enforcement alone.", "b"),
    DemoFinding("lesson learned", "Inventories come first",
                "Provenance has to be documented before objects are stolen if they are ever to be returned.", "f"),
    DemoFinding("recommendation", "Faster channels for urgent cooperation",
                "States should designate and adequately resource 24/7 points of contact and central "
                "authorities, and accept requests for mutual legal assistance transmitted electronically.", "f"),
    DemoFinding("recommendation", "Apply the International Guidelines",
                "States should make use of the International Guidelines for Crime Prevention and Criminal "
                "Justice Responses with Respect to Trafficking in Cultural Property and Other Related "
                "Offences in reviewing their policies and laws.", "c"),
    DemoFinding("recommendation", "Inventories and shared data on stolen cultural property",
                "States should establish and maintain inventories of cultural property and contribute "
                "to the INTERPOL Database of Stolen Works of Art.", "f"),
    DemoFinding("recommendation", "Partnerships with the private sector",
                "States should develop partnerships with Internet service providers, online platforms "
                "and the art market, with clear rules on data protection.", "d"),
    DemoFinding("recommendation", "Training of practitioners",
                "UNODC should continue to provide technical assistance, in particular training for judges, "
                "prosecutors, police and customs officers, subject to the availability of extrabudgetary "
                "resources.", "g"),
    DemoFinding("recommendation", "Research and data",
                "States should support research and the collection of comparable data on cybercrime and "
                "trafficking in cultural property, including through victimization surveys.", "a"),
)


# --- records ------------------------------------------------------------------------------------


def demo_id(*parts: str) -> str:
    """A fixed UUID for one demo record, the same on every run and every machine."""
    return str(uuid.uuid5(DEMO_NAMESPACE, "/".join(parts)))


def question_ref(letter: str) -> str:
    """The stable reference of a question of the demo's workshop: "c" -> "W3.Q.c"."""
    return f"{DEMO_TOPIC}.Q.{letter}"


def stamp(moment: datetime) -> str:
    """A time in the notebook's timestamp format."""
    return moment.isoformat(timespec="microseconds")


def demo_speakers() -> list[Speaker]:
    """The demo's speakers; their ids do not depend on the seed, so meetings share them."""
    created = stamp(DEMO_STARTED)
    return [
        Speaker(id=demo_id("speaker", s.key), created_at=created, updated_at=created, name=s.name,
                delegation=s.delegation, category=s.category, regional_group=s.regional_group, gender=s.gender)
        for s in SPEAKERS
    ]


def demo_records(
    seed: str = DEMO_SEED, *, meeting: str = MEETING["meeting"], date: str = MEETING["date"],
) -> list[Record]:
    """Every record of one demo meeting, speakers first (the session's rows refer to them)."""
    day_shift = datetime.fromisoformat(date).date() - DEMO_STARTED.date()
    started = DEMO_STARTED + day_shift
    created = stamp(started)
    session = Session(
        id=demo_id(seed, "session"), created_at=created, updated_at=created, topic=DEMO_TOPIC,
        **{**MEETING, "meeting": meeting, "date": date}, **PROCEEDINGS, institutes=W3_INSTITUTES,
    )
    interventions = demo_interventions(seed, session.id, started)
    records: list[Record] = [*demo_speakers(), session, *interventions]
    closing = stamp(started + timedelta(hours=3))
    records += [
        KeyPoint(id=demo_id(seed, "key point", str(n)), created_at=closing, updated_at=closing,
                 session_id=session.id, question_ref=question_ref(p.question), predicate=p.predicate,
                 intervention_ids=tuple(interventions[i - 1].id for i in p.statements), position=float(n))
        for n, p in enumerate(KEY_POINTS, 1)
    ]
    records += [
        Finding(id=demo_id(seed, "finding", str(n)), created_at=closing, updated_at=closing,
                session_id=session.id, kind=f.kind, title=f.title, text=f.text, jurisdiction=f.jurisdiction,
                evidence=f.evidence, question_ref=question_ref(f.question),
                intervention_id=interventions[f.statement - 1].id if f.statement else None, position=float(n))
        for n, f in enumerate(FINDINGS, 1)
    ]
    records += [
        QuestionState(id=demo_id(seed, "question", letter), created_at=closing, updated_at=closing,
                      session_id=session.id, ref=question_ref(letter), status=status,
                      synthesis=SYNTHESES.get(letter, ""))
        for letter, status in QUESTION_STATUSES.items()
    ]
    return records


def demo_interventions(seed: str, session_id: str, started: datetime) -> list[Intervention]:
    """The statements as interventions, one after another from the opening of the meeting."""
    interventions = []
    clock = started
    for n, statement in enumerate(STATEMENTS, 1):
        ended = clock + timedelta(seconds=statement.seconds)
        interventions.append(Intervention(
            id=demo_id(seed, "intervention", str(n)), created_at=stamp(ended), updated_at=stamp(ended),
            session_id=session_id, speaker_id=demo_id("speaker", statement.speaker),
            question_refs=tuple(question_ref(letter) for letter in statement.questions),
            started_at=stamp(clock), ended_at=stamp(ended), seconds=statement.seconds, text=statement.text,
            kind=statement.kind,
        ))
        clock = ended + timedelta(seconds=PAUSE_BETWEEN_SPEAKERS)
    return interventions


def fill_demo(
    notebook, seed: str = DEMO_SEED, *, meeting: str = MEETING["meeting"], date: str = MEETING["date"],
) -> Session:
    """Put the demo meeting in the notebook (again: same ids, so nothing is duplicated)."""
    records = demo_records(seed, meeting=meeting, date=date)
    with notebook.write():
        for record in records:
            notebook.put(record)
    return next(r for r in records if isinstance(r, Session))
