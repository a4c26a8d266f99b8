"""Recording a meeting without surprises: the note goes where the rapporteur sees, nothing hidden."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from test_snapshots_workspace import meeting_in_progress
from test_tui_meeting import TEST_SETTINGS, add_speaker, on_screen, run_async, type_text, wait_for
from textual.geometry import Region
from textual.widgets import Button, DataTable, Input, Select, SelectionList, Static

from workshop.records import Intervention, Speaker
from workshop.review.statistics import statistics
from workshop.store import Notebook
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock, stamp
from workshop.tui.screens.coverage import CoverageScreen
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.intervention_form import InterventionScreen, read_duration
from workshop.tui.screens.recovery import RecoveryScreen
from workshop.tui.screens.speaker_form import SpeakerScreen
from workshop.tui.screens.statement_form import StatementScreen
from workshop.tui.screens.tag_picker import TagPickerScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.widgets.log import LogTable
from workshop.tui.widgets.floor import QueueList
from workshop.tui.widgets.notes import NoteArea
from workshop.tui.widgets.programme import QuestionList


def session_app(home: Path, session_id: str, clock: FixedClock | None = None):
    """The app opened straight on one session's workspace."""
    return make_app(home, clock=clock or FixedClock(), settings=TEST_SETTINGS, session_id=session_id)


async def workspace_ready(pilot) -> WorkspaceScreen:
    await on_screen(pilot, WorkspaceScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen._panels_ready)
    await pilot.pause()
    return screen


def regions(screen: WorkspaceScreen) -> dict[str, object]:
    """Where each widget of the workspace is drawn, and how big its content is."""
    return {f"{type(w).__name__}#{w.id}": (w.region, w.size) for w in screen.query("*")
            if w.display}


@pytest.mark.parametrize("key", ["f6", "ctrl+e", "ctrl+f", "f11", "f12"])
@run_async
async def test_the_workspace_is_drawn_the_same_after_a_tool(tmp_path: Path, key: str) -> None:
    clock = FixedClock()
    session_id = meeting_in_progress(tmp_path, clock)
    app = session_app(tmp_path, session_id, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        before = regions(screen)
        await pilot.press(key)
        await wait_for(pilot, lambda: app.screen is not screen and app.screen.is_mounted)
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert regions(screen) == before
        # Arrows act on the row the rapporteur sees: (b) is two below (a), one below the topic.
        questions = screen.query_one(QuestionList)
        questions.focus()
        questions.highlighted = questions.get_option_index("W3.Q.a")
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: screen.meeting.current_ref == "W3.Q.b")
    with Notebook.open(tmp_path) as notebook:
        states = {ref: s.status for ref, s in notebook.question_states(session_id).items()}
        assert states["W3.Q.b"] == "current"


# --- the note goes to the question and speaker the rapporteur sees ------------------------------


def meeting_with_speakers(home: Path, *names: str, current: str = "W3.Q.c") -> str:
    """A Workshop 3 session with `current` under discussion and these States waiting, in order."""
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3", chair="Ms. A. Chair",
                                          panellists="E. Expert; F. Expert")
        for name in names:
            speaker = notebook.speaker_named(name) or notebook.add_speaker(
                name, category="Member State")
            notebook.enqueue(session.id, speaker.id)
        notebook.set_question_state(session.id, current, status="current")
        return session.id


def interventions(home: Path, session_id: str) -> list[Intervention]:
    with Notebook.open(home) as notebook:
        return notebook.interventions(session_id)


def speakers_of(home: Path) -> dict[str, Speaker]:
    with Notebook.open(home) as notebook:
        return {s.id: s for s in notebook.speakers()}


@run_async
async def test_ctrl_t_ticks_the_questions_in_a_list(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, "Brazil")
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        screen._programme.highlight("W3.Q.h")  # what the old key acted on, out of sight
        await pilot.press("f4")
        await type_text(pilot, "Brazil raised a point.")
        note = screen.query_one(NoteArea)

        await pilot.press("ctrl+t")  # Escape: nothing changes, the note keeps its focus
        await on_screen(pilot, TagPickerScreen)
        picker = app.screen.query_one(SelectionList)
        assert picker.selected == ["W3.Q.c"]  # the note's tag is ticked
        await pilot.press("space", "escape")
        await on_screen(pilot, WorkspaceScreen)
        assert screen.meeting.refs == ["W3.Q.c"]
        assert note.has_focus and note.text == "Brazil raised a point."

        await pilot.press("ctrl+t")  # untick (c), tick (d), Enter
        await on_screen(pilot, TagPickerScreen)
        await pilot.press("space", "down", "space", "enter")
        await on_screen(pilot, WorkspaceScreen)
        assert note.has_focus and note.text == "Brazil raised a point."
        assert "question d" in str(screen.query_one("#note-about", Static).render())
        await pilot.press("f5")
    [said] = interventions(tmp_path, session_id)
    assert said.question_refs == ("W3.Q.d",)


