"""Snapshots of the home screen, the workspace mid-meeting and the finding form, at 80x24 and 120x40.

The clock is fixed and the cursor does not blink, so the pictures are stable. Review a new or
changed SVG before accepting it (`pytest --snapshot-update`), e.g. `rsvg-convert x.svg -o x.png`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from workshop.records import Finding
from workshop.store import Notebook, new_id
from workshop.tui.app import WorkshopApp, make_app
from workshop.tui.clock import FixedClock, stamp
from workshop.tui.settings import Settings

SIZES = [(80, 24), (120, 40)]


def meeting_in_progress(home: Path, clock: FixedClock) -> str:
    """A session of Workshop 3 half-way through: five interventions, two findings, one speaking."""
    start = clock.now()

    def at(minutes: float) -> str:
        return stamp(start + timedelta(minutes=minutes))

    with Notebook.open(home) as notebook:
        notebook.create_session(
            "W4", meeting="1st meeting", date="2015-04-14", venue="Doha, Qatar National Convention Centre",
            chair="Ms. A. Chair", rapporteur="Mr. B. Rapporteur",
        )
        session = notebook.create_session(
            "W3", meeting="2nd meeting", date="2015-04-15", venue="Doha, Room 1", chair="Mr. C. Chair",
            rapporteur="Ms. D. Rapporteur", panellists="E. Expert; F. Expert",
        )
        names = [("Brazil", "Member State", "Latin American and Caribbean States"),
                 ("United Nations Office on Drugs and Crime", "UN entity", ""),
                 ("Dr. Jane Expert", "expert/panellist", ""),
                 ("Nigeria", "Member State", "African States"),
                 ("Japan", "Member State", "Asia-Pacific States"),
                 ("Council of Europe", "intergovernmental organization", "")]
        speakers = [notebook.add_speaker(n, category=c, regional_group=g) for n, c, g in names]
        said = [
            (0, ("W3.Q.a",), "Brazil described its specialized police units for cybercrime and the "
                             "training given to prosecutors in every state."),
            (1, ("W3.Q.a",), "UNODC presented the findings of its comprehensive study on cybercrime."),
            (2, ("W3.Q.a", "W3.Q.b"), "Research shows that most cybercrime is never reported."),
            (3, ("W3.Q.b",), "Nigeria stressed public education on online fraud."),
            (0, ("W3.Q.b",), "Brazil recommended joint training of police and prosecutors."),
        ]
        interventions = []
        for number, (who, refs, text) in enumerate(said):
            interventions.append(notebook.record_intervention(
                session.id, speakers[who].id, text, question_refs=refs,
                started_at=at(number * 4), ended_at=at(number * 4 + 3), seconds=180,
            ))
        for number, (kind, title, ref, source) in enumerate([
            ("good practice", "Specialized cybercrime units", "W3.Q.a", 0),
            ("recommendation", "Joint training of police and prosecutors", "W3.Q.b", 4),
        ]):
            notebook.put(Finding(
                id=new_id(), created_at=at(number * 16 + 2), updated_at=at(number * 16 + 2),
                session_id=session.id, kind=kind, title=title, question_ref=ref,
                intervention_id=interventions[source].id, jurisdiction="Brazil",
                evidence="promising" if kind == "good practice" else "", position=number + 1.0,
            ))
        notebook.set_question_state(session.id, "W3.Q.a", status="discussed")
        notebook.set_question_state(session.id, "W3.Q.b", status="discussed")
        notebook.set_question_state(session.id, "W3.Q.c", status="current")
        speaking = notebook.enqueue(session.id, speakers[4].id)
        notebook.update(speaking, state="speaking")
        notebook.enqueue(session.id, speakers[5].id)
        notebook.enqueue(session.id, speakers[1].id, "reply")
        notebook.enqueue(session.id, speakers[3].id, "point of order")
        notebook.save_draft(
            session.id, "Japan: the police cooperate with internet service providers under a "
            "code of conduct; data are kept for 90 days.",
            speaker_id=speakers[4].id, question_refs=("W3.Q.c",), started_at=at(20),
        )
        return session.id


def snapshot_app(home: Path, clock: FixedClock) -> WorkshopApp:
    return make_app(home, clock=clock, settings=Settings(cursor_blink=False, draft_seconds=3600))


def open_workspace(session_id: str, *keys: str):
    async def run_before(pilot: Pilot) -> None:
        from workshop.tui.screens.recovery import RecoveryScreen
        from workshop.tui.screens.workspace import WorkspaceScreen

        for _ in range(100):  # the draft is offered back first; "Later" keeps it
            if isinstance(pilot.app.screen, RecoveryScreen):
                break
            await pilot.pause(0.02)
        await pilot.press("escape")
        pilot.app.open_session(session_id)
        for _ in range(100):
            if isinstance(pilot.app.screen, WorkspaceScreen) and pilot.app.screen.is_mounted:
                break
            await pilot.pause(0.02)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_screen(snap_compare, tmp_path: Path, clock: FixedClock, size) -> None:
    meeting_in_progress(tmp_path, clock)
    with Notebook.open(tmp_path) as notebook:
        notebook.clear_draft(notebook.sessions()[1].id)

    async def settle(pilot: Pilot) -> None:
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path, clock), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_workspace_mid_meeting(snap_compare, tmp_path: Path, clock: FixedClock, size) -> None:
    session_id = meeting_in_progress(tmp_path, clock)
    clock.advance(20 * 60 + 5 * 60 + 42)  # Japan has spoken for 5:42, past the 5:00 limit
    assert snap_compare(snapshot_app(tmp_path, clock), terminal_size=size,
                        run_before=open_workspace(session_id))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_finding_form(snap_compare, tmp_path: Path, clock: FixedClock, size) -> None:
    session_id = meeting_in_progress(tmp_path, clock)
    clock.advance(20 * 60 + 90)
    assert snap_compare(snapshot_app(tmp_path, clock), terminal_size=size,
                        run_before=open_workspace(session_id, "f7", *"Code of conduct", "tab",
                                                  *"With service providers"))


def test_workspace_after_synthesis(snap_compare, tmp_path: Path, clock: FixedClock) -> None:
    """F6 and back: the programme fills its panel as before (not a 24-column box)."""
    session_id = meeting_in_progress(tmp_path, clock)
    clock.advance(20 * 60 + 90)
    assert snap_compare(snapshot_app(tmp_path, clock), terminal_size=(80, 24),
                        run_before=open_workspace(session_id, "f6", "escape"))


def test_workspace_long_name_and_tags(snap_compare, tmp_path: Path, clock: FixedClock) -> None:
    """80x24: a long name on the floor, a note with three tags: the time, limit and tags stay."""
    session_id = meeting_in_progress(tmp_path, clock)
    with Notebook.open(tmp_path) as notebook:
        speaker = notebook.add_speaker("Ms. Ana Pérez Gómez", delegation="Spain",
                                       category="Member State")
        [speaking] = [e for e in notebook.queue(session_id) if e.state == "speaking"]
        notebook.update(speaking, speaker_id=speaker.id)
        draft = notebook.draft(session_id)
        notebook.save_draft(session_id, draft.text, speaker_id=speaker.id,
                            question_refs=("W3.Q.c", "W3.Q.d", "W3.Q.h"), started_at=draft.started_at)
    clock.advance(20 * 60 + 111)
    assert snap_compare(snapshot_app(tmp_path, clock), terminal_size=(80, 24),
                        run_before=open_workspace(session_id))


def test_recovery_dialog(snap_compare, tmp_path: Path, clock: FixedClock) -> None:
    """80x24 after a crash: the buttons and the end of a long note are on the screen."""
    session_id = meeting_in_progress(tmp_path, clock)
    with Notebook.open(tmp_path) as notebook:
        draft = notebook.draft(session_id)
        notebook.save_draft(session_id, draft.text + " She went on. " * 30 + "The end of the note.",
                            speaker_id=draft.speaker_id, question_refs=("W3.Q.c", "W3.Q.d"),
                            started_at=draft.started_at)
        # The time the draft was saved is shown: fixed, for a stable picture.
        notebook.conn.execute("UPDATE draft SET updated_at = '2015-04-15T08:20:00+00:00'")
        notebook.conn.commit()

    async def settle(pilot: Pilot) -> None:
        from workshop.tui.screens.recovery import RecoveryScreen

        for _ in range(100):
            if isinstance(pilot.app.screen, RecoveryScreen):
                break
            await pilot.pause(0.02)
        await pilot.pause(0.2)

    assert snap_compare(snapshot_app(tmp_path, clock), terminal_size=(80, 24), run_before=settle)


@pytest.mark.parametrize("name, keys", [
    ("speaker_form", ("f2", *"Nigeri")),
    ("tag_picker", ("ctrl+t", "down", "space")),
    ("intervention_form", ("ctrl+l", "down", "enter")),
    ("statement_form", ("f5", *"The Chair closed the meeting.", "ctrl+s")),
])
def test_recording_dialogs(snap_compare, tmp_path: Path, clock: FixedClock, name: str, keys) -> None:
    """80x24: the dialogs of the workspace show every field and button."""
    session_id = meeting_in_progress(tmp_path, clock)
    clock.advance(20 * 60 + 90)
    assert snap_compare(snapshot_app(tmp_path, clock), terminal_size=(80, 24),
                        run_before=open_workspace(session_id, *keys))
