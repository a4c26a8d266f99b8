"""The review screens (search, coverage, statistics): snapshots at 80x24 and 120x40, and Pilot tests
that press keys as a rapporteur would."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

import pytest
from review_corpus import fill
from textual.widgets import Input, Select

from workshop.store import Notebook
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.search import ResultList
from workshop.tui.screens.statistics import TabRow
from workshop.tui.settings import Settings

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def meeting(home: Path) -> dict:
    with Notebook.open(home) as notebook:
        return fill(notebook)


def run_async(test):
    """Run an async test with asyncio.run (no pytest plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return wrapper


def app_for(home: Path):
    return make_app(home, clock=FixedClock(), settings=Settings(cursor_blink=False))


async def settle(pilot) -> None:
    """Wait until the screen's workers (search, loading) have finished and the screen is drawn."""
    # A finished worker may have queued messages that start another (a Select settling on its
    # value reloads): wait until a whole round starts no new work.
    for _ in range(20):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in pilot.app.workers):
            break
    await pilot.pause()


async def in_the_workspace(pilot, meeting) -> None:
    """The Workshop 3 session's workspace, settled."""
    await settle(pilot)
    pilot.app.open_session(meeting["w3"].id)
    await settle(pilot)


async def open_review(pilot, meeting, key: str) -> None:
    """A review screen opened by its key from the Workshop 3 workspace, settled."""
    await in_the_workspace(pilot, meeting)
    await pilot.press(key)
    await settle(pilot)


async def search_for(pilot, text: str) -> None:
    """Put text in the search field at once (one search instead of one per key)."""
    pilot.app.screen.query_one("#search-query", Input).value = text
    await settle(pilot)


def open_tool(name: str, session_id: str | None, *keys: str, query: str | None = None):
    async def run_before(pilot) -> None:
        from workshop.tui.tools import TOOLS

        tool = next(t for t in TOOLS if t.name == name)
        await settle(pilot)
        pilot.app.push_screen(tool.screen(session_id))
        await settle(pilot)
        if query is not None:
            await search_for(pilot, query)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


# --- snapshots -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_snapshot(snap_compare, home, meeting, size) -> None:
    keys = list("joint")
    assert snap_compare(app_for(home), terminal_size=size, run_before=open_tool("search", meeting["w3"].id, *keys))


def test_search_whole_notebook_snapshot(snap_compare, home, meeting) -> None:
    """Opened from the home screen: the whole notebook, a phrase, the cursor in the results."""
    run_before = open_tool("search", None, "down", query='"joint investigation"')
    assert snap_compare(app_for(home), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_coverage_snapshot(snap_compare, home, meeting, size) -> None:
    assert snap_compare(app_for(home), terminal_size=size, run_before=open_tool("coverage", meeting["w3"].id))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_statistics_snapshot(snap_compare, home, meeting, size) -> None:
    assert snap_compare(app_for(home), terminal_size=size, run_before=open_tool("statistics", meeting["w3"].id))


# --- keys ----------------------------------------------------------------------------------------


@run_async
async def test_search_from_the_home_screen_opens_the_session_of_the_result(home, meeting) -> None:
    from workshop.tui.screens.search import SearchScreen
    from workshop.tui.screens.workspace import WorkspaceScreen

    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"smug*")
        await settle(pilot)
        assert [h.id for h in app.screen.hits] == [meeting["i4"].id]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.session_id == meeting["w2"].id


@run_async
async def test_opening_results_from_the_workspace(home, meeting) -> None:
    """A result of this session is shown in its log; one of another session opens that session."""
    from workshop.tui.screens.search import SearchScreen
    from workshop.tui.screens.workspace import WorkspaceScreen
    from workshop.tui.widgets.log import LogTable

    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await in_the_workspace(pilot, meeting)
        workspace = app.screen
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await search_for(pilot, "extradition")
        await pilot.press("enter", "enter")  # to the results, then open the first
        await settle(pilot)
        assert app.screen is workspace and isinstance(workspace, WorkspaceScreen)
        log = workspace.query_one(LogTable)
        assert log.has_focus
        assert log.coordinate_to_cell_key(log.cursor_coordinate).row_key.value == f"intervention:{meeting['i1'].id}"

        await pilot.press("ctrl+f")
        await settle(pilot)
        search = app.screen
        # This session first; then the whole notebook finds the other session's record.
        await search_for(pilot, "compensation")
        assert search.hits == []
        search.query_one("#scope", Select).value = "all"
        await settle(pilot)
        assert {h.id for h in search.hits} == {meeting["i3"].id, meeting["f2"].id}
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)
        assert app.screen.session_id == meeting["w3b"].id


