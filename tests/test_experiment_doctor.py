"""The training doctor: each finding comes from a network that has the problem, not from a
healthy one, with the numbers in its message and a fix that applies."""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import numpy as np
import pytest

from bplab.experiment import (
    Architecture,
    Experiment,
    Session,
    default_experiment,
    doctor_messages,
    examples_dir,
    load_experiment,
)
from bplab.experiment import doctor as dr
from bplab.experiment.doctor import Doctor, WeightEdit, diagnose
from bplab.experiment.doctor_messages import FIX_MESSAGES, MESSAGES, format_number, render


def _session(exp: Experiment, epochs: int = 0, change=None) -> tuple[Session, tuple]:
    """A session trained ``epochs`` (the loss before training recorded), after ``change``."""
    s = Session(exp)
    if change is not None:
        change(s)
    s.trainer.record()
    start = s.network.copy_parameters()
    s.trainer.run_epochs(epochs)
    return s, start


def _kinds(findings) -> list[str]:
    return [f.kind for f in findings]


def _circle(hidden: list[int], acts: list[str], out: str = "tanh", **training) -> Experiment:
    exp = default_experiment()
    exp.architecture = Architecture(hidden, acts, out)
    for key, value in training.items():
        setattr(exp.training, key, value)
    return exp


def _numbers(text: str) -> list[str]:
    return re.findall(r"[0-9][0-9.,]*(?:·10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?|10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+", text)


def _check_fix(finding: dr.Finding, exp: Experiment) -> Experiment:
    """The fix returns a changed copy with no state, and leaves the experiment alone."""
    assert finding.fix is not None
    before = copy.deepcopy(exp)
    fixed = finding.fix.apply(exp)
    assert fixed is not exp and fixed.state is None
    assert repr(exp) == repr(before)
    assert finding.fix.message() and "{" not in finding.fix.message()
    Session(fixed)  # a valid experiment
    return fixed


# -- healthy networks ------------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.json")), ids=lambda p: p.stem)
def test_the_examples_as_shipped_are_healthy(path):
    s = Session(load_experiment(path))
    s.trainer.record()
    assert diagnose(s) == []


@pytest.mark.parametrize("name", ["circle", "xor", "gauss", "plane-regression"])
def test_trained_examples_stay_healthy(name):
    s, start = _session(load_experiment(examples_dir() / f"{name}.json"), 300)
    assert diagnose(s, reference=start) == []


# -- vanishing gradients -----------------------------------------------------------------------
def test_a_deep_sigmoid_network_has_vanishing_gradients():
    exp = _circle([8] * 10, ["sigmoid"] * 10)
    s, _ = _session(exp)
    (f,) = diagnose(s)
    assert (f.kind, f.id, f.layer, f.neuron) == ("vanishing_gradients", "vanishing_gradients",
                                                 1, None)
    stats = dr.Evidence(s, None, ()).stats
    ratio = stats[0].gradient_norm / stats[-1].gradient_norm
    assert ratio < dr.VANISHING_RATIO and f.params["ratio"] == ratio
    assert f.message().startswith(f"Vanishing gradients: layer 1's gradient is "
                                  f"{format_number(ratio)} of layer 11's")
    assert "·10⁻" in f.message()
    fixed = _check_fix(f, exp)
    assert fixed.architecture.activations == ["relu"] * 10
    assert fixed.training.initializer == "he"
    healthy, _ = _session(fixed)
    assert "vanishing_gradients" not in _kinds(diagnose(healthy))


def test_a_deep_tanh_network_with_glorot_weights_does_not():
    s, _ = _session(_circle([8] * 10, ["tanh"] * 10, initializer="glorot"), 20)
    assert diagnose(s) == []


# -- dead ReLUs -------------------------------------------------------------------------------
def _relu(**training) -> Experiment:
    return _circle([6], ["relu"], initializer="he", **training)


def test_large_negative_biases_kill_relus():
    def kill(s: Session) -> None:
        s.network.b[0][[1, 4]] = -50.0

    s, _ = _session(_relu(), 10, kill)
    (f,) = diagnose(s)
    assert (f.kind, f.id, f.layer, f.neuron, f.neurons) == ("dead_relu", "dead_relu@1", 1, None,
                                                            (1, 4))
    assert f.message().startswith("2 of the 6 ReLU neurons of layer 1 are dead")
    fixed = _check_fix(f, s.experiment)
    assert fixed.architecture.activations == ["leaky_relu"]


