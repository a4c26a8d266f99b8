"""Who spoke, named the UN way: "the representatives of Brazil and the Netherlands", "the observer for
the Holy See", "the Chair", "the panellist Lena Varga".

The phrase comes from the speaker's category; the article comes from the built-in list of
delegations (never guessed from the name): a delegation that is not built in is written as the
rapporteur typed it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from workshop.catalogue.delegations import delegation_named, fold
from workshop.export.words import capitalized, series, without_honorific
from workshop.records import SPEAKER_CATEGORIES, Speaker

# How those who speak for each category are called in a report.
REPRESENTATIVES = ("Member State", "United Nations Secretariat", "UN entity", "specialized agency")
OBSERVERS = ("observer State", "intergovernmental organization", "institute", "non-governmental organization")
UN_SYSTEM = ("United Nations Secretariat", "UN entity", "specialized agency")
PERSONS = ("expert/panellist", "other")  # named by their own name: they speak for no delegation
PRESIDING = "presiding officer"


def role(category: str) -> str:
    """ "representative", "observer", "panellist", "Chair" or "" (a person named by name)."""
    if category in REPRESENTATIVES:
        return "representative"
    if category in OBSERVERS:
        return "observer"
    if category == "expert/panellist":
        return "panellist"
    if category == PRESIDING:
        return "Chair"
    return ""


def delegation_of(speaker: Speaker) -> str:
    """Whom a speaker represents, as typed: the delegation, else their own name."""
    return " ".join((speaker.delegation or speaker.name).split())


def in_text(delegation: str) -> str:
    """A delegation after "of" or "for": the built-in name with its article, else as typed."""
    known = delegation_named(delegation)
    return known.in_text if known else delegation


def listed_name(delegation: str) -> str:
    """A delegation as it sorts and stands in a list: the built-in name, else as typed."""
    known = delegation_named(delegation)
    return known.name if known else delegation


def person(speaker: Speaker) -> str:
    """A person without honorific, with the body they come from: "Lena Varga (Cybercrime Research Centre)"."""
    name = without_honorific(" ".join(speaker.name.split())) or delegation_of(speaker)
    organization = " ".join(speaker.delegation.split())
    return f"{name} ({organization})" if organization and organization != name else name


def category(speaker: Speaker | None) -> str:
    """The speaker's category, "other" when it is missing or unknown."""
    return speaker.category if speaker and speaker.category in SPEAKER_CATEGORIES else "other"


class Party(NamedTuple):
    """One named party in a phrase: its role, the group it is named in, its text and sort key."""

    role: str
    text: str
    key: str


@lru_cache(maxsize=4096)  # attributed key points name the same few hundred speakers 50,000 times at 100,000
def party(speaker: Speaker) -> Party:
    """How one speaker is named inside a phrase (its article given, its role separate)."""
    kind = category(speaker)
    if kind in PERSONS:
        return Party(role(kind), person(speaker), fold(person(speaker)))
    if kind == PRESIDING:
        return Party("Chair", "", "")
    delegation = delegation_of(speaker)
    return Party(role(kind), in_text(delegation), fold(listed_name(delegation)))


def parties(speakers: Iterable[Speaker]) -> list[Party]:
    """Distinct parties, in the order given (two people of one delegation are one party)."""
    found: dict[tuple[str, str], Party] = {}
    for speaker in speakers:
        p = party(speaker)
        found.setdefault((p.role, p.key), p)
    return list(found.values())


def _group(noun: str, texts: Sequence[str]) -> str:
    plural = {"representative": "representatives", "observer": "observers", "panellist": "panellists"}[noun]
    joiner = "of" if noun == "representative" else "for" if noun == "observer" else ""
    head = f"the {plural if len(texts) > 1 else noun}"
    return " ".join(part for part in (head, joiner, series(texts)) if part)


def phrase(found: Sequence[Party], *, chair: str = "the Chair") -> str:
    """The parties as one phrase: "the representatives of Brazil and Japan, the observer for the
    Holy See and the panellist Lena Varga" (groups in the order they first appear)."""
    groups: dict[str, list[str]] = {}
    for p in found:
        groups.setdefault(p.role, []).append(p.text)
    pieces = []
    for noun, texts in groups.items():
        if noun == "Chair":
            pieces.append(chair)
        elif noun:
            pieces.append(_group(noun, texts))
        else:
            pieces.extend(texts)
    return series(pieces)


def subject(found: Sequence[Party], *, chair: str = "the Chair") -> str:
    """The same phrase opening a sentence."""
    return capitalized(phrase(found, chair=chair))
