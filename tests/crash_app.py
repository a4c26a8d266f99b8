"""The app itself under kill -9, in a pseudo-terminal: what the rapporteur saw saved must stay saved.

Two rounds, each on a notebook of its own:
- double crash: the floor is given and the app killed before any draft; restarted, a note is
  typed and saved with Ctrl+S and the app killed again (at a random moment, sometimes after a
  draft); at the third start the turn is ended with F5. The saved words must be in the row.
- burst before F4: notes for three speakers typed with F4 between them in one write to the
  terminal, no pause anywhere; killed at a random moment. Every row committed holds the whole
  note of its own speaker and nothing of the next one.

An intervention row seen in the notebook is acknowledged: the app says "Saved" only after it.
"""

from __future__ import annotations

import random
import sqlite3
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from test_tui_recovery import ENTER, F4, F5, Terminal, read, speaking, wait_until

from workshop.store import Notebook

CTRL_S = "\x13"
WORDS = ("witness", "protection", "cooperation", "training", "victims", "courts", "evidence",
         "cybercrime", "prisons", "corruption")
BURST_SPEAKERS = ("Brazil", "Nigeria", "Mexico")


@dataclass
class AppTally:
    """What the app's kills did and what survived them."""

    kills: int = 0
    acknowledged: int = 0
    lost: int = 0
    split_notes: int = 0
    failed_checks: int = 0
    timeouts: int = 0  # rounds in which the app did not do what it was asked within 15 s

    @property
    def sound(self) -> bool:
        return not (self.lost or self.split_notes or self.failed_checks)

    def line(self) -> str:
        return ", ".join(f"app {name.replace('_', ' ')} {value}" for name, value in asdict(self).items())

    def add(self, other: AppTally) -> None:
        for name in asdict(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def rows(home: Path) -> list[tuple[str, str]]:
    """(speaker name, text) of every live intervention, in the order recorded."""
    return [(name, text) for name, text in read(home, (
        "SELECT speaker.name, intervention.text FROM intervention JOIN speaker"
        " ON speaker.id = intervention.speaker_id WHERE intervention.deleted_at IS NULL"
        " ORDER BY intervention.created_at"))]


def sound_file(home: Path, tally: AppTally) -> bool:
    """The notebook opens as the app opens it and passes SQLite's quick check."""
    try:
        with Notebook.open(home) as notebook:
            ok = notebook.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except Exception:  # noqa: BLE001 - any failure to open is a failed check
        ok = False
    tally.failed_checks += not ok
    return ok


def a_session(home: Path, speakers: tuple[str, ...]) -> None:
    with Notebook.open(home) as notebook:
        session = notebook.create_session("W3", meeting="1st meeting")
        for name in speakers:
            notebook.enqueue(session.id, notebook.add_speaker(name).id, "statement")


def open_workspace(home: Path) -> Terminal:
    terminal = Terminal(home)
    terminal.wait_for_text("Sessions")
    terminal.send(ENTER)
    terminal.wait_for_text("Programme")
    return terminal


def double_crash(home: Path, rng: random.Random) -> AppTally:
    """F4 and a kill; a note, Ctrl+S and a kill; F5: the saved words are in the row."""
    tally = AppTally()
    a_session(home, ("Brazil",))
    terminal = open_workspace(home)
    try:
        terminal.send(F4)
        wait_until(lambda: speaking(home), 15, "the floor given")
        time.sleep(rng.uniform(0, 1.0))
    finally:
        terminal.kill()
    tally.kills += 1
    if not sound_file(home, tally):
        return tally

    first = phrase(rng, rng.randrange(1, 6))
    terminal = open_workspace(home)
    saved = ""
    try:
        terminal.type(first)
        terminal.send(CTRL_S)
        wait_until(lambda: rows(home), 15, "the note saved")
        [(_, saved)] = rows(home)  # what the app said it saved: all of `first`, if keys are in order
        terminal.type(" " + phrase(rng, rng.randrange(0, 3)))  # not saved: may be lost
        time.sleep(rng.choice((rng.uniform(0, 1.0), rng.uniform(3.0, 4.0))))  # before or after a draft
    finally:
        terminal.kill()
    tally.kills += 1
    tally.acknowledged += bool(saved)
    if not sound_file(home, tally):
        return tally

    second = " " + phrase(rng, 2)
    terminal = open_workspace(home)
    try:
        terminal.type(second)
        terminal.send(F5)
        wait_until(lambda: not speaking(home), 15, "the turn ended")
    finally:
        terminal.kill()
    tally.kills += 1
    texts = [text for _, text in rows(home)]
    if sound_file(home, tally) and not (len(texts) == 1 and texts[0].startswith(saved)
                                        and texts[0].endswith(second)):
        tally.lost += 1
    tally.split_notes += saved != first
    return tally


def burst_before_f4(home: Path, rng: random.Random, mid_burst: bool | None = None) -> AppTally:
    """Three notes with F4 between them in one write, then a kill: mid-burst, or once all is in."""
    tally = AppTally()
    a_session(home, BURST_SPEAKERS)
    notes = {name: f"{name}: {phrase(rng, rng.randrange(2, 8))}" for name in BURST_SPEAKERS}
    keys = F4 + F4.join(notes.values()) + F5
    terminal = open_workspace(home)
    seen: list[tuple[str, str]] = []
    try:
        terminal.send(keys)
        if mid_burst if mid_burst is not None else rng.random() < 0.5:
            time.sleep(rng.uniform(0, 0.5))
        else:
            wait_until(lambda: len(rows(home)) == len(notes), 15, "the three notes saved")
        seen = rows(home)
    except sqlite3.Error:
        pass  # read while the app wrote: what counts is what is seen whole after the kill
    finally:
        terminal.kill()
    tally.kills += 1
    tally.acknowledged += len(seen)
    if not sound_file(home, tally):
        return tally
    after = rows(home)
    tally.lost += sum(row not in after for row in seen)
    tally.split_notes += sum(text != notes[name] for name, text in after)
    return tally


ROUNDS = {"double crash": double_crash, "burst before F4": burst_before_f4}
