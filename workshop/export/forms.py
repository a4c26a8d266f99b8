"""The two forms of the summary: the report (the UN document, the default) and the rapporteur's notes."""

from __future__ import annotations

from collections.abc import Sequence

from workshop.catalogue import Topic
from workshop.records import SessionRecord

FORMS = ("report", "notes")


def render(topic: Topic, records: Sequence[SessionRecord], *, form: str = "report", attributed: bool = False,
           list_of_speakers: bool = False) -> str:
    """The summary in one form: the report (attributed if asked) or the notes (always attributed)."""
    if form == "notes":
        from workshop.export.summary import render_summary

        return render_summary(topic, records, attributed=True)
    if form != "report":
        raise ValueError(f"unknown form {form!r}; the forms are {', '.join(FORMS)}")
    from workshop.export.report import render_report

    return render_report(topic, records, attributed=attributed, list_of_speakers=list_of_speakers)
