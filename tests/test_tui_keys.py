"""Keys sent in one burst, with no pause at all: every key acts on the text as typed up to it.

Each burst is put into the app's input in one go, the way a fast typist, a paste of key strokes or
a loaded machine delivers it; only then does the test wait. The notebook is read afterwards.
"""

from __future__ import annotations

from pathlib import Path

from test_tui_meeting import new_app, on_screen, run_async, wait_for
from textual import events
from textual.command import CommandPalette
from textual.keys import _character_to_key
from textual.widgets import Input

from workshop.store import Notebook
from workshop.tui.app import WorkshopApp
from workshop.tui.screens.finding_form import FindingScreen
from workshop.tui.screens.search import SearchScreen
from workshop.tui.screens.speaker_form import SpeakerScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.widgets.notes import NotesPanel

SPEAKERS = ("Brazil", "Nigeria", "Mexico")


def burst(app: WorkshopApp, *parts: str) -> None:
    """Put keys into the app's input all at once: text as typed, or a named key such as "<f4>"."""
    driver = app._driver
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            driver.send_message(events.Key(part[1:-1], None))
            continue
        for char in part:
            driver.send_message(events.Key(char if char.isalnum() else _character_to_key(char), char))


def backspaces(count: int) -> list[str]:
    return ["<backspace>"] * count


def a_session_with_speakers(home: Path) -> str:
    """A session whose list of speakers holds Brazil, Nigeria and Mexico, in that order."""
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting")
        for name in SPEAKERS:
            notebook.enqueue(session.id, notebook.add_speaker(name).id, "statement")
    return session.id


async def open_workspace(app: WorkshopApp, pilot, session_id: str) -> WorkspaceScreen:
    app.open_session(session_id)
    await on_screen(pilot, WorkspaceScreen)
    await pilot.pause()
    return app.screen


def notes_by_speaker(home: Path, session_id: str) -> list[tuple[str, str]]:
    with Notebook.open(home) as notebook:
        names = {s.id: s.name for s in notebook.speakers()}
        return [(names[i.speaker_id], i.text) for i in notebook.interventions(session_id)]


@run_async
async def test_keys_typed_just_before_f4_stay_with_their_speaker(tmp_path: Path) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workspace(app, pilot, session_id)
        burst(app, "<f4>", "Brazil spoke on witnesses", "<f4>", "Nigeria spoke on courts", "<f4>",
              "Mexico spoke on prisons", *backspaces(7), "victims", "<f5>")
        await wait_for(pilot, lambda: len(notes_by_speaker(tmp_path, session_id)) == 3)
    assert notes_by_speaker(tmp_path, session_id) == [
        ("Brazil", "Brazil spoke on witnesses"),
        ("Nigeria", "Nigeria spoke on courts"),
        ("Mexico", "Mexico spoke on victims"),
    ]


@run_async
async def test_ctrl_s_just_after_typing_saves_every_key(tmp_path: Path) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        workspace = await open_workspace(app, pilot, session_id)
        burst(app, "<f4>", "Brazil stressed", "<ctrl+s>", " cooperation", "<ctrl+s>")
        await wait_for(pilot, lambda: notes_by_speaker(tmp_path, session_id) == [
            ("Brazil", "Brazil stressed cooperation")])
        assert workspace.query_one(NotesPanel).text == "Brazil stressed cooperation"


@run_async
async def test_a_finding_saved_in_the_same_burst_keeps_its_whole_title(tmp_path: Path) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workspace(app, pilot, session_id)
        await pilot.press("f7")
        await on_screen(pilot, FindingScreen)
        burst(app, "Specialized units", *backspaces(5), "courts", "<ctrl+s>")
        await on_screen(pilot, WorkspaceScreen)
    with Notebook.open(tmp_path) as notebook:
        assert [f.title for f in notebook.findings(session_id)] == ["Specialized courts"]


@run_async
async def test_a_burst_with_backspaces_in_the_search_field(tmp_path: Path) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workspace(app, pilot, session_id)
        await pilot.press("ctrl+f")
        await on_screen(pilot, SearchScreen)
        burst(app, "trafficking", *backspaces(6), "witness", "<left>", "<left>", "e", "<end>", "!")
        query = app.screen.query_one("#search-query", Input)
        await wait_for(pilot, lambda: query.value == "traffwitneess!")


@run_async
async def test_a_burst_with_backspaces_in_the_speaker_picker(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3").id
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workspace(app, pilot, session_id)
        await pilot.press("f2")
        await on_screen(pilot, SpeakerScreen)
        # Enter picks the first suggestion for what is typed by then: Mexico, not Brazil.
        burst(app, "Brazil", *backspaces(6), "Mexico", "<enter>")
        await on_screen(pilot, WorkspaceScreen)
    with Notebook.open(tmp_path) as notebook:
        names = {s.id: s.name for s in notebook.speakers()}
        assert [names[e.speaker_id] for e in notebook.queue(session_id)] == ["Mexico"]


@run_async
async def test_a_burst_in_the_command_palette(tmp_path: Path) -> None:
    session_id = a_session_with_speakers(tmp_path)
    app = new_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        workspace = await open_workspace(app, pilot, session_id)
        burst(app, "<ctrl+p>", "gender", *backspaces(3), "eral")
        await on_screen(pilot, CommandPalette)
        await wait_for(pilot, lambda: app.screen.query_one(Input).value == "general")
        assert workspace.query_one(NotesPanel).text == ""  # nothing meant for the palette in the note
