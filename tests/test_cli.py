"""The bplab command: headless sub-commands, errors, and the lazy GUI start."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

from bplab import __version__
from bplab.cli import Progress, main
from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    Session,
    TrainingSettings,
    default_experiment,
    examples_dir,
    load_experiment,
    save_experiment,
)


def _save(tmp_path: Path, exp: Experiment, name: str = "exp.json") -> Path:
    path = tmp_path / name
    save_experiment(exp, path)
    return path


@pytest.fixture
def circle(tmp_path) -> Path:
    exp = default_experiment()
    exp.data.n_points = 60
    return _save(tmp_path, exp, "circle.json")


def _one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("bplab: error: ")
    assert "Traceback" not in err
    return lines[0]


# -- train -------------------------------------------------------------------------
def test_train_writes_experiment_and_history(circle, tmp_path, capsys):
    out, hist = tmp_path / "out.json", tmp_path / "hist.csv"
    before = circle.read_bytes()
    rc = main(["train", str(circle), "--epochs", "7", "--out", str(out), "--history", str(hist)])
    stdout, stderr = capsys.readouterr()
    assert rc == 0, stderr
    assert "epochs 0 → 7" in stdout and "train loss" in stdout and "test accuracy" in stdout
    assert "steps/s" in stdout
    assert circle.read_bytes() == before  # the input is never changed
    trained = load_experiment(out)
    assert trained.state.epoch == 7
    rows = hist.read_text().splitlines()
    assert rows[0] == ("epoch,train_loss,test_loss,train_accuracy,test_accuracy,train_loss_sum,"
                       "test_loss_sum,article_mse")
    assert len(rows) == 9 and rows[1].startswith("0,") and rows[-1].startswith("7,")
    # training on from the saved file continues the epoch count
    assert main(["train", str(out), "--epochs", "3", "--out", str(out)]) == 0
    assert load_experiment(out).state.epoch == 10


def test_train_equals_session_training(circle, tmp_path):
    assert main(["train", str(circle), "--epochs", "25", "--out", str(tmp_path / "o.json")]) == 0
    s = Session(load_experiment(circle))
    s.trainer.run_epochs(25)
    got = load_experiment(tmp_path / "o.json").state
    for a, b in zip(got.weights, s.network.W, strict=True):
        assert np.array_equal(a, b)


def test_train_default_output_name(circle, capsys):
    assert main(["train", str(circle), "--epochs", "1"]) == 0
    assert (circle.parent / "circle-trained.json").is_file()
    assert "circle-trained.json" in capsys.readouterr().out


def test_train_history_of_regression_has_empty_accuracy(tmp_path):
    exp = Experiment(data=DataSpec(generator="plane", n_points=40),
                     architecture=Architecture([3], ["tanh"], "linear"))
    path = _save(tmp_path, exp)
    hist = tmp_path / "h.csv"
    assert main(["train", str(path), "--epochs", "2", "--history", str(hist)]) == 0
    assert hist.read_text().splitlines()[1].split(",")[3:5] == ["", ""]


def test_train_divergence_exits_1_and_writes_nothing(tmp_path, capsys):
    exp = Experiment(
        data=DataSpec(generator="plane", n_points=40),
        architecture=Architecture([8, 8], ["linear", "linear"], "linear"),
        training=TrainingSettings(learning_rate=10.0, batch_size=1, initializer="he"))
    path = _save(tmp_path, exp)
    rc = main(["train", str(path), "--epochs", "50", "--history", str(tmp_path / "h.csv")])
    err = capsys.readouterr().err
    assert rc == 1
    assert "diverged" in err and "learning_rate" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exp.json"]


# -- predict -----------------------------------------------------------------------
def _trained(tmp_path, example: str, epochs: int = 40) -> Path:
    out = tmp_path / f"{example}-t.json"
    assert main(["train", str(examples_dir() / f"{example}.json"), "--epochs", str(epochs),
                 "--out", str(out)]) == 0
    return out


def test_predict_binary_tanh(tmp_path, capsys):
    model = _trained(tmp_path, "circle", 150)
    csv = tmp_path / "pts.csv"
    csv.write_text("x1,x2\n0,0\n4.5,0\n")
    capsys.readouterr()
    assert main(["predict", str(model), "--input", str(csv)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "class,score"
    assert [ln.split(",")[0] for ln in lines[1:]] == ["1", "0"]  # inside, outside the circle


def test_predict_softmax_with_label_column(tmp_path, capsys):
    model = _trained(tmp_path, "gauss3-multiclass")
    csv = tmp_path / "pts.csv"
    csv.write_text("0,3,7\n-2.6,-1.5,7\n2.6,-1.5,7\n")  # last column: a label, ignored
    capsys.readouterr()
    assert main(["predict", str(model), "--input", str(csv)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "class,probability"
    assert [ln.split(",")[0] for ln in lines[1:]] == ["0", "1", "2"]
    assert all(0.5 < float(ln.split(",")[1]) <= 1.0 for ln in lines[1:])


def test_predict_matches_the_network(tmp_path, capsys):
    model = _trained(tmp_path, "plane-regression")
    pts = np.array([[1.0, 2.0], [-3.0, 0.5]])
    csv = tmp_path / "pts.csv"
    csv.write_text("\n".join(",".join(map(repr, r)) for r in pts.tolist()) + "\n")
    capsys.readouterr()
    assert main(["predict", str(model), "--input", str(csv)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "value"
    s = Session(load_experiment(model))
    want = s.network.predict(s.inputs(pts))[:, 0]
    assert [float(v) for v in lines[1:]] == want.tolist()


def test_predict_sigmoid_probability(tmp_path, capsys):
    model = _trained(tmp_path, "article-xor")
    csv = tmp_path / "pts.csv"
    csv.write_text("0,0\n1,1\n")
    capsys.readouterr()
    assert main(["predict", str(model), "--input", str(csv)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "class,probability"
    assert len(lines) == 3


def test_predict_wrong_columns(tmp_path, circle, capsys):
    csv = tmp_path / "pts.csv"
    csv.write_text("1,2,3,4\n")
    assert main(["predict", str(circle), "--input", str(csv)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "found 4 columns" in line and "2 inputs" in line


@pytest.mark.parametrize("example", ["circle", "plane-regression", "gauss3-multiclass"])
def test_predict_reads_the_data_export(tmp_path, capsys, example):
    """`bplab export --what data-csv` then `bplab predict --input` that file: its label and
    split columns are recognised by the header and left out."""
    from bplab.engine import targets

    model = _trained(tmp_path, example, 5)
    data = tmp_path / "data.csv"
    assert main(["export", str(model), "--what", "data-csv", "--out", str(data)]) == 0
    assert data.read_text().splitlines()[0].endswith(",label,split")
    capsys.readouterr()
    assert main(["predict", str(model), "--input", str(data)]) == 0, capsys.readouterr().err
    rows = [ln.split(",") for ln in capsys.readouterr().out.splitlines()[1:]]
    s = Session(load_experiment(model))
    points = np.vstack([s.train_set.x, s.test_set.x])  # the export's order
    y_hat = s.network.predict(s.inputs(points))
    assert len(rows) == len(points)
    if s.dataset.task == "regression":
        assert [float(r[0]) for r in rows] == y_hat[:, 0].tolist()
    else:
        want = targets.predicted_class(y_hat, s.network.activation_names[-1])
        assert [int(r[0]) for r in rows] == want.tolist()


def test_predict_takes_named_columns_in_any_order(tmp_path, capsys):
    model = _trained(tmp_path, "plane-regression", 5)
    outputs = []
    for i, text in enumerate(("x1,x2\n1.5,-2\n0,3\n", "split,x2,label,x1\ntest,-2,7,1.5\n"
                                                         "train,3,7,0\n")):
        csv = tmp_path / f"pts{i}.csv"
        csv.write_text(text)
        capsys.readouterr()
        assert main(["predict", str(model), "--input", str(csv)]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and len(outputs[0].splitlines()) == 3


# -- export-weights ----------------------------------------------------------------
def test_export_weights(tmp_path, capsys):
    model = _trained(tmp_path, "spiral")
    out = tmp_path / "w"
    assert main(["export-weights", str(model), "--out", str(out)]) == 0
    data = np.load(tmp_path / "w.npz", allow_pickle=False)
    s = Session(load_experiment(model))
    n = len(s.network.W)
    assert set(data.files) == {*(f"W{i}" for i in range(1, n + 1)),
                               *(f"b{i}" for i in range(1, n + 1)),
                               "sizes", "activations", "inputs"}
    assert data["sizes"].tolist() == [6, 8, 8, 6, 1]
    assert data["activations"].dtype.kind == "U"
    assert data["activations"].tolist() == ["tanh", "tanh", "tanh", "tanh"]
    assert data["inputs"].tolist() == ["x1", "x2", "x1_sq", "x2_sq", "sin_x1", "sin_x2"]
    for i in range(n):
        assert data[f"W{i + 1}"].shape == (data["sizes"][i], data["sizes"][i + 1])
        assert np.array_equal(data[f"W{i + 1}"], s.network.W[i])
        assert np.array_equal(data[f"b{i + 1}"], s.network.b[i])


# -- errors ------------------------------------------------------------------------
@pytest.mark.parametrize("argv", [
    ["train"],
    ["train", "missing.json"],
    ["train", "{bad}", "--epochs", "-1"],
    ["train", "{bad}", "--epochs", "ten"],
    ["train", "{bad}", "--bogus"],
    ["train", "{bad}"],
    ["predict", "{good}"],
    ["predict", "{good}", "--input", "missing.csv"],
    ["export-weights", "{good}"],
    ["export-weights", "{good}", "--out", "/no/such/folder/w.npz"],
    ["trian", "{good}"],
    ["missing.json"],
    ["--epochs", "x"],
])
def test_bad_arguments_give_one_line_and_exit_2(argv, tmp_path, capsys, circle):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "bplab-experiment", "version": 1, "data": {"noise": 3}}')
    argv = [a.format(bad=bad, good=circle) for a in argv]
    assert main(argv) == 2
    captured = capsys.readouterr()
    _one_error_line(captured.err)
    assert captured.out == ""


def test_bad_file_error_names_the_field(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "bplab-experiment", "version": 1, "data": {"noise": 3}}')
    assert main(["train", str(bad)]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "data.noise" in line and "from 0 to 0.5" in line


def test_typo_in_command(capsys, circle):
    assert main(["trian", str(circle)]) == 2
    assert "did you mean 'train'" in capsys.readouterr().err


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"bplab {__version__}"


def test_help(capsys):
    assert main(["train", "--help"]) == 0
    out = capsys.readouterr().out
    assert "-trained" in out and "--history" in out


# -- the window --------------------------------------------------------------------
@pytest.fixture
def fake_gui(monkeypatch):
    calls = []
    app = types.ModuleType("bplab.gui.app")
    app.run_gui = lambda **kw: calls.append(kw) or 0
    monkeypatch.setitem(sys.modules, "bplab.gui", types.ModuleType("bplab.gui"))
    monkeypatch.setitem(sys.modules, "bplab.gui.app", app)
    return calls


def test_no_arguments_open_the_window(fake_gui):
    assert main([]) == 0
    assert fake_gui == [{"file": None, "screenshot": None, "epochs": 0, "lang": None}]


def test_file_and_screenshot_options(fake_gui, circle, tmp_path):
    shot = str(tmp_path / "s.png")
    assert main([str(circle), "--screenshot", shot, "--epochs", "5"]) == 0
    assert fake_gui == [{"file": str(circle), "screenshot": shot, "epochs": 5, "lang": None}]


def test_missing_file_does_not_open_the_window(fake_gui, capsys):
    assert main(["nothing-here.json"]) == 2
    assert fake_gui == []
    _one_error_line(capsys.readouterr().err)


def test_progress_bar_is_throttled():
    now = [0.0]
    out = io.StringIO()
    bar = Progress(100, out, enabled=True, clock=lambda: now[0])
    for done in range(1, 101):
        now[0] += 0.01  # an update every 10 ms
        bar.update(done, 0.5)
    bar.close()
    text = out.getvalue()
    assert 9 <= text.count("\r") <= 12  # about 10 redraws a second over one second
    assert "100%" in text and text.endswith("\n")
    quiet = io.StringIO()
    Progress(10, quiet).update(5, 0.1)  # a StringIO is not a terminal: no bar
    assert quiet.getvalue() == ""


# -- as a real process -------------------------------------------------------------
def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "bplab", *args],
                          capture_output=True, text=True, timeout=60, env=env)


def test_subprocess_train_never_imports_qt(circle, tmp_path):
    out = tmp_path / "o.json"
    proc = _run("train", str(circle), "--epochs", "3", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "epochs 0 → 3" in proc.stdout
    imported = proc.stderr  # -X importtime lists every module imported
    assert "| bplab.cli" in imported  # the listing really is there
    for qt in ("PySide6", "shiboken6", "pyqtgraph", "bplab.gui"):
        assert qt not in imported
    assert load_experiment(out).state.epoch == 3


def test_subprocess_bad_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    proc = subprocess.run([sys.executable, "-m", "bplab", "predict", str(bad), "--input",
                           "x.csv"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    _one_error_line(proc.stderr)
    assert "ends too early" in proc.stderr


def test_predict_one_input_data(tmp_path, capsys):
    from bplab.experiment import Points

    x = np.linspace(-2, 2, 20).reshape(-1, 1)
    exp = Experiment(data=DataSpec(source="points",
                                   points=Points(x, x[:, 0] ** 2, "regression", 0)),
                     architecture=Architecture([4], ["tanh"], "linear"))
    model = _save(tmp_path, exp)
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text("x\n0.5\n\n1.5\n")
    two.write_text("0.5,9\n1.5,9\n")
    outputs = []
    for csv in (one, two):
        capsys.readouterr()
        assert main(["predict", str(model), "--input", str(csv)]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and len(outputs[0].splitlines()) == 3
    one.write_text("0.5\nabc\n")
    assert main(["predict", str(model), "--input", str(one)]) == 2
    assert "line 2" in _one_error_line(capsys.readouterr().err)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--epochs", "5", "--self-test"], "--epochs goes with --screenshot"),
        (["--epochs", "5"], "--epochs goes with --screenshot"),
        (["--screenshot", "shot.png", "--self-test"], "cannot be combined"),
        (["--screenshot", "picture.txt"], "ending in .png"),
        (["--screenshot", "no/such/folder/shot.png"], "does not exist"),
    ],
)
def test_window_options_that_would_be_ignored_or_fail_late_are_refused(argv, expected, capsys,
                                                                      monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


# -- train: the history ---------------------------------------------------------------
def test_train_record_every_is_used_and_saved(circle, tmp_path, capsys):
    out, hist = tmp_path / "out.json", tmp_path / "h.csv"
    assert main(["train", str(circle), "--epochs", "23", "--record-every", "5", "--out", str(out),
                 "--history", str(hist)]) == 0
    rows = hist.read_text().splitlines()[1:]
    # epoch 0 (the initial weights), every 5th and the last epoch
    assert [int(r.split(",")[0]) for r in rows] == [0, 5, 10, 15, 20, 23]
    trained = load_experiment(out)
    assert trained.training.record_every == 5
    assert main(["train", str(out), "--epochs", "2", "--record-every", "auto", "--out",
                 str(out)]) == 0
    assert load_experiment(out).training.record_every == 0  # automatic


@pytest.mark.parametrize("value", ["0", "-3", "often", "1000001"])
def test_train_refuses_a_bad_record_every(circle, capsys, value):
    assert main(["train", str(circle), "--record-every", value]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "--record-every" in line and "auto" in line


def test_train_history_does_not_depend_on_the_pace(tmp_path):
    """The command trains in chunks timed to the machine; the history is one run's."""
    article = examples_dir() / "article-xor.json"
    out = tmp_path / "x.json"
    assert main(["train", str(article), "--epochs", "3000", "--out", str(out)]) == 0
    s = Session(load_experiment(article))
    s.trainer.run_epochs(3000)
    assert load_experiment(out).state.history == s.trainer.history


def test_train_prints_losses_per_point_and_the_sums_of_a_sum_reduction(tmp_path, capsys):
    article = examples_dir() / "article-xor.json"  # "sum" over its four points
    assert main(["train", str(article), "--epochs", "10", "--out", str(tmp_path / "x.json")]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("train loss"))
    per_point = float(line.split()[2])
    summed = float(line.split("summed: train ")[1].rstrip(")"))
    assert summed == pytest.approx(4 * per_point, rel=1e-5)
