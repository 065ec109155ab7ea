"""File ▸ Import data from CSV…: the points become a new untitled experiment with the
form's architecture; a bad file changes nothing (offscreen, no modal dialogs)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gui_helpers import (  # noqa: F401  (no_modal_dialogs is a fixture)
    Answers,
    Button,
    assert_same_state,
    close_window,
    no_modal_dialogs,
    open_window,
    state_of,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel

from bplab.experiment import DataSpec, Points, load_experiment
from bplab.gui.main_window import MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("no_modal_dialogs")]


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot)
    yield w
    close_window(w)


@pytest.fixture
def answers(window) -> Answers:
    return Answers(window)


def import_csv(window: MainWindow, path: Path | None, asked: list[str]) -> None:
    def ask() -> str | None:
        asked.append("csv")
        return None if path is None else str(path)

    window._ask_csv_path = ask
    found = window.findChild(QAction, "actionImportCsv")
    assert found is not None
    found.trigger()


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def write_csv(path: Path, x: np.ndarray, y: np.ndarray, header: str | None = None) -> Path:
    lines = [header] if header else []
    lines += [",".join([*(repr(float(v)) for v in row), str(int(label))])
              for row, label in zip(x, y, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def blobs(n_classes: int, per_class: int = 30) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    centres = [(-2.0, -2.0), (2.0, 2.0), (2.0, -2.0)][:n_classes]
    x = np.vstack([rng.normal(c, 0.6, (per_class, 2)) for c in centres])
    y = np.repeat(np.arange(n_classes), per_class)
    return x, y


def test_menu_entry_asks_for_a_csv_path_after_the_unsaved_question(window, answers):
    window.setWindowModified(True)
    answers.unsaved = Button.Cancel
    asked: list[str] = []
    import_csv(window, None, asked)
    assert answers.asked == ["unsaved"] and asked == []  # cancelled: no file question
    answers.unsaved = Button.Discard
    before = state_of(window)
    import_csv(window, None, asked)
    assert asked == ["csv"]
    assert window.session is before["session"]  # no file chosen: nothing changes


def test_two_blobs_import_as_an_untitled_modified_experiment(window, answers, tmp_path):
    x, y = blobs(2)
    path = write_csv(tmp_path / "blobs.csv", x, y, header="a,b,label")
    form_before = window.form.experiment()
    old = window.session
    import_csv(window, path, [])
    assert answers.errors == []
    s = window.session
    assert s is not old
    np.testing.assert_array_equal(s.dataset.x, x)
    np.testing.assert_array_equal(s.dataset.y, y)
    assert s.dataset.task == "classification" and s.dataset.n_classes == 2
    spec = s.experiment.data
    assert spec.source == "points" and spec.features == ["x1", "x2"]
    assert spec.train_fraction == form_before.data.train_fraction
    assert s.experiment.architecture == form_before.architecture
    assert s.experiment.training == form_before.training
    assert window.path is None
    assert window.isWindowModified()
    assert window.displayed_title().startswith("Untitled* — ")
    assert s.plane is not None and window.boundary_view.isVisible()
    assert not window.action_regenerate.isEnabled()  # the points are fixed
    assert window.form.experiment().data.source == "points"


def test_three_classes_force_a_softmax_output(window, answers, tmp_path):
    x, y = blobs(3)
    import_csv(window, write_csv(tmp_path / "three.csv", x, y), [])
    assert answers.errors == []
    s = window.session
    assert s.dataset.n_classes == 3
    assert s.experiment.architecture.output_activation == "softmax"
    assert s.experiment.training.loss == "softmax_cross_entropy"
    assert s.network.sizes[-1] == 3


def test_regression_replaces_a_softmax_output_with_linear(window, answers, tmp_path):
    x, y = blobs(3)
    import_csv(window, write_csv(tmp_path / "three.csv", x, y), [])
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, (40, 3))
    path = tmp_path / "reg.csv"
    path.write_text("\n".join(",".join(repr(float(v)) for v in [*row, row.sum() + 0.25])
                              for row in x) + "\n", encoding="utf-8")
    window.setWindowModified(False)
    import_csv(window, path, [])
    assert answers.errors == []
    s = window.session
    assert s.dataset.task == "regression" and s.dataset.x.shape == (40, 3)
    assert s.experiment.architecture.output_activation == "linear"
    assert s.experiment.training.loss == "squared_error"
    assert s.plane is None
    # unused by data of three columns, the features wait for a 2-D data set
    assert s.experiment.data.features == ["x1", "x2"]
    assert s.input_names == ["x1", "x2", "x3"]  # no header: numbered
    assert window.network_view._labels == ["x₁", "x₂", "x₃"]  # all alike, not x₁, x₂, x3


def test_text_in_the_csv_shows_an_error_and_changes_nothing(window, answers, tmp_path):
    window.controller.run_epochs_now(2)
    window.setWindowModified(False)
    before = state_of(window)
    path = tmp_path / "bad.csv"
    path.write_text("x1,x2,label\n0.5,1.0,0\nred,2.0,1\n", encoding="utf-8")
    import_csv(window, path, [])
    assert len(answers.errors) == 1
    title, text = answers.errors[0]
    assert title == "Cannot import data"
    assert "bad.csv, line 3" in text and "'red'" in text
    assert_same_state(before, window)


def wide(n_inputs: int, n_classes: int = 2, n: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Points with ``n_inputs`` columns whose class follows their first column."""
    rng = np.random.default_rng(n_inputs)
    x = rng.normal(size=(n, n_inputs))
    edges = np.quantile(x[:, 0], np.linspace(0, 1, n_classes + 1)[1:-1])
    return x, np.searchsorted(edges, x[:, 0])


