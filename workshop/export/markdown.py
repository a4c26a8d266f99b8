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
# The characters _INLINE's matches begin with: a search for these alone is three times as quick,
# and most text has none of them.
_MAY_ESCAPE = re.compile(r"[\\`*_\[\]<|&]")
# Characters that begin a block when they open a line; `*`, `_`, `` ` ``, `<`, `|` and `[` are
# already escaped by _INLINE wherever they stand.
_BLOCK_START = re.compile(r"^(?:[#>+\-=~:]|\d+(?=[.)]))")


def summary_parser() -> MarkdownIt:
    """The parser the summary is written for; the app's preview uses the same settings."""
    from markdown_it import MarkdownIt  # only the preview and the tests parse: an export never does
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def _escape_inline(text: str) -> str:
    if _MAY_ESCAPE.search(text) is None:
        return text
    return _INLINE.sub(lambda match: "\\" + match.group(), text)


def _cleaned(text: str) -> str:
    # Printable text has nothing for clean() to take out (no control character, no line end).
    return text if text.isprintable() else clean(text)


def _escape_block_start(line: str) -> str:
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    end = match.end()
    # A run of digits is escaped at the `.` or `)` that follows it: "1\." stays readable.
    return line[:end] + "\\" + line[end:] if line[0].isdigit() else "\\" + line


def inline(text: str) -> str:
    """One piece of user text for the middle of a line: folded onto one line and escaped."""
    return _escape_inline(" ".join(_cleaned(text).split()))


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
    if text.isprintable():  # one line, nothing to clean: most key points and findings
        stripped = " ".join(text.split())
        return [[_escape_block_start(_escape_inline(stripped))]] if stripped else []
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


# --- reading it back -----------------------------------------------------------------------------
#
# The preview shows the summary as `summary_parser` reads it. markdown-it takes 0.1 to 0.2 s to
# read a long meeting's summary (and 0.1 s to import); what the export writes is a small part of
# Markdown (headings, paragraphs, numbered and bulleted lists, pipe tables, backslash escapes and
# one emphasis a paragraph), which `read` reads into the same tokens the parser gives, markdown-it's
# own rules followed step by step. Anything beyond that part makes `read` give up (Unsure) and the
# parser read the whole text instead, so what is drawn is always what markdown-it reads.


class Unsure(Exception):
    """Markdown beyond what the export writes: the parser has to read it."""


# A token: (type, tag, nesting, content, info, style, children), the fields of markdown-it's
# tokens the preview reads (style: a table cell's "text-align:...", children: a tuple of tokens),
# as a plain tuple. Python's cycle collector stops walking a tuple of strings and numbers at its
# first look (a named tuple it walks at every collection), and a summary has thousands of tokens.
Token = tuple
TYPE, TAG, NESTING, CONTENT, INFO, STYLE, CHILDREN = range(7)


def _token(type: str, tag: str = "", nesting: int = 0, content: str = "", info: str = "", style: str = "",
           children: tuple | None = None) -> Token:
    return (type, tag, nesting, content, info, style, children)


def parsed(tokens) -> list[Token]:
    """markdown-it's tokens in the form `read` gives them (a text's info, "escape" where an escape
    began it, says nothing of what is drawn and is left out)."""
    return [(t.type, t.tag, t.nesting, t.content, t.info if t.type != "text" else "",
             str(t.attrs.get("style", "") or ""), None if t.children is None else tuple(parsed(t.children)))
            for t in tokens]


# CommonMark's whitespace as markdown-it trims it (`mdTrim`) and as it sees it around emphasis.
_TRIM = "".join(chr(c) for c in sorted({0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000,
                                         0x2028, 0x2029, *range(0x2000, 0x200B)}))
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_BULLET = re.compile(r"[-+*](?=[ \t]|$)")
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=[ \t]|$)")
_HEADING = re.compile(r"#{1,6}(?=[ \t]|$)")
_THEMATIC_BREAK = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
_DELIMITER_CELL = re.compile(r":?-+:?")
_ENTITY_LIKE = re.compile(r"&#?\w+;")
_INLINE_SPECIAL = re.compile(r"[\n\\*_`\[<&]")
_INLINE_SPECIAL_BUT_NEWLINE = re.compile(r"[\\*_`\[<&]")
_MAX_DEPTH = 10  # lists within lists; markdown-it stops at 20


def _marker(text: str) -> re.Match | None:
    """A list item's marker opening `text`, if any (an ordered one first, as markdown-it tries)."""
    return _ORDERED.match(text) or _BULLET.match(text)


def read(source: str) -> list[Token]:
    """The tokens `summary_parser().parse(source)` gives for Markdown the export writes.

    Raises Unsure for anything else, which the parser must then read.
    """
    if "\t" in source or "\r" in source or "\0" in source:
        raise Unsure("tabs, carriage returns or NULs")
    return _Reader(source).tokens


