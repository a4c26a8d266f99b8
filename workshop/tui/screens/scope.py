"""Which sessions a review screen (search, coverage, statistics) looks at: one, a topic's, or all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from textual.screen import Screen

from workshop.catalogue import Topic, load_catalogue
from workshop.records import Session
from workshop.review import Statistics, TopicCoverage, statistics_in, topic_coverage_in
from workshop.store import Notebook
from workshop.tui.screens.pushed import Pushed

ALL = "all"

ResultType = TypeVar("ResultType")


class ReviewScreen(Pushed, Screen[ResultType]):
    """A review screen (search, coverage, statistics), pushed over the workspace."""


@dataclass(frozen=True)
class Scope:
    """A choice of sessions: `key` is "session:<id>", "topic:<key>" or "all"."""

    key: str
    label: str

    @property
    def session_id(self) -> str | None:
        return self.key.partition(":")[2] if self.key.startswith("session:") else None

    @property
    def topic(self) -> str | None:
        return self.key.partition(":")[2] if self.key.startswith("topic:") else None


def session_scope(session: Session) -> Scope:
    return Scope(f"session:{session.id}", "This session")


def topic_scope(topic_key: str) -> Scope:
    topic = load_catalogue().topic(topic_key)
    name = f"{topic.label}" if topic else topic_key
    return Scope(f"topic:{topic_key}", f"All of {name}")


def scopes(notebook: Notebook, session_id: str | None, *, whole: bool = True) -> list[Scope]:
    """The choices offered: this session, then its topic, then the other topics, then everything."""
    choices: list[Scope] = []
    current = notebook.get(Session, session_id) if session_id else None
    if current is not None and current.deleted_at is None:
        choices.append(session_scope(current))
        choices.append(topic_scope(current.topic))
    order = {t.key: n for n, t in enumerate(load_catalogue().topics)}
    topics = sorted({s.topic for s in notebook.sessions()}, key=lambda k: (order.get(k, 99), k))
    for key in topics:
        if current is None or key != current.topic:
            choices.append(topic_scope(key))
    if whole:
        choices.append(Scope(ALL, "Whole notebook"))
    return choices


def sessions_in(notebook: Notebook, scope: Scope) -> list[Session]:
    """The live sessions a scope covers, by date."""
    if scope.session_id:
        session = notebook.get(Session, scope.session_id)
        return [session] if session is not None and session.deleted_at is None else []
    if scope.topic:
        return notebook.find_sessions(scope.topic)
    return notebook.sessions()


def statistics_in_scope(notebook: Notebook, scope: Scope) -> Statistics:
    """The statistics of the scope's sessions, counted on a connection of the calling worker's own."""
    reader = notebook.reopen()  # sqlite3 connections do not cross threads
    try:
        return statistics_in(reader, sessions_in(reader, scope))
    finally:
        reader.close()


def coverage_in_scope(notebook: Notebook, topic: Topic, scope: Scope) -> TopicCoverage:
    """A topic's coverage in the scope's sessions, counted on a connection of the calling worker's own."""
    reader = notebook.reopen()
    try:
        return topic_coverage_in(reader, topic, sessions_in(reader, scope))
    finally:
        reader.close()
