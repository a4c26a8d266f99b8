"""The floor panel: who is speaking with the timer, and the list of speakers waiting."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from workshop.tui.display import duration


@dataclass(frozen=True)
class Waiting:
    """A queue entry as the list shows it."""

    entry_id: str
    name: str
    kind: str


@dataclass
class FloorRequested(Message):
    """Give the floor to this waiting entry."""

    entry_id: str


@dataclass
class MoveRequested(Message):
    """Move a waiting entry up (negative offset) or down."""

    entry_id: str
    offset: int


@dataclass
class RemoveRequested(Message):
    """Take a waiting entry off the list."""

    entry_id: str


class RestoreRequested(Message):
    """Put the speaker last taken off the list back on it."""


class QueueList(OptionList):
    """The speakers waiting, in order."""

    HELP_TITLE = "List of speakers (when it has focus)"
    BINDINGS = [
        Binding("enter", "give_floor", "Give floor to this one"),
        Binding("shift+up,minus", "move(-1)", "Move up"),
        Binding("shift+down,plus,equals_sign", "move(1)", "Move down"),
        Binding("delete,x", "remove", "Remove", tooltip="Take the speaker off the list (u puts them back)"),
        Binding("u", "restore", "Undo remove", tooltip="Put the speaker last taken off the list back"),
    ]

    # The list's size is set by its panel, not by how many wait: a speaker more or less is a
    # repaint of the list, not a layout of the screen. A scrollbar appearing still lays it out
    # (show_vertical_scrollbar is a layout reactive of its own).
    virtual_size = Reactive(Size(0, 0), layout=False)

    @property
    def _entry_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def action_give_floor(self) -> None:
        if self._entry_id:
            self.post_message(FloorRequested(self._entry_id))

    def action_move(self, offset: int) -> None:
        if self._entry_id:
            self.post_message(MoveRequested(self._entry_id, offset))

    def action_remove(self) -> None:
        if self._entry_id:
            self.post_message(RemoveRequested(self._entry_id))

    def action_restore(self) -> None:
        self.post_message(RestoreRequested())


def waiting_line(number: int, waiting: Waiting) -> Content:
    if waiting.kind == "point of order":
        return Content.assemble(("PO ", "bold $error"), waiting.name, ("  point of order", "italic"))
    kind = "" if waiting.kind == "statement" else f"  {waiting.kind}"
    return Content.assemble((f"{number:>2} ", "$text-muted"), waiting.name, (kind, "italic"))


class FloorPanel(Vertical):
    """Timer line, then the list of speakers."""

    DEFAULT_CSS = """
    FloorPanel #timer {
        height: 1; padding: 0 1; background: $boost; text-wrap: nowrap; text-overflow: ellipsis;
    }
    FloorPanel #timer.-speaking { background: $success 30%; }
    FloorPanel #timer.-over { background: $error; color: $text; text-style: bold; }
    FloorPanel QueueList, FloorPanel QueueList:focus {
        height: 1fr; border: none; padding: 0;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    FloorPanel #queue-empty { color: $text-muted; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="timer")
        yield QueueList(id="queue")
        yield Static("Nobody waiting. F2 adds a speaker, F3 a point of order.", id="queue-empty")

    def show_timer(self, speaker: str | None, elapsed: float, limit: int) -> None:
        """Elapsed time against the limit; past the limit the line turns red and says so."""
        timer = self.query_one("#timer", Static)
        over = speaker is not None and elapsed > limit
        timer.set_class(speaker is not None and not over, "-speaking")
        timer.set_class(over, "-over")
        if speaker is None:
            line = Content.assemble(("Floor free", "bold"), " · F4 gives the floor")
        else:
            # The time and the limit come first: a long name is what gets cut at the right edge.
            parts: list = [(duration(elapsed), "bold"), f" / {duration(limit)}"]
            if over:
                parts.append(f" OVER by {duration(elapsed - limit)}")
            parts += ["  ▶ ", (speaker, "bold")]
            line = Content.assemble(*parts)
        # Called every second: the same line is not drawn again, and a new one is one line of
        # fixed height, so it needs no layout of the whole screen.
        if line != timer.content:
            timer.update(line, layout=False)

    def show_queue(self, waiting: list[Waiting]) -> None:
        """Show the waiting list, keeping the highlight on the same entry when it is still there.

        Only what changed is redrawn: the speakers who left are removed, the lines whose number
        or text changed replaced, the newcomers added at the end; a new order rebuilds the list.
        """
        queue = self.query_one(QueueList)
        kept = queue.highlighted_option.id if queue.highlighted_option else None
        ids = [item.entry_id for item in waiting]
        waiting_ids = set(ids)
        for option in list(queue.options):
            if option.id not in waiting_ids:
                queue.remove_option(option.id)
        staying = [option.id for option in queue.options]
        lines = [waiting_line(number, item) for number, item in enumerate(waiting, 1)]
        if staying == ids[:len(staying)]:
            for index, line in enumerate(lines[:len(staying)]):
                if queue.get_option_at_index(index).prompt != line:
                    queue.replace_option_prompt_at_index(index, line)
            queue.add_options(
                Option(line, id=entry_id)
                for line, entry_id in zip(lines[len(staying):], ids[len(staying):])
            )
        else:
            queue.set_options(Option(line, id=entry_id) for line, entry_id in zip(lines, ids))
        if kept in ids:
            queue.highlighted = ids.index(kept)
        self.query_one("#queue-empty").display = not waiting

    def highlight(self, entry_id: str) -> None:
        """Move the list's highlight to a waiting entry."""
        queue = self.query_one(QueueList)
        ids = [option.id for option in queue.options]
        if entry_id in ids:
            queue.highlighted = ids.index(entry_id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(FloorRequested(event.option.id))