def test_one_dead_relu_is_named():
    s, _ = _session(_relu(), 0, lambda s: s.network.b[0].__setitem__(3, -50.0))
    (f,) = diagnose(s)
    assert (f.id, f.neuron, f.neurons) == ("dead_relu@1", 3, (3,))
    assert f.message().startswith("Neuron 4 of layer 1 is a dead ReLU")  # people count from 1


def test_a_healthy_relu_network_has_no_dead_neurons():
    for epochs in (0, 100):
        s, start = _session(_relu(), epochs)
        assert diagnose(s, reference=start) == []


# -- saturation ------------------------------------------------------------------------------
def test_large_biases_saturate_sigmoid_units():
    def push(s: Session) -> None:
        s.network.b[0][1:] = 30.0  # net ≥ 24 on every point for neurons 1, 2, 3

    s, _ = _session(_circle([4], ["sigmoid"]), 0, push)
    (f,) = diagnose(s)
    assert (f.kind, f.id, f.layer, f.neuron, f.neurons) == ("saturation", "saturation@1", 1,
                                                            None, (1, 2, 3))
    assert f.params["threshold"] == 5.0 and f.params["share"] == 100.0
    assert f.message() == ("3 of the 4 sigmoid neurons of layer 1 are saturated: |net| > 5 on "
                           "at least 100% of the training points, where the derivative is "
                           "almost 0.")
    assert _check_fix(f, s.experiment).training.initializer == "glorot"
    healthy, _ = _session(_circle([4], ["sigmoid"]))
    assert diagnose(healthy) == []


# -- divergence ---------------------------------------------------------------------------------
def test_learning_rate_10_with_a_linear_output_diverges_and_the_rate_is_named():
    exp = _circle([4, 2], ["tanh", "tanh"], "linear", learning_rate=10.0)
    s, start = _session(exp, 5)
    (f,) = diagnose(s, reference=start)
    assert f.kind == "divergence" and f.id == "divergence" and f.layer is None
    assert f.message_id == "divergence.learning_rate_limit"
    assert f.params["lr"] == 10.0 and f.params["before"] == s.trainer.history.train_loss[0]
    limit = f.params["limit"]
    assert 0 < limit < 10.0
    assert "The learning rate 10 is too high" in f.message()
    assert format_number(limit) in f.message()
    fixed = _check_fix(f, exp)
    assert fixed.training.learning_rate < limit
    # the fix works: the new run does not diverge
    cured, start = _session(fixed, 20)
    assert "divergence" not in _kinds(diagnose(cured, reference=start))
    healthy, start = _session(_circle([4, 2], ["tanh", "tanh"], "linear"), 20)
    assert diagnose(healthy, reference=start) == []


def test_without_the_weights_before_the_blow_up_the_rate_is_still_named():
    s, _ = _session(_circle([4], ["relu"], "linear", learning_rate=10.0), 5)
    assert s.trainer.status == "diverged"
    assert not np.all(np.isfinite(s.network.W[0]))
    (f,) = diagnose(s)  # no reference: nothing finite to measure the curvature on
    assert f.message_id == "divergence.learning_rate"
    assert f.message().endswith("The learning rate 10 is too high.")


def _edit_output_weight(s: Session) -> None:
    s.network.W[2][1, 0] = 1e6


def _edited_run(epochs_after: int = 5) -> tuple[Session, tuple]:
    """A linear-output net trained 20 epochs, then one weight edited to 1e6."""
    s = Session(_circle([4, 2], ["tanh", "tanh"], "linear"))
    s.trainer.record()
    s.trainer.run_epochs(20)
    _edit_output_weight(s)
    start = s.network.copy_parameters()
    s.trainer.run_epochs(epochs_after)
    return s, start


def test_a_weight_edited_to_a_million_is_named():
    s, start = _edited_run()
    edit = WeightEdit(layer=3, neuron=0, source=1, old=0.3, new=1e6)
    (f,) = diagnose(s, reference=start, edits=[edit])
    assert f.message_id == "divergence.edited_weight"
    assert (f.id, f.layer, f.neuron) == ("divergence", 3, 0)  # one id, whatever the cause
    assert f.params["value"] == 1e6 and f.params["ratio"] > 1e5
    assert ("The weight from neuron 2 into neuron 1 of layer 3 was set to 10⁶"
            in f.message())
    assert f.fix is not None and f.fix.kind == "fresh_weights"
    # without the log, the outlier itself gives the edit away
    (g,) = diagnose(s, reference=start)
    assert g.message_id == "divergence.outlier_weight" and "was it edited?" in g.message()
    assert (g.layer, g.neuron) == (3, 0)


