"""The training loop: mini-batch epochs, history, divergence, stopping.

One training step reads as three named parts: ``forward``, ``backward``,
``update``.  A ``Trainer`` can be driven from a worker thread: ``stop`` is a
``threading.Event`` checked between mini-batches, and learning-rate changes
are queued and applied between steps.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from bplab.engine import regularizers
from bplab.engine.network import Network
from bplab.engine.optimizers import Optimizer, check_learning_rate
from bplab.engine.targets import predicted_class

Array = np.ndarray


@dataclass
class Split:
    """One part of the data, ready for the network."""

    x: Array  # (n, n_inputs) features, in the network's dtype
    t: Array  # (n, n_outputs) targets
    labels: Array | None = None  # (n,) class indices for accuracy; None for regression


@dataclass
class History:
    """Per-epoch record; ``test_*`` are NaN when there is no test set."""

    epoch: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)  # NaN for regression
    test_accuracy: list[float] = field(default_factory=list)

    def append(self, epoch: int, metrics: dict[str, float]) -> None:
        self.epoch.append(epoch)
        self.train_loss.append(metrics["train_loss"])
        self.test_loss.append(metrics["test_loss"])
        self.train_accuracy.append(metrics["train_accuracy"])
        self.test_accuracy.append(metrics["test_accuracy"])

    def __len__(self) -> int:
        return len(self.epoch)

    def as_columns(self) -> dict[str, list]:
        return {"epoch": self.epoch, "train_loss": self.train_loss, "test_loss": self.test_loss,
                "train_accuracy": self.train_accuracy, "test_accuracy": self.test_accuracy}


@dataclass(frozen=True)
class HandEdit:
    """Weights or biases set by hand since the loss was last normal (see ``record``)."""

    epoch: int  # completed epochs at the latest such edit
    what: str  # the largest value set, e.g. "the bias of output 1"
    value: float
    loss_before: float  # the train loss recorded before the first of them (NaN if none)


RECOVERED = 10.0  # a loss within this factor of the one before an edit is back to normal


def divergence_message(epoch: int, loss: float, learning_rate: float,
                       edit: HandEdit | None) -> str:
    """Why training stopped, blaming an edit by hand the loss never recovered from, if any."""
    head = (f"Training diverged at epoch {epoch}: the loss became "
            f"{'NaN' if math.isnan(loss) else 'infinite'}.")
    if edit is not None:
        return (f"{head} It followed {edit.what}, set by hand to {edit.value:g} at epoch "
                f"{edit.epoch}; the loss had not come back down since, so that edit, not the "
                "learning rate, is the likely cause. Press Reset for new weights.")
    return (f"{head} The learning rate ({learning_rate:g}) is probably too high: lower it and "
            "press Reset.")


class Diverged(ArithmeticError):
    """The loss became NaN or infinite."""


class Trainer:
    def __init__(
        self,
        network: Network,
        optimizer: Optimizer,
        train: Split,
        test: Split | None = None,
        batch_size: int = 10,
        shuffle: bool = True,
        seed: int = 0,
        regularization: str = "none",
        regularization_rate: float = 0.0,
        record_every: int = 1,
    ) -> None:
        if len(train.x) == 0:
            raise ValueError("the training set is empty")
        regularizers.check(regularization, regularization_rate)
        self.network = network
        self.optimizer = optimizer
        self.train = Split(np.ascontiguousarray(train.x, network.dtype),
                           np.ascontiguousarray(train.t, network.dtype), train.labels)
        self.test = None if test is None or len(test.x) == 0 else Split(
            np.ascontiguousarray(test.x, network.dtype),
            np.ascontiguousarray(test.t, network.dtype), test.labels)
        self.batch_size = max(1, min(int(batch_size), len(self.train.x)))  # clipped to the set
        self.shuffle = shuffle
        self.rng = np.random.default_rng(seed)  # draws the order of each epoch
        self.regularization = regularization
        self.regularization_rate = float(regularization_rate)
        self.record_every = max(1, int(record_every))  # epochs between history entries
        self.epoch = 0  # completed epochs
        self.step = 0  # completed mini-batch updates
        self._identity: Array | None = None  # cached 0..n-1 for unshuffled epochs
        self.order: Array = self._new_order()  # sample order of the current epoch
        self.position = 0  # index into ``order`` of the next mini-batch
        self.history = History()
        self.status = "ready"  # "ready" or "diverged"
        self.message = ""  # why training stopped, for the user
        self.hand_edit: HandEdit | None = None  # set by whoever writes weights by hand
        # Called with (epoch, metrics) after each record, e.g. by stop rules; may set ``stop``.
        self.record_listener: Callable[[int, dict[str, float]], None] | None = None
        self.stop = threading.Event()  # set from any thread to stop between mini-batches
        self._pending_lr: queue.SimpleQueue[float] = queue.SimpleQueue()

    # -- thread-safe controls ----------------------------------------------
    def set_learning_rate(self, lr: float) -> None:
        """Queue a new learning rate; it applies before the next step."""
        check_learning_rate(lr)
        self._pending_lr.put(float(lr))

    def apply_pending(self) -> None:
        """Apply queued changes now; call only while no step is running (or between steps)."""
        while not self._pending_lr.empty():
            self.optimizer.learning_rate = self._pending_lr.get()

    # -- one step ------------------------------------------------------------
    def _new_order(self) -> Array:
        n = len(self.train.x)
        if self.shuffle:
            return self.rng.permutation(n)
        # Unshuffled epochs all use 0..n-1: reuse one read-only array.
        identity = self._identity
        if identity is None or len(identity) != n:
            identity = self._identity = np.arange(n)
            identity.flags.writeable = False
        return identity

    def train_step(self, x: Array, t: Array) -> None:
        """forward → backward → update on one mini-batch."""
        net = self.network
        # forward() and backward() without their result objects: the same
        # arithmetic, one allocation less each per mini-batch.
        nets, h = net._forward(x)
        _, grads = net._backward(nets, h, t)
        if self.regularization != "none":
            regularizers.add_gradient(self.regularization, self.regularization_rate, net.W,
                                      grads[0::2])
        self.optimizer.step(grads)
        self.step += 1

    def next_batch(self) -> tuple[Array, Array, Array]:
        """(indices, x, t) of the mini-batch the next step trains on; nothing moves.

        The one place that picks a batch: the steps and the step-through both use it.
        """
        n = len(self.train.x)
        start = self.position
        end = min(start + self.batch_size, n)
        idx = self.order[start:end]
        if start == 0 and end == n and not self.shuffle:
            return idx, self.train.x, self.train.t  # full batch: no copy
        return idx, self.train.x[idx], self.train.t[idx]

    def _next_batch(self) -> tuple[Array, Array]:
        idx, x, t = self.next_batch()
        self.position += len(idx)
        return x, t

    def _finish_epoch(self) -> None:
        self.epoch += 1
        self.order = self._new_order()
        self.position = 0
        if self.epoch % self.record_every == 0:
            self.record()

    def record(self) -> None:
        """Evaluate the whole train and test sets and append to the history."""
        if self.history.epoch and self.history.epoch[-1] == self.epoch:
            return
        metrics = self.evaluate()
        self.history.append(self.epoch, metrics)
        loss = metrics["train_loss"]
        if not math.isfinite(loss):
            self.status = "diverged"
            self.message = divergence_message(self.epoch, loss, self.optimizer.learning_rate,
                                              self.hand_edit)
            self.stop.set()
        elif self.hand_edit is not None and loss <= RECOVERED * self.hand_edit.loss_before:
            self.hand_edit = None  # the loss is back to normal: the edit did no lasting harm
        if self.record_listener is not None:
            self.record_listener(self.epoch, metrics)

    # -- running ---------------------------------------------------------
    def run_steps(self, n: int) -> int:
        """Run up to ``n`` mini-batch steps; returns how many ran."""
        done = 0
        n_train = len(self.train.x)
        stop, pending = self.stop, self._pending_lr
        with np.errstate(all="ignore"):  # overflow shows up as a diverged status
            while done < n and not stop.is_set() and self.status != "diverged":
                if not pending.empty():
                    self.apply_pending()
                x, t = self._next_batch()
                self.train_step(x, t)
                done += 1
                if self.position >= n_train:
                    self._finish_epoch()
        return done

    def run_epochs(self, n: int) -> int:
        """Run until ``n`` more epochs have completed, or until stopped."""
        target = self.epoch + n
        steps_per_epoch = self.steps_per_epoch()
        while self.epoch < target and not self.stop.is_set() and self.status != "diverged":
            # All remaining steps in one call, so that run_steps enters its
            # error state once per run, not once per epoch (XOR: 1 step/epoch).
            done_in_epoch = math.ceil(self.position / self.batch_size)
            self.run_steps(max(1, (target - self.epoch) * steps_per_epoch - done_in_epoch))
        if self.epoch > 0 and self.status != "diverged":
            self.record()  # the last epoch of a run is always in the history
        return self.epoch - (target - n)

    def steps_per_epoch(self) -> int:
        return math.ceil(len(self.train.x) / self.batch_size)

    # -- measuring ---------------------------------------------------------
    def _split_metrics(self, split: Split | None) -> tuple[float, float]:
        if split is None:
            return math.nan, math.nan
        fp = self.network.forward(split.x)
        loss = self.network.loss_value(fp, split.t)
        if split.labels is None:
            return loss, math.nan
        pred = predicted_class(fp.y_hat, self.network.activation_names[-1])
        return loss, float(np.mean(pred == split.labels))

    def evaluate(self) -> dict[str, float]:
        with np.errstate(all="ignore"):
            train_loss, train_acc = self._split_metrics(self.train)
            test_loss, test_acc = self._split_metrics(self.test)
        return {"train_loss": train_loss, "test_loss": test_loss,
                "train_accuracy": train_acc, "test_accuracy": test_acc}
