"""Check gradients in the step-through: per layer, the largest relative error between
backpropagation and finite differences, for the next mini-batch."""

from __future__ import annotations

from gui_helpers import make_window
from PySide6.QtGui import QAction

from bplab.engine.gradcheck import check_next_batch
from bplab.experiment import Session, examples_dir, load_experiment
from bplab.gui.gradient_check_view import error_text


def test_check_gradients_shows_tiny_errors_per_layer_on_the_article_example(qtbot):
    exp = load_experiment(examples_dir() / "article-xor.json")
    window = make_window(qtbot, exp)
    action = window.findChild(QAction, "actionCheckGradients")
    assert action is not None
    action.trigger()
    view = window.gradient_check
    assert window.inspector_shown() and view.isVisible()
    expected = check_next_batch(Session(load_experiment(examples_dir() / "article-xor.json"))
                                .trainer)
    assert [c.layer for c in view.checks] == [1, 2]
    assert view.table.rowCount() == 2
    for row, (shown, want) in enumerate(zip(view.checks, expected, strict=True)):
        assert shown.max_error < 1e-6
        assert shown.max_error == want.max_error
        assert view.table.item(row, 1).text() == error_text(want.max_error)
    assert "agrees" in view.table.item(0, 3).text()
    window.step()  # the weights move on: the result no longer describes them
    assert not view.checks and view.table.rowCount() == 0
    window.close()


def test_check_gradients_pauses_training_first(qtbot):
    window = make_window(qtbot)
    window.play()
    qtbot.waitUntil(lambda: window.session.trainer.step > 0, timeout=5000)
    window.check_gradients()
    assert not window.is_running()
    assert len(window.gradient_check.checks) == 3
    assert all(c.max_error < 1e-6 for c in window.gradient_check.checks)
    window.close()
