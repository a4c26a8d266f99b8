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
from textual.content import Content, Span
from textual.events import Resize
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

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

Row = tuple[int, int, str, Content]  # indent, marker width, marker ("" on a continuation), text


class Line(NamedTuple):
    """One line as made for a width: what leads it and a stretch of a block's text (light to keep:
    a summary has thousands of lines and a frame draws a screenful)."""

    lead: Content
    text: Content
    start: int = 0
    end: int | None = None  # None: to the end of the text
    last: bool = True  # the last line of its paragraph keeps its spaces

    @property
    def content(self) -> Content:
        """The line to draw."""
        text = self.text if self.start == 0 and self.end is None else self.text[self.start:self.end]
        if not self.last:
            text = text.rstrip()
        return self.lead + text if self.lead else text


BLANK = Line(Content(""), Content(""))
_SPACE_RUN = re.compile(r" +")
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


def wrapped(lead: Content, pad: Content, text: Content, width: int) -> list[Line]:
    """`text` wrapped to `width`, the first line after `lead`, the others after `pad`."""
    if "\n" in text.plain:  # a hard break: each part wrapped on its own, as Textual does
        lines: list[Line] = []
        for n, part in enumerate(text.split("\n", allow_blank=True)):
            lines.extend(wrapped(lead if n == 0 else pad, pad, part, width))
        return lines
    offsets = breaks(text.plain, max(1, width))
    if not offsets:
        return [Line(lead, text)]
    edges = [0, *offsets, None]
    return [Line(lead if n == 0 else pad, text, edges[n], edges[n + 1], edges[n + 1] is None)
            for n in range(len(edges) - 1)]


def inline(token) -> Content:
    """An inline token as Content, its emphasis as plain styles (as Textual's Markdown reads it)."""
    text: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[str, int]] = []
    position = 0
    for child in token.children or ():
        kind = child.type
        added = ""
        if kind == "text":
            added = re.sub(r"\s+", " ", child.content)
        elif kind == "softbreak":
            added = " "
        elif kind == "hardbreak":
            added = "\n"
        elif kind == "code_inline":
            added = child.content
            spans.append(Span(position, position + len(added), INLINE_STYLES["code_inline"]))
        elif kind.endswith("_open"):
            opened.append((kind[:-5], position))
        elif kind.endswith("_close") and opened:
            name, start = opened.pop()
            if name in INLINE_STYLES:
                spans.append(Span(start, position, INLINE_STYLES[name]))
        text.append(added)
        position += len(added)
    return Content("".join(text), spans)


