"""The app's few settings, given to `make_app` by the command line or by tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """How the app behaves; the defaults are what a rapporteur gets."""

    draft_seconds: float = 3.0  # how often the note being typed is saved as a draft
    cursor_blink: bool = True  # off in snapshot tests, so screenshots are stable
    # Write drafts on a worker thread through `Notebook.reopen()`. Off until reopen() stops
    # reading the file header with open()/close(): in a process that already has the notebook
    # open, that close() drops SQLite's POSIX locks, and another process opening the notebook
    # can then make later writes vanish (see DraftWriter). Off, a draft is one small write on
    # the UI thread every `draft_seconds` (measured 0.4 ms, never on a key press).
    draft_in_thread: bool = False
