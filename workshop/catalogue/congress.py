"""What the Congress's own documents say of each workshop beyond the guide: agenda item, documents."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import NamedTuple


class WorkshopFacts(NamedTuple):
    """A workshop's place in the Congress: its agenda item and what its report's proceedings cite.

    `body`, `meetings` and `institutes` are known only where a Congress document records them
    (Workshop 3); elsewhere they are empty, for the rapporteur to give.
    """

    agenda_item: int | None
    agenda_item_verified: bool
    background_paper: str  # "Title (SYMBOL)", or "" where not verified
    body: str = ""
    meetings: tuple[str, ...] = ()  # "NUMBER YYYY-MM-DD", as in Session.meetings
    institutes: tuple[str, ...] = ()


@cache
def _facts() -> dict:
    return json.loads(Path(__file__).with_name("congress.json").read_text(encoding="utf-8"))


def workshop_facts(topic: str) -> WorkshopFacts | None:
    """The facts of a workshop (W1..W4); None for an agenda item, which is its own heading."""
    entry = _facts()["workshops"].get(topic.upper())
    if entry is None:
        return None
    return WorkshopFacts(
        agenda_item=entry.get("agenda_item"),
        agenda_item_verified=entry.get("agenda_item_verified", False),
        background_paper=entry.get("background_paper", ""),
        body=entry.get("body", ""),
        meetings=tuple(entry.get("meetings", ())),
        institutes=tuple(entry.get("institutes", ())),
    )


def default_documents(topic: str) -> tuple[str, ...]:
    """The documents a session of this topic had before it unless the rapporteur says otherwise."""
    facts = workshop_facts(topic)
    paper = (facts.background_paper,) if facts and facts.background_paper else ()
    return (*paper, *_facts()["common_documents"])
