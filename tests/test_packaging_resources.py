"""Finding resources/ from source, installed and in a bundle; the app icon; the About box."""

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
    assert resources.resources_origin() == "source tree"
    assert resources.resources_root() == ROOT / "resources"
    assert resources.resource_path("icons", "bplab.svg").is_file()
    assert resources.resource_path("bplab.desktop").is_file()
    assert resources.resource_path("examples") == examples_dir()


def test_resource_path_in_a_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icons", "bplab-16.png") == tmp_path / "resources" / "icons" / \
        "bplab-16.png"
    assert examples_dir() == resources.resource_path("examples")  # the spec's layout for both


def test_resource_path_in_an_installed_package(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    # The wheel's layout: site-packages/bplab/_resources beside bplab/resources.py.
    package = tmp_path / "site-packages" / "bplab"
    (package / "_resources" / "examples").mkdir(parents=True)
    (package / "_resources" / "examples" / "xor.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(resources, "_PACKAGE", package)
    assert resources.resources_origin() == "installed package"
    assert resources.resource_path("icons", "bplab.svg") == package / "_resources" / "icons" / \
        "bplab.svg"
    assert examples_dir() == package / "_resources" / "examples"
    # A bundle wins over everything else: PyInstaller collects bplab's files too.
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "bundle"), raising=False)
    assert resources.resources_origin() == "bundle"
    assert examples_dir() == tmp_path / "bundle" / "resources" / "examples"


def test_runtime_files_name_the_icons_and_find_examples_and_translations(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "translations").mkdir()
    for name in ("examples/a.json", "examples/notes.txt", "translations/bplab_zh_CN.qm",
                 "translations/bplab_zh_CN.ts", "bplab.desktop"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    files = resources.runtime_files(tmp_path)
    assert "examples/a.json" in files and "translations/bplab_zh_CN.qm" in files
    assert "examples/notes.txt" not in files and "translations/bplab_zh_CN.ts" not in files
    # The icons are named even where they are missing, so that a lost one is noticed.
    assert {f"icons/bplab-{size}.png" for size in resources.ICON_SIZES} < set(files)
    assert "icons/bplab.svg" in files
    on_disk = resources.runtime_files()
    assert all((ROOT / "resources" / name).is_file() for name in on_disk), on_disk
    assert {f"examples/{p.name}" for p in examples_dir().glob("*.json")} < set(on_disk)


def test_headless_modules_do_not_import_qt() -> None:
    code = ("import sys, bplab.resources, bplab.crash, bplab.selftest, bplab.cli\n"
            "bplab.resources.resource_path('icons')\n"
            "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph')))\n"
            "assert not qt, qt\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.gui
def test_app_icon_has_every_size(qapp) -> None:
    from bplab.gui.icon import app_icon

    icon = app_icon()
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
