"""The app's dialogs: a box over the screen it was opened from, that screen dimmed behind it."""

from __future__ import annotations

from typing import TypeVar

from textual.geometry import Region
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual

Answer = TypeVar("Answer")


class DimmedBehind(Visual):
    """The screen behind a dialog, dimmed: drawn once and kept until that screen changes or the size does.

    Textual draws it again through Rich at every repaint of the dialog (each layout, focus or
    new row as the dialog opens), which costs more than the dialog itself.
    """

    def __init__(self, behind: RichVisual) -> None:
        self.behind = behind
        self.drawn: tuple[tuple[int, int | None, Style], list[Strip]] | None = None

    def render_strips(self, width: int, height: int | None, style: Style,
                      options: RenderOptions) -> list[Strip]:
        key = (width, height, style)
        if self.drawn is None or self.drawn[0] != key:
            self.drawn = (key, self.behind.render_strips(width, height, style, options))
        return self.drawn[1]

    def get_optimal_width(self, rules, container_width: int) -> int:
        return self.behind.get_optimal_width(rules, container_width)

    def get_height(self, rules, width: int) -> int:
        return self.behind.get_height(rules, width)


class Dialog(ModalScreen[Answer]):
    """A modal screen whose dimmed background is drawn again only when the screen behind changes."""

    _behind: DimmedBehind | None = None
    _behind_of: tuple[object, object] | None = None  # the screen behind and the tint it was drawn with

    def render(self):
        rendered = super().render()
        if not isinstance(rendered, BackgroundScreen):
            return rendered
        if self._behind is None or self._behind_of != (rendered.screen, rendered.color):
            self._behind = DimmedBehind(RichVisual(self, rendered))
            self._behind_of = (rendered.screen, rendered.color)
        return self._behind

    def refresh(self, *regions: Region, **changes) -> Dialog[Answer]:
        # Regions come from the screen behind (Screen._compositor_refresh): that part changed.
        if regions:
            self._behind = None
        return super().refresh(*regions, **changes)
