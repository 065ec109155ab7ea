"""The experiment's name follows what it is until the user names it (by saving)."""

from __future__ import annotations

import pytest
from gui_helpers import (  # noqa: F401  (no_modal_dialogs is a fixture)
    Answers,
    close_window,
    no_modal_dialogs,
    open_window,
)
from PySide6.QtWidgets import QComboBox, QSpinBox

from bplab.experiment import default_experiment, load_experiment, save_experiment

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("no_modal_dialogs")]


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot, default_experiment())
    yield w
    close_window(w)


@pytest.fixture
def answers(window) -> Answers:
    return Answers(window)


def choose_data(window, key: str) -> None:
    combo = window.findChild(QComboBox, "datasetCombo")
    combo.setCurrentIndex(combo.findData(key))


def test_an_untitled_experiment_is_named_after_what_it_now_is(window, answers, tmp_path):
    assert "Circle (TF Playground defaults)" in window.windowTitle()
    window.reset()  # new weights: still the same experiment, still its name
    assert window.session.experiment.name == "Circle (TF Playground defaults)"
    choose_data(window, "spiral")
    assert window.session.experiment.name == "Spiral, [4, 2] tanh"
    assert "Spiral, [4, 2] tanh" in window.windowTitle() and "Circle" not in window.windowTitle()
    window.findChild(QSpinBox, "layer1NeuronsSpin").setValue(6)
    assert window.session.experiment.name == "Spiral, [6, 2] tanh"
    window.action_undo.trigger()
    assert window.session.experiment.name == "Spiral, [4, 2] tanh"
    answers.save_path = None  # Save As is cancelled: only its suggestion is looked at
    window.save_as_dialog()
    suggested = answers.asked[-1].split(":")[2]
    assert "spiral" in suggested.lower() and "circle" not in suggested.lower()


def test_a_name_given_by_saving_sticks(window, answers, tmp_path):
    choose_data(window, "spiral")
    answers.save_path = str(tmp_path / "my-study.bplab.json")
    assert window.save_as_dialog()
    assert window.session.experiment.name == "my-study"
    assert load_experiment(answers.save_path).name == "my-study"
    assert window.displayed_title() == "my-study.bplab.json — bplab"
    choose_data(window, "xor")  # the user's name stays whatever the data
    assert window.session.experiment.name == "my-study"
    assert window.save()
    assert load_experiment(answers.save_path).name == "my-study"


def test_a_file_with_its_own_name_keeps_it(window, tmp_path):
    exp = default_experiment()
    exp.name = "Rings for the seminar"
    path = tmp_path / "rings.bplab.json"
    save_experiment(exp, path)
    assert window.open_file(str(path))
    choose_data(window, "spiral")
    assert window.session.experiment.name == "Rings for the seminar"
    assert window.displayed_title() == "rings.bplab.json* — Rings for the seminar — bplab"


def test_an_opened_example_follows_its_changes(window):
    from bplab.experiment import list_examples

    title, path = next((t, p) for t, p in list_examples() if p.name == "xor.json")
    assert window.open_example(str(path))
    assert window.session.experiment.name == title
    choose_data(window, "gauss")
    assert window.session.experiment.name.startswith("Gaussian, [")
