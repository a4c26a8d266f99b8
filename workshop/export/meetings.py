"""When a workshop met, as the UN writes it: "at its 4th to 6th meetings, on 15 and 16 April 2015".

A session's meetings are the body's own meeting numbers with their dates ("4 2015-04-15"); a topic
exported over several sessions joins them into one set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date as Date
from typing import NamedTuple

from workshop.export.words import ordinal, series

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)


class Meeting(NamedTuple):
    """One meeting of the body: its number and its date."""

    number: int
    date: Date


def parse_meeting(text: str) -> Meeting | None:
    """ "4 2015-04-15" as a Meeting; None for anything else."""
    parts = text.split()
    if len(parts) != 2 or not (parts[0].isascii() and parts[0].isdigit()) or int(parts[0]) < 1:
        return None
    try:
        return Meeting(int(parts[0]), Date.fromisoformat(parts[1]))
    except ValueError:
        return None


def parse_date(text: str) -> Date | None:
    """An ISO date, or None."""
    try:
        return Date.fromisoformat(text.strip())
    except ValueError:
        return None


def long_date(day: Date) -> str:
    """ "15 April 2015"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _runs(numbers: Sequence[int]) -> list[list[int]]:
    """Sorted distinct numbers cut into runs of consecutive ones."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


def meeting_numbers(numbers: Iterable[int], noun: str = "meeting") -> str:
    """ "4th meeting", "4th and 5th meetings", "4th to 6th meetings", "2nd, 4th to 6th and 9th meetings"."""
    distinct = sorted(set(numbers))
    if not distinct:
        return ""
    items: list[str] = []
    for run in _runs(distinct):
        if len(run) >= 3:  # a range only from three on: "4th and 5th", not "4th to 5th"
            items.append(f"{ordinal(run[0])} to {ordinal(run[-1])}")
        else:
            items.extend(ordinal(n) for n in run)
    return f"{series(items)} {noun}{'s' if len(distinct) > 1 else ''}"


def on_dates(dates: Iterable[Date]) -> str:
    """ "on 15 April 2015", "on 15 and 16 April 2015", "from 15 to 17 April 2015", "on 30 April and 1 May 2015"."""
    days = sorted(set(dates))
    if not days:
        return ""
    if len(days) >= 3 and (days[-1] - days[0]).days == len(days) - 1:
        first, last = days[0], days[-1]
        if first.year != last.year:
            start = long_date(first)
        elif first.month != last.month:
            start = f"{first.day} {MONTHS[first.month - 1]}"
        else:
            start = str(first.day)
        return f"from {start} to {long_date(last)}"
    months: list[list[Date]] = []
    for day in days:
        if months and (months[-1][0].year, months[-1][0].month) == (day.year, day.month):
            months[-1].append(day)
        else:
            months.append([day])
    items = []
    for n, month in enumerate(months):
        text = f"{series([str(d.day) for d in month])} {MONTHS[month[0].month - 1]}"
        if n + 1 == len(months) or months[n + 1][0].year != month[0].year:
            text += f" {month[0].year}"
        items.append(text)
    return f"on {series(items)}"
