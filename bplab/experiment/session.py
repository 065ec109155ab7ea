"""A live experiment: the data, the network and the trainer built from a spec.

``Session(experiment)`` validates nothing by itself beyond what the engine and
data code check; files are validated by ``bplab.experiment.io`` before they
get here.  The GUI, the command line and the exporters all go through this
one class, so they all train the same network on the same points.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from bplab.data import Dataset, feature_matrix, generate, split
from bplab.data.features import input_label
from bplab.data.scaling import InputScaling, fit_scaling
from bplab.engine import Network, Split, Trainer, initial_parameters, make_optimizer, targets
from bplab.engine.losses import REDUCTIONS
from bplab.engine.optimizers import check_learning_rate
from bplab.engine.regularizers import check as check_regularization
from bplab.experiment.model import Experiment, TrainingSettings, TrainingState
from bplab.experiment.runs import with_current_run

if TYPE_CHECKING:  # the view helpers import this module
    from bplab.experiment.hidden_space import HiddenSpace, Projection
    from bplab.experiment.input_pair import PairGrid

Array = np.ndarray

GENERATED_EXTENT = (-6.0, 6.0, -6.0, 6.0)  # TF Playground's input plane
GRID_RESOLUTION = 100  # heatmap cells per side
# Training settings that change without new weights (Session.apply_training_settings).
LIVE_SETTINGS = ("learning_rate", "batch_size", "reduction", "optimizer", "optimizer_params",
                 "regularization", "regularization_rate")


@dataclass(frozen=True)
class Plane:
    """The part of the input plane the views show: x from xmin to xmax, y likewise."""

    xmin: float
    xmax: float
    ymin: float
    ymax: float

    def grid(self, resolution: int = GRID_RESOLUTION) -> Array:
        """(resolution², 2) points, row-major with y growing by row: reshape gives [iy, ix]."""
        xs = np.linspace(self.xmin, self.xmax, resolution)
        ys = np.linspace(self.ymin, self.ymax, resolution)
        gx, gy = np.meshgrid(xs, ys)
        return np.column_stack([gx.ravel(), gy.ravel()])


def load_dataset(exp: Experiment) -> Dataset:
    spec = exp.data
    if spec.source == "points":
        if spec.points is None:
            raise ValueError("data.source is 'points' but the experiment holds no points")
        p = spec.points
        return Dataset(np.asarray(p.x, np.float64), np.asarray(p.y), p.task, p.n_classes,
                       name="points", columns=tuple(p.columns))
    return generate(spec.generator, spec.n_points, spec.noise, spec.seed, spec.n_classes)


def plane_for(exp: Experiment, ds: Dataset) -> Plane:
    if exp.data.source == "generator" and exp.data.generator != "article_xor":
        return Plane(*GENERATED_EXTENT)
    lo, hi = ds.x[:, :2].min(axis=0), ds.x[:, :2].max(axis=0)
    margin = np.maximum((hi - lo) * 0.25, 0.5)
    return Plane(float(lo[0] - margin[0]), float(hi[0] + margin[0]),
                 float(lo[1] - margin[1]), float(hi[1] + margin[1]))


class Session:
    def __init__(self, experiment: Experiment) -> None:
        self.experiment = copy.deepcopy(experiment)  # the session owns its copy
        exp = self.experiment
        self.dataset = load_dataset(exp)
        self.is_2d = self.dataset.x.shape[1] == 2  # features and heatmaps need a plane
        self.train_set, self.test_set = self._split()
        columns = list(self.dataset.columns)
        # The network's inputs: features of a 2-D point, else the data's own columns.
        self.feature_names = list(exp.data.features) if self.is_2d else (
            columns or [f"x{i + 1}" for i in range(self.dataset.x.shape[1])])
        # The same inputs named for people and exports, with a CSV header's names.
        self.input_names = ([input_label(n, columns) for n in self.feature_names]
                            if self.is_2d and columns else list(self.feature_names))
        self.plane = plane_for(exp, self.dataset) if self.is_2d else None
        # Standardisation of the inputs (data.standardize): the statistics a saved state
        # was trained with, else those of this training split.
        self.scaling: InputScaling | None = self._scaling(exp.state)
        arch, tr = exp.architecture, exp.training
        n_out = targets.output_size(self.dataset.task, self.dataset.n_classes,
                                    arch.output_activation)
        sizes = [len(self.feature_names), *arch.hidden, n_out]
        self.network = Network(sizes, [*arch.activations, arch.output_activation], tr.loss,
                               tr.reduction, tr.dtype)
        self.network.set_parameters(*initial_parameters(tr.initializer, sizes, tr.seed))
        optimizer = make_optimizer(tr.optimizer, self.network.parameters(), tr.learning_rate,
                                   **tr.optimizer_params)
        self.trainer = Trainer(
            self.network, optimizer, self._engine_split(self.train_set),
            self._engine_split(self.test_set) if len(self.test_set.y) else None,
            batch_size=tr.batch_size, shuffle=tr.shuffle, seed=tr.seed,
            regularization=tr.regularization, regularization_rate=tr.regularization_rate,
            record_every=tr.record_every,
        )
        if exp.state is not None:
            self.restore(exp.state)
        self.trainer.record_start()  # epoch 0: the loss of the initial weights
        self._grid_inputs: Array | None = None  # features on the plane grid, made once
        self._output_inputs: Array | None = None  # the same for output_grid's resolution
        self._pair_inputs: dict[tuple, Array] = {}  # pair_grid's inputs by (pair, resolution)

    # -- data ------------------------------------------------------------
    def _split(self) -> tuple[Dataset, Dataset]:
        spec, ds = self.experiment.data, self.dataset
        if spec.source == "points" and spec.points is not None and spec.points.is_train is not None:
            mask = np.asarray(spec.points.is_train, bool)
            return (Dataset(ds.x[mask], ds.y[mask], ds.task, ds.n_classes, ds.name),
                    Dataset(ds.x[~mask], ds.y[~mask], ds.task, ds.n_classes, ds.name))
        if len(ds.y) < 2:
            return ds, Dataset(ds.x[:0], ds.y[:0], ds.task, ds.n_classes, ds.name)
        if spec.source == "generator" and spec.generator == "article_xor":
            # The article trains and reports on all four points.
            return ds, Dataset(ds.x[:0], ds.y[:0], ds.task, ds.n_classes, ds.name)
        return split(ds, spec.train_fraction, spec.seed)

    def unscaled_inputs(self, x: Array) -> Array:
        """The chosen features of 2-D points (other data: its columns), before standardising."""
        return feature_matrix(x, self.feature_names) if self.is_2d else np.asarray(x, float)

    def inputs(self, x: Array) -> Array:
        """Network inputs for raw points: the chosen features of a 2D point, standardised
        when the experiment says so."""
        features = self.unscaled_inputs(x)
        return features if self.scaling is None else self.scaling.apply(features)

    def _scaling(self, state: TrainingState | None) -> InputScaling | None:
        if not self.experiment.data.standardize:
            if state is not None and state.input_scaling is not None:
                raise ValueError("the state holds input statistics, but data.standardize is "
                                 "off")
            return None
        n_inputs = len(self.feature_names)
        if state is not None and state.input_scaling is not None:
            if len(state.input_scaling.mean) != n_inputs:
                raise ValueError(f"the state's input statistics cover "
                                 f"{len(state.input_scaling.mean)} inputs, the network has "
                                 f"{n_inputs}")
            return state.input_scaling
        return fit_scaling(self.unscaled_inputs(self.train_set.x))

    def _engine_split(self, ds: Dataset) -> Split:
        out_act = self.experiment.architecture.output_activation
        t = targets.encode(ds.y, ds.task, ds.n_classes, out_act)
        labels = ds.y.astype(np.int64) if ds.task == "classification" else None
        return Split(self.inputs(ds.x), t, labels)

    # -- state -------------------------------------------------------------
    def restore(self, state: TrainingState) -> None:
        """Put the trainer where ``state`` says; refuses a state it cannot continue exactly."""
        tr = self.trainer
        n_train = len(tr.train.x)
        # Checked before anything changes. A position at the end of the order is
        # refused, not rolled over: the trainer starts the next epoch right after the
        # last batch, so such a state was never saved by bplab, and stepping from it
        # would train on an empty batch (momentum would still move the weights).
        order = None
        if state.order is not None:
            order = np.asarray(state.order, np.int64)
            if sorted(order.tolist()) != list(range(n_train)):
                raise ValueError("state.order is not a permutation of the training points")
        if not 0 <= int(state.position) < n_train:
            raise ValueError(f"state.position: expected a whole number from 0 to {n_train - 1} "
                             f"(there are {n_train} training points), found {state.position}; "
                             "write 0 to start the epoch over")
        scaling = self._scaling(state)
        self.network.set_parameters(state.weights, state.biases)
        if not (scaling is self.scaling or (scaling is not None and scaling.same_as(self.scaling))):
            self._rescale(scaling)
        tr.optimizer.load_state(state.optimizer_t, state.optimizer_state)
        tr.epoch, tr.step = state.epoch, state.step
        if state.rng_state is not None:
            tr.rng.bit_generator.state = state.rng_state
        if order is not None:
            tr.order = order
        tr.position = int(state.position)
        tr.history = state.history.copy()

    def _rescale(self, scaling: InputScaling | None) -> None:
        # The inputs the trainer holds were standardised with other statistics.
        self.scaling = scaling
        tr = self.trainer
        tr.train.x = np.ascontiguousarray(self.inputs(self.train_set.x), self.network.dtype)
        if tr.test is not None:
            tr.test.x = np.ascontiguousarray(self.inputs(self.test_set.x), self.network.dtype)
        self._grid_inputs = self._output_inputs = None
        self._pair_inputs = {}

    def capture(self) -> TrainingState:
        """A copy of where training stands (call while training is paused)."""
        tr = self.trainer
        tr.apply_pending()  # a learning rate typed a moment ago belongs in the copy
        W, b = self.network.copy_parameters()
        return TrainingState(
            weights=W, biases=b, optimizer_t=tr.optimizer.t,
            optimizer_state={k: [a.copy() for a in v] for k, v in tr.optimizer.state.items()},
            epoch=tr.epoch, step=tr.step, rng_state=copy.deepcopy(tr.rng.bit_generator.state),
            order=tr.order.copy(), position=tr.position, history=tr.history.copy(),
            input_scaling=self.scaling,  # immutable: shared, not copied
        )

    def apply_training_settings(self, settings: TrainingSettings) -> None:
        """Change the settings that need no new weights (``LIVE_SETTINGS``); check first.

        Raises ValueError saying what is wrong, and then changes nothing.  The
        optimizer starts afresh (momentum and friends at zero) only when its kind
        or its hyper-parameters change.  Call while training is paused.
        """
        tr, old = self.trainer, self.experiment.training
        fixed = [f.name for f in dataclasses.fields(settings) if f.name not in LIVE_SETTINGS
                 and getattr(settings, f.name) != getattr(old, f.name)]
        if fixed:
            raise ValueError(f"changing {', '.join(fixed)} needs new weights: build a new "
                             "session (Reset)")
        check_learning_rate(settings.learning_rate)
        batch = settings.batch_size
        if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
            raise ValueError(f"the batch size must be a whole number of at least 1, not {batch!r}")
        check_regularization(settings.regularization, settings.regularization_rate)
        if settings.reduction not in REDUCTIONS:
            raise ValueError(f"reduction must be one of {', '.join(REDUCTIONS)}, "
                             f"not {settings.reduction!r}")
        for key, value in settings.optimizer_params.items():
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"optimizer parameter {key} must be a number of at least 0, "
                                 f"not {value!r}")
        optimizer = tr.optimizer
        if (settings.optimizer, settings.optimizer_params) != (old.optimizer,
                                                               old.optimizer_params):
            # The same parameter arrays; make_optimizer refuses unknown names and keys.
            optimizer = make_optimizer(settings.optimizer, tr.optimizer.params,
                                       settings.learning_rate, **settings.optimizer_params)
        # Everything is valid: apply it all.
        tr.apply_pending()  # a rate queued earlier must not override this one
        tr.optimizer = optimizer
        optimizer.learning_rate = float(settings.learning_rate)
        tr.batch_size = min(batch, len(tr.train.x))  # as the Trainer clips it
        tr.regularization = settings.regularization
        tr.regularization_rate = float(settings.regularization_rate)
        self.network.reduction = settings.reduction
        self.experiment.training = copy.deepcopy(settings)

    def to_experiment(self) -> Experiment:
        """The experiment as it stands now, ready to save (the current run summed up)."""
        exp = copy.deepcopy(self.experiment)
        exp.training.learning_rate = self.trainer.optimizer.learning_rate
        exp.state = self.capture()
        exp.runs = with_current_run(exp)
        return exp

    # -- views -------------------------------------------------------------
    def pair_grid(self, pair: tuple[int, int] = (0, 1),
                  resolution: int = GRID_RESOLUTION) -> PairGrid:
        """The output over a grid of two raw input columns, the others held at their training
        mean: the decision boundary of data with more than two inputs (see ``input_pair``)."""
        from bplab.experiment.input_pair import check_pair, pair_grid, pair_inputs, pair_plane

        pair = check_pair(self, pair)
        key = (pair, resolution)
        if key not in self._pair_inputs:  # the same grid every frame: built once
            self._pair_inputs[key] = pair_inputs(self, pair, pair_plane(self, pair), resolution)
        return pair_grid(self, pair, resolution, self._pair_inputs[key])

    def hidden_space(self, layer: int, neurons: tuple[int, int] | None = None,
                     projection: Projection | None = None) -> HiddenSpace:
        """The training points and the input grid as hidden layer ``layer`` (1-based) sees
        them: two neurons, or the first two principal components (see ``hidden_space``)."""
        from bplab.experiment.hidden_space import hidden_space

        return hidden_space(self, layer, neurons, projection)

    def neuron_grids(self, resolution: int = GRID_RESOLUTION) -> list[Array]:
        """Every neuron's output over the plane: per layer, (n, resolution, resolution).

        Layer 0 holds the input features.  Empty for data that is not 2D.
        """
        if self.plane is None:
            return []
        if self._grid_inputs is None or len(self._grid_inputs) != resolution**2:
            self._grid_inputs = self.inputs(self.plane.grid(resolution))
        with np.errstate(all="ignore"):
            outs = self.network.neuron_outputs(self._grid_inputs)
        return [o.reshape(len(o), resolution, resolution) for o in outs]

    def output_grid(self, resolution: int = GRID_RESOLUTION) -> Array | None:
        """The output neurons over the plane only, (n_out, resolution, resolution).

        What the decision boundary needs; None for data that is not 2D.
        """
        if self.plane is None:
            return None
        if self._output_inputs is None or len(self._output_inputs) != resolution**2:
            self._output_inputs = self.inputs(self.plane.grid(resolution))
        with np.errstate(all="ignore"):
            out = self.network.predict(self._output_inputs)
        return np.ascontiguousarray(out.T).reshape(out.shape[1], resolution, resolution)
