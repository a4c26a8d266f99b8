"""Turning records into text for the screen, always as literal text and never as markup."""

from __future__ import annotations

from functools import lru_cache

from textual.content import Content

from workshop.catalogue.delegations import delegations_by_name, fold
from workshop.records import Speaker


def plain(text: str) -> Content:
    """User or file text as Content that no markup or escape sequence can change."""
    return Content(text)


def duration(seconds: float) -> str:
    """Seconds as m:ss (or h:mm:ss past an hour), the way a timer shows them."""
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def speaker_name(speaker: Speaker | None) -> str:
    """A speaker as lists show them: the acronym of a known organization, else the label."""
    if speaker is None:
        return "(unknown speaker)"
    if not speaker.delegation and (short := _acronym(speaker.name)):
        return short
    return speaker.label


@lru_cache(maxsize=4096)
def _acronym(name: str) -> str:
    """The acronym of the known organization of this name, or ""."""
    # Kept: the log names the speaker of each of its 200 rows, and folding a name is not cheap.
    known = delegations_by_name().get(fold(name))
    return known.short if known is not None else ""


def letter(ref: str) -> str:
    """The letter of a question reference ("W3.Q.b" -> "b")."""
    return ref.rsplit(".", 1)[-1]


def one_line(text: str, width: int) -> str:
    """Text folded onto one line and cut to `width` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"
