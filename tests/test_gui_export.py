"""File ▸ Export and the views' context menus: every export writes a valid file of its type."""

from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from gui_helpers import (  # noqa: F401  (no_modal_dialogs is a fixture)
    Answers,
    close_window,
    no_modal_dialogs,
    open_window,
)
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction, QContextMenuEvent, QImage
from PySide6.QtWidgets import QApplication, QMenu

from bplab.experiment import Architecture, DataSpec, Experiment, TrainingSettings
from bplab.gui.export_menu import BY_KEY, KINDS, action_name, slug
from bplab.gui.main_window import MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("no_modal_dialogs")]
PICTURE_VIEWS = {"loss": "lossPlot", "boundary": "boundaryView", "network": "networkView"}


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot)
    w.controller.run_epochs_now(4)
    QApplication.processEvents()
    yield w
    close_window(w)


@pytest.fixture
def answers(window) -> Answers:
    return Answers(window)


def png_size(path: Path) -> tuple[int, int]:
    image = QImage(str(path))
    assert not image.isNull(), f"{path} does not decode as PNG"
    return image.width(), image.height()


def check_svg(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 10  # drawn items, not an empty canvas


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# -- pictures ---------------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [1, 2, 3])
@pytest.mark.parametrize("view", ["loss", "boundary", "network", "window"])
def test_png_exports_are_scale_times_the_view(window, tmp_path, view, scale):
    out = tmp_path / f"{view}.png"
    size = window.picture_size(view)
    assert window.export(f"{view}-png", str(out), scale)
    assert out.stat().st_size > 0
    assert png_size(out) == (math.ceil(size.width() * scale), math.ceil(size.height() * scale))


@pytest.mark.parametrize("view", ["loss", "boundary", "network"])
def test_svg_exports_parse_as_xml(window, tmp_path, view):
    out = tmp_path / f"{view}.svg"
    assert window.export(f"{view}-svg", str(out))
    check_svg(out)


def test_png_export_asks_the_scale_then_the_file(window, answers, tmp_path):
    answers.scale = 3
    answers.save_path = str(tmp_path / "slides.png")
    size = window.picture_size("boundary")
    window.findChild(QAction, "actionExportBoundaryPng").trigger()
    assert answers.asked[0] == f"scale:{size.width()}x{size.height()}"
    title, suggested, file_filter = answers.asked[1].split(":", 1)[1].rsplit(":", 2)
    assert title == "Decision boundary as PNG"
    assert suggested.endswith(slug(window.session.experiment.name) + "-boundary.png")
    assert file_filter == "PNG image (*.png)"
    assert png_size(tmp_path / "slides.png") == (3 * size.width(), 3 * size.height())


def test_cancelling_the_scale_or_the_file_writes_nothing(window, answers, tmp_path):
    answers.scale = None
    assert not window.export("loss-png")
    answers.scale, answers.save_path = 2, None
    assert not window.export("loss-png")
    assert list(tmp_path.glob("*.png")) == []


def test_the_png_scale_dialog_offers_one_two_three_times(qtbot):
    from PySide6.QtCore import QSize

    from bplab.gui.dialogs import ScaleDialog

    dialog = ScaleDialog(QSize(400, 300))
    qtbot.addWidget(dialog)
    assert dialog.scale() == 2
    texts = [b.text() for b in dialog.group.buttons()]
    assert texts[1].startswith("2× — for slides") and "800 × 600" in texts[1]
    dialog.group.button(3).setChecked(True)
    assert dialog.scale() == 3


# -- tables, weights, scripts -------------------------------------------------------------------
def test_loss_csv_has_every_recorded_epoch(window, tmp_path):
    out = tmp_path / "loss.csv"
    assert window.export("loss-csv", str(out))
    rows = read_csv(out)
    assert list(rows[0]) == ["epoch", "train_loss", "test_loss"]
    h = window.session.trainer.history
    assert [int(r["epoch"]) for r in rows] == h.epoch == [0, 1, 2, 3, 4]
    assert [float(r["train_loss"]) for r in rows] == h.train_loss


def test_history_csv(window, tmp_path):
    out = tmp_path / "history.csv"
    assert window.export("history-csv", str(out))
    rows = read_csv(out)
    assert list(rows[0]) == ["epoch", "train_loss", "test_loss", "train_accuracy",
                             "test_accuracy", "train_loss_sum", "test_loss_sum", "article_mse"]
    assert len(rows) == len(window.session.trainer.history) == 5
    assert rows[0]["epoch"] == "0"  # the initial weights


def test_data_csv_has_train_and_test_points_with_a_split_column(window, tmp_path):
    out = tmp_path / "data.csv"
    assert window.export("data-csv", str(out))
    rows = read_csv(out)
    assert list(rows[0]) == ["x1", "x2", "label", "split"]
    s = window.session
    splits = [r["split"] for r in rows]
    assert splits.count("train") == len(s.train_set.y) and splits.count("test") == len(s.test_set.y)
    assert len(rows) == len(s.dataset.y)


def test_weights_npz_loads_without_pickle(window, tmp_path):
    out = tmp_path / "w.npz"
    assert window.export("weights-npz", str(out))
    with np.load(out, allow_pickle=False) as z:
        net = window.session.network
        for i, (w, b) in enumerate(zip(net.W, net.b, strict=True), start=1):
            assert np.array_equal(z[f"W{i}"], w) and np.array_equal(z[f"b{i}"], b)


@pytest.mark.parametrize("key", ["numpy-script", "torch-script"])
def test_scripts_are_written_and_compile(window, answers, tmp_path, key):
    answers.save_path = str(tmp_path / f"{key}.py")
    window.findChild(QAction, action_name(BY_KEY[key])).trigger()
    text = (tmp_path / f"{key}.py").read_text(encoding="utf-8")
    compile(text, str(tmp_path / f"{key}.py"), "exec")
    assert "import numpy" in text and ("import torch" in text) == (key == "torch-script")


def test_exporting_while_training_pauses_and_resumes(window, qtbot, tmp_path, monkeypatch):
    from bplab.export import kinds

    window.play()
    qtbot.waitUntil(lambda: window.session.trainer.epoch > 6, timeout=10_000)
    seen = []
    real = kinds.write_export

    def spy(key, session, path):
        step = session.trainer.step
        seen.append(window.is_running())
        real(key, session, path)
        assert session.trainer.step == step  # nothing trained while bplab.export read it

    monkeypatch.setattr(kinds, "write_export", spy)
    out = tmp_path / "live.npz"
    assert window.export("weights-npz", str(out))
    assert seen == [False]  # paused for the export
    assert window.is_running()  # and resumed afterwards
    window.pause()
    with np.load(out, allow_pickle=False) as z:
        assert z["W1"].shape == window.session.network.W[0].shape


def test_a_failed_export_shows_why(window, answers, tmp_path):
    assert not window.export("history-csv", str(tmp_path / "missing" / "h.csv"))
    assert answers.errors and answers.errors[0][0] == "Export failed"


def test_boundary_export_is_off_for_data_without_a_plane(qtbot, tmp_path):
    from bplab.experiment import Points

    rng = np.random.default_rng(0)
    x = rng.normal(size=(30, 3))
    exp = Experiment(data=DataSpec(source="points", points=Points(
        x=x, y=(x[:, 0] > 0).astype(np.int64), task="classification", n_classes=2,
        columns=["a", "b", "c"])),
        architecture=Architecture(hidden=[3], activations=["tanh"]),
        training=TrainingSettings())
    w = open_window(qtbot, exp)
    answers = Answers(w)
    assert not w.findChild(QAction, "actionExportBoundaryPng").isEnabled()
    assert not w.export("boundary-png", str(tmp_path / "b.png"), 2)
    assert answers.errors and "no 2-D plane" in answers.errors[0][1]
    close_window(w)


# -- menus ---------------------------------------------------------------------------------
def test_the_export_submenu_holds_every_kind(window):
    menu = window.findChild(QMenu, "menuExport")
    names = [a.objectName() for a in menu.actions() if not a.isSeparator()]
    assert names == [action_name(k) for k in KINDS]
    assert len(KINDS) == 14


def open_context_menu(window: MainWindow, view: str) -> QMenu:
    """Right-click the pyqtgraph widget inside a view, as a user would."""
    widget = window.findChild(object, PICTURE_VIEWS[view])
    from pyqtgraph import GraphicsView

    inner = widget.findChild(GraphicsView)
    viewport = inner.viewport()
    pos = QPoint(viewport.width() // 2, viewport.height() // 2)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)
    menu = window.view_menus[view]
    assert menu.isVisible(), f"right-click on the {view} view showed no menu"
    return menu


@pytest.mark.parametrize("view, formats", [("loss", ["PNG", "SVG", "CSV"]),
                                           ("boundary", ["PNG", "SVG"]),
                                           ("network", ["PNG", "SVG"])])
def test_right_click_menus_export_through_the_same_path(window, answers, tmp_path, view, formats):
    menu = open_context_menu(window, view)
    items = menu.actions()
    assert [a.text() for a in items] == [f"Export as {f}…" for f in formats]
    menu.close()
    calls = []
    real = window.write_export
    window.write_export = lambda key, path, scale=2.0: (calls.append(key), real(key, path, scale))
    for item, fmt in zip(items, formats, strict=True):
        out = tmp_path / f"{view}.{fmt.lower()}"
        answers.save_path = str(out)
        item.trigger()
        assert out.stat().st_size > 0
        if fmt == "PNG":
            size = window.picture_size(view)
            assert png_size(out) == (2 * size.width(), 2 * size.height())
        elif fmt == "SVG":
            check_svg(out)
        else:
            assert read_csv(out)[0].keys() == {"epoch", "train_loss", "test_loss"}
    assert calls == [f"{view}-{f.lower()}" for f in formats]
