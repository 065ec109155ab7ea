"""The wheel carries everything bplab reads at run time, and an installed copy finds it.

The wheel is built once per session from a copy of the project's files (so the checkout
gets no build/ or .egg-info folders), with build isolation as `pip install .` does.
packaging/check-wheel.sh goes further in CI: sdist, wheel, a clean venv, the self-test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from bplab import __version__
from bplab.resources import PACKAGED_NAME, runtime_files

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
IN_WHEEL = f"bplab/{PACKAGED_NAME}"  # where the wheel puts resources/
# What a build reads: pyproject.toml and the files it names.
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "bplab", "resources")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def _files_under(folder: Path) -> list[str]:
    """Every file under folder, '/'-separated and relative, without Python's caches."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=SKIP)
        else:
            shutil.copy2(item, source / name)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out),
                             str(source)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / f"bplab-{__version__}-py3-none-any.whl"


def test_every_package_under_bplab_is_listed_in_pyproject() -> None:
    setuptools = PYPROJECT["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "bplab").rglob(
        "__init__.py")}
    missing = sorted(found - listed)
    assert not missing, (f"add {missing} to [tool.setuptools] packages in pyproject.toml, "
                         "or the wheel will leave them out")
    # resources/ is mapped into the package under the name bplab.resources looks for.
    assert setuptools["package-dir"] == {f"bplab.{PACKAGED_NAME}": "resources"}
    assert f"bplab.{PACKAGED_NAME}" in listed
    assert setuptools["package-data"][f"bplab.{PACKAGED_NAME}"] == ["**/*"]


def test_wheel_carries_every_resource_the_program_reads(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = runtime_files(ROOT / "resources")
    assert any(name.startswith("examples/") for name in wanted)
    missing = [name for name in wanted if f"{IN_WHEEL}/{name}" not in names]
    assert not missing, f"{wheel.name} lacks {missing}"
    # The rest of resources/ (desktop file, MIME type, .ico) goes along by the same rule.
    lost = [name for name in _files_under(ROOT / "resources") if f"{IN_WHEEL}/{name}" not in names]
    assert not lost, f"{wheel.name} lacks resources/{lost}"


def test_wheel_carries_every_file_of_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    lost = [name for name in _files_under(ROOT / "bplab") if f"bplab/{name}" not in names]
    assert not lost, f"{wheel.name} lacks bplab/{lost}"
    meta = zipfile.ZipFile(wheel).read(f"bplab-{__version__}.dist-info/METADATA").decode()
    assert "Author: bplab developers" in meta and "License-Expression: MIT" in meta
    assert f"bplab-{__version__}.dist-info/licenses/LICENSE" in names


def test_unpacked_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    """The installed layout, without a venv: the wheel's files alone on sys.path."""
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import sys, bplab, bplab.resources as r\n"
            "from bplab.experiment import list_examples\n"
            "assert bplab.__file__.startswith(sys.argv[1]), bplab.__file__\n"
            "assert r.resources_origin() == 'installed package', r.resources_origin()\n"
            "missing = [n for n in r.runtime_files() if not r.resource_path(n).is_file()]\n"
            "assert not missing, missing\n"
            "print(len(list_examples()))\n")
    env = {**os.environ, "PYTHONPATH": str(site)}  # not the checkout's bplab
    result = subprocess.run([sys.executable, "-c", code, str(site)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(list((ROOT / "resources" / "examples").glob("*.json")))


def test_ci_checks_the_installed_wheel() -> None:
    script = ROOT / "packaging" / "check-wheel.sh"
    subprocess.run(["bash", "-n", str(script)], check=True, timeout=30)  # it parses
    text = script.read_text(encoding="utf-8")
    for step in ("-m build", "-m venv", "--self-test", " train ", "--screenshot"):
        assert step in text, step
    assert "bash packaging/check-wheel.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
