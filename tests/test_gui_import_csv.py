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
from PySide6.QtGui import QAction

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
    assert s.plane is None and s.experiment.data.features == []


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
