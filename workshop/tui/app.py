"""The app: loads settings, opens the notebook, shows the sessions and offers back a lost note."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from workshop.records import Session
from workshop.store import Notebook, NotebookError
from workshop.tui.clock import Clock, SystemClock
from workshop.tui.collector import forget_closed_screens
from workshop.tui.commands import WorkshopCommands
from workshop.tui.drafts import DraftWriter
from workshop.tui.replaced import ReplacedWatch, keep_note
from workshop.tui.settings import Settings

BACKUP_DELAY_S = 5.0  # the backup made on opening waits this long after start-up


class WorkshopApp(App[None]):
    """The rapporteur's notebook: sessions, and the workspace to record one."""

    # Every screen's CSS is read with the app's: loaded by the screen, it would have Textual
    # parse every stylesheet again as the screen first opens (Stylesheet.reparse).
    CSS_PATH = ["app.tcss", "screens/workspace.tcss", "screens/synthesis.tcss", "screens/preview.tcss",
                "screens/review.tcss"]
    TITLE = "Rapporteur's notebook"
    COMMANDS = App.COMMANDS | {WorkshopCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Every key of this screen", show=False),
    ]

    def __init__(
        self, notebook: Notebook, *, home: Path, clock: Clock, settings: Settings,
        session_id: str | None = None,
    ) -> None:
        super().__init__()
        self._stopping_replaced = False  # the app is stopping because its notebook was replaced
        self._asking_to_quit = False  # the question before quitting over an unsaved form is shown
        self.notebook = notebook
        self.home = home
        self.clock = clock
        self.settings = settings
        self.session_id = session_id  # open straight on this session's workspace
        self.drafts = DraftWriter(self, notebook, threaded=settings.draft_in_thread)
        self.replaced_watch = ReplacedWatch(notebook)

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        # A widget is styled as it is mounted: a class it is given while still being made (a
        # compact field, a button's variant) had Textual style it once more for nothing.
        if node is self or node.is_attached:
            super().update_styles(node, animate)

    def get_default_screen(self) -> Screen:
        """The first screen: the list of sessions, or the workspace of the session asked for.

        The first screen itself rather than one pushed over Textual's empty default screen: that
        would be composed, styled and resumed for nothing before the first frame.
        """
        screen: Screen
        if self.session_id is None:
            from workshop.tui.screens.home import HomeScreen

            screen = HomeScreen()
        else:
            # The list of sessions is made only if the rapporteur goes back to it (show_sessions).
            from workshop.tui.screens.workspace import WorkspaceScreen

            screen = WorkspaceScreen(self.session_id, first=True)
        # What switch_screen gives the screen it puts in: Textual gives its first screen none,
        # and switching away from it would fail (Textualize/textual#2650).
        screen._push_result_callback(screen, None)
        return screen

    def on_mount(self) -> None:
        if self.notebook.started_new:  # a mistyped --home must not look like lost notes
            self.notify(f"Starting a new notebook: {self.notebook.path}", title="New notebook")
        if self.notebook.notice:
            self.notify(self.notebook.notice, title="Notebook", severity="warning", timeout=30)
        self.call_after_refresh(self.offer_lost_note)
        # Not during start-up: the copy would compete with the first frame for the CPU. A
        # session closed sooner than this is still backed up, on closing (on_unmount).
        self.set_timer(BACKUP_DELAY_S, self.back_up)

    async def _replace_screen(self, screen: Screen) -> Screen:
        # Textual's own, once a screen is closed (popped or switched away from) and taken down.
        replaced = await super()._replace_screen(screen)
        self.call_later(forget_closed_screens)  # once the removal's own frames have let go of it
        return replaced

    def back_up(self) -> None:
        """Copy the notebook to sessions/backups/ in a thread of its own (kept: the last ten).

        The thread is not a daemon: a backup started on closing is finished before the process ends.
        """
        if not self.settings.backups:
            return
        from workshop.store.backup import backup_in_background  # 1 ms, once: not worth a thread's import

        def say(problem: str) -> None:
            if self.is_running:
                self.call_from_thread(self.notify, problem, title="Backup", severity="error")

        backup_in_background(self.notebook, say)

    def offer_lost_note(self) -> None:
        """After a crash, the note that was being typed is offered back before anything else."""
        # A draft of the session opened directly is put back in its note by the workspace itself.
        drafts = [d for d in self.notebook.drafts() if d.session_id != self.session_id]
        if not drafts:
            return  # the usual start: the offer's screen is not even imported
        from workshop.tui.screens.recovery import RecoveryScreen, lost_note

        draft = drafts[0]

        def answer(choice: str | None) -> None:
            if choice == "open":
                self.open_session(draft.session_id)
            elif choice == "discard":
                self.notebook.clear_draft(draft.session_id)
                self.notify("The unsaved note was discarded.")

        self.push_screen(RecoveryScreen(lost_note(self.notebook, draft)), answer)

    def open_session(self, session_id: str, *, replacing: bool = False) -> None:
        """Show the workspace of one session, over the current screen or (`replacing`) instead of it."""
        from workshop.tui.screens.workspace import WorkspaceScreen

        screen = WorkspaceScreen(session_id)
        if replacing:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_sessions(self) -> None:
        """Leave the workspace for the list of sessions (made now if the app opened on a session)."""
        from workshop.tui.screens.home import HomeScreen

        below = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        if isinstance(below, HomeScreen):
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def action_help(self) -> None:
        """Show every key of the current screen."""
        from workshop.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def notebook_replaced(self) -> bool:
        """True when the notebook was replaced under the app: the note is kept in a file, the app stops.

        Nothing more is written: the file now holds another notebook (a restored backup), where
        the session or speaker of the note may not exist.
        """
        if not self.replaced_watch.check():
            return False
        if self.is_running and not self._stopping_replaced:
            self._stopping_replaced = True
            kept = [note for screen in self.screen_stack
                    if (note := getattr(screen, "kept_note", lambda: None)()) is not None]
            message = ("workshop: the notebook was replaced while the app had it open (a backup "
                       "was restored), so nothing more was saved into it.")
            for heading, text in kept:
                path = keep_note(self.notebook.path.parent, heading, text)
                message += f" The note being typed is kept in {path}."
            message += " Start the app again to go on with the notebook as it is now."
            self.exit(return_code=1, message=Text(message))
        return True

    async def action_quit(self) -> None:
        """Quit; a note being typed is kept as a draft, a form being filled in is asked about first."""
        if self.notebook_replaced():
            return  # the note is kept in a file and the app is stopping
        unsaved = [what for screen in self.screen_stack
                   if (what := getattr(screen, "unsaved", lambda: None)())]
        if unsaved and not self._asking_to_quit:  # asked already: a second Ctrl+Q quits
            from workshop.tui.screens.confirm import ConfirmScreen

            def answer(quit_anyway: bool | None) -> None:
                self._asking_to_quit = False
                if quit_anyway:
                    self.quit_now()

            self._asking_to_quit = True
            lost, it = " and ".join(unsaved), "it" if len(unsaved) == 1 else "them"
            verb = "is" if len(unsaved) == 1 else "are"
            self.push_screen(ConfirmScreen(f"{lost[0].upper()}{lost[1:]} {verb} not saved. Quit and lose "
                                           f"{it}? (Cancel goes back to {it}.)", yes="Quit"), answer)
            return
        self.quit_now()

    def quit_now(self) -> None:
        """Keep the note being typed as a draft, and stop."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush_draft", None)
            if flush is not None:
                flush()
        self.exit()

    async def on_event(self, event: events.Event) -> None:
        # A key from the terminal that runs a binding waits for the keys typed before it.
        if isinstance(event, events.Key) and not event.is_forwarded:
            from workshop.tui.keys import in_order

            if await in_order(self, event):
                return
        await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.settings.cursor_blink and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def on_unmount(self) -> None:
        self.drafts.stop()
        self.back_up()
        self.notebook.close()


def make_app(
    home: Path | str, *, clock: Clock | None = None, settings: Settings | None = None,
    session_id: str | None = None,
) -> WorkshopApp:
    """Build the app for a home folder, for the command line and for tests alike.

    The notebook is opened here, before the UI starts, so that a bad file raises NotebookError
    (one line) for the command line to print, instead of failing inside the terminal UI.
    With `session_id` the app opens on that session's workspace; Ctrl+O still leads to the list.
    """
    home = Path(home)
    notebook = Notebook.open(home, check_in_background=True)
    try:
        # The first screen loads while the notebook's integrity check runs on another thread.
        import_module("workshop.tui.screens.home" if session_id is None else "workshop.tui.screens.workspace")
        notebook.wait_for_check()
        if session_id is not None and notebook.get(Session, session_id) is None:
            raise NotebookError(f"there is no session {session_id} in this notebook")
    except BaseException:
        notebook.close()
        raise
    return WorkshopApp(
        notebook, home=home, clock=clock or SystemClock(), settings=settings or Settings(),
        session_id=session_id,
    )
