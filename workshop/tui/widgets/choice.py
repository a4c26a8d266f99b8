"""A choice among a few: Textual's Select, lighter to make.

Its list of choices is made when it is first opened, and what it is set to is drawn by one widget.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectCurrent, SelectOverlay


class Chosen(SelectCurrent):
    """What a choice is set to, drawn by itself: Textual's draws it with three more widgets."""

    def __init__(self, placeholder: str) -> None:
        super().__init__(placeholder)
        self.styles.height = 1  # one line, as compact choices are: no children to measure
        self.styles.padding = (0, 1, 0, 0)  # a compact Select's: the arrow in the same cell as Textual's

    def compose(self) -> ComposeResult:
        return []

    def update(self, label: object) -> None:
        self.label = label
        self.has_value = not isinstance(label, NoSelection)
        self.refresh()

    def render(self) -> Content:
        label = self.label
        if isinstance(label, NoSelection):
            text = Content.styled(self.placeholder, "$foreground 50%")
        elif isinstance(label, Text):
            text = Content.from_rich_text(label)
        else:
            text = Content(str(label))  # literal text: a session's or a question's words
        width = self.content_size.width
        return text.truncate(max(0, width - 2), ellipsis=True, pad=True) + Content.styled(" ▼", "$foreground 50%")


class LazySelect(Select[str]):
    """Textual's Select with its list of choices made when it is first opened, not with the screen."""

    # Each list is an OptionList styled with its screen: the search's seven filters, a form's
    # three or four choices cost more to make than the rest of the screen, and most are never
    # opened.

    _overlay: SelectOverlay | None = None  # the list, once opened

    def compose(self) -> ComposeResult:
        yield Chosen(self.prompt)

    async def _make_overlay(self) -> None:
        if self._overlay is None:
            self._overlay = SelectOverlay(type_to_search=self._type_to_search)
            self._overlay.compact = self.compact  # set once: the choices stay compact
            await self.mount(self._overlay)
            super()._setup_options_renderables()
            for index, (_, value) in enumerate(self._options):
                if value == self.value:
                    self._overlay.highlighted = index
                    break

    def _setup_options_renderables(self) -> None:
        if self._overlay is not None:
            super()._setup_options_renderables()

    def _watch_value(self, value: str | NoSelection) -> None:
        """Show the value chosen (Textual's own, without a list to move in until there is one)."""
        self._value = value
        try:
            current = self.query_one(SelectCurrent)
        except NoMatches:
            return
        if value == self.NULL:
            current.update(self.NULL)
        else:
            for index, (prompt, option) in enumerate(self._options):
                if option == value:
                    if self._overlay is not None:
                        self._overlay.highlighted = index
                    current.update(prompt)
                    break
        self.post_message(self.Changed(self, value))

    def _watch_expanded(self, expanded: bool) -> None:
        if expanded and self._overlay is None:  # opened by a click: the list is made first
            self.call_next(self._expand_when_made)
            return
        super()._watch_expanded(expanded)

    async def _expand_when_made(self) -> None:
        await self._make_overlay()
        if self.expanded:
            super()._watch_expanded(True)

    async def action_show_overlay(self) -> None:
        await self._make_overlay()
        super().action_show_overlay()

    def _watch_prompt(self, prompt: str) -> None:
        if self._overlay is not None:
            super()._watch_prompt(prompt)
        elif self.is_mounted:
            current = self.query_one(SelectCurrent)
            current.placeholder = prompt
            if self.value == self.NULL:
                current.update(self.NULL)
