"""Experiment files: one human-readable JSON document, saved atomically.

The format is described field by field in ``docs/file-format.md``.  Floats are
written with Python's ``repr`` (as ``json`` does), so float64 weights come back
bit for bit; NaN and infinity are never written.  Loading checks everything
(``bplab.experiment.validate``) before building anything, so a failed load
raises ``ExperimentFileError`` and changes nothing.  Older versions are
brought up to date by the ``MIGRATIONS`` table.
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

from bplab.engine.history import History
from bplab.engine.trainer import AUTO_RECORD
from bplab.experiment.model import Architecture, Experiment
from bplab.experiment.validate import ExperimentFileError, Reader, describe, parse_document
from bplab.experiment.validate_runs import read_sections, sections_to_json

FORMAT = "bplab-experiment"
VERSION = 3  # the version this bplab writes and the newest it reads
MAX_FILE_BYTES = 200_000_000


# -- migrations ---------------------------------------------------------------
def _v0_to_v1(doc: dict) -> dict:
    """Version 0 (the pre-release draft) to version 1.

    v0 called the learning rate ``training.lr``, had no ``training.reduction``
    (it always averaged the loss over the mini-batch) and one
    ``architecture.activation`` for every hidden layer.  Anything that does
    not look like v0 is left alone for the version-1 checks to report.
    """
    doc = dict(doc)  # never change the caller's document
    training = doc.get("training")
    if isinstance(training, dict):
        training = dict(training)
        if "lr" in training and "learning_rate" not in training:
            training["learning_rate"] = training.pop("lr")
        training.setdefault("reduction", "mean")
        doc["training"] = training
    arch = doc.get("architecture")
    if isinstance(arch, dict) and "activation" in arch and "activations" not in arch:
        arch = dict(arch)
        act = arch.pop("activation")
        hidden = arch.get("hidden", Architecture().hidden)
        arch["activations"] = [act] * (len(hidden) if isinstance(hidden, list) else 0)
        doc["architecture"] = arch
    doc["version"] = 1
    return doc


def _v1_to_v2(doc: dict) -> dict:
    """Version 1 to version 2.

    Version 1 recorded the loss as the reduction made it (summed over the set
    with ``"sum"``), so train and test losses of sets of different sizes did not
    compare; version 2 records the loss per point and the sum, each in its own
    column.  A version-1 history's losses move to the columns they are: the
    sums for ``"sum"``, the losses per point for ``"mean"``; loading derives
    the other pair from the set sizes.  ``record_every`` 1 was what every
    version-1 file held (nothing could change it), so it becomes ``"auto"``.
    """
    doc = dict(doc)
    training = doc.get("training")
    reduction = "mean"
    if isinstance(training, dict):
        reduction = training.get("reduction", "mean")
        if training.get("record_every", 1) == 1:
            doc["training"] = {**training, "record_every": "auto"}
    state = doc.get("state")
    if isinstance(state, dict) and isinstance(state.get("history"), dict) and reduction == "sum":
        renamed = {"train_loss": "train_loss_sum", "test_loss": "test_loss_sum"}
        history = {renamed.get(k, k): v for k, v in state["history"].items()}
        doc["state"] = {**state, "history": history}
    doc["version"] = 2
    return doc


def _v2_to_v3(doc: dict) -> dict:
    """Version 2 to version 3: version 3 adds ``stop`` (stop rules), ``view`` (the pace)
    and ``runs`` (earlier runs kept to compare); a version-2 file had none of them."""
    doc = dict(doc)
    doc.setdefault("stop", None)
    doc.setdefault("view", None)
    doc.setdefault("runs", [])
    doc["version"] = 3
    return doc


# version N -> function turning a version-N document into a version-(N+1) one
MIGRATIONS: dict[int, Callable[[dict], dict]] = {0: _v0_to_v1, 1: _v1_to_v2, 2: _v2_to_v3}


# -- document <-> Experiment ------------------------------------------------------
def _finite_floats(arr: np.ndarray, field: str) -> list:
    if not np.all(np.isfinite(arr)):
        raise ExperimentFileError(
            "contains NaN or infinity", field=field,
            fix="training has diverged; press Reset (or lower the learning rate) before saving")
    return arr.tolist()


def _nan_to_null(values: list) -> list:
    # NaN means "no value" in the history (no test set, no accuracy for regression).
    return [v if v - v == 0.0 else None for v in values]  # v - v is NaN for NaN and ±inf


def _points_to_json(p: Any) -> dict:
    return {
        "task": p.task,
        "n_classes": int(p.n_classes),
        "columns": list(p.columns),
        "x": _finite_floats(np.asarray(p.x, np.float64), "data.points.x"),
        "y": (np.asarray(p.y).astype(np.int64).tolist() if p.task == "classification"
              else _finite_floats(np.asarray(p.y, np.float64), "data.points.y")),
        "is_train": None if p.is_train is None else np.asarray(p.is_train, bool).tolist(),
    }


def _state_to_json(s: Any) -> dict:
    return {
        "epoch": int(s.epoch),
        "step": int(s.step),
        "weights": [_finite_floats(np.asarray(w), f"state.weights[{i}]")
                    for i, w in enumerate(s.weights)],
        "biases": [_finite_floats(np.asarray(b), f"state.biases[{i}]")
                   for i, b in enumerate(s.biases)],
        "optimizer_t": int(s.optimizer_t),
        "optimizer_state": {
            slot: [_finite_floats(np.asarray(a), f"state.optimizer_state.{slot}[{i}]")
                   for i, a in enumerate(arrays)]
            for slot, arrays in s.optimizer_state.items()},
        "rng_state": None if s.rng_state is None else json.loads(json.dumps(s.rng_state)),
        "order": None if s.order is None else np.asarray(s.order, np.int64).tolist(),
        "position": int(s.position),
        "history": _history_to_json(s.history),
        **_scaling_to_json(s.input_scaling),
    }


def _history_to_json(h: History) -> dict:
    cols = h.as_columns()
    return {**h.layout(), **{k: (list(map(int, v)) if k == "epoch" else _nan_to_null(v))
                             for k, v in cols.items()}}


def _scaling_to_json(scaling: Any) -> dict:
    # Written only for standardised data, so that other files stay as they were.
    if scaling is None:
        return {}
    return {"input_mean": _finite_floats(scaling.mean, "state.input_mean"),
            "input_std": _finite_floats(scaling.std, "state.input_std")}


def experiment_to_json(exp: Experiment) -> dict:
    """The JSON document (plain dicts, lists, numbers) of an experiment.

    Raises ExperimentFileError if an array holds NaN or infinity.
    """
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": exp.name,
        "description": exp.description,
        **_settings_to_json(exp),
        "state": None if exp.state is None else _state_to_json(exp.state),
        **sections_to_json(exp, _settings_to_json),
    }


def _settings_to_json(exp: Experiment) -> dict:
    """The data, architecture and training sections (a run's settings use them too)."""
    d, a, t = exp.data, exp.architecture, exp.training
    return {
        "data": {
            "source": d.source, "generator": d.generator,
            "n_points": None if d.n_points is None else int(d.n_points),
            "noise": float(d.noise), "train_fraction": float(d.train_fraction),
            "seed": int(d.seed), "features": list(d.features),
            "points": None if d.points is None else _points_to_json(d.points),
            # Written only when set, so that other files stay as they were.
            **({} if d.n_classes is None else {"n_classes": int(d.n_classes)}),
            **({"standardize": True} if d.standardize else {}),
        },
        "architecture": {"hidden": [int(n) for n in a.hidden], "activations": list(a.activations),
                         "output_activation": a.output_activation},
        "training": {
            "loss": t.loss, "reduction": t.reduction, "optimizer": t.optimizer,
            "optimizer_params": {k: float(v) for k, v in t.optimizer_params.items()},
            "learning_rate": float(t.learning_rate), "batch_size": int(t.batch_size),
            "shuffle": bool(t.shuffle), "regularization": t.regularization,
            "regularization_rate": float(t.regularization_rate), "initializer": t.initializer,
            "seed": int(t.seed), "dtype": t.dtype,
            "record_every": "auto" if t.record_every == AUTO_RECORD else int(t.record_every),
        },
    }


def experiment_from_json(doc: Any, source: str | None = None) -> Experiment:
    """Check a parsed document completely, migrate it, and build its Experiment.

    ``source`` (usually the file path) is named in error messages.  The
    document itself is never modified.
    """
    r = Reader(source)
    if not isinstance(doc, dict):
        r.fail(None, f"this is not a bplab experiment: the file holds {describe(doc)}, "
                     "expected an object { … }",
               f"bplab experiment files start with {{\"format\": \"{FORMAT}\", \"version\": …")
    if doc.get("format") != FORMAT:
        found = "has no \"format\" field" if "format" not in doc else (
            f"says {describe(doc['format'])}")
        r.fail("format", f"this is not a bplab experiment (the file {found}, expected "
                         f"\"{FORMAT}\")", "open a .json file saved by bplab")
    if "version" not in doc:
        r.fail("version", "the file has no format version",
               f"add \"version\": {VERSION} if it was written for this bplab")
    version = r.integer(doc["version"], "version", 0, None)
    if version > VERSION:
        r.fail("version", f"made by a newer bplab (version {version}); this bplab reads up to "
                          f"version {VERSION} — update bplab")
    while version < VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    exp = parse_document(doc, source)
    read_sections(doc, exp, source)
    return exp


# -- text ---------------------------------------------------------------------
def _dumps(value: Any, level: int = 0) -> str:
    """JSON with objects indented and each list of plain values on one line."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dumps(v, level + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and any(isinstance(v, list | dict) for v in value):
        return "[\n" + ",\n".join(inner + _dumps(v, level + 1) for v in value) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def experiment_to_text(exp: Experiment) -> str:
    return _dumps(experiment_to_json(exp)) + "\n"


class _Refused(ValueError):
    def __init__(self, token: str, problem: str) -> None:
        super().__init__(problem)
        self.token = token


def _refuse_constant(name: str) -> float:
    raise _Refused(name, f"{name} is not allowed in bplab files")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(text, f"the number {text[:30]} is too large for a float")
    return value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(json.dumps(key), f"the field {key!r} appears twice in one object")
        out[key] = value
    return out


def _line_col(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def parse_text(data: bytes | str, source: str | None = None) -> Any:
    """Decode and parse experiment JSON; every failure is an ExperimentFileError."""
    r = Reader(source)
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            r.fail(None, f"not UTF-8 text (byte 0x{data[err.start]:02x} at "
                         f"{_line_col(data.decode('latin-1'), err.start)}); this is not a bplab "
                         "experiment", "open a .json file saved by bplab")
    else:
        text = data
    if not text.strip():
        r.fail(None, "the file is empty", "open a .json file saved by bplab")
    fix = "repair it in a text editor, or open a backup copy"
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float,
                          object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        where = f"line {err.lineno}, column {err.colno}"
        # A string left open runs to the end of the text (JSON strings hold no raw
        # line breaks), so the file was cut short inside it; so was one that fails at
        # its end, or at the end of a number cut short ("0." or "1e" fail on their tail).
        cut_string = err.msg.startswith("Unterminated string")
        if cut_string:
            where = _line_col(text, len(text.rstrip()))
        if cut_string or set(text.rstrip()[err.pos:]) <= set("-+.eE"):
            r.fail(None, f"the file ends too early at {where}: it is cut short (was a save "
                         "interrupted?)", fix)
        r.fail(None, f"not valid JSON at {where}: {err.msg}", fix)
    except _Refused as err:
        pos = text.find(err.token)
        where = f" at {_line_col(text, pos)}" if pos >= 0 else ""
        r.fail(None, f"{err}{where}", "files never hold NaN or infinity; write a finite number"
               if err.token.lstrip("-") in ("NaN", "Infinity") else fix)
    except RecursionError:
        r.fail(None, "the JSON is nested too deeply to be an experiment", fix)
    except ValueError as err:  # e.g. a whole number with thousands of digits
        r.fail(None, f"cannot read the JSON ({err})", fix)


# -- files ----------------------------------------------------------------------
def _megabytes(n: int) -> str:
    return f"{n / 1e6:.1f}".removesuffix(".0") + " MB" if n >= 100_000 else f"{n:,} bytes"


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read, check and build an experiment; raises ExperimentFileError with a fix."""
    path = Path(path)
    r = Reader(str(path))
    try:
        if path.is_dir():
            r.fail(None, "this is a folder, not a file", "choose a .json experiment file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            r.fail(None, f"the file is {_megabytes(size)}; bplab reads experiment files up to "
                         f"{_megabytes(MAX_FILE_BYTES)}",
                   "this is not a bplab experiment, or it holds too many points")
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)  # +1: a file that grew since stat
    except FileNotFoundError:
        r.fail(None, "file not found", "check the name and the folder")
    except OSError as err:
        r.fail(None, f"cannot read the file ({err.strerror or err})",
               "check that it exists and that you may read it")
    if len(data) > MAX_FILE_BYTES:
        r.fail(None, f"the file is over {_megabytes(MAX_FILE_BYTES)}",
               "this is not a bplab experiment, or it holds too many points")
    return experiment_from_json(parse_text(data, str(path)), str(path))


