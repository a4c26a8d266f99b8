"""Whether a priority binding answers a key, asked of the key alone, says what Textual's whole
binding chain says, whatever has the focus."""

from __future__ import annotations

from pathlib import Path

from test_tui_synthesis import app_for, demo_home, open_workspace, run_async, wait_for

from workshop.tui.keys import _priority_bound


def chain_says(screen, key: str) -> bool:
    return any(binding.priority for _, bindings in screen._binding_chain
               for binding in bindings.key_to_bindings.get(key, ()))


@run_async
async def test_priority_keys_as_the_binding_chain_says(home: Path) -> None:
    session_id = demo_home(home)
    app = app_for(home)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_workspace(pilot, session_id)
        await wait_for(pilot, lambda: screen._panels_ready, "the panels")
        keys = {key for node in (app, screen, *screen.walk_children()) for key in node._bindings.key_to_bindings}
        keys |= set("abcxyz 1") | {"space", "enter", "escape", "tab", "backspace", "up", "down"}
        checked = 0
        for selector in ("#note", "#log", "#questions", "#queue"):
            found = screen.query(selector)
            if not found:
                continue
            found.first().focus()
            await pilot.pause()
            for key in sorted(keys):
                assert _priority_bound(screen, key) == chain_says(screen, key), (selector, key)
                checked += 1
        assert checked > len(keys)  # more than one focus was tried
        assert _priority_bound(screen, "f4") and not _priority_bound(screen, "a")
