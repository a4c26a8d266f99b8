"""Runs of the app beyond its first screen, for benchmarks/drive.py: every screen's keys under an
event-loop heartbeat, typing repaints, typing during a backup, quitting, and the way a user starts.

The heartbeat is a task on the app's own event loop that sleeps 5 ms at a time and keeps how late
it woke: the worst lateness during an action is the longest the main thread (or a thread holding
the GIL) kept the app from answering a key. Each action is timed from the key to its screen being
complete: the screen shown, its workers done, and the app idle after one more refresh. The bare
yardsticks go through the same steps in the same process: a bare screen pushed and popped, and one
Static updated.
"""

from __future__ import annotations

import asyncio
import statistics
import time

BEAT_S = 0.005  # the heartbeat's period


class Heartbeat:
    """How late a 5 ms sleep on the app's loop wakes, worst since the last reset."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._beat())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _beat(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(BEAT_S)
            self.worst = max(self.worst, time.perf_counter() - started - BEAT_S)

    def reset(self) -> float:
        """The worst lateness since the last reset (seconds), and start again."""
        worst, self.worst = self.worst, 0.0
        return worst


class Counter:
    """Full layout refreshes and widgets repainted per refresh of one screen."""

    def __init__(self, screen) -> None:
        self.layouts = 0
        self.refreshes = 0
        self.widgets = 0
        layout, update = screen._refresh_layout, screen._compositor.update_widgets

        def counted_layout(*args, **kwargs):
            self.layouts += 1
            return layout(*args, **kwargs)

        def counted_update(widgets):
            if widgets:
                self.refreshes += 1
                self.widgets += len(widgets)
            return update(widgets)

        screen._refresh_layout = counted_layout
        screen._compositor.update_widgets = counted_update


def send_key(app, key: str) -> None:
    """Send one key as the terminal would (what Pilot does, without its waits for idle CPU)."""
    from textual import events

    chars = {"enter": "\r", "escape": "\x1b", "space": " "}
    event = events.Key(key, chars.get(key, key if len(key) == 1 else None))
    event.set_sender(app)
    app.post_message(event)


def settled(screen) -> bool:
    """Nothing left to lay out, paint or call after the refresh."""
    return not (screen._layout_required or screen._repaint_required or screen._dirty_widgets
                or screen._callbacks or screen._recompose_required)


async def complete(app, pilot, expected: str | None, timeout: float = 60.0) -> None:
    """Wait until `expected` (a screen class name, or names with |) is shown with its workers done,
    every message handled (those the key led to as well) and its last change painted."""
    deadline = time.perf_counter() + timeout
    calm = 0
    while calm < 2:  # twice in a row: a handled message may post another
        shown = expected is None or type(app.screen).__name__ in expected.split("|")
        busy = [w for w in app.workers if w.group != "drafts" and not w.is_finished]
        if shown and not busy and settled(app.screen):
            # Only now every widget's queue is waited on: doing it at each poll sent a message to
            # every widget every millisecond, a load on the app that grew with its widgets and that
            # the bare screen, with two, hardly felt.
            await pilot._wait_for_screen()
            calm = calm + 1 if settled(app.screen) else 0
        else:
            calm = 0
        if time.perf_counter() > deadline:
            raise SystemExit(f"{expected} not complete after {timeout:.0f} s (shows "
                             f"{type(app.screen).__name__}, workers {[w.name for w in busy]})")
        if calm < 2:
            await asyncio.sleep(0.001)


async def timed(app, pilot, beat: Heartbeat, keys: tuple[str, ...], expected: str | None) -> tuple[float, float]:
    """Send `keys`, wait for `expected` to be complete; (seconds, worst stall in seconds)."""
    beat.reset()
    started = time.perf_counter()
    for key in keys:
        send_key(app, key)
    await complete(app, pilot, expected)
    return time.perf_counter() - started, beat.reset()


def bare_screen():
    """The yardstick screen: one Static and a Footer, what any screen of the app has at least."""
    from textual.screen import Screen
    from textual.widgets import Footer, Static

    class BareScreen(Screen[None]):
        BINDINGS = [("escape", "app.pop_screen", "Back")]

        def compose(self):
            yield Static("A bare screen", id="bare-text")
            yield Footer()

    return BareScreen


# What each screen is opened with from the workspace, the class it shows, and how to leave it.
SCREENS = (
    ("synthesis", ("f6",), "SynthesisScreen", ("escape",)),
    ("preview", ("ctrl+e",), "PreviewScreen", ("escape",)),
    ("search", ("ctrl+f",), "SearchScreen", ("escape",)),
    ("coverage", ("f11",), "CoverageScreen", ("escape",)),
    ("statistics", ("f12",), "StatisticsScreen", ("escape",)),
    ("help", ("f1",), "HelpScreen", ("escape",)),
    ("speaker_form", ("f2",), "SpeakerScreen", ("escape",)),
    ("finding_form", ("f7",), "FindingScreen", ("escape",)),
)


def summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    """Cold (first), warm (median of the rest) and median of all times, median and worst of the
    stalls, in ms."""
    times = [t for t, _ in samples]
    stalls = [s for _, s in samples]
    warm = times[1:] or times
    return {"cold_ms": times[0] * 1000, "warm_ms": statistics.median(warm) * 1000,
            "median_ms": statistics.median(times) * 1000,
            "stall_ms": statistics.median(stalls) * 1000, "worst_stall_ms": max(stalls) * 1000}


async def screens(app, runs: int, size: tuple[int, int], idle_s: float, only: set[str] = frozenset()) -> dict:
    """Every screen's keys from the workspace, a move in each list, F5, the idle refreshes.

    `only`: some of the SCREENS only, and nothing else (to try a change quickly).
    """
    from textual.widgets import Static

    figures: dict[str, dict[str, float]] = {}
    async with app.run_test(size=size) as pilot:
        beat = Heartbeat()
        beat.start()
        await complete(app, pilot, "WorkspaceScreen")
        workspace = app.screen
        if type(workspace).__name__ != "WorkspaceScreen":
            raise SystemExit(f"screens: the app shows {type(workspace).__name__}, not the workspace")
        Bare = bare_screen()

        async def bare_push() -> tuple[float, float]:
            beat.reset()
            started = time.perf_counter()
            app.push_screen(Bare())
            await complete(app, pilot, "BareScreen")
            elapsed = time.perf_counter() - started
            stall = beat.reset()
            app.pop_screen()
            await complete(app, pilot, "WorkspaceScreen")
            return elapsed, stall

        label = workspace.query_one("#session-bar", Static)
        original = label.content

        async def bare_update(n: int) -> tuple[float, float]:
            beat.reset()
            started = time.perf_counter()
            label.update(f"A bare widget update {n}")
            await complete(app, pilot, None)
            return time.perf_counter() - started, beat.reset()

        # Nothing pressed: the once-a-second timers alone must not lay the screen out again.
        await pilot.pause(0.5)
        idle = Counter(workspace)
        beat.reset()
        await asyncio.sleep(idle_s)
        figures["idle"] = {"layouts": idle.layouts, "refreshes": idle.refreshes,
                           "widgets": idle.widgets, "stall_ms": beat.reset() * 1000, "seconds": idle_s}

        samples: dict[str, list[tuple[float, float]]] = {"bare_push": [], "bare_update": []}
        for n in range(runs):
            samples["bare_push"].append(await bare_push())
            samples["bare_update"].append(await bare_update(n))
            for name, keys, expected, back in SCREENS:
                if only and name not in only:
                    continue
                samples.setdefault(name, []).append(await timed(app, pilot, beat, keys, expected))
                if name == "synthesis":  # a move in the question list: the next question's interventions
                    for _ in range(2):
                        samples.setdefault("synthesis_down", []).append(
                            await timed(app, pilot, beat, ("down",), expected))
                    await pilot.press("up", "up")
                    await complete(app, pilot, expected)
                if name == "search":  # a move in the results: the next one shown in full
                    await pilot.press("down")  # from the field to the results
                    await complete(app, pilot, expected)
                    for _ in range(2):
                        samples.setdefault("search_down", []).append(
                            await timed(app, pilot, beat, ("down",), expected))
                await pilot.press(*back)
                await complete(app, pilot, "WorkspaceScreen")
            if only:
                continue
            # The log: a move down its rows.
            await pilot.press("ctrl+l")
            await complete(app, pilot, "WorkspaceScreen")
            samples.setdefault("log_down", []).append(await timed(app, pilot, beat, ("down",), None))
            # Enter opens the entry: an intervention's form, or a finding's (the log holds both).
            samples.setdefault("entry_form", []).append(
                await timed(app, pilot, beat, ("enter",), "InterventionScreen|FindingScreen"))
            await pilot.press("escape")
            await complete(app, pilot, "WorkspaceScreen")
            await pilot.press("escape")
            await complete(app, pilot, "WorkspaceScreen")
            # F4 gives the floor to the next speaker waiting, a few words, then F5 saves the note.
            samples.setdefault("f4_floor", []).append(await timed(app, pilot, beat, ("f4",), "WorkspaceScreen"))
            await pilot.press(*"noted", "space", *"briefly")
            await complete(app, pilot, "WorkspaceScreen")
            samples.setdefault("f5_save", []).append(await timed(app, pilot, beat, ("f5",), "WorkspaceScreen"))
            # Back to the sessions list and into the workspace again.
            samples.setdefault("sessions_list", []).append(await timed(app, pilot, beat, ("ctrl+o",), "HomeScreen"))
            samples.setdefault("session_form", []).append(await timed(app, pilot, beat, ("n",), "SessionScreen|NewSessionScreen"))
            await pilot.press("escape")
            await complete(app, pilot, "HomeScreen")
            samples.setdefault("open_workspace", []).append(
                await timed(app, pilot, beat, ("enter",), "WorkspaceScreen"))
            workspace = app.screen
            label = workspace.query_one("#session-bar", Static)
        label.update(original)
        beat.stop()
        widgets = len(list(app.screen.walk_children(with_self=True)))
    for name, found in samples.items():
        figures[name] = summary(found)
    return {"figures": figures, "widgets": widgets}


async def typing_repaints(app, presses: list[str], size: tuple[int, int]) -> dict:
    """Widgets repainted per refresh and full layouts while keys are typed into the note."""
    from textual.widgets import TextArea

    async with app.run_test(size=size) as pilot:
        for _ in range(3):
            await pilot.pause()
        area = app.screen.query_one("#note", TextArea)
        area.focus()
        await pilot.pause(0.3)
        counter = Counter(app.screen)
        await pilot.press(*presses)
        await pilot.pause()
        note_size = (area.outer_size.width, area.outer_size.height)
    return {"layouts": counter.layouts, "refreshes": counter.refreshes, "widgets": counter.widgets,
            "note_size": note_size}


async def typing_during_backup(app, count: int, size: tuple[int, int]) -> dict:
    """Each key's time (sent to painted) with nothing else running, then while backups run."""
    from textual.widgets import TextArea

    from workshop.store.backup import backup_in_background

    async with app.run_test(size=size) as pilot:
        for _ in range(3):
            await pilot.pause()
        area = app.screen.query_one("#note", TextArea)
        area.focus()
        await pilot.pause(0.3)

        async def key_ms() -> float:
            started = time.perf_counter()
            send_key(app, "a")
            await complete(app, pilot, None)
            return (time.perf_counter() - started) * 1000

        quiet = [await key_ms() for _ in range(count)]
        during: list[float] = []
        backups = 0
        while len(during) < count:
            thread = backup_in_background(app.notebook)
            backups += 1
            while thread.is_alive() and len(during) < count:
                during.append(await key_ms())
            await asyncio.to_thread(thread.join)
    return {"quiet_ms": statistics.median(quiet), "during_ms": statistics.median(during),
            "backups": backups, "keys": count}
