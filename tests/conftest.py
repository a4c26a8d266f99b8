"""Shared fixtures: every test gets its own home folder, never the developer's."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.demo import fill_demo
from workshop.records import SessionRecord
from workshop.store import Notebook


@pytest.fixture(autouse=True)
def _no_user_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep WORKSHOP_HOME from the developer's shell out of the tests."""
    monkeypatch.delenv("WORKSHOP_HOME", raising=False)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty home folder for one test."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def notebook(home: Path):
    """A fresh notebook in the test's home folder, closed afterwards."""
    with Notebook.open(home) as opened:
        yield opened


@pytest.fixture
def demo_record(notebook) -> SessionRecord:
    """The demo meeting as the notebook gives it back: Committee I's 4th to 6th meetings."""
    return notebook.session_record(fill_demo(notebook).id)
