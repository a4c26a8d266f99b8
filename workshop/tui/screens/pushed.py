"""Screens shown as they were styled, and laid out, when they were mounted.

Textual restyles every node of a screen as it is first shown, a moment after styling each as it
was mounted; and a screen's first layout sends it a Resize to the size it was just laid out at,
whose handler lays it out again with every screen below it (the workspace, thirty widgets, hidden
or dimmed behind). A window of another size is handled as before.
"""

from __future__ import annotations

from textual import events


class StyledAsMounted:
    """Mixed into a Screen (before it) to skip the restyle of its first showing."""

    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Screen's own handler is called after this one, and restyles only when told to.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False


class Pushed(StyledAsMounted):
    """A full screen pushed over the workspace: neither restyled nor laid out again as it is shown.

    Not for a dialog: a form's scrolling fields take their scrollbar in that second layout.
    """

    def _on_resize(self, event: events.Resize) -> None:
        if event.size == self.outer_size:
            event.stop()
            event.prevent_default()  # Screen's handler would lay out this screen and those below
