"""Saving a note commits the intervention and ends its draft in one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.catalogue import load_catalogue
from workshop.store import Notebook
from workshop.tui.clock import FixedClock
from workshop.tui.meeting import Meeting, SpeakerChoice


def meeting_with_draft(tmp_path: Path, *, on_floor: bool) -> Meeting:
    notebook = Notebook.open(tmp_path)
    session = notebook.create_session("W3", meeting="1st meeting")
    meeting = Meeting(notebook, session, load_catalogue().topic("W3"), FixedClock())
    meeting.load()
    if on_floor:
        meeting.add_to_queue(SpeakerChoice("Brazil", category="member state"))
        meeting.give_floor("")
    meeting.clock.advance(30)
    assert meeting.write_draft(meeting.draft_note("Brazil stressed training."), notebook)
    return meeting


class Interrupted(Exception):
    """Stands for the program dying between the intervention's write and the draft's end."""


@pytest.mark.parametrize("on_floor", [True, False], ids=["speaker on the floor", "no one on the floor"])
def test_a_save_cut_short_keeps_the_draft_and_writes_no_intervention(tmp_path, monkeypatch, on_floor):
    meeting = meeting_with_draft(tmp_path, on_floor=on_floor)
    notebook, session_id = meeting.notebook, meeting.session.id

    def interrupted(_session_id: str) -> None:
        raise Interrupted

    monkeypatch.setattr(notebook, "clear_draft", interrupted)
    with pytest.raises(Interrupted):
        if on_floor:
            meeting.save_note("Brazil stressed training.")
        else:
            meeting.save_without_floor("Brazil stressed training.", "presentation", SpeakerChoice("Panellist"))
    assert notebook.interventions(session_id) == []
    assert notebook.draft(session_id).text == "Brazil stressed training."


@pytest.mark.parametrize("on_floor", [True, False], ids=["speaker on the floor", "no one on the floor"])
def test_a_save_writes_the_intervention_and_ends_the_draft(tmp_path, on_floor):
    meeting = meeting_with_draft(tmp_path, on_floor=on_floor)
    notebook, session_id = meeting.notebook, meeting.session.id
    if on_floor:
        meeting.save_note("Brazil stressed training.")
    else:
        meeting.save_without_floor("Brazil stressed training.", "presentation", SpeakerChoice("Panellist"))
    assert [i.text for i in notebook.interventions(session_id)] == ["Brazil stressed training."]
    assert notebook.draft(session_id) is None
