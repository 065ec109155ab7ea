"""A live experiment: the data, the network and the trainer built from a spec.

``Session(experiment)`` validates nothing by itself beyond what the engine and
data code check; files are validated by ``bplab.experiment.io`` before they
get here.  The GUI, the command line and the exporters all go through this
one class, so they all train the same network on the same points.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from bplab.data import Dataset, feature_matrix, generate, split
from bplab.engine import Network, Split, Trainer, initial_parameters, make_optimizer, targets
from bplab.experiment.model import Experiment, TrainingState

Array = np.ndarray

GENERATED_EXTENT = (-6.0, 6.0, -6.0, 6.0)  # TF Playground's input plane
GRID_RESOLUTION = 100  # heatmap cells per side


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
                       name="points")
    return generate(spec.generator, spec.n_points, spec.noise, spec.seed)


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
        self.feature_names = list(exp.data.features) if self.is_2d else (
            exp.data.points.columns if exp.data.points and exp.data.points.columns else
            [f"x{i + 1}" for i in range(self.dataset.x.shape[1])])
        self.plane = plane_for(exp, self.dataset) if self.is_2d else None
        arch, tr = exp.architecture, exp.training
        n_out = targets.output_size(self.dataset.task, self.dataset.n_classes,
                                    arch.output_activation)
        sizes = [len(self.feature_names), *arch.hidden, n_out]
        self.network = Network(sizes, [*arch.activations, arch.output_activation], tr.loss,
                               tr.reduction, tr.dtype)
        self.network.set_parameters(*initial_parameters(tr.initializer, sizes, tr.seed))
        params = [p for pair in zip(self.network.W, self.network.b, strict=True) for p in pair]
        optimizer = make_optimizer(tr.optimizer, params, tr.learning_rate, **tr.optimizer_params)
        self.trainer = Trainer(
            self.network, optimizer, self._engine_split(self.train_set),
            self._engine_split(self.test_set) if len(self.test_set.y) else None,
            batch_size=tr.batch_size, shuffle=tr.shuffle, seed=tr.seed,
            regularization=tr.regularization, regularization_rate=tr.regularization_rate,
            record_every=tr.record_every,
        )
        if exp.state is not None:
            self.restore(exp.state)
        self._grid_inputs: Array | None = None  # features on the plane grid, made once
        self._output_inputs: Array | None = None  # the same for output_grid's resolution

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

    def inputs(self, x: Array) -> Array:
        """Network inputs for raw points: the chosen features of a 2D point."""
        return feature_matrix(x, self.feature_names) if self.is_2d else np.asarray(x, float)

    def _engine_split(self, ds: Dataset) -> Split:
        out_act = self.experiment.architecture.output_activation
        t = targets.encode(ds.y, ds.task, ds.n_classes, out_act)
        labels = ds.y.astype(np.int64) if ds.task == "classification" else None
        return Split(self.inputs(ds.x), t, labels)

    # -- state -------------------------------------------------------------
    def restore(self, state: TrainingState) -> None:
        tr = self.trainer
        self.network.set_parameters(state.weights, state.biases)
        tr.optimizer.load_state(state.optimizer_t, state.optimizer_state)
        tr.epoch, tr.step = state.epoch, state.step
        if state.rng_state is not None:
            tr.rng.bit_generator.state = state.rng_state
        if state.order is not None:
            order = np.asarray(state.order, np.int64)
            if sorted(order.tolist()) != list(range(len(tr.train.x))):
                raise ValueError("state.order is not a permutation of the training points")
            tr.order = order
        if not 0 <= int(state.position) <= len(tr.train.x):
            raise ValueError(f"state.position {state.position} is outside the "
                             f"{len(tr.train.x)} training points")
        tr.position = int(state.position)
        tr.history = state.history.copy()

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
        )

    def to_experiment(self) -> Experiment:
        """The experiment as it stands now, ready to save."""
        exp = copy.deepcopy(self.experiment)
        exp.training.learning_rate = self.trainer.optimizer.learning_rate
        exp.state = self.capture()
        return exp

    # -- views -------------------------------------------------------------
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
