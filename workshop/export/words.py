"""Small words of UN prose: number words, ordinals, series joined with "and", honorifics, sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# Titles a name may carry that the report leaves out ("The workshop was moderated by Jay Albanese").
HONORIFICS = (
    "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss", "Dr.", "Dr", "Prof.", "Prof", "Professor",
    "Mgr.", "Mgr", "Msgr.", "Msgr", "Monsignor", "H.E.", "HE", "Judge", "Justice", "Sir", "Dame",
    "Amb.", "Ambassador",
)
_HONORIFICS = {h.casefold() for h in HONORIFICS}
_ENTITY_END = re.compile(r"&#?\w+;$")  # "&amp;" ends in a ";" that is not punctuation


def number_word(n: int) -> str:
    """A count as UN editorial style writes it: words from one to nine, figures from 10."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def counted(n: int, singular: str, plural: str) -> str:
    """ "one State", "two States", "12 States"."""
    return f"{number_word(n)} {singular if n == 1 else plural}"


def ordinal(n: int) -> str:
    """A meeting number as the UN writes it: "1st", "2nd", "3rd", "4th", "11th", "22nd"."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def series(items: Sequence[str]) -> str:
    """Items joined as "a, b and c" (no serial comma, as the UN writes)."""
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def without_honorific(name: str) -> str:
    """A person's name without the titles before it: "Dr. Lena Varga" -> "Lena Varga"."""
    words = name.split()
    while len(words) > 1 and words[0].casefold() in _HONORIFICS:
        words.pop(0)
    return " ".join(words)


def lower_first(title: str) -> str:
    """A catalogue title inside a sentence: "Strengthening crime ..." -> "strengthening crime ..."."""
    first, _, rest = title.partition(" ")
    if len(first) > 1 and first[1:].islower():  # never "UNODC" or "E-commerce"-like acronyms
        first = first.lower()
    return f"{first} {rest}" if rest else first


def capitalized(text: str) -> str:
    """Text opening a sentence: its first letter in capitals, the rest as it is."""
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """User text with a full stop added when it does not end a sentence already."""
    # Added before escaping: a full stop after a last line "2015" would make it "2015\.", not a list.
    stripped = text.rstrip()
    if not stripped or stripped.rstrip("\"')”’»").endswith((".", "!", "?", "…", ":")):
        return stripped
    return stripped + "."


def closed(text: str, *, last: bool) -> str:
    """A subparagraph's end: ";" before the next one, a full stop after the last ("(a) ...;")."""
    stripped = text.rstrip()
    if stripped.endswith(("?", "!", "…")):
        return stripped
    # Only the rapporteur's own closing "." or ";" gives way; any other character is kept.
    if stripped.endswith((".", ";")) and not stripped.endswith("\\.") and not _ENTITY_END.search(stripped):
        stripped = stripped[:-1]
    return stripped + ("." if last else ";")
