"""What the report's proceedings need from the rapporteur: the body, its meetings, the assisting institutes.

Read from what the rapporteur types in the session form or on the command line, and checked there.
"""

from __future__ import annotations

import re
from datetime import date as Date

from workshop.catalogue.delegations import Delegation, fold, load_delegations

# The bodies a workshop or an agenda item was held by at the Thirteenth Congress and its
# regional preparatory meetings, offered in the session form; any other is typed as free text.
BODIES = (
    "Committee I",
    "Committee II",
    "plenary",
    "Asian and Pacific Regional Preparatory Meeting",
    "Latin American and Caribbean Regional Preparatory Meeting",
    "Western Asian Regional Preparatory Meeting",
    "African Regional Preparatory Meeting",
)
EXAMPLE = "4 2015-04-15, 5 2015-04-16"
MAX_NUMBER = 999  # no body of the Congress held that many meetings: a higher number is a typo
_ENTRY = re.compile(r"([0-9]+)(?:st|nd|rd|th)?\s+(\S+)", re.IGNORECASE)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # only this form: Python would also read 20150415
_SEPARATORS = re.compile(r"[,;\n]")


class MeetingsError(ValueError):
    """Meetings that cannot be read, said in one line."""


def parse_meetings(text: str) -> tuple[str, ...]:
    """Meetings typed as "NUMBER YYYY-MM-DD" separated by commas, as stored: in number order."""
    entries = [part.strip() for part in _SEPARATORS.split(text) if part.strip()]
    meetings: list[tuple[int, Date]] = []
    for entry in entries:
        found = _ENTRY.fullmatch(entry)
        if found is None:
            raise MeetingsError(f"meeting {quoted(entry)}: write NUMBER YYYY-MM-DD, e.g. 4 2015-04-15")
        number = int(found[1])
        if not 1 <= number <= MAX_NUMBER:
            raise MeetingsError(f"meeting {quoted(entry)}: its number is between 1 and {MAX_NUMBER}")
        try:
            day = Date.fromisoformat(found[2]) if _DATE.fullmatch(found[2]) else None
        except ValueError:
            day = None
        if day is None:
            raise MeetingsError(f"meeting {quoted(entry)}: {quoted(found[2])} is not a date YYYY-MM-DD")
        if any(number == n for n, _ in meetings):
            raise MeetingsError(f"meeting {number} is given twice")
        meetings.append((number, day))
    meetings.sort()
    for (number, day), (later, later_day) in zip(meetings, meetings[1:]):
        if later_day < day:
            raise MeetingsError(f"meeting {later} is dated {later_day}, before meeting {number} ({day})")
    return tuple(f"{number} {day.isoformat()}" for number, day in meetings)


def quoted(text: str, width: int = 24) -> str:
    """What the rapporteur typed, quoted in a message and cut so that the message stays one line."""
    return f"“{text if len(text) <= width else text[: width - 1] + '…'}”"


def meetings_text(meetings: tuple[str, ...]) -> str:
    """Stored meetings as the form shows them, ready to be edited and read back."""
    return ", ".join(meetings)


def assisting_institutes() -> tuple[Delegation, ...]:
    """The built-in institutes of the programme network, the ones a session may say assisted it."""
    return tuple(d for d in load_delegations() if d.category == "institute")


def institute_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """Institutes named as the built-in list names them, in the order given; a name it lacks is kept as given.

    A Congress document may shorten an institute's name ("International Scientific and
    Professional Advisory Council"): a name that begins exactly one built-in name is that one.
    """
    institutes = assisting_institutes()
    found: list[str] = []
    for name in names:
        key = fold(" ".join(name.split()))
        if not key:
            continue
        same = [d.name for d in institutes if fold(d.name) == key]
        begun = [d.name for d in institutes if fold(d.name).startswith(key)]
        found.append(same[0] if same else begun[0] if len(begun) == 1 else name)
    return tuple(dict.fromkeys(found))
