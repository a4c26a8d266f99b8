"""A footer made again only when its keys change (the synthesis screen's)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class SteadyFooter(Footer):
    """Textual's Footer, made again only when the keys it shows change.

    Textual's makes its keys again at every change of focus or of the bindings: three times as
    the synthesis opens, for the same keys; and a compact footer styled each key twice.
    """

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: tuple | None = None  # the keys it shows, as last made

    def _keys(self) -> tuple:
        """What the footer's keys depend on: those the screen shows, and whether each is enabled."""
        return tuple((binding.key, binding.action, binding.description, binding.key_display, binding.group,
                      binding.tooltip, enabled, tooltip)
                     for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
                     if binding.show or key == self.app.COMMAND_PALETTE_BINDING)

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterKey):
                # Made compact already: set once mounted, the class restyled every key on its own.
                widget.set_class(True, "-compact", update=False)
            yield widget
