"""What an exported script needs from a session, copied out in one place.

Both script writers read this copy instead of the live session, so the text
they produce describes one moment.  Capture while training is paused (or on
the worker thread between steps): a step running during the copy would mix
two moments.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from bplab.experiment.session import Session

Array = np.ndarray


@dataclass(frozen=True)
class ExportState:
    title: str  # the experiment's name, one line
    sizes: list[int]  # neurons per layer, input first
    activations: list[str]  # one per weight layer, output last
    loss: str  # engine loss name
    reduction: str  # "mean" or "sum"
    dtype: str  # "float64" or "float32"
    feature_names: list[str]  # names of the input columns
    target_note: str  # how labels became targets, for a comment
    x_train: Array  # (n, n_inputs) network inputs, exactly what the trainer uses
    t_train: Array  # (n, n_outputs) targets
    x_test: Array | None  # None when there is no test set
    t_test: Array | None
    # Standardised inputs (data.standardize): x = (raw − input_mean) / input_std, with the
    # raw inputs kept so that a script shows the step; all None otherwise.
    input_mean: Array | None
    input_std: Array | None
    raw_train: Array | None
    raw_test: Array | None
    W: list[Array]  # current weights, (n_in, n_out) per layer
    b: list[Array]
    optimizer: str  # engine optimizer name
    learning_rate: float
    hyper: dict[str, float]  # optimizer hyper-parameters besides the learning rate
    optimizer_t: int  # updates done so far (Adam's bias correction needs it)
    optimizer_slots: dict[str, list[Array]]  # per-parameter state, order W1, b1, W2, ...
    batch_size: int
    shuffle: bool
    regularization: str  # "none", "l1" or "l2"
    regularization_rate: float
    record_every: int
    epoch: int  # completed epochs
    step: int  # completed mini-batch updates
    order: Array  # sample order of the current epoch
    position: int  # next index into ``order``
    rng_state: dict  # bit-generator state of the batch-order generator
    last_recorded: int | None  # epoch of the newest history entry
    diverged: bool

    @property
    def n_layers(self) -> int:
        return len(self.W)

    @property
    def full_batch(self) -> bool:
        """Every step sees all points in stored order, so an epoch is one step."""
        n = len(self.x_train)
        return (not self.shuffle and self.batch_size >= n and self.position == 0
                and np.array_equal(self.order, np.arange(n)))

    @property
    def regularized(self) -> bool:
        # The engine skips the penalty gradient when the rate is zero.
        return self.regularization != "none" and self.regularization_rate != 0.0


def _one_line(text: object) -> str:
    # names end up in comments of the scripts: a newline would end the comment
    return " ".join(str(text).split())


def _target_note(session: Session) -> str:
    ds, out = session.dataset, session.network.activation_names[-1]
    if ds.task == "regression":
        return "targets are the regression values"
    if out == "softmax":
        return f"targets are one-hot rows for the {ds.n_classes} classes"
    if out == "sigmoid":
        return "targets are the class labels 0 / 1"
    return "targets are the class labels written as −1 / +1"


def capture(session: Session) -> ExportState:
    """Copy everything an export needs from ``session`` as it stands now."""
    tr, net = session.trainer, session.network
    tr.apply_pending()  # a learning rate typed a moment ago belongs in the script
    test = tr.test
    scaling = session.scaling
    return ExportState(
        title=_one_line(session.experiment.name) or "Untitled",
        sizes=list(net.sizes),
        activations=list(net.activation_names),
        loss=net.loss_name,
        reduction=net.reduction,
        dtype=net.dtype_name,
        feature_names=[_one_line(n) for n in session.input_names],
        target_note=_target_note(session),
        x_train=tr.train.x.copy(),
        t_train=tr.train.t.copy(),
        x_test=None if test is None else test.x.copy(),
        t_test=None if test is None else test.t.copy(),
        input_mean=None if scaling is None else scaling.mean.copy(),
        input_std=None if scaling is None else scaling.std.copy(),
        raw_train=None if scaling is None else session.unscaled_inputs(session.train_set.x),
        raw_test=None if scaling is None or test is None else session.unscaled_inputs(
            session.test_set.x),
        W=[w.copy() for w in net.W],
        b=[b.copy() for b in net.b],
        optimizer=tr.optimizer.name,
        learning_rate=float(tr.optimizer.learning_rate),  # queued changes applied above
        hyper=dict(tr.optimizer.hyper),
        optimizer_t=int(tr.optimizer.t),
        optimizer_slots={k: [a.copy() for a in v] for k, v in tr.optimizer.state.items()},
        batch_size=int(tr.batch_size),
        shuffle=bool(tr.shuffle),
        regularization=tr.regularization,
        regularization_rate=float(tr.regularization_rate),
        record_every=max(1, int(tr.record_every)),
        epoch=int(tr.epoch),
        step=int(tr.step),
        order=np.asarray(tr.order, np.int64).copy(),
        position=int(tr.position),
        rng_state=copy.deepcopy(tr.rng.bit_generator.state),
        last_recorded=tr.history.epoch[-1] if tr.history.epoch else None,
        diverged=tr.status == "diverged",
    )
