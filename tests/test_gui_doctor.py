"""The doctor in the window: findings listed once with their numbers, fixes as new runs,
hand edits reported, and findings carried by the worker's snapshots."""

from __future__ import annotations

import math

import pytest
from gui_helpers import (  # noqa: F401  (no_modal_dialogs is a fixture)
    Answers,
    Button,
    make_window,
    no_modal_dialogs,
)
from PySide6.QtWidgets import QLabel, QPushButton

from bplab.experiment import Architecture, Experiment, Session, default_experiment
from bplab.experiment.doctor_messages import format_number
from bplab.experiment.run_watch import RunWatch
from bplab.gui.doctor_panel import DoctorPanel


def _circle(hidden, acts, out="tanh", **training) -> Experiment:
    exp = default_experiment()
    exp.architecture = Architecture(hidden, acts, out)
    for key, value in training.items():
        setattr(exp.training, key, value)
    return exp


def deep_sigmoid() -> Experiment:
    return _circle([8] * 10, ["sigmoid"] * 10)


def rows(window) -> list:
    return list(window.doctor_panel.rows.values())


def test_the_doctor_panel_sits_beside_the_other_right_hand_pages(qtbot):
    window = make_window(qtbot)
    panel = window.findChild(DoctorPanel, "doctorPanel")
    assert panel is not None and window.side_tabs.indexOf(panel) >= 0
    window.close()


def test_a_deep_sigmoid_net_shows_vanishing_gradients_once_with_the_numbers(qtbot):
    window = make_window(qtbot, deep_sigmoid())
    window.examine_now()
    window.examine_now()  # seen again: the same row, not a second one
    window.step()
    window.examine_now()
    (row,) = rows(window)
    f = row.finding
    assert f.kind == "vanishing_gradients"
    text = row.findChild(QLabel, "doctorFindingText").text()
    assert f"layer 1's gradient is {format_number(f.params['ratio'])} of layer 11's" in text
    assert "·10⁻" in text
    window.close()


def test_a_fix_button_starts_the_fixed_experiment_as_a_new_run(qtbot):
    window = make_window(qtbot, deep_sigmoid())
    window.examine_now()
    (row,) = rows(window)
    button = row.findChild(QPushButton, "doctorFixButton")
    assert not button.isHidden() and button.text()
    button.click()
    exp = window.session.experiment
    assert exp.architecture.activations == ["relu"] * 10
    assert exp.training.initializer == "he"
    assert window.session.trainer.epoch == 0
    # a new run: the old findings are gone (a deep ReLU net has dead units instead)
    assert "vanishing_gradients" not in [r.finding.kind for r in rows(window)]
    assert window.form.experiment().architecture.activations == ["relu"] * 10
    window.close()


@pytest.mark.usefixtures("no_modal_dialogs")
def test_a_fix_asks_first_when_the_run_is_unsaved_and_cancel_keeps_it(qtbot):
    window = make_window(qtbot, deep_sigmoid())
    answers = Answers(window)
    window.step()
    assert window.isWindowModified()
    window.examine_now()
    session = window.session
    answers.unsaved = Button.Cancel
    rows(window)[0].findChild(QPushButton, "doctorFixButton").click()
    assert "unsaved" in answers.asked and window.session is session
    answers.unsaved = Button.Discard
    rows(window)[0].findChild(QPushButton, "doctorFixButton").click()
    assert window.session is not session
    assert window.session.experiment.architecture.activations == ["relu"] * 10
    window.close()


def test_learning_rate_10_with_a_linear_output_is_found_while_training(qtbot):
    exp = _circle([4, 2], ["tanh", "tanh"], "linear", learning_rate=10.0)
    window = make_window(qtbot, exp)
    window.play()
    qtbot.waitUntil(lambda: not window.is_running(), timeout=10000)
    qtbot.waitUntil(lambda: any(r.finding.kind == "divergence" for r in rows(window)),
                    timeout=5000)
    (row,) = [r for r in rows(window) if r.finding.kind == "divergence"]
    assert "The learning rate 10 is too high" in row.findChild(QLabel, "doctorFindingText").text()
    row.findChild(QPushButton, "doctorFixButton").click()
    assert window.session.experiment.training.learning_rate < 10.0
    window.close()


