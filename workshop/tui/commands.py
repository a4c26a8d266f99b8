"""The command palette's provider: the verbs of the screen in front (go to question, give the floor...).

Each screen that has verbs defines `verbs() -> Iterable[Verb]`; this provider only searches them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape


class Verb(NamedTuple):
    """One thing the rapporteur can do from the palette. `title` may hold user text: shown literally."""

    title: str
    help: str  # the palette parses help as markup: it is escaped, but keep user text out of it
    callback: Callable[[], object]
    discover: bool = True  # listed before anything is typed


@runtime_checkable
class HasVerbs(Protocol):
    def verbs(self) -> Iterable[Verb]: ...


def highlight(matcher: Matcher, text: str) -> Content:
    """The title with the matched letters marked, built as Content so no markup in it is parsed."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class WorkshopCommands(Provider):
    """The app's own verbs, from the screen the palette was opened on."""

    def _verbs(self) -> list[Verb]:
        screen = self.screen
        return list(screen.verbs()) if isinstance(screen, HasVerbs) else []

    async def discover(self) -> Hits:
        for verb in self._verbs():
            if verb.discover:
                yield DiscoveryHit(Content(verb.title), verb.callback, text=verb.title,
                                   help=escape(verb.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for verb in self._verbs():
            score = matcher.match(verb.title)
            if score > 0:
                yield Hit(score, highlight(matcher, verb.title), verb.callback, text=verb.title,
                          help=escape(verb.help))
