"""What the rapporteur types for the report's proceedings: meetings read and checked, institutes named."""

from __future__ import annotations

import pytest

from workshop.catalogue.congress import workshop_facts
from workshop.proceedings import (
    MeetingsError,
    assisting_institutes,
    institute_names,
    meetings_text,
    parse_meetings,
)

HEUNI = "European Institute for Crime Prevention and Control, affiliated with the United Nations"
ISPAC = ("International Scientific and Professional Advisory Council of the United Nations Crime "
         "Prevention and Criminal Justice Programme")


@pytest.mark.parametrize(("typed", "stored"), [
    ("", ()),
    ("4 2015-04-15", ("4 2015-04-15",)),
    ("4 2015-04-15, 5 2015-04-15, 6 2015-04-16", ("4 2015-04-15", "5 2015-04-15", "6 2015-04-16")),
    ("6 2015-04-16; 4 2015-04-15\n5 2015-04-15", ("4 2015-04-15", "5 2015-04-15", "6 2015-04-16")),
    (" 4th  2015-04-15 ,, 5th 2015-04-15 ", ("4 2015-04-15", "5 2015-04-15")),
    ("30 2015-04-30, 31 2015-05-01", ("30 2015-04-30", "31 2015-05-01")),
])
def test_meetings_are_read_in_number_order(typed: str, stored: tuple[str, ...]) -> None:
    assert parse_meetings(typed) == stored
    assert parse_meetings(meetings_text(stored)) == stored


@pytest.mark.parametrize(("typed", "said"), [
    ("4", "meeting “4”: write NUMBER YYYY-MM-DD, e.g. 4 2015-04-15"),
    ("fourth 2015-04-15", "meeting “fourth 2015-04-15”: write NUMBER YYYY-MM-DD"),
    ("2015-04-15 4", "write NUMBER YYYY-MM-DD"),
    ("4 15/04/2015", "meeting “4 15/04/2015”: “15/04/2015” is not a date YYYY-MM-DD"),
    ("4 20150415", "“20150415” is not a date YYYY-MM-DD"),
    ("4 2015-02-30", "“2015-02-30” is not a date"),
    ("0 2015-04-15", "meeting “0 2015-04-15”: its number is between 1 and 999"),
    ("1000 2015-04-15", "its number is between 1 and 999"),
    ("4 2015-04-15, 4 2015-04-16", "meeting 4 is given twice"),
    ("4 2015-04-16, 5 2015-04-15", "meeting 5 is dated 2015-04-15, before meeting 4 (2015-04-16)"),
    ("4 2015-04-15 5 2015-04-16", "meeting “4 2015-04-15 5 2015-04-…”: write NUMBER"),
])
def test_a_bad_meeting_is_refused_in_one_line(typed: str, said: str) -> None:
    with pytest.raises(MeetingsError) as refused:
        parse_meetings(typed)
    assert said in str(refused.value) and "\n" not in str(refused.value)


def test_institutes_are_the_built_in_ones_of_the_programme_network() -> None:
    institutes = assisting_institutes()
    assert len(institutes) >= 15 and {d.category for d in institutes} == {"institute"}
    assert HEUNI in {d.name for d in institutes}


def test_institutes_are_named_as_the_built_in_list_names_them() -> None:
    # Workshop 3's facts shorten ISPAC's name; the session stores the built-in one.
    named = institute_names(workshop_facts("W3").institutes)
    assert named == (
        "National Institute of Justice of the United States Department of Justice", ISPAC,
        "Korean Institute of Criminology", HEUNI,
    )
    assert institute_names(("korean  institute of criminology", "", HEUNI, HEUNI)) == (
        "Korean Institute of Criminology", HEUNI)
    # A name the list lacks, or one that begins several names, is kept as given.
    assert institute_names(("Institute of Nowhere", "International")) == ("Institute of Nowhere", "International")
