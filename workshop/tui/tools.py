"""Screens opened from the workspace by one key: the place where later screens plug in.

To add a screen (synthesis, preview, search, coverage, statistics), write it in
`workshop/tui/screens/`, give it an `__init__(self, session_id: str)` (its compose reads the
session with `session_and_topic`), and add one `Tool` below.
The workspace binds its key (with priority, so it works while a note is typed), the help screen
lists it and the command palette offers it. The screen module is imported only when opened, so
start-up stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import NamedTuple

from textual.screen import Screen

from workshop.catalogue import Topic, load_catalogue
from workshop.records import Session
from workshop.store import Notebook, NotebookError


class Tool(NamedTuple):
    """A screen the workspace opens for the current session."""

    name: str  # a short verb-free name: "synthesis"
    key: str  # a Textual key such as "f6"
    description: str  # the Footer label
    target: str  # "module:Class", a Screen taking the session id
    help: str = ""  # one line for the help screen and the command palette
    show: bool = False  # in the Footer too (it has room for few keys; Help and Ctrl+P list all)

    def screen(self, session_id: str) -> Screen:
        """Import the screen class and make one for this session."""
        module_name, _, class_name = self.target.partition(":")
        screen_class = getattr(import_module(module_name), class_name)
        return screen_class(session_id)


def session_and_topic(notebook: Notebook, session_id: str) -> tuple[Session, Topic]:
    """The session a screen opens on, with its topic; NotebookError if either is unknown."""
    session = notebook.get(Session, session_id)
    topic = load_catalogue().topic(session.topic) if session else None
    if session is None or topic is None:
        raise NotebookError(f"session {session_id} cannot be opened (unknown topic)")
    return session, topic


TOOLS: tuple[Tool, ...] = (
    Tool("synthesis", "f6", "Synthesis", "workshop.tui.screens.synthesis:SynthesisScreen",
         "Group what was said into key points per question; order the findings; mark the session final"),
    Tool("preview", "ctrl+e", "Preview", "workshop.tui.screens.preview:PreviewScreen",
         "Preview the rapporteur's summary and export it with its QR hand-off card"),
    Tool("search", "ctrl+f", "Search", "workshop.tui.screens.search:SearchScreen",
         "Find what was said in this session, its topic or the whole notebook"),
    Tool("coverage", "f11", "Coverage", "workshop.tui.screens.coverage:CoverageScreen",
         "Each question of the topic with what was recorded on it; the questions nobody discussed"),
    Tool("statistics", "f12", "Statistics", "workshop.tui.screens.statistics:StatisticsScreen",
         "Speakers by category, group and gender; speaking time per question and meeting"),
)
