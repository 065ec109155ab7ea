"""Files shipped in ``resources/``: found the same way in a checkout, an install and a bundle.

``resources/`` lives at the top of the repository and has three homes at run time:

- a PyInstaller bundle: ``sys._MEIPASS/resources`` (packaging/bplab.spec puts it there);
- an installed wheel or sdist: ``bplab/_resources`` (pyproject.toml maps the folder into the
  package at build time, so ``pip install .`` and ``pipx install .`` carry it);
- a checkout (``make run``'s editable install, PYTHONPATH, ``python -m bplab``):
  ``resources/`` beside ``bplab/``.

A wheel always installs unpacked, so every home is a real folder whose files Qt can open.
This module imports no Qt (the headless commands and the experiment layer use it);
the window's icon is made from these files by ``bplab.gui.icon``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

ICON_SIZES = (16, 32, 48, 64, 128, 256)  # the PNGs packaging/make_icons.py renders
PACKAGED_NAME = "_resources"  # bplab/_resources in a wheel: [tool.setuptools.package-dir]
# What the program reads at run time, relative to resources/: the icons by name (each one
# must be there), the examples and translations as whatever the folders hold.
ICON_FILES = ("icons/bplab.svg", *(f"icons/bplab-{size}.png" for size in ICON_SIZES))
RUNTIME_GLOBS = ("examples/*.json", "translations/*.qm", "article/*.txt")

_PACKAGE = Path(__file__).resolve().parent  # .../bplab

Origin = Literal["bundle", "installed package", "source tree"]


def resources_origin() -> Origin:
    """Which of the three homes this process reads its resources from."""
    if getattr(sys, "_MEIPASS", None) is not None:  # set by PyInstaller's boot loader
        return "bundle"
    if (_PACKAGE / PACKAGED_NAME).is_dir():
        return "installed package"
    return "source tree"


def resources_root() -> Path:
    """The ``resources`` folder of this process (see the module's docstring)."""
    origin = resources_origin()
    if origin == "bundle":
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]
    if origin == "installed package":
        return _PACKAGE / PACKAGED_NAME
    return _PACKAGE.parent / "resources"  # bplab/resources.py -> the repository root


def resource_path(*parts: str) -> Path:
    """A path inside ``resources/``, e.g. ``resource_path("icons", "bplab.svg")``."""
    return resources_root().joinpath(*parts)


def runtime_files(root: Path | None = None) -> list[str]:
    """Every file under ``root`` (default: this process's resources) the program reads.

    As '/'-separated paths relative to the folder: the icons whether or not they exist
    (so a missing one shows up as missing), every example and translation it holds.
    """
    root = resources_root() if root is None else root
    found = {p.relative_to(root).as_posix() for pattern in RUNTIME_GLOBS
             for p in root.glob(pattern) if p.is_file()}
    return sorted(found | set(ICON_FILES))