@run_async
async def test_filters_hostile_text_and_markup_on_the_screen(home, meeting) -> None:
    with Notebook.open(home) as notebook:
        notebook.record_intervention(meeting["w3"].id, meeting["ngo"].id, "[bold red]alarm[/] [link=x]y[/link] $var")
    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        screen = app.screen
        await search_for(pilot, "alarm")
        _, text = screen.query_one(ResultList).parts(0)
        assert "[bold red]alarm[/] [link=x]y[/link] $var" in text.plain
        await search_for(pilot, "((( * ) AND")
        assert screen.hits == []
        assert "Nothing to look for" in str(screen.query_one("#search-status").render())
        await search_for(pilot, "")
        assert len(screen.hits) == 9  # an empty query lists every record of the scope
        screen.query_one("#category", Select).value = "UN entity"
        await settle(pilot)
        assert {h.id for h in screen.hits} == {meeting["i2"].id, meeting["k1"].id}
        screen.query_one("#kind", Select).value = "key point"
        await settle(pilot)
        assert [h.id for h in screen.hits] == [meeting["k1"].id]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert len(screen.hits) == 9
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen


@run_async
async def test_coverage_and_statistics_keys(home, meeting) -> None:
    from workshop.tui.screens.coverage import CoverageScreen
    from workshop.tui.screens.statistics import StatisticsScreen
    from workshop.tui.screens.workspace import WorkspaceScreen

    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_review(pilot, meeting, "f11")
        assert isinstance(app.screen, CoverageScreen)
        assert [q.ref for q in app.screen.coverage.undiscussed][0] == "W3.Q.d"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        assert isinstance(app.screen, StatisticsScreen)
        assert app.screen.statistics.interventions == 2
        await pilot.press("3")
        assert app.screen.query_one(TabRow).active == "questions"
        app.screen.query_one("#stats-scope", Select).value = "topic:W3"
        await settle(pilot)
        assert app.screen.statistics.interventions == 3
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, WorkspaceScreen)


@run_async
async def test_coverage_and_statistics_count_once_per_choice(home, meeting, monkeypatch) -> None:
    """Opening a screen counts its sessions once (not again when its chooser settles), and what it
    shows is what the records give."""
    from workshop.catalogue import load_catalogue
    from workshop.review import statistics, topic_coverage
    from workshop.tui.screens import coverage as coverage_screen
    from workshop.tui.screens import statistics as statistics_screen

    asked: list[str] = []

    def counting(module, name: str) -> None:
        counted = getattr(module, name)

        def count(*args):
            asked.append(args[-1].key)
            return counted(*args)

        monkeypatch.setattr(module, name, count)

    counting(coverage_screen, "coverage_in_scope")
    counting(statistics_screen, "statistics_in_scope")
    with Notebook.open(home) as notebook:
        records = [notebook.session_record(s.id) for s in notebook.sessions()]
    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_review(pilot, meeting, "f11")
        assert asked == ["topic:W3"]
        assert app.screen.coverage == topic_coverage(load_catalogue().topic("W3"), records)
        app.screen.query_one("#coverage-topic", Select).value = "topic:W2"
        await settle(pilot)
        assert asked == ["topic:W3", "topic:W2"]
        assert app.screen.coverage == topic_coverage(load_catalogue().topic("W2"), records)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)
        session = f"session:{meeting['w3'].id}"
        assert asked[2:] == [session]
        assert app.screen.statistics == statistics([r for r in records if r.session.id == meeting["w3"].id])
        app.screen.query_one("#stats-scope", Select).value = "all"
        await settle(pilot)
        assert asked[2:] == [session, "all"]
        assert app.screen.statistics == statistics(records)


