"""docs/maths.md describes the engine as it is: its names and constants are the code's."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from bplab.engine.activations import ACTIVATIONS, ELU_ALPHA, LEAKY_SLOPE
from bplab.engine.losses import LOSSES, REDUCTIONS
from bplab.engine.optimizers import OPTIMIZERS
from bplab.engine.regularizers import TABLE

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "maths.md"
SYMBOLS = {"momentum": "μ", "rho": "ρ", "eps": "ε", "beta1": "β₁", "beta2": "β₂"}


def _rows(text: str, heading: str) -> dict[str, list[str]]:
    """The rows of the first table below ``heading``, by the backquoted name in column 1."""
    section = text.split(heading, 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.fullmatch(r"`(\w+)`.*", cells[0]) if line.startswith("|") else None
        if m:
            rows[m.group(1)] = cells[1:]
        elif rows and not line.startswith("|"):
            break
    return rows


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def test_the_page_exists_and_the_readme_links_it() -> None:
    assert "(docs/maths.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert PAGE.is_file()


def test_every_name_of_the_engine_is_described() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert set(_rows(text, "## Activations")) == set(ACTIVATIONS)
    assert set(_rows(text, "## Losses")) == set(LOSSES)
    assert set(_rows(text, "## Regularization")) == set(TABLE) - {"none"}
    assert set(_rows(text, "## Optimizers")) == set(OPTIMIZERS)
    assert all(f'`"{r}"`' in text for r in REDUCTIONS)


def test_the_constants_are_the_code_s() -> None:
    text = PAGE.read_text(encoding="utf-8")
    acts = _rows(text, "## Activations")
    assert f"{LEAKY_SLOPE:g}·net" in acts["leaky_relu"][0]
    assert f"**α = {ELU_ALPHA:g}**" in acts["elu"][0]
    for name, cells in _rows(text, "## Optimizers").items():
        documented = dict(re.findall(r"(\S+) = ([0-9.e−-]+)", cells[1]))
        defaults = OPTIMIZERS[name].defaults
        assert {SYMBOLS[k] for k in defaults} == set(documented), name
        for key, value in defaults.items():
            assert np.isclose(_number(documented[SYMBOLS[key]]), value, rtol=0), (name, key)
