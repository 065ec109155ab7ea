"""Finding resources/ from source and from a bundle; the app icon; the About box."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bplab import __version__, resources
from bplab.experiment import examples_dir

ROOT = Path(__file__).resolve().parents[1]


def test_resource_path_from_source() -> None:
    assert resources.resources_root() == ROOT / "resources"
    assert resources.resource_path("icons", "bplab.svg").is_file()
    assert resources.resource_path("bplab.desktop").is_file()
    assert resources.resource_path("examples") == examples_dir()


def test_resource_path_in_a_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icons", "bplab-16.png") == tmp_path / "resources" / "icons" / \
        "bplab-16.png"
    assert examples_dir() == resources.resource_path("examples")  # the spec's layout for both


def test_headless_modules_do_not_import_qt() -> None:
    code = ("import sys, bplab.resources, bplab.crash, bplab.selftest, bplab.cli\n"
            "bplab.resources.resource_path('icons')\n"
            "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph')))\n"
            "assert not qt, qt\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.gui
def test_app_icon_has_every_size(qapp) -> None:
    icon = resources.app_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == list(resources.ICON_SIZES)


@pytest.mark.gui
def test_about_text_lists_the_versions(qapp) -> None:
    import pyqtgraph
    import PySide6
    from PySide6.QtCore import qVersion

    from bplab.gui.about import about_text

    text = about_text()
    assert f"bplab {__version__}" in text
    assert "License: MIT" in text
    for expected in (f"Qt {qVersion()}", f"PySide6 {PySide6.__version__}",
                     f"pyqtgraph {pyqtgraph.__version__}", f"NumPy {np.__version__}",
                     f"Python {platform.python_version()}"):
        assert expected in text


@pytest.mark.gui
def test_about_dialog_is_non_blocking(qtbot) -> None:
    from PySide6.QtCore import qVersion
    from PySide6.QtWidgets import QMessageBox, QWidget

    from bplab.gui.about import about_dialog, show_about

    parent = QWidget()
    qtbot.addWidget(parent)
    box = about_dialog(parent)
    assert box.objectName() == "aboutDialog" and qVersion() in box.text()
    assert not box.iconPixmap().isNull()
    show_about(parent)  # returns at once: open(), not exec()
    # Look among the parent's children only: walking every top-level widget of the
    # test session can meet widgets that other tests are tearing down.
    shown = [w for w in parent.findChildren(QMessageBox, "aboutDialog") if w.isVisible()]
    assert shown
    for w in shown:
        w.close()
