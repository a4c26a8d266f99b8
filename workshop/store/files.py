"""Checks on notebook files and folders made before SQLite touches them, and their messages."""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

from workshop.store.errors import NotebookError

_MAGIC = b"SQLite format 3\x00"


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


def check_notebook_file(path: Path) -> None:
    """Refuse, without writing to it, a file that cannot be a sound notebook."""
    if path.is_dir():
        raise NotebookError(f"{path}: is a folder, not a notebook file")
    if not path.exists():
        if not path.parent.is_dir():
            raise NotebookError(f"{path.parent}: the folder does not exist")
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise NotebookError(f"{path.parent}: the folder is read-only; the notebook cannot be saved there")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except PermissionError:
        raise NotebookError(f"{path}: cannot be read (permission denied)") from None
    except OSError as error:
        raise NotebookError(f"{path}: cannot be read ({error.strerror or error})") from None
    if size == 0:
        return  # an empty file is what SQLite itself makes of a new database
    if not header.startswith(_MAGIC):
        raise NotebookError(f"{path}: not a workshop notebook (not an SQLite database)")
    if len(header) < 100:
        raise NotebookError(f"{path}: the notebook is truncated (damaged); restore a backup with `workshop restore`")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if page_size < 512 or page_size & (page_size - 1):
        raise NotebookError(f"{path}: the notebook is damaged (bad header); restore a backup with `workshop restore`")
    if change_counter == valid_for and page_count and size < page_count * page_size:
        raise NotebookError(f"{path}: the notebook is truncated (damaged); restore a backup with `workshop restore`")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        raise NotebookError(f"{path}: the notebook or its folder is read-only; nothing can be saved")


def describe_sqlite_error(path: Path, error: sqlite3.Error) -> str:
    """One line saying what an SQLite error means for the rapporteur's notebook."""
    text = str(error).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return f"{path}: the disk is full; the last change was not saved (free some space and try again)"
    if "readonly" in text or "read-only" in text:
        return f"{path}: the notebook or its folder is read-only; nothing can be saved"
    if "locked" in text or "busy" in text:
        return f"{path}: the notebook is busy in another program; nothing was saved, try again"
    if "not a database" in text or "file is encrypted" in text:
        return f"{path}: not a workshop notebook (not an SQLite database)"
    if "malformed" in text or "corrupt" in text:
        return f"{path}: the notebook is damaged; restore a backup with `workshop restore`"
    if "unable to open" in text:
        return f"{path}: cannot be opened (check the folder exists and can be written)"
    return f"{path}: {error}"
