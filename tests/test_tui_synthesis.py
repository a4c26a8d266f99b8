"""The synthesis screen, driven by keys on the demo meeting; every assertion reads the notebook."""

from __future__ import annotations

import asyncio
import functools
import threading
from pathlib import Path

import pytest
from test_tui_keys import burst
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from workshop.catalogue import load_catalogue
from workshop.demo import fill_demo
from workshop.records import Session
from workshop.store import Notebook
from workshop.store.deliberations import Deliberations
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.confirm import ConfirmScreen
from workshop.tui.screens.synthesis import GENERAL, SynthesisEditor, SynthesisScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.settings import Settings
from workshop.tui.widgets.key_points import InterventionPicker, KeyPointList, reorder
from workshop.tui.widgets.read_only import FINAL_MESSAGE

W3 = load_catalogue().topic("W3")
SIZE = (100, 32)


def run_async(test):
    """Run an async test with asyncio.run (no pytest plugin needed)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return wrapper


def demo_home(home: Path) -> str:
    with Notebook.open(home) as notebook:
        return fill_demo(notebook).id


def app_for(home: Path):
    return make_app(home, clock=FixedClock(), settings=Settings(cursor_blink=False, draft_seconds=3600))


async def wait_for(pilot: Pilot, condition, what: str = "condition", timeout: float = 5.0) -> None:
    """Wait for a condition, not for a time."""
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def open_workspace(pilot: Pilot, session_id: str) -> WorkspaceScreen:
    app = pilot.app
    await pilot.pause()
    app.open_session(session_id)
    await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceScreen) and app.screen.is_mounted, "workspace")
    return app.screen


async def open_synthesis(pilot: Pilot, session_id: str, *, from_workspace: bool = False) -> SynthesisScreen:
    """The synthesis screen: by F6 from the workspace, or (quicker) straight from the sessions."""
    if from_workspace:
        await open_workspace(pilot, session_id)
        await pilot.press("f6")
    else:
        await pilot.pause()
        pilot.app.push_screen(SynthesisScreen(session_id))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SynthesisScreen) and pilot.app.screen.loaded,
                   "synthesis")
    await pilot.pause()
    return pilot.app.screen


async def choose_question(pilot: Pilot, letter: str) -> None:
    """From the list of questions: Home, then Down to the question."""
    index = next(n for n, q in enumerate(W3.questions) if q.letter == letter)
    await pilot.press("home", *["down"] * index)


async def tick(pilot: Pilot, indexes: list[int]) -> None:
    """In the interventions list (focused, first highlighted): tick these rows with space."""
    at = 0
    for index in sorted(indexes):
        await pilot.press(*["down"] * (index - at), "space")
        at = index


def prompts(screen, selector: str) -> list[str]:
    listing = screen.query_one(selector)
    if isinstance(listing, KeyPointList):
        return [prompt.plain for prompt in listing.prompts]
    return [listing.get_option_at_index(n).prompt.plain for n in range(listing.option_count)]


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def three_speakers_on(session_id: str, notebook: Notebook, letter: str) -> tuple[list[int], list[str]]:
    """Rows (in the list of a question) and ids of the first interventions of three distinct speakers."""
    ref = f"W3.Q.{letter}"
    shown = [i for i in notebook.interventions(session_id) if ref in i.question_refs]
    rows, ids, speakers = [], [], set()
    for row, intervention in enumerate(shown):
        if intervention.speaker_id not in speakers:
            speakers.add(intervention.speaker_id)
            rows.append(row)
            ids.append(intervention.id)
        if len(rows) == 3:
            break
    assert len(rows) == 3, f"question ({letter}) of the demo has fewer than three speakers"
    return rows, ids


@run_async
async def test_a_key_point_linked_to_three_speakers_says_several(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_synthesis(pilot, session_id, from_workspace=True)
        before = {k.id for k in app.notebook.key_points(session_id)}
        rows, ids = three_speakers_on(session_id, app.notebook, "c")
        await choose_question(pilot, "c")
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#interventions")
        await tick(pilot, rows)
        assert screen.query_one("#subject", Static).content.plain == "Several speakers"
        await pilot.press("w", *"stressed the need", "enter")
        added = [k for k in app.notebook.key_points(session_id) if k.id not in before]
        assert len(added) == 1
        point = added[0]
        assert point.question_ref == "W3.Q.c"
        assert point.predicate == "stressed the need"
        assert point.intervention_ids == tuple(ids)
        assert "Several speakers stressed the need" in " ".join(prompts(screen, "#key-points"))
        # The form is ready for the next point: nothing ticked, nothing typed.
        assert screen.query_one("#interventions").ticked == set()
        assert screen.query_one("#predicate", Input).value == ""

        # Editing it: Enter on the key point loads its links and words; untick one, add a word.
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#key-points", KeyPointList)
        await pilot.press("end", "enter")
        assert screen.editing is not None and screen.editing.id == point.id
        assert screen.query_one("#predicate", Input).value == point.predicate
        assert screen.query_one("#subject", Static).content.plain == "Several speakers"
        await pilot.press("shift+tab", "shift+tab", "home", "space")  # untick the first
        assert screen.query_one("#subject", Static).content.plain == "Two speakers"
        await pilot.press("w", "end", *" now", "enter")
        saved = app.notebook.get(type(point), point.id)
        assert saved.predicate == "stressed the need now"
        assert saved.intervention_ids == tuple(ids[1:])
        assert len([k for k in app.notebook.key_points(session_id) if k.id not in before]) == 1
        assert "Two speakers stressed the need now" in " ".join(prompts(screen, "#key-points"))


@run_async
async def test_a_synthesis_is_written_and_saved(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_synthesis(pilot, session_id)
        await choose_question(pilot, "e")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, SynthesisEditor), "synthesis editor")
        await pilot.press(*"Few evaluated.", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen, "back from the editor")
        state = app.notebook.question_states(session_id)["W3.Q.e"]
        assert state.synthesis == "Few evaluated."
        assert "Few evaluated." in screen.query_one("#synthesis-text", Static).content.plain


@run_async
async def test_recommendations_are_reordered(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_synthesis(pilot, session_id)

        def recommendations() -> list[str]:
            return [f.title for f in app.notebook.findings(session_id) if f.kind == "recommendation"]

        before = recommendations()
        others = [(f.id, f.position) for f in app.notebook.findings(session_id) if f.kind != "recommendation"]
        await pilot.press("end", "enter")  # the order of findings, last in the list
        assert screen.focused is screen.query_one("#findings-order", OptionList)
        await pilot.press("end", "ctrl+up")  # the last recommendation one place up
        after = recommendations()
        assert after == [*before[:-2], before[-1], before[-2]]
        await pilot.press("ctrl+up", "ctrl+up")
        assert recommendations() == [*before[:-4], before[-1], before[-4], before[-3], before[-2]]
        # Other kinds keep their places; the list shows the new numbers.
        assert [(f.id, f.position) for f in app.notebook.findings(session_id) if f.kind != "recommendation"] == others
        shown = [p for p in prompts(screen, "#findings-order") if before[-1] in p]
        assert shown and shown[0].strip().startswith(f"{len(before) - 3}.")


@run_async
async def test_final_session_is_read_only_until_reopened(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        await open_synthesis(pilot, session_id, from_workspace=True)
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirm")
        await pilot.press("y")
        assert app.notebook.get(Session, session_id).status == "final"
        # The synthesis refuses changes too.
        points = len(app.notebook.key_points(session_id))
        await pilot.press("tab", "space", "w", *"noted", "enter")
        assert len(app.notebook.key_points(session_id)) == points
        assert FINAL_MESSAGE in notices(app)
        await pilot.press("escape", "escape")  # drop the text typed, then back to the workspace
        await wait_for(pilot, lambda: isinstance(app.screen, WorkspaceScreen), "workspace")
        workspace = app.screen
        interventions = len(app.notebook.interventions(session_id))
        app._notifications.clear()
        await pilot.press("f2")  # add a speaker: refused before the form opens
        assert app.screen is workspace
        await pilot.press("f7")  # a finding: refused too
        assert app.screen is workspace
        await pilot.press("ctrl+s", "f5")
        assert len(app.notebook.interventions(session_id)) == interventions
        assert notices(app).count(FINAL_MESSAGE) >= 2
        assert workspace.query_one("#note").read_only
        assert "final" in workspace.query_one("#session-bar", Static).content.plain
        # Reopened from the synthesis screen, the workspace takes notes again.
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, SynthesisScreen), "synthesis")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirm")
        await pilot.press("y")
        assert app.notebook.get(Session, session_id).status == "open"
        await pilot.press("f6")
        await wait_for(pilot, lambda: app.screen is workspace, "workspace")
        assert not workspace.query_one("#note").read_only
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.screen is not workspace, "the speaker form")


@run_async
async def test_user_text_is_shown_as_typed(home: Path) -> None:
    session_id = demo_home(home)
    with Notebook.open(home) as notebook:
        speaker = notebook.add_speaker("[b]Ms. Mark[/b]", category="Member State")
        notebook.record_intervention(session_id, speaker.id, "[red]alarm[/red] and [@click=app.quit]q[/]",
                                     question_refs=("W3.Q.h",), started_at="2015-04-15T09:00:00+00:00")
        notebook.set_question_state(session_id, "W3.Q.h", synthesis="[i]not italic[/i]")
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_synthesis(pilot, session_id)
        await choose_question(pilot, "h")
        await pilot.press("tab", "space", "w")
        # Typing is tested above; here the text only has to reach the screen.
        screen.query_one("#predicate", Input).value = "[bold]x[/bold] [@click=app.quit]z[/]"
        await pilot.press("enter")
        point = next(k for k in app.notebook.key_points(session_id) if k.question_ref == "W3.Q.h")
        assert point.predicate == "[bold]x[/bold] [@click=app.quit]z[/]"
        await pilot.pause()
        shown = app.export_screenshot().replace("&#160;", " ")
        for literal in ("[bold]x[/bold]", "[@click=app.quit]z[/]", "[red]alarm[/red]", "[b]Ms.", "[i]not italic[/i]"):
            assert literal in shown
        assert app.is_running


def test_reorder_keeps_the_positions_between_the_items() -> None:
    items = ["a", "b", "c"]
    assert reorder(items, [3.0, 7.0, 9.0], 2, -1) == [("c", 7.0), ("b", 9.0)]
    assert reorder(items, [3.0, 7.0, 9.0], 0, -1) == []
    assert reorder(items, [1.0, 1.0, 2.0], 0, 1) == [("b", 3.0), ("a", 4.0), ("c", 5.0)]


@run_async
async def test_command_palette_offers_the_new_screens(home: Path) -> None:
    from workshop.tui.commands import WorkshopCommands

    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await open_workspace(pilot, session_id)
        titles = [verb.title for verb in workspace.verbs()]
        assert "Open synthesis" in titles and "Open preview" in titles
        assert WorkshopCommands in app.COMMANDS


@run_async
async def test_each_question_counts_its_interventions_not_yet_linked(home: Path) -> None:
    session_id = demo_home(home)
    with Notebook.open(home) as notebook:
        speaker = notebook.speakers()[0]
        # One statement on (b) and (c) that no key point reflects; a point of order and an
        # opening that wait for none.
        late = "2015-04-15T12:00:00.000000+00:00"  # after the demo's, so last in each list
        notebook.record_intervention(session_id, speaker.id, "Also on schools and units.",
                                     question_refs=("W3.Q.b", "W3.Q.c"), started_at=late)
        for kind in ("point of order", "introductory statement"):
            notebook.update(notebook.record_intervention(session_id, speaker.id, "Procedure.", started_at=late,
                                                         question_refs=("W3.Q.b",)), kind=kind)
        heard = {q: sum(1 for i in notebook.interventions(session_id) if f"W3.Q.{q}" in i.question_refs)
                 for q in "abc"}
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_synthesis(pilot, session_id)
        shown = prompts(screen, "#questions")
        assert f"{heard['a']} interv. · 2 key points" in shown[0]  # every one linked
        assert f"1 of {heard['b']} not linked · 2 key points" in shown[1]
        assert f"1 of {heard['c']} not linked · 1 key point" in shown[2]
        assert screen.not_linked_on("W3.Q.b") == 1 and screen.not_linked_on(GENERAL) == 0
        assert not any("General discussion" in p for p in shown)  # the demo's openings answer no question

        # A key point on (b) that links it: (c) no longer counts it either.
        await choose_question(pilot, "b")
        await pilot.press("tab", "end", "up", "up", "space")  # the statement, before the two procedural ones
        await pilot.press("w", *"welcomed it", "enter")
        await wait_for(pilot, lambda: "not linked" not in prompts(screen, "#questions")[2], "the counts redrawn")
        shown = prompts(screen, "#questions")
        assert f"{heard['b']} interv. · 3 key points" in shown[1]
        assert f"{heard['c']} interv. · 1 key point" in shown[2]


@run_async
async def test_the_list_shows_every_intervention_of_the_question_and_keeps_its_highlight(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_synthesis(pilot, session_id)
        await choose_question(pilot, "c")
        await pilot.press("tab")
        picker = screen.query_one("#interventions", InterventionPicker)
        tagged = [i for i in app.notebook.interventions(session_id) if "W3.Q.c" in i.question_refs]
        assert picker.keys == [i.id for i in tagged]
        # Each intervention is read in full when highlighted, and drawn so; the others take one line each.
        for row, intervention in enumerate(tagged):
            assert picker.highlighted == row
            lines = [line.plain for line in picker.lines_of(row)]
            assert " ".join(intervention.text.split()) in " ".join(" ".join(lines).split())
            assert all(len(picker.lines_of(n)) == 1 for n in range(len(tagged)) if n != row)
            await pilot.pause()
            drawn = [picker.render_line(y).text.rstrip() for y in range(picker.scrollable_content_region.height)]
            top = drawn.index(lines[0].rstrip())
            assert drawn[top:top + len(lines)] == [line.rstrip() for line in lines][:len(drawn) - top]
            if row:
                above = drawn[top - 1].removesuffix("…").rstrip()  # one line, cut at the width
                assert above and picker.lines_of(row - 1)[0].plain.startswith(above)
            await pilot.press("down")
        assert picker.highlighted == 0  # past the last, round to the first, as before
        # A key point saved from the second and third: the list stays, highlight included.
        await pilot.press("home", "down", "space", "down", "space")
        highlighted = picker.highlighted_id
        await pilot.press("w", *"described national units", "enter")
        assert [k.predicate for k in app.notebook.key_points(session_id)
                if k.intervention_ids == (tagged[1].id, tagged[2].id)] == ["described national units"]
        assert picker.keys == [i.id for i in tagged]
        assert picker.highlighted_id == highlighted and picker.highlighted == 2
        assert picker.ticked == set()
        assert screen.query_one("#questions", OptionList).highlighted_option.id == "q:W3.Q.c"


def hold_the_read(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the synthesis's read of the notebook wait until the event returned is set."""
    release = threading.Event()
    read = Deliberations.read

    def read_when_released(*args, **kwargs) -> Deliberations:
        release.wait(30)
        return read(*args, **kwargs)

    monkeypatch.setattr(Deliberations, "read", staticmethod(read_when_released))
    return release


