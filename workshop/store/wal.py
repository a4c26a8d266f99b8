"""Reading a notebook's -wal file as SQLite does, to tell when committed changes in it will not replay.

SQLite replays a WAL from its first frame up to the first frame whose salts or checksum do not
hold (sqlite.org/fileformat2.html#walformat) and takes the rest as left over from a write that
never finished. A damaged byte early in the file therefore hides every change committed after it,
without a word: those later frames still carry this WAL's salts and their own checksum chain.
This module finds them, so the file is kept aside before SQLite resets the WAL over them.
"""

from __future__ import annotations

import sqlite3
import struct
import tempfile
from pathlib import Path
from typing import NamedTuple

_HEADER = 32
_FRAME_HEADER = 24
_MAGIC_LITTLE, _MAGIC_BIG = 0x377F0682, 0x377F0683
_FORMAT = 3007000
_MASK = 0xFFFFFFFF


class WalDamage(NamedTuple):
    """Where a WAL stops replaying, and how many committed transactions lie beyond that point."""

    first_bad_frame: int  # 1-based; 0 when the header itself is damaged
    hidden_commits: int
    reason: str


def checksum(data: bytes, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum of `data` (a multiple of 8 bytes), continued from (s0, s1)."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & _MASK
        s1 = (s1 + words[i + 1] + s0) & _MASK
    return s0, s1


def wal_damage(wal: Path, database: Path | None = None) -> WalDamage | None:
    """The damage that would make SQLite drop committed changes of this -wal, or None.

    Frames left over from before the WAL was last reset (other salts) and the unfinished frames
    of a write cut off by a crash are what SQLite expects to find after the valid ones: they are
    not damage. What is damage: a header that does not hold while frames follow it, or a frame
    that breaks the chain while a later frame of the same WAL still completes a commit.

    With the `database` beside it, SQLite itself says how many frames it replays (on a scratch
    copy), and only the frames after those are read here: checking every frame in Python takes
    about a third of a millisecond each.
    """
    try:
        content = Path(wal).read_bytes()
    except OSError:
        return None
    if len(content) <= _HEADER:
        return None
    header = content[:_HEADER]
    magic, version, page_size, _, salt1, salt2, c0, c1 = struct.unpack(">8I", header)
    if magic not in (_MAGIC_LITTLE, _MAGIC_BIG) or version != _FORMAT or not _power_of_two(page_size):
        return _header_damage(content)
    big_endian = magic == _MAGIC_BIG
    if checksum(header[:24], 0, 0, big_endian) != (c0, c1):
        return _header_damage(content)
    frame_size = _FRAME_HEADER + page_size
    frames = (len(content) - _HEADER) // frame_size
    seeds = [(c0, c1)]  # where the checksum of the next frame starts from
    first = 0
    replayed = None if database is None else replayed_frames(content, Path(database), page_size)
    if replayed is not None and 0 < replayed <= frames:
        first = replayed  # SQLite checked these; the chain goes on from the last one's checksum
        end = _HEADER + first * frame_size
        seeds = [struct.unpack(">2I", content[end - frame_size + 16:end - frame_size + 24])]
    broken_at = 0
    hidden = 0
    for n in range(first, frames):
        start = _HEADER + n * frame_size
        frame = content[start:start + frame_size]
        _, commit, f_salt1, f_salt2, f0, f1 = struct.unpack(">6I", frame[:_FRAME_HEADER])
        ours = (f_salt1, f_salt2) == (salt1, salt2)
        summed = [checksum(frame[:8] + frame[_FRAME_HEADER:], *seed, big_endian) for seed in seeds] if ours else []
        valid = (f0, f1) in summed
        if not broken_at and not valid:
            broken_at = n + 1
        elif broken_at and valid and commit:
            hidden += 1
        # Past a broken frame the chain goes on from the checksum it was written with, or (when
        # the damage is in that stored checksum itself) from the one its content gives.
        seeds = [(f0, f1)] if valid or not broken_at or not summed else [(f0, f1), summed[0]]
    if broken_at and hidden:
        return WalDamage(broken_at, hidden, f"frame {broken_at} does not hold together")
    return None


def replayed_frames(content: bytes, database: Path, page_size: int) -> int | None:
    """How many frames of a -wal SQLite replays, asked of SQLite itself on a scratch copy.

    The copy is the database's first page and the -wal: recovering a WAL reads only the WAL, and
    a passive checkpoint then reports the frames it found valid. None when it cannot be asked.
    """
    try:
        with tempfile.TemporaryDirectory(prefix="workshop-wal-") as scratch:
            copy = Path(scratch) / "first-page.db"
            with open(database, "rb") as source:
                copy.write_bytes(source.read(page_size))
            Path(scratch, "first-page.db-wal").write_bytes(content)
            conn = sqlite3.connect(copy, isolation_level=None)
            try:
                _, replayed, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                conn.close()
    except (OSError, sqlite3.Error, TypeError):
        return None
    return replayed if isinstance(replayed, int) and replayed >= 0 else None


def _header_damage(content: bytes) -> WalDamage | None:
    # An all-zero header over nothing is what a file cut off at creation looks like.
    if not any(content[_HEADER:]):
        return None
    return WalDamage(0, 1, "its header is damaged")


def _power_of_two(n: int) -> bool:
    return 512 <= n <= 65536 and not n & (n - 1)
