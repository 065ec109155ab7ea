"""Gradient magnitudes per link, averaged over an epoch's mini-batches.

A ``GradientAccumulator`` attached to a ``Trainer`` sees the gradients of
every training step (the ones the optimizer receives, regularization
included) and keeps, per weight and bias, the mean of |∂L/∂w| over the
mini-batches of the epoch.  When an epoch's last mini-batch has been added,
the averages are published as an immutable ``EpochGradients`` in ``last``
and the sums start again.

The trainer calls ``observe`` from its thread; ``last`` is replaced, never
changed in place, so another thread may read it at any moment (copy the
reference once, then use it).  A trainer without an accumulator does no
extra work beyond one ``is None`` test per step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bplab.engine.network import Network
from bplab.engine.trainer import GradientObserver, Trainer

Array = np.ndarray


@dataclass(frozen=True)
class EpochGradients:
    """Mean |gradient| per parameter over the mini-batches of one epoch (float64)."""

    epoch: int  # the epoch these batches made up (1 = the first)
    batches: int  # mini-batches averaged
    weights: list[Array]  # per node layer 1 … L: mean |∂L/∂W| shaped like W[layer - 1]
    biases: list[Array]  # mean |∂L/∂b| shaped like b[layer - 1]

    def layer_means(self) -> list[float]:
        """Per layer, the mean over its links of the mean |∂L/∂w|."""
        return [float(w.mean()) for w in self.weights]


class GradientAccumulator(GradientObserver):
    """Sums |gradient| per parameter over an epoch's mini-batches; see the module doc."""

    def __init__(self, network: Network) -> None:
        # sums in the optimizer's order W1, b1, W2, …; float64 whatever the network's dtype
        self._sums = [np.zeros(p.shape) for p in network.parameters()]
        self._scratch = [np.zeros(p.shape) for p in network.parameters()]
        self.batches = 0  # mini-batches added since the last epoch ended
        self.last: EpochGradients | None = None  # the latest complete epoch
        self._trainer: Trainer | None = None

    # -- attaching -----------------------------------------------------------
    def attach(self, trainer: Trainer) -> None:
        """Have ``trainer`` report every step's gradients here (replaces any other)."""
        self._trainer = trainer
        trainer.gradient_observer = self

    def detach(self) -> None:
        if self._trainer is not None and self._trainer.gradient_observer is self:
            self._trainer.gradient_observer = None
        self._trainer = None

    # -- carried to another process and back (bplab.experiment.run_state) -------
    def state(self) -> tuple[list[Array], int, EpochGradients | None]:
        """Copies of the partial sums, their batch count and the latest epoch's means."""
        return [s.copy() for s in self._sums], self.batches, self.last

    def load_state(self, state: tuple[list[Array], int, EpochGradients | None]) -> None:
        sums, self.batches, self.last = state
        for own, new in zip(self._sums, sums, strict=True):
            own[...] = new

    # -- fed by the trainer ----------------------------------------------------
    def observe(self, trainer: Trainer, grads: list[Array]) -> None:
        """One step's gradients (optimizer order).  Called by ``Trainer.train_step`` after the
        trainer has moved past the batch, so a position at the end means the epoch is done."""
        self.add(grads)
        if trainer.position >= len(trainer.train.x):
            self.end_epoch(trainer.epoch + 1)

    def add(self, grads: list[Array]) -> None:
        """Add |g| of one mini-batch's gradients (``[dW1, db1, dW2, …]``)."""
        for s, tmp, g in zip(self._sums, self._scratch, grads, strict=True):
            np.abs(g, out=tmp, casting="unsafe")
            s += tmp
        self.batches += 1

    def end_epoch(self, epoch: int) -> EpochGradients | None:
        """Publish the averages of the batches added so far as epoch ``epoch``; start again."""
        if self.batches == 0:
            return self.last
        means = [s / self.batches for s in self._sums]
        self.last = EpochGradients(epoch, self.batches, means[0::2], means[1::2])
        for s in self._sums:
            s[...] = 0.0
        self.batches = 0
        return self.last
