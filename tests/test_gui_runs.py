"""Runs side by side in the window: kept, labelled, laid over the loss plot, restored,
renamed, pinned, deleted, exported, and saved with the experiment."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from gui_helpers import (  # noqa: F401  (no_modal_dialogs is a fixture)
    Answers,
    Button,
    no_modal_dialogs,
    open_window,
    small_experiment,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from bplab.experiment import experiment_to_json, load_experiment, save_experiment
from bplab.gui.main_window import MainWindow
from bplab.gui.runs_panel import LABEL, PIN, SHOW

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("no_modal_dialogs")]


def rows(window: MainWindow) -> list[tuple]:
    return [(r.number, r.name or r.label, r.epochs, r.current) for r in window.runs_panel.rows()]


def set_lr(window: MainWindow, lr: float) -> None:
    exp = window.form.experiment()
    exp.training.learning_rate = lr
    window.form.set_experiment(exp)
    window._on_form_changed(window.form.experiment(), False)


def initial_weights(window: MainWindow) -> list[np.ndarray]:
    net = window.session.network
    return [a.copy() for a in net.W + net.b]


def three_runs(window: MainWindow) -> None:
    """Learning rates 0.003, 0.03, 0.3 from the same start, 20 epochs each."""
    for k, lr in enumerate((0.003, 0.03, 0.3)):
        if k:
            window.restart()
        set_lr(window, lr)
        window.controller.run_epochs_now(20)


def test_every_run_is_kept_with_a_label_of_what_changed(qtbot):
    window = open_window(qtbot)
    panel = window.findChild(QDockWidget, "runsPanel")
    assert panel is window.runs_panel and panel.isVisible()
    assert rows(window) == [(1, "[4, 2] tanh, lr 0.03", 0, True)]
    window.controller.run_epochs_now(5)
    window.reset()  # a new weight seed
    seed = window.session.experiment.training.seed
    window.controller.run_epochs_now(3)
    window.regenerate()  # new data
    data_seed = window.session.experiment.data.seed
    window.controller.run_epochs_now(2)
    exp = window.form.experiment()
    exp.architecture.hidden, exp.architecture.activations = [8, 8], ["relu", "relu"]
    window.form.set_experiment(exp)
    window._on_form_changed(window.form.experiment(), True)  # a rebuild
    assert rows(window) == [(1, "[4, 2] tanh, lr 0.03", 5, False),
                            (2, f"seed {seed}", 3, False),
                            (3, f"data seed {data_seed}", 2, False),
                            (4, "[8, 8] relu", 0, True)]
    last = window.runs[2]
    assert last.final["train_loss"] == pytest.approx(last.history["train_loss"][-1])


def test_untrained_runs_are_not_kept(qtbot):
    window = open_window(qtbot)
    window.reset()
    window.reset()
    assert [r[0] for r in rows(window)] == [1]


def test_restart_gives_the_same_start_and_identical_runs(qtbot):
    window = open_window(qtbot)
    start = initial_weights(window)
    data = window.session.train_set.x.copy()
    window.controller.run_epochs_now(15)
    assert not np.array_equal(window.session.network.W[0], start[0])
    window.action_restart.trigger()
    for a, b in zip(initial_weights(window), start, strict=True):
        np.testing.assert_array_equal(a, b)  # exactly the same initial weights
    np.testing.assert_array_equal(window.session.train_set.x, data)
    assert rows(window)[-1][1] == "same settings"
    window.controller.run_epochs_now(15)
    window.action_restart.trigger()
    window.controller.run_epochs_now(15)
    first, second = window.runs[0], window.runs[1]
    assert first.history == second.history  # two restarts, the same run
    assert window.session.trainer.history.train_loss == second.history["train_loss"]
    np.testing.assert_array_equal(first.weights[0], second.weights[0])
    assert "Restarted" in window.status_notice.text()


def test_ticked_runs_are_laid_over_the_loss_plot(qtbot):
    window = open_window(qtbot)
    three_runs(window)
    panel, plot = window.runs_panel, window.loss_plot
    assert plot.overlays() == []
    for number in (1, 2):
        panel.table.item(panel.row_of(number), SHOW).setCheckState(Qt.CheckState.Checked)
    overlays = plot.overlay_items()
    assert [o.number for o in plot.overlays()] == [1, 2]
    for (train, test), run in zip(overlays, window.runs[:2], strict=True):
        x, y = train.getData()
        np.testing.assert_array_equal(x, run.history["epoch"])
        np.testing.assert_array_equal(y, run.history["train_loss"])
        assert len(test.getData()[0]) == len(run.history["epoch"])
    labels = plot.legend_labels()
    assert "Run 1 ([4, 2] tanh, lr 0.003)" in labels and "Run 2 (lr 0.03)" in labels
    assert "Run 3 (lr 0.3): train" in labels
    train_current, _ = plot.curves()
    assert all(train_current.zValue() > item.zValue() for pair in overlays for item in pair)
    colours = {pair[0].opts["pen"].color().name() for pair in overlays}
    assert len(colours) == 2 and train_current.opts["pen"].color().name() not in colours
    plot.log_scale.setChecked(True)  # log scale applies to every curve
    assert all(item.opts["logMode"][1] for pair in overlays for item in pair)
    panel.table.item(panel.row_of(1), SHOW).setCheckState(Qt.CheckState.Unchecked)
    assert [o.number for o in plot.overlays()] == [2]
    assert not overlays[1][0].isVisible()  # the spare item is hidden, not deleted


def test_double_click_restores_a_run_after_asking(qtbot):
    window = open_window(qtbot)
    answers = Answers(window)
    three_runs(window)
    run2 = window.runs[1]
    panel = window.runs_panel
    item = panel.table.item(panel.row_of(2), LABEL)
    answers.unsaved = Button.Cancel
    panel.table.itemDoubleClicked.emit(item)
    assert answers.asked == ["unsaved"] and window.session.trainer.optimizer.learning_rate == 0.3
    answers.unsaved = Button.Discard
    panel.table.itemDoubleClicked.emit(item)
    session = window.session
    assert session.experiment.training.learning_rate == 0.03 and session.trainer.epoch == 20
    np.testing.assert_array_equal(session.network.W[0], run2.weights[0])
    assert window.form.training.learning_rate.value() == 0.03
    assert [(r.number, r.current) for r in window.runs] == [(1, False), (2, True), (3, False)]
    assert window.runs[2].weights is not None  # the run left is kept with its weights
    assert window.isWindowModified() and "Run 2 restored" in window.status_notice.text()
    x, _ = window.loss_plot.curves()[0].getData()
    np.testing.assert_array_equal(x, run2.history["epoch"])


def test_runs_can_be_renamed_pinned_deleted_and_exported(qtbot, tmp_path):
    window = open_window(qtbot)
    three_runs(window)
    panel = window.runs_panel
    panel.table.item(panel.row_of(1), LABEL).setText("slow start")
    assert window.runs[0].name == "slow start" and rows(window)[0][1] == "slow start"
    panel.table.item(panel.row_of(2), PIN).setCheckState(Qt.CheckState.Checked)
    assert window.runs[1].pinned
    panel.table.selectRow(panel.row_of(1))
    panel.delete_button.click()
    assert [r.number for r in window.runs] == [2, 3]
    panel.table.selectRow(panel.row_of(3))
    assert not panel.delete_button.isEnabled()  # never the current run
    out = tmp_path / "runs.csv"
    assert window.export("runs-csv", str(out))
    table = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert table[0] == ["run", "label", "epoch", "train_loss", "test_loss", "train_accuracy",
                        "test_accuracy"]
    assert {r[0] for r in table[1:]} == {"2", "3"}
    assert len(table) == 1 + 21 + 21  # epochs 0-20 of each


def test_runs_survive_save_and_reopen(qtbot, tmp_path):
    window = open_window(qtbot)
    three_runs(window)
    window.runs_panel.table.item(0, LABEL).setText("baseline")
    window.runs_panel.table.item(1, PIN).setCheckState(Qt.CheckState.Checked)
    path = tmp_path / "three.bplab.json"
    assert window.save_file(str(path))
    reopened = open_window(qtbot, load_experiment(path), str(path))
    assert rows(reopened) == [(1, "baseline", 20, False), (2, "lr 0.03", 20, False),
                              (3, "lr 0.3", 20, True)]
    assert reopened.runs[1].pinned
    np.testing.assert_array_equal(reopened.runs[0].weights[0], window.runs[0].weights[0])
    reopened.runs_panel.set_ticked(1, True)
    assert [o.number for o in reopened.loss_plot.overlays()] == [1]


def test_an_old_file_without_runs_opens_with_one_current_run(qtbot, tmp_path):
    exp = small_experiment()
    doc = experiment_to_json(exp)
    for key in ("stop", "view", "runs"):
        del doc[key]
    doc["version"] = 1
    path = tmp_path / "old.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    window = open_window(qtbot)
    assert window.open_file(str(path))
    assert rows(window) == [(1, "[4, 2] tanh, lr 0.03", 0, True)]
    window.controller.run_epochs_now(3)
    save_experiment(window.session.to_experiment(), tmp_path / "new.json")
    assert [r.epochs for r in load_experiment(tmp_path / "new.json").runs] == [3]
