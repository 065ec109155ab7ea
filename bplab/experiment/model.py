"""What an experiment is: data spec, architecture, training settings, state.

Plain dataclasses with NumPy arrays; ``bplab.experiment.io`` turns them into
the JSON document described in ``docs/file-format.md`` and back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bplab.data.scaling import InputScaling
from bplab.engine.history import History
from bplab.engine.trainer import AUTO_RECORD

Array = np.ndarray


@dataclass
class Points:
    """Data that cannot be regenerated: loaded from CSV or drawn by hand."""

    x: Array  # (n, d) float64 inputs
    y: Array  # (n,) class index (int64) or value (float64)
    task: str  # "classification" or "regression"
    n_classes: int  # 0 for regression
    is_train: Array | None = None  # (n,) bool; None: split by train_fraction and seed
    columns: list[str] = field(default_factory=list)  # input column names, for CSV data


@dataclass
class DataSpec:
    source: str = "generator"  # "generator" or "points"
    generator: str = "circle"  # name in bplab.data.GENERATORS, when source == "generator"
    n_points: int | None = None  # None: the generator's default
    noise: float = 0.0  # fraction 0..0.5 (TF Playground's 0–50%)
    train_fraction: float = 0.5  # share of points used for training, 0.1..0.9
    seed: int = 0  # seeds the generator and the train/test split
    features: list[str] = field(default_factory=lambda: ["x1", "x2"])  # network inputs
    points: Points | None = None  # the data itself, when source == "points"
    n_classes: int | None = None  # classes the generator draws (spiral, gauss); None: its own
    standardize: bool = False  # feed the network (x − mean) / std, from the training inputs


@dataclass
class Architecture:
    hidden: list[int] = field(default_factory=lambda: [4, 2])  # neurons per hidden layer
    activations: list[str] = field(default_factory=lambda: ["tanh", "tanh"])  # one per layer
    output_activation: str = "tanh"


@dataclass
class TrainingSettings:
    loss: str = "squared_error"
    reduction: str = "mean"  # "mean" or "sum" over the mini-batch
    optimizer: str = "sgd"
    optimizer_params: dict[str, float] = field(default_factory=dict)  # beyond the defaults
    learning_rate: float = 0.03
    batch_size: int = 10
    shuffle: bool = True
    regularization: str = "none"  # "none", "l1" or "l2"
    regularization_rate: float = 0.0
    initializer: str = "uniform"
    seed: int = 0  # seeds the initial weights and the mini-batch order
    dtype: str = "float64"
    record_every: int = AUTO_RECORD  # epochs between history records; 0: chosen by the trainer


@dataclass
class TrainingState:
    """Where training stands, so that a reopened run continues exactly."""

    weights: list[Array]  # W per layer, (n_in, n_out)
    biases: list[Array]  # b per layer, (n_out,)
    optimizer_t: int = 0  # updates done by the optimizer
    optimizer_state: dict[str, list[Array]] = field(default_factory=dict)
    epoch: int = 0
    step: int = 0
    rng_state: dict | None = None  # numpy bit-generator state of the batch-order generator
    order: Array | None = None  # sample order of the current epoch
    position: int = 0  # next index into ``order``
    history: History = field(default_factory=History)
    # The input statistics the weights were trained with (data.standardize); None: not
    # standardised, or computed afresh from the training points.
    input_scaling: InputScaling | None = None


@dataclass
class StopRules:
    """When training stops by itself (``bplab.experiment.stop_rules``); None: that rule is off."""

    at_epoch: int | None = None  # stop once this many epochs are done
    at_loss: float | None = None  # stop when the train loss reaches this value or less
    patience: int | None = None  # stop when the test loss has not improved for this many epochs
    restore_best: bool = True  # after a patience stop, go back to the best weights

    def active(self) -> bool:
        return any(v is not None for v in (self.at_epoch, self.at_loss, self.patience))


@dataclass
class ViewSettings:
    """How the window shows the experiment; files keep them, training ignores them."""

    pace: float | None = None  # epochs per second while playing; 0: as fast as possible;
    # None: the pace the window used last


@dataclass
class Run:
    """One training run of an experiment, kept to compare with the others (``runs``).

    A run starts at Reset, New data, a rebuild or Restart and ends at the next
    one.  The ``current`` run is the one the experiment's state belongs to: its
    final weights are the state's, so it keeps none of its own.
    """

    number: int  # 1, 2, 3 … in the order the runs started
    label: str  # what differs from the run before, e.g. "lr 0.3" or "[8, 8] relu"
    settings: Experiment  # data (points left out: the experiment's), architecture, training
    name: str = ""  # given by the user; shown instead of the label
    pinned: bool = False  # kept however many runs follow
    current: bool = False  # the run the experiment's state belongs to
    epochs: int = 0  # epochs trained
    steps: int = 0  # mini-batch updates done
    final: dict[str, float] = field(default_factory=dict)  # train/test loss and accuracy
    history: dict[str, list] = field(default_factory=dict)  # RUN_COLUMNS, bounded
    weights: list[Array] | None = None  # final W per layer; None: current, or too large
    biases: list[Array] | None = None

    @property
    def title(self) -> str:
        return self.name or self.label


@dataclass
class Experiment:
    name: str = "Untitled"
    description: str = ""
    data: DataSpec = field(default_factory=DataSpec)
    architecture: Architecture = field(default_factory=Architecture)
    training: TrainingSettings = field(default_factory=TrainingSettings)
    state: TrainingState | None = None  # None: fresh weights from the initializer
    stop: StopRules = field(default_factory=StopRules)
    view: ViewSettings = field(default_factory=ViewSettings)
    runs: list[Run] = field(default_factory=list)  # oldest first; the current one last


def default_experiment() -> Experiment:
    """TF Playground's opening screen: circle, hidden [4, 2], tanh, lr 0.03, batch 10."""
    return Experiment(name="Circle (TF Playground defaults)")
