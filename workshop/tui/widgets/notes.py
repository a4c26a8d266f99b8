"""The note panel: what the speaker with the floor is saying, and when it was last saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static, TextArea

from workshop.tui.display import letter


class NoteArea(TextArea, inherit_bindings=False):
    """The note editor. Plain text: nothing typed here is ever read as markup.

    TextArea's F6 (select line) and F7 (select all) are left out: the workspace uses those keys.
    """

    BINDINGS = [
        binding for binding in TextArea.BINDINGS
        if not (isinstance(binding, Binding) and binding.key in ("f6", "f7"))
    ]

    def _refresh_size(self) -> None:
        """The text's wrapped size, what the note scrolls over, without a layout of the screen.

        The note's size is its panel's, never its text's: Textual's virtual size asks for a layout
        of the whole workspace when it changes, twelve widgets placed again for each line the
        typing wraps onto, where only the note's scrollbar can change (and that one, when it comes
        or goes, still asks for the layout it needs). The note itself is drawn again: rewrapped to
        its first width, a note put back shows all its lines before a key is typed.
        """
        if not self.soft_wrap:
            super()._refresh_size()
            return
        self.set_reactive(Widget.virtual_size, Size(0, self.wrapped_document.height))
        self._scroll_update(self.virtual_size)
        self.refresh()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        # Nothing outside the editor follows its cursor: the message stops here instead of
        # passing through every panel up to the app on every key.
        event.stop()


class NotesPanel(Vertical):
    """A heading line (speaker, tagged questions), the editor and a status line."""

    DEFAULT_CSS = """
    NotesPanel #note-about {
        height: 1; padding: 0 1; background: $boost; text-wrap: nowrap; text-overflow: ellipsis;
    }
    NotesPanel NoteArea, NotesPanel NoteArea:focus { height: 1fr; border: none; padding: 0 1; }
    NotesPanel #note-status {
        height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="note-about")
        yield NoteArea(id="note", soft_wrap=True, tab_behavior="focus")
        yield Static("Nothing typed yet.", id="note-status")

    @property
    def text(self) -> str:
        return self.query_one(NoteArea).text

    def set_text(self, text: str) -> None:
        area = self.query_one(NoteArea)
        area.load_text(text)
        area.move_cursor(area.document.end)

    def show_about(self, speaker: str | None, refs: list[str], kind: str = "statement") -> None:
        """Which questions the note is tagged with and whose words it holds.

        The tags come first: a long name is what gets cut at the right edge.
        """
        if kind == "point of order":
            about: tuple[str, str] = ("point of order, no question", "bold $accent")
        else:
            tags = ", ".join(letter(ref) for ref in refs) or "none"
            about = (f"{'question' if len(refs) == 1 else 'questions'} {tags}", "bold $accent")
        if speaker:
            who: list = [(speaker, "bold")]
            if kind not in ("statement", "point of order"):
                who.append(f" ({kind})")
        else:
            who = [("floor free", "italic"), ": Ctrl+S asks whose statement it is"]
        # One line of fixed height: a new text needs no layout of the screen, only a repaint.
        self.query_one("#note-about", Static).update(Content.assemble(about, " · ", *who),
                                                     layout=False)

    def show_status(self, status: str) -> None:
        """The line under the note: "Draft saved 10:42:07" every few seconds while typing.

        One line of fixed height, so a new status is a repaint of that line, not a layout.
        """
        self.query_one("#note-status", Static).update(Content(status), layout=False)
