"""Built-in list of delegations a rapporteur may hear: Member States, observers, UN entities, institutes."""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple


class Delegation(NamedTuple):
    """A delegation as the United Nations names it, with its speaker category and regional group."""

    name: str
    category: str
    regional_group: str = ""
    short: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """The short form a list of speakers shows: the acronym of an organization, else the name."""
        return self.short or self.name


@cache
def load_delegations() -> tuple[Delegation, ...]:
    """Read the list shipped inside the package (read once, then shared)."""
    text = Path(__file__).with_name("delegations.json").read_text(encoding="utf-8")
    return tuple(
        Delegation(
            name=entry["name"],
            category=entry["category"],
            regional_group=entry.get("regional_group", ""),
            short=entry.get("short", ""),
            aliases=tuple(entry.get("aliases", ())),
        )
        for entry in json.loads(text)["delegations"]
    )


@cache
def delegations_by_name() -> dict[str, Delegation]:
    """The built-in delegations by folded name, for looking up a speaker's category or short form."""
    return {fold(d.name): d for d in load_delegations()}


def fold(text: str) -> str:
    """Text made comparable: case-folded, accents removed ("Côte" matches "cote")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def match_rank(query: str, names: tuple[str, ...]) -> int | None:
    """How well a typed query matches any of `names` (lower is better), None when it does not.

    0: a name starts with the query; 1: a word of a name does; 2: the query is inside a name.
    """
    query = fold(" ".join(query.split()))
    if not query:
        return 3
    best: int | None = None
    for name in names:
        folded = fold(name)
        if folded.startswith(query):
            return 0
        if any(word.startswith(query) for word in folded.replace("(", " ").split()):
            best = 1
        elif query in folded and best is None:
            best = 2
    return best
