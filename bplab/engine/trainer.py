"""The training loop: mini-batch epochs, evaluation, history, divergence, stopping.

One training step reads as three named parts: ``forward``, ``backward``,
``update``.  A ``Trainer`` can be driven from a worker thread: ``stop`` is a
``threading.Event`` checked between mini-batches, and learning-rate changes
are queued and applied between steps.

Before the first step the initial weights are evaluated and recorded as
epoch 0 (``record_start``), so every run's history starts from the loss before
any update.  After an epoch the whole train and test sets may be evaluated and
recorded in the history (``bplab.engine.history``).  ``record_every`` says when: every N
epochs, or ``AUTO_RECORD`` (0): every epoch for the first ``RAMP_EPOCHS``
epochs, every second one for the next ``RAMP_EPOCHS``, every third after
that, and so on up to every ``auto_interval()`` epochs, chosen so that
evaluating costs about ``EVALUATION_SHARE`` of the training.  The schedule
depends on epoch numbers only, so a run stopped and continued records the
same epochs (plus the last epoch of each ``run_epochs``) as one that never
stopped.
"""

from __future__ import annotations

import itertools
import math
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bplab.engine import regularizers
from bplab.engine.history import History
from bplab.engine.network import Network
from bplab.engine.optimizers import GradientDescent, Optimizer, check_learning_rate
from bplab.engine.targets import predicted_class

Array = np.ndarray


@dataclass
class Split:
    """One part of the data, ready for the network."""

    x: Array  # (n, n_inputs) features, in the network's dtype
    t: Array  # (n, n_outputs) targets
    labels: Array | None = None  # (n,) class indices for accuracy; None for regression


AUTO_RECORD = 0  # record_every: let the trainer choose (see Trainer.record_interval)
RAMP_EPOCHS = 25  # AUTO_RECORD: epochs at each interval (1, 2, 3, …) before the longest
EVALUATION_SHARE = 0.04  # AUTO_RECORD keeps evaluating to about this share of the training
# The cost model behind auto_interval, in microseconds of an unloaded 2-core machine
# of the kind in DESIGN.md (only the ratios matter): a NumPy call on small arrays, a
# multiply-add in a matrix product, an activation (tanh, exp) of one value.
_CALL_US = 0.6
_MAC_US = 0.001
_ACTIVATION_US = 0.008
# What a record costs besides its passes (sums, counts, the history), as measured: it
# runs code the steps do not, cold in the caches, so it is dearer than its instructions.
_RECORD_US = 30.0


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


def article_mse(t: Array, y_hat: Array) -> float:
    """The article's printed loss: np.mean((y − ŷ)²) over every point and output.

    Written as the article's program computes it (error = y − ŷ, then
    np.mean(error**2)), so that it agrees with the printed number digit for digit.
    """
    error = t - y_hat
    error *= error
    # np.mean's own arithmetic (one pairwise sum over every value, then a division)
    # without its Python-level checks, which cost more than the sum on small sets.
    return float(np.add.reduce(error, axis=None)) / error.size


class Diverged(ArithmeticError):
    """The loss became NaN or infinite."""


