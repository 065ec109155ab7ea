"""``bplab --self-test`` and ``--startup-time`` from source (the build script runs them frozen)."""

from __future__ import annotations

import os

import pytest

from bplab import selftest
from bplab.cli import main

pytestmark = pytest.mark.gui


def test_self_test_passes_from_source(qapp) -> None:
    lines: list[str] = []
    assert selftest.run_self_test(lines.append) == 0, "\n".join(lines)
    assert lines[-1].startswith("self-test passed")
    checks = lines[:-1]
    assert all(line.startswith("ok: ") for line in checks), checks
    text = "\n".join(checks)
    for topic in ("trained", "reloaded", "window picture", "boundary view", "loss view",
                  "About", "thread stopped", "translations load"):
        assert topic in text


def test_self_test_reports_a_failure(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(selftest, "EXAMPLE", "no-such-example.json")
    lines: list[str] = []
    assert selftest.run_self_test(lines.append) == 1
    assert lines[-1].startswith("FAIL: example ") and "no-such-example.json" in lines[-1]


def test_cli_self_test(qapp, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out and "self-test passed" in out


def test_startup_time_quits_after_the_first_paint(qapp, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--startup-time"]) == 0
    out = capsys.readouterr().out
    shown = [line for line in out.splitlines() if line.startswith("shown-at: ")]
    assert len(shown) == 1 and float(shown[0].split()[1]) > 0
    assert "startup: main window painted" in out


def test_version_and_exclusive_flags(capsys: pytest.CaptureFixture[str]) -> None:
    from bplab import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"bplab {__version__}"
    assert main(["--self-test", "--startup-time"]) == 2
    assert "not allowed with" in capsys.readouterr().err


def test_process_age_is_plausible() -> None:
    age = selftest.process_age()
    if age is None:
        pytest.skip("no /proc on this system")
    assert 0 < age < 24 * 3600


def test_self_test_leaves_no_trace(qapp, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """No recent-files entry, no autosave, the data-folder override restored."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("BPLAB_DATA_DIR", str(tmp_path / "data"))
    before = QSettings("bplab", "bplab").value("files/recent")
    assert selftest.run_self_test(lambda _line: None) == 0
    assert QSettings("bplab", "bplab").value("files/recent") == before
    assert not (tmp_path / "data").exists()
    assert os.environ["BPLAB_DATA_DIR"] == str(tmp_path / "data")


def test_startup_time_watches_the_window_not_every_event(qapp, capsys) -> None:
    """A filter on the whole application runs Python for each of the tens of thousands of
    events of start-up and would add that to the time measured: the measurement's own
    filter runs for a few hundred events at most."""
    import sys

    calls = 0

    def count(frame, event, _arg):
        nonlocal calls
        if (event == "call" and frame.f_code.co_name == "eventFilter"
                and frame.f_code.co_filename == selftest.__file__):
            calls += 1

    sys.setprofile(count)
    try:
        assert main(["--startup-time"]) == 0
    finally:
        sys.setprofile(None)
    assert "startup: main window painted" in capsys.readouterr().out
    assert 0 < calls < 2000, calls
