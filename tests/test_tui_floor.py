"""The floor panel: the speakers list changes only what changed, and neither it nor the timer lays out the screen."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from workshop.tui.widgets.floor import FloorPanel, QueueList, Waiting


class FloorApp(App):
    def compose(self) -> ComposeResult:
        yield FloorPanel()


def waiting(*names: str) -> list[Waiting]:
    return [Waiting(name, name, "point of order" if name == "PO" else "statement") for name in names]


def shown(panel: FloorPanel) -> list[tuple[str | None, str]]:
    return [(option.id, str(option.prompt)) for option in panel.query_one(QueueList).options]


def expected(*names: str) -> list[tuple[str, str]]:
    return [(n, "PO " + n + "  point of order" if n == "PO" else f"{i:>2} {n}")
            for i, n in enumerate(names, 1)]


def count_layouts(app: App) -> list[int]:
    calls: list[int] = []
    refresh_layout = app.screen._refresh_layout

    def counting(*args, **kwargs):
        calls.append(1)
        return refresh_layout(*args, **kwargs)

    app.screen._refresh_layout = counting
    return calls


def test_the_list_shows_every_change_in_order_with_the_highlight_kept() -> None:
    async def run() -> None:
        app = FloorApp()
        async with app.run_test(size=(60, 12)) as pilot:
            panel = app.query_one(FloorPanel)
            queue = panel.query_one(QueueList)
            panel.show_queue(waiting("Ana", "Ben", "Cy"))
            panel.highlight("Ben")
            for names in [("Ben", "Cy"),                # the first is given the floor
                          ("Ben", "Cy", "Dee", "Eve"),  # two more ask for it
                          ("PO", "Ben", "Cy", "Dee"),   # a point of order goes first, Eve leaves
                          ("Cy", "Ben", "PO", "Dee"),   # a new order
                          ()]:
                panel.show_queue(waiting(*names))
                await pilot.pause()
                assert shown(panel) == expected(*names)
                if "Ben" in names:
                    assert queue.highlighted_option.id == "Ben"
                assert panel.query_one("#queue-empty").display == (not names)

    asyncio.run(run())


def test_a_speaker_more_or_less_and_the_timer_lay_out_nothing() -> None:
    async def run() -> None:
        app = FloorApp()
        async with app.run_test(size=(60, 12)) as pilot:
            panel = app.query_one(FloorPanel)
            panel.show_queue(waiting("Ana", "Ben", "Cy"))
            panel.show_timer(None, 0, 180)
            await pilot.pause()
            layouts = count_layouts(app)
            panel.show_queue(waiting("Ben", "Cy"))
            panel.show_timer("Ana", 1, 180)
            await pilot.pause()
            panel.show_queue(waiting("Ben", "Cy", "Dee"))
            panel.show_timer("Ana", 200, 180)
            await pilot.pause()
            assert panel.query_one("#timer").has_class("-over")
            assert shown(panel) == expected("Ben", "Cy", "Dee")
            assert layouts == []

    asyncio.run(run())


def test_a_list_longer_than_the_panel_still_gets_its_scrollbar() -> None:
    async def run() -> None:
        app = FloorApp()
        async with app.run_test(size=(60, 8)) as pilot:
            panel = app.query_one(FloorPanel)
            queue = panel.query_one(QueueList)
            panel.show_queue(waiting("Ana"))
            await pilot.pause()
            assert not queue.show_vertical_scrollbar
            panel.show_queue(waiting(*(f"S{n}" for n in range(20))))
            await pilot.pause()
            assert queue.show_vertical_scrollbar
            assert queue.max_scroll_y > 0

    asyncio.run(run())
