"""How the views name features and neurons, so every view says the same thing."""

from __future__ import annotations

import re

from bplab.data import FEATURES

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def feature_label(name: str) -> str:
    """'x1_sq' → 'x₁²', 'x3' → 'x₃' (a CSV column without a header name, numbered like
    x₁ and x₂); other names (CSV columns) stay as they are."""
    f = FEATURES.get(name)
    if f is not None:
        return f.label
    if re.fullmatch(r"x[0-9]+", name):
        return "x" + name[1:].translate(_SUBSCRIPT)
    return name