@run_async
async def test_keys_typed_before_the_interventions_are_read_wait_and_then_act(
    home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    release = hold_the_read(monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        await open_workspace(pilot, session_id)
        await pilot.pause()
        # F6, then Tab to the interventions, Down to the second and space, all before the read.
        burst(app, "<f6>", "<tab>", "<down>", " ")
        # Plain sleeps: a Pilot pause waits for the screen's widgets, held up by the read.
        for _ in range(500):
            if isinstance(app.screen, SynthesisScreen) and app.screen.focused is not None:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.5)  # the keys are handled meanwhile, unless they wait for the read
        screen = app.screen
        assert not screen.loaded
        release.set()
        await wait_for(pilot, lambda: screen.loaded, "the read")
        await pilot.pause()
        second = [i.id for i in app.notebook.interventions(session_id) if "W3.Q.a" in i.question_refs][1]
        assert screen.ref == "W3.Q.a"
        assert screen.focused is screen.query_one(InterventionPicker)
        assert screen.query_one(InterventionPicker).ticked == {second}


@run_async
async def test_the_intervention_under_the_mouse_is_shown_so(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_synthesis(pilot, session_id)
        picker = screen.query_one(InterventionPicker)
        hover = picker.get_visual_style("row-list--row", "row-list--hover").rich_style.bgcolor
        plain = picker.get_visual_style("row-list--row").rich_style.bgcolor
        assert hover != plain

        def background(row: int):
            return list(picker.render_line(picker._first_line(row) - picker.scroll_offset.y))[0].style.bgcolor

        # Inside the border: the third intervention's line (the first, highlighted, may take several).
        await pilot.hover("#interventions", offset=(6, 1 + picker._first_line(2)))
        assert background(2) == hover and background(3) == plain
        await pilot.hover("#interventions", offset=(6, 1 + picker._first_line(3)))
        assert background(2) == plain and background(3) == hover
        await pilot.hover("#questions")
        assert background(3) == plain


@run_async
async def test_the_panes_appear_filled_and_the_screen_is_laid_out_twice(
    home: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    release = hold_the_read(monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(SynthesisScreen(session_id))
        for _ in range(100):
            await asyncio.sleep(0.01)  # a Pilot pause waits for the worker
        screen = app.screen
        assert isinstance(screen, SynthesisScreen) and not screen.loaded
        # Before the read, the questions bar and the keys only: no pane drawn empty.
        assert screen.query_one("#synthesis-panes").display is False
        assert screen.query_one(InterventionPicker) not in screen._compositor.visible_widgets
        layouts = []
        lay_out = screen._refresh_layout
        monkeypatch.setattr(screen, "_refresh_layout", lambda *a, **k: (layouts.append(1), lay_out(*a, **k)))
        release.set()
        await wait_for(pilot, lambda: screen.loaded, "the read")
        for _ in range(5):
            await pilot.pause(0.05)
        picker = screen.query_one(InterventionPicker)
        assert picker in screen._compositor.visible_widgets and picker.keys
        # The filled panes' layout, and the one Textual makes for widgets just shown; none for
        # the lists' lengths, scrollbars or the highlighted intervention's lines.
        assert len(layouts) <= 2
