"""Runs kept side by side: the bookkeeping behind the Runs panel and ``bplab train``.

An experiment's ``runs`` list (``bplab.experiment.model.Run``) is ordered by
run number.  At most one run is ``current``: the one the experiment's state
belongs to, summed up from that state whenever the experiment is saved
(``with_current_run``).  When a new run starts (Reset, New data, a rebuild,
Restart), the current one is finished (``finish_current``): it keeps its
settings, a bounded history, its final figures and, for nets of moderate size,
its final weights, so that it can be compared, exported and restored.

Sizes stay bounded: the last ``MAX_RUNS`` finished runs besides the pinned
ones, ``MAX_RUN_POINTS`` history rows each (first, last and evenly spaced
between), and final weights only for nets of at most ``MAX_RUN_WEIGHTS``
parameters.  Qt-free.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence

import numpy as np

from bplab.engine.trainer import History
from bplab.experiment.model import Experiment, Run, TrainingState
from bplab.experiment.run_labels import describe_change

MAX_RUNS = 20  # finished runs kept, besides the pinned ones
MAX_RUN_POINTS = 1000  # history rows kept per run
MAX_RUN_WEIGHTS = 50_000  # final weights are kept for nets of at most this many parameters
RUN_COLUMNS = ("epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy")
FINAL_FIGURES = RUN_COLUMNS[1:]


# -- pieces of a run -------------------------------------------------------------------
def bounded_history(columns: Mapping[str, Sequence], max_rows: int = MAX_RUN_POINTS
                    ) -> dict[str, list]:
    """RUN_COLUMNS of a history with at most ``max_rows`` rows: the first, the last and
    rows evenly spaced between (a simple decimation, kept apart so it can change)."""
    n = len(columns["epoch"])
    rows = (np.arange(n) if n <= max_rows
            else np.unique(np.linspace(0, n - 1, max_rows).round().astype(np.int64)))
    out: dict[str, list] = {}
    for name in RUN_COLUMNS:
        values = np.asarray(columns[name], dtype=float)[rows] if n else np.zeros(0)
        out[name] = [int(v) for v in values] if name == "epoch" else [float(v) for v in values]
    return out


def run_settings(exp: Experiment) -> Experiment:
    """What a run keeps of its experiment: data (without the points), layers, training."""
    data = copy.deepcopy(exp.data)
    data.points = None  # a run with source "points" used the experiment's own points
    return Experiment(name=exp.name, data=data, architecture=copy.deepcopy(exp.architecture),
                      training=copy.deepcopy(exp.training))


def parameter_count(state: TrainingState) -> int:
    return int(sum(np.size(w) for w in state.weights) + sum(np.size(b) for b in state.biases))


def current_run(runs: Sequence[Run]) -> Run | None:
    return next((r for r in runs if r.current), None)


def find_run(runs: Sequence[Run], number: int) -> Run:
    for run in runs:
        if run.number == number:
            return run
    raise ValueError(f"there is no run {number}")


def next_number(runs: Sequence[Run]) -> int:
    return max((r.number for r in runs), default=0) + 1


def _previous(runs: Sequence[Run], run: Run) -> Run | None:
    """The run listed just before ``run`` (the one its label compares with)."""
    i = next(i for i, r in enumerate(runs) if r is run)
    return runs[i - 1] if i > 0 else None


def _summarize(run: Run, exp: Experiment, runs: Sequence[Run]) -> None:
    """Fill ``run`` (in ``runs``) from ``exp``: settings, label, epochs, history, figures."""
    run.settings = run_settings(exp)
    before = _previous(runs, run)
    run.label = describe_change(before.settings if before else None, run.settings)
    state = exp.state
    if state is None:
        run.epochs = run.steps = 0
        run.history = {name: [] for name in RUN_COLUMNS}
        run.final = {name: math.nan for name in FINAL_FIGURES}
        return
    run.epochs, run.steps = int(state.epoch), int(state.step)
    run.history = bounded_history(state.history.as_columns())
    run.final = {name: (run.history[name][-1] if run.history[name] else math.nan)
                 for name in FINAL_FIGURES}


# -- the list ------------------------------------------------------------------------
def start_run(runs: list[Run], exp: Experiment) -> Run:
    """Append a new current run for ``exp`` to ``runs`` (none of which may be current)."""
    if current_run(runs) is not None:
        raise ValueError("finish the current run before starting another")
    run = Run(number=next_number(runs), label="", settings=run_settings(exp), current=True)
    runs.append(run)
    _summarize(run, exp, runs)
    return run


def with_current_run(exp: Experiment) -> list[Run]:
    """``exp.runs`` (copies) with the current run summed up from ``exp.state``.

    A trained experiment without a current run gets one, so that a run trained
    anywhere (``bplab train`` too) is listed.
    """
    runs = copy.deepcopy(exp.runs)
    run = current_run(runs)
    trained = exp.state is not None and exp.state.epoch > 0
    if run is None and not trained:
        return runs
    if run is None:
        run = Run(number=next_number(runs), label="", settings=run_settings(exp), current=True)
        runs.append(run)
    _summarize(run, exp, runs)
    run.weights = run.biases = None  # the state holds them
    return runs


def relabel_current(runs: list[Run], exp: Experiment) -> None:
    """After a change of settings during the current run: its label says what it is now."""
    run = current_run(runs)
    if run is not None:
        run.settings = run_settings(exp)
        before = _previous(runs, run)
        run.label = describe_change(before.settings if before else None, run.settings)


def finish_current(exp: Experiment) -> list[Run]:
    """The runs of ``exp`` (a saved experiment: ``Session.to_experiment()``) with its current
    run finished: summed up, with its final weights if the net is small enough.

    An untrained run that was neither named nor pinned is dropped.  The list is
    trimmed to MAX_RUNS finished runs besides the pinned ones.
    """
    runs = with_current_run(exp)
    run = current_run(runs)
    if run is not None:
        run.current = False
        state = exp.state
        if run.epochs == 0 and not run.name and not run.pinned:
            runs.remove(run)
        elif (state is not None and parameter_count(state) <= MAX_RUN_WEIGHTS
              and all(np.all(np.isfinite(a)) for a in (*state.weights, *state.biases))):
            # (A diverged run keeps no weights: NaN cannot be saved, nor continued.)
            run.weights = [np.array(w, dtype=np.float64) for w in state.weights]
            run.biases = [np.array(b, dtype=np.float64) for b in state.biases]
    return trim(runs)


def trim(runs: list[Run], max_runs: int = MAX_RUNS) -> list[Run]:
    """Keep pinned runs, the current one and the newest ``max_runs`` other runs."""
    loose = [r for r in runs if not r.pinned and not r.current]
    drop = {id(r) for r in loose[:max(0, len(loose) - max_runs)]}
    return [r for r in runs if id(r) not in drop]


def make_current(runs: list[Run], number: int) -> Run:
    """Mark run ``number`` (finished) as the current one; its weights move to the state."""
    if current_run(runs) is not None:
        raise ValueError("finish the current run before restoring another")
    run = find_run(runs, number)
    run.current = True
    run.weights = run.biases = None
    return run


# -- whole experiments -------------------------------------------------------------------
def experiment_from_run(run: Run, exp: Experiment, runs: list[Run]) -> Experiment:
    """The experiment that continues ``run``: its settings and final weights, ``exp``'s
    name, notes, points, stop rules and view, and ``runs`` as its runs.

    Raises ValueError if the run's data were loaded points ``exp`` no longer holds.
    A run without weights (a large net) comes back with its initial weights.
    """
    settings = copy.deepcopy(run.settings)
    data = settings.data
    if data.source == "points":
        if exp.data.points is None:
            raise ValueError(f"run {run.number} trained on loaded points that this experiment "
                             "no longer holds")
        data.points = copy.deepcopy(exp.data.points)
    elif exp.data.points is not None:
        data.points = copy.deepcopy(exp.data.points)  # kept for a later return to them
    state = None
    if run.weights is not None and run.biases is not None:
        history = History()
        cols = run.history
        for i, epoch in enumerate(cols.get("epoch", [])):
            history.append(int(epoch), {name: float(cols[name][i]) for name in FINAL_FIGURES})
        state = TrainingState(weights=[np.array(w) for w in run.weights],
                              biases=[np.array(b) for b in run.biases],
                              epoch=run.epochs, step=run.steps, history=history)
    return Experiment(name=exp.name, description=exp.description, data=data,
                      architecture=settings.architecture, training=settings.training,
                      state=state, stop=copy.deepcopy(exp.stop), view=copy.deepcopy(exp.view),
                      runs=runs)


def restore_run(exp: Experiment, number: int) -> Experiment:
    """``exp`` (a saved experiment) switched to run ``number``: that run's settings and final
    weights, its current run finished and kept among the runs, ``number`` current again.

    Raises ValueError for a run that does not exist or cannot be rebuilt.
    """
    runs = finish_current(exp)
    run = find_run(runs, number)
    restored = experiment_from_run(run, exp, runs)
    make_current(restored.runs, number)
    return restored


def restart_experiment(exp: Experiment) -> Experiment:
    """``exp`` back at its initial weights and data, its trained run kept among the runs.

    The new run starts from the same spec (the same seeds), so it starts from
    exactly the same weights and points as the one before it.
    """
    runs = finish_current(exp)
    fresh = copy.copy(exp)
    fresh.state = None
    fresh.runs = runs
    start_run(fresh.runs, fresh)
    return fresh


def runs_table(runs: Sequence[Run]) -> list[list]:
    """Rows of (run, title, epoch, train_loss, test_loss, train_accuracy, test_accuracy)."""
    rows = []
    for run in runs:
        cols = run.history
        for i, epoch in enumerate(cols.get("epoch", [])):
            rows.append([run.number, run.title, int(epoch),
                         *(float(cols[name][i]) for name in FINAL_FIGURES)])
    return rows
