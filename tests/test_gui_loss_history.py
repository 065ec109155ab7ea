"""The loss plot draws the run's bounded history: per point, spikes included."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import make_window

from bplab.experiment import examples_dir, load_experiment
from bplab.gui.views.loss_plot import LossPlot

pytestmark = pytest.mark.gui


def test_replace_from_keeps_the_start_and_replaces_the_rest(qtbot) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    e = np.arange(1.0, 11.0)
    plot.set_history(e, 1 / e, 2 / e)
    plot.replace_from(7, np.array([8.0, 12.0]), np.array([5.0, 0.05]), np.array([6.0, 0.1]))
    plot.flush()
    epochs, train, test = plot.data()
    np.testing.assert_array_equal(epochs, [1, 2, 3, 4, 5, 6, 7, 8, 12])
    np.testing.assert_array_equal(train, [*(1 / e[:7]), 5.0, 0.05])
    np.testing.assert_array_equal(test, [*(2 / e[:7]), 6.0, 0.1])
    plot.replace_from(3, np.array([]), np.array([]), np.array([]))  # rows dropped, none new
    assert plot.data()[0].tolist() == [1, 2, 3]
    plot.replace_from(0, np.array([4.0]), np.array([0.5]), np.array([np.nan]))
    assert plot.data()[0].tolist() == [4]
    plot.flush()
    assert len(plot.curves()[1].getData()[0] or ()) == 0  # no test values left: no test line


def test_the_loss_axis_says_per_point(qtbot) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    assert plot.plot_item().getAxis("left").labelText == "loss per point"


def test_the_window_draws_the_bounded_history_spikes_included(qtbot) -> None:
    exp = load_experiment(examples_dir() / "article-xor.json")
    exp.training.record_every = 1
    window = make_window(qtbot, exp)
    controller, tr = window.controller, window.session.trainer
    for n in (500, 1_500, 2_000):
        controller.run_epochs_now(n)
    # a spike in the middle of the summarised part, as an edited weight might cause
    tr.network.W[1][...] *= -3
    controller.run_epochs_now(1)
    tr.network.W[1][...] /= -3
    for n in (3_000, 4_000):
        controller.run_epochs_now(n)
    window.loss_plot.flush()
    cols = tr.history.as_columns()
    assert tr.history.layout()["bucket_epochs"] > 1  # buckets have merged
    epochs, train, test = window.loss_plot.data()
    np.testing.assert_array_equal(epochs, cols["epoch"])
    np.testing.assert_array_equal(train, cols["train_loss"])  # per point: the sum over 4 / 4
    assert np.isnan(test).all()
    assert train.max() == max(cols["train_loss"][1_000:]) > 2 * train[999]  # the spike
    assert window.last_snapshot.train_loss == cols["train_loss"][-1]


def test_the_article_mse_is_an_extra_curve_and_a_status_figure_on_request(qtbot) -> None:
    from bplab.gui.status import format_loss

    exp = load_experiment(examples_dir() / "article-xor.json")
    exp.training.record_every = 1
    window = make_window(qtbot, exp)
    plot, label = window.loss_plot, window.article_mse_label
    check = window.findChild(type(plot.article_mse), "articleMseCheck")
    assert check is plot.article_mse and not check.isChecked()
    assert not plot._article.isVisible() and label.isHidden()  # off by default
    window.controller.run_epochs_now(20)
    plot.flush()
    check.setChecked(True)
    assert plot._article.isVisible() and not label.isHidden()
    cols = window.session.trainer.history.as_columns()
    epochs, mse = plot.article_data()
    assert epochs[0] == 0 and epochs.tolist() == cols["epoch"]  # epoch 0 on the plot too
    np.testing.assert_array_equal(mse, cols["article_mse"])
    assert mse[0] == 0.3672016706944875  # the article's "Epoch 0: Loss = …"
    np.testing.assert_array_equal(plot._article.getData()[1], mse)
    assert label.text() == f"Article's MSE {format_loss(cols['article_mse'][-1])}"
    check.setChecked(False)
    assert not plot._article.isVisible() and label.isHidden()


def test_a_history_without_the_article_mse_draws_no_article_curve(qtbot) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    e = np.arange(1.0, 6.0)
    plot.set_history(e, 1 / e, 2 / e)  # as from a file written before the column existed
    plot.article_mse.setChecked(True)
    assert np.isnan(plot.article_data()[1]).all()
    x, y = plot._article.getData()
    assert x is None or not np.isfinite(np.asarray(y, float)).any()  # absent, not invented
