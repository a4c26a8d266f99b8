"""The base of every dialog: a modal screen over a dimmed picture of the screen below.

Textual draws a translucent modal's background by rendering the whole screen below and tinting
every segment of it, each time the modal itself is refreshed: five to eight times while a form
opens, 20 to 45 ms each over the workspace. The screen below is covered while the dialog is up,
so one picture of it, taken when the dialog is first drawn, serves every refresh; it is taken
again when the window changes size or when it is older than a second (the floor timer below may
have moved).
"""

from __future__ import annotations

import time
from typing import TypeVar

from textual import events
from textual.geometry import Size
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.visual import Visual, visualize

ResultType = TypeVar("ResultType")

PICTURE_KEPT_S = 1.0  # how long one picture of the screen below is shown before it is taken again


class Picture(Visual):
    """Strips already rendered, shown as they are."""

    def __init__(self, size: Size, strips: list[Strip]) -> None:
        self.size = size
        self.strips = strips
        self.taken = time.monotonic()

    def render_strips(self, width, height, style, options) -> list[Strip]:
        return self.strips

    def get_optimal_width(self, rules, container_width: int) -> int:
        return self.size.width

    def get_height(self, rules, width: int) -> int:
        return self.size.height


class Dialog(ModalScreen[ResultType]):
    """A modal screen that tints the screen below once, not at every refresh."""

    _picture: Picture | None = None
    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles every node of a screen when it is shown (in Screen's own handler, which
        # Textual calls after this one); a dialog's nodes were styled as they were mounted a moment
        # before, so its first showing skips it.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def render(self):
        picture = self._picture
        if picture is not None and picture.size == self.size and time.monotonic() - picture.taken < PICTURE_KEPT_S:
            return picture
        below = super().render()  # takes the screen below off the stack of visible screens
        if not isinstance(below, BackgroundScreen):  # an opaque dialog: nothing below to picture
            return below
        width, height = self.size
        strips = Visual.to_strips(self, visualize(self, below), width, height, self.visual_style)
        self._picture = Picture(self.size, strips)
        return self._picture