class _Reader:
    """One reading: the lines' indents and texts, and the tokens made so far."""

    def __init__(self, source: str) -> None:
        lines = source.split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the newline that ends the text opens no line
        self.texts = [line.lstrip(" ") for line in lines]
        self.cols = [len(line) - len(text) for line, text in zip(lines, self.texts)]
        self.count = len(lines)
        self.tokens: list[Token] = []
        self.depth = 0
        self._blocks(0, 0, -1)

    # --- blocks --------------------------------------------------------------------------------

    def _blocks(self, i: int, blk: int, list_indent: int, first: str | None = None) -> int:
        """Read the blocks of a container whose content starts at column `blk`; the line where it
        ends. `first`: the text after a list item's marker, the first line's content."""
        if first is not None:
            i = self._block(i, first, blk, blk, list_indent)
        texts, cols = self.texts, self.cols
        while i < self.count:
            text = texts[i]
            if not text:
                i += 1
                continue
            col = cols[i]
            if col < blk:
                break
            if col - blk >= 4:
                raise Unsure("an indented code block")
            i = self._block(i, text, col, blk, list_indent)
        return i

    def _block(self, i: int, text: str, col: int, blk: int, list_indent: int) -> int:
        """Read the block that starts on line `i` (its text after the indent and any marker)."""
        if "|" in text and self._delimiter_row(i + 1, blk):
            if blk:
                raise Unsure("a table inside a list")
            return self._table(i, text, blk)
        lead = text[0]
        if lead == ">" or text.startswith(("```", "~~~")) or _THEMATIC_BREAK.match(text):
            raise Unsure("a block quote, fence or thematic break")
        marker = _marker(text)
        if marker is not None:
            return self._list(i, text, col, blk, marker)
        if lead == "[":
            raise Unsure("a link reference definition")
        if (heading := _HEADING.match(text)) is not None:
            return self._heading(i, text, heading.end())
        return self._paragraph(i, text, blk, list_indent)

    def _heading(self, i: int, text: str, level: int) -> int:
        end = len(text)
        while end > level and text[end - 1] in " \t":
            end -= 1
        closing = end
        while closing > level and text[closing - 1] == "#":
            closing -= 1
        if closing > level and text[closing - 1] in " \t":
            end = closing  # a closing run of #
        tag = f"h{level}"
        self.tokens += [_token("heading_open", tag, 1), _inline(text[level:end].strip(_TRIM)),
                        _token("heading_close", tag, -1)]
        return i + 1

    def _paragraph(self, i: int, text: str, blk: int, list_indent: int) -> int:
        lines = [text]
        texts, cols = self.texts, self.cols
        j = i + 1
        while j < self.count:
            line = texts[j]
            if not line:
                break
            col = cols[j]
            if col - blk <= 3:
                if col >= blk and _SETEXT_UNDERLINE.match(line):
                    raise Unsure("a setext heading")
                if self._interrupts(j, line, col, blk, list_indent):
                    break
            lines.append(line)  # a continuation, lazy or not
            j += 1
        self.tokens += [_token("paragraph_open", "p", 1), _inline("\n".join(lines).strip(_TRIM)),
                        _token("paragraph_close", "p", -1)]
        return j

    def _interrupts(self, j: int, line: str, col: int, blk: int, list_indent: int) -> bool:
        """Whether line `j` ends the paragraph above it (markdown-it's terminator rules)."""
        if "|" in line and self._delimiter_row(j + 1, blk):
            raise Unsure("a table under a paragraph")
        if line[0] == ">" or line.startswith(("```", "~~~")) or _THEMATIC_BREAK.match(line):
            raise Unsure("a block quote, fence or thematic break under a paragraph")
        marker = _marker(line)
        if marker is not None and not (list_indent >= 0 and col - list_indent >= 4 and col < blk):
            if col < blk:
                return True
            # Inside the paragraph's container a list interrupts it only with an item that has
            # text, and an ordered one only from 1.
            if line[marker.end():].strip(" ") and (marker.re is _BULLET or int(marker.group(1)) == 1):
                return True
        return _HEADING.match(line) is not None

    def _list(self, i: int, text: str, col: int, blk: int, marker: re.Match) -> int:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise Unsure("lists nested too deep")
        ordered = marker.re is _ORDERED
        char = text[marker.end() - 1]
        self.tokens.append(_token("ordered_list_open", "ol", 1) if ordered else _token("bullet_list_open", "ul", 1))
        texts, cols = self.texts, self.cols
        while True:
            after = text[marker.end():]
            content = after.lstrip(" ")
            spaces = len(after) - len(content)
            if content and spaces > 4:
                raise Unsure("an indented code block in a list item")
            inner = col + marker.end() + (spaces if content else 1)
            self.tokens.append(_token("list_item_open", "li", 1, info=marker.group(1) if ordered else ""))
            if content:
                i = self._blocks(i, inner, blk, first=content)
            elif i + 1 >= self.count or not texts[i + 1]:
                i = min(i + 2, self.count)  # an empty item
            else:
                raise Unsure("a list item that starts on its next line")
            self.tokens.append(_token("list_item_close", "li", -1))
            if i >= self.count:
                break
            text, col = texts[i], cols[i]
            if not text or col < blk or col - blk >= 4:
                break
            if text[0] == ">" or text.startswith(("```", "~~~")) or _THEMATIC_BREAK.match(text):
                raise Unsure("a block quote, fence or thematic break after a list")
            marker = _marker(text)
            if marker is None or (marker.re is _ORDERED) != ordered or text[marker.end() - 1] != char:
                break
        self.tokens.append(_token("ordered_list_close" if ordered else "bullet_list_close", "ol" if ordered else "ul", -1))
        self.depth -= 1
        return i

    # --- tables --------------------------------------------------------------------------------

    def _delimiter_row(self, j: int, blk: int) -> bool:
        """Whether line `j` could be a table's delimiter row (markdown-it's first test of it)."""
        if j >= self.count:
            return False
        text, col = self.texts[j], self.cols[j]
        if not text or col < blk or col - blk >= 4 or len(text) < 2:
            return False
        first, second = text[0], text[1]
        if first not in "|-:" or (second not in "|-:" and second not in " \t") or (first == "-" and second in " \t"):
            return False
        return all(c in "|-: \t" for c in text)

    def _table(self, i: int, text: str, blk: int) -> int:
        aligns: list[str] = []
        columns = self.texts[i + 1].split("|")
        for n, column in enumerate(columns):
            cell = column.strip(_TRIM)
            if not cell:
                if n in (0, len(columns) - 1):
                    continue
                raise Unsure("an empty delimiter cell")
            if not _DELIMITER_CELL.fullmatch(cell):
                raise Unsure("a delimiter row that is not one")
            aligns.append("center" if cell[0] == ":" and cell[-1] == ":" else "right" if cell[-1] == ":"
                          else "left" if cell[0] == ":" else "")
        header = _cells(text.strip(_TRIM))
        if "|" not in text.strip(_TRIM) or not header or len(header) != len(aligns):
            raise Unsure("a table whose header does not match its delimiter row")
        count = len(aligns)

        def cell_tokens(tag: str, cells: list[str]) -> list[Token]:
            made = [_token("tr_open", "tr", 1)]
            for n in range(count):
                style = "text-align:" + aligns[n] if aligns[n] else ""
                content = cells[n].strip(_TRIM) if n < len(cells) and cells[n] else ""
                made += [_token(f"{tag}_open", tag, 1, style=style), _inline(content), _token(f"{tag}_close", tag, -1)]
            made.append(_token("tr_close", "tr", -1))
            return made

        tokens = self.tokens
        tokens += [_token("table_open", "table", 1), _token("thead_open", "thead", 1), *cell_tokens("th", header),
                   _token("thead_close", "thead", -1)]
        j = i + 2
        body = False
        while j < self.count:
            line = self.texts[j]
            if not line:
                break
            if self.cols[j] < blk or self.cols[j] - blk >= 4 or line[0] != "|":
                raise Unsure("a table row that is not one, or a block under a table")
            cells = _cells(line.strip(_TRIM))
            if len(cells) != count:
                raise Unsure("a row of another number of cells than its header")
            if not body:
                tokens.append(_token("tbody_open", "tbody", 1))
                body = True
            tokens += cell_tokens("td", cells)
            j += 1
        if body:
            tokens.append(_token("tbody_close", "tbody", -1))
        tokens.append(_token("table_close", "table", -1))
        return j