def test_a_healthy_run_has_no_findings(qtbot):
    window = make_window(qtbot)
    window.examine_now()
    assert rows(window) == []
    assert window.findChild(QLabel, "doctorSummary").text()
    window.close()


def test_hand_edits_are_reported_to_the_doctor(qtbot):
    window = make_window(qtbot)
    old = float(window.session.network.W[0][1, 2])
    window._on_weight_edited(0, 1, 2, 5e4)
    window._on_bias_edited(1, 0, -3.0)
    edits = window.controller.watch.doctor.edits
    first = edits[0]
    assert (first.layer, first.neuron, first.source, first.old, first.new) == (1, 2, 1, old, 5e4)
    assert (edits[1].layer, edits[1].neuron, edits[1].source, edits[1].new) == (2, 0, None, -3.0)
    window.close()


def test_the_watch_examines_at_most_once_a_period_and_carries_gradients():
    now = [0.0]
    watch = RunWatch(every_seconds=1.0, clock=lambda: now[0])
    s = Session(deep_sigmoid())
    s.trainer.record()
    watch.start(s)
    first = watch.snapshot(s, 0, 0.0, running=True)
    assert [f.kind for f in first.findings] == ["vanishing_gradients"]
    now[0] = 0.5
    assert watch.snapshot(s, 0, 0.0, running=True).findings is None  # not due yet
    assert watch.snapshot(s, 0, 0.0).findings is not None  # paused: always
    now[0] = 1.0
    assert watch.snapshot(s, 0, 0.0, running=True).findings is None
    now[0] = 1.6
    assert watch.snapshot(s, 0, 0.0, running=True).findings is not None
    assert first.gradients is None
    watch.want_gradients(True)
    s.trainer.run_epochs(1)
    snap = watch.snapshot(s, 0, 0.0)
    assert snap.gradients is watch.accumulator.last and snap.gradients.epoch == 1
    watch.want_gradients(False)
    assert s.trainer.gradient_observer is None
    assert math.isfinite(float(snap.gradients.weights[0].sum()))


def test_findings_get_badges_on_the_graph_where_they_happen(qtbot):
    window = make_window(qtbot, deep_sigmoid())
    window.examine_now()
    badges = window.network_view.badges
    assert badges.places == {(1, None)}  # vanishing: layer 1's column
    (item,) = badges.items()
    lay = window.network_view._layout
    assert abs(item.pos().x() - float(lay.centers[1][:, 0].mean())) < 1e-9
    dead = _circle([4], ["relu"], "linear")
    window.load_experiment(dead)
    assert badges.places == set() and badges.items() == []
    window.session.network.b[0][:] = -1e3  # every ReLU of layer 1 dead
    window.examine_now()
    assert badges.places == {(1, k) for k in range(4)}
    assert len(badges.items()) == 4
    window.close()


def test_costly_checks_run_less_often_while_training():
    now = [0.0]

    def clock() -> float:
        return now[0]

    watch = RunWatch(every_seconds=1.0, clock=clock)
    s = Session(deep_sigmoid())
    s.trainer.record()
    watch.start(s)
    slow = watch.doctor.examine

    def examine(session):  # pretend the doctor takes 0.5 s of the clock
        now[0] += 0.5
        return slow(session)

    watch.doctor.examine = examine
    assert watch.snapshot(s, 0, 0.0, running=True).findings is not None
    now[0] = 2.0  # 1.5 s after: due by the period, not by the cost (0.5 / 0.1 = 5 s)
    assert watch.snapshot(s, 0, 0.0, running=True).findings is None
    now[0] = 6.0
    assert watch.snapshot(s, 0, 0.0, running=True).findings is not None
