"""docs/maths.md describes the gradient check and the doctor with the code's constants."""

from __future__ import annotations

import re
from pathlib import Path

from bplab.engine import gradcheck, layer_stats
from bplab.experiment import doctor

PAGE = Path(__file__).resolve().parents[1] / "docs" / "maths.md"


def _section(heading: str) -> str:
    """The section's text with every run of white space made one space."""
    text = PAGE.read_text(encoding="utf-8")
    return " ".join(text.split(heading, 1)[1].split("\n## ", 1)[0].split())


def _number(text: str) -> float:
    return float(text.replace("−", "-"))


def test_the_gradient_check_s_numbers_are_the_code_s():
    text = _section("## Gradient check")
    assert _number(re.search(r"\*\*h = ([0-9.e−]+)\*\*", text).group(1)) == gradcheck.STEP
    assert _number(re.search(r"passes at \*\*([0-9.e−]+)\*\*", text).group(1)) == (
        gradcheck.TOLERANCE)
    assert "10⁻⁴ · max(1, |L|)" in text and gradcheck.FLOOR == 1e-4
    assert f"more than {gradcheck.DEFAULT_MAX_PER_LAYER} parameters" in text
    assert f"at least {gradcheck.MIN_PER_LAYER})" in text and gradcheck.WORK_PER_LAYER == 2e8
    assert "at most 2·10⁸ multiply-adds" in text


def test_every_threshold_of_the_doctor_is_documented_with_its_value():
    text = _section("## Training doctor")
    names = ["GROWTH", "EDIT_RATIO", "OUTLIER_MIN", "OUTLIER_RATIO", "EXPLODING_GAIN",
             "VANISHING_RATIO", "SLOW_PROGRESS", "SMALL_RATE_SHARE", "PLATEAU_EPOCHS",
             "PLATEAU_IMPROVEMENT", "SOLVED_ACCURACY", "SOLVED_SHARE"]
    for name in names:
        m = re.search(rf"`{name}` = ([0-9.e−]+)", text)
        assert m, f"{name} is not given a value in docs/maths.md"
        documented = _number(m.group(1))
        value = getattr(doctor, name)
        assert documented == value or (name == "PLATEAU_IMPROVEMENT" and
                                       m.group(0).endswith(f"= {100 * value:g}")), name
    assert f"`SATURATED_SHARE` = {layer_stats.SATURATED_SHARE:g}" in text
    for act, limit in layer_stats.SATURATION_NET.items():
        assert f"{act} {limit:g}" in text
    assert f"up to {doctor.CURVATURE_POINTS} training points" in text
