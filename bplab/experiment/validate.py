"""Checking an experiment document field by field, with errors a student can act on.

Every problem becomes an ``ExperimentFileError`` naming the file, the field
(a JSON path such as ``state.weights[1]``), what was expected, what was
found and how to fix it.  ``parse_document`` reads a current-version
document (see ``docs/file-format.md``) into an ``Experiment``; names and
ranges come from the engine's and the data code's own registries and checks.
"""

from __future__ import annotations

import contextlib
import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np

from bplab.data import FEATURES, GENERATORS
from bplab.data.csv_reader import MAX_CLASSES
from bplab.data.dataset import (
    CLASSIFICATION,
    MAX_TRAIN_FRACTION,
    MIN_TRAIN_FRACTION,
    REGRESSION,
    TASKS,
)
from bplab.data.generators import (
    MAX_NOISE,
    MAX_POINTS,
    MIN_CLASSES,
    MIN_POINTS,
    check_class_count,
)
from bplab.data.scaling import InputScaling
from bplab.engine import (
    AUTO_RECORD,
    HIDDEN_ACTIVATIONS,
    INITIALIZERS,
    LOSSES,
    OPTIMIZERS,
    OUTPUT_ACTIVATIONS,
    REGULARIZERS,
    History,
    check_pairing,
    regularizers,
    targets,
    valid_losses,
)
from bplab.engine.history import COLUMNS as HISTORY_COLUMNS
from bplab.engine.losses import REDUCTIONS
from bplab.engine.network import DTYPES, MAX_HIDDEN_LAYERS, MAX_NEURONS, validate_architecture
from bplab.engine.optimizers import check_learning_rate
from bplab.experiment.model import (
    Architecture,
    DataSpec,
    Experiment,
    Points,
    TrainingSettings,
    TrainingState,
)
from bplab.experiment.session import Session

Array = np.ndarray


class ExperimentFileError(ValueError):
    """An experiment file or document cannot be used; the message says why, where and what to do.

    ``path`` is the file (or other source) and ``field`` the JSON path of the
    offending value, e.g. ``training.learning_rate`` or ``state.weights[1]``;
    either may be None when the problem is with the file as a whole.
    """

    def __init__(self, problem: str, *, path: str | None = None, field: str | None = None,
                 fix: str = "") -> None:
        self.path = path
        self.field = field
        self.problem = problem
        self.fix = fix
        where = ": ".join(str(p) for p in (path, field) if p)
        text = f"{problem}; {fix}" if fix else problem
        super().__init__(f"{where}: {text}" if where else text)


