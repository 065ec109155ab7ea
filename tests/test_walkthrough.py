"""The step-through explanation: every number is the engine's, and Apply does what it shows."""

from __future__ import annotations

import copy
import itertools

import numpy as np
import pytest

from bplab.engine import regularizers
from bplab.engine.trainer import Trainer
from bplab.experiment import Session, examples_dir, load_experiment
from bplab.experiment.walkthrough import (
    MAX_NEURONS_SHOWN,
    StaleWalkthrough,
    Walkthrough,
    apply_step,
    explain_step,
    num,
    setting,
    state_fingerprint,
)


def make_session(example: str, steps: int = 0, **training) -> Session:
    exp = load_experiment(examples_dir() / f"{example}.json")
    for key, value in training.items():
        setattr(exp.training, key, value)
    session = Session(exp)
    session.trainer.run_steps(steps)  # some optimizer state, a batch in mid-epoch
    return session


CASES = {
    "article-xor": dict(example="article-xor", steps=0),
    "circle-momentum-l2": dict(example="circle", steps=7, optimizer="momentum",
                               regularization="l2", regularization_rate=0.01),
    "gauss3-adam": dict(example="gauss3-multiclass", steps=5, optimizer="adam",
                        learning_rate=0.01),
}


@pytest.fixture(params=list(CASES))
def session(request) -> Session:
    return make_session(**CASES[request.param])


def engine_pass(session: Session, wt: Walkthrough):
    """The engine's own arrays for the explained batch, computed independently here."""
    tr, net = session.trainer, session.network
    x, t = tr.train.x[wt.batch_indices], tr.train.t[wt.batch_indices]
    fp = net.forward(x)
    bp = net.backward(fp, t)
    if tr.regularization != "none":
        regularizers.add_gradient(tr.regularization, tr.regularization_rate, net.W, bp.dW)
    return fp, bp, t


def same(value: float, engine_value) -> bool:
    """Equal to the last bit (and the same type of number)."""
    return np.float64(value).tobytes() == np.float64(engine_value).tobytes()


def test_forward_backward_and_gradient_values_are_the_engines(session: Session) -> None:
    wt = explain_step(session, sample_index=1)
    fp, bp, _t = engine_pass(session, wt)
    s = wt.sample
    seen = {"net": 0, "h": 0, "delta": 0, "dW": 0, "db": 0}
    for line in wt.lines("forward"):
        if line.symbol.startswith("net"):
            assert same(line.value, fp.net[line.layer - 1][s, line.neuron]), line
            seen["net"] += 1
        else:  # x, h or ŷ: the output of a neuron (layer 0 is the input)
            assert same(line.value, fp.h[line.layer][s, line.neuron]), line
            seen["h"] += 1
    for line in wt.lines("backward"):
        assert same(line.value, bp.delta[line.layer - 1][s, line.neuron]), line
        seen["delta"] += 1
    for line in wt.lines("gradient"):
        if line.param == "w":
            assert same(line.value, bp.dW[line.layer - 1][line.source, line.neuron]), line
            seen["dW"] += 1
        else:
            assert same(line.value, bp.db[line.layer - 1][line.neuron]), line
            seen["db"] += 1
    sizes = session.network.sizes
    assert seen["net"] == sum(sizes[1:])
    assert seen["h"] == sum(sizes)  # inputs too
    assert seen["delta"] == sum(sizes[1:])
    assert seen["dW"] == sum(a * b for a, b in itertools.pairwise(sizes))
    assert seen["db"] == sum(sizes[1:])


def test_loss_values_are_the_engines(session: Session) -> None:
    wt = explain_step(session, sample_index=2)
    fp, _, t = engine_pass(session, wt)
    net = session.network
    per_sample = net.loss.per_sample(fp.net[-1], fp.y_hat, t)
    lines = {ln.symbol: ln for ln in wt.lines("loss")}
    assert same(lines["L₃"].value, per_sample[2])
    assert same(lines["L(batch)"].value, net.loss_value(fp, t))
    reduction = "mean" if net.reduction == "mean" else "sum"
    assert f"{reduction} over {wt.batch_size} samples" in lines["L(batch)"].comment
    targets = [ln for ln in wt.lines("loss") if ln.symbol.startswith("y")]
    assert [ln.value for ln in targets] == t[2].tolist()
    tr = session.trainer
    if tr.regularization != "none":
        expected = regularizers.penalty(tr.regularization, tr.regularization_rate, net.W)
        assert same(lines["penalty"].value, expected)


