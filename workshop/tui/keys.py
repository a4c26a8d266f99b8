"""Keys in the order typed: a bound key acts on the text as typed up to that key, however fast.

Textual hands a typed character to the focused widget's own queue, but runs a binding elsewhere:
a priority binding (F4, Ctrl+S) at once, in the app, before the characters queued ahead of it
reach the note; a field's own editing keys (Backspace, arrows) only once the key has bubbled back
up to the app, after characters typed later (Textualize/textual#6605). So in a burst the end of
one speaker's note went to the next speaker, and "text, six Backspaces, text" came out scrambled.

The app calls `in_order` for every key from the terminal: before such a binding runs, the focused
widget and the widgets above it have handled everything sent to them; the binding then runs in
the app while the keys typed after it wait their turn there. A screen that reads what it shows
in a worker (its `read_shown` event) is waited for the same way: keys typed ahead of the read (F6,
then Down at once) act on what it shows, not on the still-empty screen. A screen that keeps a key
until it can act on it clears that event meanwhile: the keys typed after it wait behind it, and
reach the form it opens.
"""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, TextArea

# A widget busy for longer than this is not waited for (the key then goes on as Textual sends it):
# a guard, never reached by a widget that is merely handling keys.
SETTLE_TIMEOUT_S = 1.0
# A screen still reading after this long gets the keys as they come (a guard, as above).
SHOWN_TIMEOUT_S = 10.0


def _priority_bound(screen: Screen, key: str) -> bool:
    """A priority binding (anywhere from the focused widget up to the app) answers this key.

    What Textual's binding chain says (a binding counts unless a widget below it consumes the
    key, as a TextArea does a letter), asked of this key alone: building the whole chain at
    every key cost a third of the CPU of typing a letter into the note.
    """
    if screen.app._keymap:  # keys remapped by the user: the chain itself applies the map
        return any(
            binding.priority
            for _, bindings in screen._binding_chain
            for binding in bindings.key_to_bindings.get(key, ())
        )
    focused = screen.focused
    if focused is not None and focused.loading:
        focused = None
    nodes: list[DOMNode] = list(focused.ancestors_with_self) if focused is not None else [screen, screen.app]
    character = key_to_character(key)
    for depth, node in enumerate(nodes):
        if any(binding.priority for binding in node._bindings.key_to_bindings.get(key, ())):
            if not any(below.check_consume_key(key, character) for below in nodes[:depth]):
                return True
    return False


def _opens_from_screen(screen: Screen, focused: Widget, key: str) -> bool:
    """A binding of the screen or the app, none of a widget, answers this key (it may open a screen)."""
    # Textual runs it only once the key has bubbled up from the focused widget, after the keys
    # typed next were handed to that widget: in the screen underneath, where they are lost.
    if isinstance(focused, (Input, TextArea)) or screen.app._keymap:
        return False
    character = key_to_character(key)
    for node in focused.ancestors_with_self:
        if node._bindings.key_to_bindings.get(key):
            return isinstance(node, (Screen, App))
        if node.check_consume_key(key, character):
            return False
    return False


def _edits_in_place(widget: Widget, key: str) -> bool:
    """A non-printable key a text field handles itself, not through a binding."""
    if isinstance(widget, TextArea):
        return key == "enter" or (widget.tab_behavior == "indent" and key in ("tab", "escape"))
    return False


async def _handled(node: DOMNode) -> None:
    """Return once `node` has handled every message sent to it before this call."""
    done = asyncio.Event()
    if not node.call_later(done.set):  # closing: nothing more will be handled there
        return
    try:
        await asyncio.wait_for(done.wait(), SETTLE_TIMEOUT_S)
    except TimeoutError:
        pass


async def settle(widget: Widget) -> None:
    """Wait for the keys sent to `widget`, and the messages they sent up, to be handled up to its screen."""
    node: DOMNode | None = widget
    while node is not None and not isinstance(node, App):
        await _handled(node)
        if isinstance(node, Screen):
            return
        node = node.parent


async def shown(screen: Screen) -> None:
    """Return once a screen reading what it shows in a worker has shown it."""
    event = getattr(screen, "read_shown", None)
    if not isinstance(event, asyncio.Event) or event.is_set():
        return
    try:
        await asyncio.wait_for(event.wait(), SHOWN_TIMEOUT_S)
    except TimeoutError:
        pass


async def in_order(app: App, event: events.Key) -> bool:
    """Run a bound key after the keys typed before it; True when its binding ran here."""
    screen = app.screen
    await shown(screen)
    if app.screen is not screen:  # a key held meanwhile opened a form: this key is typed into it
        await _handled(app.screen)
    focused = app.focused
    if focused is None:
        return False
    if _opens_from_screen(app.screen, focused, event.key):
        await settle(focused)
        return await app._check_bindings(event.key)
    if _priority_bound(app.screen, event.key):
        await settle(focused)
        return False  # Textual runs the priority binding next, on the text as typed
    if event.is_printable or not isinstance(focused, (Input, TextArea)):
        return False
    if _edits_in_place(focused, event.key):
        return False
    if event.key == "escape" and app.screen.maximized is not None:
        return False  # Textual's own: Escape first gives back a maximized widget's room
    await settle(focused)
    # What Textual would do once the key had bubbled up: the first non-priority binding from the
    # focused widget up. Nothing between them handles such keys (no widget there has a key handler).
    if not app.app_focus:
        app.app_focus = True
    return await app._check_bindings(event.key)
