"""Markup and escape sequences typed as names and notes are shown literally and do nothing."""

from __future__ import annotations

from pathlib import Path

from test_tui_meeting import new_app, on_screen, run_async, type_text, wait_for
from textual import events
from textual.content import Content
from textual.widgets import OptionList, Static

from workshop.store import Notebook
from workshop.tui.screens.home import HomeScreen
from workshop.tui.screens.recovery import RecoveryScreen
from workshop.tui.screens.speaker_form import SpeakerScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.widgets.floor import QueueList
from workshop.tui.widgets.log import LogTable
from workshop.tui.widgets.notes import NoteArea

HOSTILE = ["[bold]x[/bold]", "[link=https://example.org]y[/link]", "[@click=app.quit]z[/]"]
ESCAPES = "\x1b[31mred\x1b[0m \x1b]8;;https://example.org\x07link\x1b]8;;\x07 \x1b[2J"


def plain_of(visual) -> str:
    return visual.plain if isinstance(visual, Content) else str(visual)


def no_markup_styles(content: Content) -> bool:
    """Nothing in the text became a link, an action or bold through markup."""
    return all("link" not in str(span.style) and "@click" not in str(span.style)
               for span in content.spans)


@run_async
async def test_markup_typed_as_names_and_notes_is_shown_literally(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3", meeting="[b]1st[/b] mtg").id
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, HomeScreen)
        home_row = [cell.plain for cell in app.screen.query_one("#sessions").get_row_at(0)]
        assert home_row[1] == "[b]1st[/b] mtg"
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        assert "[b]1st[/b] mtg" in str(workspace.query_one("#session-bar", Static).render())

        for name in HOSTILE:  # three new speakers with markup for names
            await pilot.press("f2")
            await on_screen(pilot, SpeakerScreen)
            await type_text(pilot, name)
            suggestions = app.screen.query_one("#suggestions", OptionList)
            shown = [plain_of(suggestions.get_option_at_index(i).prompt)
                     for i in range(suggestions.option_count)]
            assert any(name in line for line in shown)
            await pilot.press("enter", "ctrl+s")
            await on_screen(pilot, WorkspaceScreen)

        queue = workspace.query_one(QueueList)
        prompts = [queue.get_option_at_index(i).prompt for i in range(queue.option_count)]
        assert [plain_of(p).strip().split(" ", 1)[1] for p in prompts] == HOSTILE
        assert all(no_markup_styles(p) for p in prompts)
        # Clicking the name that would be "[@click=app.quit]" as markup gives that speaker the
        # floor, as any click on the list does; the app does not quit.
        await pilot.click(QueueList, offset=(6, 2))  # the third line: the third name
        await wait_for(pilot, lambda: workspace.meeting.turn is not None)
        assert app.is_running and app.return_code is None
        assert workspace.meeting.turn.speaker.name == HOSTILE[2]
        timer = workspace.query_one("#timer", Static).render()
        assert HOSTILE[2] in timer.plain and no_markup_styles(timer)
        note = workspace.query_one(NoteArea)
        note.focus()
        await type_text(pilot, " ".join(HOSTILE) + " ")
        note.post_message(events.Paste(ESCAPES))  # pasted: an escape sequence reaches the note
        await wait_for(pilot, lambda: "red" in note.text)
        await pilot.press("f5")
        await wait_for(pilot, lambda: workspace.query_one(LogTable).row_count == 1)
        log_text = workspace.query_one(LogTable).get_row_at(0)[4].plain
        assert HOSTILE[0] in log_text and HOSTILE[1] in log_text
        assert "\x1b" not in log_text
        assert app.is_running and app.return_code is None

    with Notebook.open(tmp_path) as notebook:
        assert sorted(s.name for s in notebook.speakers()) == sorted(HOSTILE)
        [intervention] = notebook.interventions(session_id)
        assert intervention.text.startswith(" ".join(HOSTILE))
        assert "\x1b" not in intervention.text and "\x07" not in intervention.text
        assert "[31mred" in intervention.text  # the ESC went; what followed it stays, as text


@run_async
async def test_a_lost_note_with_markup_is_offered_back_literally(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3", meeting="[@click=app.quit]m[/]").id
        speaker = notebook.add_speaker(HOSTILE[1])
        notebook.save_draft(session_id, HOSTILE[2] + ESCAPES, speaker_id=speaker.id,
                            question_refs=("W3.Q.a",))
    app = new_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, RecoveryScreen)
        screen = app.screen
        assert str(screen.query_one("#lost-speaker", Static).render()) == HOSTILE[1]
        shown_note = str(screen.query_one("#lost-note", Static).render())
        assert shown_note.startswith(HOSTILE[2]) and "\x1b" not in shown_note
        assert "[@click=app.quit]m[/]" in str(screen.query_one("#lost-session", Static).render())
        await pilot.click("#lost-session")
        await pilot.click("#lost-note")
        assert app.is_running and app.return_code is None
