"""Python's garbage collector set for the app: what start-up made is left out of every collection.

A full collection walks every object the collector tracks: 80,000 once a 10,000-intervention
workspace is open, 55 ms of CPU, and with Python's thresholds one comes every few screens the
rapporteur opens, so the key that opened it waits. The modules, the catalogue and Textual's own
classes (half of those objects) live as long as the process: frozen, no collection walks them. Textual
makes objects by the hundred thousand to draw a screen, nearly all freed at once by their
reference counts; collecting the young every 20,000 allocations instead of 700 cuts the
collections of one screen's opening from about sixty to a few, and full ones to one in several
hundred.
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 20, 20)  # Python's are (700, 10, 10)


def settle_for_the_app() -> None:
    """Freeze what exists now and collect less often; called once, just before the app runs.

    Not for tests or a library caller: each call freezes for good whatever garbage is pending.
    """
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def forget_closed_screens() -> None:
    """Free the screens just closed, now: called once Textual has taken one down.

    A closed screen's widgets are held in reference cycles (each Styles points back at its widget,
    a screen's update timer at the screen), so only a collection frees them; left to Python's
    own, they went in collections of 100-150 ms freeing 100,000 objects and more, on whichever
    key came a few screens later. Collected as the screen closes, they cost 20-60 ms, before the
    next key. And Textual (8.2) caches `StylesCache.get_inner_outer` with `lru_cache` on the
    method: the last 1,024 widgets drawn stayed alive in it with every line they last rendered,
    23,000 objects more for each round of screens, which each later collection walked again.
    """
    from textual._styles_cache import StylesCache

    StylesCache.get_inner_outer.cache_clear()
    gc.collect()
