"""Noticing that the notebook file was replaced under the open app (a restore), and keeping the note.

`workshop restore` writes a backup into the notebook while the app may have it open: the app's
connection then reads another notebook, where its session, speaker or queue entry may not exist
(every draft save failed with "FOREIGN KEY constraint failed" and the note typed was lost).
A restore always keeps the notebook it replaces aside first, as
sessions/notebook-replaced-<time>.db; when the file was swapped for another one its identity
(device, inode) changes. The app checks both at each draft tick and before it writes or quits,
cheaply: the folder is looked at only once the notebook changed (PRAGMA data_version).
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from pathlib import Path

from workshop.store import Notebook

KEPT_ASIDE = "notebook-replaced-*.db"  # the copy `restore` makes of the notebook it replaces


class ReplacedWatch:
    """Tells whether the notebook the app opened is still the file at its path."""

    def __init__(self, notebook: Notebook) -> None:
        self.path = notebook.path
        self._conn = notebook.conn
        self._opened = time.time()
        self._identity = self._file_identity()
        self._version = self._data_version()
        self.replaced = False

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            found = os.stat(self.path)
        except OSError:
            return None
        return found.st_dev, found.st_ino

    def _data_version(self) -> int | None:
        try:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]
        except Exception:  # noqa: BLE001 - a closed or broken connection: the file check decides
            return None

    def check(self) -> bool:
        """True (and for good) once the notebook was restored or its file swapped since opening."""
        if self.replaced:
            return True
        if self._file_identity() != self._identity:
            self.replaced = True
            return True
        version = self._data_version()
        if version == self._version:
            return False  # nobody wrote to the notebook since the last look
        self._version = version
        self.replaced = any(self._newer(p) for p in self.path.parent.glob(KEPT_ASIDE))
        return self.replaced

    def _newer(self, path: Path) -> bool:
        try:
            return path.stat().st_mtime >= self._opened
        except OSError:
            return False


def keep_note(folder: Path, heading: list[str], text: str) -> Path:
    """Write a note to a text file of its own in `folder` (flushed to disk); its path."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"note-kept-{stamp}.txt"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"note-kept-{stamp}-{n}.txt"
    with path.open("x", encoding="utf-8") as stream:
        stream.write("\n".join([*heading, "", text, ""]))
        stream.flush()
        os.fsync(stream.fileno())
    return path
