"""A whole meeting recorded key by key in tmux at 80x24, as a rapporteur would, with the screens checked.

Run it from the repository:  uv run python scripts/meeting_in_tmux.py [--keep] [--size 80x24]

It starts the app in a detached tmux session in a fresh home folder, records a meeting of
Workshop 3 (the Chair's introductory statement, a dozen speakers, a point of order, findings, an
edit from the log), kills the app with SIGKILL while a note is being typed, starts it again,
recovers the note from the recovery dialog, writes a key point in the synthesis, and exports the
summary. After each step it reads the screen back with `tmux capture-pane` and checks it: the
recovery dialog's buttons are visible, the newest log entry is visible after Ctrl+L, the programme
is drawn as before after F6. At the end it checks the notebook itself. Every screen read is kept
in the home folder's `captures/` (printed at the end) for a person to look at.

Needs tmux. Exits 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY_GAP = 0.05  # seconds between keys typed into one-line fields: a person's pace, not a burst
SETTLE = 0.4  # after a key that changes the screen


class Failed(Exception):
    """A check did not hold; the message says which, and the screen is kept."""


class Meeting:
    """The app running in one tmux pane, driven with send-keys and read with capture-pane."""

    def __init__(self, home: Path, size: tuple[int, int]) -> None:
        self.home = home
        self.size = size
        self.name = f"meeting-in-tmux-{os.getpid()}"
        self.captures = home / "captures"
        self.captures.mkdir(parents=True, exist_ok=True)
        self.shots = 0
        self.checks: list[str] = []

    # --- the pane ------------------------------------------------------------------------------

    def command(self) -> str:
        return f"exec {shlex.quote(sys.executable)} -m workshop --home {shlex.quote(str(self.home))}"

    def start(self) -> None:
        width, height = self.size
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", str(width),
                        "-y", str(height), self.command()], check=True,
                       env={**os.environ, "TERM": "xterm-256color"})
        # A pane whose app was killed stays, so that the same pane can start it again.
        subprocess.run(["tmux", "set-option", "-t", self.name, "remain-on-exit", "on"], check=True)

    def restart(self) -> None:
        subprocess.run(["tmux", "respawn-pane", "-k", "-t", self.name, self.command()], check=True)

    def app_pid(self) -> int:
        out = subprocess.run(["tmux", "display-message", "-p", "-t", self.name, "#{pane_pid}"],
                             check=True, capture_output=True, text=True).stdout
        return int(out.strip())

    def kill_app(self) -> None:
        """SIGKILL, as a power cut or a crash would end it: no chance to save anything."""
        pid = self.app_pid()
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            dead = subprocess.run(["tmux", "display-message", "-p", "-t", self.name,
                                   "#{pane_dead}"], capture_output=True, text=True).stdout
            if dead.strip() == "1":
                return
            time.sleep(0.05)
        raise Failed(f"the app (pid {pid}) did not die")

    def stop(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)

    # --- keys and screens ----------------------------------------------------------------------

    def keys(self, *keys: str, settle: float = SETTLE) -> None:
        """Named keys (F2, Enter, C-s, C-Down, Escape...), one after the other."""
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(KEY_GAP)
        time.sleep(settle)

    def type(self, text: str, *, burst: bool = False) -> None:
        """Text typed as such; into one-line fields at a person's pace (`burst` for the note)."""
        if burst:
            subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)
        else:
            for char in text:
                subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", char], check=True)
                time.sleep(KEY_GAP)
        time.sleep(SETTLE)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                              check=True, capture_output=True, text=True).stdout

    def keep(self, label: str) -> str:
        """Read the screen and keep it in captures/ under a numbered name."""
        text = self.screen()
        self.shots += 1
        (self.captures / f"{self.shots:02d}-{label}.txt").write_text(text, encoding="utf-8")
        return text

    def wait_for(self, *texts: str, timeout: float = 20.0, label: str = "wait") -> str:
        """Wait until every text is on the screen; the screen read last is returned (and kept)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if all(t in text for t in texts):
                return self.keep(label)
            if time.monotonic() > deadline:
                self.keep(f"{label}-FAILED")
                missing = [t for t in texts if t not in text]
                raise Failed(f"{label}: not on the screen after {timeout:.0f}s: {missing}")
            time.sleep(0.1)

    def check(self, what: str, holds: bool, detail: str = "") -> None:
        if not holds:
            self.keep("check-FAILED")
            raise Failed(f"{what}{': ' + detail if detail else ''}")
        self.checks.append(what)
        print(f"  ok  {what}")

    # --- what a rapporteur does ---------------------------------------------------------------

    def add_speaker(self, letters: str, key: str = "F2") -> None:
        self.keys(key)
        self.wait_for("Type a few letters", label="speaker-form")
        self.type(letters)
        self.keys("Enter")
        self.wait_for("Floor", "Programme", label="speaker-added")

    def new_speaker(self, name: str) -> None:
        """A name the notebook and the built-in list do not know: Enter, then Ctrl+S adds it."""
        self.keys("F2")
        self.wait_for("Type a few letters", label="speaker-form")
        self.type(name)
        self.wait_for("New speaker", label="new-speaker")
        self.keys("Enter", "C-s")
        self.wait_for("Floor", "Programme", label="speaker-added")

    def speak(self, note: str) -> None:
        """F4: the next speaker has the floor (the last one's note is saved); the note is typed."""
        self.keys("F4")
        self.type(note, burst=True)

    def finding(self, key: str, title: str, text: str) -> None:
        self.keys(key)
        self.wait_for("Title", label="finding-form")
        self.type(title)
        self.keys("Tab")
        self.type(text, burst=True)
        self.keys("C-s")
        self.wait_for("Floor", "Note", label="finding-saved")


def programme_region(screen: str, width: int) -> list[str]:
    """The list of questions: the programme's side of the workspace, its upper half, row by row.

    The upper half only: a message shown for a few seconds may cover the bottom of the screen.
    """
    rows = screen.splitlines()
    return [row[: width * 45 // 100] for row in rows[1: len(rows) // 2]]


def run(meeting: Meeting) -> None:
    home, (width, height) = meeting.home, meeting.size
    created = subprocess.run(
        [sys.executable, "-m", "workshop", "--home", str(home), "new", "W3",
         "--meeting", "4th meeting", "--date", "2015-04-15", "--venue", "Doha, Room 1",
         "--chair", "Ms. A. Chair", "--rapporteur", "Mr. B. Rapporteur",
         "--panellists", "E. Expert; F. Expert"],
        check=True, capture_output=True, text=True)
    session_id = created.stdout.split()[0]
    print(f"session {session_id} in {home}")

    meeting.start()
    meeting.wait_for("4th meeting", label="home")
    meeting.keys("Enter")
    meeting.wait_for("Floor free", "Programme", label="workspace")

    print("The Chair opens the meeting (nobody on the floor)")
    meeting.keys("C-Down")  # question (a)
    meeting.type("The Chair opened the workshop and recalled its objectives.", burst=True)
    meeting.keys("C-s")
    meeting.wait_for("Nobody has the floor", "Introductory statement", label="statement-form")
    meeting.keys("Enter")
    meeting.wait_for("Saved", "· Ms. A. Chair", label="statement-saved")

    print("A dozen speakers on the list")
    for letters in ("bra", "japan", "nigeria", "germ", "canad", "india", "egyp", "franc", "chin",
                    "unod"):
        meeting.add_speaker(letters)
    meeting.new_speaker("Ms. Ana Perez Gomez")
    screen = meeting.keep("list-of-speakers")
    meeting.check("the list of speakers is on the screen", "Brazil" in screen and "Japan" in screen)

    print("The debate, question by question")
    meeting.speak("Brazil described its specialized police units for cybercrime.")
    meeting.speak("Japan: police cooperate with service providers under a code of conduct.")
    meeting.finding("F7", "Code of conduct with providers", "Data kept for 90 days.")
    meeting.speak("Nigeria stressed public education on online fraud.")
    meeting.keys("C-l")  # the log, looked at mid-meeting, left on an older row
    meeting.keys("Down", "Down", "Down")
    meeting.keys("C-l")
    meeting.keys("C-Down")  # question (b): the note being typed follows
    meeting.speak("Germany recommended joint training of police and prosecutors.")
    meeting.finding("F9", "Joint training", "Police and prosecutors trained together.")

    print("A point of order")
    meeting.add_speaker("mexic", key="F3")
    meeting.speak("Mexico raised a point of order on the time limit.")
    screen = meeting.wait_for("point of order, no question", label="point-of-order")
    meeting.check("a point of order's note is tagged with no question", True)
    meeting.keys("F5")
    meeting.wait_for("Floor free", label="point-of-order-saved")
    meeting.speak("Canada described a national reporting platform.")
    meeting.speak("India: a dedicated cyber forensics laboratory in every state.")
    meeting.finding("F8", "Evidence across borders", "Slow mutual legal assistance.")
    meeting.keys("C-Down")  # question (c)
    meeting.speak("Egypt on the return of cultural property.")
    meeting.speak("France: a database of stolen cultural objects.")
    meeting.speak("China called for a new international instrument.")
    newest = "UNODC offered technical assistance to every region."
    meeting.speak(newest)
    meeting.keys("F5")
    meeting.wait_for("· UNODC's", label="unodc-saved")

    print("The log opens on the newest entry")
    meeting.keys("C-l")
    screen = meeting.wait_for("newest first", label="log")
    meeting.check("the newest log entry is visible after Ctrl+L", newest[:20] in screen,
                  "the log shows older entries only")

    print("An edit from the log")
    meeting.keys("Enter")
    meeting.wait_for("Intervention of UNODC", "Speaking time", label="edit-dialog")
    meeting.keys("C-e")  # to the end of the line: TextArea's Emacs key
    meeting.type(" (corrected)")
    meeting.keys("C-s")
    meeting.wait_for("Intervention saved", label="edited")
    meeting.keys("C-l")

    print("Killed mid-note (SIGKILL), started again")
    meeting.speak("Ms. Perez Gomez: the last words typed before the crash.")
    meeting.wait_for("Draft saved", label="draft-saved", timeout=15)
    meeting.kill_app()
    meeting.restart()
    screen = meeting.wait_for("An unsaved note was found", label="recovery")
    for button in ("Discard (x)", "Later (Esc)", "Open it (Enter)"):
        meeting.check(f"the recovery dialog's button {button!r} is visible", button in screen)
    meeting.check("the end of the lost note is visible", "before the crash." in screen)
    meeting.keys("F1")
    meeting.wait_for("Keys", "Unsaved note", "Discard", label="recovery-help")
    meeting.check("F1 works in the recovery dialog", True)
    meeting.keys("Escape")
    meeting.wait_for("An unsaved note was found", label="recovery-again")
    meeting.keys("Enter")
    meeting.wait_for("Note put back", label="recovered")
    meeting.keys("F5")
    meeting.wait_for("Floor free", label="recovered-saved")

    print("Synthesis: a key point, then back")
    before = meeting.keep("before-synthesis")
    meeting.keys("F6")
    meeting.wait_for("Key points", label="synthesis")
    meeting.keys("Home", "Tab")  # question (a), then its interventions: Brazil's and Japan's
    meeting.keys("Space", "Down", "Space")
    meeting.keys("w", settle=1.0)  # the key point's field takes the typing once it has focus
    meeting.type("stressed the need for specialized units")
    meeting.keys("Enter")
    meeting.wait_for("Two speakers stressed the need", label="key-point")
    meeting.keys("F6")
    after = meeting.wait_for("Programme", "Floor", label="after-synthesis")
    meeting.check("the programme is drawn as before after F6",
                  programme_region(after, width) == programme_region(before, width),
                  "the programme's side of the screen changed")

    print("Export")
    meeting.keys("C-e")
    meeting.wait_for("Preview", label="preview", timeout=30)
    meeting.keys("e")
    meeting.wait_for("Exported", label="exported", timeout=30)
    exported = sorted((home / "exports").glob("*.md"))
    meeting.check("the summary was exported", bool(exported), "no .md file in exports/")
    meeting.keys("Escape")
    meeting.keys("C-q", settle=1.5)

    print("The notebook")
    with sqlite3.connect(f"file:{home / 'sessions' / 'notebook.db'}?mode=ro", uri=True) as db:
        def rows(sql: str) -> list[tuple]:
            return db.execute(sql).fetchall()

        said = rows("SELECT s.name, i.kind, i.question_refs, i.text FROM intervention i "
                    "JOIN speaker s ON s.id = i.speaker_id WHERE i.deleted_at IS NULL "
                    "ORDER BY i.started_at, i.created_at")
        kinds = {kind for _, kind, _, _ in said}
        meeting.check("thirteen interventions (the Chair and twelve speakers)", len(said) == 13,
                      f"{len(said)} found")
        meeting.check("the Chair's introductory statement", said[0][:2] == (
            "Ms. A. Chair", "introductory statement"), str(said[0]))
        point = [row for row in said if row[1] == "point of order"]
        meeting.check("the point of order is saved on no question",
                      len(point) == 1 and point[0][2] == "[]", str(point))
        meeting.check("the edit is saved", any(t.endswith("(corrected)") for *_, t in said))
        meeting.check("the recovered note is saved",
                      any("before the crash" in t for *_, t in said))
        meeting.check("the note followed the chair to (b)", any(
            n == "Germany" and q == '["W3.Q.b"]' for n, _, q, _ in said))
        findings = rows("SELECT kind FROM finding WHERE deleted_at IS NULL")
        meeting.check("three findings", len(findings) == 3, str(findings))
        points = rows("SELECT predicate FROM key_point WHERE deleted_at IS NULL")
        meeting.check("the key point", points == [("stressed the need for specialized units",)],
                      str(points))
        meeting.check("statements and a point of order among the kinds",
                      {"statement", "point of order", "introductory statement"} <= kinds)
        drafts = rows("SELECT count(*) FROM draft WHERE trim(text) != ''")
        meeting.check("no unsaved note left over", drafts == [(0,)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="80x24", help="terminal size, WIDTHxHEIGHT")
    parser.add_argument("--keep", action="store_true", help="leave the tmux session running")
    args = parser.parse_args(argv)
    width, _, height = args.size.partition("x")
    home = Path(tempfile.mkdtemp(prefix="meeting-in-tmux-"))
    meeting = Meeting(home, (int(width), int(height)))
    try:
        run(meeting)
    except (Failed, subprocess.CalledProcessError) as problem:
        print(f"FAILED: {problem}")
        print(f"screens read: {meeting.captures}")
        return 1
    finally:
        if not args.keep:
            meeting.stop()
    print(f"All {len(meeting.checks)} checks passed at {width}x{height}. "
          f"Screens read: {meeting.captures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