def test_apply_step_writes_the_explained_new_values(session: Session) -> None:
    wt = explain_step(session)
    tr = session.trainer
    step = tr.step
    assert apply_step(session, wt) == 1
    assert tr.step == step + 1
    net, opt = session.network, tr.optimizer
    updates = wt.lines("update")
    params = [ln for ln in updates if not ln.state]
    assert len(params) == sum(w.size + b.size for w, b in zip(net.W, net.b, strict=True))
    for line in params:
        if line.param == "w":
            assert same(line.value, net.W[line.layer - 1][line.source, line.neuron]), line
        else:
            assert same(line.value, net.b[line.layer - 1][line.neuron]), line
    for line in updates:
        if line.state:  # velocity, m, v: the optimizer's new state, exactly
            k = 2 * (line.layer - 1) + (0 if line.param == "w" else 1)
            elem = (line.source, line.neuron) if line.param == "w" else (line.neuron,)
            assert same(line.value, opt.state[line.state][k][elem]), line
    for new, now in zip(wt.new_W + wt.new_b, net.W + net.b, strict=True):
        assert np.array_equal(new, now)


@pytest.mark.parametrize("optimizer", ["sgd", "momentum", "nesterov", "rmsprop", "adam"])
@pytest.mark.parametrize("regularization", ["none", "l1", "l2"])
def test_every_optimizer_and_penalty_is_predicted_exactly(optimizer: str,
                                                          regularization: str) -> None:
    session = make_session("circle", steps=3, optimizer=optimizer,
                           regularization=regularization, regularization_rate=0.003)
    wt = explain_step(session)
    apply_step(session, wt)
    net = session.network
    for line in wt.lines("update"):
        if line.state:
            continue
        now = (net.W[line.layer - 1][line.source, line.neuron] if line.param == "w"
               else net.b[line.layer - 1][line.neuron])
        assert same(line.value, now), line
    assert any(ln.state for ln in wt.lines("update")) == (optimizer != "sgd")


def test_the_explained_batch_is_the_one_the_trainer_uses_next(session: Session) -> None:
    tr = session.trainer
    wt = explain_step(session)
    used = []
    original = tr.train_step

    def recording(x, t):
        used.append((x.copy(), t.copy()))
        original(x, t)

    tr.train_step = recording
    apply_step(session)
    assert len(used) == 1
    assert np.array_equal(used[0][0], tr.train.x[wt.batch_indices])
    assert np.array_equal(used[0][1], tr.train.t[wt.batch_indices])


def test_explaining_changes_nothing(session: Session) -> None:
    tr = session.trainer
    before = state_fingerprint(session)
    rng_state = copy.deepcopy(tr.rng.bit_generator.state)
    W = [w.copy() for w in session.network.W]
    state = copy.deepcopy(tr.optimizer.state)
    wt = explain_step(session)
    explain_step(session, sample_index=wt.batch_size - 1)
    assert state_fingerprint(session) == before
    assert tr.rng.bit_generator.state == rng_state
    assert all(np.array_equal(a, b) for a, b in zip(W, session.network.W, strict=True))
    for slot, arrays in state.items():
        assert all(np.array_equal(a, b) for a, b in zip(arrays, tr.optimizer.state[slot],
                                                        strict=True))
    assert wt.is_current(session)


def test_apply_step_advances_exactly_one_step_from_a_paused_trainer() -> None:
    session = make_session("circle", steps=2)
    tr = session.trainer
    tr.stop.set()  # what TrainingController.pause leaves behind
    step, position = tr.step, tr.position
    assert apply_step(session) == 1
    assert tr.step == step + 1
    assert tr.position == position + tr.batch_size


