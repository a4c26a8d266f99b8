"""Statistics: who spoke (by category, regional group, gender), for how long, on what, per meeting."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.widget import Widget
from textual.widgets import DataTable, Select, Static
from textual.worker import get_current_worker

from workshop.catalogue import load_catalogue
from workshop.review import Statistics, Tally, duration
from workshop.store import NotebookError
from workshop.tui.display import one_line
from workshop.tui.screens.scope import ReviewScreen, Scope, scopes, statistics_in_scope
from workshop.tui.widgets.choice import LazySelect
from workshop.tui.widgets.footer import KeyFooter

TABS = (("speakers", "Speakers"), ("groups", "Groups and gender"), ("questions", "Questions"),
        ("meetings", "Meetings"))


# The tables of each tab, and their headings.
TABLES = {"speakers": ("stats-categories",), "groups": ("stats-regions", "stats-genders"),
          "questions": ("stats-questions",), "meetings": ("stats-meetings",)}
HEADINGS = {
    "stats-categories": ("Category", "Spkrs", "Deleg.", "Interv.", "Time"),
    "stats-regions": ("Regional group", "Spkrs", "Interv.", "Time"),
    "stats-genders": ("Gender", "Spkrs", "Interv.", "Time"),
    "stats-questions": ("Question", "Interv.", "Spkrs", "Time"),
    "stats-meetings": ("Date", "Meeting", "Interv.", "Spkrs", "Time"),
}

NUMBER_WIDTH = 7  # as wide as the widest heading of a number column ("Interv.")


class TabRow(Widget, can_focus=True):
    """The tabs over the tables, drawn as Textual's TabbedContent draws its own, by one widget.

    Textual's are nine widgets (a tab each, the bar under them, three containers) and a switcher
    of panes: a third of the main thread's work as the screen opens. Left and Right move through
    the tabs, a click on a tab or on the bar under it chooses it; the bar slides to the tab chosen.
    Its look is in review.tcss.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"tab-row--tab", "tab-row--hover", "tab-row--active", "tab-row--bar"}
    BINDINGS = [
        Binding("left", "move(-1)", "Previous tab", show=False),
        Binding("right", "move(1)", "Next tab", show=False),
    ]

    active: reactive[str] = reactive("", init=False)
    highlight_start = reactive(0.0)  # the bar's highlight, in cells: under the active tab's label
    highlight_end = reactive(0.0)

    class Activated(Message):
        """Another tab was chosen."""

        def __init__(self, row: TabRow, tab: str) -> None:
            super().__init__()
            self.row, self.tab = row, tab

        @property
        def control(self) -> TabRow:
            return self.row

    def __init__(self, tabs: Sequence[tuple[str, str]], *, id: str | None = None) -> None:
        """`tabs`: (key, label) of each; the first is active."""
        super().__init__(id=id)
        self.keys = [key for key, _ in tabs]
        self.labels = [f" {label} " for _, label in tabs]  # a cell of padding each side, as Textual's
        self._spans: list[tuple[int, int]] = []  # the cells of each tab
        for label in self.labels:
            start = self._spans[-1][1] if self._spans else 0
            self._spans.append((start, start + cell_len(label)))
        self._hover: int | None = None
        self.set_reactive(TabRow.active, self.keys[0])
        self.set_reactive(TabRow.highlight_start, 1.0)
        self.set_reactive(TabRow.highlight_end, self._spans[0][1] - 1.0)

    def render(self) -> Group:
        active = self.keys.index(self.active)
        line = Text(no_wrap=True, overflow="crop")
        for n, label in enumerate(self.labels):
            look = "tab-row--active" if n == active else "tab-row--hover" if n == self._hover else "tab-row--tab"
            line.append(label, self.get_component_rich_style(look))
        bar = self.get_component_rich_style("tab-row--bar")
        return Group(line, Bar((self.highlight_start, self.highlight_end), Style.from_color(bar.color),
                               Style.from_color(bar.bgcolor)))

    def watch_active(self, active: str) -> None:
        start, end = self._spans[self.keys.index(active)]
        self.animate("highlight_start", start + 1, duration=0.3, level="basic")
        self.animate("highlight_end", end - 1, duration=0.3, level="basic")
        self.refresh()
        self.post_message(self.Activated(self, active))

    def action_move(self, direction: int) -> None:
        """The next tab, or the previous one; past either end, round to the other."""
        self.active = self.keys[(self.keys.index(self.active) + direction) % len(self.keys)]

    def _tab_at(self, x: int) -> int | None:
        return next((n for n, (start, end) in enumerate(self._spans) if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_over(self._tab_at(event.x) if event.y == 0 else None)

    def on_leave(self) -> None:
        self._hover_over(None)

    def _hover_over(self, tab: int | None) -> None:
        if tab != self._hover:
            self._hover = tab
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        tab = self._tab_at(event.x)
        if tab is not None:
            self.focus()
            self.active = self.keys[tab]


class Page(Widget):
    """The tables of one tab, shown while it is active."""

    DEFAULT_CSS = "Page { height: auto; }"


def number(n: int) -> Text:
    """A count, right-aligned; a dot for none."""
    return Text((str(n) if n else "·").rjust(NUMBER_WIDTH), style="" if n else "dim")


def time_cell(seconds: int) -> Text:
    """A speaking time, right-aligned; a dot for none."""
    return Text((duration(seconds) if seconds else "·").rjust(NUMBER_WIDTH), style="" if seconds else "dim")


def totals(stats: Statistics) -> str:
    """The line of totals under the statement: "1 meeting · 3 interventions · ..."."""

    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return (f"{count(len(stats.by_meeting), 'meeting')} · {count(stats.interventions, 'intervention')} · "
            f"{count(stats.speakers, 'speaker')} ({count(stats.delegations, 'delegation')}) · "
            f"{duration(stats.seconds)} spoken")


class StatisticsScreen(ReviewScreen[None]):
    """Numbers for the report and for the secretariat."""

    HELP_TITLE = "Statistics"
    AUTO_FOCUS = "#stats-categories"  # focused as the screen is made, not moved there once mounted
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        *[Binding(str(n), f"show_tab('{tab}')", title, show=False) for n, (tab, title) in enumerate(TABS, 1)],
        Binding("s", "focus_scope", "Scope", tooltip="This session, its topic or the whole notebook"),
    ]

    def __init__(self, session_id: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.statistics: Statistics | None = None
        self._made: set[str] = set()  # the tabs whose tables exist
        self._filled: set[str] = set()  # the tabs whose tables show the statistics
        self._mounted = False
        self._counted: Statistics | None = None  # counted before the tables were there to show it
        self.choices = scopes(self.app.notebook, self.session_id)
        # Counted from the key on: SQLite counts in its thread while the screen is made and drawn.
        self._asked: str | None = self.choices[0].key  # the scope last counted, or being counted
        self._load(self.choices[0])

    def compose(self) -> ComposeResult:
        yield Static("Statistics", classes="screen-title")
        with Horizontal(classes="review-scope"):
            yield LazySelect([(c.label, c.key) for c in self.choices], value=self.choices[0].key,
                         allow_blank=False, id="stats-scope", compact=True)
        yield Static("", id="stats-statement", classes="review-statement")
        yield Static("", id="stats-totals", classes="review-summary")
        with Widget(id="stats-tabs"):
            yield TabRow([(tab, f"{n} {title}") for n, (tab, title) in enumerate(TABS, 1)], id="stats-tab-row")
            yield self._page(TABS[0][0])  # the other tabs' are made when the tab is first shown
        yield KeyFooter()

    def _page(self, tab: str) -> Page:
        """The tables of one tab, with their headings."""
        self._made.add(tab)
        tables = []
        for table_id in TABLES[tab]:
            table = DataTable(id=table_id, cursor_type="row", zebra_stripes=True)
            columns = HEADINGS[table_id]
            for n, heading in enumerate(columns):
                numeric = n >= len(columns) - (4 if table_id == "stats-categories" else 3)
                table.add_column(Text(heading.rjust(NUMBER_WIDTH)) if numeric else heading)
            tables.append(table)
        return Page(*([VerticalScroll(*tables, id="stats-groups")] if tab == "groups" else tables), id=tab)

    def on_mount(self) -> None:
        self._mounted = True
        if self._counted is not None:  # counted before the screen was made: shown in its first frame
            self._show(self._counted)

    @on(Select.Changed, "#stats-scope")
    def reload(self) -> None:
        """Count again for the chosen sessions."""
        key = self.query_one("#stats-scope", Select).value
        if key == self._asked:  # the Select announces its first value once mounted
            return
        self._asked = key
        self._load(next((c for c in self.choices if c.key == key), self.choices[0]))

    @work(thread=True, exclusive=True, group="statistics")
    def _load(self, scope: Scope) -> None:
        worker = get_current_worker()
        try:
            result = statistics_in_scope(self.app.notebook, scope)
        except NotebookError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, result)

    def _show(self, stats: Statistics) -> None:
        if not self._mounted:
            self._counted = stats
            return
        self._counted = None
        self.statistics = stats
        self.query_one("#stats-statement", Static).update(Content(stats.statement))
        self.query_one("#stats-totals", Static).update(Content(totals(stats)))
        # Only the tab shown is filled now: the others when they are next shown.
        self._filled.clear()
        self._fill(self.query_one(TabRow).active)

    async def _open(self, tab: str) -> None:
        """Show the tab's tables, made if it was never shown, filled if they are behind."""
        pages = self.query_one("#stats-tabs")
        for page in pages.query_children(Page):
            page.display = page.id == tab
        if tab not in self._made:
            await pages.mount(self._page(tab))
        self._fill(tab)

    @on(TabRow.Activated, "#stats-tab-row")
    async def _tab_shown(self, event: TabRow.Activated) -> None:
        await self._open(event.tab)

    def _fill(self, tab: str) -> None:
        """The counts of the scope in one tab's tables."""
        stats = self.statistics
        if stats is None or tab in self._filled or tab not in self._made:
            return
        self._filled.add(tab)
        for table_id in TABLES[tab]:
            table = self.query_one(f"#{table_id}", DataTable)
            rows = self._rows(table_id, stats)
            headings = [column.label for column in table.columns.values()]
            # Columns made again, as wide as what they hold: measured by the table itself, the
            # widths depend on whether it has laid out its new rows when the screen is drawn.
            table.clear(columns=True)
            for n, heading in enumerate(headings):
                width = max([heading.cell_len] + [row[n].cell_len for row in rows])
                table.add_column(heading, width=width)
            for row in rows:
                table.add_row(*row)

    def _rows(self, table_id: str, stats: Statistics) -> list[tuple]:
        """One table's rows."""

        def tally_rows(tallies: tuple[Tally, ...], *, delegations: bool = False) -> list[tuple]:
            rows = []
            for t in tallies:
                cells = [Text(t.label, style="" if t.interventions else "dim"), number(t.speakers)]
                if delegations:
                    cells.append(number(t.delegations))
                cells += [number(t.interventions), time_cell(t.seconds)]
                rows.append(tuple(cells))
            return rows

        if table_id == "stats-categories":
            return tally_rows(stats.by_category, delegations=True)
        if table_id == "stats-regions":
            return tally_rows(stats.by_regional_group)
        if table_id == "stats-genders":
            return tally_rows(stats.by_gender)
        if table_id == "stats-questions":
            catalogue = load_catalogue()
            width = max(20, self.app.size.width - 32)
            question_rows = []
            for t in stats.by_question:
                question = catalogue.question(t.key) if t.key else None
                label = f"{t.key}  {question.text}" if question else t.label
                question_rows.append((Text(one_line(label, width)), number(t.interventions),
                                      number(t.speakers), time_cell(t.seconds)))
            return question_rows
        return [
            (Text(m.date), Text(one_line(f"{m.topic} {m.meeting}".strip(), 30)), number(m.interventions),
             number(m.speakers), time_cell(m.seconds))
            for m in stats.by_meeting
        ]

    def action_close(self) -> None:
        """Back to where the statistics were opened from."""
        self.dismiss(None)

    async def action_show_tab(self, tab: str) -> None:
        """Show one of the tables."""
        await self._open(tab)
        self.query_one(TabRow).active = tab
        self.query_one(f"#{tab} DataTable", DataTable).focus()

    def action_focus_scope(self) -> None:
        """Go to the choice of sessions."""
        self.query_one("#stats-scope", Select).focus()
