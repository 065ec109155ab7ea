"""`bplab new --csv` and `bplab evaluate`: experiments from a CSV and their figures, headless."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bplab.cli import main
from bplab.data import read_csv
from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    Session,
    TrainingSettings,
    default_experiment,
    load_experiment,
    save_experiment,
)
from bplab.experiment.adapt import experiment_for_points
from bplab.experiment.metrics import evaluate


def write_blobs(path: Path, k: int = 3, n: int = 90, header: str = "a,b,c,kind") -> Path:
    rng = np.random.default_rng(k)
    y = np.arange(n) % k
    x = rng.normal(size=(n, 3)) + y[:, None] * [3.0, 0.0, -2.0]
    lines = [header] + [f"{a!r},{b!r},{c!r},{int(label)}"
                        for (a, b, c), label in zip(x.tolist(), y, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("bplab: error: ") and "Traceback" not in err
    return lines[0]


# -- bplab new ------------------------------------------------------------------------------
def test_new_makes_the_experiment_the_import_makes(tmp_path, capsys):
    csv = write_blobs(tmp_path / "blobs.csv")
    out = tmp_path / "blobs.json"
    rc = main(["new", "--csv", str(csv), "--label", "kind", "--hidden", "8,8", "--activation",
               "relu", "--standardize", "--out", str(out)])
    stdout, stderr = capsys.readouterr()
    assert rc == 0, stderr
    assert "90 points from blobs.csv (classification, 3 classes)" in stdout
    assert "network 3-8-8-3 (relu; softmax output" in stdout and f"saved {out}" in stdout
    exp = load_experiment(out)
    imported = experiment_for_points(default_experiment(), read_csv(csv, label_column="kind"))
    np.testing.assert_array_equal(exp.data.points.x, imported.data.points.x)
    np.testing.assert_array_equal(exp.data.points.y, imported.data.points.y)
    assert exp.data.points.columns == ["a", "b", "c"] and exp.name == "Imported blobs.csv"
    assert exp.architecture == Architecture([8, 8], ["relu", "relu"], "softmax")
    assert exp.training.loss == "softmax_cross_entropy"
    # standardised, with the statistics of the training points stored in the file
    session = Session(exp)
    assert exp.data.standardize and exp.state.input_scaling is not None
    train = session.train_set.x
    np.testing.assert_array_equal(exp.state.input_scaling.mean, train.mean(axis=0))
    np.testing.assert_array_equal(exp.state.input_scaling.std, train.std(axis=0))
    assert session.trainer.run_epochs(2) == 2


def test_new_defaults_and_label_by_number(tmp_path):
    csv = write_blobs(tmp_path / "b.csv", k=2, header="kind,a,b,c")  # the label is named 'c'
    out = tmp_path / "b.json"
    assert main(["new", "--csv", str(csv), "--label", "4", "--out", str(out)]) == 0
    exp = load_experiment(out)
    assert exp.architecture == default_experiment().architecture  # TF Playground's
    assert not exp.data.standardize and exp.state.input_scaling is None
    assert exp.data.points.columns == ["kind", "a", "b"]
    assert main(["new", "--csv", str(csv), "--hidden", "none", "--out",
                 str(tmp_path / "c.json")]) == 0
    assert load_experiment(tmp_path / "c.json").architecture.hidden == []


def test_new_regression_and_forced_tasks(tmp_path, capsys):
    csv = tmp_path / "r.csv"
    csv.write_text("u,v\n" + "".join(f"{i},{i % 3}\n" for i in range(12)), encoding="utf-8")
    assert main(["new", "--csv", str(csv), "--task", "regression", "--out",
                 str(tmp_path / "r.json")]) == 0
    assert load_experiment(tmp_path / "r.json").architecture.output_activation == "linear"
    assert "(regression)" in capsys.readouterr().out


# (what is wrong, file text, the words of the one-line message)
BAD_CSVS = [
    ("text in a numeric column", "a,b,label\n1,2,0\n3,x,1\n5,6,0\n7,8,1\n",
     "bad.csv, line 3, column 2 ('b'): 'x' is not a number"),
    ("missing value", "a,b,label\n1,2,0\n3,4,1\n5,,0\n7,8,1\n",
     "bad.csv, line 4, column 2 ('b'): empty cell (missing value)"),
    ("ragged row", "a,b,label\n1,2,0\n3,4,1,9\n5,6,0\n7,8,1\n",
     "bad.csv, line 3: this row has 4 cells but the header has 3"),
    ("a single class", "a,b,label\n1,2,1\n3,4,1\n5,6,1\n7,8,1\n",
     "bad.csv, column 3 ('label'): every row (line 2 to line 5) has the label 1"),
    ("too few rows", "a,b,label\n1,2,0\n3,4,1\n",
     "bad.csv, line 3: the file ends after 2 data rows; bplab needs at least 4"),
]


@pytest.mark.parametrize(("text", "words"), [c[1:] for c in BAD_CSVS],
                         ids=[c[0] for c in BAD_CSVS])
def test_a_bad_csv_gives_one_line_and_writes_nothing(text, words, tmp_path, capsys):
    csv = tmp_path / "bad.csv"
    csv.write_text(text, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["new", "--csv", str(csv), "--out", str(out)]) == 2
    assert words in one_error_line(capsys.readouterr().err)
    assert not out.exists() and os.listdir(tmp_path) == ["bad.csv"]


def test_more_than_ten_classes(tmp_path, capsys):
    csv = tmp_path / "many.csv"
    csv.write_text("a,label\n" + "".join(f"{i},{i % 11}\n" for i in range(33)), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["new", "--csv", str(csv), "--task", "classification", "--out", str(out)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert ("many.csv, column 2 ('label'): the label column (line 2 to line 34) has 11 different "
            "values; bplab classifies up to 10 classes") in line
    assert not out.exists()


def test_a_file_over_the_size_limit(tmp_path, capsys):
    csv = tmp_path / "huge.csv"
    with csv.open("wb") as f:
        f.truncate(60_000_000)  # sparse: the size is refused before anything is read
    out = tmp_path / "out.json"
    assert main(["new", "--csv", str(csv), "--out", str(out)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "huge.csv: file is 60 MB; bplab reads CSV files up to 50 MB" in line
    assert not out.exists()


@pytest.mark.parametrize(("args", "words"), [
    (["--hidden", "8,x"], "expected neurons per layer separated by commas"),
    (["--hidden", "300"], "1 to 256 neurons"),
    (["--activation", "softmax"], "invalid choice"),
    (["--label", "0"], "column numbers start at 1"),
    (["--label", "nothing"], "no column is named 'nothing'"),
])
def test_bad_arguments(args, words, tmp_path, capsys):
    csv = write_blobs(tmp_path / "b.csv")
    out = tmp_path / "o.json"
    assert main(["new", "--csv", str(csv), "--out", str(out), *args]) == 2
    assert words in one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_an_existing_file_is_kept_unless_forced(tmp_path, capsys):
    csv = write_blobs(tmp_path / "b.csv")
    out = tmp_path / "o.json"
    out.write_text("precious", encoding="utf-8")
    assert main(["new", "--csv", str(csv), "--out", str(out)]) == 2
    assert "already exists" in one_error_line(capsys.readouterr().err)
    assert out.read_text(encoding="utf-8") == "precious"
    assert main(["new", "--csv", str(csv), "--out", str(out), "--force"]) == 0
    assert load_experiment(out).data.source == "points"


# -- bplab evaluate ---------------------------------------------------------------------------
def test_evaluate_prints_the_figures_of_the_metrics(tmp_path, capsys):
    exp = Experiment(
        data=DataSpec(generator="spiral", n_classes=3, n_points=150, noise=0.2, seed=2),
        architecture=Architecture(hidden=[8], activations=["tanh"], output_activation="softmax"),
        training=TrainingSettings(loss="softmax_cross_entropy", optimizer="adam",
                                  learning_rate=0.02),
    )
    session = Session(exp)
    session.trainer.run_epochs(5)
    path = tmp_path / "s3.json"
    save_experiment(session.to_experiment(), path)
    assert main(["evaluate", str(path)]) == 0
    text = capsys.readouterr().out
    m = evaluate(Session(load_experiment(path)))
    assert text.startswith("s3.json: classification, 3 classes; after 5 epochs of training\n")
    for name, part in (("train", m.train), ("test", m.test)):
        right = int(np.trace(part.confusion))
        assert (f"{name} ({part.n_points} points): loss {part.loss:.6g}   accuracy "
                f"{100 * part.accuracy:.1f}% ({right} of {part.n_points})") in text
        for t, row in enumerate(part.confusion):
            assert f"  {t:>3} " + " ".join(f"{int(v):>3}" for v in row) in text
    assert text.count("confusion matrix (rows: true class, columns: predicted class)") == 2


def test_evaluate_regression(tmp_path, capsys):
    exp = Experiment(data=DataSpec(generator="plane", n_points=100),
                     architecture=Architecture([3], ["tanh"], "linear"))
    path = tmp_path / "p.json"
    save_experiment(exp, path)
    assert main(["evaluate", str(path)]) == 0
    text = capsys.readouterr().out
    m = evaluate(Session(exp))
    assert f"R² {m.train.r2:.6g}   RMSE {m.train.rmse:.6g}" in text
    assert "confusion" not in text and "regression; after 0 epochs" in text


def test_help_lists_the_commands(capsys):
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "'bplab new --csv DATA.csv --out EXPERIMENT.json'" in out
    assert "'bplab evaluate FILE'" in out
    assert main(["new", "--help"]) == 0 and "--standardize" in capsys.readouterr().out


# -- as real processes: no Qt ---------------------------------------------------------------
def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "bplab", *args],
                          capture_output=True, text=True, timeout=120, env=env)


def test_new_and_evaluate_never_import_qt(tmp_path):
    csv = write_blobs(tmp_path / "b.csv")
    out = tmp_path / "b.json"
    for args in (("new", "--csv", str(csv), "--out", str(out), "--standardize"),
                 ("evaluate", str(out))):
        proc = _run(*args)
        assert proc.returncode == 0, proc.stderr
        assert "| bplab.cli" in proc.stderr  # the import listing is there
        for qt in ("PySide6", "shiboken6", "pyqtgraph", "bplab.gui"):
            assert qt not in proc.stderr
    assert "accuracy per class" in proc.stdout


def test_a_bad_csv_as_a_real_process(tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("a,b,label\n1,2,0\n3,4,1\n5,six,0\n7,8,1\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "bplab", "new", "--csv", str(csv), "--out",
                           str(tmp_path / "o.json")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "bad.csv, line 4, column 2 ('b'): 'six' is not a number" in one_error_line(proc.stderr)
    assert not (tmp_path / "o.json").exists()