@run_async
async def test_the_note_follows_the_chair_unless_tagged_by_hand(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, "Brazil", "Japan", current="W3.Q.a")
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        await pilot.press("f4")
        await type_text(pilot, "Brazil went on to research needs.")
        await pilot.press("ctrl+down")  # the chair moves on while Brazil speaks: the note follows
        assert screen.meeting.refs == ["W3.Q.b"]
        await pilot.press("f4")  # Japan; tagged by hand with (a) and (b)
        await pilot.press("ctrl+t")
        await on_screen(pilot, TagPickerScreen)
        await pilot.press("home", "space", "enter")
        await on_screen(pilot, WorkspaceScreen)
        await type_text(pilot, "Japan on both.")
        await pilot.press("ctrl+down")  # (c) is current; Japan's tags stay as chosen
        assert screen.meeting.current_ref == "W3.Q.c"
        await pilot.press("f5")
    said = interventions(tmp_path, session_id)
    assert [i.question_refs for i in said] == [("W3.Q.b",), ("W3.Q.a", "W3.Q.b")]


@run_async
async def test_a_point_of_order_answers_no_question(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, "Brazil")
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        await add_speaker(pilot, "Mexico", key="f3")
        await pilot.press("f4")  # the point of order comes first
        assert screen.meeting.turn.speaker.name == "Mexico"
        assert "point of order, no question" in str(
            screen.query_one("#note-about", Static).render())
        await type_text(pilot, "On the time limit.")
        await pilot.press("f5")
    [said] = interventions(tmp_path, session_id)
    assert (said.kind, said.question_refs, said.text) == ("point of order", (), "On the time limit.")


@run_async
async def test_notes_with_the_floor_free_are_introductions_and_presentations(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, current="W3.Q.a")
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        await type_text(pilot, "The Chair opened the workshop.")
        await pilot.press("ctrl+s")  # nobody on the floor: what is it, and whose?
        await on_screen(pilot, StatementScreen)
        await pilot.press("enter")  # the first line: introductory statement by the Chair
        await on_screen(pilot, WorkspaceScreen)
        assert screen.query_one(NoteArea).text == ""

        await type_text(pilot, "UNODC introduced the background paper.")
        await pilot.press("ctrl+s")
        await on_screen(pilot, StatementScreen)
        await type_text(pilot, "unodc")
        await pilot.press("enter")
        await on_screen(pilot, WorkspaceScreen)

        await type_text(pilot, "Ms. Expert presented a study.")
        await pilot.press("ctrl+s")
        await on_screen(pilot, StatementScreen)
        await type_text(pilot, "F. Exp")
        await pilot.press("enter")
        await on_screen(pilot, WorkspaceScreen)

        await type_text(pilot, "A note kept.")
        await pilot.press("ctrl+s")
        await on_screen(pilot, StatementScreen)
        await pilot.press("escape")  # not saved: the note stays as a draft
        await on_screen(pilot, WorkspaceScreen)
        assert screen.query_one(NoteArea).text == "A note kept."
    said = interventions(tmp_path, session_id)
    speakers = speakers_of(tmp_path)
    assert [(i.kind, speakers[i.speaker_id].name, speakers[i.speaker_id].category, i.question_refs)
            for i in said] == [
        ("introductory statement", "Ms. A. Chair", "presiding officer", ()),
        ("introductory statement", "United Nations Office on Drugs and Crime",
         "United Nations Secretariat", ()),
        ("presentation", "F. Expert", "expert/panellist", ("W3.Q.a",)),
    ]
    assert [i.text for i in said] == ["The Chair opened the workshop.",
                                      "UNODC introduced the background paper.",
                                      "Ms. Expert presented a study."]


# --- the screen never hides what was saved -------------------------------------------------------


@run_async
async def test_ctrl_l_opens_the_log_on_the_newest_entry(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, "Brazil", "Japan")
    with Notebook.open(tmp_path) as notebook:
        brazil = notebook.speaker_named("Brazil")
        for minute in range(30):
            notebook.record_intervention(session_id, brazil.id, f"Earlier {minute}.",
                                         started_at=f"2015-04-13T06:{minute:02d}:00+00:00")
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        log = screen.query_one(LogTable)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: log.has_focus)
        await pilot.press(*["pagedown"] * 4)  # the rapporteur reads an old entry, back to the note
        await wait_for(pilot, lambda: log.cursor_row > 20)
        await pilot.press("ctrl+l")
        await pilot.press("f4")
        await type_text(pilot, "The newest of all.")
        await pilot.press("f5")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: log.has_focus)
        await pilot.pause()
        assert log.cursor_row == 0 and log.scroll_y == 0
        assert log.get_row_at(0)[4].plain == "The newest of all."
    assert interventions(tmp_path, session_id)[-1].text == "The newest of all."


