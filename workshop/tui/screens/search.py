"""Search: find what was said across the notebook, narrow it with filters, open a result.

The screen closes with the chosen `SearchHit` (or None); whoever opened it goes to the record.
The words are looked for in the discussion guide too; a guide result opens the guide there.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workshop.catalogue import load_catalogue
from workshop.catalogue.reading import GuideHit, search_guide
from workshop.records import EVIDENCE_LEVELS, FINDING_KINDS, SPEAKER_CATEGORIES, Session
from workshop.store import NotebookError
from workshop.store.query import Highlighted, parse_query
from workshop.store.search import (
    FINDING,
    INTERVENTION,
    KEY_POINT,
    RESULT_KINDS,
    SYNTHESIS,
    SearchFilter,
    SearchHit,
    search,
)
from workshop.tui.display import letter
from workshop.tui.screens.scope import ALL, Scope, scopes

RESULT_LIMIT = 200
MATCH_STYLE = "bold reverse"
KIND_LABELS = {INTERVENTION: "Intervention", FINDING: "Finding", KEY_POINT: "Key point",
               SYNTHESIS: "Synthesis"}
KIND_STYLES = {INTERVENTION: "bold", FINDING: "bold $text-success", KEY_POINT: "bold $text-accent",
               SYNTHESIS: "bold $text-primary"}
GUIDE = "guide"  # the kind filter's choice for the guide's text alone
GUIDE_STYLE = "bold $text-warning"


def marked(text: Highlighted) -> list:
    """Content parts of a highlighted text: the matched words styled, everything else literal."""
    return [(piece, MATCH_STYLE) if matched else piece for piece, matched in text.pieces()]


def question_label(refs: tuple[str, ...]) -> str:
    """Question references as the programme names them: "W3 (a, b)"."""
    if not refs:
        return ""
    topic = refs[0].split(".", 1)[0]
    letters = [letter(r) for r in refs if r.startswith(topic + ".")]
    return f"{topic} ({', '.join(letters)})" if letters else ", ".join(refs)


def hit_content(hit: SearchHit) -> Content:
    """One result, two lines: what and where, then the matched text with its words marked."""
    head: list = [(KIND_LABELS.get(hit.kind, hit.kind), KIND_STYLES.get(hit.kind, "bold"))]
    if hit.kind == FINDING:
        head.append(f": {hit.finding_kind}")
        if hit.evidence:
            head.append(f", {hit.evidence}")
    for part in (question_label(hit.question_refs) or hit.topic, hit.session_date, hit.speaker):
        if part:
            head += [(" · ", "dim"), part]
    body: list = ["  "]
    if hit.title.text:
        body += [*marked(hit.title), " — " if hit.excerpt.text else ""]
    body += marked(hit.excerpt)
    return Content.assemble(*head, "\n", *body)


def guide_hit_content(hit: GuideHit) -> Content:
    """A guide result, two lines: "Guide" and its paragraph, then the text with its words marked."""
    head: list = [("Guide", GUIDE_STYLE)]
    for part in (hit.place, hit.topic or "Introduction", hit.section):
        head += [(" · ", "dim"), part]
    return Content.assemble(*head, "\n", "  ", *marked(hit.excerpt))


class SearchScreen(Screen[SearchHit | None]):
    """Type to search; Enter opens the highlighted result, Escape goes back."""

    HELP_TITLE = "Search"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+f", "focus_query", "Edit the search", show=False),
        Binding("ctrl+r", "clear_filters", "Clear filters"),
        Binding("down", "focus_results", "Results", show=False),
    ]

    def __init__(self, session_id: str | None = None) -> None:
        super().__init__()
        self.session_id = session_id
        self.hits: list[SearchHit] = []
        self.guide_hits: list[GuideHit] = []

    def compose(self) -> ComposeResult:
        notebook = self.app.notebook
        self.scopes = scopes(notebook, self.session_id)
        catalogue = load_catalogue()
        current = notebook.get(Session, self.session_id) if self.session_id else None
        # A session's own questions; from the home screen, every topic's.
        own = catalogue.topic(current.topic) if current else None
        self.session_topic = own.key if own else ""  # the guide's part a session scope looks in
        questions = [q for t in ([own] if own else catalogue.topics) for q in t.questions]
        yield Static("Search", id="search-title", classes="screen-title")
        with Horizontal(id="search-bar"):
            yield Static("Find", id="search-label")
            yield Input(placeholder='words, "a phrase", prefix*, OR', id="search-query", compact=True)
        with Horizontal(classes="filters", id="search-filters-1"):
            yield Select([(s.label, s.key) for s in self.scopes], allow_blank=False,
                         value=self.scopes[0].key if current else ALL, id="scope", compact=True)
            yield Select([*((KIND_LABELS[k] + "s" if k != SYNTHESIS else "Syntheses", k)
                            for k in RESULT_KINDS), ("The guide", GUIDE)],
                         prompt="All records", id="kind", compact=True)
            yield Select([(f"{q.ref}  {q.text}", q.ref) for q in questions],
                         prompt="Any question", id="question", compact=True)
        with Horizontal(classes="filters", id="search-filters-2"):
            yield Select([(Text(s.label), s.id) for s in notebook.speakers()],
                         prompt="Any speaker", id="speaker", compact=True)
            yield Select([(c, c) for c in SPEAKER_CATEGORIES], prompt="Any category",
                         id="category", compact=True)
            yield Select([(k, k) for k in FINDING_KINDS], prompt="Any finding",
                         id="finding-kind", compact=True)
            yield Select([(e, e) for e in EVIDENCE_LEVELS], prompt="Any evidence",
                         id="evidence", compact=True)
        yield OptionList(id="search-results", markup=False)
        yield Static("", id="search-status", classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#search-query", Input))
        self.refresh_results()

    # --- reading the form ----------------------------------------------------------------------

    def _value(self, widget_id: str) -> str:
        value = self.query_one(f"#{widget_id}", Select).value
        return value if isinstance(value, str) else ""

    def search_filter(self) -> SearchFilter:
        """The filters as chosen on the screen."""
        scope = next((s for s in self.scopes if s.key == self._value("scope")), Scope(ALL, ""))
        kind = self._value("kind")
        return SearchFilter(
            topic=scope.topic or "",
            session_ids=(scope.session_id,) if scope.session_id else (),
            question_ref=self._value("question"),
            speaker_id=self._value("speaker"),
            speaker_category=self._value("category"),
            finding_kind=self._value("finding-kind"),
            evidence=self._value("evidence"),
            kinds=(kind,) if kind and kind != GUIDE else (),
        )

    @on(Input.Changed, "#search-query")
    @on(Select.Changed)
    def refresh_results(self) -> None:
        """Search again with what is typed and chosen now."""
        kind = self._value("kind")
        filters = self.search_filter()
        # The guide's part of the scope's topic (a session's is its topic's); the whole notebook's:
        # the whole guide.
        guide_topic = filters.topic or (self.session_topic if filters.session_ids else "")
        self._search(self.query_one("#search-query", Input).value, filters,
                     notebook=kind != GUIDE, guide=guide_topic if kind in ("", GUIDE) else None)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str, filters: SearchFilter, *, notebook: bool, guide: str | None) -> None:
        worker = get_current_worker()
        hits: list[SearchHit] = []
        try:
            if notebook:
                opened = self.app.notebook.reopen()  # this thread's own connection
                try:
                    hits = search(opened, text, filters, limit=RESULT_LIMIT)
                finally:
                    opened.close()
        except NotebookError as error:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        # The guide has no sessions, speakers or findings: a filter on those leaves it out.
        in_guide = guide is not None and not replace(filters, topic="", session_ids=()).tests_rows
        guide_hits = search_guide(text, guide) if in_guide else []
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, text, filters, hits, guide_hits)

    def _show(self, text: str, filters: SearchFilter, hits: list[SearchHit],
              guide_hits: list[GuideHit]) -> None:
        if not self.is_attached:  # closed while the search ran
            return
        self.hits, self.guide_hits = hits, guide_hits
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options([Option(hit_content(hit), id=str(n)) for n, hit in enumerate(hits)])
        results.add_options([Option(guide_hit_content(hit), id=f"guide-{n}")
                             for n, hit in enumerate(guide_hits)])
        if hits or guide_hits:
            results.highlighted = 0
        self.query_one("#search-status", Static).update(
            self._status(text, filters, len(hits), len(guide_hits)))

    def _status(self, text: str, filters: SearchFilter, count: int, in_guide: int = 0) -> Content:
        typed = bool(text.strip())
        if typed and parse_query(text).empty:
            return Content('Nothing to look for in that: type words, "a phrase" or a prefix*.')
        guide = f"; {in_guide} place{'s' if in_guide != 1 else ''} in the guide" if in_guide else ""
        if count == 0:
            if in_guide:
                return Content(f"Nothing in the notebook{guide}. Enter opens the highlighted one.")
            return Content("No results." if typed or filters.active else "Nothing recorded yet.")
        more = " (the first ones; narrow the search to see others)" if count >= RESULT_LIMIT else ""
        found = f"{count} result{'s' if count != 1 else ''}"
        what = ", best first" if typed else (", in the order recorded" if count > 1 else "")
        return Content(f"{found}{what}{more}{guide}. Enter opens the highlighted one.")

    # --- actions -------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#search-results")
    def _open(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or "0"
        if option_id.startswith("guide-"):
            self._open_guide(self.guide_hits[int(option_id.removeprefix("guide-"))])
            return
        index = int(option_id)
        if 0 <= index < len(self.hits):
            self.dismiss(self.hits[index])

    def _open_guide(self, hit: GuideHit) -> None:
        """The guide at the place found, the words marked; Escape comes back to the results."""
        from workshop.tui.screens.guide import GuideScreen

        topic = load_catalogue().topic(hit.topic) if hit.topic else None
        kind, label = (("item", hit.item) if hit.item else
                       ("footnote", str(hit.footnote)) if hit.footnote is not None else
                       ("paragraph", str(hit.paragraph)))
        self.app.push_screen(GuideScreen(topic, (hit.paragraph, kind, label),
                                         find=self.query_one("#search-query", Input).value))

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        if self.hits:
            self.action_focus_results()

    def action_close(self) -> None:
        """Back to where the search was opened from."""
        self.dismiss(None)

    def action_focus_query(self) -> None:
        """Back to the search field."""
        self.query_one("#search-query", Input).focus()

    def action_focus_results(self) -> None:
        """Go to the list of results."""
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()

    def action_clear_filters(self) -> None:
        """Every filter back to "any" (the scope stays)."""
        with self.prevent(Select.Changed):
            for select in self.query(".filters Select"):
                if select.id != "scope":
                    select.clear()
        self.refresh_results()
