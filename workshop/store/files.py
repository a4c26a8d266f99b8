"""Checks on notebook files and folders made before SQLite touches them, and their messages."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import struct
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from workshop.store.errors import NotebookError
from workshop.store.schema import APPLICATION_ID, SCHEMA_VERSION

_MAGIC = b"SQLite format 3\x00"

# Files this process holds open through SQLite, by (device, inode). Closing any other descriptor
# of such a file drops every POSIX lock the process holds on it (sqlite.org/howtocorrupt.html,
# 2.2), after which another process's writes can corrupt it: so these are never opened directly.
_HELD: dict[tuple[int, int], int] = {}
_HELD_LOCK = threading.Lock()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def hold(path: Path) -> tuple[int, int] | None:
    """Note that this process has the file open through SQLite; returns the token for `release`."""
    key = _identity(path)
    if key is not None:
        with _HELD_LOCK:
            _HELD[key] = _HELD.get(key, 0) + 1
    return key


def release(key: tuple[int, int] | None) -> None:
    """Forget one SQLite connection to a held file."""
    if key is None:
        return
    with _HELD_LOCK:
        left = _HELD.get(key, 0) - 1
        if left > 0:
            _HELD[key] = left
        else:
            _HELD.pop(key, None)


def is_held(path: Path) -> bool:
    """True while this process has the file open through SQLite."""
    key = _identity(path)
    with _HELD_LOCK:
        return key is not None and key in _HELD


RESTORE_HINT = "restore a backup with `workshop restore` (see `workshop check`)"


class Header(NamedTuple):
    """The fields of an SQLite file's first 100 bytes that say whose file it is and how big."""

    size: int
    page_size: int
    page_count: int
    size_is_valid: bool
    user_version: int
    application_id: int


def ensure_folder(folder: Path) -> None:
    """Create a folder the app writes in, or say in one line why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise NotebookError(f"{folder}: cannot be used as a folder (a file has that name)") from None
    except NotADirectoryError:
        raise NotebookError(f"{folder}: cannot be created (part of the path is a file, not a folder)") from None
    except PermissionError:
        raise NotebookError(f"{folder}: cannot be created (permission denied)") from None
    except OSError as error:
        raise NotebookError(f"{folder}: cannot be created ({error.strerror or error})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise NotebookError(f"{folder}: the folder is read-only; the notebook cannot be saved there")


def sibling(path: Path, suffix: str) -> Path:
    """The -wal, -shm or -journal file SQLite keeps beside a database."""
    return path.with_name(path.name + suffix)


def _nonempty(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def read_header(path: Path) -> Header | None:
    """The header of an existing file (None for an empty one), refusing what is not an SQLite database."""
    if path.is_dir():
        raise NotebookError(f"{path}: is a folder, not a notebook file")
    refuse_special_file(path, "notebook file")
    if is_held(path):
        return _header_through_sqlite(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        raise NotebookError(f"{path}: no such file") from None
    except PermissionError:
        raise NotebookError(f"{path}: cannot be read (permission denied)") from None
    except OSError as error:
        raise NotebookError(f"{path}: cannot be read ({error.strerror or error})") from None
    if size == 0:
        return None
    if head[:16] != _MAGIC[: len(head[:16])]:
        raise NotebookError(f"{path}: not a workshop notebook (not an SQLite database)")
    if len(head) < 100:
        raise NotebookError(f"{path}: the notebook is truncated (damaged); {RESTORE_HINT}")
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", head[24:32])
    if page_size < 512 or page_size & (page_size - 1):
        raise NotebookError(f"{path}: the notebook is damaged (bad header); {RESTORE_HINT}")
    return Header(
        size=size,
        page_size=page_size,
        page_count=page_count,
        size_is_valid=change_counter == struct.unpack(">I", head[92:96])[0],
        user_version=struct.unpack(">i", head[60:64])[0],
        application_id=struct.unpack(">i", head[68:72])[0] & 0xFFFFFFFF,
    )


def refuse_special_file(path: Path, what: str) -> None:
    """Refuse a FIFO, a device or a socket before it is opened: reading one may never end."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # opening it says what is wrong
    if not stat.S_ISREG(mode):
        raise NotebookError(f"{path}: not a regular file (a device, pipe or socket), not a {what}")


def _header_through_sqlite(path: Path) -> Header:
    """The header of a file this process already has open, read by SQLite rather than by open()."""
    # immutable: read the main file's header as it lies, touching neither locks nor the -shm.
    uri = "file:" + quote(str(Path(path).absolute())) + "?immutable=1"
    with _closing(sqlite3.connect(uri, uri=True)) as conn:
        pragma = lambda name: conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        return Header(
            size=os.stat(path).st_size,
            page_size=pragma("page_size"),
            page_count=pragma("page_count"),
            size_is_valid=False,  # the live file may lag its WAL; SQLite already vouched for it
            user_version=pragma("user_version"),
            application_id=pragma("application_id") & 0xFFFFFFFF,
        )


