"""What a packager reads: pyproject.toml's metadata and `bplab --help`."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

from bplab import cli

ROOT = Path(__file__).resolve().parents[1]


def test_metadata_a_packager_expects() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["authors"] == [{"name": "bplab developers"}]
    assert project["keywords"] and project["classifiers"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").is_file()
    # An SPDX license expression rules out the old License :: classifiers.
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]
    assert project["scripts"] == {"bplab": "bplab.cli:main"}


def test_help_lists_every_headless_command() -> None:
    parser = cli._command_parser()
    commands = next(a for a in parser._actions
                    if isinstance(a, argparse._SubParsersAction)).choices
    assert {"train", "predict", "export-weights", "export"} <= set(commands)
    result = subprocess.run([sys.executable, "-m", "bplab", "--help"], capture_output=True,
                            text=True, timeout=60, check=True)
    text = " ".join(result.stdout.split())  # argparse wraps the epilog
    missing = [name for name in commands if f"'bplab {name} " not in text]
    assert not missing, f"'bplab --help' does not mention {missing}:\n{result.stdout}"
