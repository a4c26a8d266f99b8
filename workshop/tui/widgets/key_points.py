"""Pieces of the synthesis screen: how interventions, key points and findings read in its lists,
the key point editor with its live subject, and the rapporteur's reordering of a list.

User text always goes in as `Content` parts (literal text), never through markup.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from textual import events
from textual.app import ComposeResult
from rich._wrap import divide_line
from textual.binding import Binding
from textual.cache import LRUCache
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.reactive import Reactive, reactive
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from workshop.records import Finding
from workshop.store.deliberations import Heard
from workshop.text import one_line
from workshop.tui.display import letter
from workshop.tui.widgets.rows import MOVES, RowList

R = TypeVar("R")


def scroll_to_size(view: ScrollView, size: Size) -> None:
    """Give a list the size it scrolls over, laying the screen out again only if a scrollbar comes
    or goes (Textual lays it out at each change of the size; a list's size changes as it is drawn).

    Before its first layout a list longer than the window gets its scrollbar at once: Textual
    would add it at that layout, and lay the screen out once more for it.
    """
    if size == view.virtual_size:
        return
    view.set_reactive(Widget.virtual_size, size)
    if not view.container_size and size.height > view.app.size.height:
        view.show_vertical_scrollbar = True
        view.vertical_scrollbar.display = True
    view._scroll_update(size)


def intervention_prompt(time: str, speaker: str, text: str) -> Content:
    """One intervention in the list to link from: time, speaker, then what was said."""
    return Content.assemble((time, "dim"), " ", (speaker, "bold"), "  ", one_line(text) or "(no text)")


def key_point_prompt(subject: str, predicate: str, linked: int) -> Content:
    """A key point as the summary will say it, with how many interventions back it."""
    noun = "intervention" if linked == 1 else "interventions"
    return Content.assemble((subject, "bold"), " ", one_line(predicate),
                            (f"  · {linked} {noun}", "dim"))


def finding_prompt(number: int, finding: Finding) -> Content:
    """A finding in the order list: its number in the summary, title (or text) and question."""
    label = one_line(finding.title) or one_line(finding.text) or "(untitled)"
    parts: list = [(f"{number:>2}. ", "bold"), label]
    if finding.question_ref:
        parts.append((f"  · question ({letter(finding.question_ref)})", "dim"))
    return Content.assemble(*parts)


def reorder(items: Sequence[R], positions: Sequence[float], index: int, offset: int) -> list[tuple[R, float]]:
    """Move `items[index]` by `offset` places; return the (item, new position) pairs that change.

    The items keep the positions they had between them (so other lists sharing the same numbers,
    such as findings of another kind, are not disturbed); positions that are not all distinct (a
    merged notebook) are spread out after the largest first.
    """
    target = max(0, min(len(items) - 1, index + offset))
    if not items or target == index:
        return []
    order = list(range(len(items)))
    order.insert(target, order.pop(index))
    slots = sorted(positions)
    if len(set(slots)) != len(slots):
        top = max(slots)
        slots = [top + n for n in range(1, len(items) + 1)]
    return [(items[i], slot) for i, slot in zip(order, slots) if positions[i] != slot]


class InterventionPicker(RowList):
    """Interventions with a tick box each; space (or Enter, or a click) ticks the highlighted one.

    The highlighted intervention is shown in full, its box on its first line, and the others on
    one line each. A long meeting's question has more than a thousand interventions: only the
    lines in view are drawn, and moving the highlight wraps the one intervention it reaches, so
    the list is never measured whole (Textual's OptionList measures every option it holds).
    """

    DEFAULT_CSS = """
    InterventionPicker {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """
    BINDINGS = [*MOVES, Binding("space", "toggle", "Tick", show=False),
                Binding("enter", "toggle", "Tick", show=False)]
    TICKED = ("[x] ", "bold $text-success")
    UNTICKED = ("[ ] ", "dim")
    INDENT = len(TICKED[0])  # the lines after the first start under the text, not the box

    class Changed(Message):
        """The ticked interventions changed."""

    def __init__(self, describe: Callable[[Heard, bool], Content], read: Callable[[list[Heard]], None], *,
                 id: str | None = None) -> None:
        """`describe(intervention, whole)`: what its line says, or all it says when `whole`;
        `read(interventions)` is called with those about to be drawn, before they are."""
        super().__init__(id=id)
        self.set_reactive(ScrollView.auto_links, False)  # no links in what is said: none looked for at each line
        self._describe, self._read = describe, read
        self._rows: list[Heard] = []
        self.ticked: set[str] = set()
        self._highlighted: int | None = None
        self._hover_row: int | None = None  # the intervention under the mouse
        self._wrapped: list[Content] = []  # what the highlighted intervention says, wrapped to the width
        self._wrapped_at = 0  # the width it was wrapped to

    def show(self, rows: Sequence[Heard], ticked: Iterable[str] = ()) -> None:
        """List these interventions, ticking some; the first is highlighted."""
        self._rows = list(rows)
        self.ticked = set(ticked) & {row.id for row in self._rows}
        self._highlighted = 0 if self._rows else None
        self._hover_row = None
        self._unfold()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.post_message(self.Changed())

    @property
    def keys(self) -> list[str]:
        """The ids of the interventions listed, in order."""
        return [row.id for row in self._rows]

    def _move_highlight(self, row: int) -> None:
        self._highlighted = row
        self._unfold()

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted intervention."""
        return self._rows[self._highlighted].id if self._highlighted is not None else None

    def lines_of(self, index: int) -> list[Content]:
        """What the list shows of one intervention: one line, or all of it when highlighted."""
        return list(self._whole) if index == self._highlighted else [self._line(index)]

    # --- drawing -------------------------------------------------------------------------------

    def _box(self, index: int) -> Content:
        return Content.assemble(self.TICKED if self._rows[index].id in self.ticked else self.UNTICKED)

    def _line(self, index: int) -> Content:
        return self._box(index) + self._describe(self._rows[index], False)

    def _unfold(self) -> None:
        """Wrap the highlighted intervention to the width and draw the list again."""
        self._wrap()
        self.refresh(layout=self.styles.height is None or self.styles.height.is_auto)  # as tall as its lines

    def _wrap(self) -> None:
        """Wrap the highlighted intervention to the width; the list's size follows."""
        if self._rows and self.virtual_size.height < len(self._rows):
            # The list's scrollbar first (it narrows the width): wrapped before it, the
            # highlighted intervention was wrapped and drawn again at the resize that follows.
            scroll_to_size(self, Size(self.scrollable_content_region.width, len(self._rows)))
        index, width = self._highlighted, self.scrollable_content_region.width - self.INDENT
        self._wrapped_at = width
        # Not laid out yet, or too narrow to read: on one line like the others.
        self._wrapped = [] if index is None or width < 10 else self._describe(self._rows[index], True).wrap(width)
        height = len(self._rows) - 1 + max(1, len(self._wrapped)) if self._rows else 0
        scroll_to_size(self, Size(self.scrollable_content_region.width, height))

    @property
    def _whole(self) -> list[Content]:
        """The highlighted intervention's lines, its box on the first."""
        index = self._highlighted
        if index is None:
            return []
        if not self._wrapped:
            return [self._line(index)]
        indent = Content(" " * self.INDENT)
        return [self._box(index) + self._wrapped[0], *(indent + line for line in self._wrapped[1:])]

    def _row_at(self, line: int) -> tuple[int, int] | None:
        """The intervention (its place in the list) drawn on a line, and which of its lines that is."""
        top, count = self._highlighted, max(1, len(self._wrapped))
        if top is None or line < 0:
            return None
        if line < top:
            return line, 0
        if line < top + count:
            return top, line - top
        index = line - count + 1
        return (index, 0) if index < len(self._rows) else None

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.scrollable_content_region.width - self.INDENT != self._wrapped_at:
            # Laid out at another width (the first layout among them): wrapped as it is drawn,
            # not at the resize that follows, which drew it a second time.
            self._wrap()
        top = self.scroll_offset.y + crop.y - self.styles.gutter.top  # the lines of the crop, in the list
        drawn = {found[0] for line in range(top, top + crop.height) if (found := self._row_at(line))}
        self._read([self._rows[index] for index in sorted(drawn)])
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        found = self._row_at(self.scroll_offset.y + y)
        if found is None:
            return Strip.blank(width, self.row_style(None).rich_style)
        index, part = found
        style = self.row_style(index)
        # The highlighted intervention whole (a few lines: it is in view), the others cut to a line.
        content = self._whole[part] if index == self._highlighted else self._line(index)
        # Cut to the width first: the rest of a long line would be laid out only to be cut off.
        strip = Visual.to_strips(self, content.truncate(width, ellipsis=True), width, 1, style)[0]
        return strip.extend_cell_length(width, style.rich_style).apply_meta({"row": index})

    def on_resize(self) -> None:
        # A resize comes with each new list too (its virtual size changes): wrapped again, and
        # drawn again, only when the width changed and it was not drawn since.
        if self.scrollable_content_region.width - self.INDENT != self._wrapped_at:
            self._unfold()
        self._scroll_to_highlight()

    def _scroll_to_highlight(self) -> None:
        if self._highlighted is not None and self.is_mounted:
            self.scroll_to_region(Region(0, self._highlighted, self.scrollable_content_region.width,
                                         max(1, len(self._wrapped))), animate=False, force=True, immediate=True)

    # --- keys and the mouse ----------------------------------------------------------------------

    def action_page(self, direction: int) -> None:
        """Move the highlight by the height of the list."""
        if self._highlighted is None:
            return
        last = len(self._rows) - 2 + max(1, len(self._wrapped))
        line = max(0, min(last, self._highlighted + direction * self.scrollable_content_region.height))
        found = self._row_at(line)
        if found is not None:
            self.highlighted = found[0]

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def _refresh_row(self, row: int) -> None:
        self.refresh_line(self._first_line(row))

    def _first_line(self, index: int) -> int:
        """The line of the list an intervention starts on."""
        top = self._highlighted
        return index if top is None or index <= top else index + max(1, len(self._wrapped)) - 1

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("row")
        if index is not None:
            self.highlighted = index
            self.action_toggle()

    def clear_ticks(self) -> None:
        """Untick everything."""
        self.ticked.clear()
        self.refresh()
        self.post_message(self.Changed())

    def action_toggle(self) -> None:
        """Tick or untick the highlighted intervention."""
        key = self.highlighted_id
        if key is None:
            return
        self.ticked.symmetric_difference_update({key})
        self.refresh()
        self.post_message(self.Changed())


class MovingOptionList(OptionList):
    """Textual's OptionList, drawing again only the options a move of the highlight leaves and reaches.

    Textual's draws the whole list again at each move (the questions list is 38 lines at 120x40).
    """

    # Its lines are counted as it is first drawn, and its size follows: Textual then laid the
    # screen out again, though the list's height is the screen's. A scrollbar that comes or
    # goes still lays it out.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=False)
    highlighted: reactive[int | None] = reactive(None, repaint=False)
    _drawn_width = 0  # the width its lines were made for

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        if width != self._drawn_width:
            # Laid out at another width: its lines are made again as it is drawn. Textual's list
            # made them at the resize that follows, and drew itself a second time.
            self._drawn_width = width
            self._option_render_cache.clear()
            self._line_cache.clear()
        return super().render_lines(crop)

    def _on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width == self._drawn_width:
            event.prevent_default()  # Textual's handler, which would make them again

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None and index in self._index_to_line:
                self.refresh_lines(self._index_to_line[index], self._heights[index])
        super().watch_highlighted(new)


class KeyPointList(RowList):
    """The key points of a question, each wrapped to the width; Enter (or a click) edits one.

    A question of a long meeting has a hundred key points or more. Their heights are counted from
    their plain text with the line breaking Textual draws them with, and a key point is laid out
    only when it comes into view (Textual's OptionList wrapped every option at each change of
    question). Keys and looks are the OptionList's: nothing is highlighted until a key moves in.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyPointList > .key-point-list--empty {
        color: $text-disabled;
    }
    """
    COMPONENT_CLASSES = {"key-point-list--empty"}
    BINDINGS = [*MOVES, Binding("enter", "select", "Select", show=False)]
    EMPTY = Content.styled("No key points yet: tick interventions, then w.", "dim")

    class Selected(Message):
        """Enter, or a click, on a key point."""

        def __init__(self, key_point_id: str) -> None:
            super().__init__()
            self.key_point_id = key_point_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(ScrollView.auto_links, False)  # no links in key points: none looked for at each line
        self._ids: list[str] = []
        self._prompt_of: Callable[[str], Content] = lambda key: self.EMPTY
        self._prompts: list[Content | None] = [self.EMPTY]  # made when first needed; the empty list's line
        self._highlighted: int | None = None
        self._hover_row: int | None = None
        self._width = 0  # the width the lines below are counted for
        # The first line of each key point counted so far, and the end of the last of them: they are
        # counted as far as the list is drawn or moved, the rest taken for one line each meanwhile.
        self._starts: list[int] = [0]
        self._heights: dict[tuple[str, int], int] = {}  # lines of a prompt's text at a width
        # The lines of the key points drawn last: each key point is made into lines once for all of them.
        self._strips: LRUCache[tuple[Content, Style, int, int], list[Strip]] = LRUCache(32)

    def show(self, keys: Sequence[str], prompt: Callable[[str], Content], highlight: str | None = None) -> None:
        """List these key points, each said by `prompt(id)` when drawn; highlight one by its id,
        else none, as a new list."""
        self._ids, self._prompt_of = list(keys), prompt
        self._prompts = [None] * len(self._ids) or [self.EMPTY]
        self._highlighted = self._ids.index(highlight) if highlight in self._ids else None
        self._hover_row = None
        self._measure(force=True)
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_to_highlight()

    @property
    def keys(self) -> list[str]:
        """The ids of the key points listed, in order."""
        return list(self._ids)

    @property
    def prompts(self) -> list[Content]:
        """What the list says, a key point a prompt (the empty list's line when there is none)."""
        return [self._prompt(row) for row in range(len(self._prompts))]

    def _prompt(self, row: int) -> Content:
        if (prompt := self._prompts[row]) is None:
            prompt = self._prompts[row] = self._prompt_of(self._ids[row])
        return prompt

    def _move_highlight(self, row: int) -> None:
        if self._highlighted is not None:
            self._refresh_row(self._highlighted)
        self._refresh_row(row)
        self._highlighted = row

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted key point."""
        return self._ids[self._highlighted] if self._highlighted is not None else None

    # --- measuring and drawing -------------------------------------------------------------------

    def lines_in(self, prompt: Content, width: int) -> int:
        """How many lines a prompt takes at a width, as the list draws it."""
        if width <= 0 or self.styles.text_wrap == "nowrap":
            return 1
        key = (prompt.plain, width)
        if (lines := self._heights.get(key)) is None:
            # A prompt is one line of text (no newline, no tab): Textual breaks it where rich's
            # divide_line says, which is all Content.get_height does, less the styling.
            lines = self._heights[key] = len(divide_line(prompt.plain, width, fold=self.styles.text_overflow == "fold")) + 1
        return lines

    def _measure(self, force: bool = False) -> bool:
        """Count the lines of the key points in view at the width, unless counted for it already
        (True when counted); the list's size follows."""
        width = self.scrollable_content_region.width
        if not force and width == self._width:
            return False
        self._width = width
        self._starts = [0]
        self._count(line=self.scroll_offset.y + self.scrollable_content_region.height)
        if force:  # other key points, or another look: another height (get_content_height)
            self.refresh(layout=True)
        return True

    def _count(self, rows: int | None = None, line: int | None = None) -> None:
        """Count the lines of the key points: all of them (with neither), `rows` of them, or as
        many as reach past `line`."""
        starts, width, total = self._starts, self._width, len(self._prompts)
        counted = len(starts) - 1

        def more() -> bool:
            if counted >= total:
                return False
            if rows is None and line is None:
                return True
            return (rows is not None and counted < rows) or (line is not None and starts[-1] <= line)

        if not more():
            return
        while more():
            starts.append(starts[-1] + self.lines_in(self._prompt(counted), width))
            counted += 1
        scroll_to_size(self, Size(width, starts[-1] + total - counted))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Counted only until it is taller than the room it could have.
        height = 0
        for row in range(len(self._prompts)):
            height += self.lines_in(self._prompt(row), width)
            if height >= container.height:
                break
        return height

    def _row_at(self, line: int) -> int | None:
        """The key point drawn on a line of the list."""
        if line < 0:
            return None
        self._count(rows=0, line=line)
        if line < self._starts[-1]:
            return bisect_right(self._starts, line) - 1
        return None

    def _lines_at(self, row: int) -> tuple[int, int]:
        """The first line of a key point and how many it takes."""
        self._count(rows=row + 1)
        return self._starts[row], self._starts[row + 1] - self._starts[row]

    def _style(self, row: int) -> Style:
        if not self._ids:
            return self.get_visual_style("row-list--row", "key-point-list--empty")
        return self.row_style(row)

    def _lines_of(self, row: int) -> list[Strip]:
        """A key point's lines as drawn (kept while its prompt, style and width stay)."""
        prompt, style, width = self._prompt(row), self._style(row), self._width
        key = (prompt, style, width, row)
        if (strips := self._strips.get(key)) is None:
            meta = {"row": row}
            strips = [strip.extend_cell_length(width, style.rich_style).apply_meta(meta)
                      for strip in Visual.to_strips(self, prompt, width, None, style)]
            self._strips[key] = strips
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        self._measure()  # laid out at another width: counted as it is drawn, and drawn once
        self._count(rows=0, line=self.scroll_offset.y + crop.y + crop.height)  # what it draws, counted first
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        row = self._row_at(line)
        if row is not None:
            lines = self._lines_of(row)
            part = line - self._starts[row]
            if part < len(lines):
                return lines[part]
        return Strip.blank(self._width, self.row_style(None).rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Wrapped or cut to one line (the screen's -short class), or another look: made again.
        self._strips.clear()
        self._measure(force=True)

    def on_resize(self) -> None:
        if self._measure():
            self.refresh()
        self._scroll_to_highlight()

    @property
    def row_count(self) -> int:
        return len(self._ids)

    def _refresh_row(self, row: int) -> None:
        if row < len(self._prompts):
            self.refresh_lines(*self._lines_at(row))

    def _scroll_to_highlight(self) -> None:
        row = self._highlighted
        if row is not None and self.is_mounted:
            top, height = self._lines_at(row)
            self.scroll_to_region(Region(0, top, self._width, height),
                                  animate=False, force=True, immediate=True)

    # --- keys and the mouse ----------------------------------------------------------------------

    def action_page(self, direction: int) -> None:
        """Move the highlight by the height of the list (from nothing highlighted: to an end)."""
        if not self._ids:
            return
        if self._highlighted is None:
            self.highlighted = 0 if direction < 0 else len(self._ids) - 1
            return
        line = self._lines_at(self._highlighted)[0] + direction * self.scrollable_content_region.height
        row = self._row_at(max(0, line))
        self.highlighted = len(self._ids) - 1 if row is None else row

    def action_select(self) -> None:
        """Edit the highlighted key point."""
        if (key := self.highlighted_id) is not None:
            self.post_message(self.Selected(key))

    async def _on_click(self, event: events.Click) -> None:
        row = event.style.meta.get("row")
        if row is not None and self._ids:
            self.highlighted = row
            self.action_select()


class KeyPointEditor(Horizontal):
    """The subject the summary will write (from the ticked interventions), then the predicate typed."""

    DEFAULT_CSS = """
    KeyPointEditor { height: auto; }
    KeyPointEditor #subject { width: auto; padding: 0 1 0 0; text-style: bold; color: $text-accent; }
    KeyPointEditor #predicate { width: 1fr; background: $boost; }
    KeyPointEditor #predicate:focus { background: $primary 25%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Participants", id="subject", markup=False)
        yield Input(placeholder="stressed the need for …", id="predicate", compact=True,
                    select_on_focus=False)

    @property
    def predicate(self) -> str:
        """What is typed, as it will be saved."""
        return self.query_one("#predicate", Input).value.strip()

    def show_subject(self, subject: str) -> None:
        """The counted subject ("Several speakers") for the interventions ticked now."""
        shown = self.query_one("#subject", Static)
        # Said again at each new list of interventions: laid out again only for another subject.
        if str(shown.content) != subject:
            shown.update(Content(subject))

    def load(self, predicate: str) -> None:
        """Put a predicate in the field (an existing key point being edited, or nothing)."""
        field = self.query_one("#predicate", Input)
        field.value = predicate
        field.cursor_position = len(predicate)
