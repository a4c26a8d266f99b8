"""The session form, new and edited, driven by keys; every assertion reads the notebook."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_meeting import new_app, on_screen, run_async, type_text, wait_for
from textual.pilot import Pilot
from textual.widgets import Select, Static

from workshop import cli
from workshop.catalogue.congress import default_documents
from workshop.demo import fill_demo
from workshop.proceedings import BODIES
from workshop.records import Session
from workshop.store import Notebook
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.session_form import SessionScreen
from workshop.tui.screens.workspace import WorkspaceScreen

NIJ = "National Institute of Justice of the United States Department of Justice"
ISPAC = ("International Scientific and Professional Advisory Council of the United Nations Crime "
         "Prevention and Criminal Justice Programme")
KIC = "Korean Institute of Criminology"
HEUNI = "European Institute for Crime Prevention and Control, affiliated with the United Nations"
UNICRI = "United Nations Interregional Crime and Justice Research Institute"
# Tab stops after the topic: meeting, date, venue, chair, rapporteur, panellists, speaking time, body.
TABS_TO_BODY = 8


async def pick(pilot: Pilot, downs: int) -> None:
    """Open the focused Select, go down, choose."""
    await pilot.press("enter", *["down"] * downs, "enter")


async def fill_new_w3_session(pilot: Pilot) -> None:
    """n, Workshop 3, every field of the form typed or ticked; the form left open."""
    await on_screen(pilot, HomeScreen)
    await pilot.press("n")
    await on_screen(pilot, SessionScreen)
    await pick(pilot, 7)  # the blank prompt, A3..A6, W1, W2, then W3
    form = pilot.app.screen
    await wait_for(pilot, lambda: form.query_one("#topic", Select).value == "W3")
    await pilot.press("tab", "tab", "tab")  # meeting and date keep their defaults
    for text in ("Doha", "Ms. Chair", "Mr. Rapporteur", "Dr. A; Mr. B", "4"):
        await type_text(pilot, text)
        await pilot.press("tab")
    # The body followed the topic (Committee I held Workshop 3): kept, and on to the meetings.
    assert form.query_one("#body", Select).value == "Committee I"
    await pilot.press("tab")
    await type_text(pilot, "5 2015-04-15, 4 2015-04-15, 6 2015-04-16")
    await pilot.press("tab")
    await type_text(pilot, "Miguel Ortega")
    await pilot.press("tab")
    await type_text(pilot, "Professor of Criminal Law")
    await pilot.press("tab")
    # The institutes: Workshop 3's four come ticked, first. NIJ unticked, UNICRI (fifth) ticked.
    await pilot.press("space", "down", "down", "down", "down", "space")
    await pilot.press("tab")
    await type_text(pilot, "Note by the Secretariat (A/CONF.222/13)")
    await pilot.press("enter")


@run_async
async def test_the_new_session_form_stores_every_field(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_new_w3_session(pilot)
        await pilot.press("ctrl+s")
        await on_screen(pilot, WorkspaceScreen)

    with Notebook.open(tmp_path) as notebook:
        [session] = notebook.sessions()
    assert session.topic == "W3" and session.meeting == "1st meeting" and session.date == "2015-04-13"
    assert (session.venue, session.chair, session.rapporteur) == ("Doha", "Ms. Chair", "Mr. Rapporteur")
    assert session.panellists == "Dr. A; Mr. B" and session.speaking_limit == 240
    assert session.body == "Committee I"
    assert session.meetings == ("4 2015-04-15", "5 2015-04-15", "6 2015-04-16")
    assert (session.moderator, session.moderator_function) == ("Miguel Ortega", "Professor of Criminal Law")
    assert session.institutes == (ISPAC, KIC, HEUNI, UNICRI)
    assert session.documents == ("Note by the Secretariat (A/CONF.222/13)", *default_documents("W3"))


@run_async
async def test_documents_left_as_the_catalogue_gives_them_are_stored_as_its_defaults(tmp_path: Path) -> None:
    app = new_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await on_screen(pilot, SessionScreen)
        await pick(pilot, 6)  # Workshop 2: no body, meetings or institutes known
        form = app.screen
        await wait_for(pilot, lambda: form.query_one("#topic", Select).value == "W2")
        assert form.query_one("#body", Select).value is Select.NULL
        await pilot.press(*["tab"] * TABS_TO_BODY)
        await pick(pilot, len(BODIES) + 1)  # "Other", after the blank and the bodies: its name is typed
        await pilot.press("tab")
        await type_text(pilot, "Committee of the Whole")
        await pilot.press("ctrl+s")
        await on_screen(pilot, WorkspaceScreen)
    with Notebook.open(tmp_path) as notebook:
        [session] = notebook.sessions()
    assert session.topic == "W2" and session.body == "Committee of the Whole"
    assert session.documents == () and session.institutes == () and session.meetings == ()


@pytest.mark.parametrize(("typed", "said"), [
    ("4 15 April 2015", "Meeting “4 15 April 2015”: write NUMBER YYYY-MM-DD, e.g. 4 2015-04-15."),
    ("4th", "Meeting “4th”: write NUMBER YYYY-MM-DD"),
    ("0 2015-04-15", "Meeting “0 2015-04-15”: its number is between 1 and 999."),
    ("4 2015-04-31", "Meeting “4 2015-04-31”: “2015-04-31” is not a date YYYY-MM-DD."),
    ("5 2015-04-16, 5 2015-04-17", "Meeting 5 is given twice."),
    ("7 2015-04-16, " * 8, "Meeting 7 is given twice."),
])
@run_async
async def test_bad_meetings_are_refused_in_one_line_and_nothing_is_saved(
    tmp_path: Path, typed: str, said: str,
) -> None:
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await on_screen(pilot, SessionScreen)
        await pick(pilot, 7)
        await pilot.press(*["tab"] * (TABS_TO_BODY + 1))
        await type_text(pilot, typed)
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SessionScreen)  # still open, for the rapporteur to correct
        error = str(form.query_one("#error", Static).content)
        assert said in error and "\n" not in error
        assert form.query_one("#error").region.height == 1 and form.query_one("#error").region.bottom <= 24
    with Notebook.open(tmp_path) as notebook:
        assert notebook.sessions() == []


def demo_home(home: Path) -> Session:
    with Notebook.open(home) as notebook:
        return fill_demo(notebook)


def kept_records(home: Path, session_id: str) -> dict[str, list]:
    with Notebook.open(home) as notebook:
        record = notebook.session_record(session_id)
    return {"interventions": list(record.interventions), "findings": list(record.findings),
            "key points": list(record.key_points), "questions": list(record.question_states)}


@run_async
async def test_editing_a_session_from_the_sessions_keeps_its_records(tmp_path: Path) -> None:
    session = demo_home(tmp_path)
    before = kept_records(tmp_path, session.id)
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, HomeScreen)
        await pilot.press("e")
        await on_screen(pilot, SessionScreen)
        form = app.screen
        assert form.query_one("#topic", Select).disabled  # a recorded session keeps its topic
        assert form.focused.id == "meeting"
        await pilot.press("ctrl+u")
        await type_text(pilot, "Workshop, 1st day")
        await pilot.press(*["tab"] * (TABS_TO_BODY - 1))
        await pick(pilot, 1)  # Committee II
        await pilot.press("tab", "end")
        await type_text(pilot, ", 7 2015-04-17")
        await pilot.press("tab", "ctrl+u")
        await type_text(pilot, "Ana Ruiz")
        await pilot.press("ctrl+s")
        await on_screen(pilot, HomeScreen)
        assert any("Session details saved" in n.message for n in app._notifications)

    with Notebook.open(tmp_path) as notebook:
        edited = notebook.get(Session, session.id)
    assert edited.meeting == "Workshop, 1st day" and edited.body == "Committee II" and edited.moderator == "Ana Ruiz"
    assert edited.meetings == (*session.meetings, "7 2015-04-17")
    # Everything else as it was: the panellists' line break, the institutes' order, the
    # catalogue's documents, the topic, the status; and every record of the session.
    unchanged = ("topic", "date", "venue", "chair", "rapporteur", "panellists", "speaking_limit", "status",
                 "moderator_function", "institutes", "documents", "created_at")
    assert {f: getattr(edited, f) for f in unchanged} == {f: getattr(session, f) for f in unchanged}
    assert "\n" in edited.panellists
    assert kept_records(tmp_path, session.id) == before


@run_async
async def test_editing_from_the_workspace_shows_the_change_in_its_bar(tmp_path: Path) -> None:
    session = demo_home(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_session(session.id)
        await on_screen(pilot, WorkspaceScreen)
        await type_text(pilot, "half a note")  # the note being typed is kept
        await pilot.press("ctrl+r")
        await on_screen(pilot, SessionScreen)
        await pilot.press("tab", "tab", "ctrl+u")  # the venue
        await type_text(pilot, "Room M1")
        await pilot.press("ctrl+s")
        await on_screen(pilot, WorkspaceScreen)
        bar = str(app.screen.query_one("#session-bar", Static).content)
        assert "Room M1" in bar
        assert app.screen.query_one("#note").text == "half a note"
    with Notebook.open(tmp_path) as notebook:
        assert notebook.get(Session, session.id).venue == "Room M1"


@run_async
async def test_a_final_session_is_not_edited(tmp_path: Path) -> None:
    session = demo_home(tmp_path)
    with Notebook.open(tmp_path) as notebook:
        notebook.update(notebook.get(Session, session.id), status="final")
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, HomeScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("final" in n.message for n in app._notifications)


@run_async
async def test_escape_leaves_the_session_as_it_was(tmp_path: Path) -> None:
    session = demo_home(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, HomeScreen)
        await pilot.press("e")
        await on_screen(pilot, SessionScreen)
        await type_text(pilot, "changed")
        await pilot.press("escape")
        await on_screen(pilot, HomeScreen)
    with Notebook.open(tmp_path) as notebook:
        assert notebook.get(Session, session.id) == session


def test_workshop_new_takes_the_proceedings_fields(home: Path, capsys) -> None:
    args = ["--home", str(home), "new", "W3", "--date", "2015-04-15", "--body", "Committee I",
            "--meetings", "5 2015-04-15, 4 2015-04-15", "--moderator", "Miguel Ortega",
            "--moderator-function", "Professor of Criminal Law"]
    assert cli.main(args) == 0
    assert cli.main(["--home", str(home), "new", "W3", "--date", "2015-04-16", "--meeting-number", "6"]) == 0
    with Notebook.open(home) as notebook:
        first, second = notebook.sessions()
    assert (first.body, first.meetings) == ("Committee I", ("4 2015-04-15", "5 2015-04-15"))
    assert (first.moderator, first.moderator_function) == ("Miguel Ortega", "Professor of Criminal Law")
    assert second.meetings == ("6 2015-04-16",)


@pytest.mark.parametrize(("option", "said"), [
    (["--meetings", "4 15/04/2015"], "workshop: --meetings: meeting “4 15/04/2015”: “15/04/2015” is not a date"),
    (["--meetings", "4 2015-04-15, 4 2015-04-16"], "workshop: --meetings: meeting 4 is given twice"),
    (["--meeting-number", "four"], "workshop: --meeting-number 'four' is not a meeting number"),
    (["--meeting-number", "0"], "workshop: --meeting-number: meeting “0 "),
])
def test_workshop_new_refuses_bad_meetings_in_one_line(home: Path, capsys, option: list[str], said: str) -> None:
    assert cli.main(["--home", str(home), "new", "W3", *option]) == 1
    err = capsys.readouterr().err
    assert err.startswith(said) and err.count("\n") == 1
    with Notebook.open(home) as notebook:
        assert notebook.sessions() == []
