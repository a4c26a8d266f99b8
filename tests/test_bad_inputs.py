"""Files that are not what they say: devices, pipes, huge files, versions written as text, a BOM."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_store_files import all_rows, make_notebook

from workshop import cli
from workshop.export.bundle import bundle_json
from workshop.store import Notebook
from workshop.store import bundle as bundle_module
from workshop.store.notebook import notebook_path, now
from workshop.store.sync import all_records


def one_line(capsys, *phrases: str) -> None:
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("workshop: "), err
    for phrase in phrases:
        assert phrase in err[0], err[0]


def a_bundle(tmp_path: Path) -> dict:
    with Notebook.open(tmp_path / "source") as notebook:
        notebook.create_session("W2", meeting="From the bundle")
        return json.loads(bundle_json(all_records(notebook), exported_at=now(), schema_version=2))


def test_importing_dev_zero_is_one_line(home: Path) -> None:
    make_notebook(home)
    result = subprocess.run([sys.executable, "-m", "workshop", "--home", str(home), "import", "/dev/zero"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result
    assert "not a regular file" in result.stderr


@pytest.mark.parametrize("command", ["import", "merge"])
def test_a_fifo_is_refused_without_waiting(home: Path, tmp_path: Path, command: str, capsys) -> None:
    make_notebook(home)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    status: list[int] = []
    worker = threading.Thread(target=lambda: status.append(cli.main(["--home", str(home), command, str(fifo)])),
                              daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():  # unblock the reader so the test ends, then fail
        with open(fifo, "w"):
            pass
        pytest.fail(f"{command} of a FIFO waits for a writer")
    assert status == [1]
    one_line(capsys, "not a regular file")


def test_a_file_too_big_is_refused_unread(home: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    make_notebook(home)
    monkeypatch.setattr(bundle_module, "MAX_BUNDLE_BYTES", 1000)
    big = tmp_path / "big.json"
    big.write_text(json.dumps(a_bundle(tmp_path)) + " " * 2000)
    assert cli.main(["--home", str(home), "import", str(big)]) == 1
    one_line(capsys, "too big")


@pytest.mark.parametrize("version", [3.0, "3", 2.0, "2", True])
def test_schema_version_must_be_a_whole_number(home: Path, tmp_path: Path, version, capsys) -> None:
    path = make_notebook(home)
    rows = all_rows(path)
    document = a_bundle(tmp_path)
    document["schema_version"] = version
    bundle = tmp_path / "v.json"
    bundle.write_text(json.dumps(document))
    assert cli.main(["--home", str(home), "import", str(bundle)]) == 1
    one_line(capsys, "schema_version")
    assert all_rows(path) == rows


def test_a_bundle_version_written_as_a_float_is_refused(home: Path, tmp_path: Path, capsys) -> None:
    make_notebook(home)
    document = a_bundle(tmp_path)
    document["version"] = float(document["version"])
    bundle = tmp_path / "v.json"
    bundle.write_text(json.dumps(document))
    assert cli.main(["--home", str(home), "import", str(bundle)]) == 1
    one_line(capsys, "version")


def test_a_bundle_with_a_byte_order_mark_is_imported(home: Path, tmp_path: Path) -> None:
    make_notebook(home)
    bundle = tmp_path / "bom.json"
    bundle.write_bytes(b"\xef\xbb\xbf" + json.dumps(a_bundle(tmp_path)).encode("utf-8"))
    assert cli.main(["--home", str(home), "import", str(bundle)]) == 0
    with Notebook.open(home) as notebook:
        assert "From the bundle" in [s.meeting for s in notebook.sessions()]
    assert notebook_path(home).exists()