def describe(value: Any) -> str:
    """How a found value is named in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        return f"the number {text[:30]}{'…' if len(text) > 30 else ''}"
    if isinstance(value, str):
        return f"the text {value[:40]!r}{'…' if len(value) > 40 else ''}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "an object { … }"
    return f"a {type(value).__name__}"


def join(field: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{field}[{key}]"
    return f"{field}.{key}" if field else key


def _is_number(v: Any) -> bool:
    if type(v) is float or type(v) is int:  # the common case, fast for big arrays
        return True
    return isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)


# Names that older formats used, so that a half-updated file gets a precise hint.
FORMER_NAMES = {"lr": "learning_rate", "activation": "activations"}


class Reader:
    """Reads values of one document; every failure names the source and the field."""

    def __init__(self, source: str | None) -> None:
        self.source = source

    def fail(self, field: str | None, problem: str, fix: str = "") -> NoReturn:
        raise ExperimentFileError(problem, path=self.source, field=field, fix=fix)

    def expect(self, field: str, expected: str, value: Any, fix: str = "") -> NoReturn:
        self.fail(field, f"expected {expected}, found {describe(value)}", fix)

    # -- containers --------------------------------------------------------
    def obj(self, value: Any, field: str, allowed: Iterable[str]) -> dict:
        """An object whose keys are all in ``allowed`` (a typo is named, not ignored)."""
        if not isinstance(value, dict):
            self.expect(field or "the document", "an object { … }", value)
        allowed = list(allowed)
        for key in value:
            if not isinstance(key, str):
                self.expect(field, "text field names", key)
            if key not in allowed:
                close = [FORMER_NAMES[key]] if FORMER_NAMES.get(key) in allowed else (
                    difflib.get_close_matches(key, allowed, 1))
                hint = (f"did you mean {close[0]!r}?" if close
                        else f"the fields allowed here are {', '.join(allowed)}" if allowed
                        else "this object takes no fields")
                self.fail(join(field, key), f"unknown field {key!r}",
                          f"remove or rename it; {hint}")
        return value

    def items(self, value: Any, field: str, length: int | None = None,
              what: str = "items") -> list:
        if not isinstance(value, list):
            self.expect(field, f"a list [ … ] of {what}", value)
        if length is not None and len(value) != length:
            self.fail(field, f"expected {length} {what}, found {len(value)}",
                      "the list must match the architecture and the data")
        return value

    # -- scalars -----------------------------------------------------------
    def integer(self, value: Any, field: str, lo: int, hi: int | None, fix: str = "") -> int:
        if isinstance(value, np.integer):
            value = int(value)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)  # 10.0 from a tool that writes every number as a float
        ok = isinstance(value, int) and not isinstance(value, bool)
        if not ok or value < lo or (hi is not None and value > hi):
            rng = f"from {lo} to {hi}" if hi is not None else f"of at least {lo}"
            self.expect(field, f"a whole number {rng}", value,
                        fix or "write a whole number in that range")
        return int(value)

    def number(self, value: Any, field: str, lo: float = -math.inf, hi: float = math.inf,
               fix: str = "") -> float:
        x = math.nan
        if _is_number(value):
            with contextlib.suppress(OverflowError):  # a whole number too big for a float
                x = float(value)
        if not (math.isfinite(x) and lo <= x <= hi):
            if math.isinf(lo) and math.isinf(hi):
                expected = "a finite number"
            else:
                expected = f"a number from {lo:g} to {hi:g}"
            self.expect(field, expected, value,
                        fix or ("write a number" if expected == "a finite number"
                                else "write a number in that range"))
        return x

    def string(self, value: Any, field: str) -> str:
        if not isinstance(value, str):
            self.expect(field, "text in double quotes", value)
        return value

    def boolean(self, value: Any, field: str) -> bool:
        if not isinstance(value, bool):
            self.expect(field, "true or false", value)
        return value

    def choice(self, value: Any, field: str, choices: Iterable[str]) -> str:
        choices = list(choices)
        if not isinstance(value, str) or value not in choices:
            close = difflib.get_close_matches(value, choices, 1) if isinstance(value, str) else []
            fix = f"did you mean {close[0]!r}?" if close else "write one of these names"
            self.expect(field, f"one of {', '.join(choices)}", value, fix)
        return value

    # -- arrays ------------------------------------------------------------
    def _numbers(self, row: list, field: str) -> None:
        for j, v in enumerate(row):
            if not _is_number(v):
                self.expect(join(field, j), "a number", v)

    def array(self, value: Any, field: str, shape: tuple[int | None, ...],
              what: str = "numbers") -> Array:
        """A list (1-D) or list of lists (2-D) of finite numbers, as float64.

        ``shape`` gives the expected length per dimension, None for any length.
        """
        if len(shape) == 1:
            row = self.items(value, field, shape[0], what)
            self._numbers(row, field)
            rows: list = row
        else:
            rows = self.items(value, field, shape[0], "rows")
            width = shape[1]
            for i, row in enumerate(rows):
                self.items(row, join(field, i), width, what)
                if width is None:
                    width = len(row)
                self._numbers(row, join(field, i))
        try:
            arr = np.array(rows, dtype=np.float64)
        except OverflowError:
            arr = np.array([[math.inf]])  # a whole number too large for a float
        if len(shape) == 2 and arr.ndim == 1:  # no rows at all
            arr = arr.reshape(0, width or 0)
        bad = np.argwhere(~np.isfinite(arr))
        if len(bad):
            where = field + "".join(f"[{i}]" for i in bad[0])
            self.fail(where, "expected a finite number, found NaN or infinity (or a number too "
                             "large for a float)",
                      "files never hold NaN or infinity; replace it, or if this is a diverged "
                      "run set \"state\" to null to start from fresh weights")
        return arr

    def whole_array(self, value: Any, field: str, length: int | None, lo: int,
                    hi: int | None, what: str = "whole numbers") -> Array:
        """A list of whole numbers in lo..hi, as int64."""
        row = self.items(value, field, length, what)
        for j, v in enumerate(row):
            self.integer(v, join(field, j), lo, hi)
        return np.array([int(v) for v in row], dtype=np.int64)


# -- the document ------------------------------------------------------------
# Field names of the current format, in the order files are written.
TOP_FIELDS = ("format", "version", "name", "description", "data", "architecture", "training",
              "state", "stop", "view", "runs")
DATA_FIELDS = ("source", "generator", "n_points", "noise", "train_fraction", "seed", "features",
               "points", "n_classes", "standardize")
POINTS_FIELDS = ("task", "n_classes", "columns", "x", "y", "is_train")
ARCHITECTURE_FIELDS = ("hidden", "activations", "output_activation")
TRAINING_FIELDS = ("loss", "reduction", "optimizer", "optimizer_params", "learning_rate",
                   "batch_size", "shuffle", "regularization", "regularization_rate",
                   "initializer", "seed", "dtype", "record_every")
STATE_FIELDS = ("epoch", "step", "weights", "biases", "optimizer_t", "optimizer_state",
                "rng_state", "order", "position", "history", "input_mean", "input_std")
HISTORY_LAYOUT = ("recorded", "head", "bucket_origin", "bucket_epochs")
HISTORY_FIELDS = (*HISTORY_LAYOUT, *HISTORY_COLUMNS)
# Either pair of loss columns may be left out: it follows from the other and the set sizes.
LOSS_PAIRS = (("train_loss", "test_loss"), ("train_loss_sum", "test_loss_sum"))
# History columns a file may leave out (written before they existed): NaN, shown as absent.
OPTIONAL_HISTORY = ("article_mse",)

SOURCES = ("generator", "points")
MAX_SEED = 2**32 - 1  # the article initializer's legacy RandomState takes 32-bit seeds
MAX_BATCH_SIZE = 10_000
MAX_RECORD_EVERY = 1_000_000
MAX_FILE_POINTS = 1_000_000  # as many rows as the CSV reader takes
MAX_COUNT = 2**53  # epochs and steps: exact in a float, and in any JSON reader


@dataclass
class _DataInfo:
    """What the rest of the document is checked against."""

    spec: DataSpec
    task: str
    n_classes: int
    n_inputs: int  # network inputs: the features for 2-D data, else the raw columns


def _section(r: Reader, doc: dict, key: str, allowed: tuple[str, ...]) -> dict:
    if key not in doc:
        r.fail(key, f"the {key!r} section is missing",
               "add it (see docs/file-format.md); its fields may be left out for defaults")
    return r.obj(doc[key], key, allowed)


def _points(r: Reader, value: Any) -> Points:
    f = "data.points"
    p = r.obj(value, f, POINTS_FIELDS)
    for key in ("task", "x", "y"):
        if key not in p:
            r.fail(join(f, key), f"the points have no {key!r}", "add it, or load the CSV again")
    task = r.choice(p["task"], join(f, "task"), TASKS)
    if task == CLASSIFICATION:
        n_classes = r.integer(p.get("n_classes"), join(f, "n_classes"), 2, MAX_CLASSES)
    else:
        n_classes = r.integer(p.get("n_classes", 0), join(f, "n_classes"), 0, 0,
                              "regression data has 0 classes")
    x = r.array(p["x"], join(f, "x"), (None, None))
    n, d = x.shape
    if not 1 <= n <= MAX_FILE_POINTS:
        r.fail(join(f, "x"), f"expected 1 to {MAX_FILE_POINTS:,} points, found {n}",
               "load a smaller sample of the rows")
    if not 1 <= d <= MAX_NEURONS:
        r.fail(join(f, "x"), f"expected 1 to {MAX_NEURONS} input columns, found {d}")
    if task == CLASSIFICATION:
        y: Array = r.whole_array(p["y"], join(f, "y"), n, 0, n_classes - 1, "class numbers")
    else:
        y = r.array(p["y"], join(f, "y"), (n,), "target values")
    is_train = None
    if p.get("is_train") is not None:
        flags = r.items(p["is_train"], join(f, "is_train"), n, "true/false flags")
        for i, v in enumerate(flags):
            r.boolean(v, join(join(f, "is_train"), i))
        is_train = np.array(flags, dtype=bool)
        if not is_train.any():
            r.fail(join(f, "is_train"), "no point is marked for training (all false)",
                   "mark at least one point true, or set is_train to null")
    columns = r.items(p.get("columns", []), join(f, "columns"), None, "column names")
    for i, name in enumerate(columns):
        r.string(name, join(join(f, "columns"), i))
    if columns and len(columns) != d:
        r.fail(join(f, "columns"), f"expected {d} column names (one per input), found "
                                   f"{len(columns)}", "fix the list or make it empty []")
    return Points(x=x, y=y, task=task, n_classes=n_classes, is_train=is_train,
                  columns=list(columns))


def _data(r: Reader, doc: dict) -> _DataInfo:
    d = _section(r, doc, "data", DATA_FIELDS)
    dflt = DataSpec()
    source = r.choice(d.get("source", dflt.source), "data.source", SOURCES)
    gen = r.choice(d.get("generator", dflt.generator), "data.generator", GENERATORS)
    n_points = d.get("n_points")
    if n_points is not None:
        n_points = r.integer(n_points, "data.n_points", MIN_POINTS, MAX_POINTS,
                             "or write null for the data set's default")
    noise = r.number(d.get("noise", dflt.noise), "data.noise", 0.0, MAX_NOISE,
                     "noise is a fraction: 0.1 means 10%")
    share = r.number(d.get("train_fraction", dflt.train_fraction), "data.train_fraction",
                     MIN_TRAIN_FRACTION, MAX_TRAIN_FRACTION, "0.5 means half the points train")
    seed = r.integer(d.get("seed", dflt.seed), "data.seed", 0, MAX_SEED)
    n_classes = d.get("n_classes")
    if n_classes is not None:
        n_classes = r.integer(n_classes, "data.n_classes", MIN_CLASSES, MAX_CLASSES,
                              "or write null for the data set's own number of classes")
        try:
            check_class_count(gen, n_classes)
        except ValueError as err:
            r.fail("data.n_classes", str(err), "or write null for the data set's own number")
    points = None if d.get("points") is None else _points(r, d["points"])
    features = r.items(d.get("features", dflt.features), "data.features", None, "feature names")
    # Data that is not 2-D feeds its columns directly: its features wait, unused, for
    # the day the data set becomes a 2-D one again, and may be an empty list.
    columns_only = source == "points" and points is not None and points.x.shape[1] != 2
    if not features and not columns_only:
        r.fail("data.features", "no input feature is chosen",
               f"list at least one of {', '.join(FEATURES)}")
    for i, name in enumerate(features):
        r.choice(name, f"data.features[{i}]", FEATURES)
        if name in features[:i]:
            r.fail(f"data.features[{i}]", f"the feature {name!r} is listed twice",
                   "remove the repeat")
    spec = DataSpec(source=source, generator=gen, n_points=n_points, noise=noise,
                    train_fraction=share, seed=seed, features=list(features), points=points,
                    n_classes=n_classes,
                    standardize=r.boolean(d.get("standardize", dflt.standardize),
                                          "data.standardize"))
    if source == "points":
        if points is None:
            r.fail("data.points", "data.source is 'points' but there are no points",
                   "add data.points, or set data.source to 'generator'")
        raw = points.x.shape[1]
        return _DataInfo(spec, points.task, points.n_classes, len(features) if raw == 2 else raw)
    info = GENERATORS[gen]
    return _DataInfo(spec, info.task, check_class_count(gen, n_classes), len(features))


def _architecture(r: Reader, doc: dict, data: _DataInfo) -> tuple[Architecture, list[int]]:
    a = _section(r, doc, "architecture", ARCHITECTURE_FIELDS)
    dflt = Architecture()
    hidden = r.items(a.get("hidden", dflt.hidden), "architecture.hidden", None, "layer sizes")
    if len(hidden) > MAX_HIDDEN_LAYERS:
        r.fail("architecture.hidden", f"expected 0 to {MAX_HIDDEN_LAYERS} hidden layers, found "
                                      f"{len(hidden)}", "remove some layers")
    sizes = [r.integer(v, f"architecture.hidden[{i}]", 1, MAX_NEURONS)
             for i, v in enumerate(hidden)]
    default_acts = dflt.activations if "hidden" not in a else ["tanh"] * len(sizes)
    acts = r.items(a.get("activations", default_acts), "architecture.activations", len(sizes),
                   "activation names (one per hidden layer)")
    for i, name in enumerate(acts):
        r.choice(name, f"architecture.activations[{i}]", HIDDEN_ACTIVATIONS)
    out = r.choice(a.get("output_activation", dflt.output_activation),
                   "architecture.output_activation", OUTPUT_ACTIVATIONS)
    if data.task == REGRESSION and out == "softmax":
        r.fail("architecture.output_activation", "a softmax output needs classification data",
               "use a linear output for regression")
    if data.task == CLASSIFICATION and data.n_classes > 2 and out != "softmax":
        r.fail("architecture.output_activation",
               f"the data has {data.n_classes} classes, so the output must be softmax "
               f"(found {out!r})", "set output_activation to softmax and the loss to "
                                   "softmax_cross_entropy")
    n_out = targets.output_size(data.task, data.n_classes, out)
    try:
        validate_architecture(data.n_inputs, sizes, list(acts), n_out, out)
    except ValueError as err:
        r.fail("architecture", str(err))
    arch = Architecture(hidden=sizes, activations=list(acts), output_activation=out)
    return arch, [data.n_inputs, *sizes, n_out]


def _training(r: Reader, doc: dict, output_activation: str) -> TrainingSettings:
    t = _section(r, doc, "training", TRAINING_FIELDS)
    dflt = TrainingSettings()
    loss = r.choice(t.get("loss", dflt.loss), "training.loss", LOSSES)
    try:
        check_pairing(loss, output_activation)
    except ValueError as err:
        r.fail("training.loss", str(err), f"with a {output_activation} output use "
                                          f"{' or '.join(valid_losses(output_activation))}")
    reduction = r.choice(t.get("reduction", dflt.reduction), "training.reduction", REDUCTIONS)
    opt = r.choice(t.get("optimizer", dflt.optimizer), "training.optimizer", OPTIMIZERS)
    params = r.obj(t.get("optimizer_params", {}), "training.optimizer_params",
                   OPTIMIZERS[opt].defaults)
    params = {k: r.number(v, f"training.optimizer_params.{k}", 0.0) for k, v in params.items()}
    lr = r.number(t.get("learning_rate", dflt.learning_rate), "training.learning_rate")
    try:
        check_learning_rate(lr)
    except ValueError as err:
        r.fail("training.learning_rate", str(err), "set a learning rate in that range")
    reg = r.choice(t.get("regularization", dflt.regularization), "training.regularization",
                   REGULARIZERS)
    rate = r.number(t.get("regularization_rate", dflt.regularization_rate),
                    "training.regularization_rate")
    try:
        regularizers.check(reg, rate)
    except ValueError as err:
        r.fail("training.regularization_rate", str(err))
    return TrainingSettings(
        loss=loss, reduction=reduction, optimizer=opt, optimizer_params=params, learning_rate=lr,
        batch_size=r.integer(t.get("batch_size", dflt.batch_size), "training.batch_size", 1,
                             MAX_BATCH_SIZE),
        shuffle=r.boolean(t.get("shuffle", dflt.shuffle), "training.shuffle"),
        regularization=reg, regularization_rate=rate,
        initializer=r.choice(t.get("initializer", dflt.initializer), "training.initializer",
                             INITIALIZERS),
        seed=r.integer(t.get("seed", dflt.seed), "training.seed", 0, MAX_SEED),
        dtype=r.choice(t.get("dtype", dflt.dtype), "training.dtype", DTYPES),
        record_every=_record_every(r, t.get("record_every", "auto")),
    )


def _record_every(r: Reader, value: Any) -> int:
    if value == "auto":
        return AUTO_RECORD
    return r.integer(value, "training.record_every", 1, MAX_RECORD_EVERY,
                     'write "auto" (every epoch at first, then as often as is cheap) or a '
                     "whole number of epochs")


def _layer_arrays(r: Reader, value: Any, field: str, sizes: list[int],
                  kind: str) -> list[Array]:
    n = len(sizes) - 1
    layers = r.items(value, field, n, f"{kind} arrays (one per layer: {n})")
    if kind == "weight":
        return [r.array(w, f"{field}[{i}]", (sizes[i], sizes[i + 1]))
                for i, w in enumerate(layers)]
    return [r.array(b, f"{field}[{i}]", (sizes[i + 1],)) for i, b in enumerate(layers)]


def _rng_state(r: Reader, value: Any) -> dict:
    f = "state.rng_state"
    if not isinstance(value, dict) or value.get("bit_generator") != "PCG64":
        r.expect(f, "a PCG64 generator state {\"bit_generator\": \"PCG64\", \"state\": …}",
                 value, "or write null to restart the mini-batch order from the seed")
    try:  # NumPy knows best what a valid state is
        np.random.PCG64().state = value
    except (ValueError, TypeError, KeyError, OverflowError) as err:
        r.fail(f, f"not a valid PCG64 state ({err})",
               "write null to restart the mini-batch order from the seed")
    return value


@dataclass
class _HistoryDoc:
    """A history as read from a file, before the set sizes are known."""

    columns: dict[str, list]  # present columns; a missing loss pair is None
    layout: dict[str, int]  # the fields of HISTORY_LAYOUT that were given


def _history(r: Reader, value: Any) -> _HistoryDoc:
    f = "state.history"
    h = r.obj(value, f, HISTORY_FIELDS)
    required = [c for c in HISTORY_COLUMNS if not any(c in pair for pair in LOSS_PAIRS)
                and c not in OPTIONAL_HISTORY]
    for name in required:
        if name not in h:
            r.fail(join(f, name), f"the history has no {name!r} column",
                   f"give all of {', '.join(HISTORY_COLUMNS)} (null for missing values)")
    if not any(all(c in h for c in pair) for pair in LOSS_PAIRS):
        r.fail(join(f, "train_loss"), "the history has no losses",
               "give train_loss and test_loss (per point), or train_loss_sum and test_loss_sum")
    cols: dict[str, list] = {}
    for name in HISTORY_COLUMNS:
        if name not in h:
            continue
        col = r.items(h[name], join(f, name), None, "values")
        if name == "epoch":
            cols[name] = _whole_numbers(r, col, join(f, name))
        else:  # null stands for NaN: no test set, or no accuracy for regression
            cols[name] = _history_values(r, col, join(f, name))
    lengths = {name: len(c) for name, c in cols.items()}
    if len(set(lengths.values())) > 1:
        r.fail(f, "the history columns have different lengths ("
                  + ", ".join(f"{k} {v}" for k, v in lengths.items()) + ")",
               "every column needs one value per row")
    layout = {k: r.integer(h[k], join(f, k), 1 if k == "bucket_epochs" else 0, MAX_COUNT)
              for k in HISTORY_LAYOUT if k in h}
    return _HistoryDoc(cols, layout)


def _whole_numbers(r: Reader, col: list, field: str) -> list[int]:
    if all(type(v) is int for v in col) and (not col or (min(col) >= 0
                                                         and max(col) <= MAX_COUNT)):
        return col  # the common case, checked at once
    return [r.integer(v, join(field, i), 0, MAX_COUNT) for i, v in enumerate(col)]


def _history_values(r: Reader, col: list, field: str) -> list[float]:
    # Histories hold thousands of numbers: check them all at once, and only
    # look one by one for the message when something is wrong.
    if all(v is None or type(v) is float or type(v) is int for v in col):
        try:
            arr = np.array([math.nan if v is None else v for v in col], dtype=np.float64)
        except OverflowError:  # a whole number too large for a float: said below
            arr = np.array([math.inf])
        if not np.isinf(arr).any():
            return arr.tolist()
    return [math.nan if v is None else _loose_number(r, v, join(field, i))
            for i, v in enumerate(col)]


def _build_history(r: Reader, doc: _HistoryDoc, n_train: int, n_test: int) -> History:
    """The history of a file, the missing loss pair derived from the other and the set sizes."""
    cols = dict(doc.columns)
    for (per_point, total), n in zip(zip(*LOSS_PAIRS, strict=True), (n_train, n_test),
                                     strict=True):
        if per_point not in cols:
            cols[per_point] = [v / n if n else math.nan for v in cols[total]]
        elif total not in cols:
            cols[total] = [v * n if n else math.nan for v in cols[per_point]]
    for name in OPTIONAL_HISTORY:
        cols.setdefault(name, [math.nan] * len(cols["epoch"]))
    rows = list(zip(*(cols[c] for c in HISTORY_COLUMNS), strict=True))
    try:
        if "head" not in doc.layout:  # every record of the run, as version 1 kept them
            return History.from_rows(rows)
        return History.from_rows(rows, **doc.layout)
    except ValueError as err:
        r.fail("state.history", str(err), "or remove the history (it is only a record)")


def _loose_number(r: Reader, value: Any, field: str) -> float:
    # History values only: a NaN handed over in a Python dict is kept as NaN.
    if isinstance(value, float) and math.isnan(value):
        return value
    return r.number(value, field)


def _input_scaling(r: Reader, s: dict, n_inputs: int, standardize: bool) -> InputScaling | None:
    given = [key for key in ("input_mean", "input_std") if s.get(key) is not None]
    if not given:
        return None  # standardised data without them: computed from the training points
    if not standardize:
        r.fail(f"state.{given[0]}", "input statistics are given, but data.standardize is off",
               "set data.standardize to true, or remove state.input_mean and state.input_std")
    if len(given) == 1:
        missing = "input_std" if given[0] == "input_mean" else "input_mean"
        r.fail(f"state.{missing}", f"state.{given[0]} is given without state.{missing}",
               "give both (one number per network input), or neither")
    mean = r.array(s["input_mean"], "state.input_mean", (n_inputs,), "means (one per input)")
    std = r.array(s["input_std"], "state.input_std", (n_inputs,),
                  "standard deviations (one per input)")
    bad = np.flatnonzero(std <= 0)
    if len(bad):
        r.fail(f"state.input_std[{bad[0]}]", f"expected a number above 0, found {std[bad[0]]!r}",
               "a column that never varies has std 1")
    return InputScaling(mean, std)


def _state(r: Reader, value: Any, sizes: list[int], optimizer: str,
           standardize: bool = False) -> tuple[TrainingState, _HistoryDoc | None]:
    f = "state"
    s = r.obj(value, f, STATE_FIELDS)
    for key in ("weights", "biases"):
        if key not in s:
            r.fail(join(f, key), f"the state has no {key!r}",
                   "add them, or set \"state\" to null to start from fresh weights")
    weights = _layer_arrays(r, s["weights"], "state.weights", sizes, "weight")
    biases = _layer_arrays(r, s["biases"], "state.biases", sizes, "bias")
    shapes = [a.shape for pair in zip(weights, biases, strict=True) for a in pair]
    slots = OPTIMIZERS[optimizer].slots
    opt_state: dict[str, list[Array]] = {k: [np.zeros(shape) for shape in shapes] for k in slots}
    if s.get("optimizer_state") is not None:
        given = r.obj(s["optimizer_state"], "state.optimizer_state", slots)
        for slot in slots:
            field = f"state.optimizer_state.{slot}"
            if slot not in given:
                r.fail(field, f"the {optimizer} optimizer keeps {', '.join(slots)}, "
                              f"but {slot!r} is missing", "add it, or remove optimizer_state")
            arrays = r.items(given[slot], field, len(shapes),
                             "arrays (W1, b1, W2, b2, … in that order)")
            opt_state[slot] = [r.array(a, f"{field}[{i}]", shape)
                               for i, (a, shape) in enumerate(zip(arrays, shapes, strict=True))]
    order = s.get("order")
    if order is not None:
        order = r.whole_array(order, "state.order", None, 0, MAX_FILE_POINTS, "point numbers")
    history = None if s.get("history") is None else _history(r, s["history"])
    return TrainingState(
        weights=weights, biases=biases,
        optimizer_t=r.integer(s.get("optimizer_t", 0), "state.optimizer_t", 0, MAX_COUNT),
        optimizer_state=opt_state,
        epoch=r.integer(s.get("epoch", 0), "state.epoch", 0, MAX_COUNT),
        step=r.integer(s.get("step", 0), "state.step", 0, MAX_COUNT),
        rng_state=None if s.get("rng_state") is None else _rng_state(r, s["rng_state"]),
        order=order,
        position=r.integer(s.get("position", 0), "state.position", 0, MAX_COUNT),
        input_scaling=_input_scaling(r, s, sizes[0], standardize),
    ), history


def _check_with_session(r: Reader, exp: Experiment, history: _HistoryDoc | None) -> None:
    """Build the run once, as the GUI and CLI will, to catch what only the data knows."""
    state, exp.state = exp.state, None
    try:
        session = Session(exp)
    except ValueError as err:
        r.fail("data", f"cannot build the experiment: {err}")
    finally:
        exp.state = state
    if state is None:
        return
    n_train = len(session.trainer.train.x)
    if history is not None:
        test = session.trainer.test
        state.history = _build_history(r, history, n_train, 0 if test is None else len(test.x))
    if state.order is not None and (len(state.order) != n_train or not np.array_equal(
            np.sort(state.order), np.arange(n_train))):
        r.fail("state.order", f"expected each of the {n_train} training point numbers 0 to "
                              f"{n_train - 1} once", "or write null to start a new epoch order")
    if not state.position < n_train:
        r.fail("state.position", f"expected a whole number from 0 to {n_train - 1} (there are "
                                 f"{n_train} training points), found {state.position}",
               "or write 0 to start the epoch over")
    try:
        session.restore(state)
    except ValueError as err:
        r.fail("state", f"cannot restore the training state: {err}",
               "or set \"state\" to null to start from fresh weights")


def parse_document(doc: Any, source: str | None = None) -> Experiment:
    """Check a current-version document completely and build the Experiment it describes."""
    r = Reader(source)
    doc = r.obj(doc, "", TOP_FIELDS)
    name = r.string(doc.get("name", "Untitled"), "name")
    description = r.string(doc.get("description", ""), "description")
    data = _data(r, doc)
    arch, sizes = _architecture(r, doc, data)
    training = _training(r, doc, arch.output_activation)
    state, history = (None, None) if doc.get("state") is None else _state(
        r, doc["state"], sizes, training.optimizer, data.spec.standardize)
    exp = Experiment(name=name, description=description, data=data.spec, architecture=arch,
                     training=training, state=state)
    _check_with_session(r, exp, history)
    return exp
