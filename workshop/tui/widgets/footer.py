"""The keys line at the foot of a screen: Textual's Footer, built again only when its keys change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's Footer, without the rebuilds that would show the same keys again.

    Textual's rebuilds its keys at every change of the screen's bindings, a change of focus
    included: opening the workspace built its fifteen keys four times over, each key styled three
    times (on mounting, then by its `compact` watcher, then by the footer's binding of it).
    """

    _shown: tuple | None = None  # the keys drawn now, as `_keys_shown` gives them

    def __init__(self, *, compact: bool = False, after_first_frame: bool = False) -> None:
        super().__init__(compact=compact)
        # Built with the screen, not after its first frame: Textual's footer waits for the
        # screen's first change of bindings (its focus) and is then built and laid out again,
        # most often with the same keys. When they do differ, bindings_changed builds it again.
        # `after_first_frame`: Textual's way, for the app's first screen, shown sooner without.
        self.set_reactive(Footer._bindings_ready, not after_first_frame)

    def _keys_shown(self, screen: Screen) -> tuple:
        """What Footer.compose draws from the screen's bindings: the shown ones and the palette's."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown(self.screen) if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Given before mounting, so that no watcher restyles the key: Textual's keys are
                # compact by default, the footer then binds its own `compact` to them (not to
                # the palette's key, which stays compact).
                compact = self.compact or widget.has_class("-command-palette")
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if (self._shown is not None and self.is_attached and screen is self.screen
                and self._keys_shown(screen) == self._shown):
            return  # the same keys, enabled the same way
        super().bindings_changed(screen)
