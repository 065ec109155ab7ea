"""The example experiments shipped in ``resources/examples``."""

from __future__ import annotations

import json
from pathlib import Path

from bplab.resources import resource_path


def examples_dir() -> Path:
    """The examples folder: in a checkout, an installed package or a PyInstaller bundle."""
    return resource_path("examples")


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
