"""The base of every dialog: a modal screen over a dimmed picture of the screen below.

Textual draws a translucent modal's background by rendering the whole screen below and tinting
every segment of it, each time the modal itself is refreshed: five to eight times while a form
opens, 20 to 45 ms each over the workspace. One picture of the screen below serves every refresh
until that screen changes (Textual then refreshes the dialog over the regions that changed: the
floor timer, a panel still being filled) or the window changes size.
"""

from __future__ import annotations

from typing import TypeVar

from textual.geometry import Region, Size
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widgets import Input, TextArea

from workshop.tui.screens.pushed import StyledAsMounted

ResultType = TypeVar("ResultType")


class Picture(Visual):
    """Strips already rendered, shown as they are."""

    def __init__(self, size: Size, strips: list[Strip]) -> None:
        self.size = size
        self.strips = strips

    def render_strips(self, width, height, style, options) -> list[Strip]:
        return self.strips

    def get_optimal_width(self, rules, container_width: int) -> int:
        return self.size.width

    def get_height(self, rules, width: int) -> int:
        return self.size.height


class Dialog(StyledAsMounted, ModalScreen[ResultType]):
    """A modal screen that tints the screen below once, not at every refresh."""

    # What quitting with the dialog's text changed would lose, e.g. "the finding being typed";
    # empty for a dialog that holds nothing of the rapporteur's (a search, a choice).
    UNSAVED = ""
    _picture: Picture | None = None
    _typed_at_open: tuple[str, ...] = ()

    def on_mount(self) -> None:
        # Dispatched after the subclass's own on_mount: the fields hold what the dialog opened with.
        if self.UNSAVED:
            self._typed_at_open = self._typed()

    def _typed(self) -> tuple[str, ...]:
        return tuple(field.value if isinstance(field, Input) else field.text
                     for field in self.query("Input, TextArea"))

    def unsaved(self) -> str | None:
        """What quitting now would lose (`UNSAVED`) if a text field was changed since it opened."""
        if self.UNSAVED and self.is_mounted and self._typed() != self._typed_at_open:
            return self.UNSAVED
        return None

    def refresh(self, *regions: Region, **kwargs) -> Dialog:
        if regions:  # only the screen below refreshes a screen by regions: what it showed changed
            self._picture = None
        return super().refresh(*regions, **kwargs)

    def render(self):
        picture = self._picture
        if picture is not None and picture.size == self.size:
            return picture
        below = super().render()  # takes the screen below off the stack of visible screens
        if not isinstance(below, BackgroundScreen):  # an opaque dialog: nothing below to picture
            return below
        width, height = self.size
        strips = Visual.to_strips(self, visualize(self, below), width, height, self.visual_style)
        self._picture = Picture(self.size, strips)
        return self._picture
