"""One measured run of the app (or of a bare Textual app) in its own process, for benchmarks/run.py.

    python benchmarks/drive.py startup bare
    python benchmarks/drive.py startup app HOME SESSION_ID
    python benchmarks/drive.py typing bare KEYS
    python benchmarks/drive.py typing app HOME SESSION_ID KEYS
    python benchmarks/drive.py typing bare KEYS WIDTH HEIGHT       (a TextArea of the note's size)
    python benchmarks/drive.py memory app HOME SESSION_ID
    python benchmarks/drive.py screens app HOME SESSION_ID RUNS IDLE_SECONDS [SCREEN,...]
    python benchmarks/drive.py repaints app HOME SESSION_ID KEYS
    python benchmarks/drive.py repaints bare KEYS WIDTH HEIGHT
    python benchmarks/drive.py backup-typing app HOME SESSION_ID KEYS
    python benchmarks/drive.py quit app HOME SESSION_ID
    python benchmarks/drive.py quit bare
    python benchmarks/drive.py user-start HOME
    python benchmarks/drive.py command ARGS...                      (the `workshop` command)
    python benchmarks/drive.py export-floor HOME OUT

Each run prints one line `BENCH {json}` on stdout when it is done. Startup runs headless and exits
on the first frame, reporting `time.monotonic_ns()` at that frame (the clock is system-wide, so the
parent subtracts its own reading taken just before it started this process) and the CPU time used
so far. Typing runs press keys through Pilot into the note area and report the seconds (wall and
CPU) the presses took. Memory runs open the workspace, wait until it has loaded, and report the
peak resident set (VmHWM).

Nothing is imported at module level beyond the standard library, so the bare app's process pays
for Textual only, and the app's process for what `workshop` itself imports.
"""

from __future__ import annotations

import json
import sys
import time

SIZE = (120, 40)  # terminal size of every run, app and bare alike
TYPED = "The delegation stressed the need for timely access to electronic evidence, and training. "


def report(**figures: object) -> None:
    sys.stdout.write("BENCH " + json.dumps(figures) + "\n")
    sys.stdout.flush()