def same_run(a: MainWindow, b: MainWindow) -> None:
    ta, tb = a.session.trainer, b.session.trainer
    assert (ta.epoch, ta.step, ta.position) == (tb.epoch, tb.step, tb.position)
    params = zip(a.session.network.W + a.session.network.b,
                 b.session.network.W + b.session.network.b, strict=True)
    for x, y in params:
        assert np.array_equal(x, y)  # bit for bit
    ha, hb = ta.history.as_columns(), tb.history.as_columns()
    for key in hb:
        np.testing.assert_array_equal(ha[key], hb[key])


def train(window: MainWindow, epochs: int, steps: int = 0) -> None:
    window.controller.run_epochs_now(epochs)  # synchronous: deterministic, no thread
    if steps:  # into the middle of an epoch
        window.session.trainer.run_steps(steps)
        window.controller.publish()
    window.setWindowModified(True)  # as the snapshots of a running trainer do


def recovery_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "data" / "recovery"  # BPLAB_DATA_DIR of no_modal_dialogs
    return sorted(p for p in folder.glob("autosave-*.json") if not p.name.endswith(".meta.json"))


def test_three_columns_save_autosave_reopen_and_continue_exactly(qtbot, window, answers,
                                                                 tmp_path):
    x, y = wide(3)
    import_csv(window, write_csv(tmp_path / "abc.csv", x, y, header="a,b,c,label"), [])
    assert answers.errors == []
    assert window.session.network.sizes[0] == 3
    train(window, 3, steps=2)
    # File ▸ Save (Ctrl+S) of the untitled import asks for a name and saves.
    answers.save_path = str(tmp_path / "abc.bplab.json")
    action(window, "actionSave").trigger()
    assert answers.errors == [] and window.path == answers.save_path
    assert not window.isWindowModified()
    saved = load_experiment(answers.save_path)
    assert saved.data.points.columns == ["a", "b", "c"] and saved.state.epoch == 3
    # The autosave timer writes the unsaved progress after the save.
    train(window, 1)
    window.autosave_timer.timeout.emit()
    autosaved = recovery_files(tmp_path)
    assert len(autosaved) == 1
    assert load_experiment(autosaved[0]).state.step == window.session.trainer.step
    # Reopened, the saved run continues exactly as the one that never stopped.
    reopened = open_window(qtbot)
    assert reopened.open_file(answers.save_path)
    assert reopened.session.input_names == ["a", "b", "c"]
    train(reopened, 3)
    train(window, 2)
    same_run(reopened, window)
    close_window(reopened)


def test_back_to_a_generator_after_a_wide_import_restores_the_features(window, answers,
                                                                       tmp_path):
    window.findChild(QCheckBox, "feature_x1_sq").setChecked(True)  # in force before
    answers.unsaved = Button.Discard
    x, y = wide(3)
    import_csv(window, write_csv(tmp_path / "abc.csv", x, y, header="a,b,c,label"), [])
    assert answers.errors == []
    boxes = {name: window.findChild(QCheckBox, f"feature_{name}") for name in ("x1", "x1_sq")}
    note = window.findChild(QLabel, "featureColumnsNote")
    assert note.isVisible() and "3 columns" in note.text()
    assert not any(box.isVisible() for box in boxes.values())  # the columns are the inputs
    combo = window.findChild(QComboBox, "datasetCombo")
    combo.setCurrentIndex(combo.findData("circle"))
    assert window.banner.message() == ""
    s = window.session
    assert s.experiment.data.source == "generator"
    assert s.feature_names == ["x1", "x2", "x1_sq"] and s.network.sizes[0] == 3
    assert all(box.isVisible() and box.isEnabled() and box.isChecked()
               for box in boxes.values())
    assert not note.isVisible()
    train(window, 2)
    assert window.session.trainer.epoch == 2
    assert np.isfinite(window.session.trainer.history.train_loss[-1])
    # and back to the loaded points, which still train on their three columns
    combo.setCurrentIndex(combo.findData("__points__"))
    assert window.banner.message() == ""
    assert window.session.network.sizes[0] == 3
    train(window, 1)
    assert window.session.trainer.epoch == 1


