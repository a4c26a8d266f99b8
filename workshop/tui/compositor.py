"""A screen's compositor that repaints a changed region from the widgets that cover it only.

Textual (8.2) picks the widgets a partial update renders by their clip, the visible region of
their parent: every panel of the workspace, the keys line and the session bar render their lines
(from their caches) at each key typed in the note, 12 widgets where a bare TextArea's screen
renders 4. A widget whose visible part lies outside the update's crop cannot show in it, so
leaving it out changes no cell on the terminal.
"""

from __future__ import annotations

from textual._compositor import Compositor
from textual.geometry import Region


class TouchedOnly(Compositor):
    """Set as a screen's `_compositor` when it is made (WorkspaceScreen)."""

    def _get_renders(self, crop: Region | None = None):
        if crop is None or crop == self.size.region:
            return super()._get_renders(crop)
        every = self.visible_widgets
        touches = crop.overlaps
        self._visible_widgets = {
            widget: (region, clip) for widget, (region, clip) in every.items()
            if touches(region.intersection(clip))
        }
        try:
            return list(super()._get_renders(crop))  # rendered while the narrower map is in place
        finally:
            self._visible_widgets = every
