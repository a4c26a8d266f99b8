"""The search screen's list and filters under Pilot: many results moved through with the keys, the
highlighted one shown in full, a filter's list made when first opened and chosen from by keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_corpus import fill
from test_snapshots_review import app_for, run_async, search_for, settle
from textual.widgets import Select

from workshop.store import Notebook
from workshop.tui.screens.search import RESULT_LIMIT, ResultList, SearchScreen


@pytest.fixture
def meeting(home: Path) -> dict:
    with Notebook.open(home) as notebook:
        found = fill(notebook)
        with notebook.write():
            for n in range(RESULT_LIMIT + 20):
                notebook.record_intervention(found["w3"].id, found["ngo"].id,
                                             f"Statement {n} on mutual legal assistance and [b]markup[/b].")
        return found


async def open_search(pilot, session_id: str | None) -> SearchScreen:
    await settle(pilot)
    if session_id:
        pilot.app.open_session(session_id)
        await settle(pilot)
        await pilot.press("ctrl+f")
    else:
        await pilot.press("slash")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SearchScreen)
    return pilot.app.screen


@run_async
async def test_the_results_are_moved_through_and_the_highlighted_one_unfolds(home, meeting) -> None:
    app = app_for(home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(pilot, meeting["w3"].id)
        await search_for(pilot, "statement")
        results = screen.query_one(ResultList)
        assert len(screen.hits) == results.row_count == RESULT_LIMIT
        assert results.highlighted == 0
        await pilot.press("down")  # from the field to the results
        assert results.has_focus
        await pilot.press("down", "down")
        assert results.highlighted == 2
        # The highlighted result is wrapped in full; the others are two lines each.
        head, text = results.parts(2)
        assert "[b]markup[/b]" in text.plain  # literal text, never markup
        assert results.virtual_size.height == 2 * (RESULT_LIMIT - 1) + len(results._whole)
        await pilot.press("end")
        assert results.highlighted == RESULT_LIMIT - 1
        assert results.scroll_offset.y > 0
        await pilot.press("down")  # past the end: back to the first, as Textual's lists do
        assert results.highlighted == 0 and results.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert results.highlighted > 1
        await pilot.press("home", "up")
        assert results.highlighted == RESULT_LIMIT - 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not screen  # the result opened: its session's workspace
        assert app.screen.session_id == screen.hits[RESULT_LIMIT - 1].session_id


@run_async
async def test_a_filter_list_is_made_when_opened_and_chosen_from_with_the_keys(home, meeting) -> None:
    from textual.widgets._select import SelectOverlay

    app = app_for(home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_search(pilot, meeting["w3"].id)
        kind = screen.query_one("#kind", Select)
        assert not screen.query(SelectOverlay)  # no filter's list made with the screen
        kind.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert kind.expanded and len(screen.query(SelectOverlay)) == 1
        await pilot.press("down", "down", "enter")  # All records, Interventions, Findings
        await settle(pilot)
        assert kind.value == "finding" and not kind.expanded
        assert screen.hits and {h.kind for h in screen.hits} == {"finding"}
        await pilot.press("enter", "escape")  # opened again, then closed as it was
        await settle(pilot)
        assert kind.value == "finding" and not kind.expanded
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert kind.value == Select.NULL
        assert "All records" in kind.query_one("SelectCurrent").render().plain
        await pilot.click("#category")  # a click opens a filter too, its list made first
        await settle(pilot)
        category = screen.query_one("#category", Select)
        assert category.expanded and len(screen.query(SelectOverlay)) == 2
        await pilot.press("down", "down", "enter")  # nothing highlighted yet: Any category, then the first
        await settle(pilot)
        assert category.value != Select.NULL and not category.expanded