class SaveError(OSError):
    """A file could not be written; the message says where, why and what to do."""

    def __init__(self, path: str | os.PathLike, cause: OSError) -> None:
        super().__init__(f"could not save to {path}: {_why(cause)}")
        self.errno = cause.errno  # keeps str() as the message: strerror stays None


def _why(err: OSError) -> str:
    code = err.errno
    if code in (errno.EACCES, errno.EPERM):
        return ("the folder is read-only or you may not write there (permission denied); "
                "choose another folder")
    if code == errno.EROFS:
        return "the folder is on a read-only disk; choose another folder"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full; free some space or choose another disk"
    if code == errno.ENOENT:
        return "the folder does not exist; create it or choose another"
    if code == errno.EISDIR:
        return "that name is a folder; choose a file name"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long; choose a shorter one"
    return f"{err.strerror or err}"


def write_atomically(path: str | os.PathLike, write: Callable[[IO[bytes]], Any]) -> None:
    """Write a file so that it is either complete or untouched.

    ``write`` fills a temporary file in the same folder, which is flushed,
    synced and renamed over ``path``; on any failure the temporary file is
    removed and the old file stays as it was.  OS errors become SaveError.
    """
    path = Path(path)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"
    try:
        # os.open with 0o666 lets the umask decide the mode, unlike mkstemp's 0o600.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666)
    except OSError as err:
        raise SaveError(path, err) from None
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(OSError):  # a replaced file keeps its permissions
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(err, OSError) and not isinstance(err, SaveError):
            raise SaveError(path, err) from None
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; not possible (nor needed) on Windows.
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def save_experiment(exp: Experiment, path: str | os.PathLike) -> None:
    """Save atomically; refuses (ExperimentFileError) what could not be loaded back."""
    try:
        doc = experiment_to_json(exp)
        experiment_from_json(doc, None)  # never write a file that load would reject
    except ExperimentFileError as err:
        raise ExperimentFileError(f"cannot save this experiment: {err.problem}", path=str(path),
                                  field=err.field, fix=err.fix) from None
    data = (_dumps(doc) + "\n").encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise ExperimentFileError(
            f"cannot save this experiment: it would take {_megabytes(len(data))}, more than "
            f"bplab reads ({_megabytes(MAX_FILE_BYTES)})", path=str(path),
            fix="use fewer points or a smaller network")
    write_atomically(path, lambda f: f.write(data))
