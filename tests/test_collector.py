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
