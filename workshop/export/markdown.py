"""Markdown building blocks that keep user text inert: it stays text, whatever characters it holds.

The approach is minimal, context-aware backslash escaping, so that the exported file still reads
well as plain text ("Bosnia & Herzegovina" is left alone, "Member States." gets no backslash):

- inline, everywhere: the characters that open code spans, emphasis, links, images, autolinks,
  table cells or escapes (`` ` * _ [ ] < | \\ ``), and `&` where it would start an entity;
- at the start of a line (where a block can begin): heading `#`, block quote `>`, list markers
  `- + 1. 1)`, setext underlines and thematic breaks `= -`, fences `~`, table delimiter rows `:`;
- every line is stripped, so leading spaces never make an indented code block and trailing
  spaces never make a hard line break (a trailing backslash is escaped like any other).

Text is cleaned with `workshop.text.clean` first, so control characters never reach the file.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from workshop.text import clean

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_INLINE = re.compile(r"[\\`*_\[\]<|]|&(?=#?\w+;)")
# Characters that begin a block when they open a line; `*`, `_`, `` ` ``, `<`, `|` and `[` are
# already escaped by _INLINE wherever they stand.
_BLOCK_START = re.compile(r"^(?:[#>+\-=~:]|\d+(?=[.)]))")


def summary_parser() -> MarkdownIt:
    """The parser the summary is written for; the app's preview uses the same settings."""
    from markdown_it import MarkdownIt  # only the preview and the tests parse: an export never does
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _escape_inline(text: str) -> str:
    return _INLINE.sub(lambda match: "\\" + match.group(), text)


def _escape_block_start(line: str) -> str:
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    end = match.end()
    # A run of digits is escaped at the `.` or `)` that follows it: "1\." stays readable.
    return line[:end] + "\\" + line[end:] if line[0].isdigit() else "\\" + line


def inline(text: str) -> str:
    """One piece of user text for the middle of a line: folded onto one line and escaped."""
    return _escape_inline(" ".join(clean(text).split()))


def line(text: str) -> str:
    """One piece of user text that begins a line (or a list item): folded and escaped."""
    return _escape_block_start(inline(text))


def opening(markdown: str) -> str:
    """Markdown already escaped inline, made safe to open a block (the text after "12. " does)."""
    return _escape_block_start(markdown)


def strong(text: str) -> str:
    """User text in bold, or nothing when it is empty (an empty `****` is a thematic break)."""
    escaped = inline(text)
    return f"**{escaped}**" if escaped else ""


def paragraphs(text: str) -> list[list[str]]:
    """Multi-line user text as paragraphs of escaped lines; blank lines separate paragraphs."""
    found: list[list[str]] = []
    current: list[str] = []
    for raw in clean(text).split("\n"):
        stripped = " ".join(raw.split())
        if not stripped:
            if current:
                found.append(current)
                current = []
            continue
        current.append(_escape_block_start(_escape_inline(stripped)))
    if current:
        found.append(current)
    return found


def block(text: str) -> str:
    """Multi-line user text as Markdown paragraphs at the left margin ("" when it is empty)."""
    return "\n\n".join("\n".join(lines) for lines in paragraphs(text))


def list_item(marker: str, lead: str, text: str = "") -> str:
    """One list item: `lead` (already Markdown) then user `text`, continuation lines indented."""
    pad = " " * (len(marker) + 1)
    found = paragraphs(text)
    first = found[0] if found else []
    head = " ".join(part for part in (lead, *first[:1]) if part)
    lines = [f"{marker} {head}".rstrip(), *(pad + rest for rest in first[1:])]
    for more in found[1:]:
        lines.append("")
        lines.extend(pad + rest for rest in more)
    return "\n".join(lines)


def table(header: tuple[str, ...], aligns: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A pipe table; cells are user text (escaped here), header and alignments are the exporter's."""
    lines = [_row(header), _row(aligns)]
    lines.extend(_row(tuple(inline(cell) for cell in row)) for row in rows)
    return "\n".join(lines)


def _row(cells: tuple[str, ...]) -> str:
    # Spaces around every pipe: an escaped backslash at a cell's end never touches the pipe,
    # which markdown-it's cell splitter would otherwise read as an escaped pipe.
    return "| " + " | ".join(cells) + " |"
