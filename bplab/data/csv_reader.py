"""Read a numeric CSV file into a Dataset, with errors a student can act on.

Every problem is a ``CsvError`` whose message names the file, the 1-based line
(and column and offending text where there is one) and says how to fix it.
The separator is ``,`` unless the first non-blank line contains ``;`` or a tab.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from bplab.data.dataset import CLASSIFICATION, MAX_CLASSES, REGRESSION, TASKS, Dataset

MIN_ROWS = 4  # fewer points than the article's XOR leave nothing to train and test on
_SHOW_CHARS = 40  # how much of a bad cell to quote in a message
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


class CsvError(ValueError):
    """The CSV file cannot be turned into a Dataset; the message says why and where."""


def _size_text(n_bytes: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{n_bytes} bytes"


def _quote(text: str) -> str:
    # repr makes invisible characters visible; long cells are cut short.
    return repr(text[:_SHOW_CHARS]) + ("…" if len(text) > _SHOW_CHARS else "")


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _decode(data: bytes, source: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvError(f"{source}, line 1: the file is saved as UTF-16 text; "
                       "save it as UTF-8 CSV (in Excel: 'CSV UTF-8') and load it again")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CsvError(f"{source}, line {_line_of(data, nul)}: this looks like a binary file, "
                       "not CSV text (it contains a zero byte); choose a .csv text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CsvError(
            f"{source}, line {_line_of(data, err.start)}: the file is not UTF-8 text "
            f"(byte 0x{data[err.start]:02x} cannot be read); "
            "save it as UTF-8 CSV (in Excel: 'CSV UTF-8') and load it again"
        ) from None


def read_csv(path: str | Path, label_column: str | int = -1, has_header: bool | None = None,
             task: str | None = None, max_bytes: int = 50_000_000,
             max_rows: int = 1_000_000, min_rows: int = MIN_ROWS) -> Dataset:
    """Read a numeric CSV file of data to train on; see ``parse_csv_text`` for the rules.

    A file needs at least ``min_rows`` data rows.
    """
    text, source = read_text(path, max_bytes)
    return parse_csv_text(text, source=source, label_column=label_column,
                          has_header=has_header, task=task, max_rows=max_rows,
                          min_rows=min_rows)


def read_text(path: str | Path, max_bytes: int = 50_000_000) -> tuple[str, str]:
    """(text, the name errors call the file) of a UTF-8 CSV file, or a CsvError saying why not."""
    path = Path(path)
    source = path.name or str(path)
    try:
        if path.is_dir():
            raise CsvError(f"{path}: this is a folder, not a file; choose a .csv file")
        size = path.stat().st_size
        if size > max_bytes:
            raise CsvError(f"{source}: file is {_size_text(size)}; bplab reads CSV files up to "
                           f"{_size_text(max_bytes)}; load a smaller sample of the rows")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # +1: catch files that grew or lie about their size
    except FileNotFoundError:
        raise CsvError(f"{path}: file not found; check the name and folder") from None
    except OSError as err:
        raise CsvError(f"{path}: cannot read the file ({err.strerror or err}); "
                       "check that it exists and that you may read it") from None
    if len(data) > max_bytes:
        raise CsvError(f"{source}: file is over {_size_text(max_bytes)}; bplab reads CSV files "
                       f"up to {_size_text(max_bytes)}; load a smaller sample of the rows")
    return _decode(data, source), source


def _detect_delimiter(text: str) -> str:
    for line in io.StringIO(text, newline=""):
        if line.strip():
            # ';' and tabs never appear inside numbers, so their presence decides.
            return next((d for d in (";", "\t") if d in line), ",")
    return ","


def _rows(text: str, source: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line number, cells) for every non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise CsvError(f"{source}, line {reader.line_num}: cannot split the line into cells "
                           f"({err}); check for unbalanced quote marks") from None
        line, start = start, reader.line_num + 1
        if any(c.strip() for c in cells):  # skip blank lines (and rows of blank cells)
            yield line, cells


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _column_name(col: int, names: list[str] | None) -> str:
    if names and names[col]:
        return f"column {col + 1} ({names[col]!r})"
    return f"column {col + 1}"


def _cell_error(source: str, line: int, col: int, names: list[str] | None, text: str,
                delimiter: str) -> CsvError:
    where = f"{source}, line {line}, {_column_name(col, names)}"
    if not text.strip():
        return CsvError(f"{where}: empty cell (missing value); every cell must hold a number, "
                        "so fill it in or delete the row")
    if _is_number(text):  # it parsed, so it is NaN or infinity
        return CsvError(f"{where}: {_quote(text)} is not a finite number (NaN or infinity); "
                        "replace it with a real value or delete the row")
    hint = "only numeric columns are supported, so remove or encode text columns"
    if "," in text and delimiter != ",":
        hint = "use '.' as the decimal point, not ','"
    elif names is None and line == 1:
        hint += "; if this line is a header, load the file with a header row"
    return CsvError(f"{where}: {_quote(text)} is not a number; {hint}")


def _label_index(label_column: str | int, names: list[str] | None, n_cols: int, source: str,
                 line: int) -> int:
    if isinstance(label_column, str):
        if names is None:
            raise CsvError(f"{source}, line {line}: the label column {label_column!r} is given by "
                           "name, but the file has no header row; give its position instead "
                           "(e.g. -1 for the last column)")
        matches = [i for i, n in enumerate(names) if n == label_column]
        if not matches:  # forgive case differences when that is unambiguous
            matches = [i for i, n in enumerate(names) if n.lower() == label_column.lower()]
        if len(matches) != 1:
            problem = "no column is named" if not matches else "several columns are named"
            raise CsvError(f"{source}, line {line}: {problem} {label_column!r}; "
                           f"the columns are: {', '.join(repr(n) for n in names)}")
        return matches[0]
    if not -n_cols <= label_column < n_cols:
        raise CsvError(f"{source}, line {line}: label column position {label_column} is out of "
                       f"range; the file has {n_cols} columns, so use 0 to {n_cols - 1} "
                       f"(or -1 to -{n_cols} counting from the end)")
    return label_column % n_cols


def _check_arguments(label_column: object, has_header: object, task: object,
                     max_rows: object, min_rows: object = 1) -> None:
    # Programming errors, not file problems: plain ValueError.
    if not isinstance(label_column, str | int) or isinstance(label_column, bool):
        raise ValueError(f"label_column must be a column name or position, got {label_column!r}")
    if has_header not in (None, True, False):
        raise ValueError(f"has_header must be True, False or None (detect), got {has_header!r}")
    if task is not None and task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)} or None (detect), got {task!r}")
    if not isinstance(max_rows, int) or max_rows < 1:
        raise ValueError(f"max_rows must be a positive whole number, got {max_rows!r}")
    if not isinstance(min_rows, int) or min_rows < 1:
        raise ValueError(f"min_rows must be a positive whole number, got {min_rows!r}")


def parse_csv_text(text: str, source: str = "<text>", label_column: str | int = -1,
                   has_header: bool | None = None, task: str | None = None,
                   max_rows: int = 1_000_000, min_rows: int = 1) -> Dataset:
    """Parse numeric CSV text into a Dataset.

    The header is detected when ``has_header`` is None (the first row has a
    non-numeric cell).  The label column is chosen by header name or by
    position (negative counts from the end); all other columns are inputs,
    named in ``Dataset.columns`` by the header (empty without one).
    With ``task`` None, integer labels with 2..10 distinct values mean
    classification (labels remapped to 0..K-1 in sorted order), anything else
    regression.  A label column with one value throughout is refused whatever the
    task (one class, or nothing to learn), as is a file with fewer than
    ``min_rows`` data rows.
    """
    _check_arguments(label_column, has_header, task, max_rows, min_rows)
    text = text.removeprefix("\ufeff")
    delimiter = _detect_delimiter(text)
    rows = _rows(text, source, delimiter)
    first = next(rows, None)
    if first is None:
        raise CsvError(f"{source}, line 1: the file is empty; it needs rows of numbers, "
                       "optionally below a header row")
    first_line, first_cells = first
    if has_header is None:
        has_header = any(c.strip() and not _is_number(c) for c in first_cells)
    names = [c.strip() for c in first_cells] if has_header else None
    n_cols = len(first_cells)
    if n_cols < 2:
        raise CsvError(f"{source}, line {first_line}: found only 1 column; bplab needs at least "
                       "2 (inputs and a label), separated by commas, semicolons or tabs")
    label = _label_index(label_column, names, n_cols, source, first_line)

    values: list[list[float]] = []
    lines: list[int] = []
    data_rows = rows if has_header else _chain_first(first, rows)
    for line, cells in data_rows:
        if len(cells) != n_cols:
            ref = "the header" if has_header else f"the first row (line {first_line})"
            cells_text = "1 cell" if len(cells) == 1 else f"{len(cells)} cells"
            raise CsvError(f"{source}, line {line}: this row has {cells_text} but {ref} "
                           f"has {n_cols}; every row needs the same number of values separated "
                           f"by {_DELIMITER_NAMES[delimiter]}")
        try:
            row = [float(c) for c in cells]
        except ValueError:
            bad = next(i for i, c in enumerate(cells) if not _is_number(c))
            raise _cell_error(source, line, bad, names, cells[bad], delimiter) from None
        if not math.isfinite(sum(row)):  # fast check; the sum can also overflow harmlessly
            bad_cols = [i for i, v in enumerate(row) if not math.isfinite(v)]
            if bad_cols:
                raise _cell_error(source, line, bad_cols[0], names, cells[bad_cols[0]],
                                  delimiter)
        if len(values) == max_rows:
            raise CsvError(f"{source}, line {line}: the file has more than {max_rows:,} data "
                           f"rows; bplab reads up to {max_rows:,}, so load a sample of the rows")
        values.append(row)
        lines.append(line)
    if not values:
        raise CsvError(f"{source}, line {first_line}: there are no data rows below the header; "
                       "add rows of numbers")
    if len(values) < min_rows:
        rows_text = "1 data row" if len(values) == 1 else f"{len(values)} data rows"
        raise CsvError(f"{source}, line {lines[-1]}: the file ends after {rows_text}; bplab "
                       f"needs at least {min_rows} points to train and test on, so add rows")

    table = np.array(values, dtype=np.float64)
    x = np.ascontiguousarray(np.delete(table, label, axis=1))
    y, n_classes, task = _labels(table[:, label], task, source, lines, label, names)
    columns = () if names is None else _input_names(names, label)
    return Dataset(x=x, y=y, task=task, n_classes=n_classes, name=source, columns=columns)


def _input_names(names: list[str], label: int) -> tuple[str, ...]:
    """The header's names of the input columns; a blank one is called x1, x2, … by position."""
    inputs = [n for i, n in enumerate(names) if i != label]
    return tuple(" ".join(n.split()) or f"x{k + 1}" for k, n in enumerate(inputs))