def peak_rss_kb() -> int:
    """This process's peak resident set, from /proc (Linux) or getrusage elsewhere."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def cpu_seconds() -> float:
    """CPU time this process has used since it started (user and system, every thread)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def keys(count: int) -> list[str]:
    """`count` key presses of ordinary typing: letters, spaces, punctuation."""
    text = (TYPED * (count // len(TYPED) + 1))[:count]
    return [{" ": "space", ",": "comma", ".": "full_stop"}.get(c, c) for c in text]


# --- the apps ----------------------------------------------------------------------------------


def bare_app():
    """The yardstick: Header, one Static, Footer; or Header, a TextArea, Footer for typing.

    With `note_size` the TextArea has the size of the workspace's note rather than the screen's.
    """
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static, TextArea

    class BareApp(App[None]):
        def __init__(self, editor: bool, note_size: tuple[int, int] | None = None) -> None:
            super().__init__()
            self.editor = editor
            self.note_size = note_size

        def compose(self) -> ComposeResult:
            yield Header()
            if self.editor:
                area = TextArea(id="note")
                if self.note_size:
                    area.styles.width, area.styles.height = self.note_size
                yield area
            else:
                yield Static("Rapporteur's notebook")
            yield Footer()

    return BareApp


def workshop_app(home: str, session_id: str):
    """The app built by make_app, opened on the workspace of one session, with the collector set
    as the `workshop` command sets it."""
    from workshop.tui.app import make_app
    from workshop.tui.collector import settle_for_the_app

    app = make_app(home, session_id=session_id)
    settle_for_the_app()
    return app


def forget_draft(home: str, session_id: str) -> None:
    """Drop the draft a typing run leaves, so that no run opens on the lost-note offer."""
    from workshop.store import Notebook

    with Notebook.open(home) as notebook:
        notebook.clear_draft(session_id)


def note_area(app):
    """The workspace's note editor (or the bare app's TextArea)."""
    from textual.widgets import TextArea

    return app.screen.query_one("#note", TextArea)


def is_workspace(screen) -> bool:
    return type(screen).__name__ == "WorkspaceScreen"


async def settle(app, pilot) -> None:
    """Wait until the workspace has loaded: every message handled, every deferred call made.

    Workers are not waited for: the draft writer is a thread that lives as long as the app.
    """
    for _ in range(3):
        await pilot.pause()


# --- the runs ----------------------------------------------------------------------------------


def startup(app, want_workspace: bool) -> None:
    """Run headless and exit on the first frame; report the monotonic time of that frame."""
    from textual import events
    from textual._context import message_hook

    frame: dict[str, object] = {}

    def hook(message) -> None:
        # Textual posts Ready once, right after the first frame has been composed.
        if isinstance(message, events.Ready) and "ns" not in frame:
            frame["ns"] = time.monotonic_ns()
            frame["cpu"] = cpu_seconds()
            frame["screen"] = type(app.screen).__name__
            app.call_later(app.exit)

    message_hook.set(hook)
    app.run(headless=True, size=SIZE)
    if "ns" not in frame:
        raise SystemExit("the app exited before its first frame")
    if want_workspace and frame["screen"] != "WorkspaceScreen":
        raise SystemExit(f"the first frame showed {frame['screen']}, not the workspace")
    report(first_frame_ns=frame["ns"], cpu_s=frame["cpu"], screen=frame["screen"],
           peak_rss_kb=peak_rss_kb())


async def typing(app, count: int, want_workspace: bool) -> None:
    """Type `count` keys into the note area, as a terminal sends them and through Pilot; report
    how long each took."""
    presses = keys(count)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        if want_workspace and not is_workspace(app.screen):
            raise SystemExit(f"typing: the app shows {type(app.screen).__name__}, not the workspace")
        if want_workspace:
            await opening_backup_made()
        area = note_area(app)
        area.focus()
        await pilot.pause()
        terminal_cpu = await typed_as_a_terminal(app, area, presses)
        await settle(app, pilot)
        before = len(area.text)
        started, cpu = time.perf_counter(), time.process_time()
        await pilot.press(*presses)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        typed = len(area.text) - before
        await settle(app, pilot)
    if typed != count:
        raise SystemExit(f"typing: {count} keys pressed but the note grew by {typed} characters")
    report(typing_s=elapsed, typing_cpu_s=cpu, terminal_cpu_s=terminal_cpu, keys=count)


async def opening_backup_made() -> None:
    """Wait for the backup the app makes once, BACKUP_DELAY_S after it opens.

    The copy runs in a thread of its own, and its CPU (about 55 ms for the 10,000-intervention
    notebook) is no key's: counted, it fell into the keys' window or not as the run went, and
    moved the typing figure by a tenth. Typing while a backup runs is measured by itself
    (backup-typing).
    """
    import asyncio
    import threading

    from workshop.store.backup import BACKUP_THREAD
    from workshop.tui.app import BACKUP_DELAY_S

    await asyncio.sleep(BACKUP_DELAY_S)
    while any(thread.name == BACKUP_THREAD for thread in threading.enumerate()):
        await asyncio.sleep(0.05)


PACE_S = 0.02  # a fast typist: 50 keys a second


async def typed_as_a_terminal(app, area, presses: list[str]) -> float:
    """Keys posted to the app one every PACE_S, as the terminal's driver posts them; the CPU time
    (every thread) from the first key to the last one in the note.

    Pilot waits after each key for every widget of the screen to be idle, a cost that grows with
    the number of widgets and that a rapporteur's keyboard never pays.
    """
    import asyncio

    from textual import events

    characters = {"space": " ", "comma": ",", "full_stop": "."}
    before = len(area.text)
    cpu = time.process_time()
    for key in presses:
        app.post_message(events.Key(key, characters.get(key, key)))
        await asyncio.sleep(PACE_S)
    deadline = time.monotonic() + 60
    while len(area.text) - before < len(presses):
        if time.monotonic() > deadline:
            raise SystemExit(f"typing: {len(presses)} keys sent but the note grew by {len(area.text) - before}")
        await asyncio.sleep(0.005)
    return time.process_time() - cpu


async def memory(app) -> None:
    """Open the workspace, let it load everything, and report the peak resident set."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        if not is_workspace(app.screen):
            raise SystemExit(f"memory: the app shows {type(app.screen).__name__}, not the workspace")
        rows = sum(getattr(t, "row_count", 0) for t in app.screen.query("DataTable"))
        widgets = len(list(app.screen.walk_children(with_self=True)))
    report(peak_rss_kb=peak_rss_kb(), widgets=widgets, table_rows=rows)


def quit_run(app) -> None:
    """Headless: once the app has settled, press Ctrl+Q; report when the key went and when run() returned.

    The process's own end (after the closing backup, a thread that is not a daemon) is timed by
    the parent.
    """
    from textual import events
    from textual._context import message_hook

    marks: dict[str, int] = {}

    async def press_quit() -> None:
        marks["key_ns"] = time.monotonic_ns()
        await app._press_keys(["ctrl+q"])

    def hook(message) -> None:
        if isinstance(message, events.Ready) and "ready" not in marks:
            marks["ready"] = 1
            app.set_timer(1.0, press_quit)

    message_hook.set(hook)
    app.run(headless=True, size=SIZE)
    marks["gone_ns"] = time.monotonic_ns()
    if "key_ns" not in marks:
        raise SystemExit("quit: the app exited before Ctrl+Q")
    report(key_ns=marks["key_ns"], gone_ns=marks["gone_ns"])


def user_start(home: str) -> None:
    """The `workshop --home HOME` command, headless: to the sessions list complete, then Enter to the
    workspace complete; report both moments (monotonic ns) and the first frame."""
    from textual import events
    from textual._context import message_hook
    from screens import send_key, settled
    from textual.app import App

    from workshop import cli

    marks: dict[str, object] = {}
    run = App.run

    def headless_run(self, *args, **kwargs):
        marks["app"] = self
        return run(self, *args, headless=True, size=SIZE)

    async def calm(app, name: str) -> None:
        """Until `name` is shown with nothing left to handle or paint, twice in a row."""
        quiet = 0
        while quiet < 2:
            await asyncio.sleep(0.001)
            shown = type(app.screen).__name__ == name and getattr(app.screen, "_panels_ready", True)
            idle = all(node._message_queue.empty() for node in (app, *app.screen.walk_children(with_self=True)))
            quiet = quiet + 1 if shown and idle and settled(app.screen) else 0

    async def walk() -> None:
        app = marks["app"]
        await calm(app, "HomeScreen")
        marks["list_ns"] = time.monotonic_ns()
        marks["list_screen"] = type(app.screen).__name__
        send_key(app, "enter")
        await calm(app, "WorkspaceScreen")
        marks["workspace_ns"] = time.monotonic_ns()
        app.exit()

    def hook(message) -> None:
        if isinstance(message, events.Ready) and "frame_ns" not in marks:
            marks["frame_ns"] = time.monotonic_ns()
            # A task of its own: awaited by the app's message loop, it would hold that loop up.
            marks["walk"] = asyncio.get_running_loop().create_task(walk())

    import asyncio

    message_hook.set(hook)
    App.run = headless_run
    cli.main(["--home", home])
    if "workspace_ns" not in marks or marks["list_screen"] != "HomeScreen":
        raise SystemExit(f"user-start: did not go from the sessions list to the workspace ({marks})")
    report(frame_ns=marks["frame_ns"], list_ns=marks["list_ns"], workspace_ns=marks["workspace_ns"])


def command(args: list[str]) -> None:
    """One `workshop` command; its time and this process's peak memory."""
    from workshop import cli

    started = time.perf_counter()
    status = cli.main(args)
    report(seconds=time.perf_counter() - started, status=status, peak_rss_kb=peak_rss_kb())


def export_floor(home: str, out: str) -> None:
    """What an export cannot go below: one query and one line per intervention, plain sqlite3."""
    import sqlite3
    from pathlib import Path

    started = time.perf_counter()
    conn = sqlite3.connect(Path(home) / "sessions" / "notebook.db")
    with open(out, "w", encoding="utf-8") as file:
        for started_at, name, text in conn.execute(
            "SELECT i.started_at, s.name, i.text FROM intervention i JOIN speaker s ON s.id = i.speaker_id "
            "JOIN session n ON n.id = i.session_id WHERE n.topic = 'W3' AND i.deleted_at IS NULL "
            "ORDER BY i.session_id, i.started_at"
        ):
            file.write(f"- {started_at} {name}: {text}\n")
    conn.close()
    report(seconds=time.perf_counter() - started, peak_rss_kb=peak_rss_kb())


def main(argv: list[str]) -> None:
    import asyncio

    run, which, *rest = argv
    workspace = which == "app"
    if run == "user-start":
        user_start(which)
        return
    if run == "command":
        command([which, *rest])
        return
    if run == "export-floor":
        export_floor(which, rest[0])
        return
    if run in ("screens", "repaints", "backup-typing"):
        import screens

        if run == "screens":
            only = set(rest[4].split(",")) if len(rest) > 4 else set()
            found = asyncio.run(screens.screens(workshop_app(rest[0], rest[1]), int(rest[2]), SIZE,
                                                float(rest[3]), only))
            report(peak_rss_kb=peak_rss_kb(), **found)
        elif run == "backup-typing":
            forget_draft(rest[0], rest[1])
            try:
                report(**asyncio.run(screens.typing_during_backup(
                    workshop_app(rest[0], rest[1]), int(rest[2]), SIZE)))
            finally:
                forget_draft(rest[0], rest[1])
        elif workspace:
            forget_draft(rest[0], rest[1])
            try:
                report(**asyncio.run(screens.typing_repaints(
                    workshop_app(rest[0], rest[1]), keys(int(rest[2])), SIZE)))
            finally:
                forget_draft(rest[0], rest[1])
        else:
            app = bare_app()(editor=True, note_size=(int(rest[1]), int(rest[2])))
            report(**asyncio.run(screens.typing_repaints(app, keys(int(rest[0])), SIZE)))
        return
    if run == "quit":
        quit_run(workshop_app(rest[0], rest[1]) if workspace else bare_app()(editor=False))
        return
    if run == "startup":
        app = workshop_app(rest[0], rest[1]) if workspace else bare_app()(editor=False)
        startup(app, workspace)
    elif run == "typing":
        if workspace:
            forget_draft(rest[0], rest[1])
        if workspace:
            app, count = workshop_app(rest[0], rest[1]), int(rest[2])
        else:
            size = (int(rest[1]), int(rest[2])) if len(rest) == 3 else None
            app, count = bare_app()(editor=True, note_size=size), int(rest[0])
        try:
            asyncio.run(typing(app, count, workspace))
        finally:
            if workspace:  # the next run opens on the same notebook as this one did
                forget_draft(rest[0], rest[1])
    elif run == "memory":
        asyncio.run(memory(workshop_app(rest[0], rest[1])))
    else:
        raise SystemExit(f"unknown run {run!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
