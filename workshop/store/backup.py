"""Rotating, checked copies of the notebook made with SQLite's backup API, and putting one back."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from workshop.store.errors import NotebookError
from workshop.store.files import (
    RESTORE_HINT,
    check_identity,
    check_notebook_file,
    check_other_file,
    damaged_message,
    describe_sqlite_error,
    ensure_folder,
    integrity_problem,
    is_busy,
    keep_damaged_wal,
    reading,
    reading_connection,
    sibling,
)
from workshop.store.notebook import Notebook, busy_timeout

BACKUP_FOLDER = "backups"
KEEP = 10  # the newest backups always kept
HOURLY_FOR_S = 24 * 3600  # then the newest of each hour of the last day
DAILY_FOR_DAYS = 30  # then the newest of each day of the last month
_BACKUP_NAME = re.compile(r"notebook-(\d{8}T\d{6}Z)(?:-(\d+))?\.db")
_STALE_PART_S = 3600  # a .part file this old was left by a backup that was killed


def backups_folder(notebook_path: Path) -> Path:
    """Where the backups of a notebook are kept: sessions/backups/."""
    return Path(notebook_path).parent / BACKUP_FOLDER


def list_backups(notebook_path: Path) -> list[Path]:
    """The notebook's backups, newest first."""
    folder = backups_folder(notebook_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _BACKUP_NAME.fullmatch(path.name)
        if match and path.is_file():
            found.append((match.group(1), int(match.group(2) or 0), path))
    return [path for *_, path in sorted(found, reverse=True)]


def backup_notebook(notebook: Notebook, *, keep: int = KEEP) -> Path:
    """Copy the notebook to sessions/backups/notebook-<UTC time>.db, check the copy, rotate (see `to_keep`).

    Safe from any thread: it reads `notebook.path` with its own connections (inside a write
    transaction of the caller's, it copies what was last committed). A copy that fails its
    integrity check is thrown away (it never pushes a good backup out of the rotation) and marks
    the notebook damaged, so that nothing more is written to it. A copy identical to the newest
    backup is not kept either: that backup is returned, and the rotation does not move.
    """
    if notebook.damaged:
        raise NotebookError(notebook.damaged)
    folder = backups_folder(notebook.path)
    ensure_folder(folder)
    _remove_stale_parts(folder)
    target = _fresh_name(folder, "notebook")
    part = folder / f".{target.name}.part"
    try:
        _copy(notebook.path, part)
        with reading(part) as conn:
            problem = integrity_problem(conn)
        if problem:
            notebook.damaged = damaged_message(notebook.path, problem)
            raise NotebookError(notebook.damaged)
        newest = next(iter(list_backups(notebook.path)), None)
        if newest is not None and _same_bytes(part, newest):
            return newest  # nothing changed since: a restart must not push older backups out
        _publish(part, target)
    except (sqlite3.Error, OSError) as error:
        if isinstance(error, OSError):
            reason = error.strerror or str(error)
        else:
            reason = "the disk is full" if "full" in str(error) else str(error)
        raise NotebookError(f"no backup was made: {folder}: {reason}") from None
    finally:
        _discard(part)
    kept = to_keep(list_backups(notebook.path), datetime.now(timezone.utc), keep=keep)
    for old in list_backups(notebook.path):
        if old not in kept and old != target:  # a clock set back must not make the new one go first
            old.unlink(missing_ok=True)
    return target


def to_keep(backups: list[Path], now: datetime, *, keep: int = KEEP) -> set[Path]:
    """The backups a rotation keeps (newest first in): the newest `keep`, the newest of each hour
    of the last day, the newest of each day of the last DAILY_FOR_DAYS days.

    So a burst of restarts or imports never leaves only the last few minutes: yesterday's and
    last week's notebook stay within reach.
    """
    kept = set(backups[:keep])
    hours: set[str] = set()
    days: set[str] = set()
    for path in backups:
        taken = backup_time(path)
        if taken is None:
            continue
        age = (now - taken).total_seconds()
        hour, day = taken.strftime("%Y%m%d%H"), taken.strftime("%Y%m%d")
        if age <= HOURLY_FOR_S and hour not in hours:
            hours.add(hour)
            kept.add(path)
        if age <= DAILY_FOR_DAYS * 86400 and day not in days:
            days.add(day)
            kept.add(path)
    return kept


def backup_time(path: Path) -> datetime | None:
    """When a backup was made, from its name."""
    match = _BACKUP_NAME.fullmatch(path.name)
    if match is None:
        return None
    # Read by hand: strptime's module costs each merge and import that backs up 6 ms to load.
    stamp = match.group(1)
    return datetime(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]), int(stamp[9:11]), int(stamp[11:13]),
                    int(stamp[13:15]), tzinfo=timezone.utc)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as first, b.open("rb") as second:
            while chunk := first.read(1 << 20):
                if chunk != second.read(len(chunk)):
                    return False
        return True
    except OSError:
        return False


