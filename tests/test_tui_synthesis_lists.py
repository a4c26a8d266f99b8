"""The synthesis screen's lists drawn in view only: the key point list against Textual's own
measures, its keys and mouse; the interventions kept as plain tuples."""

from __future__ import annotations

import asyncio
import functools
import random
from pathlib import Path

from textual.app import App, ComposeResult
from textual.content import Content

from workshop.demo import fill_demo
from workshop.store import Notebook
from workshop.tui.app import make_app
from workshop.tui.clock import FixedClock
from workshop.tui.screens.synthesis import SynthesisScreen
from workshop.tui.settings import Settings
from workshop.tui.widgets.key_points import KeyPointList, key_point_prompt

WORDS = ["the", "need", "for", "timely", "access", "to", "electronic", "evidence", "a", "b",
         "cybercrime-and-cultural-property-units", "état", "défense", "x" * 30, "…", "—"]


def run_async(test):
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return wrapper


def random_prompts(seed: int, count: int) -> list[Content]:
    rng = random.Random(seed)
    subjects = ["One speaker", "Two speakers", "Several speakers", "Participants"]
    return [key_point_prompt(rng.choice(subjects), " ".join(rng.choices(WORDS, k=rng.randint(0, 40))),
                             rng.randint(0, 12)) for _ in range(count)]


class ListApp(App):
    CSS = "KeyPointList { height: 12; } .-short KeyPointList { text-wrap: nowrap; text-overflow: ellipsis; }"

    def __init__(self) -> None:
        super().__init__()
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeyPointList(id="key-points")

    def on_key_point_list_selected(self, event: KeyPointList.Selected) -> None:
        self.selected.append(event.key_point_id)


@run_async
async def test_key_point_heights_are_textuals_and_only_the_lines_in_view_are_drawn() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 20)) as pilot:
        listing = app.query_one(KeyPointList)
        prompts = random_prompts(7, 300)
        listing.show([f"k{n}" for n in range(len(prompts))], lambda key: prompts[int(key[1:])])
        await pilot.pause()
        made = sum(p is not None for p in listing._prompts)
        assert made < 20  # only the key points in view are made and counted
        listing.action_last()  # to the last: every one counted
        for width in (1, 5, 9, 20, 33, 56, 80):
            assert [listing.lines_in(p, width) for p in prompts] == [
                p.get_height(listing.styles, width) for p in prompts], width
        width = listing.scrollable_content_region.width
        assert listing.virtual_size.height == sum(p.get_height(listing.styles, width) for p in prompts)
        # Each line drawn is the line Textual draws for that key point, at its place.
        expected = [line.plain.rstrip() for p in prompts for line in p.wrap(width)]
        for top in (0, 37, listing.virtual_size.height - listing.scrollable_content_region.height):
            listing.scroll_to(y=top, animate=False, immediate=True)
            await pilot.pause()
            drawn = [listing.render_line(y).text.rstrip() for y in range(listing.scrollable_content_region.height)]
            assert drawn == expected[top:top + len(drawn)]
        assert len(listing._strips) <= 32  # only the key points drawn are kept made into lines
        # A small window cuts each key point to one line (the synthesis screen's -short class).
        listing.scroll_to(y=0, animate=False, immediate=True)
        app.screen.add_class("-short")
        await pilot.pause()
        assert listing.virtual_size.height == len(prompts)
        drawn = [listing.render_line(y).text.rstrip() for y in range(listing.scrollable_content_region.height)]
        assert drawn == [p.truncate(width, ellipsis=True).plain.rstrip() for p in prompts[:len(drawn)]]


@run_async
async def test_key_point_list_keys_and_mouse_are_the_option_lists() -> None:
    app = ListApp()
    selected = app.selected
    async with app.run_test(size=(60, 20)) as pilot:
        listing = app.query_one(KeyPointList)
        listing.show([], lambda key: Content(key))
        listing.focus()
        await pilot.press("down", "enter")
        assert listing.highlighted is None and selected == []
        assert [p.plain for p in listing.prompts] == ["No key points yet: tick interventions, then w."]
        tall = random_prompts(3, 40)
        listing.show([f"k{n}" for n in range(40)], lambda key: tall[int(key[1:])])
        assert listing.highlighted is None  # nothing highlighted until a key moves in
        await pilot.press("up")
        assert listing.highlighted_id == "k39"  # from nothing, up goes to the last
        await pilot.press("down")
        assert listing.highlighted_id == "k0"  # past the last, round to the first
        await pilot.press("end", "pageup")
        assert listing.highlighted is not None and 0 < listing.highlighted < 39
        await pilot.press("pagedown", "pagedown")
        assert listing.highlighted_id == "k39"  # a page past the end stops at the last
        await pilot.press("home", "enter")
        assert selected == ["k0"]
        short = [key_point_prompt("One speaker", f"said {n}", 1) for n in range(40)]
        listing.show([f"k{n}" for n in range(40)], lambda key: short[int(key[1:])], highlight="k5")
        assert listing.highlighted_id == "k5"
        await pilot.pause()
        top, height = listing.scroll_offset.y, listing.scrollable_content_region.height
        row = next(n for n, start in enumerate(listing._starts[:-1]) if n != 5 and 0 <= start - top < height)
        await pilot.click(KeyPointList, offset=(3, 1 + listing._starts[row] - top))
        assert listing.highlighted_id == f"k{row}" and selected[-1] == f"k{row}"


@run_async
async def test_the_synthesis_keeps_no_named_tuple_for_each_intervention(home: Path) -> None:
    with Notebook.open(home) as notebook:
        session_id = fill_demo(notebook).id
    app = make_app(home, clock=FixedClock(), settings=Settings(cursor_blink=False, draft_seconds=3600))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = SynthesisScreen(session_id)
        app.push_screen(screen)
        for _ in range(500):
            if screen.loaded:
                break
            await pilot.pause(0.01)
        rows = screen.deliberations._rows
        assert rows and all(type(row) is tuple for row in rows)  # plain tuples: the collector lets them go
