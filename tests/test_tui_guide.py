"""The guide in the app: opened from the workspace at the current question, over the programme,
read and searched with the keyboard, closed with Escape without leaving the note; and opened from
the search screen at a place found. Snapshots at 80x24 and 120x40 for each kind of topic."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from workshop.store import Notebook
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.settings import Settings

SIZES = [(80, 24), (120, 40)]
NOTE = "Japan: the police work with providers under a code of conduct"

# A question of each kind of topic: a workshop's questions, a list of issues, an agenda item's.
KINDS = {
    "workshop": ("W3", "W3.Q.c", "Question (c) · para. 109"),
    "issues": ("W4", "W4.Q.b", "Issue (b) · para. 126"),
    "agenda item": ("A4", "A4.Q.d", "Question (d) · para. 39"),
}


def run_async(test):
    """Run an async test with asyncio.run (no pytest plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return wrapper


def session_with_current(home: Path, topic: str, ref: str) -> str:
    """A session of the topic whose current question is `ref`."""
    with Notebook.open(home) as notebook:
        session = notebook.create_session(topic, meeting="1st meeting", date="2015-04-15",
                                          venue="Doha", chair="Ms. A. Chair")
        notebook.set_question_state(session.id, ref, status="current")
        return session.id


def app_for(home: Path):
    return make_app(home, clock=FixedClock(), settings=Settings(cursor_blink=False, draft_seconds=3600))


async def open_workspace(pilot: Pilot, session_id: str) -> None:
    """The session's workspace, its panels filled."""
    from workshop.tui.screens.workspace import WorkspaceScreen

    await pilot.pause()
    pilot.app.open_session(session_id)
    for _ in range(200):
        screen = pilot.app.screen
        if isinstance(screen, WorkspaceScreen) and screen.is_mounted and screen._panels_ready:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def open_guide(pilot: Pilot, session_id: str) -> None:
    """Type a note in the workspace, then open the guide with Ctrl+G."""
    from workshop.tui.screens.guide import GuideScreen

    await open_workspace(pilot, session_id)
    await pilot.press(*NOTE)
    await pilot.press("ctrl+g")
    for _ in range(100):
        if isinstance(pilot.app.screen, GuideScreen):
            break
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.pause()


def place(screen) -> str:
    return str(screen.query_one("#guide-place", Static).render())


# --- Pilot tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
@run_async
async def test_guide_opens_at_the_current_question_over_the_programme(home: Path, kind: str) -> None:
    from workshop.tui.screens.guide import GuideScreen
    from workshop.tui.screens.workspace import WorkspaceScreen
    from workshop.tui.widgets.notes import NoteArea

    topic, ref, cited = KINDS[kind]
    session_id = session_with_current(home, topic, ref)
    app = app_for(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guide(pilot, session_id)
        guide = app.screen
        assert isinstance(guide, GuideScreen)
        workspace = app.screen_stack[-2]
        assert isinstance(workspace, WorkspaceScreen)
        # it covers the programme and leaves the note in sight
        panel = guide.query_one("#guide").region
        assert panel == workspace.query_one("#programme").region
        assert not panel.overlaps(workspace.query_one("#notes").region)
        # at the current question, which is marked, with its place as a report cites it
        assert place(guide) == cited
        (target,) = guide.query(".-target")
        letter = ref.rsplit(".", 1)[1]
        assert str(target.render()).startswith(f"({letter}) ")
        assert target.region.y >= panel.y and target.region.bottom <= panel.bottom
        # and the lead-in of the list is there too, word for word
        from workshop.catalogue import load_catalogue

        lead_in = load_catalogue().topic(topic).questions_lead_in
        assert any(str(s.render()).endswith(lead_in) for s in guide.query(".-paragraph"))
        # Escape: back to the note, its text and focus as they were
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is workspace
        note = workspace.query_one(NoteArea)
        assert note.has_focus
        assert note.text == NOTE
        await pilot.press("!")
        assert note.text == NOTE + "!"


@run_async
async def test_guide_is_read_and_searched_with_the_keyboard(home: Path) -> None:
    session_id = session_with_current(home, "W3", "W3.Q.a")
    app = app_for(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_guide(pilot, session_id)
        guide = app.screen
        text = guide.query_one("#guide-text")
        assert text.has_focus
        start = text.scroll_y
        await pilot.press("pageup", "pageup", "pageup", "pageup", "pageup", "pageup")
        await pilot.pause()
        assert text.scroll_y < start
        await pilot.press("home")
        await pilot.pause()
        assert text.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert text.scroll_y > 0
        # find: "/" then words; Enter goes to the first place, n to the next
        await pilot.press("slash")
        find = guide.query_one("#guide-find", Input)
        assert find.has_focus
        await pilot.press(*"model treaty", "enter")
        await pilot.pause()
        assert text.has_focus
        assert [guide.pieces[n].paragraph for n, _ in guide.matches] == [101, 109]
        assert place(guide) == "para. 101"
        await pilot.press("n")
        await pilot.pause()
        assert place(guide) == "Question (f) · para. 109"
        await pilot.press("N")
        await pilot.pause()
        assert place(guide) == "para. 101"
        assert "1 of 2" in str(guide.query_one("#guide-hint", Static).render())
        # Escape from the find field goes back to the text; a second Escape closes the guide
        await pilot.press("slash", "escape")
        assert text.has_focus
        await pilot.press("slash", *"nowhere in it")
        await pilot.pause()
        assert "Not in this part" in str(guide.query_one("#guide-hint", Static).render())
        assert guide.matches == []


@run_async
async def test_guide_from_the_programme_opens_at_the_highlighted_question(home: Path) -> None:
    session_id = session_with_current(home, "W3", "W3.Q.a")
    app = app_for(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_workspace(pilot, session_id)
        workspace = app.screen
        workspace._programme.highlight("W3.Q.e")
        workspace._programme.query_one(OptionList).focus()
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.pause()
        assert place(app.screen) == "Question (e) · para. 109"


@run_async
async def test_search_finds_the_guide_and_opens_it_there(home: Path) -> None:
    from workshop.tui.screens.guide import GuideScreen
    from workshop.tui.screens.search import ResultList, SearchScreen

    session_id = session_with_current(home, "W3", "W3.Q.a")
    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_workspace(pilot, session_id)
        await pilot.press("ctrl+f")
        await pilot.pause()
        search = app.screen
        assert isinstance(search, SearchScreen)
        search.query_one("#search-query", Input).value = '"model treaty"'
        for _ in range(100):
            await pilot.pause(0.02)
            if search.guide_hits:
                break
        # this session's scope: its topic's part of the guide, each result marked as the guide's
        assert [h.place for h in search.guide_hits] == ["para. 101", "para. 109 (f)"]
        results = search.query_one("#search-results", ResultList)
        labels = [results.parts(n)[0].plain for n in range(results.row_count)]
        assert all(label.startswith("Guide · para. ") for label in labels)
        assert "2 places in the guide" in str(search.query_one("#search-status", Static).render())
        results.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        await pilot.pause()
        guide = app.screen
        assert isinstance(guide, GuideScreen)
        assert place(guide) == "Question (f) · para. 109"
        assert guide.query_one("#guide-find", Input).value == '"model treaty"'
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is search


@run_async
async def test_filters_on_records_leave_the_guide_out(home: Path) -> None:
    from textual.widgets import Select

    session_id = session_with_current(home, "W3", "W3.Q.a")
    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_workspace(pilot, session_id)
        await pilot.press("ctrl+f")
        await pilot.pause()
        search = app.screen
        search.query_one("#search-query", Input).value = "cybercrime"
        for _ in range(100):
            await pilot.pause(0.02)
            if search.guide_hits:
                break
        assert search.guide_hits
        search.query_one("#finding-kind", Select).value = "challenge"
        for _ in range(100):
            await pilot.pause(0.02)
            if not search.guide_hits:
                break
        assert search.guide_hits == []


# --- snapshots -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("kind", list(KINDS))
def test_guide_snapshot(snap_compare, home: Path, kind: str, size) -> None:
    topic, ref, _ = KINDS[kind]
    session_id = session_with_current(home, topic, ref)

    async def run_before(pilot: Pilot) -> None:
        await open_guide(pilot, session_id)

    assert snap_compare(app_for(home), terminal_size=size, run_before=run_before)
