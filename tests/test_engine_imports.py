"""The engine and the other non-GUI packages must import without Qt.

A fresh interpreter gets a meta-path finder that refuses PySide6, pyqtgraph
and shiboken6, then imports every module of the non-GUI packages that exist
(the engine always; data, experiment and cli once they are there).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent("""
    import importlib
    import importlib.abc
    import importlib.util
    import pkgutil
    import sys

    BLOCKED = ("PySide6", "pyqtgraph", "shiboken6")

    class BlockQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{name} is blocked: this module must not need Qt")
            return None

    sys.meta_path.insert(0, BlockQt())
    required = ["bplab.engine"]
    optional = ["bplab.data", "bplab.experiment", "bplab.cli"]
    imported = []
    for name in required + [m for m in optional if importlib.util.find_spec(m) is not None]:
        module = importlib.import_module(name)
        imported.append(name)
        # Every submodule too: a package's __init__ may not import them all.
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
            importlib.import_module(info.name)
            imported.append(info.name)
    leaked = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
    assert not leaked, f"Qt modules were imported: {leaked}"
    print("imported", " ".join(imported))
""")


def test_non_gui_packages_import_without_qt() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    imported = result.stdout.split()
    assert "bplab.engine" in imported and "bplab.engine.trainer" in imported
    assert "bplab.engine.network" in imported


def test_blocker_really_blocks() -> None:
    """The same finder makes a Qt import fail, so the test above can fail."""
    script = SCRIPT.replace('required = ["bplab.engine"]', 'required = ["pyqtgraph"]')
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert "blocked" in result.stderr
