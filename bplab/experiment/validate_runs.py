"""The file sections added in format version 3: ``stop``, ``view`` and ``runs``.

``sections_to_json`` writes them; ``read_sections`` checks them field by field
(errors name the field, e.g. ``runs[2].settings.training.learning_rate``) and
puts them on an experiment that ``validate.parse_document`` already built.
A run's settings are checked by the same readers as the experiment's own
sections.  See ``docs/file-format.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NoReturn

import numpy as np

from bplab.experiment.model import Experiment, Run, StopRules, ViewSettings
from bplab.experiment.runs import FINAL_FIGURES, RUN_COLUMNS
from bplab.experiment.validate import (
    DATA_FIELDS,
    MAX_COUNT,
    ExperimentFileError,
    Reader,
    _architecture,
    _data,
    _DataInfo,
    _layer_arrays,
    _loose_number,
    _training,
    join,
)

STOP_FIELDS = ("at_epoch", "at_loss", "patience", "restore_best")
VIEW_FIELDS = ("pace",)
RUN_FIELDS = ("number", "label", "name", "pinned", "current", "epochs", "steps", "final",
              "settings", "history", "weights", "biases")
SETTINGS_FIELDS = ("data", "architecture", "training")
MAX_PACE = 1_000_000.0  # epochs per second a file may ask for


# -- writing ---------------------------------------------------------------------------
def _null_nan(values: list[float]) -> list:
    return [v if math.isfinite(v) else None for v in values]


def _finite_rows(arrays: list[np.ndarray], field: str) -> list:
    out = []
    for i, a in enumerate(arrays):
        a = np.asarray(a, dtype=np.float64)
        if not np.all(np.isfinite(a)):
            raise ExperimentFileError("contains NaN or infinity", field=f"{field}[{i}]",
                                      fix="delete that run before saving")
        out.append(a.tolist())
    return out


def sections_to_json(exp: Experiment, settings_to_json: Callable[[Experiment], dict]) -> dict:
    """``stop``, ``view`` and ``runs`` of ``exp`` as JSON values.

    ``settings_to_json`` gives the data, architecture and training sections of
    an experiment (io.py's own writer), so a run's settings read like the file's.
    """
    s = exp.stop
    runs = []
    for k, run in enumerate(exp.runs):
        settings = settings_to_json(run.settings)
        settings["data"]["points"] = None
        runs.append({
            "number": int(run.number), "label": run.label, "name": run.name,
            "pinned": bool(run.pinned), "current": bool(run.current),
            "epochs": int(run.epochs), "steps": int(run.steps),
            "final": {name: _null_nan([float(run.final.get(name, math.nan))])[0]
                      for name in FINAL_FIGURES},
            "settings": settings,
            "history": {name: ([int(v) for v in run.history.get(name, [])] if name == "epoch"
                               else _null_nan([float(v) for v in run.history.get(name, [])]))
                        for name in RUN_COLUMNS},
            "weights": None if run.weights is None else _finite_rows(run.weights,
                                                                      f"runs[{k}].weights"),
            "biases": None if run.biases is None else _finite_rows(run.biases,
                                                                    f"runs[{k}].biases"),
        })
    return {
        "stop": {"at_epoch": s.at_epoch, "at_loss": s.at_loss, "patience": s.patience,
                 "restore_best": bool(s.restore_best)},
        "view": {"pace": exp.view.pace},
        "runs": runs,
    }


# -- reading ---------------------------------------------------------------------------
class _Within(Reader):
    """A reader whose fields sit inside ``prefix`` (``runs[2].settings``)."""

    def __init__(self, source: str | None, prefix: str) -> None:
        super().__init__(source)
        self.prefix = prefix

    def fail(self, field: str | None, problem: str, fix: str = "") -> NoReturn:
        where = self.prefix if not field else f"{self.prefix}.{field}"
        raise ExperimentFileError(problem, path=self.source, field=where, fix=fix)


def _stop(r: Reader, value: Any) -> StopRules:
    if value is None:
        return StopRules()
    s = r.obj(value, "stop", STOP_FIELDS)
    rules = StopRules()
    if s.get("at_epoch") is not None:
        rules.at_epoch = r.integer(s["at_epoch"], "stop.at_epoch", 1, MAX_COUNT,
                                   "write a whole number of at least 1, or null for no limit")
    if s.get("at_loss") is not None:
        fix = "write a loss above 0, or null for no loss rule"
        loss = r.number(s["at_loss"], "stop.at_loss", fix=fix)
        if loss <= 0:
            r.expect("stop.at_loss", "a loss above 0", s["at_loss"], fix)
        rules.at_loss = loss
    if s.get("patience") is not None:
        rules.patience = r.integer(s["patience"], "stop.patience", 1, MAX_COUNT,
                                   "write a whole number of epochs, or null for no early stop")
    rules.restore_best = r.boolean(s.get("restore_best", True), "stop.restore_best")
    return rules


def _view(r: Reader, value: Any) -> ViewSettings:
    if value is None:
        return ViewSettings()
    v = r.obj(value, "view", VIEW_FIELDS)
    pace = v.get("pace")
    if pace is not None:
        pace = r.number(pace, "view.pace", 0.0, MAX_PACE,
                        "epochs per second; 0 for as fast as possible, null for the window's "
                        "last choice")
    return ViewSettings(pace=pace)


def _settings(r: _Within, doc: dict, exp: Experiment) -> tuple[Experiment, list[int]]:
    if "data" not in doc:
        r.fail("data", "the run's settings have no 'data' section", "add it")
    data = r.obj(doc["data"], "data", DATA_FIELDS)
    if data.get("points") is not None:
        r.fail("data.points", "a run keeps no points of its own: it used the experiment's",
               "write null")
    points = exp.data.points
    if data.get("source") == "points":
        if points is None:
            r.fail("data.source", "the run trained on loaded points, but the experiment holds "
                                  "none", "delete this run, or set its data source to generator")
        # The other data fields are checked as a generator's would be; the points are
        # the experiment's.
        features = data.get("features") or ["x1", "x2"]
        info = _data(r, {"data": {**data, "source": "generator", "features": features}})
        spec = info.spec
        spec.source, spec.points = "points", points
        spec.features = list(data.get("features", spec.features))
        raw = points.x.shape[1]
        info = _DataInfo(spec, points.task, points.n_classes,
                         len(spec.features) if raw == 2 else raw)
    else:
        info = _data(r, {"data": data})
        info.spec.points = None
    arch, sizes = _architecture(r, doc, info)
    training = _training(r, doc, arch.output_activation)
    spec = info.spec
    if spec.source == "points":
        spec.points = None  # the run refers to the experiment's points
    return Experiment(name=exp.name, data=spec, architecture=arch, training=training), sizes


def _figures(r: Reader, value: Any, field: str) -> dict[str, float]:
    f = r.obj(value, field, FINAL_FIGURES)
    return {name: math.nan if f.get(name) is None else
            _loose_number(r, f[name], join(field, name)) for name in FINAL_FIGURES}


def _run_history(r: Reader, value: Any, field: str) -> dict[str, list]:
    h = r.obj(value, field, RUN_COLUMNS)
    out: dict[str, list] = {}
    for name in RUN_COLUMNS:
        col = r.items(h.get(name, []), join(field, name), None, "values")
        if name == "epoch":
            out[name] = [r.integer(v, join(join(field, name), i), 0, MAX_COUNT)
                         for i, v in enumerate(col)]
        else:
            out[name] = [math.nan if v is None else r.number(v, join(join(field, name), i))
                         for i, v in enumerate(col)]
    lengths = {len(c) for c in out.values()}
    if len(lengths) > 1:
        r.fail(field, "the history columns have different lengths",
               "every column needs one value per recorded epoch")
    return out


def _run(r: Reader, value: Any, k: int, exp: Experiment) -> Run:
    f = f"runs[{k}]"
    d = r.obj(value, f, RUN_FIELDS)
    for key in ("number", "settings"):
        if key not in d:
            r.fail(join(f, key), f"the run has no {key!r}", "add it, or delete the run")
    given = r.obj(d["settings"], join(f, "settings"), SETTINGS_FIELDS)
    settings, sizes = _settings(_Within(r.source, join(f, "settings")), given, exp)
    has_w, has_b = d.get("weights") is not None, d.get("biases") is not None
    if has_w != has_b:
        r.fail(join(f, "weights" if has_b else "biases"),
               "a run keeps both its weights and its biases, or neither",
               "write null for both, or give both")
    w = b = None
    if has_w:
        w = _layer_arrays(r, d["weights"], join(f, "weights"), sizes, "weight")
        b = _layer_arrays(r, d["biases"], join(f, "biases"), sizes, "bias")
    return Run(
        number=r.integer(d["number"], join(f, "number"), 1, MAX_COUNT),
        label=r.string(d.get("label", ""), join(f, "label")),
        settings=settings,
        name=r.string(d.get("name", ""), join(f, "name")),
        pinned=r.boolean(d.get("pinned", False), join(f, "pinned")),
        current=r.boolean(d.get("current", False), join(f, "current")),
        epochs=r.integer(d.get("epochs", 0), join(f, "epochs"), 0, MAX_COUNT),
        steps=r.integer(d.get("steps", 0), join(f, "steps"), 0, MAX_COUNT),
        final=_figures(r, d.get("final", {}), join(f, "final")),
        history=_run_history(r, d.get("history", {}), join(f, "history")),
        weights=w, biases=b,
    )


def read_sections(doc: dict, exp: Experiment, source: str | None = None) -> None:
    """Check ``doc``'s stop, view and runs sections and put them on ``exp``."""
    r = Reader(source)
    exp.stop = _stop(r, doc.get("stop"))
    exp.view = _view(r, doc.get("view"))
    runs: list[Run] = []
    for k, value in enumerate(r.items(doc.get("runs", []), "runs", None, "runs")):
        run = _run(r, value, k, exp)
        if runs and run.number <= runs[-1].number:
            r.fail(f"runs[{k}].number", f"expected a run number above {runs[-1].number} "
                                        f"(runs are listed in order), found {run.number}",
                   "number the runs 1, 2, 3 … in the order they are listed")
        if run.current and any(p.current for p in runs):
            r.fail(f"runs[{k}].current", "two runs are marked current",
                   "mark only the run the state belongs to")
        runs.append(run)
    exp.runs = runs