@run_async
async def test_coverage_says_what_the_statuses_say(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, "Brazil", current="W3.Q.a")
    with Notebook.open(tmp_path) as notebook:
        brazil = notebook.speaker_named("Brazil")
        notebook.record_intervention(session_id, brazil.id, "On (h).", question_refs=("W3.Q.h",))
        notebook.record_intervention(session_id, brazil.id, "On nothing.")
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await workspace_ready(pilot)
        await pilot.press("f11")
        await on_screen(pilot, CoverageScreen)
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 9)
        summary = str(app.screen.query_one("#coverage-summary", Static).render())
        assert summary.startswith("1 of 9 questions discussed")
        assert summary.endswith("1 intervention on no question")
        status = {key.value: table.get_row(key)[-1].plain for key in table.rows}
        assert status["W3.Q.h"] == "discussed" and status["W3.Q.a"] == "current"
        table.move_cursor(row=table.get_row_index("W3.Q.h"))
        await pilot.pause()
        shown = str(app.screen.query_one("#coverage-question", Static).render())
        assert shown.startswith("(h) ") and shown.endswith("?")  # the question in full


# --- cut off at 80x24 -----------------------------------------------------------------------------


@run_async
async def test_the_recovery_dialog_fits_80x24_and_f1_works(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, "Brazil")
    ending = "and the last words typed before the crash."
    with Notebook.open(tmp_path) as notebook:
        notebook.save_draft(session_id, "Brazil spoke at length. " * 30 + ending,
                            speaker_id=notebook.speaker_named("Brazil").id,
                            question_refs=("W3.Q.c", "W3.Q.d"), started_at="2015-04-13T07:00:00+00:00")
    app = make_app(tmp_path, clock=FixedClock(), settings=TEST_SETTINGS)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, RecoveryScreen)
        dialog = app.screen
        # Its size class from the start: a real terminal sends no resize for a dialog pushed
        # just after start-up (Pilot does), and without it the buttons fall below the screen.
        assert RecoveryScreen(dialog.note).has_class("-short")
        await pilot.pause()
        screen_region = Region(0, 0, 80, 24)
        for button in dialog.query(Button):
            assert screen_region.contains_region(button.region), button.id
        note = dialog.query_one("#lost-text")
        await wait_for(pilot, lambda: note.scroll_y == note.max_scroll_y > 0)  # shown to its end
        await pilot.press("f1")
        await on_screen(pilot, HelpScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is dialog)


# --- wrong speaker data --------------------------------------------------------------------------


@run_async
async def test_a_new_speaker_starts_blank_and_an_ngo_has_no_group(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path)
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await workspace_ready(pilot)
        await pilot.press("f2")
        await on_screen(pilot, SpeakerScreen)
        form = app.screen
        category, group = form.query_one("#category", Select), form.query_one("#group", Select)
        await type_text(pilot, "Nigeri")  # a partial match fills in Nigeria's category and group
        await wait_for(pilot, lambda: group.value == "African States")
        await type_text(pilot, "an Women's Network")  # a new name: nothing of Nigeria's is kept
        await wait_for(pilot, lambda: category.value == "other" and group.value is Select.NULL)
        group.value = "African States"
        category.value = "non-governmental organization"  # an NGO belongs to no regional group
        await wait_for(pilot, lambda: group.value is Select.NULL)
        form.query_one("#gender", Select).value = "female"
        await pilot.press("ctrl+s")
        await on_screen(pilot, WorkspaceScreen)

        await pilot.press("f2")  # picked again, the speaker comes back with her gender
        await on_screen(pilot, SpeakerScreen)
        await type_text(pilot, "Nigerian Wom")
        form = app.screen
        await wait_for(pilot, lambda: form.query_one("#gender", Select).value == "female")
        await pilot.press("escape")
    [speaker] = speakers_of(tmp_path).values()
    assert (speaker.name, speaker.category, speaker.regional_group, speaker.gender) == (
        "Nigerian Women's Network", "non-governmental organization", "", "female")


