"""The command line loads only what the app's first screen needs before it shows it."""

from __future__ import annotations

import subprocess
import sys


def test_reading_the_command_line_does_not_load_the_search() -> None:
    # `workshop` reads its arguments at every start; the search's choices come from a small module
    # so that loading the search (its query parser and ranking) waits for the first Ctrl+F.
    code = ("import sys, workshop.cli as cli; cli.build_parser().parse_args(['--home', 'x']); "
            "print(sorted(m for m in sys.modules if m.startswith('workshop.store.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "workshop.store.search" not in loaded and "workshop.store.query" not in loaded
