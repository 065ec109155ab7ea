"""Points to predict, read from CSV: a plain table of inputs or bplab's own data export.

A file holds the raw inputs (x1, x2 for 2-D data), optionally below a header
row, and optionally one more column last: a label, which is ignored.  With a
header, the columns that ``bplab export --what data-csv`` adds after the points
(``label`` and ``split``) are dropped by name, and a header that names every
input picks those columns by name, in whatever order they come.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bplab.data.csv_reader import (
    _DELIMITER_NAMES,
    CsvError,
    _cell_error,
    _detect_delimiter,
    _is_number,
    _rows,
    read_text,
)

EXPORT_EXTRAS = ("label", "split")  # columns the data export writes after the points


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _input_columns(names: list[str] | None, n_cols: int, n_inputs: int,
                   input_names: Sequence[str], source: str) -> list[int]:
    """Which columns hold the inputs, in the network's order."""
    lowered = [n.lower() for n in names] if names is not None else None
    if lowered is not None:
        wanted = [n.lower() for n in input_names]
        if len(wanted) == n_inputs and all(lowered.count(n) == 1 for n in wanted):
            return [lowered.index(n) for n in wanted]
        keep = [i for i, n in enumerate(lowered) if n not in EXPORT_EXTRAS]
    else:
        keep = list(range(n_cols))
    if len(keep) == n_inputs:
        return keep
    if len(keep) == n_inputs + 1 and (lowered is None or "label" not in lowered):
        return keep[:-1]  # a label last, ignored
    found = _plural(n_cols, "column")
    if len(keep) != n_cols and names is not None:
        extras = ", ".join(n for n in names if n.lower() in EXPORT_EXTRAS)
        found += f" ({len(keep)} besides {extras})"
    raise CsvError(f"{source}: found {found}, but this experiment's data has "
                   f"{_plural(n_inputs, 'input')}; give {_plural(n_inputs, 'column')} (or "
                   f"{n_inputs + 1} with a label last, which is ignored)")


def read_input_points(path: str | Path, n_inputs: int,
                      input_names: Sequence[str] = ()) -> np.ndarray:
    """An (n, n_inputs) array of the raw input points in ``path``.

    ``input_names`` are the data's own column names (``x1``, ``x2`` for 2-D
    data): a header that has each of them once decides which column is which.
    """
    text, source = read_text(path)
    delimiter = _detect_delimiter(text)
    rows = list(_rows(text, source, delimiter))
    if not rows:
        raise CsvError(f"{source}, line 1: the file is empty; it needs one row of numbers per "
                       "point, optionally below a header row")
    first_line, first = rows[0]
    names = None
    if any(c.strip() and not _is_number(c) for c in first):
        names = [c.strip() for c in first]
        rows = rows[1:]
    n_cols = len(first)
    columns = _input_columns(names, n_cols, n_inputs, input_names, source)
    if not rows:
        raise CsvError(f"{source}, line {first_line}: there are no rows of numbers below the "
                       "header; add one row per point")
    points = np.empty((len(rows), n_inputs))
    for r, (line, cells) in enumerate(rows):
        if len(cells) != n_cols:
            ref = "the header" if names is not None else f"the first row (line {first_line})"
            raise CsvError(f"{source}, line {line}: this row has {_plural(len(cells), 'cell')} "
                           f"but {ref} has {n_cols}; every row needs the same number of values "
                           f"separated by {_DELIMITER_NAMES[delimiter]}")
        for j, col in enumerate(columns):
            cell = cells[col]
            try:
                value = float(cell)
            except ValueError:
                value = math.nan
            if not math.isfinite(value):
                raise _cell_error(source, line, col, names, cell, delimiter)
            points[r, j] = value
    return points
