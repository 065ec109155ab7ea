"""``bplab train`` keeps its run among the file's runs and honours the stop rules;
``bplab export --what runs-csv`` writes them all."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest

from bplab.cli import main
from bplab.experiment import Experiment, Session, default_experiment, load_experiment
from bplab.experiment import save_experiment as save
from bplab.experiment.model import StopRules


def small() -> Experiment:
    exp = default_experiment()
    exp.data.n_points = 100
    return exp


def noisy() -> Experiment:
    """A circle whose test loss stalls within 100 epochs (see test_experiment_stop_rules)."""
    exp = small()
    exp.data.noise = 0.4
    exp.training.learning_rate = 1.0
    return exp


@pytest.fixture
def circle(tmp_path) -> Path:
    path = tmp_path / "circle.json"
    save(small(), path)
    return path


def train(capsys, *args: str) -> str:
    rc = main(["train", *args])
    out, err = capsys.readouterr()
    assert rc == 0, err
    return out


def test_a_headless_run_is_appended_to_the_file_s_runs(circle, tmp_path, capsys):
    a, b, c = (tmp_path / f"{n}.json" for n in "abc")
    train(capsys, str(circle), "--epochs", "6", "--out", str(a))
    (run,) = load_experiment(a).runs
    assert (run.number, run.current, run.epochs) == (1, True, 6)
    assert run.history["epoch"][-1] == 6 and run.label == "[4, 2] tanh, lr 0.03"
    train(capsys, str(a), "--epochs", "4", "--out", str(b))  # the same run, trained on
    assert [(r.number, r.epochs) for r in load_experiment(b).runs] == [(1, 10)]
    train(capsys, str(b), "--epochs", "3", "--restart", "--out", str(c))  # a new run
    runs = load_experiment(c).runs
    assert [(r.number, r.epochs, r.current) for r in runs] == [(1, 10, False), (2, 3, True)]
    np.testing.assert_array_equal(runs[0].weights[0], load_experiment(b).state.weights[0])
    # The restarted run began at the same weights as run 1: epochs 0 to 3 of each agree.
    first = load_experiment(a).runs[0].history["train_loss"][:4]
    assert runs[1].history["train_loss"] == first


def test_until_loss_stops_at_the_first_epoch_at_or_below_it(circle, tmp_path, capsys):
    reference = Session(small())
    reference.trainer.record_every = 1  # a loss rule looks at every epoch
    reference.trainer.run_epochs(300)
    h = reference.trainer.history
    epoch = next(e for e, v in zip(h.epoch, h.train_loss, strict=True) if v <= 0.3)
    out = train(capsys, str(circle), "--epochs", "300", "--until-loss", "0.3",
                "--out", str(tmp_path / "o.json"))
    loss = h.train_loss[h.epoch.index(epoch)]
    assert 50 < epoch < 300 and f"epochs 0 → {epoch} " in out
    assert f"Stopped: the train loss reached {loss:.4g} (at most 0.3) at epoch {epoch}" in out
    assert load_experiment(tmp_path / "o.json").state.epoch == epoch


def test_patience_stops_restores_the_best_weights_and_says_so(tmp_path, capsys):
    path = tmp_path / "noisy.json"
    save(noisy(), path)
    out = train(capsys, str(path), "--epochs", "400", "--patience", "10",
                "--out", str(tmp_path / "o.json"))
    line = next(li for li in out.splitlines() if li.startswith("Stopped:"))
    assert line.startswith("Stopped: test loss has not improved for 10 epochs; best ")
    assert line.endswith(", restored")
    best_epoch = int(line.split("at epoch ")[1].split(",")[0])
    saved = load_experiment(tmp_path / "o.json")
    assert saved.state.epoch == best_epoch + 10
    at_best = Session(noisy())
    at_best.trainer.run_epochs(best_epoch)
    np.testing.assert_array_equal(saved.state.weights[0], at_best.network.W[0])
    keep = train(capsys, str(path), "--epochs", "400", "--patience", "10", "--keep-last",
                 "--out", str(tmp_path / "k.json"))
    assert "restored" not in keep and "has not improved for 10 epochs" in keep


def test_the_file_s_own_stop_rules_apply(tmp_path, capsys):
    exp = small()
    exp.stop = StopRules(at_epoch=8)
    path = tmp_path / "rules.json"
    save(exp, path)
    out = train(capsys, str(path), "--epochs", "50", "--out", str(tmp_path / "o.json"))
    assert "epochs 0 → 8 " in out and "Stopped: reached epoch 8" in out
    assert load_experiment(tmp_path / "o.json").stop == exp.stop  # kept in the output


@pytest.mark.parametrize(("args", "words"), [
    (["--until-loss", "0"], "a loss above 0"),
    (["--until-loss", "x"], "expected a number"),
    (["--patience", "0"], "at least 1 epoch"),
])
def test_bad_stop_options_are_refused_in_one_line(circle, capsys, args, words):
    assert main(["train", str(circle), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("bplab: error: ") and words in err


def test_export_runs_csv(circle, tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    train(capsys, str(circle), "--epochs", "3", "--out", str(a))
    train(capsys, str(a), "--epochs", "2", "--restart", "--out", str(b))
    out = tmp_path / "runs.csv"
    assert main(["export", str(b), "--what", "runs-csv", "--out", str(out)]) == 0
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert rows[0][:3] == ["run", "label", "epoch"]
    assert [(r[0], r[2]) for r in rows[1:]] == [("1", "0"), ("1", "1"), ("1", "2"), ("1", "3"),
                                                ("2", "0"), ("2", "1"), ("2", "2")]
    assert all(not math.isnan(float(r[3])) for r in rows[1:])
