"""CSV and .npz exports: columns, row counts, exact values, atomic writes, no Qt."""

from __future__ import annotations

import csv
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from bplab.engine.history import History
from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    Points,
    Session,
    TrainingSettings,
)
from bplab.export import data_csv, history_csv, weights_npz, write_text
from bplab.export.atomic import atomic_text

HISTORY_HEADER = ["epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy",
                  "train_loss_sum", "test_loss_sum", "article_mse"]


def read_rows(path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def circle_session(epochs: int = 0) -> Session:
    exp = Experiment(data=DataSpec(generator="circle", n_points=120, seed=2),
                     architecture=Architecture(hidden=[3, 2], activations=["tanh", "relu"]),
                     training=TrainingSettings(record_every=2))
    session = Session(exp)
    session.trainer.run_epochs(epochs)
    return session


def points_session() -> Session:
    """Four-column CSV-like data: not 2-D, so the column names come from the points."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 4))
    y = (x[:, 0] + x[:, 3] > 0).astype(np.int64)
    points = Points(x=x, y=y, task="classification", n_classes=2,
                    columns=["height", "weight", "age", "score"])
    exp = Experiment(data=DataSpec(source="points", points=points, train_fraction=0.6),
                     architecture=Architecture(hidden=[5], activations=["relu"],
                                               output_activation="softmax"),
                     training=TrainingSettings(loss="softmax_cross_entropy"))
    return Session(exp)


# -- history ------------------------------------------------------------------------------
def test_history_csv_has_one_row_per_record_with_exact_numbers(tmp_path):
    session = circle_session(epochs=7)  # records at 0, 2, 4, 6 and the last epoch, 7
    history = session.trainer.history
    path = history_csv(history, tmp_path / "history.csv")
    header, rows = read_rows(path)
    assert header == HISTORY_HEADER
    assert [int(r["epoch"]) for r in rows] == history.epoch == [0, 2, 4, 6, 7]
    for row, i in zip(rows, range(len(history)), strict=True):
        assert float(row["train_loss"]) == history.train_loss[i]
        assert float(row["test_loss"]) == history.test_loss[i]
        assert float(row["test_accuracy"]) == history.test_accuracy[i]
        assert float(row["train_loss_sum"]) == history.train_loss_sum[i]
        assert float(row["test_loss_sum"]) == history.test_loss_sum[i]
        assert float(row["article_mse"]) == history.as_columns()["article_mse"][i]


def test_history_csv_of_a_summed_loss_has_per_point_and_summed_columns(tmp_path):
    """Issue 8.5: with reduction "sum" the loss columns compare train and test per point."""
    exp = Experiment(data=DataSpec(generator="circle", n_points=120, train_fraction=0.25),
                     training=TrainingSettings(reduction="sum", learning_rate=0.003))
    session = Session(exp)
    session.trainer.run_epochs(3)
    n_train, n_test = len(session.train_set.y), len(session.test_set.y)
    assert (n_train, n_test) == (30, 90)
    _, rows = read_rows(history_csv(session.trainer.history, tmp_path / "sum.csv"))
    last = rows[-1]
    assert float(last["train_loss"]) == float(last["train_loss_sum"]) / n_train
    assert float(last["test_loss"]) == float(last["test_loss_sum"]) / n_test
    # per point the two sets are alike; summed, the test set's three times as many points
    # weigh three times as much
    assert 0.5 < float(last["test_loss"]) / float(last["train_loss"]) < 2
    assert float(last["test_loss_sum"]) > 1.5 * float(last["train_loss_sum"])


def test_history_csv_of_a_long_run_is_bounded(tmp_path):
    xor = Session(Experiment(data=DataSpec(generator="article_xor"),
                             training=TrainingSettings(batch_size=4, shuffle=False,
                                                       record_every=1)))
    xor.trainer.run_epochs(40_000)
    path = history_csv(xor.trainer.history, tmp_path / "long.csv")
    _, rows = read_rows(path)
    assert len(xor.trainer.history) == 40_001  # epoch 0 and every epoch evaluated...
    assert len(rows) == xor.trainer.history.row_count() < 8_000  # ...and summarised
    assert [int(r["epoch"]) for r in rows[:1000]] == list(range(0, 1000))
    assert int(rows[-1]["epoch"]) == 40_000


def test_history_csv_leaves_nan_cells_empty(tmp_path):
    exp = Experiment(data=DataSpec(generator="plane", n_points=60),
                     architecture=Architecture(output_activation="linear"))
    regression = Session(exp)
    regression.trainer.run_epochs(2)
    _, rows = read_rows(history_csv(regression.trainer.history, tmp_path / "plane.csv"))
    assert len(rows) == 3
    assert all(r["train_accuracy"] == "" and r["test_accuracy"] == "" for r in rows)
    assert all(math.isfinite(float(r["test_loss"])) for r in rows)

    xor = Session(Experiment(data=DataSpec(generator="article_xor")))  # no test set
    xor.trainer.run_epochs(3)
    _, rows = read_rows(history_csv(xor.trainer.history, tmp_path / "xor.csv"))
    assert len(rows) == 4 and all(r["test_loss"] == "" for r in rows)


def test_history_csv_of_an_empty_history_is_just_the_header(tmp_path):
    path = history_csv(History(), tmp_path / "empty.csv")
    assert path.read_text(encoding="utf-8") == ",".join(HISTORY_HEADER) + "\n"


def test_the_loss_and_history_tables_write_an_infinite_loss_alike(tmp_path):
    """One writer: inf stays inf (a diverged run) and NaN is an empty cell, in both tables."""
    from bplab.export.kinds import write_export

    session = circle_session(epochs=2)
    history = session.trainer.history
    history.append(3, {"train_loss": math.inf, "test_loss": math.nan,
                       "train_accuracy": 0.5, "test_accuracy": math.nan})
    tables = {}
    for key in ("loss-csv", "history-csv"):
        write_export(key, session, tmp_path / f"{key}.csv")
        tables[key] = read_rows(tmp_path / f"{key}.csv")
    loss_header, loss_rows = tables["loss-csv"]
    _, history_rows = tables["history-csv"]
    assert loss_header == HISTORY_HEADER[:3]
    assert [r["train_loss"] for r in loss_rows] == [r["train_loss"] for r in history_rows]
    assert [r["test_loss"] for r in loss_rows] == [r["test_loss"] for r in history_rows]
    assert (loss_rows[-1]["train_loss"], loss_rows[-1]["test_loss"]) == ("inf", "")
    assert float(loss_rows[0]["train_loss"]) == history.train_loss[0]


# -- data ----------------------------------------------------------------------------------
def test_data_csv_writes_raw_points_labels_and_split(tmp_path):
    session = circle_session()
    header, rows = read_rows(data_csv(session, tmp_path / "data.csv"))
    assert header == ["x1", "x2", "label", "split"]
    n_train, n_test = len(session.train_set.y), len(session.test_set.y)
    assert len(rows) == n_train + n_test == 120
    assert [r["split"] for r in rows] == ["train"] * n_train + ["test"] * n_test
    x = np.array([[float(r["x1"]), float(r["x2"])] for r in rows])
    labels = np.array([int(r["label"]) for r in rows])
    np.testing.assert_array_equal(x, np.concatenate([session.train_set.x, session.test_set.x]))
    np.testing.assert_array_equal(labels,
                                  np.concatenate([session.train_set.y, session.test_set.y]))


def test_data_csv_of_regression_data_keeps_float_labels(tmp_path):
    exp = Experiment(data=DataSpec(generator="plane", n_points=50),
                     architecture=Architecture(output_activation="linear"))
    session = Session(exp)
    _, rows = read_rows(data_csv(session, tmp_path / "plane.csv"))
    labels = [float(r["label"]) for r in rows if r["split"] == "train"]
    assert labels == session.train_set.y.tolist()


def test_data_csv_of_non_2d_points_uses_their_column_names(tmp_path):
    session = points_session()
    header, rows = read_rows(data_csv(session, tmp_path / "points.csv"))
    assert header == ["height", "weight", "age", "score", "label", "split"]
    assert len(rows) == 30
    assert sum(r["split"] == "train" for r in rows) == len(session.train_set.y) == 18


def test_exports_of_2d_points_use_the_csv_header_names(tmp_path):
    """A header's names reach the data CSV, the npz's inputs and the scripts' comments."""
    from bplab.export.numpy_script import numpy_script

    rng = np.random.default_rng(1)
    x = rng.normal(size=(20, 2))
    points = Points(x=x, y=(x[:, 0] > 0).astype(np.int64), task="classification",
                    n_classes=2, columns=["height", "weight"])
    session = Session(Experiment(data=DataSpec(source="points", points=points,
                                               features=["x1", "x2", "x1_sq"])))
    header, _ = read_rows(data_csv(session, tmp_path / "points.csv"))
    assert header == ["height", "weight", "label", "split"]
    with np.load(weights_npz(session, tmp_path / "w.npz"), allow_pickle=False) as npz:
        assert npz["inputs"].tolist() == ["height", "weight", "height²"]
    assert "# Data, one row per point.  Inputs: height, weight, height²;" in numpy_script(session)


# -- weights -----------------------------------------------------------------------------
def test_weights_npz_loads_without_pickle_and_matches_the_network(tmp_path):
    session = circle_session(epochs=2)
    net = session.network
    path = weights_npz(session, tmp_path / "weights.npz")
    assert path == tmp_path / "weights.npz" and path.exists()
    with np.load(path, allow_pickle=False) as npz:
        assert sorted(npz.files) == ["W1", "W2", "W3", "activations", "b1", "b2", "b3", "inputs",
                                     "sizes"]
        assert npz["sizes"].tolist() == net.sizes == [2, 3, 2, 1]
        assert npz["sizes"].dtype.kind == "i"
        assert npz["activations"].dtype.kind == "U"
        assert npz["activations"].tolist() == ["tanh", "relu", "tanh"]
        assert npz["inputs"].tolist() == session.feature_names
        for i, (w, b) in enumerate(zip(net.W, net.b, strict=True), start=1):
            assert npz[f"W{i}"].shape == (net.sizes[i - 1], net.sizes[i])
            np.testing.assert_array_equal(npz[f"W{i}"], w)
            np.testing.assert_array_equal(npz[f"b{i}"], b)


def test_weights_npz_keeps_the_name_it_is_given(tmp_path):
    path = weights_npz(points_session(), tmp_path / "weights.bin")  # savez adds no ".npz"
    assert [p.name for p in tmp_path.iterdir()] == ["weights.bin"]
    with np.load(path, allow_pickle=False) as npz:
        assert npz["W1"].shape == (4, 5) and npz["W2"].shape == (5, 2)


# -- atomic writes -----------------------------------------------------------------------
def test_writes_replace_files_and_leave_no_temporaries(tmp_path):
    session = circle_session(epochs=1)
    target = tmp_path / "out.csv"
    target.write_text("old contents\n", encoding="utf-8")
    history_csv(session.trainer.history, target)
    data_csv(session, tmp_path / "data.csv")
    weights_npz(session, tmp_path / "w.npz")
    write_text(tmp_path / "script.py", "print('hi')\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.csv", "out.csv", "script.py",
                                                         "w.npz"]
    assert target.read_text(encoding="utf-8").startswith("epoch,")


def test_a_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "history.csv"
    target.write_text("old contents\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_text(target) as f:
        f.write("half of the new ")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["history.csv"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_written_files_get_ordinary_permissions(tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("x", encoding="utf-8")
    write_text(tmp_path / "atomic.txt", "x")
    assert (tmp_path / "atomic.txt").stat().st_mode == plain.stat().st_mode


def test_export_package_imports_no_qt():
    code = ("import sys, bplab.export; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', "
            "'torch')]; print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
