"""The PyInstaller spec, the desktop integration files and the packaging scripts.

PyInstaller itself is not run here (too slow); .ci/run builds and self-tests the bundle.
The spec is executed with stand-ins for PyInstaller's classes to check what it asks for.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "bplab.spec"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


class Recorder:
    """Stands in for Analysis, PYZ, EXE, COLLECT and BUNDLE; remembers its arguments."""

    calls: list[tuple[str, tuple, dict]]

    def __init__(self, kind: str, calls: list) -> None:
        self.kind, self.calls = kind, calls

    def __call__(self, *args, **kwargs):
        self.calls.append((self.kind, args, kwargs))
        return SimpleNamespace(binaries=[], datas=[], pure=[], scripts=[], args=args,
                               kwargs=kwargs)


def run_spec(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **env: str) -> dict:
    for key in ("BPLAB_ONEFILE", "BPLAB_CONSOLE", "BPLAB_ONEFILE_COMPRESS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    calls: list = []
    namespace = {name: Recorder(name, calls) for name in
                 ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")}
    namespace.update(SPECPATH=str(SPEC.parent), workpath=str(tmp_path), __file__=str(SPEC))
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    namespace["calls"] = {kind: (args, kwargs) for kind, args, kwargs in calls}
    return namespace


def test_spec_is_valid_python() -> None:
    compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")


def test_spec_bundles_resources_and_excludes_unused_modules(monkeypatch, tmp_path) -> None:
    ns = run_spec(monkeypatch, tmp_path)
    args, kwargs = ns["calls"]["Analysis"]
    assert Path(args[0][0]) == ROOT / "packaging" / "launcher.py"
    assert (str(ROOT / "resources"), "resources") in kwargs["datas"]
    excludes = set(kwargs["excludes"])
    for unused in ("PySide6.QtWebEngineCore", "PySide6.QtQml", "PySide6.QtNetwork",
                   "PySide6.QtTest", "tkinter", "matplotlib", "scipy", "torch", "pytest"):
        assert unused in excludes
    # pyqtgraph needs these (QtOpenGL even for 2D plots, colorama on every platform).
    for needed in ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSvg",
                   "PySide6.QtGui", "numpy", "colorama", "pyqtgraph"):
        assert needed not in excludes
    assert "bplab.selftest" in kwargs["hiddenimports"]
    exe_kwargs = ns["calls"]["EXE"][1]
    assert exe_kwargs["name"] == "bplab" and exe_kwargs["strip"] is False  # OpenBLAS
    assert "COLLECT" in ns["calls"]  # onedir by default
    if sys.platform.startswith("linux"):
        assert exe_kwargs["console"] is True  # so --self-test prints


def test_spec_onefile_option(monkeypatch, tmp_path) -> None:
    ns = run_spec(monkeypatch, tmp_path, BPLAB_ONEFILE="1")
    assert "COLLECT" not in ns["calls"]
    assert "cdict" not in ns["calls"]["EXE"][1]
    ns = run_spec(monkeypatch, tmp_path, BPLAB_ONEFILE="1", BPLAB_ONEFILE_COMPRESS="0")
    assert not any(ns["calls"]["EXE"][1]["cdict"].values())


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/plugins/imageformats/libqpng.so", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
    ("PySide6/Qt/lib/libQt6OpenGL.so.6", True),
    ("PySide6/Qt/lib/libQt6OpenGLWidgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Svg.so.6", True),
    ("PySide6/Qt/lib/libicudata.so.73", True),  # Qt Core links ICU: dropping it breaks start-up
    ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", True),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/platforms/libqminimalegl.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
    ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6/Qt/translations/qt_help_zh_CN.qm", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),  # file dialogs and buttons in Chinese
    ("PySide6/Qt/translations/qt_zh_CN.qm", True),
    ("resources/translations/bplab_zh_CN.qm", True),  # bplab's own interface
    ("resources/translations/bplab_en.qm", True),
    ("PySide6/Qt/lib/libQt6Network.so.6", False),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
])
def test_spec_prune_rules(monkeypatch, tmp_path, dest: str, kept: bool) -> None:
    keep = run_spec(monkeypatch, tmp_path)["keep"]
    assert keep((dest, "/src/" + dest, "BINARY")) is kept


def test_launcher_calls_the_cli() -> None:
    text = (ROOT / "packaging" / "launcher.py").read_text(encoding="utf-8")
    assert "from bplab.cli import main" in text and "sys.exit(main())" in text


# -- desktop integration ---------------------------------------------------------------
def test_desktop_file() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(ROOT / "resources" / "bplab.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "bplab" and entry["Comment"]
    assert entry["Exec"] == "bplab %f"
    assert entry["Icon"] == "bplab"
    assert entry["Categories"] == "Education;Science;"
    assert entry["MimeType"] == "application/x-bplab-experiment;"


def test_mime_xml() -> None:
    root = ET.parse(ROOT / "resources" / "bplab-mime.xml").getroot()
    mime = root.find(f"{MIME_NS}mime-type")
    assert mime.get("type") == "application/x-bplab-experiment"
    globs = {g.get("pattern") for g in mime.iter(f"{MIME_NS}glob")}
    assert globs == {"*.bplab.json", "*.bplab"}
    values = {m.get("value") for m in mime.iter(f"{MIME_NS}match")}
    assert '"format": "bplab-experiment"' in values
    # The magic string really is how experiment files start.
    example = (ROOT / "resources" / "examples" / "circle.json").read_text(encoding="utf-8")
    assert '"format": "bplab-experiment"' in example[:256]


@pytest.mark.skipif(shutil.which("bash") is None or sys.platform == "win32",
                    reason="the installer is a bash script for Linux desktops")
def test_install_desktop_script(tmp_path: Path) -> None:
    data = tmp_path / "share"
    exe = tmp_path / "my bplab" / "bplab"
    exe.parent.mkdir()
    exe.write_text("#!/bin/sh\n")
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    script = str(ROOT / "packaging" / "install-desktop.sh")
    subprocess.run(["bash", script, str(exe)], env=env, check=True, capture_output=True,
                   timeout=120)
    desktop = (data / "applications" / "bplab.desktop").read_text(encoding="utf-8")
    assert f'Exec="{exe}" %f' in desktop  # absolute and quoted: menus have no PATH or cwd
    assert (data / "mime" / "packages" / "bplab-mime.xml").is_file()
    for size in (16, 32, 48, 64, 128, 256):
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "bplab.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "bplab.svg").is_file()
    subprocess.run(["bash", script, "--uninstall"], env=env, check=True, capture_output=True,
                   timeout=120)
    assert not (data / "applications" / "bplab.desktop").exists()
    assert not (data / "icons" / "hicolor" / "scalable" / "apps" / "bplab.svg").exists()


# -- icons -------------------------------------------------------------------------------
def test_svg_icon_uses_the_playground_colours() -> None:
    svg = (ROOT / "resources" / "icons" / "bplab.svg").read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed
    assert "#f59322" in svg and "#0877bd" in svg


@pytest.mark.gui
def test_png_icons_are_rendered_at_every_size(qapp) -> None:
    from PySide6.QtGui import QImage

    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import make_icons
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    for size in make_icons.SIZES:
        image = QImage(str(make_icons.png_path(size)))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel() and image.pixelColor(0, 0).alpha() == 0  # round corners
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255
    ico = (ROOT / "resources" / "icons" / "bplab.ico").read_bytes()
    assert ico[:4] == b"\0\0\1\0" and int.from_bytes(ico[4:6], "little") == len(make_icons.SIZES)


# -- startup measurement -----------------------------------------------------------------
def test_startup_time_script_reads_shown_at(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import startup_time
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    fake = [sys.executable, "-c", "import time; print(f'shown-at: {time.time() + 0.25}')"]
    seconds = startup_time.one_run(fake, dict(os.environ))
    assert 0.25 <= seconds < 10