def test_the_step_through_and_the_steps_take_their_batch_from_one_trainer_method(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Change how the trainer picks a batch, and the explanation and Apply both follow."""
    session = make_session("circle", steps=1, optimizer="momentum")
    tr = session.trainer
    chosen = np.array([5, 3, 7])

    def pick(self: Trainer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return chosen, self.train.x[chosen], self.train.t[chosen]

    monkeypatch.setattr(Trainer, "next_batch", pick)
    wt = explain_step(session)
    assert np.array_equal(wt.batch_indices, chosen)
    used = []
    original = tr.train_step
    tr.train_step = lambda x, t: (used.append(x.copy()), original(x, t))
    assert apply_step(session, wt) == 1
    assert np.array_equal(used[0], tr.train.x[chosen])
    assert tr.position == 10 + len(chosen)  # one batch of 10, then the chosen 3


def test_a_stale_explanation_is_refused() -> None:
    session = make_session("article-xor")
    wt = explain_step(session)
    session.network.W[0][0, 0] += 0.5
    assert not wt.is_current(session)
    with pytest.raises(StaleWalkthrough):
        apply_step(session, wt)
    assert session.trainer.step == 0


def test_a_queued_learning_rate_is_the_one_explained() -> None:
    session = make_session("article-xor")
    session.trainer.set_learning_rate(0.5)
    wt = explain_step(session)
    first = next(ln for ln in wt.lines("update") if not ln.state)
    assert " − 0.5 × " in first.substituted
    apply_step(session, wt)
    assert same(first.value, session.network.W[-1][first.source, first.neuron])


def test_the_article_notation_for_the_article_example() -> None:
    session = make_session("article-xor")
    wt = explain_step(session)
    symbols = {ln.symbol for ln in wt.lines()}
    for symbol in ("x₁", "net₁", "h₂", "net", "ŷ", "y", "δ", "δ₁", "δ₂", "∂L/∂w₁₂", "∂L/∂w₁",
                   "∂L/∂b", "∂L/∂b₁", "w₂₁", "b"):
        assert symbol in symbols, symbol
    assert [s.title for s in wt.sections] == ["Forward pass", "Loss", "Backward pass",
                                              "Gradients", "Update"]
    net1 = next(ln for ln in wt.lines("forward") if ln.symbol == "net₁")
    assert net1.formula == "w₁₁x₁ + w₁₂x₂ + b₁"
    W, b = session.network.W[0], session.network.b[0]
    assert net1.substituted.startswith(num(W[0, 0]))
    assert net1.substituted.endswith(num(b[0]) if b[0] >= 0 else f"({num(b[0])})")
    delta1 = next(ln for ln in wt.lines("backward") if ln.symbol == "δ₁")
    assert delta1.formula == "δ w₁ · h₁(1 − h₁)"  # the article's δ_j = δ w_j f′(net_j)
    out = next(ln for ln in wt.lines("backward") if ln.symbol == "δ")
    assert out.formula == "(ŷ − y) · ŷ(1 − ŷ)"  # sum reduction: no 1/N
    w12 = next(ln for ln in wt.lines("update") if ln.symbol == "w₁₂")
    assert w12.formula == "w₁₂ − η ∂L/∂w₁₂"
    assert w12.substituted.startswith(f"{num(W[1, 0])} − 0.1 × ")
    assert wt.layer_titles == ["input layer", "hidden layer · Sigmoid", "output layer · Sigmoid"]


def test_deep_and_multi_output_nets_get_layer_superscripts() -> None:
    wt = explain_step(make_session("circle"))
    symbols = {ln.symbol for ln in wt.lines()}
    assert {"net₁⁽¹⁾", "h₂⁽²⁾", "δ₁⁽²⁾", "net", "ŷ", "∂L/∂w₁₂⁽¹⁾"} <= symbols
    wt = explain_step(make_session("gauss3-multiclass"))
    symbols = {ln.symbol for ln in wt.lines()}
    assert {"net₁⁽¹⁾", "net₃⁽²⁾", "ŷ₃", "y₂", "δ₁⁽²⁾", "∂L/∂w₃₆⁽²⁾"} <= symbols
    out = next(ln for ln in wt.lines("backward") if ln.layer == 2)
    assert out.formula == "(ŷ₁ − y₁) / N"  # softmax + cross-entropy: no f′
    assert any("Jacobian cancels" in n for n in wt.sections[2].notes)


def test_inputs_are_named_by_the_data_columns() -> None:
    from bplab.experiment import Architecture, DataSpec, Experiment, Points

    rng = np.random.default_rng(3)
    for columns, features, comments in (
            (["a", "b", "c"], ["x1", "x2"], ["column a of the point", "column b of the point",
                                             "column c of the point"]),
            (["u", "v"], ["x1", "x1_sq"], ["feature u of the point",
                                            "feature u² of the point"])):
        x = rng.normal(size=(12, len(columns)))
        points = Points(x, (x[:, 0] > 0).astype(np.int64), "classification", 2,
                        columns=columns)
        session = Session(Experiment(data=DataSpec(source="points", points=points,
                                                   features=features),
                                     architecture=Architecture([2], ["tanh"])))
        inputs = [ln for ln in explain_step(session).lines("forward") if ln.layer == 0]
        assert [ln.comment for ln in inputs] == comments


def test_big_layers_are_cut_with_a_note() -> None:
    session = make_session("circle")
    exp = session.experiment
    exp.architecture.hidden, exp.architecture.activations = [12], ["relu"]
    session = Session(exp)
    wt = explain_step(session)
    nets = [ln for ln in wt.lines("forward") if ln.symbol.startswith("net") and ln.layer == 1]
    assert len(nets) == MAX_NEURONS_SHOWN
    assert any("… and 4 more neurons" in ln.comment for ln in wt.lines("forward"))
    out_net = next(ln for ln in wt.lines("forward") if ln.symbol == "net")
    assert "(4 more terms:" in out_net.substituted


def test_sample_selection() -> None:
    session = make_session("circle", steps=1)
    wt = explain_step(session, sample_index=4)
    assert wt.sample == 4
    assert wt.point == wt.batch_indices[4]
    idx, x, _ = session.trainer.next_batch()
    assert np.array_equal(idx, wt.batch_indices)
    assert wt.x == tuple(x[4])
    with pytest.raises(ValueError, match="sample 10 does not exist"):
        explain_step(session, sample_index=10)


def test_number_formats() -> None:
    assert num(0.12204) == "0.1220"
    assert num(-0.5) == "−0.5000"
    assert num(1.0) == "1.000"
    assert num(-1.2345e-5) == "−1.234×10⁻⁵" or num(-1.2345e-5) == "−1.235×10⁻⁵"
    assert num(float("nan")) == "NaN"
    assert setting(0.03) == "0.03"
    assert setting(1e-8) == "10⁻⁸"