@dataclass(frozen=True)
class Block:
    """One block of the summary and the blank lines Textual's Markdown keeps around it."""

    top: int
    bottom: int

    def lines(self, width: int) -> list[Line]:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Block):
    """A heading or a paragraph, wrapped to the width; a centred one is centred as a whole."""

    content: Content
    style: str = ""
    centred: bool = False

    def lines(self, width: int) -> list[Line]:
        content = self.content.stylize(self.style) if self.style else self.content
        lines = wrapped(Content(""), Content(""), content, width)
        if self.centred:
            pad = Content(" " * max(0, (width - max(line.content.cell_length for line in lines)) // 2))
            lines = [line._replace(lead=pad) for line in lines]
        return lines


@dataclass(frozen=True)
class Listing(Block):
    """A whole list (nested lists included): markers in a column, each item wrapped beside its marker."""

    rows: tuple[Row, ...]

    def lines(self, width: int) -> list[Line]:
        lines: list[Line] = []
        for indent, marker_width, marker, text in self.rows:
            pad = Content(" " * (indent + marker_width))
            if marker:
                lead = Content(" " * indent) + Content.styled(marker.ljust(marker_width), MARKER_STYLE)
            else:
                lead = pad
            lines.extend(wrapped(lead, pad, text, width - len(pad)))
        return lines


@dataclass(frozen=True)
class Table(Block):
    """A whole table: a header, a rule, and one line per row."""

    headers: tuple[Content, ...]
    rows: tuple[tuple[Content, ...], ...]
    aligns: tuple[str, ...]

    def widths(self, width: int) -> list[int]:
        """Each column's width: as wide as its widest cell, the widest giving way to fit `width`."""
        count = len(self.headers)
        widths = [max([self.headers[n].cell_length, *(row[n].cell_length for row in self.rows if n < len(row))])
                  for n in range(count)]
        room = width - COLUMN_GAP * (count - 1)
        while sum(widths) > room:
            widest = max(range(count), key=lambda n: widths[n])
            if widths[widest] <= MIN_COLUMN:
                break
            widths[widest] -= 1
        return widths

    def lines(self, width: int) -> list[Line]:
        widths = self.widths(width)
        gap = " " * COLUMN_GAP

        def line(cells: Sequence[Content], style: str = "") -> Content:
            parts = []
            for n, column in enumerate(widths):
                cell = cells[n] if n < len(cells) else Content("")
                cell = cell.truncate(column, ellipsis=True)
                cell = cell.pad_left(column - cell.cell_length) if self.aligns[n] == "right" else \
                    cell.pad_right(column - cell.cell_length)
                parts.append(cell)
            made = Content(gap).join(parts)
            return made.stylize(style) if style else made

        rule = Content.styled(gap.join("─" * w for w in widths), "dim")
        made = [line(self.headers, HEADER_STYLE), rule, *(line(row) for row in self.rows)]
        return [Line(Content(""), text) for text in made]


@dataclass(frozen=True)
class Rule(Block):
    """A thematic break."""

    def lines(self, width: int) -> list[Line]:
        return [Line(Content(""), Content.styled("─" * width, "$secondary"))]


def _closing(tokens: list, start: int) -> int:
    """The index of the token that closes the one at `start`."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _list_rows(tokens: list, indent: int, bullets_above: int) -> list[Row]:
    """The rows of the list whose tokens (open to close) are given, its nested lists included."""
    items: list[tuple[str, list]] = []  # each item's marker as written, and its tokens inside
    index = 1
    while index < len(tokens) - 1:
        end = _closing(tokens, index)
        items.append((tokens[index].info, tokens[index + 1:end]))
        index = end + 1
    if tokens[0].type == "ordered_list_open":
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
            if token.type in ("bullet_list_open", "ordered_list_open"):
                end = _closing(inside, index)
                rows.extend(_list_rows(inside[index:end + 1], indent + width, nested))
                index = end + 1
                continue
            if token.type == "inline":
                rows.append((indent, width, marker if first else "", inline(token)))
                first = False
            index += 1
        if first:  # an empty item still shows its marker
            rows.append((indent, width, marker, Content("")))
    return rows


def _table(tokens: list) -> Table:
    headers: list[Content] = []
    aligns: list[str] = []
    rows: list[list[Content]] = []
    for index, token in enumerate(tokens):
        if token.type == "th_open":
            headers.append(inline(tokens[index + 1]))
            aligns.append("right" if "right" in str(token.attrs.get("style", "") or "") else "left")
        elif token.type == "tr_open" and index and tokens[index + 1].type == "td_open":
            rows.append([])
        elif token.type == "td_open":
            rows[-1].append(inline(tokens[index + 1]))
    return Table(0, 1, tuple(headers), tuple(tuple(row) for row in rows), tuple(aligns))


def summary_blocks(source: str) -> list[Block]:
    """The summary's Markdown, parsed as the export writes it, as blocks (slow: call it in a worker)."""
    from workshop.export.markdown import summary_parser

    tokens = summary_parser().parse(source)
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            style, top, bottom = HEADINGS[int(token.tag[1:])]
            blocks.append(Text(top, bottom, inline(tokens[index + 1]), style, centred=token.tag == "h1"))
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
            blocks.append(Text(0, 1, Content(token.content.rstrip())))
        # Anything else (a block quote) shows the paragraphs inside it.
        index = _closing(tokens, index) + 1 if kind in ("heading_open", "paragraph_open") else index + 1
    return blocks


def summary_lines(blocks: Sequence[Block], width: int) -> list[Line]:
    """The blocks' lines for `width`, with Textual's margins (the larger of two that meet)."""
    width = max(1, width)
    lines: list[Line] = []
    below = 0  # the bottom margin of the block above
    for block in blocks:
        lines.extend([BLANK] * max(below, block.top))
        lines.extend(block.lines(width))
        below = block.bottom
    lines.extend([BLANK] * below)
    return lines


@dataclass(frozen=True)
class Wrapping:
    """The lines of one summary for one width."""

    source: str
    width: int
    lines: list[Line]


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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source = ""
        self._blocks: list[Block] | None = None  # until a summary is shown
        self._shown: Wrapping | None = None

    def show(self, source: str, blocks: list[Block]) -> None:
        """Show this summary (its blocks from `summary_blocks`); lines are made in a worker, as
        soon as the view has its size (a view covered by its loading indicator has none)."""
        self.source = source
        self._blocks = blocks
        self._wrap()

    def _widths(self) -> tuple[int, int, int]:
        """The width without and with a vertical scrollbar, and the most lines shown at once."""
        width = self.content_region.width - self.RIGHT_GAP
        height = self.content_region.height
        styles = self.styles
        if styles.height is not None and styles.height.is_auto and styles.max_height is not None:
            # As tall as its lines up to a limit: the limit says whether it scrolls.
            height = int(styles.max_height.resolve(self.parent.size, self.app.size)) - styles.gutter.height
        return width, width - styles.scrollbar_size_vertical, height

    def _wrap(self) -> None:
        full, narrow, height = self._widths()
        if self._blocks is not None and full > 0:
            self._make_lines(self.source, self._blocks, full, narrow, height)

    @work(thread=True, exclusive=True, group="summary-lines")
    def _make_lines(self, source: str, blocks: list[Block], full: int, narrow: int, height: int) -> None:
        # A summary longer than the window has the scrollbar beside it: wrap for the room left.
        width = narrow if self.styles.overflow_y != "hidden" else full
        lines = summary_lines(blocks, width)
        if len(lines) <= height and width != full:
            width, lines = full, summary_lines(blocks, full)
        self.app.call_from_thread(self._lines_made, Wrapping(source, width, lines))

    def _lines_made(self, wrapping: Wrapping) -> None:
        if wrapping.source != self.source or wrapping.width not in self._widths()[:2]:
            return  # a newer summary, or the lines for a newer width, are on their way
        self._shown = wrapping
        self.virtual_size = Size(wrapping.width, len(wrapping.lines))
        self.refresh()
        self.post_message(self.Drawn(wrapping.source))

    def on_resize(self, event: Resize) -> None:
        shown = self._shown
        if shown is None or shown.source != self.source or shown.width not in self._widths()[:2]:
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
    def lines(self) -> list[Line]:
        """The lines made for the width shown."""
        return self._shown.lines if self._shown is not None else []

    def render_line(self, y: int) -> Strip:
        """Line `y` of the view alone (Textual asks only for the lines in view)."""
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        lines = self.lines
        if not 0 <= index < len(lines):
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
        return selection.extract("\n".join(line.content.plain for line in self.lines)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