def test_an_edited_bias_is_named_too():
    s = Session(_circle([4, 2], ["tanh", "tanh"], "linear"))
    s.trainer.record()
    s.trainer.run_epochs(10)
    s.network.b[1][0] = 1e6  # feeds the linear output through tanh: bounded, so …
    s.network.W[2][0, 0] = 1e4  # … give it a big weight as well: both are named by size
    start = s.network.copy_parameters()
    s.trainer.run_epochs(1)
    (f,) = diagnose(s, reference=start, edits=[WeightEdit(2, 0, None, 0.1, 1e6)])
    assert f.message_id == "divergence.edited_bias" and (f.layer, f.neuron) == (2, 0)
    assert f.message().count("bias of neuron 1 of layer 2 was set to 10⁶") == 1


def test_a_layer_scaled_up_a_hundred_times_explodes():
    exp = _circle([4, 4], ["relu", "relu"], "linear")
    s, start = _session(exp, 5, lambda s: s.network.W[1].__imul__(100.0))
    (f,) = diagnose(s, reference=start)
    assert f.message_id == "divergence.exploding_layer" and f.layer == 2
    assert f.params["gain"] >= dr.EXPLODING_GAIN
    assert "Layer 2 amplifies its inputs" in f.message()
    assert _check_fix(f, exp).training.initializer == "he"


def test_layers_that_amplify_together_explode():
    exp = _circle([16] * 6, ["relu"] * 6, "linear", initializer="article")
    s, start = _session(exp, 2)
    (f,) = diagnose(s, reference=start)
    assert f.message_id == "divergence.exploding_layers"
    assert f.params["total"] >= dr.EXPLODING_GAIN and f.params["gain"] < dr.EXPLODING_GAIN
    assert f.layer == f.params["layer"]


def test_growth_without_nan_is_a_divergence():
    s = Session(default_experiment())
    h = s.trainer.history
    for epoch, loss in enumerate([0.5, 0.3, 0.2, 25.0]):
        h.append(epoch, {"train_loss": loss, "test_loss": np.nan, "train_accuracy": 0.5,
                         "test_accuracy": np.nan})
    (f,) = diagnose(s)
    assert f.kind == "divergence" and f.params["before"] == 0.2 and f.params["after"] == 25.0
    h.append(4, {"train_loss": 19.0, "test_loss": np.nan, "train_accuracy": 0.5,
                 "test_accuracy": np.nan})  # 95 times the best: not yet two orders
    assert "divergence" not in _kinds(diagnose(s))


# -- progress ------------------------------------------------------------------------------
def test_a_model_that_cannot_fit_the_data_plateaus():
    exp = _circle([], [])  # no hidden layer: a line cannot separate a circle
    s, _ = _session(exp, 300)
    (f,) = diagnose(s)
    assert f.kind == "plateau" and f.id == "plateau"
    assert f.params["epochs"] >= dr.PLATEAU_EPOCHS and f.params["percent"] < 1.0
    assert f.message().startswith(f"The loss has hardly improved for "
                                  f"{format_number(f.params['epochs'])} epochs")
    fixed = _check_fix(f, exp)
    assert fixed.data.features == ["x1", "x2", "x1_sq", "x2_sq", "x1_x2"]
    assert "x₁², x₂², x₁x₂" in f.fix.message()
    cured, _ = _session(fixed, 300)
    assert diagnose(cured) == []


def test_a_plateau_with_every_feature_asks_for_more_neurons():
    exp = _circle([1], ["tanh"])
    exp.data.features = ["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"]
    exp.data.generator = "spiral"
    s, _ = _session(exp, 300)
    (f,) = diagnose(s)
    assert f.kind == "plateau"
    assert _check_fix(f, exp).architecture.hidden == [3]
    assert f.fix.message() == "Use more neurons: 3 in the hidden layers"


def test_plateau_start_reads_the_history():
    epochs = list(range(0, 400, 10))
    falling = [1.0 / (1 + e) for e in epochs]
    assert dr.plateau_start(epochs, falling) is None
    flat = [1.0 if e < 150 else 0.5 for e in epochs]  # a step down at 150, then nothing
    start = dr.plateau_start(epochs, flat)
    assert epochs[start] == 150
    assert dr.plateau_start(epochs[:10], flat[:10]) is None  # 90 epochs: too short to tell


