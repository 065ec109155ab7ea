"""Python source text for numbers and arrays, exact to the last bit.

Exported scripts embed data and weights as literals.  ``repr`` of a Python
float is the shortest text that reads back to the same double, so a script
that parses these literals starts from exactly the lab's numbers.
"""

from __future__ import annotations

import math

import numpy as np

Array = np.ndarray

ROW_WIDTH = 96  # characters per line before a long row is wrapped


def float_literal(value: float) -> str:
    """Exact source text for one float; NaN and infinities (a diverged run) included."""
    value = float(value)  # float32 widens exactly, so its repr reads back to the same float32
    if math.isfinite(value):
        return repr(value)
    return 'float("nan")' if math.isnan(value) else f'float("{"-" if value < 0 else ""}inf")'


def _row(values: Array) -> str:
    return "[" + ", ".join(float_literal(v) for v in values) + "]"


def _wrap(items: list[str], indent: str) -> str:
    """Join ``items`` with commas, breaking lines so they stay under ROW_WIDTH."""
    lines, line = [], ""
    for item in items:
        piece = item + ","
        if line and len(indent) + len(line) + 1 + len(piece) > ROW_WIDTH:
            lines.append(indent + line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    if line:
        lines.append(indent + line)
    return "\n".join(lines)


def nested_list(a: Array, indent: str = "    ") -> str:
    """A 1-D or 2-D array as a nested list literal, one matrix row per line."""
    a = np.asarray(a)
    if a.ndim == 1:
        if len(a) == 0:
            return "[]"
        text = _row(a)
        if len(indent) + len(text) <= ROW_WIDTH - 24:  # room for "name = np.array(...)"
            return text
        return "[\n" + _wrap([float_literal(v) for v in a], indent) + "\n" + indent[4:] + "]"
    if a.ndim != 2:
        raise ValueError(f"only 1-D and 2-D arrays can be written as literals, not {a.ndim}-D")
    if len(a) == 0:
        return "[]"
    return "[\n" + "\n".join(f"{indent}{_row(r)}," for r in a) + "\n" + indent[4:] + "]"


def int_list(a: Array, indent: str = "    ") -> str:
    """An integer vector (a sample order) as a list literal, wrapped."""
    items = [str(int(v)) for v in np.asarray(a).ravel()]
    if not items:
        return "[]"
    return "[\n" + _wrap(items, indent) + "\n" + indent[4:] + "]"


def dict_literal(value: object, indent: str = "") -> str:
    """A dict of str/int/float/dict values (a ``bit_generator.state``) as source text.

    Short dicts stay on one line; longer ones get one key per line.
    """
    text = repr(value)
    if not isinstance(value, dict) or len(indent) + len(text) <= ROW_WIDTH - 8:
        return text
    inner = indent + "    "
    items = [f"{inner}{k!r}: {dict_literal(v, inner)}," for k, v in value.items()]
    return "{\n" + "\n".join(items) + "\n" + indent + "}"
