"""The draft writer: saves the note being typed every few seconds, never on a key press.

Threaded (Settings.draft_in_thread, the default): one worker thread and one second connection
(`Notebook.reopen()`) for the whole life of the app, rather than a connection per save, so a
slow disk never holds up typing. Not threaded: the write is made on the UI thread at the draft
tick through the app's own connection (kept for tests that want every write in one thread).
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from typing import NamedTuple

from textual.app import App
from textual.worker import get_current_worker

from workshop.store import Notebook, NotebookError
from workshop.tui.meeting import DraftNote, Meeting

# Called on the UI thread after each save: (the draft, whether it was written, an error or None).
Done = Callable[[DraftNote, bool, "str | None"], None]


class _Job(NamedTuple):
    meeting: Meeting
    draft: DraftNote
    done: Done


class DraftWriter:
    """Queue drafts from the UI thread; a worker thread writes them in order."""

    POLL_SECONDS = 0.25  # how often the idle thread looks whether the app is closing

    def __init__(self, app: App, notebook: Notebook, *, threaded: bool) -> None:
        self._app = app
        self._notebook = notebook
        self._threaded = threaded
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._started = False

    def submit(self, meeting: Meeting, draft: DraftNote, done: Done) -> None:
        """Save this draft (now, or soon on the writer thread) and call `done` on the UI thread."""
        if not self._threaded:
            try:
                saved, problem = meeting.write_draft(draft, self._notebook), None
            except NotebookError as error:
                saved, problem = False, str(error)
            done(draft, saved, problem)
            return
        if not self._started:
            self._started = True
            self._app.run_worker(self._run, thread=True, group="drafts", name="draft writer",
                                 exit_on_error=False)
        self._jobs.put(_Job(meeting, draft, done))

    def stop(self) -> None:
        """Let the thread finish what is queued, close its connection and end."""
        self._jobs.put(None)

    def _run(self) -> None:
        worker = get_current_worker()
        try:
            connection = self._notebook.reopen()
        except NotebookError as error:
            self._report_all(str(error))
            return
        try:
            while not worker.is_cancelled:
                try:
                    job = self._jobs.get(timeout=self.POLL_SECONDS)
                except queue.Empty:
                    continue
                if job is None:
                    break
                try:
                    saved, problem = job.meeting.write_draft(job.draft, connection), None
                except NotebookError as error:
                    saved, problem = False, str(error)
                self._tell(job, saved, problem)
        finally:
            connection.close()

    def _report_all(self, problem: str) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None:
                self._tell(job, False, problem)

    def _tell(self, job: _Job, saved: bool, problem: str | None) -> None:
        try:
            self._app.call_from_thread(job.done, job.draft, saved, problem)
        except RuntimeError:  # the app is closing; the draft itself is on disk (or reported)
            pass
