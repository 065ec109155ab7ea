"""The training doctor's suggested changes, each a function Experiment → modified copy.

Every fix returns a new experiment and leaves the one it is given alone.
The copy has no training state: it is a new run from the initializer's
weights with the same seed, so that it can be compared with the run that
had the problem from the same start.  A fix is offered as data
(``bplab.experiment.doctor.Fix``): its kind, the numbers of its text, and one
of these functions bound to its arguments with ``functools.partial``.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

from bplab.data import FEATURES
from bplab.engine.network import MAX_NEURONS
from bplab.engine.optimizers import MAX_LEARNING_RATE, MIN_LEARNING_RATE
from bplab.experiment.model import Experiment

SQUASHING = frozenset({"sigmoid", "tanh"})  # activations whose derivative vanishes far out
EXTRA_FEATURES = ("x1_sq", "x2_sq", "x1_x2")  # what separates TF Playground's circle and xor
MORE_NEURONS_FACTOR = 2  # "more neurons" doubles each hidden layer
HIDDEN_WHEN_NONE = 4  # "more neurons" for a net without a hidden layer: one tanh layer of 4


def _new_run(exp: Experiment) -> Experiment:
    new = copy.deepcopy(exp)
    new.state = None
    return new


def with_learning_rate(exp: Experiment, lr: float) -> Experiment:
    new = _new_run(exp)
    new.training.learning_rate = float(lr)
    return new


def with_initializer(exp: Experiment, name: str) -> Experiment:
    new = _new_run(exp)
    new.training.initializer = name
    return new


def with_relu_he(exp: Experiment) -> Experiment:
    """Sigmoid and tanh hidden layers become ReLU; He initialisation (made for ReLU)."""
    new = with_initializer(exp, "he")
    arch = new.architecture
    arch.activations = ["relu" if a in SQUASHING else a for a in arch.activations]
    return new


def with_hidden_activation(exp: Experiment, layer: int, name: str) -> Experiment:
    """Hidden node layer ``layer`` (1 = the first hidden layer) uses activation ``name``."""
    new = _new_run(exp)
    new.architecture.activations[layer - 1] = name
    return new


def with_features(exp: Experiment, features: Sequence[str]) -> Experiment:
    new = _new_run(exp)
    new.data.features = list(features)
    return new


def with_hidden_sizes(exp: Experiment, sizes: Sequence[int]) -> Experiment:
    new = _new_run(exp)
    arch = new.architecture
    if not arch.hidden:
        arch.activations = ["tanh"] * len(sizes)
    arch.hidden = [int(s) for s in sizes]
    return new


def fresh_weights(exp: Experiment) -> Experiment:
    return _new_run(exp)


# -- the numbers a fix proposes ----------------------------------------------------------
def lower_rate(lr: float, limit: float | None = None) -> float:
    """A tenth of ``lr`` (at most half of ``limit``), one significant digit, rounded down."""
    target = lr / 10.0 if limit is None else min(lr / 10.0, limit / 2.0)
    target = max(target, MIN_LEARNING_RATE)
    scale = 10.0 ** math.floor(math.log10(target))
    return max(MIN_LEARNING_RATE, float(f"{math.floor(target / scale) * scale:.1g}"))


def raise_rate(lr: float) -> float:
    """Ten times ``lr``, one significant digit, at most the largest rate allowed."""
    return min(MAX_LEARNING_RATE, float(f"{lr * 10.0:.1g}"))


def added_features(features: Sequence[str]) -> list[str]:
    """The features with the products and squares added (in TF Playground's order)."""
    wanted = set(features) | set(EXTRA_FEATURES)
    return [name for name in FEATURES if name in wanted]


def more_neurons(hidden: Sequence[int]) -> list[int]:
    if not hidden:
        return [HIDDEN_WHEN_NONE]
    return [min(MAX_NEURONS, max(s + 2, s * MORE_NEURONS_FACTOR)) for s in hidden]