@run_async
async def test_statistics_tabs_are_filled_when_first_shown(home, meeting) -> None:
    """A hidden tab's tables are made and filled when the tab is shown, with the rows of the scope
    chosen by then; focus goes to the tab's table."""
    from textual.widgets import DataTable

    from workshop.review import duration, statistics

    def shown(table: DataTable) -> list[list[str]]:
        return [[cell.plain.strip() for cell in table.get_row_at(n)] for n in range(table.row_count)]

    def counted(n: int) -> str:
        return str(n) if n else "·"

    with Notebook.open(home) as notebook:
        records = [notebook.session_record(s.id) for s in notebook.sessions()]
    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_review(pilot, meeting, "f12")
        screen = app.screen
        assert screen.focused is screen.query_one("#stats-categories", DataTable)
        assert not screen.query("#stats-regions, #stats-genders, #stats-questions, #stats-meetings")
        await pilot.press("2")
        await settle(pilot)
        stats = statistics([r for r in records if r.session.id == meeting["w3"].id])
        assert shown(screen.query_one("#stats-genders", DataTable)) == [
            [t.label, counted(t.speakers), counted(t.interventions), duration(t.seconds) if t.seconds else "·"]
            for t in stats.by_gender]
        assert screen.focused is screen.query_one("#stats-regions", DataTable)
        # Another scope while the meetings are hidden: they show that scope's when opened.
        screen.query_one("#stats-scope", Select).value = "all"
        await settle(pilot)
        everything = statistics(records)
        assert len(everything.by_meeting) > 1
        await pilot.press("4")
        await settle(pilot)
        assert [row[:3] for row in shown(screen.query_one("#stats-meetings", DataTable))] == [
            [m.date, f"{m.topic} {m.meeting}".strip(), counted(m.interventions)] for m in everything.by_meeting]
        # The groups, filled for the session before, are filled again for the whole notebook.
        await pilot.press("2")
        await settle(pilot)
        assert [row[:3] for row in shown(screen.query_one("#stats-genders", DataTable))] == [
            [t.label, counted(t.speakers), counted(t.interventions)] for t in everything.by_gender]


@run_async
async def test_coverage_shows_an_hour_and_more_of_speaking_whole(home, meeting) -> None:
    from textual.widgets import DataTable

    from workshop.tui.screens.coverage import CoverageScreen

    with Notebook.open(home) as notebook:
        speaker = notebook.speakers()[0]
        notebook.record_intervention(meeting["w3"].id, speaker.id, "At length.", question_refs=("W3.Q.d",),
                                     seconds=3926)  # 1:05:26
    app = app_for(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot, meeting, "f11")
        assert isinstance(app.screen, CoverageScreen)
        table = app.screen.query_one(DataTable)
        cell = table.get_cell("W3.Q.d", "time")
        assert cell.plain.strip() == "1:05:26"
        assert table.columns["time"].width >= len("1:05:26")


@run_async
async def test_statistics_tabs_by_keys_and_mouse(home, meeting) -> None:
    """The tabs are one widget drawn as Textual's: Left and Right move through them and come round,
    a click on a tab or on the bar under it chooses it, and only the chosen tab's tables show."""
    from workshop.tui.screens.statistics import Page

    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_review(pilot, meeting, "f12")
        screen = app.screen
        row = screen.query_one(TabRow)

        def shown() -> list[str]:
            return [page.id for page in screen.query(Page) if page.display]

        await pilot.press("shift+tab")  # from the table to the tabs
        assert screen.focused is row
        await pilot.press("right")
        await settle(pilot)
        assert (row.active, shown()) == ("groups", ["groups"])
        await pilot.press("left", "left")
        await settle(pilot)
        assert (row.active, shown()) == ("meetings", ["meetings"])
        await pilot.press("right")
        await settle(pilot)
        assert (row.active, shown()) == ("speakers", ["speakers"])
        await pilot.press("tab")
        label = row.labels.index(" 3 Questions ")
        start = sum(len(text) for text in row.labels[:label])
        await pilot.click(TabRow, offset=(start + 3, 0))
        await settle(pilot)
        assert (row.active, shown(), screen.focused) == ("questions", ["questions"], row)
        await pilot.click(TabRow, offset=(len(row.labels[0]) + 2, 1))  # the bar under the second tab
        await settle(pilot)
        assert (row.active, shown()) == ("groups", ["groups"])
        await pilot.click(TabRow, offset=(sum(len(text) for text in row.labels) + 3, 0))  # beyond the tabs
        await settle(pilot)
        assert row.active == "groups"
        await pilot.pause(0.4)  # the bar has slid under the chosen tab's label
        assert (row.highlight_start, row.highlight_end) == (len(row.labels[0]) + 1, sum(map(len, row.labels[:2])) - 1)


