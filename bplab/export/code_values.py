"""The value a variable of the code view holds in the step being explained.

Hovering ``layer1``, ``delta2`` or ``W2`` in the code shows the number the
step-through shows for it: an array of the walkthrough's ``StepArrays`` (the
engine's own), never a recomputation.  Two of the article's variables carry
its sign convention: it writes ``error = y − ŷ``, so its ``delta2`` and
``delta1`` are −δ (negation is exact) and its update adds where the lab's
subtracts.  ``error`` itself is the one subtraction done here, the same one
the article's line does.  Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from bplab.experiment.walkthrough import StepArrays, Walkthrough

Array = np.ndarray

# what: "input", "target", "net", "h", "output", "error", "delta", "article_delta",
# "dW", "db", "weight", "bias", "loss"
WHATS = ("input", "target", "net", "h", "output", "error", "delta", "article_delta", "dW",
         "db", "weight", "bias", "loss")


@dataclass(frozen=True, slots=True)
class CodeValue:
    name: str  # the variable as the code spells it
    what: str  # one of WHATS
    layer: int  # node layer it belongs to (0 where none)
    array: Array
    updated: bool = False  # a parameter shown after the step's update


def code_value(name: str, wt: Walkthrough, article: bool, stage_kind: str = ""
               ) -> CodeValue | None:
    """The value of ``name`` in the code view's program during a stage of ``wt``.

    Parameters are the old ones until the update stage, the new ones during it.
    None for names the step does not give a value to.
    """
    a = wt.arrays
    if a is None:
        return None
    L = len(a.net)
    updated = stage_kind == "update"
    found = (_article(name, a, L) if article else _generated(name, a, L))
    if found is not None:
        return found
    m = re.fullmatch(r"([Wb])(\d+)", name)
    if m and 1 <= int(m.group(2)) <= L:
        k = int(m.group(2))
        if m.group(1) == "W":
            array = wt.new_W[k - 1] if updated else a.old_W[k - 1]
            return CodeValue(name, "weight", k, array, updated)
        array = wt.new_b[k - 1] if updated else a.old_b[k - 1]
        return CodeValue(name, "bias", k, array, updated)
    return None


def _article(name: str, a: StepArrays, L: int) -> CodeValue | None:
    if name == "X":
        return CodeValue(name, "input", 0, a.h[0])
    if name == "y" and a.t is not None:
        return CodeValue(name, "target", L, a.t)
    m = re.fullmatch(r"layer(\d+)", name)
    if m and 1 <= int(m.group(1)) <= L:
        k = int(m.group(1))
        return CodeValue(name, "output" if k == L else "h", k, a.h[k])
    if name == "error" and a.t is not None:
        return CodeValue(name, "error", L, a.t - a.h[L])
    m = re.fullmatch(r"delta(\d+)", name)
    if m and 1 <= int(m.group(1)) <= L:
        k = int(m.group(1))
        return CodeValue(name, "article_delta", k, -a.delta[k - 1])
    return None


def _generated(name: str, a: StepArrays, L: int) -> CodeValue | None:
    if name == "x":
        return CodeValue(name, "input", 0, a.h[0])
    if name == "y" and a.t is not None:
        return CodeValue(name, "target", L, a.t)
    if name == "y_hat":
        return CodeValue(name, "output", L, a.h[L])
    if name == "net_out":
        return CodeValue(name, "net", L, a.net[L - 1])
    if name == "per_point":
        return CodeValue(name, "loss", L, a.per_sample_loss)
    m = re.fullmatch(r"(net|h|delta|dW|db)(\d+)", name)
    if not m or not 1 <= int(m.group(2)) <= L:
        return None
    kind, k = m.group(1), int(m.group(2))
    source = {"net": a.net[k - 1], "h": a.h[k], "delta": a.delta[k - 1],
              "dW": a.dW[k - 1], "db": a.db[k - 1]}[kind]
    what = "output" if kind == "h" and k == L else kind
    return CodeValue(name, what, k, source)


def compact(array: Array, digits: int = 4) -> str:
    """A matrix on a few short lines: 4 significant digits, long ones cut with …"""
    array = np.asarray(array)
    if array.ndim == 0:
        return f"{float(array):.{digits}g}"
    return np.array2string(array, precision=digits, max_line_width=64, threshold=48,
                           edgeitems=3, floatmode="maxprec", suppress_small=False)
