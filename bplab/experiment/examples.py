"""The example experiments shipped in ``resources/examples``."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def examples_dir() -> Path:
    """The examples folder, in a source checkout or in a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)  # set by PyInstaller's boot loader
    if frozen is not None:
        return Path(frozen) / "resources" / "examples"
    # bplab/experiment/examples.py -> the repository root holds resources/
    return Path(__file__).resolve().parents[2] / "resources" / "examples"


def _title(path: Path) -> str:
    try:
        with path.open("rb") as f:
            name = json.load(f).get("name")
    except (OSError, ValueError, AttributeError):
        name = None  # a broken example still gets listed, under its file name
    return name if isinstance(name, str) and name.strip() else path.stem


def list_examples() -> list[tuple[str, Path]]:
    """(title, path) of every example, in file-name order; titles are the files' names."""
    folder = examples_dir()
    if not folder.is_dir():
        return []
    return [(_title(p), p) for p in sorted(folder.glob("*.json"))]