def test_header_names_label_the_form_and_the_views(window, answers, tmp_path):
    x, y = wide(3)
    import_csv(window, write_csv(tmp_path / "abc.csv", x, y, header="a,b,c,label"), [])
    assert window.network_view._labels == ["a", "b", "c"]
    combo = window.findChild(QComboBox, "datasetCombo")
    assert "a, b, c" in combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    assert "a, b, c" in window.findChild(QLabel, "featureColumnsNote").text()
    answers.unsaved = Button.Discard
    x, y = blobs(2)
    import_csv(window, write_csv(tmp_path / "hw.csv", x, y, header="height,weight,label"), [])
    window.findChild(QCheckBox, "feature_x1_x2").setChecked(True)
    assert window.findChild(QCheckBox, "feature_x1_sq").text() == "height²"
    assert window.network_view._labels == ["height", "weight", "height·weight"]
    plot = window.boundary_view._plot
    assert plot.getAxis("bottom").labelText == "height"
    assert plot.getAxis("left").labelText == "weight"
    assert combo.itemText(combo.currentIndex()) == f"Loaded points ({len(y)})"


@pytest.mark.parametrize(("n_inputs", "n_classes"), [(1, 2), (1, 10), (5, 10)])
def test_one_column_and_ten_classes_import_save_and_train(window, answers, tmp_path,
                                                          n_inputs, n_classes):
    x, y = wide(n_inputs, n_classes, n=200)
    names = ",".join(f"c{i}" for i in range(n_inputs))
    import_csv(window, write_csv(tmp_path / "d.csv", x, y, header=f"{names},label"), [])
    assert answers.errors == [] and window.banner.message() == ""
    s = window.session
    assert s.dataset.n_classes == n_classes and s.network.sizes[0] == n_inputs
    assert s.network.sizes[-1] == (n_classes if n_classes > 2 else 1)
    train(window, 2)
    answers.save_path = str(tmp_path / "d.bplab.json")
    assert window.save()
    assert answers.errors == []
    back = load_experiment(answers.save_path)
    assert back.state.epoch == 2 and back.data.points.n_classes == n_classes



def test_one_column_regression_gets_an_output_that_reaches_its_targets(window, answers,
                                                                      tmp_path):
    assert window.session.experiment.architecture.output_activation == "tanh"
    x = np.linspace(-2, 2, 40)
    path = tmp_path / "line.csv"
    path.write_text("".join(f"{v!r},{2 * v + 1!r}\n" for v in x.tolist()), encoding="utf-8")
    import_csv(window, path, [])
    assert answers.errors == []
    s = window.session
    assert s.dataset.task == "regression" and s.network.sizes[0] == 1
    assert s.experiment.architecture.output_activation == "linear"  # targets reach 5
    assert window.boundary_note.text().startswith(
        "No decision boundary to draw: the data has 1 input column, ")
    assert "one column: x₁." in window.findChild(QLabel, "featureColumnsNote").text()


def test_a_file_of_wide_data_without_features_gives_way_to_a_generator(window, answers,
                                                                       tmp_path):
    from bplab.experiment import save_experiment

    x, y = wide(3)
    exp = window.form.experiment()
    exp.data = DataSpec(source="points", features=[],
                        points=Points(x, y, "classification", 2, columns=["a", "b", "c"]))
    save_experiment(exp, tmp_path / "wide.json")  # the form a hand-written file may take
    assert window.open_file(str(tmp_path / "wide.json"))
    assert window.session.experiment.data.features == []
    combo = window.findChild(QComboBox, "datasetCombo")
    combo.setCurrentIndex(combo.findData("xor"))
    assert window.banner.message() == ""
    assert window.session.feature_names == ["x1", "x2"]
    assert window.findChild(QCheckBox, "feature_x1").isChecked()
