"""Optimizers that update a list of parameter arrays in place.

Conventions follow PyTorch's, so that exported PyTorch scripts reproduce the
same numbers: momentum ``v ← μv + g; p ← p − ηv``; Nesterov
``v ← μv + g; p ← p − η(g + μv)``; RMSProp ``s ← ρs + (1−ρ)g²;
p ← p − ηg/(√s + ε)``; Adam with bias correction.  Plain gradient descent is
the article's rule ``w ← w − η ∂L/∂w``.

The learning rate is a plain attribute: the trainer changes it between steps.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

Array = np.ndarray


class Optimizer:
    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    defaults: ClassVar[dict[str, float]] = {}  # hyper-parameters besides the learning rate
    slots: ClassVar[tuple[str, ...]] = ()  # names of per-parameter state arrays

    def __init__(self, params: list[Array], learning_rate: float, **hyper: float) -> None:
        unknown = set(hyper) - set(self.defaults)
        if unknown:
            raise ValueError(f"{self.name} has no parameter {', '.join(sorted(unknown))}; "
                             f"it takes {', '.join(self.defaults) or 'none'}")
        self.params = params  # the arrays updated in place
        self.learning_rate = float(learning_rate)
        self.hyper: dict[str, float] = {**self.defaults, **{k: float(v) for k, v in hyper.items()}}
        self.t = 0  # number of updates done
        self.state: dict[str, list[Array]] = {s: [np.zeros_like(p) for p in params]
                                              for s in self.slots}

    def step(self, grads: list[Array]) -> None:
        self.t += 1
        self._update(grads)

    def _update(self, grads: list[Array]) -> None:
        raise NotImplementedError

    def load_state(self, t: int, state: dict[str, list[Array]]) -> None:
        if set(state) != set(self.slots):
            raise ValueError(f"{self.name} state needs {list(self.slots)}, found {sorted(state)}")
        # Check everything before copying anything: a rejected state must not
        # leave the optimizer half-loaded.
        for slot, arrays in state.items():
            if len(arrays) != len(self.params):
                raise ValueError(f"optimizer state {slot!r} has {len(arrays)} arrays, "
                                 f"expected {len(self.params)}")
            for own, new in zip(self.state[slot], arrays, strict=True):
                if own.shape != np.shape(new):
                    raise ValueError(f"optimizer state {slot!r}: shape {np.shape(new)} "
                                     f"does not match the network's {own.shape}")
        for slot, arrays in state.items():
            for own, new in zip(self.state[slot], arrays, strict=True):
                own[...] = new
        self.t = int(t)


class GradientDescent(Optimizer):
    name = "sgd"
    label = "Gradient descent"

    def _update(self, grads: list[Array]) -> None:
        lr = self.learning_rate
        for p, g in zip(self.params, grads, strict=True):
            p -= lr * g


class Momentum(Optimizer):
    name = "momentum"
    label = "Momentum"
    defaults: ClassVar[dict[str, float]] = {"momentum": 0.9}
    slots = ("velocity",)

    def _update(self, grads: list[Array]) -> None:
        lr, mu = self.learning_rate, self.hyper["momentum"]
        for p, g, v in zip(self.params, grads, self.state["velocity"], strict=True):
            v *= mu
            v += g
            p -= lr * v


class Nesterov(Momentum):
    name = "nesterov"
    label = "Nesterov momentum"

    def _update(self, grads: list[Array]) -> None:
        lr, mu = self.learning_rate, self.hyper["momentum"]
        for p, g, v in zip(self.params, grads, self.state["velocity"], strict=True):
            v *= mu
            v += g
            p -= lr * (g + mu * v)


class RMSProp(Optimizer):
    name = "rmsprop"
    label = "RMSProp"
    defaults: ClassVar[dict[str, float]] = {"rho": 0.9, "eps": 1e-8}
    slots = ("square_avg",)

    def _update(self, grads: list[Array]) -> None:
        lr, rho, eps = self.learning_rate, self.hyper["rho"], self.hyper["eps"]
        for p, g, s in zip(self.params, grads, self.state["square_avg"], strict=True):
            s *= rho
            s += (1.0 - rho) * g * g
            p -= lr * g / (np.sqrt(s) + eps)


class Adam(Optimizer):
    name = "adam"
    label = "Adam"
    defaults: ClassVar[dict[str, float]] = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    slots = ("m", "v")

    def _update(self, grads: list[Array]) -> None:
        lr, b1, b2, eps = (self.learning_rate, self.hyper["beta1"], self.hyper["beta2"],
                           self.hyper["eps"])
        c1 = 1.0 - b1**self.t
        c2 = 1.0 - b2**self.t
        for p, g, m, v in zip(self.params, grads, self.state["m"], self.state["v"], strict=True):
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * g * g
            p -= lr * (m / c1) / (np.sqrt(v / c2) + eps)


OPTIMIZERS: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (GradientDescent, Momentum, Nesterov, RMSProp, Adam)
}

MIN_LEARNING_RATE = 1e-6
MAX_LEARNING_RATE = 10.0


def check_learning_rate(lr: float) -> None:
    if not (np.isfinite(lr) and MIN_LEARNING_RATE <= lr <= MAX_LEARNING_RATE):
        raise ValueError(f"learning rate must be between {MIN_LEARNING_RATE:g} and "
                         f"{MAX_LEARNING_RATE:g}, got {lr}")


def make_optimizer(name: str, params: list[Array], learning_rate: float,
                   **hyper: float) -> Optimizer:
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")
    check_learning_rate(learning_rate)
    return OPTIMIZERS[name](params, learning_rate, **hyper)
