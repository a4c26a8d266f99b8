"""The two forms of the summary: the report (the UN document, the default) and the rapporteur's notes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from workshop.catalogue import Topic
from workshop.export.floor import FloorTally
from workshop.records import SessionRecord

FORMS = ("report", "notes")


def render(topic: Topic, records: Sequence[SessionRecord], *, form: str = "report", attributed: bool = False,
           list_of_speakers: bool = False) -> str:
    """The summary in one form: the report (attributed if asked) or the notes (always attributed)."""
    parts = summary_parts(topic, records, FloorTally.of(records), form=form, attributed=attributed,
                          list_of_speakers=list_of_speakers)
    return "\n\n".join(parts) + "\n"


def summary_parts(topic: Topic, records: Sequence[SessionRecord], floor: FloorTally, *, form: str = "report",
                  attributed: bool = False, list_of_speakers: bool = False) -> Iterator[str]:
    """The summary's blocks in order, to be joined by blank lines and closed by a newline.

    `floor` is the tally of the records' interventions: the renderers read nothing else of them,
    so an export can count it from the notebook and give records without interventions.
    """
    if form == "notes":
        from workshop.export.summary import notes_parts

        return notes_parts(topic, records, floor, attributed=True)
    if form != "report":
        raise ValueError(f"unknown form {form!r}; the forms are {', '.join(FORMS)}")
    from workshop.export.report import report_parts

    return report_parts(topic, records, floor, attributed=attributed, list_of_speakers=list_of_speakers)