BACKUP_THREAD = "workshop-backup"  # the thread a backup runs in, by name


def backup_in_background(
    notebook: Notebook, on_problem: Callable[[str], None] | None = None,
) -> threading.Thread:
    """Back the notebook up in a worker thread; the app calls this when it opens and closes a notebook.

    The thread is not a daemon, so a backup started on closing is finished before the process
    ends. `on_problem` receives the one-line message if no backup could be made (it runs in the
    worker thread: the app hands it to its UI with call_from_thread).
    """
    def run() -> None:
        try:
            backup_notebook(notebook)
        except NotebookError as error:
            if on_problem is not None:
                on_problem(str(error))

    thread = threading.Thread(target=run, name=BACKUP_THREAD, daemon=False)
    thread.start()
    return thread


def check_notebook(notebook_path: Path) -> str:
    """The full integrity check of the notebook, made without writing to it; one line when it is sound."""
    path = Path(notebook_path)
    if not path.exists():
        raise NotebookError(f"{path}: there is no notebook here (check --home)")
    check_notebook_file(path, writing=False)
    wal_problem = keep_damaged_wal(path, required=False)
    if wal_problem:
        raise NotebookError(wal_problem)
    try:
        # As the reading commands read: also on a full disk and on a read-only copy.
        conn, _ = reading_connection(path)
        try:
            check_identity(path, conn, empty_ok=False)
            problem = integrity_problem(conn)
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        raise NotebookError(describe_sqlite_error(path, error)) from None
    if problem:
        raise NotebookError(f"{path}: the integrity check failed ({problem}); {RESTORE_HINT}")
    return f"{path}: ok (integrity check passed, {pages} pages)"


def find_backup(notebook_path: Path, name: str) -> Path:
    """A backup named by its file name in sessions/backups/, or by a path."""
    given = Path(name).expanduser()
    folder = backups_folder(notebook_path)
    candidates = [given] if len(given.parts) > 1 else [folder / name, given]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    # Said with the place as the system sees it, `..` and all resolved, so that the user sees
    # where the path led.
    where = " or ".join(str(Path(os.path.abspath(c))) for c in candidates)
    raise NotebookError(f"{name}: no such backup file ({where}); `workshop check` lists the backups")


def same_notebook(notebook_path: Path, backup: Path) -> bool:
    """True when a backup is from this notebook: in its backups folder, or sharing a session with it.

    A notebook that cannot be read, or holds no session, takes any backup: that is what
    restoring is for.
    """
    if backups_folder(notebook_path).resolve() == backup.resolve().parent:
        return True
    try:
        with reading(backup) as conn:
            theirs = {row[0] for row in conn.execute("SELECT id FROM session")}
        with reading(notebook_path, live=True) as conn:
            ours = {row[0] for row in conn.execute("SELECT id FROM session")}
    except (sqlite3.Error, OSError):
        return True
    return not ours or bool(ours & theirs)


def verify_backup(path: Path) -> None:
    """Refuse a backup that is not a sound workshop notebook this version can read."""
    check_other_file(path)
    try:
        with reading(path) as conn:
            check_identity(path, conn, empty_ok=False)
            problem = integrity_problem(conn)
    except sqlite3.DatabaseError as error:
        raise NotebookError(describe_sqlite_error(path, error)) from None
    if problem:
        raise NotebookError(f"{path}: the backup is damaged (integrity check: {problem}); choose another")


def restore_backup(notebook_path: Path, backup: Path, *, force: bool = False) -> Path | None:
    """Put a checked backup in place of the notebook; the file it replaces is kept aside first (returned).

    Refused, with the notebook unchanged and nothing left behind: another notebook's file
    (unless `force`), too little free space for the copy kept aside and the restored file, and
    a notebook another program keeps busy beyond the busy timeout.
    """
    path, backup = Path(notebook_path), Path(backup)
    verify_backup(backup)
    if path.exists() and backup.resolve() == path.resolve():
        raise NotebookError(f"{backup}: is the notebook itself, not a backup")
    if path.exists() and not force and not same_notebook(path, backup):
        raise NotebookError(
            f"{backup}: is not a backup of this notebook (no session in common with {path}); "
            "add --force to put it in place anyway"
        )
    ensure_folder(path.parent)
    _check_free_space(path, backup)
    kept = keep_aside(path) if path.exists() else None
    try:
        if not _looks_like_a_notebook(path):
            # Nothing SQLite can write into (the reason to restore): replace the file itself.
            _replace_file(backup, path)
            return kept
        # Through SQLite, so that the WAL, the -shm and any program that has the notebook open
        # see the restored pages as one committed change.
        _copy(backup, path, source_immutable=True, into_live=True)
    except (sqlite3.DatabaseError, OSError, NotebookError) as error:
        if kept is not None:
            _discard(kept)  # the notebook is unchanged: a copy of it kept aside would only pile up
        if isinstance(error, NotebookError):
            raise
        if isinstance(error, sqlite3.DatabaseError) and is_busy(error):
            raise NotebookError(f"{path}: the notebook is busy in another program; close it and try again") from None
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise NotebookError(f"{path}: the backup could not be put back ({reason}); the notebook is unchanged") from None
    return kept


