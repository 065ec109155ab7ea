"""One change to an experiment's spec, replayed onto a spec that moved on since.

Undo of a form edit must undo that edit only: between the edit and its undo,
Reset may have drawn a new weight seed and New data a new data seed, and the
undo must not take those back (nor be refused for them).  ``replay_change``
sets the fields the edit changed and keeps every other field as it is now.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def same(a: object, b: object) -> bool:
    """Equality that also compares NumPy arrays (and dataclasses holding them)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                and a.dtype == b.dtype and np.array_equal(a, b))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(
            same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def replay_change(current: T, before: T, after: T) -> T:
    """A copy of ``current`` with each field that differs between ``before`` and ``after``
    set to its value in ``after`` (nested dataclasses field by field); other fields keep
    their value in ``current``."""
    if same(before, after):
        return copy.deepcopy(current)
    if not (dataclasses.is_dataclass(after) and not isinstance(after, type)
            and type(current) is type(before) is type(after)):
        return copy.deepcopy(after)  # a value, a list, or a part that came or went
    changes = {f.name: replay_change(getattr(current, f.name), getattr(before, f.name),
                                     getattr(after, f.name))
               for f in dataclasses.fields(after)}
    return dataclasses.replace(current, **changes)
