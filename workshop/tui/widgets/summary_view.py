"""The summary as the preview shows it: parsed with the export's parser, wrapped into lines in a
worker thread, and drawn by one scrolling widget that draws only the lines in view.

The parse is the export's own (`summary_parser`): same tokens, same text. The look is that of
Textual's Markdown widget (its headings, paragraphs and margins), with lists drawn as markers in
a column and each item wrapped beside its marker, and tables as a header, a rule and one line per
row whose widest columns give way (with an ellipsis) when the window is narrow. Textual's widget
builds a widget for every paragraph and list item and lays each one out: the summary of a
10,000-intervention meeting made about 3,000 widgets and froze the screen for seconds. Here the
document is a list of blocks, then a list of lines for the width shown (made again, in a worker,
when the width changes), and a frame draws a screenful of them.

Text is drawn as the parsed `Content` (literal characters, never markup), and can be selected
with the mouse and copied as the lines are drawn, as in Textual's Log.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from rich._wrap import divide_line
from textual import work
from textual._cells import cell_len
from textual.content import _STRIP_CONTROL_CODES, Content, Span
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from workshop.export.markdown import CHILDREN, CONTENT, INFO, NESTING, STYLE, TAG, TYPE, Token

# The inline styles of Textual's Markdown blocks (component classes there) as plain styles.
INLINE_STYLES = {"code_inline": "reverse", "em": "italic", "strong": "bold", "s": "strike"}
MARKER_STYLE = "bold $text-primary"
HEADER_STYLE = "bold $text-primary"
BULLETS = ["• ", "▪ ", "‣ ", "⭑ ", "◦ "]  # by depth, as Textual's Markdown widget has them
COLUMN_GAP = 2
MIN_COLUMN = 6  # a column narrowed to fit the window keeps at least this many cells

# Textual's Markdown headings: style and margins (top, bottom); the preview's h1 has 1 above.
HEADINGS = {
    1: ("$markdown-h1-color $markdown-h1-text-style", 1, 1),
    2: ("$markdown-h2-color $markdown-h2-text-style", 2, 1),
    3: ("$markdown-h3-color $markdown-h3-text-style", 1, 1),
    4: ("$markdown-h4-color $markdown-h4-text-style", 1, 1),
    5: ("$markdown-h5-color $markdown-h5-text-style", 1, 1),
    6: ("$markdown-h6-color $markdown-h6-text-style", 1, 1),
}

# A text and its styles, (start, end, style) each, as plain tuples of strings and numbers:
# Python's cycle collector stops walking those at its first look (named tuples, Content and
# Span, it walks at every collection), so a summary of thousands of lines adds next to nothing to
# the collections. Content is made of them only for the lines drawn.
Styled = tuple[str, tuple[tuple[int, int, str], ...]]
EMPTY: Styled = ("", ())
Row = tuple[int, int, str, Styled]  # indent, marker width, marker ("" on a continuation), text


def styled(plain: str, style: str = "") -> Styled:
    """A text (the app's own, no control codes) in one style."""
    return (plain, ((0, len(plain), style),)) if plain and style else (plain, ())


def styled_content(content: Content) -> Styled:
    """Content as a styled text."""
    return content.plain, tuple(tuple(span) for span in content.spans)


def content_of(text: Styled) -> Content:
    """A styled text as Content, to draw (its control codes were stripped as it was made: a
    text of a summary's thousands of names is not gone through again for each line drawn)."""
    plain, spans = text
    return Content(plain, [Span(*span) for span in spans], strip_control_codes=False)


def stylized(text: Styled, style: str) -> Styled:
    """A styled text with `style` over it all (as `Content.stylize` puts it, after the others)."""
    plain, spans = text
    return (plain, (*spans, (0, len(plain), style))) if plain and style else text


class Line(NamedTuple):
    """One line as made for a width: what leads it and a stretch of a block's text (light to keep:
    a summary has thousands of lines and a frame draws a screenful)."""

    lead: Styled
    text: Styled
    start: int = 0
    end: int | None = None  # None: to the end of the text
    last: bool = True  # the last line of its paragraph keeps its spaces

    @property
    def content(self) -> Content:
        """The line to draw."""
        text = content_of(self.text)
        if self.start != 0 or self.end is not None:
            text = text[self.start:self.end]
        if not self.last:
            text = text.rstrip()
        return content_of(self.lead) + text if self.lead[0] else text

    @property
    def plain(self) -> str:
        """The line's characters."""
        text = self.text[0][self.start:self.end]
        return self.lead[0] + (text if self.last else text.rstrip())


# A line as the view keeps it: the fields of a Line in a plain tuple (see Styled).
LineRow = tuple[Styled, Styled, int, "int | None", bool]
BLANK: LineRow = (EMPTY, EMPTY, 0, None, True)


class Lines(Sequence[Line]):
    """A summary's lines for one width, kept as plain tuples; each read as a Line."""

    def __init__(self, rows: list[LineRow]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [Line(*row) for row in self._rows[index]]
        return Line(*self._rows[index])
_SPACE_RUN = re.compile(r" +")
_WHITESPACE = re.compile(r"\s+")
# The control codes Content strips, found by a pattern: Content's `str.translate` takes 60 ns a
# character of a text with any letter beyond ASCII (12 ms for a notice of 2,677 names).
_CONTROL_CODES = re.compile("[" + "".join(map(chr, _STRIP_CONTROL_CODES)) + "]")


def single_spaced(text: str) -> str:
    """Each run of whitespace in `text` as one space, as Textual's Markdown shows a paragraph's text
    (most are so already: counted, not scanned by a pattern, at 25 ns a character beyond ASCII)."""
    words = text.split()
    gaps = len(words) - 1
    if gaps == text.count(" ") == len(text) - sum(map(len, words)):
        return text  # one space between words, none at either end
    return _WHITESPACE.sub(" ", text)


def without_control_codes(text: str) -> str:
    """`text` as Content keeps it: without the control codes that would break the terminal."""
    return _CONTROL_CODES.sub("", text)


# Letters, punctuation and box drawing one cell wide, as Textual measures them.
_ONE_CELL = re.compile("[\u0020-\u007e\u00a0-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e\u2500-\u25fc]*")


def breaks(plain: str, width: int) -> list[int]:
    """Where a line of text is broken to fit `width` cells: the offsets Textual's wrapping gives
    (`divide_line`), found a line at a time rather than a word at a time when every character is
    one cell wide and no word is wider than the line."""
    if not _ONE_CELL.fullmatch(plain):
        return divide_line(plain, width, fold=True)
    found: list[int] = []
    start = 0  # where the line being filled begins
    size = len(plain)
    end = len(plain.rstrip())
    while end - start > width:
        limit = start + width
        # The last word that ends within the width (a space right after it, at `limit` at most).
        cut = plain.rfind(" ", start + 1, limit + 1)
        while cut > start and plain[cut - 1] == " ":
            cut = plain.rfind(" ", start + 1, cut)
        if cut <= start:  # a word longer than the line, folded: Textual's own way
            return divide_line(plain, width, fold=True)
        run = _SPACE_RUN.match(plain, cut)
        start = run.end()
        if start >= size:
            break
        found.append(start)
    return found


def wrapped(lead: Styled, pad: Styled, text: Styled, width: int) -> list[LineRow]:
    """`text` wrapped to `width`, the first line after `lead`, the others after `pad`; a hard
    break ends a line, each part wrapped on its own, as Textual does."""
    plain = text[0]
    lines: list[LineRow] = []
    start = 0
    for n, part in enumerate(plain.split("\n") if "\n" in plain else (plain,)):
        end = start + len(part)
        offsets = breaks(part, max(1, width))
        edges = [start, *(start + offset for offset in offsets), None if end == len(plain) else end]
        for k in range(len(edges) - 1):
            lines.append((lead if n == 0 and k == 0 else pad, text, edges[k], edges[k + 1], k == len(edges) - 2))
        start = end + 1
    return lines


def inline(token: Token) -> Styled:
    """An inline token as a styled text, its emphasis as plain styles (as Textual's Markdown reads it)."""
    text: list[str] = []
    spans: list[tuple[int, int, str]] = []
    opened: list[tuple[str, int]] = []
    position = 0
    for child in token[CHILDREN] or ():
        kind = child[TYPE]
        added = ""
        if kind == "text":
            added = single_spaced(child[CONTENT])
        elif kind == "softbreak":
            added = " "
        elif kind == "hardbreak":
            added = "\n"
        elif kind == "code_inline":
            added = child[CONTENT]
            spans.append((position, position + len(added), INLINE_STYLES["code_inline"]))
        elif kind.endswith("_open"):
            opened.append((kind[:-5], position))
        elif kind.endswith("_close") and opened:
            name, start = opened.pop()
            if name in INLINE_STYLES:
                spans.append((start, position, INLINE_STYLES[name]))
        text.append(added)
        position += len(added)
    return without_control_codes("".join(text)), tuple(spans)


@dataclass(frozen=True)
class Block:
    """One block of the summary and the blank lines Textual's Markdown keeps around it."""

    top: int
    bottom: int

    def lines(self, width: int) -> list[Line]:
        """The block's lines for `width`."""
        return [Line(*row) for row in self.rows_for(width)]

    def rows_for(self, width: int) -> list[LineRow]:
        """The block's lines for `width`, as the view keeps them."""
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Block):
    """A heading or a paragraph, wrapped to the width; a centred one is centred as a whole."""

    content: Styled
    style: str = ""
    centred: bool = False

    def rows_for(self, width: int) -> list[LineRow]:
        lines = wrapped(EMPTY, EMPTY, stylized(self.content, self.style), width)
        if self.centred:
            pad = (" " * max(0, (width - max(cell_len(Line(*line).plain) for line in lines)) // 2), ())
            lines = [(pad, *line[1:]) for line in lines]
        return lines


@dataclass(frozen=True)
class Listing(Block):
    """A whole list (nested lists included): markers in a column, each item wrapped beside its marker."""

    rows: tuple[Row, ...]

    def rows_for(self, width: int) -> list[LineRow]:
        lines: list[LineRow] = []
        pads: dict[int, Styled] = {}
        for indent, marker_width, marker, text in self.rows:
            size = indent + marker_width
            pad = pads.get(size) or pads.setdefault(size, (" " * size, ()))
            if marker:
                lead = (" " * indent + marker.ljust(marker_width), ((indent, size, MARKER_STYLE),))
            else:
                lead = pad
            lines.extend(wrapped(lead, pad, text, width - size))
        return lines


@dataclass(frozen=True)
class Table(Block):
    """A whole table: a header, a rule, and one line per row."""

    headers: tuple[Styled, ...]
    rows: tuple[tuple[Styled, ...], ...]
    aligns: tuple[str, ...]

    def widths(self, width: int) -> list[int]:
        """Each column's width: as wide as its widest cell, the widest giving way to fit `width`."""
        count = len(self.headers)
        widths = [max([cell_len(self.headers[n][0]), *(cell_len(row[n][0]) for row in self.rows if n < len(row))])
                  for n in range(count)]
        room = width - COLUMN_GAP * (count - 1)
        while sum(widths) > room:
            widest = max(range(count), key=lambda n: widths[n])
            if widths[widest] <= MIN_COLUMN:
                break
            widths[widest] -= 1
        return widths

    def rows_for(self, width: int) -> list[LineRow]:
        widths = self.widths(width)
        gap = " " * COLUMN_GAP

        def line(cells: Sequence[Styled], style: str = "") -> Content:
            parts = []
            for n, column in enumerate(widths):
                cell = content_of(cells[n]) if n < len(cells) else Content("")
                cell = cell.truncate(column, ellipsis=True)
                cell = cell.pad_left(column - cell.cell_length) if self.aligns[n] == "right" else \
                    cell.pad_right(column - cell.cell_length)
                parts.append(cell)
            made = Content(gap).join(parts)
            return made.stylize(style) if style else made

        rule = Content.styled(gap.join("─" * w for w in widths), "dim")
        made = [line(self.headers, HEADER_STYLE), rule, *(line(row) for row in self.rows)]
        return [(EMPTY, styled_content(text), 0, None, True) for text in made]


@dataclass(frozen=True)
class Rule(Block):
    """A thematic break."""

    def rows_for(self, width: int) -> list[LineRow]:
        return [(EMPTY, styled("─" * width, "$secondary"), 0, None, True)]


def _closing(tokens: list, start: int) -> int:
    """The index of the token that closes the one at `start`."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index][NESTING]
        if depth == 0:
            return index
    return len(tokens) - 1


def _list_rows(tokens: list, indent: int, bullets_above: int) -> list[Row]:
    """The rows of the list whose tokens (open to close) are given, its nested lists included."""
    items: list[tuple[str, list]] = []  # each item's marker as written, and its tokens inside
    index = 1
    while index < len(tokens) - 1:
        end = _closing(tokens, index)
        items.append((tokens[index][INFO], tokens[index + 1:end]))
        index = end + 1
    if tokens[0][TYPE] == "ordered_list_open":
        try:
            start = int(items[0][0]) if items else 1
        except ValueError:
            start = 1
        markers = [f"{n}. " for n in range(start, start + len(items))]
        width = max((len(m) for m in markers), default=3)
        markers = [m.rjust(width) for m in markers]
        nested = bullets_above
    else:
        markers = [BULLETS[bullets_above % len(BULLETS)]] * len(items)
        width = len(markers[0]) if markers else 2
        nested = bullets_above + 1
    rows: list[Row] = []
    for marker, (_written, inside) in zip(markers, items):
        first = True
        index = 0
        while index < len(inside):
            token = inside[index]
            if token[TYPE] in ("bullet_list_open", "ordered_list_open"):
                end = _closing(inside, index)
                rows.extend(_list_rows(inside[index:end + 1], indent + width, nested))
                index = end + 1
                continue
            if token[TYPE] == "inline":
                rows.append((indent, width, marker if first else "", inline(token)))
                first = False
            index += 1
        if first:  # an empty item still shows its marker
            rows.append((indent, width, marker, EMPTY))
    return rows


def _table(tokens: list) -> Table:
    headers: list[Styled] = []
    aligns: list[str] = []
    rows: list[list[Styled]] = []
    for index, token in enumerate(tokens):
        kind = token[TYPE]
        if kind == "th_open":
            headers.append(inline(tokens[index + 1]))
            aligns.append("right" if "right" in token[STYLE] else "left")
        elif kind == "tr_open" and index and tokens[index + 1][TYPE] == "td_open":
            rows.append([])
        elif kind == "td_open":
            rows[-1].append(inline(tokens[index + 1]))
    return Table(0, 1, tuple(headers), tuple(tuple(row) for row in rows), tuple(aligns))


def summary_blocks(source: str) -> list[Block]:
    """The summary's Markdown as blocks, read as the export's parser reads it (call it in a worker).

    What the export writes is read by `markdown.read`, markdown-it's rules for that part of
    Markdown, in a tenth of the parser's time; anything else by the parser itself.
    """
    from workshop.export.markdown import Unsure, read

    try:
        tokens = read(source)
    except Unsure:
        tokens = parsed_tokens(source)
    return token_blocks(tokens)


def parsed_tokens(source: str) -> list[Token]:
    """The summary's tokens from the export's parser (markdown-it, loaded on first use)."""
    from workshop.export.markdown import parsed, summary_parser

    return parsed(summary_parser().parse(source))


def token_blocks(tokens: list[Token]) -> list[Block]:
    """The blocks of a summary from its tokens."""
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token[TYPE]
        if kind == "heading_open":
            style, top, bottom = HEADINGS[int(token[TAG][1:])]
            blocks.append(Text(top, bottom, inline(tokens[index + 1]), style, centred=token[TAG] == "h1"))
        elif kind == "paragraph_open":
            blocks.append(Text(0, 1, inline(tokens[index + 1])))
        elif kind in ("bullet_list_open", "ordered_list_open", "table_open"):
            end = _closing(tokens, index)
            inside = tokens[index:end + 1]
            blocks.append(_table(inside) if kind == "table_open" else Listing(0, 1, tuple(_list_rows(inside, 0, 0))))
            index = end
        elif kind == "hr":
            blocks.append(Rule(1, 1))
        elif kind in ("fence", "code_block"):
            blocks.append(Text(0, 1, styled_content(Content(token[CONTENT].rstrip()))))
        # Anything else (a block quote) shows the paragraphs inside it.
        index = _closing(tokens, index) + 1 if kind in ("heading_open", "paragraph_open") else index + 1
    return blocks


def summary_lines(blocks: Sequence[Block], width: int) -> Lines:
    """The blocks' lines for `width`, with Textual's margins (the larger of two that meet)."""
    width = max(1, width)
    lines: list[LineRow] = []
    below = 0  # the bottom margin of the block above
    for block in blocks:
        lines.extend([BLANK] * max(below, block.top))
        lines.extend(block.rows_for(width))
        below = block.bottom
    lines.extend([BLANK] * below)
    return Lines(lines)


@dataclass(frozen=True)
class Wrapping:
    """The lines of one summary for one width."""

    source: str
    width: int
    lines: Lines


class Room(NamedTuple):
    """The room a view gives its lines: its width without and with a vertical scrollbar, the most
    lines it shows at once, and whether it can scroll."""

    full: int
    narrow: int
    height: int
    scrolls: bool


def wrapping(source: str, blocks: Sequence[Block], room: Room) -> Wrapping:
    """The lines of a summary for the room it has: a summary longer than the view has the
    scrollbar beside it, and is wrapped for the width that leaves."""
    width = room.narrow if room.scrolls else room.full
    lines = summary_lines(blocks, width)
    if len(lines) <= room.height and width != room.full:
        width, lines = room.full, summary_lines(blocks, room.full)
    return Wrapping(source, width, lines)


class SummaryView(ScrollView, can_focus=True):
    """The summary, scrolled; it draws only the lines in view and wraps again when its width changes."""

    DEFAULT_CSS = """
    SummaryView { color: $foreground; overflow-x: hidden; }
    """
    RIGHT_GAP = 1  # a blank column between the text and the scrollbar, as a padded document has

    class Drawn(Message):
        """The summary shown has its lines for the width shown."""

        def __init__(self, source: str) -> None:
            super().__init__()
            self.source = source

    def __init__(self, *, id: str | None = None, waiting: str = "") -> None:
        super().__init__(id=id)
        self.source = ""
        self.waiting = Content.styled(waiting, "dim italic") if waiting else None  # drawn until a summary is
        self._blocks: list[Block] | None = None  # until a summary is shown
        self._shown: Wrapping | None = None
        self._making: tuple[str, int] | None = None  # the text and width of the lines being made

    def show(self, source: str, blocks: list[Block], made: Wrapping | None = None) -> None:
        """Show this summary (its blocks from `summary_blocks`), with its lines when they were made
        for the room the view has (`room`); otherwise they are made in a worker."""
        self.source = source
        self._blocks = blocks
        if made is not None and made.source == source and made.width in self.room()[:2]:
            self._lines_made(made)
        else:
            self._wrap()

    def room(self) -> Room:
        """The room the view has for its lines (before its first layout, that of a view as wide and as
        tall as the screen)."""
        styles = self.styles
        if self.size:
            width, height = self.content_region.width - self.RIGHT_GAP, self.content_region.height
        else:
            width = self.app.size.width - styles.gutter.width - self.RIGHT_GAP
            height = self.app.size.height - styles.gutter.height
        if styles.height is not None and styles.height.is_auto and styles.max_height is not None:
            # As tall as its lines up to a limit: the limit says whether it scrolls.
            height = int(styles.max_height.resolve(self.parent.size, self.app.size)) - styles.gutter.height
        return Room(width, width - styles.scrollbar_size_vertical, height, styles.overflow_y != "hidden")

    def _wrap(self) -> None:
        room = self.room()
        if self._blocks is None or room.full <= 0:
            return
        width = room.narrow if room.scrolls else room.full
        if self._making == (self.source, width):
            return  # those lines are on their way
        self._making = (self.source, width)
        self._make_lines(self.source, self._blocks, room, self._making)

    # A description of its own: Textual's default is the repr of the arguments, the whole summary.
    @work(thread=True, exclusive=True, group="summary-lines", description="summary lines")
    def _make_lines(self, source: str, blocks: list[Block], room: Room, asked: tuple[str, int]) -> None:
        self.app.call_from_thread(self._lines_made, wrapping(source, blocks, room), asked)

    def _lines_made(self, made: Wrapping, asked: tuple[str, int] | None = None) -> None:
        if asked is not None and self._making == asked:
            self._making = None
        if made.source != self.source or made.width not in self.room()[:2]:
            return  # a newer summary, or the lines for a newer width, are on their way
        self._shown = made
        self.virtual_size = Size(made.width, len(made.lines))
        if not self.size and made.width != self.room().full:
            # Made before the view's first layout for the width beside a scrollbar: the scrollbar
            # is laid out with the view, not in a layout of its own after it.
            self.show_vertical_scrollbar = True
        self.refresh()
        self.post_message(self.Drawn(made.source))

    def on_unmount(self) -> None:
        # The screen's widgets hold one another and wait for the cycle collector; the summary's
        # lines and blocks need not wait with them.
        self._shown = None
        self._blocks = None

    def on_resize(self, event: Resize) -> None:
        shown = self._shown
        if shown is None or shown.source != self.source or shown.width not in self.room()[:2]:
            self._wrap()

    @property
    def drawn(self) -> bool:
        """Whether the lines shown are those of the text shown."""
        return self._shown is not None and self._shown.source == self.source

    @property
    def wrap_width(self) -> int:
        """The width the lines shown were made for."""
        return self._shown.width if self._shown is not None else 0

    @property
    def lines(self) -> Sequence[Line]:
        """The lines made for the width shown."""
        return self._shown.lines if self._shown is not None else ()

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view alone (Textual asks only for the lines in view)."""
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        lines = self.lines
        if not 0 <= index < len(lines):
            if index == 0 and self.waiting is not None and self._shown is None:
                return Visual.to_strips(self, self.waiting, width, 1, self.visual_style, pad=True)[0]
            return Strip.blank(width, self.visual_style.rich_style)
        content = lines[index].content
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(index)) is not None:
            start, end = span
            selected = Style.from_styles(self.screen.get_component_styles("screen--selection"))
            content = content.stylize(selected, start, len(content.plain) if end == -1 else end)
        strip = Visual.to_strips(self, content, width, 1, self.visual_style, pad=True, apply_selection=False)[0]
        return strip.apply_offsets(0, index)  # where the mouse is in the lines, for selecting

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text selected with the mouse, as drawn: a line of the view a line of text."""
        return selection.extract("\n".join(line.plain for line in self.lines)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