def check_header(path: Path, header: Header) -> None:
    """Refuse another application's file, a newer schema or a cut-off file, from the header alone."""
    if header.application_id not in (0, APPLICATION_ID):
        raise NotebookError(f"{path}: not a workshop notebook (another application's SQLite file)")
    if header.application_id == APPLICATION_ID and header.user_version > SCHEMA_VERSION:
        raise NotebookError(newer_schema_message(path, header.user_version))
    # While a -wal or -journal file holds changes, SQLite may legitimately have written page 1
    # before the pages that follow it (a checkpoint killed midway); it repairs that on opening.
    in_flight = _nonempty(sibling(path, "-wal")) or _nonempty(sibling(path, "-journal"))
    if in_flight:
        return
    if header.size % header.page_size or (
        header.size_is_valid and header.size < header.page_count * header.page_size
    ):
        raise NotebookError(f"{path}: the notebook is truncated (damaged); {RESTORE_HINT}")


def newer_schema_message(path: Path, version: int) -> str:
    """What to say about a notebook written by a newer release."""
    return (
        f"{path}: written by a newer version of workshop (schema {version}, this one reads up to "
        f"{SCHEMA_VERSION}); update workshop to open it"
    )


def check_notebook_file(path: Path, *, writing: bool = True) -> None:
    """Refuse, without writing to it, a file that cannot be a sound notebook or (`writing`) cannot be saved."""
    if path.is_symlink():
        # Never followed: a link left dangling would have the notebook made wherever it points.
        raise NotebookError(f"{path}: is a symbolic link; workshop opens only a notebook file itself "
                            "(replace the link with the file, or use --home)")
    if not writing:
        if not path.exists():
            raise NotebookError(f"{path}: no such file")
        header = read_header(path)
        if header is not None:
            check_header(path, header)
        return
    if not path.exists():
        if not path.parent.is_dir():
            raise NotebookError(f"{path.parent}: the folder does not exist")
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise NotebookError(f"{path.parent}: the folder is read-only; the notebook cannot be saved there")
        return
    header = read_header(path)
    if header is not None:
        check_header(path, header)
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        raise NotebookError(f"{path}: the notebook or its folder is read-only; nothing can be saved")


def check_other_file(path: Path) -> Header:
    """Refuse a file given to read (a backup, a co-rapporteur's notebook) that is not a workshop notebook."""
    header = read_header(path)
    if header is None:
        raise NotebookError(f"{path}: not a workshop notebook (the file is empty)")
    check_header(path, header)
    return header


def check_identity(path: Path, conn: sqlite3.Connection, *, empty_ok: bool) -> None:
    """Refuse, by its PRAGMAs, a database that is another application's or a newer release's."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0] & 0xFFFFFFFF
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id not in (0, APPLICATION_ID):
        raise NotebookError(f"{path}: not a workshop notebook (another application's SQLite file)")
    if app_id == 0:
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise NotebookError(f"{path}: not a workshop notebook (another application's SQLite file)")
        if not empty_ok:
            raise NotebookError(f"{path}: not a workshop notebook (an empty SQLite database)")
    if version > SCHEMA_VERSION:
        raise NotebookError(newer_schema_message(path, version))


def integrity_problem(conn: sqlite3.Connection, *, quick: bool = False) -> str | None:
    """The first problem PRAGMA quick_check or integrity_check finds, or None when the file is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        lines = [row[0] for row in conn.execute(f"PRAGMA {pragma}(1)")]
    except sqlite3.DatabaseError as error:
        return str(error)
    return integrity_verdict(lines)


def integrity_verdict(lines: list[str]) -> str | None:
    """What the lines of an integrity check say, on one line; None for "ok"."""
    if lines == ["ok"]:
        return None
    text = " ".join(re.sub(r"\*\*\* in database \w+ \*\*\*", "", " ".join(lines)).split())
    return text if len(text) <= 160 else text[:157] + "..."


def damaged_message(path: Path, problem: str) -> str:
    """What to say about a notebook that failed its integrity check (it is not written to again)."""
    return f"{path}: the notebook is damaged (integrity check: {problem}); nothing more is saved to it; {RESTORE_HINT}"