class GradientObserver:
    """Sees the gradients of every training step (``bplab.engine.gradient_flow``)."""

    def observe(self, trainer: Trainer, grads: list[Array]) -> None:
        """``grads``: ``[dW1, db1, …]`` as the optimizer gets them; do not change them."""
        raise NotImplementedError


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
        record_every: int = AUTO_RECORD,
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
        self.gradient_observer: GradientObserver | None = None  # sees each step's gradients
        self.shuffle = shuffle
        self.rng = np.random.default_rng(seed)  # draws the order of each epoch
        self.regularization = regularization
        self.regularization_rate = float(regularization_rate)
        self.epoch = 0  # completed epochs
        self.step = 0  # completed mini-batch updates
        self._identity: Array | None = None  # cached 0..n-1 for unshuffled epochs
        self.order: Array = self._new_order()  # sample order of the current epoch
        self.position = 0  # index into ``order`` of the next mini-batch
        self.history = History()  # the evaluations, bounded however long the run
        self._next_record = 0  # no epoch before this one is due for a record
        self.record_every = record_every  # epochs between records, or AUTO_RECORD
        # (nets, h) of the last evaluation on the training set, while the weights are
        # still those it saw: the next full-batch step starts from it (see run_steps).
        self._known_forward: tuple[list[Array], list[Array]] | None = None
        self._in_run = False  # inside run_steps: nothing else changes the weights
        self._fused_step: Callable[[Array, Array], None] | None = None  # see run_steps
        self.status = "ready"  # "ready" or "diverged"
        self.message = ""  # why training stopped, for the user
        self.hand_edit: HandEdit | None = None  # set by whoever writes weights by hand
        # Called with (epoch, metrics) after each record, e.g. by stop rules; may set ``stop``.
        self.record_listener: Callable[[int, dict[str, float]], None] | None = None
        self.stop = threading.Event()  # set from any thread to stop between mini-batches
        self._pending_lr: queue.SimpleQueue[float] = queue.SimpleQueue()

    @property
    def record_every(self) -> int:
        """Epochs between records; AUTO_RECORD (0): chosen by ``record_interval``."""
        return self._record_every

    @record_every.setter
    def record_every(self, value: int) -> None:
        value = int(value)
        if value < 0:
            raise ValueError(f"record_every must be {AUTO_RECORD} (automatic) or a whole number "
                             f"of epochs, not {value}")
        self._record_every = value
        self._next_record = 0  # the schedule is checked again at the next epoch

    # -- thread-safe controls ----------------------------------------------
    def set_learning_rate(self, lr: float) -> None:
        """Queue a new learning rate; it applies before the next step."""
        check_learning_rate(lr)
        self._pending_lr.put(float(lr))

    def take_pending(self) -> list[float]:
        """Remove the queued learning rates, oldest first (to hand them to another copy)."""
        out = []
        while not self._pending_lr.empty():
            out.append(self._pending_lr.get())
        return out

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
        fused = self._fused_step
        if fused is not None:
            fused(x, t)
            return
        net = self.network
        known, self._known_forward = self._known_forward, None
        if known is not None and x is self.train.x:
            # The whole training set in stored order, and the weights have not
            # changed since it was evaluated: that evaluation is this forward pass.
            nets, h = known
        else:
            # forward() and backward() without their result objects: the same
            # arithmetic, one allocation less each per mini-batch.
            nets, h = net._forward(x)
        _, grads = net._backward(nets, h, t)
        if self.regularization != "none":
            regularizers.add_gradient(self.regularization, self.regularization_rate, net.W,
                                      grads[0::2])
        if self.gradient_observer is not None:
            self.gradient_observer.observe(self, grads)
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
        if self.record_listener is not None:  # stop rules look at every epoch
            self.record()
        elif self.epoch >= self._next_record:
            if self.is_record_epoch(self.epoch):
                self.record()
            self._next_record = self.next_record_epoch(self.epoch)

    # -- the record schedule -------------------------------------------------
    def record_interval(self, epoch: int) -> int:
        """Epochs between records around ``epoch``: 1, ``record_every``, or the automatic one."""
        if self._record_every != AUTO_RECORD:
            return self._record_every
        return max(1, min(1 + (epoch - 1) // RAMP_EPOCHS, self.auto_interval()))

    def is_record_epoch(self, epoch: int) -> bool:
        return epoch % self.record_interval(epoch) == 0

    def next_record_epoch(self, epoch: int) -> int:
        """The first epoch after ``epoch`` that the schedule records.

        Exact for the ramp too: each of its stretches ends on a multiple of its
        interval (RAMP_EPOCHS · j for interval j), so the next multiple of the
        interval at ``epoch + 1`` never lies beyond the stretch.
        """
        k = self.record_interval(epoch + 1)
        return (epoch // k + 1) * k

    def auto_interval(self) -> int:
        """Epochs between automatic records once the ramp is over.

        Chosen so that evaluating costs about EVALUATION_SHARE of training, by
        a model of both: a training step is a dozen NumPy calls per layer plus
        three passes of arithmetic over its batch; an evaluation a few calls per
        set plus one pass over the set (without the training set's pass when
        the next step reuses it).  It depends on the shapes only, never on
        timing, so the history of a run is the same on every machine.  Measured
        against this model the share stays within about 2-6%.
        """
        sizes = self.network.sizes
        layers = len(sizes) - 1
        macs = sum(a * b for a, b in itertools.pairwise(sizes))  # per point and pass
        neurons = sum(sizes[1:])
        # per point; measured, a product over a whole set costs about twice as much
        # per multiply-add as the small ones of a training step
        forward_us = 2 * macs * _MAC_US + neurons * _ACTIVATION_US
        step_us = ((10 + 12 * layers) * _CALL_US
                   + self.batch_size * (3 * macs * _MAC_US + neurons * 1.5 * _ACTIVATION_US))
        epoch_us = self.steps_per_epoch() * step_us
        n_train = len(self.train.x)
        sets = [] if self.batch_size >= n_train and not self.shuffle else [n_train]
        if self.test is not None:
            sets.append(len(self.test.x))
        eval_us = _RECORD_US + sum((8 + 7 * layers) * _CALL_US + n * forward_us for n in sets)
        return max(1, math.ceil(eval_us / (EVALUATION_SHARE * epoch_us)))

    def record_start(self) -> None:
        """Record epoch 0, the initial weights, if training has not begun and nothing is
        recorded: every run's history starts from the loss before any update."""
        if self.epoch == 0 and self.position == 0 and self.history.recorded == 0:
            self.record()

    def record(self) -> None:
        """Evaluate the whole train and test sets and append to the history."""
        if self.history.last_epoch == self.epoch:
            return  # recorded already, and nothing trained since
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
        # An evaluation's forward pass is reused only by the step right after it in
        # this loop: between two calls the weights may be edited.
        self._known_forward = None
        self._in_run = True
        self._fused_step = _gradient_descent_step(self)  # settings change only between runs
        try:
            with np.errstate(all="ignore"):  # overflow shows up as a diverged status
                self.record_start()  # the first step's forward pass reuses its evaluation
                while done < n and not stop.is_set() and self.status != "diverged":
                    if not pending.empty():
                        self.apply_pending()
                    x, t = self._next_batch()
                    self.train_step(x, t)
                    done += 1
                    if self.position >= n_train:
                        self._finish_epoch()
        finally:
            self._known_forward = None
            self._in_run = False
            self._fused_step = None
        return done

    def run_epochs(self, n: int, record_last: bool = True) -> int:
        """Run until ``n`` more epochs have completed, or until stopped.

        ``record_last``: record the last epoch even when the schedule would not
        (a caller running one long run in pieces passes False for the pieces).
        """
        target = self.epoch + n
        steps_per_epoch = self.steps_per_epoch()
        while self.epoch < target and not self.stop.is_set() and self.status != "diverged":
            # All remaining steps in one call, so that run_steps enters its
            # error state once per run, not once per epoch (XOR: 1 step/epoch).
            done_in_epoch = math.ceil(self.position / self.batch_size)
            self.run_steps(max(1, (target - self.epoch) * steps_per_epoch - done_in_epoch))
        if record_last and self.epoch > 0 and self.status != "diverged":
            self.record()  # the last epoch of a run is always in the history
        return self.epoch - (target - n)

    def steps_per_epoch(self) -> int:
        return math.ceil(len(self.train.x) / self.batch_size)

    # -- measuring ---------------------------------------------------------
    def _split_metrics(self, split: Split | None) -> tuple[float, float, float, float]:
        """(loss per point, loss summed over the set, accuracy, article MSE) of the current
        weights."""
        if split is None:
            return math.nan, math.nan, math.nan, math.nan
        net = self.network
        nets, h = net._forward(split.x)
        if split is self.train and self._in_run:
            self._known_forward = (nets, h)
        total = float(net.loss.per_sample(nets[-1], h[-1], split.t).sum())
        # The loss per point is what the "mean" reduction trains on, bit for bit;
        # "sum" trains on the total.  Per point, sets of any size compare.
        per_point = total / len(split.x)
        mse = article_mse(split.t, h[-1]) if split is self.train else math.nan
        if split.labels is None:
            return per_point, total, math.nan, mse
        pred = predicted_class(h[-1], net.activation_names[-1])
        return per_point, total, np.count_nonzero(pred == split.labels) / len(pred), mse

    def evaluate(self) -> dict[str, float]:
        """Losses (per point and summed) and accuracies on the whole train and test sets.

        The losses are data losses, without the regularization penalty; NaN
        stands for no value (no test set, no accuracy for regression).
        ``article_mse``: the article's printed figure on the training set.
        """
        if self._in_run:  # run_steps ignores floating-point errors already
            train_loss, train_sum, train_acc, mse = self._split_metrics(self.train)
            test_loss, test_sum, test_acc, _ = self._split_metrics(self.test)
        else:
            with np.errstate(all="ignore"):
                train_loss, train_sum, train_acc, mse = self._split_metrics(self.train)
                test_loss, test_sum, test_acc, _ = self._split_metrics(self.test)
        return {"train_loss": train_loss, "test_loss": test_loss,
                "train_accuracy": train_acc, "test_accuracy": test_acc,
                "train_loss_sum": train_sum, "test_loss_sum": test_sum,
                "article_mse": mse}


def _gradient_descent_step(tr: Trainer) -> Callable[[Array, Array], None] | None:
    """``train_step`` for plain gradient descent without a penalty, as one function.

    The very arithmetic of ``Network._forward``, ``Network._backward`` and
    ``GradientDescent`` in the same order on the same arrays, so the weights
    come out bit for bit the same; only the lists of gradients, the calls
    between the three and their lookups are gone, which for the small nets of
    the lab cost a fifth of a step.  A layer is updated once the delta below it
    has been computed with its old weights.  None when another optimizer or a
    penalty needs the general path.
    """
    opt, net = tr.optimizer, tr.network
    if type(opt) is not GradientDescent or (tr.regularization != "none"
                                            and tr.regularization_rate != 0.0):
        return None
    if tr.gradient_observer is not None:  # it needs the gradients as a list: general path
        return None
    layers = [(W, b, act.value) for W, b, act in zip(net.W, net.b, net.activations, strict=True)]
    derivatives = [act.derivative for act in net.activations]
    output_delta, output_act = net.loss.output_delta, net.activations[-1]
    mean = net.reduction == "mean"
    train_x = tr.train.x
    dot, add_reduce = np.dot, np.add.reduce  # add_reduce(d, 0) is d.sum(axis=0), one call less

    def step(x: Array, t: Array) -> None:
        known, tr._known_forward = tr._known_forward, None
        if known is not None and x is train_x:  # as in train_step
            nets, h = known
        else:
            nets, h, a = [], [x], x
            for W, b, value in layers:
                z = dot(a, W)
                z += b
                nets.append(z)
                a = value(z)
                h.append(a)
        d = output_delta(nets[-1], h[-1], t, output_act)
        if mean:
            d = d / len(t)
        lr = opt.learning_rate
        for layer in range(len(layers) - 1, 0, -1):
            W, b, _ = layers[layer]
            dW = dot(h[layer].T, d)
            db = add_reduce(d, 0)
            d_below = dot(d, W.T)
            d_below *= derivatives[layer - 1](nets[layer - 1], h[layer])
            W -= lr * dW
            b -= lr * db
            d = d_below
        W, b, _ = layers[0]
        W -= lr * dot(h[0].T, d)
        b -= lr * add_reduce(d, 0)
        opt.t += 1
        tr.step += 1

    return step