@run_async
async def test_a_category_is_chosen_with_the_keys_from_a_list_made_when_opened(tmp_path: Path) -> None:
    from textual.widgets._select import SelectOverlay

    session_id = meeting_with_speakers(tmp_path)
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await workspace_ready(pilot)
        await pilot.press("f2")
        await on_screen(pilot, SpeakerScreen)
        form = app.screen
        assert not form.query(SelectOverlay)  # no choice's list made with the form
        await type_text(pilot, "Friends of the Court")
        category = form.query_one("#category", Select)
        category.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: category.expanded and len(form.query(SelectOverlay)) == 1)
        await pilot.press("home", "enter")  # the first category: Member State
        await wait_for(pilot, lambda: not category.expanded)
        assert category.value == "Member State"
        assert "Member State" in category.query_one("SelectCurrent").render().plain
        await pilot.press("ctrl+s")
        await on_screen(pilot, WorkspaceScreen)
    speaker = next(s for s in speakers_of(tmp_path).values() if s.name == "Friends of the Court")
    assert speaker.category == "Member State"


@run_async
async def test_the_edit_dialog_corrects_speaker_and_time(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, "Brazil", "Japan")
    with Notebook.open(tmp_path) as notebook:
        brazil, japan = notebook.speaker_named("Brazil"), notebook.speaker_named("Japan")
        wrong = notebook.record_intervention(session_id, brazil.id, "Japan said this.",
                                             seconds=1500, started_at="2015-04-13T07:00:00+00:00")
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await workspace_ready(pilot)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: app.screen.query_one(LogTable).has_focus)
        await pilot.press("enter")
        await on_screen(pilot, InterventionScreen)
        form = app.screen
        assert form.query_one("#seconds", Input).value == "25:00"
        form.query_one("#speaker", Select).value = japan.id
        form.query_one("#seconds", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "4:x")
        await pilot.press("ctrl+s")  # not a time: the dialog stays, nothing saved
        await pilot.pause()
        assert app.screen is form
        await pilot.press("backspace")
        await type_text(pilot, "05")
        await pilot.press("ctrl+s")
        await on_screen(pilot, WorkspaceScreen)
    [said] = interventions(tmp_path, session_id)
    assert (said.id, said.speaker_id, said.seconds) == (wrong.id, japan.id, 245)
    with Notebook.open(tmp_path) as notebook:
        figures = statistics([notebook.session_record(session_id)])
    assert (figures.seconds, figures.speakers) == (245, 1)


def test_speaking_times_are_read_as_the_timer_shows_them() -> None:
    assert [read_duration(t) for t in ("2:30", "0:05", "1:02:03", "90", " 4:05 ")] == [
        150, 5, 3723, 90, 245]
    assert [read_duration(t) for t in ("", "2:60", "a:bc", "-1", "1:2:3:4")] == [None] * 5


@run_async
async def test_the_timer_leaves_out_the_time_the_app_was_down(tmp_path: Path) -> None:
    """Brazil spoke 2 minutes, the app crashed, and came back 10 minutes later."""
    session_id = meeting_with_speakers(tmp_path, "Brazil")
    crashed = datetime.now(timezone.utc)
    with Notebook.open(tmp_path) as notebook:
        [entry] = notebook.queue(session_id)
        notebook.update(entry, state="speaking")
        notebook.save_draft(session_id, "Brazil on witness protection.",
                            speaker_id=entry.speaker_id, question_refs=("W3.Q.c",),
                            started_at=stamp(crashed - timedelta(minutes=2)))
    clock = FixedClock(crashed + timedelta(minutes=10))
    app = session_app(tmp_path, session_id, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        assert 119 <= screen.meeting.elapsed() <= 121
        clock.advance(30)
        await pilot.press("f5")
    [said] = interventions(tmp_path, session_id)
    assert 149 <= said.seconds <= 151 and said.text == "Brazil on witness protection."


@run_async
async def test_a_speaker_removed_from_the_list_can_be_put_back(tmp_path: Path) -> None:
    session_id = meeting_with_speakers(tmp_path, "Brazil", "Japan", "Mexico")
    app = session_app(tmp_path, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await workspace_ready(pilot)
        queue = screen.query_one(QueueList)
        queue.focus()
        queue.highlighted = 1
        await pilot.press("x")  # Japan off the list
        await wait_for(pilot, lambda: len(screen.meeting.waiting) == 2)
        await pilot.press("u")  # and back, in its place
        await wait_for(pilot, lambda: len(screen.meeting.waiting) == 3)
        assert queue.highlighted_option.id == screen.meeting.waiting[1].id
    with Notebook.open(tmp_path) as notebook:
        names = {s.id: s.name for s in notebook.speakers()}
        waiting = [names[e.speaker_id] for e in notebook.queue(session_id)]
    assert waiting == ["Brazil", "Japan", "Mexico"]