@pytest.mark.parametrize("screen_name", ["statistics", "coverage", "search"])
def test_the_count_starts_with_the_screen_and_a_slow_one_does_not_hold_it(home, meeting, monkeypatch,
                                                                         screen_name) -> None:
    """The count (the search's first results) is started as the screen is made, before it is
    mounted; a slow one leaves the screen open and empty until it is done, then fills it."""
    import importlib
    import threading

    module = importlib.import_module(f"workshop.tui.screens.{screen_name}")
    screen, count, key, table, rows = {
        "statistics": ("StatisticsScreen", "statistics_in_scope", "f12", "#stats-categories", 11),
        "coverage": ("CoverageScreen", "coverage_in_scope", "f11", "#coverage-table", 9),
        "search": ("SearchScreen", "search", "ctrl+f", "#search-results", 5),  # the session's records
    }[screen_name]
    screen_class = getattr(module, screen)
    happened: list[str] = []
    counted, mounted = getattr(module, count), screen_class.on_mount

    shown_empty = threading.Event()  # the count goes on once the test has seen the screen empty

    def slow(*args, **kwargs):
        happened.append("count")
        shown_empty.wait(30)
        return counted(*args, **kwargs)

    def on_mount(screen) -> None:
        # Asked for before the mount: its worker exists (its thread may not have run a line yet).
        happened.append("mount, count asked" if any(w.node is screen for w in screen.app.workers) else "mount")
        mounted(screen)

    monkeypatch.setattr(module, count, slow)
    monkeypatch.setattr(screen_class, "on_mount", on_mount)

    async def run() -> None:
        app = app_for(home)
        async with app.run_test(size=(100, 30)) as pilot:
            await in_the_workspace(pilot, meeting)
            await pilot.press(key)
            for _ in range(500):  # however loaded the machine, not longer than the count's wait
                if isinstance(app.screen, screen_class) and app.screen.is_mounted:
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            assert isinstance(app.screen, screen_class) and app.screen.query_one(table).row_count == 0
            shown_empty.set()
            await settle(pilot)
            assert app.screen.query_one(table).row_count == rows
            assert sorted(happened) == ["count", "mount, count asked"]

    asyncio.run(run())


@run_async
async def test_review_screens_are_styled_once_as_they_open(home, meeting, monkeypatch) -> None:
    """Styled as mounted, not again as first shown (Textual restyles a screen's every node then)."""
    from textual.css.stylesheet import Stylesheet

    from workshop.tui.screens.coverage import CoverageScreen
    from workshop.tui.screens.search import SearchScreen
    from workshop.tui.screens.statistics import StatisticsScreen

    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await in_the_workspace(pilot, meeting)
        for key, screen in (("f11", CoverageScreen), ("f12", StatisticsScreen), ("ctrl+f", SearchScreen)):
            styled = []
            apply = Stylesheet.apply
            monkeypatch.setattr(Stylesheet, "apply", lambda self, node, **kw: styled.append(node) or apply(self, node, **kw))
            await pilot.press(key)
            await settle(pilot)
            monkeypatch.setattr(Stylesheet, "apply", apply)
            assert isinstance(app.screen, screen)
            assert styled.count(app.screen) == 1, key
            await pilot.press("escape")
            await settle(pilot)
