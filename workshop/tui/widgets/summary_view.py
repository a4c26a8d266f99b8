"""The summary as the preview shows it: Textual's Markdown widget, with its lists and tables drawn
by one widget each.

The parse is Textual's own, with the export's parser (`parser_factory=summary_parser`): same
tokens, same blocks, same text. Only the drawing of lists and tables changes. Textual draws each
list item as four widgets and each table cell as one, and measures every one of them at each
layout: the summary of a 2,000-intervention meeting (250 key points, 250 speakers in the annex)
made about 2,500 widgets and took about 9 seconds to appear, the screen frozen meanwhile. Here a
whole list, nested lists included, is one widget that wraps its items with hanging indents, and
a table is one widget whose widest columns give way (with an ellipsis) when the window is narrow:
about a hundred widgets in all.

Text is drawn as the parsed `Content` (literal characters, never markup).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.content import Content, Span
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Markdown
from textual.widgets._markdown import (
    MarkdownBlock,
    MarkdownBulletList,
    MarkdownList,
    MarkdownListItem,
    MarkdownOrderedList,
    MarkdownTable,
    MarkdownTH,
)

# The inline styles of Textual's Markdown blocks (component classes there) as plain styles.
INLINE_STYLES = {".strong": "bold", ".em": "italic", ".s": "strike", ".code_inline": "reverse"}
MARKER_STYLE = "bold $text-primary"
HEADER_STYLE = "bold $text-primary"
COLUMN_GAP = 2
MIN_COLUMN = 6  # a column narrowed to fit the window keeps at least this many cells

Row = tuple[int, int, str, Content]  # indent, marker width, marker ("" on a continuation), text


def inline(content: Content) -> Content:
    """Parsed inline Markdown with its emphasis as plain styles (links and the like dropped)."""
    spans = [Span(s.start, s.end, INLINE_STYLES[s.style]) for s in content.spans
             if isinstance(s.style, str) and s.style in INLINE_STYLES]
    return Content(content.plain, spans)


def list_rows(block: MarkdownBlock, indent: int = 0) -> list[Row]:
    """A parsed list (and the lists inside its items) as rows of marker and text."""
    items = [b for b in block._blocks if isinstance(b, MarkdownListItem)]
    if isinstance(block, MarkdownOrderedList):
        try:
            start = int(items[0].bullet) if items else 1
        except ValueError:
            start = 1
        markers = [f"{n}. " for n in range(start, start + len(items))]
        width = max((len(m) for m in markers), default=3)
        markers = [m.rjust(width) for m in markers]
    else:
        markers = [item.bullet for item in items]
        width = max((len(m) for m in markers), default=2)
    rows: list[Row] = []
    for marker, item in zip(markers, items):
        first = True
        for child in item._blocks:
            if isinstance(child, MarkdownList):
                rows.extend(list_rows(child, indent + width))
                continue
            rows.append((indent, width, marker if first else "", inline(child._content)))
            first = False
        if first:  # an empty item still shows its marker
            rows.append((indent, width, marker, Content("")))
    return rows


class WrappedLines(Widget):
    """Lines made for the widget's width, remade only when the width changes, and drawn only
    where they are shown: a summary's annex is hundreds of lines, and a frame shows a screenful."""

    DEFAULT_CSS = "WrappedLines { width: 1fr; height: auto; text-wrap: nowrap; }"  # made to fit already

    def __init__(self) -> None:
        super().__init__()
        self._made: tuple[int, list[Content]] | None = None

    def make_lines(self, width: int) -> list[Content]:
        raise NotImplementedError

    def lines(self, width: int) -> list[Content]:
        """The lines for this width."""
        width = max(1, width)
        if self._made is None or self._made[0] != width:
            self._made = (width, self.make_lines(width))
        return self._made[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        """Line `y` alone (Textual asks only for the lines in view)."""
        width = self.content_size.width
        lines = self.lines(width)
        if not 0 <= y < len(lines):
            return Strip.blank(width, self.rich_style)
        return Visual.to_strips(self, lines[y], width, 1, self.visual_style, pad=True)[0]

class ListLines(WrappedLines):
    """A whole Markdown list: markers in a column, each item wrapped beside its marker."""

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self.rows = rows

    def make_lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        for indent, marker_width, marker, text in self.rows:
            pad = indent + marker_width
            wrapped = text.wrap(max(1, width - pad)) or [Content("")]
            if marker:
                lead = Content(" " * indent) + Content.styled(marker.ljust(marker_width), MARKER_STYLE)
            else:
                lead = Content(" " * pad)
            lines.append(lead + wrapped[0])
            lines.extend(Content(" " * pad) + line for line in wrapped[1:])
        return lines


class TableLines(WrappedLines):
    """A whole Markdown table: a header, a rule, and one line per row."""

    def __init__(self, headers: list[Content], rows: list[list[Content]], aligns: list[str]) -> None:
        super().__init__()
        self.headers = [inline(h) for h in headers]
        self.rows = [[inline(c) for c in row] for row in rows]
        self.aligns = aligns

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

    def make_lines(self, width: int) -> list[Content]:
        widths = self.widths(width)
        gap = " " * COLUMN_GAP

        def line(cells: list[Content], style: str = "") -> Content:
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
        return [line(self.headers, HEADER_STYLE), rule, *(line(row) for row in self.rows)]


class CompactList(MarkdownList):
    """A list drawn by one widget (nested lists included)."""

    def compose(self) -> ComposeResult:
        yield ListLines(list_rows(self))
        self._blocks.clear()


class CompactBulletList(CompactList, MarkdownBulletList):
    """A bullet list in one widget."""


class CompactOrderedList(CompactList, MarkdownOrderedList):
    """A numbered list in one widget."""


class CompactTable(MarkdownTable):
    """A table in one widget, its columns aligned as the Markdown delimiter row says."""

    def compose(self) -> ComposeResult:
        headers, rows = self._get_headers_and_rows()
        aligns = [self._align(th) for th in self._header_cells(self)]
        aligns += ["left"] * (len(headers) - len(aligns))
        yield TableLines(headers, rows, aligns)
        self._blocks.clear()

    @classmethod
    def _header_cells(cls, block: MarkdownBlock) -> Iterable[MarkdownTH]:
        for child in block._blocks:
            if isinstance(child, MarkdownTH):
                yield child
            else:
                yield from cls._header_cells(child)

    @staticmethod
    def _align(cell: MarkdownTH) -> str:
        style = str(cell._token.attrs.get("style", "") or "")
        return "right" if "right" in style else "left"


class SummaryMarkdown(Markdown):
    """Textual's Markdown widget for long summaries: the same parse, lighter lists and tables."""

    DEFAULT_CSS = """
    SummaryMarkdown > CompactBulletList, SummaryMarkdown > CompactOrderedList,
    SummaryMarkdown > CompactTable { margin: 0 0 1 0; }
    """
    BLOCKS = {
        **Markdown.BLOCKS,
        "bullet_list_open": CompactBulletList,
        "ordered_list_open": CompactOrderedList,
        "table_open": CompactTable,
    }
