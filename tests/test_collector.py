"""The collector as the `workshop` command sets it before the app runs."""

import subprocess
import sys


def test_the_app_runs_with_start_up_frozen_and_the_young_collected_less_often():
    # In a process of its own: freezing is for good, and would hold this run's garbage.
    code = (
        "import gc; from workshop.tui.collector import settle_for_the_app, THRESHOLDS;"
        "import workshop.tui.app;"
        "before = gc.get_count(); settle_for_the_app();"
        "assert gc.get_freeze_count() > 10_000, gc.get_freeze_count();"
        "assert gc.get_threshold() == THRESHOLDS and THRESHOLDS[0] > 700;"
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "ok", done.stderr


def test_the_command_settles_the_collector_just_before_the_app_runs(monkeypatch, tmp_path):
    from workshop import cli
    from workshop.tui import app as app_module
    from workshop.tui import collector

    order = []

    class Stub:
        return_code = 0

        def run(self):
            order.append("run")

    monkeypatch.setattr(app_module, "make_app", lambda home: order.append("make") or Stub())
    monkeypatch.setattr(collector, "settle_for_the_app", lambda: order.append("settle"))
    assert cli.run_app(type("Args", (), {"home": tmp_path})()) == 0
    assert order == ["make", "settle", "run"]


def test_a_screen_closed_over_the_workspace_is_freed_before_the_next_key(tmp_path):
    # Python's own collector is off: only what the app does frees the screen.
    import gc
    import weakref

    from test_snapshots_workspace import meeting_in_progress
    from test_tui_meeting import on_screen, run_async, wait_for
    from test_tui_recording import session_app, workspace_ready

    from workshop.tui.clock import FixedClock
    from workshop.tui.screens.help import HelpScreen

    @run_async
    async def run(tmp_path) -> None:
        clock = FixedClock()
        app = session_app(tmp_path, meeting_in_progress(tmp_path, clock), clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await workspace_ready(pilot)
            await pilot.press("f1")
            await on_screen(pilot, HelpScreen)
            await pilot.pause()
            help_screen = app.screen
            closed = weakref.ref(help_screen)
            drawn = [weakref.ref(w._styles_cache) for w in help_screen.walk_children()]
            del help_screen
            await pilot.press("escape")
            await wait_for(pilot, lambda: closed() is None)
            assert not [ref for ref in drawn if ref() is not None]  # nor the lines it drew

    gc.disable()
    try:
        run(tmp_path)
    finally:
        gc.enable()
