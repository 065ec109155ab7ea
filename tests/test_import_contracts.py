"""The layering of DESIGN.md, checked by import-linter's contracts in pyproject.toml.

engine and data → experiment → export → gui → cli: nothing imports upward, the
window never imports the command line, and nothing below the window imports Qt.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = ("import sys\n"
       "from importlinter.cli import lint_imports\n"
       "sys.exit(lint_imports(config_filename=sys.argv[1], no_cache=True, no_logo=True))\n")


def lint(config: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    return subprocess.run([sys.executable, "-c", RUN, str(config)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_import_contracts_are_kept() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    n = len(config["tool"]["importlinter"]["contracts"])
    assert n >= 3
    done = lint(ROOT / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {n} kept, 0 broken." in done.stdout


def test_an_upward_import_breaks_a_contract(tmp_path: Path) -> None:
    """The checker sees this code's imports: a contract with the layers upside down fails."""
    config = tmp_path / "upside-down.toml"
    config.write_text('[tool.importlinter]\nroot_package = "bplab"\n\n'
                      '[[tool.importlinter.contracts]]\nname = "upside down"\ntype = "layers"\n'
                      'layers = ["bplab.engine", "bplab.experiment"]\n', encoding="utf-8")
    done = lint(config)
    assert done.returncode != 0
    assert "bplab.experiment is not allowed to import bplab.engine" in done.stdout
