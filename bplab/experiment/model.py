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
class Experiment:
    name: str = "Untitled"
    description: str = ""
    data: DataSpec = field(default_factory=DataSpec)
    architecture: Architecture = field(default_factory=Architecture)
    training: TrainingSettings = field(default_factory=TrainingSettings)
    state: TrainingState | None = None  # None: fresh weights from the initializer


def default_experiment() -> Experiment:
    """TF Playground's opening screen: circle, hidden [4, 2], tanh, lr 0.03, batch 10."""
    return Experiment(name="Circle (TF Playground defaults)")
