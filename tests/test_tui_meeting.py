"""A whole meeting recorded with key presses only, then checked in the notebook and after a restart."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Select

from workshop.records import QueueEntry
from workshop.store import Notebook
from workshop.tui.app import WorkshopApp, make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.finding_form import FindingScreen
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.session_form import SessionScreen
from workshop.tui.screens.speaker_form import SpeakerScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.settings import Settings
from workshop.tui.widgets.floor import FloorPanel
from workshop.tui.widgets.log import LogTable

TEST_SETTINGS = Settings(cursor_blink=False, draft_seconds=5.0)


def run_async(test):
    """Run an async test with asyncio.run (no pytest plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return wrapper


def new_app(home: Path, clock: FixedClock | None = None) -> WorkshopApp:
    return make_app(home, clock=clock or FixedClock(), settings=TEST_SETTINGS)


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 5.0) -> None:
    """Wait for a condition, not for a time."""
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition not met in time")


async def on_screen(pilot: Pilot, screen_type: type) -> None:
    """Wait until a screen of this type is in front and mounted (its widgets composed)."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen_type)
                   and pilot.app.screen.is_mounted)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type text as key events, the way a fast typist does.

    The same Key events as `pilot.press`, in order, but without Pilot's idle wait after each
    one (about 60 ms a key on a slow machine); one wait at the end.
    """
    driver = pilot.app._driver
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        driver.send_message(events.Key(key, char))
    await pilot.pause()


async def add_speaker(pilot: Pilot, letters: str, key: str = "f2") -> None:
    """F2 (or F3), type a few letters, Enter on the first suggestion."""
    await pilot.press(key)
    await on_screen(pilot, SpeakerScreen)
    await type_text(pilot, letters)
    await pilot.pause()
    await pilot.press("enter")
    await on_screen(pilot, WorkspaceScreen)


async def add_finding(
    pilot: Pilot, key: str, title: str, text: str, jurisdiction: str, evidence_downs: int = 0
) -> None:
    """Open a finding form with its key, fill it with Tab between fields, Ctrl+S."""
    await pilot.press(key)
    await on_screen(pilot, FindingScreen)
    await type_text(pilot, title)
    await pilot.press("tab")
    await type_text(pilot, text)
    await pilot.press("tab")
    await type_text(pilot, jurisdiction)
    if evidence_downs:
        await pilot.press("tab", "enter", *["down"] * evidence_downs, "enter")
    await pilot.press("ctrl+s")
    await on_screen(pilot, WorkspaceScreen)


async def speak(pilot: Pilot, clock: FixedClock, text: str, seconds: int) -> None:
    """The speaker talks for `seconds` while the rapporteur types the note."""
    await type_text(pilot, text)
    clock.advance(seconds)


async def create_session(pilot: Pilot) -> None:
    """From the home screen: n, pick Workshop 3, fill the form, Ctrl+S."""
    await on_screen(pilot, HomeScreen)
    await pilot.press("n")
    await on_screen(pilot, SessionScreen)
    # The topic list: the blank prompt, A3..A6, W1..W4; Workshop 3 is seven down.
    await pilot.press("enter", *["down"] * 7, "enter")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#topic", Select).value == "W3")
    await pilot.press("tab", "tab", "tab")  # meeting and date keep their defaults
    await type_text(pilot, "Doha")
    await pilot.press("tab")
    await type_text(pilot, "Ms. Chair")
    await pilot.press("tab")
    await type_text(pilot, "Mr. Rapporteur")
    await pilot.press("ctrl+s")
    await on_screen(pilot, WorkspaceScreen)


