"""The step-through's stages carry the engine's numbers, bit for bit (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from bplab.engine import regularizers
from bplab.experiment import Session, examples_dir, load_experiment
from bplab.experiment.step_stages import build_stages, line_index
from bplab.experiment.walkthrough import apply_step, explain_step


def session_of(name: str, batch: int | None = None, reg: str | None = None) -> Session:
    exp = load_experiment(examples_dir() / name)
    if batch is not None:
        exp.training.batch_size = batch
    if reg is not None:
        exp.training.regularization = reg
        exp.training.regularization_rate = 0.01
    return Session(exp)


def engine_pass(session: Session) -> tuple:
    """The engine's own forward and backward pass for the trainer's next mini-batch."""
    tr, net = session.trainer, session.network
    _idx, x, t = tr.next_batch()
    fp = net.forward(x)
    bp = net.backward(fp, t)
    if tr.regularization != "none":
        regularizers.add_gradient(tr.regularization, tr.regularization_rate, net.W, bp.dW)
    return fp, bp, t


def test_stage_order_for_the_article_net() -> None:
    stages = build_stages(explain_step(session_of("article-xor.json")))
    assert [(s.kind, s.layer) for s in stages] == [
        ("forward", 1), ("forward", 2), ("loss", 2), ("backward", 2), ("backward", 1),
        ("update", -1)]
    assert [s.quantity for s in stages] == ["weight", "weight", "", "gradient", "gradient",
                                            "change"]


@pytest.mark.parametrize("name,batch,reg,sample", [
    ("article-xor.json", None, None, 0),
    ("article-xor.json", None, None, 3),
    ("article-xor.json", None, "l2", 2),
])
def test_stage_numbers_are_the_engines_bit_for_bit(name: str, batch: int | None,
                                                   reg: str | None, sample: int) -> None:
    session = session_of(name, batch, reg)
    wt = explain_step(session, sample)
    stages = build_stages(wt)
    fp, bp, t = engine_pass(session)
    net, s, L = session.network, sample, session.network.n_layers
    for stage in stages:
        if stage.kind == "forward":
            layer = stage.layer
            for j in range(net.sizes[layer]):
                node = stage.node(layer, j)
                assert node.value("net") == fp.net[layer - 1][s, j]
                assert node.value("h") == fp.h[layer][s, j]
            assert np.array_equal(stage.link_layer(layer - 1).weights, net.W[layer - 1])
        elif stage.kind == "loss":
            per_sample = net.loss.per_sample(fp.net[-1], fp.y_hat, t)
            assert stage.sample_loss == per_sample[s]
            assert stage.batch_loss == net.loss_value(fp, t)
            assert stage.node(L, 0).value("ŷ") == fp.y_hat[s, 0]
        elif stage.kind == "backward":
            layer = stage.layer
            for j in range(net.sizes[layer]):
                assert stage.node(layer, j).value("δ") == bp.delta[layer - 1][s, j]
            links = stage.link_layer(layer - 1)
            assert np.array_equal(links.weights, bp.dW[layer - 1])  # the mini-batch's
            assert np.array_equal(links.biases, bp.db[layer - 1])
    before_W = [w.copy() for w in net.W]
    before_b = [b.copy() for b in net.b]
    assert apply_step(session, wt) == 1  # the update stage shows exactly what the step does
    update = stages[-1]
    for k in range(L):
        assert np.array_equal(update.link_layer(k).weights, net.W[k] - before_W[k])
        assert np.array_equal(update.link_layer(k).biases, net.b[k] - before_b[k])
        assert np.any(update.link_layer(k).weights != 0)


def test_a_mean_loss_over_a_mini_batch_divides_the_gradient() -> None:
    session = session_of("article-xor.json")
    session.network.reduction = "mean"
    wt = explain_step(session, 1)
    fp, bp, _ = engine_pass(session)
    backward = [s for s in build_stages(wt) if s.kind == "backward"]
    session.network.reduction = "sum"
    summed = session.network.backward(fp, engine_pass(session)[2]).dW[0]
    assert np.array_equal(backward[-1].link_layer(0).weights, bp.dW[0])
    np.testing.assert_allclose(backward[-1].link_layer(0).weights * wt.batch_size, summed)


def test_clicks_find_the_line_that_explains_them() -> None:
    wt = explain_step(session_of("article-xor.json"), 1)
    lines = wt.lines()
    stages = build_stages(wt)
    forward2, loss, backward1, update = stages[1], stages[2], stages[4], stages[5]
    line = lines[line_index(forward2, lines, "node", 1, 1)]
    assert (line.kind, line.layer, line.neuron, line.symbol) == ("forward", 1, 1, "net₂")
    line = lines[line_index(backward1, lines, "node", 1, 0)]
    assert (line.kind, line.symbol) == ("backward", "δ₁")
    assert line.value == backward1.node(1, 0).value("δ")
    line = lines[line_index(backward1, lines, "link", 0, 1, 0)]  # w₁₂: x₂ → neuron 1
    assert (line.kind, line.symbol) == ("gradient", "∂L/∂w₁₂")
    assert line.value == backward1.link_layer(0).weights[1, 0]
    line = lines[line_index(update, lines, "bias", 1, 0)]
    assert (line.kind, line.param, line.symbol) == ("update", "b", "b")
    assert lines[line_index(loss, lines, "node", 2, 0)].kind == "loss"
    assert line_index(loss, lines, "link", 0, 0, 0) is None
