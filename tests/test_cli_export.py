"""`bplab export FILE --what KIND --out PATH [--scale S]`: every kind, headless."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from bplab.cli import main
from bplab.cli_export import PICTURES, QT_FREE, WHAT
from bplab.experiment import Points, Session, default_experiment, save_experiment
from bplab.experiment.model import Architecture, DataSpec, Experiment

REPO = Path(__file__).resolve().parents[1]
EXTENSIONS = {"png": ".png", "svg": ".svg", "csv": ".csv", "npz": ".npz", "script": ".py"}


@pytest.fixture
def trained(tmp_path) -> Path:
    exp = default_experiment()
    exp.data.n_points = 60
    session = Session(exp)
    session.trainer.record()
    session.trainer.run_epochs(3)
    path = tmp_path / "trained.json"
    save_experiment(session.to_experiment(), path)
    return path


def out_for(tmp_path: Path, kind: str) -> Path:
    return tmp_path / f"out-{kind}{EXTENSIONS[kind.rsplit('-', 1)[1]]}"


def check_output(path: Path, kind: str) -> None:
    assert path.is_file() and path.stat().st_size > 0, kind
    fmt = kind.rsplit("-", 1)[1]
    if fmt == "svg":
        assert ET.parse(path).getroot().tag.endswith("svg")
    elif fmt == "csv":
        rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
        header = {"loss-csv": ["epoch", "train_loss", "test_loss"],
                  "history-csv": ["epoch", "train_loss", "test_loss", "train_accuracy",
                                  "test_accuracy", "train_loss_sum", "test_loss_sum",
                                  "article_mse"],
                  "data-csv": ["x1", "x2", "label", "split"],
                  "runs-csv": ["run", "label", "epoch", "train_loss", "test_loss",
                               "train_accuracy", "test_accuracy"]}[kind]
        assert rows[0] == header
        assert len(rows) == (61 if kind == "data-csv" else 5)  # header + 60 points / 4 epochs
    elif fmt == "npz":
        with np.load(path, allow_pickle=False) as z:
            assert {"W1", "b1", "sizes", "activations"} <= set(z.files)
    elif fmt == "script":
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    elif fmt == "png":
        from PySide6.QtGui import QImage

        image = QImage(str(path))
        assert not image.isNull() and image.width() > 50 and image.height() > 50


def test_the_command_offers_the_window_s_kinds():
    from bplab.export.kinds import KINDS

    assert WHAT == tuple(k.key for k in KINDS) == (
        "loss-png", "loss-svg", "loss-csv", "boundary-png", "boundary-svg", "network-png",
        "network-svg", "window-png", "history-csv", "runs-csv", "data-csv", "weights-npz",
        "numpy-script", "torch-script")
    assert set(PICTURES) | set(QT_FREE) == set(WHAT) and not set(PICTURES) & set(QT_FREE)


@pytest.mark.parametrize("kind", WHAT)
def test_every_kind_writes_a_valid_file(trained, tmp_path, kind, capsys):
    out = out_for(tmp_path, kind)
    assert main(["export", str(trained), "--what", kind, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"saved {kind} to {out}"
    check_output(out, kind)


def test_png_scale_multiplies_the_size(trained, tmp_path):
    from PySide6.QtGui import QImage

    sizes = {}
    for scale in ("1", "3"):
        out = tmp_path / f"b{scale}.png"
        assert main(["export", str(trained), "--what", "boundary-png", "--out", str(out),
                     "--scale", scale]) == 0
        image = QImage(str(out))
        sizes[scale] = (image.width(), image.height())
    (w1, h1), (w3, h3) = sizes["1"], sizes["3"]
    assert abs(w3 - 3 * w1) <= 3 and abs(h3 - 3 * h1) <= 3


def test_the_loss_csv_matches_the_saved_history(trained, tmp_path):
    from bplab.experiment import load_experiment

    out = tmp_path / "loss.csv"
    assert main(["export", str(trained), "--what", "loss-csv", "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    history = load_experiment(trained).state.history
    assert [int(r["epoch"]) for r in rows] == history.epoch
    assert [float(r["train_loss"]) for r in rows] == history.train_loss


# -- in a fresh process -------------------------------------------------------------------------
RUN_AND_REPORT_QT = (
    "import sys\n"
    "from bplab.cli import main\n"
    "codes = [main(['export', sys.argv[1], '--what', k, '--out', o])\n"
    "         for k, o in zip(sys.argv[2::2], sys.argv[3::2])]\n"
    "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph',\n"
    "                                                          'shiboken6'))\n"
    "print('QT:' + ','.join(qt[:3]))\n"
    "sys.exit(max(codes))\n"
)


def test_table_and_script_kinds_never_import_qt(trained, tmp_path):
    args = []
    for kind in QT_FREE:
        args += [kind, str(out_for(tmp_path, kind))]
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run([sys.executable, "-c", RUN_AND_REPORT_QT, str(trained), *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "QT:"  # no Qt module was imported
    for kind in QT_FREE:
        check_output(out_for(tmp_path, kind), kind)


def test_an_image_kind_works_without_a_display(trained, tmp_path):
    out = tmp_path / "net.png"
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "bplab", "export", str(trained), "--what",
                           "network-png", "--out", str(out), "--scale", "2"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no platform noise either
    check_output(out, "network-png")


# -- mistakes ------------------------------------------------------------------------------------
def bad_run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    err = capsys.readouterr().err
    assert err.startswith("bplab: error: ") and err.count("\n") == 1, err
    return err


def test_bad_arguments_give_one_line_and_exit_2(trained, tmp_path, capsys):
    f, out = str(trained), str(tmp_path / "x.png")
    assert "invalid choice" in bad_run(capsys, "export", f, "--what", "loss-jpg", "--out", out)
    assert "--what" in bad_run(capsys, "export", f, "--out", out)
    assert "--out" in bad_run(capsys, "export", f, "--what", "loss-png")
    assert "--scale" in bad_run(capsys, "export", f, "--what", "loss-png", "--out", out,
                                "--scale", "0")
    assert "--scale" in bad_run(capsys, "export", f, "--what", "loss-png", "--out", out,
                                "--scale", "big")
    assert "does not exist" in bad_run(capsys, "export", f, "--what", "data-csv", "--out",
                                       str(tmp_path / "no" / "x.csv"))
    assert "folder" in bad_run(capsys, "export", f, "--what", "data-csv", "--out",
                               str(tmp_path))


@pytest.mark.parametrize("kind", ["history-csv", "boundary-png"])
def test_bad_files_give_one_line_and_exit_2(tmp_path, capsys, kind):
    out = str(tmp_path / "out")
    assert "file not found" in bad_run(capsys, "export", str(tmp_path / "none.json"), "--what",
                                       kind, "--out", out)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "bplab-experiment", "version": 1, "name": ')
    assert "ends too early" in bad_run(capsys, "export", str(broken), "--what", kind,
                                       "--out", out)
    assert not Path(out).exists()


def test_a_boundary_of_data_without_a_plane_is_refused(tmp_path, capsys):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(20, 3))
    exp = Experiment(data=DataSpec(source="points", points=Points(
        x=x, y=(x[:, 0] > 0).astype(np.int64), task="classification", n_classes=2,
        columns=["a", "b", "c"])), architecture=Architecture(hidden=[2], activations=["tanh"]))
    path = tmp_path / "three.json"
    save_experiment(exp, path)
    err = bad_run(capsys, "export", str(path), "--what", "boundary-svg", "--out",
                  str(tmp_path / "b.svg"))
    assert "2-D" in err
    assert main(["export", str(path), "--what", "network-svg", "--out",
                 str(tmp_path / "n.svg")]) == 0
