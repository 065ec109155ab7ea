"""What the window's start-up leaves for later: modules only a rarer path needs, and
pictures not on screen yet."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.gui

START = """\
import sys
from bplab.cli import main
sys.argv = ["bplab", "--startup-time"]
code = main()
print("modules:", " ".join(sorted(sys.modules)))
from bplab.gui.form_widgets import _preview_icon
print("previews drawn:", _preview_icon.cache_info().currsize)
sys.exit(code)
"""

# Needed only for a crash report or the About box's versions; email and friends come
# with it, a noticeable share of the start-up.
LATER = ("importlib.metadata",
         # Only an export of a view needs pyqtgraph's exporters (and xml.dom under them).
         "pyqtgraph.exporters", "xml.dom.minidom")


def start_window() -> str:
    """The output of a process that starts the window as `bplab` does and quits at its
    first paint."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(
               p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    done = subprocess.run([sys.executable, "-c", START], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_window_starts_without_the_modules_only_rarer_paths_need() -> None:
    out = start_window()
    line = next(x for x in out.splitlines() if x.startswith("modules: "))
    loaded = set(line.split()[1:])
    assert "bplab.gui.main_window" in loaded  # the window was really built
    assert not loaded & set(LATER), loaded & set(LATER)


def test_the_data_set_previews_are_drawn_when_shown() -> None:
    """The data-set list is closed at start-up: only the preview of the one shown is drawn
    (all of them took a noticeable share of the start-up)."""
    from bplab.data import GENERATORS

    out = start_window()
    line = next(x for x in out.splitlines() if x.startswith("previews drawn: "))
    assert int(line.split()[-1]) <= 1 < len(GENERATORS)
