"""The app's few settings, given to `make_app` by the command line or by tests."""

from __future__ import annotations

from typing import NamedTuple


class Settings(NamedTuple):
    """How the app behaves; the defaults are what a rapporteur gets."""

    draft_seconds: float = 3.0  # how often the note being typed is saved as a draft
    cursor_blink: bool = True  # off in snapshot tests, so screenshots are stable
    # Write drafts on a worker thread with its own connection, so typing never waits for the disk.
    draft_in_thread: bool = True
    # Copy the notebook to sessions/backups/ when the app opens and closes it.
    backups: bool = True
