"""The app killed while a note is typed: the next start offers the draft back, with speaker and question."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

from test_tui_meeting import new_app, on_screen, run_async, wait_for
from textual.widgets import Static

from workshop.store import Notebook
from workshop.tui.screens.recovery import RecoveryScreen
from workshop.tui.screens.workspace import WorkspaceScreen
from workshop.tui.widgets.notes import NotesPanel

F2, F4, F5 = "\x1bOQ", "\x1bOS", "\x1b[15~"
CTRL_DOWN = "\x1b[1;5B"
ENTER = "\r"
CSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
NOTE = "Speakers stressed witness protection"


class Terminal:
    """The real app in a pseudo-terminal, as a rapporteur's terminal would run it."""

    def __init__(self, home: Path, size: tuple[int, int] = (100, 30)) -> None:
        command = [sys.executable, "-m", "workshop", "--home", str(home)]
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the app
            os.execve(sys.executable, command, env)
        width, height = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.output = ""
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # Drain the terminal all the time, or the app blocks writing to it.
        while not self._closing.is_set():
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.1)
                if ready:
                    chunk = os.read(self.fd, 65536)
                    if not chunk:
                        return
                    with self._lock:
                        self.output += chunk.decode("utf-8", "replace")
            except OSError:
                return

    def screen_text(self) -> str:
        with self._lock:
            return CSI.sub("", self.output)

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def type(self, text: str) -> None:
        for char in text:  # a person types; the app must keep up
            self.send(char)
            time.sleep(0.02)

    def wait_for_text(self, text: str, timeout: float = 20.0) -> None:
        try:
            wait_until(lambda: text in self.screen_text(), timeout, f"{text!r} on screen")
        except AssertionError as error:
            raise AssertionError(f"{error}; the screen's last text: {self.screen_text()[-600:]!r}") from None
        with self._lock:
            self.output = ""  # the next wait looks at what comes after

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        # The reader must be gone before its descriptor is closed: the next terminal's pty may
        # get the same number, and a reader left behind would take that app's output.
        self._closing.set()
        self._reader.join()
        try:
            os.close(self.fd)
        except OSError:
            pass


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def read(home: Path, sql: str) -> list[tuple]:
    """Look into the notebook the way another program would: a read-only connection."""
    uri = f"file:{home / 'sessions' / 'notebook.db'}?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def draft_text(home: Path) -> str:
    """The draft as another `workshop` process sees it (opening and closing the notebook)."""
    with Notebook.open(home) as notebook:
        drafts = notebook.drafts()
        return drafts[0].text if drafts else ""


def speaking(home: Path) -> bool:
    return bool(read(home, "SELECT id FROM queue_entry WHERE state = 'speaking'"))


def test_a_note_typed_when_the_app_is_killed_is_offered_back(tmp_path: Path) -> None:
    with Notebook.open(tmp_path) as notebook:
        notebook.create_session("W3", meeting="1st meeting", date="2015-04-13")

    terminal = Terminal(tmp_path)
    try:
        terminal.wait_for_text("Sessions")
        terminal.send(ENTER)  # open the only session
        terminal.wait_for_text("Programme")
        terminal.send(CTRL_DOWN)  # question (a) is current
        terminal.send(F2)
        terminal.wait_for_text("Add to the list")
        terminal.type("bra")
        terminal.wait_for_text("Brazil")
        terminal.send(ENTER)
        wait_until(lambda: read(tmp_path, "SELECT id FROM queue_entry"), 10, "Brazil on the list")
        terminal.send(F4)
        wait_until(lambda: speaking(tmp_path), 10, "Brazil to have the floor")
        terminal.type(NOTE)
        # The draft is written every few seconds by a worker thread: wait for it on disk.
        wait_until(lambda: draft_text(tmp_path) == NOTE, 15, "the draft on disk")
        terminal.type(" and more words typed after the last draft")
    finally:
        terminal.kill()

    asyncio_recovery_check(tmp_path)


@run_async
async def asyncio_recovery_check(home: Path) -> None:
    app = new_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(pilot, RecoveryScreen)
        screen = app.screen

        def shown(widget_id: str) -> str:
            return str(screen.query_one(widget_id, Static).render())

        assert shown("#lost-note") == NOTE
        assert shown("#lost-speaker") == "Brazil"
        assert "W3.Q.a" in shown("#lost-questions")
        assert "most important research findings" in shown("#lost-questions")
        await pilot.press("enter")  # open it: the note is back in its session, Brazil speaking
        await on_screen(pilot, WorkspaceScreen)
        workspace = app.screen
        await wait_for(pilot, lambda: workspace.query_one(NotesPanel).text == NOTE)
        assert workspace.meeting.turn is not None
        assert workspace.meeting.turn.speaker.name == "Brazil"
        assert workspace.meeting.refs == ["W3.Q.a"]
        await pilot.press("f5")  # the turn ends: the recovered note becomes the intervention
    with Notebook.open(home) as notebook:
        [intervention] = notebook.interventions(notebook.sessions()[0].id)
        assert intervention.text == NOTE
        assert intervention.question_refs == ("W3.Q.a",)
        assert notebook.drafts() == []


@run_async
async def test_the_threaded_draft_writer_saves_the_note(tmp_path: Path) -> None:
    """The worker-thread path (Settings.draft_in_thread), the default, writes the draft."""

    from test_tui_meeting import TEST_SETTINGS, type_text

    from workshop.tui.app import make_app
    from workshop.tui.clock import FixedClock

    with Notebook.open(tmp_path) as notebook:
        session_id = notebook.create_session("W3").id
    settings = TEST_SETTINGS._replace(draft_seconds=0.2, draft_in_thread=True)
    app = make_app(tmp_path, clock=FixedClock(), settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_session(session_id)
        await on_screen(pilot, WorkspaceScreen)
        await type_text(pilot, NOTE)
        await wait_for(pilot, lambda: read(tmp_path, "SELECT text FROM draft") == [(NOTE,)])
        await wait_for(pilot, lambda: "Draft saved" in str(
            app.screen.query_one("#note-status", Static).render()))


def test_a_note_put_back_shows_every_line_it_wraps_onto_before_a_key_is_pressed(tmp_path: Path) -> None:
    # The note is given its text before it has a width: the lines it wraps onto once laid out
    # are drawn at once, not when the next key is typed.
    with Notebook.open(tmp_path) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting", date="2015-04-13")
        notebook.save_draft(session.id, "Speakers stressed " * 5 + "WRAPPEDEND")

    terminal = Terminal(tmp_path, size=(80, 24))
    try:
        terminal.wait_for_text("Open it (Enter)")
        time.sleep(1.0)  # the offer drawn whole, its own copy of the note with it
        terminal.wait_for_text("")  # from here on, what the workspace draws
        terminal.send(ENTER)  # open it
        wait_until(lambda: "Note put back" in terminal.screen_text(), 20, "the workspace")
        time.sleep(1.0)
        assert "WRAPPEDEND" in terminal.screen_text()
    finally:
        terminal.kill()