def _check_free_space(path: Path, backup: Path) -> None:
    """Refuse a restore the disk has no room for: the notebook kept aside, and the backup put back."""
    needed = backup.stat().st_size + sum(
        p.stat().st_size for p in (path, sibling(path, "-wal")) if p.exists()
    )
    try:
        found = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no statvfs on this platform: the copy says so itself
        return
    free = found.f_bavail * found.f_frsize
    if free < needed + 1024 * 1024:  # and a margin for SQLite's journal
        raise NotebookError(
            f"{path.parent}: not enough free space to restore ({free // 1024} KB free, about "
            f"{needed // 1024 + 1024} KB needed); the notebook is unchanged"
        )


def keep_aside(path: Path) -> Path:
    """Copy the notebook to sessions/notebook-replaced-<UTC time>.db before it is overwritten."""
    kept = _fresh_name(path.parent, "notebook-replaced")
    if _looks_like_a_notebook(path):
        try:
            _copy(path, kept)  # through SQLite: what is still only in the WAL comes along
            return kept
        except sqlite3.DatabaseError:
            _discard(kept)
    # A file SQLite cannot read is kept byte for byte, with its WAL, and never opened by SQLite.
    shutil.copyfile(path, kept)
    if sibling(path, "-wal").exists():
        shutil.copyfile(sibling(path, "-wal"), sibling(kept, "-wal"))
    return kept


def _looks_like_a_notebook(path: Path) -> bool:
    try:
        check_other_file(path)
    except NotebookError:
        return False
    return True


# --- file handling ----------------------------------------------------------------------------


def _copy(source: Path, target: Path, *, source_immutable: bool = False, into_live: bool = False) -> None:
    """Copy a database page by page with the backup API, as one consistent snapshot.

    A copy is made one self-contained file (rollback journal); `into_live` writes into a
    notebook that keeps its WAL and may be open in another program.
    """
    if source_immutable:
        uri = "file:" + quote(str(source.absolute())) + "?immutable=1"
        source_conn = sqlite3.connect(uri, uri=True)
    else:
        source_conn = sqlite3.connect(source, timeout=busy_timeout())
    try:
        target_conn = sqlite3.connect(target, timeout=busy_timeout(), isolation_level=None)
        try:
            target_conn.execute("PRAGMA synchronous = FULL")
            # The backup API retries a busy file forever: given up here after the busy timeout.
            deadline = time.monotonic() + busy_timeout()

            def progress(status: int, remaining: int, total: int) -> None:
                if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
                    raise sqlite3.OperationalError("database is locked")

            source_conn.backup(target_conn, pages=256, progress=progress, sleep=0.05)
            if not into_live:
                target_conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            target_conn.close()
    finally:
        source_conn.close()


def _replace_file(backup: Path, path: Path) -> None:
    """Swap the notebook file for a copy of the backup, dropping the old file's WAL first."""
    part = path.with_name(f".{path.name}.restore")
    _discard(part)
    _copy(backup, part, source_immutable=True)
    # Kept aside already; left in place, a stale WAL would be replayed into the restored file.
    for suffix in ("-wal", "-shm", "-journal"):
        sibling(path, suffix).unlink(missing_ok=True)
    _publish(part, path)


def _publish(part: Path, target: Path) -> None:
    """Move a finished copy into place durably: data on disk first, then the new name."""
    with part.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(part, target)
    try:
        folder = os.open(target.parent, os.O_RDONLY)
    except OSError:
        return  # a folder cannot be opened for fsync on every platform
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _fresh_name(folder: Path, prefix: str) -> Path:
    """`<prefix>-<UTC time>.db`, then -1, -2... within one second, always after those already there."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    pattern = re.compile(rf"\.?{re.escape(prefix)}-{stamp}(?:-(\d+))?\.db(?:\.part)?")
    # Above every number seen, not in the first gap: rotation frees the oldest name of the second.
    taken = [int(m.group(1) or 0) for p in folder.iterdir() if (m := pattern.fullmatch(p.name))]
    if not taken:
        return folder / f"{prefix}-{stamp}.db"
    return folder / f"{prefix}-{stamp}-{max(taken) + 1}.db"


def _discard(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        sibling(path, suffix).unlink(missing_ok=True)


def _remove_stale_parts(folder: Path) -> None:
    for part in folder.glob(".notebook-*.part"):
        try:
            if time.time() - part.stat().st_mtime > _STALE_PART_S:
                _discard(part)
        except OSError:
            pass
