"""Paragraph numbering the UN way: every paragraph of the document numbered 1, 2, 3 ... across its
sections, subparagraphs lettered (a), (b), (c) ... inside the paragraph they belong to.

A numbered paragraph is written as an ordered-list item whose number is the paragraph's own, so
the file reads right as plain text and a Markdown viewer shows the same numbers (consecutive
items of one list are numbered on from the first). Subparagraphs are indented under it, so they
stay inside it; "(a)" opens no Markdown block.
"""

from __future__ import annotations

from collections.abc import Sequence
from string import ascii_lowercase

from workshop.export.markdown import opening
from workshop.export.words import closed


def letter(n: int) -> str:
    """The letter of the nth subparagraph (0-based): a ... z, then aa, bb ... as the UN does."""
    return ascii_lowercase[n % 26] * (n // 26 + 1)


class Numbering:
    """Hands out paragraph numbers in order, from 1, across the whole document."""

    def __init__(self) -> None:
        self.count = 0

    def paragraph(self, lines: Sequence[str], subparagraphs: Sequence[Sequence[str]] = ()) -> str:
        """One numbered paragraph (Markdown lines, already escaped) with its lettered subparagraphs.

        Each subparagraph is given as its lines; it gets its letter and its closing ";" or ".".
        """
        self.count += 1
        marker = f"{self.count}."
        if not subparagraphs and len(lines) == 1:  # most paragraphs: one line
            return f"{marker} {opening(lines[0])}"
        pad = " " * (len(marker) + 1)
        # What follows the marker opens a block of the item: a user's "#" there must stay text.
        out = [f"{marker} {opening(lines[0])}" if lines else marker, *(pad + opening(line) for line in lines[1:])]
        for n, sub in enumerate(subparagraphs):
            sub = list(sub) or [""]
            sub[-1] = closed(sub[-1], last=n == len(subparagraphs) - 1)
            out.append("")
            out.append(f"{pad}({letter(n)}) {sub[0]}".rstrip())
            out.extend(pad + opening(line) for line in sub[1:])
        return "\n".join(out)