def _cells(line: str) -> list[str]:
    """A table row's cells, split at each pipe not right after a backslash (markdown-it's
    `escapedSplit`: an escaped pipe loses its backslash), without the outer empty ones."""
    cells: list[str] = []
    current = ""
    last = 0
    escaped = False
    for pos, ch in enumerate(line):
        if ch == "|":
            if not escaped:
                cells.append(current + line[last:pos])
                current = ""
                last = pos + 1
            else:
                current += line[last:pos - 1]
                last = pos
        escaped = ch == "\\"
    cells.append(current + line[last:])
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


# --- inline --------------------------------------------------------------------------------------

_ESCAPABLE = _ASCII_PUNCTUATION


def _inline(content: str) -> Token:
    """An inline token: its text, breaks, escapes and emphasis as markdown-it's inline rules read them."""
    if not content:
        return _token("inline", content=content, children=())
    if _INLINE_SPECIAL.search(content) is None:
        return _token("inline", content=content, children=(_token("text", content=content),))
    if _INLINE_SPECIAL_BUT_NEWLINE.search(content) is None:  # lines of plain text: their breaks only
        return _token("inline", content=content, children=tuple(_broken(content.split("\n"))))
    children: list[Token] = []
    runs: list[tuple[int, int, bool, bool]] = []  # emphasis runs: token index, length, can open, can close
    pending = ""
    pos = 0
    size = len(content)

    def flush() -> None:
        nonlocal pending
        if pending:
            children.append(_token("text", content=pending))
            pending = ""

    while pos < size:
        found = _INLINE_SPECIAL.search(content, pos)
        if found is None:
            pending += content[pos:]
            break
        at = found.start()
        pending += content[pos:at]
        ch = content[at]
        if ch == "\n":
            if pending.endswith("  "):
                pending = pending.rstrip(" ")
                flush()
                children.append(_token("hardbreak", "br"))
            else:
                if pending.endswith(" "):
                    pending = pending[:-1]
                flush()
                children.append(_token("softbreak", "br"))
            pos = at + 1
            while pos < size and content[pos] in " \t":
                pos += 1
        elif ch == "\\":
            if at + 1 >= size:
                pending += "\\"
                pos = at + 1
            elif content[at + 1] == "\n":
                flush()
                children.append(_token("hardbreak", "br"))
                pos = at + 2
                while pos < size and content[pos] in " \t":
                    pos += 1
            else:
                escaped = content[at + 1]
                flush()
                children.append(_token("text", content=escaped if escaped in _ESCAPABLE else "\\" + escaped))
                pos = at + 2
        elif ch == "*":
            end = at
            while end < size and content[end] == "*":
                end += 1
            before = _kind(content[at - 1]) if at else "space"
            after = _kind(content[end]) if end < size else "space"
            left = after != "space" and not (after == "punct" and before == "other")
            right = before != "space" and not (before == "punct" and after == "other")
            flush()
            runs.append((len(children), end - at, left, right))
            children.append(_token("text", content=content[at:end]))
            pos = end
        elif ch == "&":
            if _ENTITY_LIKE.match(content, at):
                raise Unsure("an entity")
            pending += "&"
            pos = at + 1
        else:
            raise Unsure("code, a link, an autolink or an underscore")
    flush()
    if len(runs) > 2 or (len(runs) == 2 and runs[0][1] != runs[1][1]) or any(run[1] > 2 for run in runs):
        raise Unsure("emphasis beyond one pair")
    made: list[Token | list[Token]] = list(children)
    if len(runs) == 2 and runs[0][2] and runs[1][3]:
        (opening, length, _, _), (closing, _, _, _) = runs
        if length == 2:  # markdown-it turns the inner two of the four into the tags, the outer into empty text
            made[opening] = [_token("text"), _token("strong_open", "strong", 1)]
            made[closing] = [_token("strong_close", "strong", -1), _token("text")]
        else:
            made[opening] = _token("em_open", "em", 1)
            made[closing] = _token("em_close", "em", -1)
    joined: list[Token] = []
    for child in made:  # adjacent text joined into one, as markdown-it's text_join does
        for token in child if isinstance(child, list) else (child,):
            if token[TYPE] == "text" and joined and joined[-1][TYPE] == "text":
                joined[-1] = _token("text", content=joined[-1][CONTENT] + token[CONTENT])
            else:
                joined.append(token)
    return _token("inline", content=content, children=tuple(joined))


def _broken(lines: list[str]) -> list[Token]:
    """Lines of plain text as text and breaks: two spaces or more before a newline make a hard
    break, and the spaces around a newline are dropped (markdown-it's newline rule)."""
    children: list[Token] = []
    last = len(lines) - 1
    for n, line in enumerate(lines):
        if n:
            line = line.lstrip(" \t")
        if n == last:
            if line:
                children.append(_token("text", content=line))
            break
        hard = line.endswith("  ")
        line = line.rstrip(" ") if hard else line[:-1] if line.endswith(" ") else line
        if line:
            children.append(_token("text", content=line))
        children.append(_token("hardbreak" if hard else "softbreak", "br"))
    return children


def _kind(ch: str) -> str:
    """Whether a character beside an emphasis run is whitespace, punctuation or neither, as
    CommonMark sees it; a character whose reading differs between versions of the rules (other
    Unicode punctuation, symbols and spaces) is left to the parser."""
    if ch in " \t\n\x0b\x0c\r":
        return "space"
    if ch.isascii():
        return "punct" if ch in _ASCII_PUNCTUATION else "other"
    if ch.isalnum():
        return "other"
    raise Unsure("a character beside emphasis")
