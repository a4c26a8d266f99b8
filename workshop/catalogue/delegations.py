"""Built-in list of delegations a rapporteur may hear: Member States, observers, the UN system, institutes.

Each delegation says whether its name takes "the" in running text (`article`, from the data, never
guessed from the name) and its category says how a report names whoever speaks for it: "the
representative of" or "the observer for" (see docs/report-form.md).
"""

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
    article: bool = False  # "the Netherlands", "the United Nations Office on Drugs and Crime"

    @property
    def display(self) -> str:
        """The short form a list of speakers shows: the acronym of an organization, else the name."""
        return self.short or self.name

    @property
    def in_text(self) -> str:
        """The name after a preposition: "the Netherlands", "Brazil", "the former Yugoslav Republic of Macedonia"."""
        if not self.article:
            return self.name
        # A name listed with its capital "The" (the UN sorts it under T) takes a small one in a sentence.
        bare = self.name[4:] if self.name.startswith("The ") else self.name
        return f"the {bare}"

    @property
    def as_subject(self) -> str:
        """The name opening a sentence: "The Netherlands", "Brazil"."""
        text = self.in_text
        return text[:1].upper() + text[1:]


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
            article=bool(entry["article"]),
        )
        for entry in json.loads(text)["delegations"]
    )


@cache
def delegations_by_name() -> dict[str, Delegation]:
    """The built-in delegations by folded name, for looking up a speaker's category or short form."""
    return {fold(d.name): d for d in load_delegations()}


@cache
def _known_names() -> dict[str, Delegation]:
    found: dict[str, Delegation] = {}
    for d in load_delegations():
        for name in (*d.aliases, d.short, d.name):  # the name itself wins over another's alias
            if name:
                found[fold(name)] = d
    return found


def delegation_named(text: str) -> Delegation | None:
    """The built-in delegation a speaker's delegation names, by name, acronym or alias ("UNODC")."""
    return _known_names().get(fold(" ".join(text.split())))


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