def test_a_tiny_learning_rate_is_too_small():
    exp = default_experiment()
    exp.training.learning_rate = 1e-5
    for epochs in (0, 150):  # also after a long stretch: it is no plateau
        s, _ = _session(exp, epochs)
        (f,) = diagnose(s)
        assert f.kind == "small_learning_rate" and f.params["lr"] == 1e-5
        assert f.params["percent"] < 100 * dr.SLOW_PROGRESS
        assert f.params["limit"] > 1e-5 / dr.SMALL_RATE_SHARE
        assert f.message().startswith("The learning rate 10⁻⁵ is too small")
        assert _check_fix(f, exp).training.learning_rate == 1e-4
    normal, _ = _session(default_experiment(), 0)
    assert diagnose(normal) == []


def test_adam_s_rate_is_not_judged_by_curvature():
    exp = default_experiment()
    exp.training.optimizer, exp.training.learning_rate = "adam", 1e-5
    s, _ = _session(exp)
    assert "small_learning_rate" not in _kinds(diagnose(s))


# -- the watcher and the texts ---------------------------------------------------------------
def test_the_doctor_reports_each_finding_once_and_remembers_sound_weights():
    s = Session(_circle([4, 2], ["tanh", "tanh"], "linear"))
    doc = Doctor()
    s.trainer.record()
    s.trainer.run_epochs(10)
    doc.remember(s)
    assert doc.new_findings(s) == []
    _edit_output_weight(s)
    doc.note_edit(WeightEdit(3, 0, 1, 0.2, 1e6))
    s.trainer.run_epochs(3)
    (f,) = doc.new_findings(s)
    assert f.message_id == "divergence.edited_weight"
    s.trainer.run_epochs(2)
    assert doc.new_findings(s) == []  # the same finding, maybe with new numbers
    assert [g.id for g in doc.examine(s)] == [f.id]
    kept = doc.reference
    s.network.W[0][0, 0] = np.nan
    doc.remember(s)  # weights that are not finite are not remembered
    assert doc.reference is kept
    doc.reset()
    assert doc.reference is None and doc.edits == [] and doc.new_findings(s)


def test_every_message_is_a_plain_template_with_named_numbers():
    for table in (MESSAGES, FIX_MESSAGES):
        for key, template in table.items():
            assert isinstance(template, str) and key
            for name in re.findall(r"{(\w*)}", template):
                assert name, f"{key}: positional placeholders cannot be reordered"
    assert render("layer {layer}: {x}", {"layer": 3, "x": 3e-7}) == "layer 3: 3·10⁻⁷"


def test_the_templates_are_literals_the_translation_tools_can_read():
    tree = ast.parse(Path(doctor_messages.__file__).read_text(encoding="utf-8"))
    tables = {t.targets[0].id if isinstance(t, ast.Assign) else t.target.id: t.value
              for t in tree.body if isinstance(t, ast.Assign | ast.AnnAssign)
              and isinstance(t.value, ast.Dict)}
    assert set(tables) == {"MESSAGES", "FIX_MESSAGES"}
    for table in tables.values():
        for key, value in zip(table.keys, table.values, strict=True):
            # QT_TRANSLATE_NOOP("doctor", "…"): pyside6-lupdate puts it in the catalogue.
            assert isinstance(key, ast.Constant), key
            assert isinstance(value, ast.Call) and isinstance(value.func, ast.Name), key.value
            assert value.func.id == "QT_TRANSLATE_NOOP", key.value
            context, text = value.args
            assert isinstance(context, ast.Constant) and context.value == "doctor", key.value
            assert isinstance(text, ast.Constant) and isinstance(text.value, str), key.value


@pytest.mark.parametrize(("value", "text"), [
    (3e-7, "3·10⁻⁷"), (1e-5, "10⁻⁵"), (-2.5e6, "−2.5·10⁶"), (0.0312, "0.0312"),
    (12.5, "12.5"), (1234.4, "1,234"), (0.0, "0"), (1500, "1,500"), (float("nan"), "NaN"),
    (float("inf"), "∞"), (-1e6, "−10⁶"), ("tanh", "tanh")])
def test_numbers_are_written_for_people(value, text):
    assert format_number(value) == text
