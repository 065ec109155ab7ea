"""``bplab check-gradients`` and ``bplab diagnose``: lines, exit codes, and no Qt."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bplab.cli import main
from bplab.engine.network import BackwardPass, Network
from bplab.experiment import (
    Architecture,
    Experiment,
    Session,
    default_experiment,
    examples_dir,
    load_experiment,
    save_experiment,
)

LINE = re.compile(r"^layer (\d+) \((output · )?[a-z_]+\): largest relative error "
                  r"(\S+) over (\d+) of (\d+) parameters  (ok|FAILS .*)$")


def _save(tmp_path: Path, exp: Experiment, name: str = "exp.json") -> Path:
    path = tmp_path / name
    save_experiment(exp, path)
    return path


# -- check-gradients ------------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(examples_dir().glob("*.json")), ids=lambda p: p.stem)
def test_every_example_passes_the_gradient_check(path, capsys):
    assert main(["check-gradients", str(path)]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    n_layers = Session(load_experiment(path)).network.n_layers
    assert len(lines) == n_layers and err == ""  # one line per layer
    for layer, line in enumerate(lines, start=1):
        m = LINE.match(line)
        assert m, line
        assert int(m.group(1)) == layer and bool(m.group(2)) == (layer == n_layers)
        assert float(m.group(3)) < 1e-6 and m.group(6) == "ok"


def test_a_wrong_backpropagation_fails_with_exit_code_1(tmp_path, monkeypatch, capsys):
    path = _save(tmp_path, default_experiment())
    right = Network.backward

    def wrong(self: Network, fp, y) -> BackwardPass:
        bp = right(self, fp, y)
        grads = list(bp.grads)
        grads[2] = grads[2] * 1.01  # layer 2's weights: 1% off
        return BackwardPass(bp.delta, grads)

    monkeypatch.setattr(Network, "backward", wrong)
    assert main(["check-gradients", str(path)]) == 1
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert lines[0].endswith("  ok") and lines[2].endswith("  ok")
    assert "FAILS (more than 1e-05)" in lines[1]
    assert float(LINE.match(lines[1]).group(3)) > 1e-3
    assert err.startswith("bplab: backpropagation disagrees with finite differences in layer 2")


def test_big_layers_are_sampled_unless_all_parameters_are_asked_for(tmp_path, capsys):
    exp = default_experiment()
    exp.data.features = ["x1", "x2", "x1_sq", "x2_sq", "x1_x2", "sin_x1", "sin_x2"]
    exp.architecture = Architecture([80], ["tanh"], "tanh")
    path = _save(tmp_path, exp)
    assert main(["check-gradients", str(path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "over 500 of 640 parameters" in first
    assert main(["check-gradients", str(path), "--all-parameters"]) == 0
    assert "over 640 of 640 parameters" in capsys.readouterr().out


def test_check_gradients_of_a_bad_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert main(["check-gradients", str(bad)]) == 2
    assert capsys.readouterr().err.startswith("bplab: error: ")


# -- diagnose ---------------------------------------------------------------------------------
def test_a_healthy_file_has_no_findings(capsys):
    assert main(["diagnose", str(examples_dir() / "circle.json"), "--epochs", "50"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip().endswith("at epoch 50 after 50 epochs of training: no findings")


def test_diagnose_names_the_learning_rate(tmp_path, capsys):
    exp = default_experiment()
    exp.architecture.output_activation = "linear"
    exp.training.learning_rate = 10.0
    path = _save(tmp_path, exp)
    before = path.read_bytes()
    assert main(["diagnose", str(path), "--epochs", "5"]) == 0
    out, err = capsys.readouterr()
    (line,) = out.strip().splitlines()  # one finding, one line
    assert line.startswith("[divergence] Training diverges: the loss went from ")
    assert "The learning rate 10 is too high" in line
    assert line.endswith("→ Lower the learning rate to 0.9") or "→ Lower the learning rate" in line
    assert "1 finding" in err
    assert path.read_bytes() == before  # nothing is written


def test_diagnose_names_an_edited_weight_in_a_file(tmp_path, capsys):
    exp = default_experiment()
    exp.architecture.output_activation = "linear"
    session = Session(exp)
    session.trainer.record()
    session.trainer.run_epochs(20)
    edited = session.to_experiment()
    edited.state.weights[2][1, 0] = 1e6  # as if edited by hand, then saved
    path = _save(tmp_path, edited)
    assert main(["diagnose", str(path), "--epochs", "5"]) == 0
    (line,) = capsys.readouterr().out.strip().splitlines()
    assert ("The weight from neuron 2 into neuron 1 of layer 3 is 10⁶" in line
            and "was it edited?" in line)
    assert line.endswith("→ Start again from fresh initial weights")


def test_diagnose_without_epochs_examines_the_file_as_it_is(tmp_path, capsys):
    exp = default_experiment()
    exp.architecture = Architecture([8] * 10, ["sigmoid"] * 10, "tanh")
    path = _save(tmp_path, exp)
    assert main(["diagnose", str(path)]) == 0
    out, err = capsys.readouterr()
    (line,) = out.strip().splitlines()
    assert re.match(r"\[vanishing_gradients\] Vanishing gradients: layer 1's gradient is "
                    r"\S+·10⁻\S+ of layer 11's", line)
    assert line.endswith("→ Use ReLU and He initialisation in the hidden layers")
    assert "at epoch 0: 1 finding" in err


def test_diagnose_refuses_bad_epochs(capsys):
    path = str(examples_dir() / "circle.json")
    assert main(["diagnose", path, "--epochs", "-3"]) == 2
    assert "expected 0 to" in capsys.readouterr().err


def test_the_help_names_the_new_commands(capsys):
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "'bplab check-gradients FILE'" in out and "'bplab diagnose FILE [--epochs N]'" in out
    assert main(["diagnose", "--help"]) == 0
    assert "docs/maths.md" in capsys.readouterr().out


# -- as real processes --------------------------------------------------------------------------
@pytest.mark.parametrize("args", [["check-gradients"], ["diagnose", "--epochs", "3"]])
def test_the_commands_never_import_qt(args):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "bplab", args[0],
                           str(examples_dir() / "xor.json"), *args[1:]],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = set(re.findall(r"^import time:.*\|\s*(\S+)$", proc.stderr, re.M))
    # the listing really is there
    assert {"bplab.cli", "bplab.engine.gradcheck", "bplab.experiment.doctor"} <= imported
    for qt in ("PySide6", "shiboken6", "pyqtgraph", "bplab.gui"):
        assert not any(name.split(".")[0] == qt or name.startswith(f"{qt}.") for name in
                       imported), qt
    if args[0] == "check-gradients":
        assert len(proc.stdout.strip().splitlines()) == 2  # xor: one hidden layer, the output


def test_an_injected_failure_in_a_process_exits_1(tmp_path):
    # the exit code a shell sees, with backpropagation broken in the process itself
    path = _save(tmp_path, default_experiment())
    code = ("import sys, numpy as np\n"
            "from bplab.engine.network import Network, BackwardPass\n"
            "right = Network.backward\n"
            "def wrong(self, fp, y):\n"
            "    bp = right(self, fp, y)\n"
            "    return BackwardPass(bp.delta, [g * 1.5 for g in bp.grads])\n"
            "Network.backward = wrong\n"
            "from bplab.cli import main\n"
            "sys.exit(main(['check-gradients', sys.argv[1]]))\n")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout.count("FAILS") == 3
    assert np.isfinite(float(LINE.match(proc.stdout.splitlines()[0]).group(3)))
