"""What the trainer records and when: losses per point and summed, the record
schedule, and the forward pass an evaluation shares with the next step."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from bplab.engine import (
    AUTO_RECORD,
    Network,
    Split,
    Trainer,
    initial_parameters,
    make_optimizer,
    targets,
)
from bplab.engine.trainer import RAMP_EPOCHS

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def xor_trainer(record_every: int = AUTO_RECORD, reduction: str = "sum") -> Trainer:
    net = Network([2, 2, 1], ["sigmoid", "sigmoid"], "squared_error", reduction)
    net.set_parameters(*initial_parameters("article", net.sizes, 1))
    return Trainer(net, make_optimizer("sgd", net.W[:1] + net.b[:1] + net.W[1:] + net.b[1:],
                                       0.1), Split(XOR_X, XOR_Y, np.array([0, 1, 1, 0])),
                   batch_size=4, shuffle=False, record_every=record_every)


def blobs_trainer(reduction: str, n_train: int = 30, n_test: int = 70, batch_size: int = 10,
                  record_every: int = AUTO_RECORD) -> Trainer:
    rng = np.random.default_rng(4)
    n = n_train + n_test
    labels = rng.integers(0, 2, n)
    x = rng.normal(0, 1, (n, 2)) + 2.0 * labels[:, None]
    t = targets.encode(labels, "classification", 2, "tanh")
    net = Network([2, 5, 1], ["tanh", "tanh"], "squared_error", reduction)
    net.set_parameters(*initial_parameters("glorot", net.sizes, 0))
    params = [p for pair in zip(net.W, net.b, strict=True) for p in pair]
    return Trainer(net, make_optimizer("sgd", params, 0.05),
                   Split(x[:n_train], t[:n_train], labels[:n_train]),
                   Split(x[n_train:], t[n_train:], labels[n_train:]),
                   batch_size=batch_size, record_every=record_every)


# -- per point and summed ------------------------------------------------------------
@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_losses_are_recorded_per_point_and_summed(reduction: str) -> None:
    tr = blobs_trainer(reduction)
    tr.run_epochs(5)
    h, net = tr.history, tr.network
    for split, per_point, total in ((tr.train, h.train_loss, h.train_loss_sum),
                                    (tr.test, h.test_loss, h.test_loss_sum)):
        fp = net.forward(split.x)
        summed = float(net.loss.per_sample(fp.net[-1], fp.y_hat, split.t).sum())
        assert total[-1] == summed
        assert per_point[-1] == summed / len(split.x)
        if reduction == "mean":  # what the mean reduction trains on, bit for bit
            assert per_point[-1] == net.loss_value(fp, split.t)
        else:
            assert total[-1] == net.loss_value(fp, split.t)
    # Train (30 points) and test (70 points) compare per point; the sums scale with the sets.
    assert h.train_loss_sum[-1] / h.train_loss[-1] == pytest.approx(30)
    assert h.test_loss_sum[-1] / h.test_loss[-1] == pytest.approx(70)


def test_the_reduction_changes_training_not_the_loss_per_point() -> None:
    a, b = blobs_trainer("sum"), blobs_trainer("mean")
    assert a.evaluate()["train_loss"] == b.evaluate()["train_loss"]  # same weights
    assert a.evaluate()["train_loss_sum"] == b.evaluate()["train_loss_sum"]


# -- the schedule --------------------------------------------------------------------
def test_auto_records_every_epoch_at_first_then_fewer_and_fewer() -> None:
    tr = xor_trainer()
    k = tr.auto_interval()
    assert k > 5  # evaluating the XOR net costs about as much as a step
    end = RAMP_EPOCHS * k + 6 * k
    tr.run_epochs(end, record_last=False)
    expected = [e for e in range(1, end + 1)
                if e % min(k, 1 + (e - 1) // RAMP_EPOCHS) == 0]
    assert tr.history.epoch == [0, *expected]  # epoch 0: the initial weights
    assert expected[:RAMP_EPOCHS] == list(range(1, RAMP_EPOCHS + 1))  # every epoch at first
    assert expected[RAMP_EPOCHS:RAMP_EPOCHS + 3] == [26, 28, 30]  # then every second...
    assert np.diff(expected[-5:]).tolist() == [k] * 4  # ...up to every k
    # About 5% of the epochs of a long run are evaluated.
    long = xor_trainer()
    long.run_epochs(20_000, record_last=False)
    assert 20_000 / k < len(long.history) < 20_000 / k + 201


def test_auto_interval_keeps_evaluation_to_a_small_share() -> None:
    # Tiny full-batch nets pay per call: evaluate every few epochs; an epoch of
    # many mini-batches costs far more than one evaluation: every epoch or so.
    assert xor_trainer().auto_interval() >= 5
    assert blobs_trainer("mean", 500, 500, batch_size=10).auto_interval() <= 5
    big = blobs_trainer("mean", 500, 500, batch_size=10)
    assert big.auto_interval() < xor_trainer().auto_interval()


@pytest.mark.parametrize("every", [1, 3, 50])
def test_record_every_n(every: int) -> None:
    tr = xor_trainer(record_every=every)
    tr.run_epochs(1_200, record_last=False)
    assert tr.history.epoch == list(range(0, 1_201, every))


def test_the_schedule_does_not_depend_on_how_a_run_is_cut() -> None:
    whole, pieces = xor_trainer(), xor_trainer()
    whole.run_epochs(3_000, record_last=False)
    for n in (1, 7, 18, 27, 993, 1_455, 499):
        pieces.run_epochs(n, record_last=False)
    pieces.run_steps(0)
    assert pieces.epoch == whole.epoch == 3_000
    assert pieces.history == whole.history
    # run_epochs records the end of every run unless told not to
    cut = xor_trainer()
    cut.run_epochs(1_001)
    cut.run_epochs(1_002)
    assert {1_001, 2_003} <= set(cut.history.epoch)
    assert 1_001 % cut.auto_interval() and 2_003 % cut.auto_interval()


def test_setting_record_every_reschedules() -> None:
    tr = xor_trainer(record_every=100)
    tr.run_epochs(150, record_last=False)
    assert tr.history.epoch == [0, 100]
    tr.record_every = 10
    tr.run_epochs(30, record_last=False)
    assert tr.history.epoch == [0, 100, 160, 170, 180]
    with pytest.raises(ValueError, match="record_every"):
        tr.record_every = -1


# -- one forward pass, not two -----------------------------------------------------------
def count_forward_passes(tr: Trainer) -> list[int]:
    """Sizes of the batches the network is run forward on, from now on."""
    sizes: list[int] = []
    out = tr.network.activations[-1]

    def value(z):
        sizes.append(len(z))
        return out.value(z)

    tr.network.activations[-1] = dataclasses.replace(out, value=value)
    return sizes


def test_full_batch_steps_reuse_the_evaluation_forward_pass() -> None:
    tr = xor_trainer(record_every=1)
    passes = count_forward_passes(tr)
    tr.run_steps(500)
    # 500 steps, 500 evaluations: 501 forward passes, not 1000.
    assert len(passes) == 501
    reference = xor_trainer(record_every=10**6)
    reference.run_steps(500)
    for got, want in zip(tr.network.W + tr.network.b, reference.network.W + reference.network.b,
                         strict=True):
        assert np.array_equal(got, want)
    assert tr.history.train_loss_sum[-1] == reference.evaluate()["train_loss_sum"]


def test_no_reuse_after_the_weights_change_between_runs() -> None:
    tr = xor_trainer(record_every=1)
    never = xor_trainer(record_every=10**6)  # no evaluations at all: nothing to reuse
    for t in (tr, never):
        t.run_steps(3)  # the last step's evaluation could serve the next step...
        t.network.W[0][0, 0] += 0.5  # ...but an edit between two runs changes the weights
        t.run_steps(2)
    for got, want in zip(tr.network.W, never.network.W, strict=True):
        assert np.array_equal(got, want)
    # Outside a run, an evaluation is never kept for a step either.
    tr.evaluate()
    tr.network.W[1][0, 0] -= 0.25
    never.network.W[1][0, 0] -= 0.25
    tr.train_step(tr.train.x, tr.train.t)
    never.train_step(never.train.x, never.train.t)
    for got, want in zip(tr.network.W, never.network.W, strict=True):
        assert np.array_equal(got, want)


def test_shuffled_or_mini_batch_training_never_reuses() -> None:
    tr = blobs_trainer("mean", batch_size=30)  # full batch, but shuffled
    passes = count_forward_passes(tr)
    tr.run_epochs(3)
    # epoch 0's evaluation of train and test, then per epoch a step and both evaluations
    assert passes == [30, 70] + [30, 30, 70] * 3


def test_divergence_is_caught_at_the_next_record() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(0.0, 100.0, (40, 2))
    net = Network([2, 4, 1], ["linear", "linear"], "squared_error", "sum")
    net.set_parameters(*initial_parameters("glorot", net.sizes, 0))
    params = [p for pair in zip(net.W, net.b, strict=True) for p in pair]
    tr = Trainer(net, make_optimizer("sgd", params, 10.0), Split(x, x[:, :1]), batch_size=8)
    assert tr.run_epochs(5_000) < 50
    assert tr.status == "diverged"
    assert not math.isfinite(tr.history.train_loss[-1])