def _chain_first(first: tuple[int, list[str]],
                 rest: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    yield first
    yield from rest


def _labels(raw: np.ndarray, task: str | None, source: str, lines: list[int], col: int,
            names: list[str] | None) -> tuple[np.ndarray, int, str]:
    whole = raw == np.round(raw)
    classes, index = np.unique(raw, return_inverse=True)
    if task is None:
        auto_classes = bool(whole.all()) and 2 <= len(classes) <= MAX_CLASSES
        task = CLASSIFICATION if auto_classes else REGRESSION
    where = f"{source}, {_column_name(col, names)}"
    if len(classes) == 1 and len(raw) > 1:
        need = ("classification needs at least 2 classes" if task == CLASSIFICATION else
                "a label that never changes leaves nothing to learn: a classification needs "
                "at least 2 classes, a regression targets that vary")
        raise CsvError(f"{where}: every row (line {lines[0]} to line {lines[-1]}) has the label "
                       f"{classes[0]:g}; {need}")
    if task == REGRESSION:
        return raw.copy(), 0, task
    if not whole.all():
        r = int(np.argmin(whole))
        raise CsvError(f"{source}, line {lines[r]}, {_column_name(col, names)}: label "
                       f"{raw[r]:g} is not a whole number; classification labels must be class "
                       "numbers such as 0, 1, 2 (or choose regression)")
    if len(classes) < 2:  # a single row
        raise CsvError(f"{where}, line {lines[0]}: the only row has the label {classes[0]:g}; "
                       "classification needs at least 2 classes")
    if len(classes) > MAX_CLASSES:
        raise CsvError(f"{where}: the label column (line {lines[0]} to line {lines[-1]}) has "
                       f"{len(classes)} different values; bplab classifies up to {MAX_CLASSES} "
                       "classes, so merge classes or choose regression")
    return index.astype(np.int64).reshape(-1), len(classes), task