@run_async
async def test_a_whole_meeting_with_keys_only(tmp_path: Path) -> None:
    clock = FixedClock()
    app = new_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await create_session(pilot)
        await pilot.press("ctrl+down")  # question (a) is current

        await add_speaker(pilot, "bra")  # built-in: Brazil
        await add_speaker(pilot, "unod")  # built-in, by its acronym: UNODC
        # A new name: Enter goes on to its category, chosen in the list (one up from "other").
        await pilot.press("f2")
        await on_screen(pilot, SpeakerScreen)
        await type_text(pilot, "Dr. Jane Expert")
        await pilot.press("enter", "enter", "up", "enter", "ctrl+s")
        await on_screen(pilot, WorkspaceScreen)
        await add_speaker(pilot, "Nigeria")

        await pilot.press("f4")  # 1. Brazil on (a)
        await speak(pilot, clock, "Brazil described its witness protection programme.", 120)
        await pilot.press("f4")  # 2. UNODC on (a)
        await speak(pilot, clock, "UNODC presented its global study.", 100)
        await add_finding(pilot, "f7", "Specialized cybercrime units", "Units in every region.",
                          "UNODC")
        clock.advance(100)
        await pilot.press("f4")  # 3. Dr. Jane Expert on (a); the note follows the chair to (b)
        await speak(pilot, clock, "Research shows under-reporting.", 400)
        timer = app.screen.query_one(FloorPanel).query_one("#timer")
        await wait_for(pilot, lambda: timer.has_class("-over"))  # redrawn every second
        assert "OVER" in str(timer.render())
        await pilot.press("ctrl+down")
        await pilot.press("f4")  # 4. Nigeria on (b)
        await speak(pilot, clock, "Nigeria stressed education.", 90)
        await add_speaker(pilot, "bra")  # Brazil again, now from the notebook
        await add_speaker(pilot, "unod")
        await add_speaker(pilot, "nigeria")
        await add_speaker(pilot, "Mexico", key="f3")  # a point of order jumps the list
        await pilot.press("f4")  # 5. Mexico, point of order
        await speak(pilot, clock, "Point of order on time limits.", 30)
        await pilot.press("f5")
        await pilot.press("f4")  # 6. Brazil on (b)
        await speak(pilot, clock, "Brazil recommended joint training.", 60)
        await add_finding(pilot, "f9", "Joint training of police and prosecutors",
                          "Regional programmes.", "")
        await pilot.press("f5")
        await pilot.press("ctrl+down")  # question (c)
        await pilot.press("f4")  # 7. UNODC on (c)
        await speak(pilot, clock, "UNODC offered technical assistance.", 150)
        await pilot.press("f4")  # 8. Nigeria on (c)
        await speak(pilot, clock, "Nigeria described a hotline.", 75)
        await add_finding(pilot, "f7", "Reporting hotline", "Run with telecoms.", "Nigeria",
                          evidence_downs=3)
        await pilot.press("f5")
        await pilot.pause()

    with Notebook.open(tmp_path) as notebook:
        [session] = notebook.sessions()
        assert (session.topic, session.meeting, session.date) == ("W3", "1st meeting", "2015-04-13")
        assert (session.venue, session.chair, session.rapporteur) == (
            "Doha", "Ms. Chair", "Mr. Rapporteur")
        speakers = {s.name: s for s in notebook.speakers()}
        assert set(speakers) == {
            "Brazil", "United Nations Office on Drugs and Crime", "Dr. Jane Expert", "Nigeria",
            "Mexico",
        }
        assert speakers["Brazil"].category == "Member State"
        assert speakers["Brazil"].regional_group == "Latin American and Caribbean States"
        assert speakers["United Nations Office on Drugs and Crime"].category == "United Nations Secretariat"
        assert speakers["Dr. Jane Expert"].category == "expert/panellist"
        by_id = {s.id: s.name for s in speakers.values()}

        interventions = notebook.interventions(session.id)
        assert [by_id[i.speaker_id] for i in interventions] == [
            "Brazil", "United Nations Office on Drugs and Crime", "Dr. Jane Expert", "Nigeria",
            "Mexico", "Brazil", "United Nations Office on Drugs and Crime", "Nigeria",
        ]
        assert [i.question_refs for i in interventions] == [
            # The note follows the chair to (b); a point of order answers no question.
            ("W3.Q.a",), ("W3.Q.a",), ("W3.Q.b",), ("W3.Q.b",), (), ("W3.Q.b",),
            ("W3.Q.c",), ("W3.Q.c",),
        ]
        assert [i.kind for i in interventions] == [
            "statement", "statement", "statement", "statement", "point of order", "statement",
            "statement", "statement",
        ]
        assert [i.seconds for i in interventions] == [120, 200, 400, 90, 30, 60, 150, 75]
        assert interventions[0].text == "Brazil described its witness protection programme."
        assert interventions[4].text == "Point of order on time limits."

        queue = notebook.rows(QueueEntry, "session_id = ?", [session.id])
        mexico = [e for e in queue if by_id[e.speaker_id] == "Mexico"]
        assert [e.kind for e in mexico] == ["point of order"]

        findings = notebook.findings(session.id)
        assert [(f.kind, f.title, f.question_ref) for f in findings] == [
            ("good practice", "Specialized cybercrime units", "W3.Q.a"),
            ("recommendation", "Joint training of police and prosecutors", "W3.Q.b"),
            ("good practice", "Reporting hotline", "W3.Q.c"),
        ]
        assert [f.intervention_id for f in findings] == [
            interventions[1].id, interventions[5].id, interventions[7].id,
        ]
        assert findings[0].text == "Units in every region."
        assert (findings[2].jurisdiction, findings[2].evidence) == ("Nigeria", "promising")
        assert findings[1].evidence == ""

        states = {ref: s.status for ref, s in notebook.question_states(session.id).items()}
        assert states == {"W3.Q.a": "discussed", "W3.Q.b": "discussed", "W3.Q.c": "current"}
        assert notebook.drafts() == []
        assert notebook.queue(session.id) == []

    # Restart: everything is found again from the home screen.
    app = new_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, HomeScreen)
        table = app.screen.query_one("#sessions")
        row = [cell.plain for cell in table.get_row_at(0)]
        assert row[0].startswith("W3 Cybercrime and cultural")  # cut with … to fit 80 columns
        assert row[1:] == ["1st meeting", "2015-04-13", "8", "open"]
        await pilot.press("enter")
        await on_screen(pilot, WorkspaceScreen)
        screen = app.screen
        assert screen.meeting.current_ref == "W3.Q.c"
        assert screen.meeting.turn is None
        await wait_for(pilot, lambda: screen._panels_ready)  # the log comes after the first frame
        log = screen.query_one(LogTable)
        assert log.row_count == 11
        newest = [cell.plain for cell in log.get_row_at(0)]
        assert newest[1:4] == ["good practice", "Reporting hotline", "c"]
        assert any("Nigeria described a hotline." in log.get_row_at(i)[4].plain
                   for i in range(log.row_count))