@contextmanager
def reading(path: Path, *, live: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection that reads a database without writing to it or leaving files beside it.

    With no -wal beside it, nothing has the file open and it is read as immutable. Otherwise a
    `live` file (this notebook, maybe open in the app) is read through SQLite's own read-only
    WAL protocol, and any other file is copied with its -wal to a scratch folder first, because
    SQLite would otherwise replay the WAL into someone else's file.
    """
    wal = sibling(path, "-wal")
    uri = "file:" + quote(str(Path(path).absolute()))
    if not wal.exists() or (not live and not _nonempty(wal)):
        with _closing(sqlite3.connect(uri + "?immutable=1", uri=True)) as conn:
            yield conn
    elif live:
        with _closing(sqlite3.connect(uri + "?mode=ro", uri=True, timeout=5)) as conn:
            yield conn
    else:
        with tempfile.TemporaryDirectory(prefix="workshop-") as scratch:
            copy = Path(scratch) / "copy.db"
            shutil.copyfile(path, copy)
            shutil.copyfile(wal, sibling(copy, "-wal"))
            with _closing(sqlite3.connect(copy)) as conn:
                yield conn


def keep_damaged_wal(path: Path, *, required: bool) -> str | None:
    """When the notebook's -wal will not replay in full, copy it aside; the line that says so, or None.

    The -wal itself is left where it is, for SQLite to replay what it can. With `required` (a
    connection that may write, after which SQLite reuses the -wal) a copy that cannot be made
    refuses the opening instead.
    """
    from workshop.store.wal import wal_damage

    if is_held(path):
        # Open in this process already: checked then, and live since (its first page is not
        # read directly either, see _HELD).
        return None
    wal = sibling(path, "-wal")
    damage = wal_damage(wal, path)
    if damage is None:
        return None
    lost = f"{damage.hidden_commits} saved change{'' if damage.hidden_commits == 1 else 's'}"
    try:
        kept = _copy_aside(wal)
    except OSError as error:
        message = (f"{wal}: damaged ({damage.reason}): {lost} after it will not be replayed, and it "
                   f"could not be copied aside ({error.strerror or error}); copy it somewhere safe")
        if required:
            raise NotebookError(message + " before the notebook is opened again") from None
        return message
    return (f"{wal}: damaged ({damage.reason}): {lost} after it will not be replayed; "
            f"the file is kept as {kept.name}")


def _copy_aside(wal: Path) -> Path:
    """A durable copy of a damaged -wal beside it (one copy per content, however often it is met)."""
    content = wal.read_bytes()
    for earlier in sorted(wal.parent.glob(f"{wal.name}-damaged-*")):
        try:
            if earlier.read_bytes() == content:
                return earlier
        except OSError:
            continue
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    kept = wal.with_name(f"{wal.name}-damaged-{stamp}")
    part = kept.with_name(f".{kept.name}.part")
    try:
        with part.open("wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(part, kept)
    finally:
        part.unlink(missing_ok=True)
    return kept


def reading_connection(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection that only reads the notebook, and whether it reads the file as it lies (immutable).

    With no -wal beside it, nothing has the notebook open: it is read as immutable, which needs
    neither a lock nor a -shm, so it works on a full disk and on a read-only copy. With a -wal,
    through SQLite's read-only WAL protocol; where that cannot be (a read-only copy with a -wal
    and no -shm, a full disk), the file and its -wal are copied to a scratch folder and read
    from memory.
    """
    uri = "file:" + quote(str(Path(path).absolute()))
    wal = sibling(path, "-wal")
    if not wal.exists():
        return sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None), True
    conn = sqlite3.connect(uri + "?mode=ro", uri=True, isolation_level=None, timeout=5)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError:
        conn.close()
    with reading(path) as copy:
        memory = sqlite3.connect(":memory:", isolation_level=None)
        copy.backup(memory)
    return memory, True


@contextmanager
def _closing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield conn
    finally:
        conn.close()


def describe_sqlite_error(path: Path, error: sqlite3.Error) -> str:
    """One line saying what an SQLite error means for the rapporteur's notebook."""
    text = str(error).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return f"{path}: the disk is full; the last change was not saved (free some space and try again)"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the notebook or its folder is read-only; nothing can be saved"
    if is_busy(error):
        return f"{path}: the notebook is busy in another program; nothing was saved, try again"
    if "not a database" in text or "file is encrypted" in text:
        return f"{path}: not a workshop notebook (not an SQLite database)"
    if "malformed" in text or "corrupt" in text:
        return f"{path}: the notebook is damaged; {RESTORE_HINT}"
    if "disk i/o error" in text:
        return f"{path}: the disk could not be read or written (disk I/O error); nothing was saved"
    if "unable to open" in text:
        return f"{path}: cannot be opened (check the folder exists and can be written)"
    return f"{path}: {error}"


def is_corruption(error: sqlite3.Error) -> bool:
    """True for the errors SQLite gives when a file's pages do not hold together."""
    text = str(error).lower()
    return "malformed" in text or "corrupt" in text or "not a database" in text


def is_busy(error: sqlite3.Error) -> bool:
    """True for the errors SQLite gives when another connection holds the lock it needs."""
    text = str(error).lower()
    return "locked" in text or "busy" in text
