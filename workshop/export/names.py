"""Safe file names for exports, made from the topic, the meeting and the date."""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_stem(*parts: str) -> str:
    """A file name stem with no path separators, no leading dot and only portable characters."""
    words = []
    for part in parts:
        ascii_part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        word = _UNSAFE.sub("-", ascii_part).strip("-._")
        if word:
            words.append(word)
    stem = "_".join(words)[:120].strip("-._")
    return stem or "export"
