"""Random GUI actions: seeded runs of a few hundred actions, checked after every one.

Each run drives one main window (offscreen) through actions drawn at random
from ``ACTIONS``: Play/Pause, Step, Reset, New data, every toolbar and menu
action (New, Open, Open Recent, Examples, Import data from CSV, Save, Save As,
every export, undo/redo, the docks, About), every widget of the form found by
walking ``architectureForm`` (valid and invalid values, typed or stepped), the
step-through inspector, weight and bias edits through the network view, and
autosave.  Every question is answered by the test (``random_gui.Monkey``), with
files in a temporary folder; no modal dialog can open.

A run fails on an uncaught exception in any thread, a Qt warning, a crash
report, an error dialog or banner the action did not call for (a bad CSV or
experiment file must be refused with one), a failed training worker, a
thread left running (conftest), or any check in ``CHECKS``: views that
disagree with the form or the session, a title or unsaved-changes flag
that lies, a status bar that does not describe the network after an edit.
The failure message prints the seed, the problem and the last 30 actions;
the whole log is written as it happens to ``actions.log`` in the test's
temporary folder, so it survives even a crash of Qt itself.

``make test`` runs seeds 0, 1, 2 with 150 actions each.  More::

    pytest tests/test_gui_random_actions.py --random-seeds=50 --random-actions=300
    BPLAB_RANDOM_SEEDS=50 BPLAB_RANDOM_ACTIONS=300 pytest tests/test_gui_random_actions.py

Replay one seed (training progress depends on timing, the choices do not)::

    pytest tests/test_gui_random_actions.py --random-seed=17 --random-actions=300
    BPLAB_RANDOM_SEED=17 pytest tests/test_gui_random_actions.py
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from gui_helpers import make_window, no_modal_dialogs  # noqa: F401  (a fixture)
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFontDialog,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSpinBox,
    QWidget,
)
from random_gui import Monkey, Skip, differences, floats_in, plain, run_actions

from bplab.engine import OPTIMIZERS
from bplab.experiment import load_experiment
from bplab.gui.form_data import POINTS_ITEM, is_2d
from bplab.gui.form_widgets import SciSpinBox, parse_learning_rate

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("no_modal_dialogs")]

DEFAULT_SEEDS = 3
DEFAULT_ACTIONS = 150
WINDOW_SIZES = ((1200, 800), (1400, 900), (1280, 800), (800, 600))


def _int_option(config: pytest.Config, option: str, env: str) -> int | None:
    value = config.getoption(option) or os.environ.get(env)
    return int(value) if value else None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "seed" not in metafunc.fixturenames:
        return
    config = metafunc.config
    chosen = config.getoption("random_seed") or [
        int(s) for s in os.environ.get("BPLAB_RANDOM_SEED", "").split(",") if s.strip()]
    n = _int_option(config, "random_seeds", "BPLAB_RANDOM_SEEDS") or DEFAULT_SEEDS
    seeds = chosen or list(range(n))
    metafunc.parametrize("seed", seeds, ids=[f"seed{s}" for s in seeds])


def _modal(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("a modal dialog was opened: it would wait for a person")


@pytest.fixture(autouse=True)
def no_static_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The static dialog functions run their event loop in C++, out of reach of the
    ``exec`` patches of ``no_modal_dialogs``: make every one of them fail instead."""
    for cls, names in ((QMessageBox, ("about", "aboutQt", "critical", "information",
                                      "question", "warning")),
                       (QFileDialog, ("getExistingDirectory", "getExistingDirectoryUrl",
                                      "getOpenFileName", "getOpenFileNames", "getOpenFileUrl",
                                      "getOpenFileUrls", "getSaveFileName", "getSaveFileUrl")),
                       (QInputDialog, ("getDouble", "getInt", "getItem", "getText",
                                       "getMultiLineText")),
                       (QColorDialog, ("getColor",)), (QFontDialog, ("getFont",))):
        for name in names:
            monkeypatch.setattr(cls, name, _modal)


@pytest.fixture
def n_actions(request: pytest.FixtureRequest) -> int:
    return _int_option(request.config, "random_actions", "BPLAB_RANDOM_ACTIONS") or DEFAULT_ACTIONS


# -- finding things the way a user sees them -----------------------------------------------
def action(m: Monkey, name: str, text: str | None = None) -> QAction:
    """The window's action by objectName, else by its menu text (without '&' and '…')."""
    found = m.window.findChild(QAction, name)
    if found is None and text is not None:
        found = next((a for a in m.window.findChildren(QAction)
                      if a.text().replace("&", "").rstrip("…") == text), None)
    assert found is not None, f"no action {name!r}"
    return found


def trigger(m: Monkey, a: QAction) -> None:
    if not a.isEnabled():
        raise Skip
    m.note(f"{a.objectName() or a.text()!r}")
    a.trigger()


def menu_actions(menu: QMenu) -> list[QAction]:
    """Every action of a menu and its submenus (submenus filled as when they open)."""
    menu.aboutToShow.emit()
    out = []
    for a in menu.actions():
        if a.menu() is not None:
            out += menu_actions(a.menu())
        elif not a.isSeparator():
            out.append(a)
    return out


def all_menu_and_toolbar_actions(m: Monkey) -> list[QAction]:
    w = m.window
    found = [a for menu_action in w.menuBar().actions() for a in menu_actions(menu_action.menu())]
    found += [a for a in w.toolbar.actions() if a not in found]
    # The checks read the window's English texts (banners, titles, dialogs): another
    # language is tested on its own (test_i18n, test_translations), not chosen at random.
    return [a for a in found if a.isEnabled() and a.objectName() != "actionQuit"
            and not a.objectName().startswith("actionLanguage_")]


def form_inputs(m: Monkey) -> list[QWidget]:
    """The form's enabled input widgets, discovered by walking architectureForm."""
    form = m.window.findChild(QWidget, "architectureForm")
    kinds = (QComboBox, QAbstractSpinBox, QLineEdit, QAbstractButton)
    found = []
    for w in form.findChildren(QWidget):
        if not isinstance(w, kinds) or not (w.isVisibleTo(form) and w.isEnabled()):
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), QAbstractSpinBox | QComboBox):
            continue  # the text field inside a spin box or combo box
        found.append(w)
    return found


def describe(w: QWidget) -> str:
    text = w.text() if isinstance(w, QAbstractButton) else ""
    return w.objectName() or f"{type(w).__name__} {text!r}"


def running(m: Monkey) -> bool:
    return m.window.is_running()


# -- typing values ---------------------------------------------------------------------------
def type_into(line_edit: QLineEdit, text: str) -> None:
    """Select everything, type ``text`` key by key (the validator sees each key), press Enter."""
    line_edit.selectAll()
    if not text:
        QTest.keyClick(line_edit, Qt.Key.Key_Delete)
    for ch in text:
        if ch.isascii():
            QTest.keyClick(line_edit, ch)
        else:  # QTest only maps ASCII characters to keys: send what a keyboard layout would
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(line_edit, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                            ch))
    QTest.keyClick(line_edit, Qt.Key.Key_Return)


def some_value(m: Monkey, lo: float, hi: float, integer: bool) -> float:
    """Mostly small values (big nets are slow), sometimes the limits, sometimes anything."""
    roll = m.rng.random()
    if roll < 0.15:
        return lo
    if roll < 0.25:
        return hi
    if roll < 0.6 and integer:
        return lo + m.rng.randint(0, int(min(7, hi - lo)))
    value = m.rng.uniform(lo, hi)
    return round(value) if integer else value


INVALID_NUMBERS = ("", "abc", "-", "-7", "1e400", "nan", "inf", "3..5", "٣", "99999999999999")


def change_spin(m: Monkey, spin: QAbstractSpinBox) -> None:
    roll = m.rng.random()
    if roll < 0.3:
        steps = m.choice([-3, -1, 1, 1, 2, 5])
        m.note(f"step by {steps}")
        spin.stepBy(steps)
        return
    if roll < 0.5:
        text = m.choice(INVALID_NUMBERS)
    elif isinstance(spin, QSpinBox):
        text = str(int(some_value(m, spin.minimum(), spin.maximum(), True)))
    elif isinstance(spin, SciSpinBox):
        text = f"{some_value(m, spin.minimum(), spin.maximum(), False):g}"
    else:
        assert isinstance(spin, QDoubleSpinBox)
        value = some_value(m, spin.minimum(), spin.maximum(), False)
        text = f"{value:.{spin.decimals()}f}"
    m.note(f"type {text!r} + Enter")
    type_into(spin.lineEdit(), text)


VALID_RATES = ("0.05", "1e-4", "0,3", " 0.1 ", "3", "0.00001", "10", "0.003")
INVALID_RATES = ("50", "abc", "", "-0.1", "1e-9", "nan", "inf", "0.1.1", "11")


def change_combo(m: Monkey, combo: QComboBox) -> None:
    if combo.isEditable() and m.rng.random() < 0.6:
        text = m.choice(VALID_RATES if m.rng.random() < 0.5 else INVALID_RATES)
        m.note(f"type {text!r} + Enter")
        type_into(combo.lineEdit(), text)
        return
    if combo.count() < 2:
        raise Skip
    index = m.rng.randrange(combo.count())
    m.note(f"choose {combo.itemData(index) or combo.itemText(index)!r}")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what Qt adds for a pick from the list, even of the same item


def some_weight(m: Monkey) -> float | None:
    """What a user types into the edit box: mostly ordinary numbers, sometimes its limits."""
    roll = m.rng.random()
    if roll < 0.1:
        return None  # cancelled
    if roll < 0.2:
        return 0.0
    if roll < 0.27:
        return m.choice([1e6, -1e6])
    if roll < 0.35:
        return m.choice([-1, 1]) * 10 ** m.rng.uniform(2, 5)
    return round(m.rng.uniform(-3, 3), 4)


@contextmanager
def form_change(m: Monkey) -> Iterator[None]:
    """Note whether what the form holds changed (then there is something to save)."""
    before = plain(m.window.form.experiment())
    yield
    m.changed = plain(m.window.form.experiment()) != before


# == the action catalogue ====================================================================
def play_or_pause(m: Monkey) -> None:
    trigger(m, action(m, "actionPlay"))
    ms = m.choice([0, 10, 30, 80, 200])
    m.note(f"{'running' if running(m) else 'paused'}, wait {ms} ms")
    m.wait(ms)


def let_it_train(m: Monkey) -> None:
    if not running(m):
        raise Skip
    ms = m.rng.randint(20, 200)
    m.note(f"{ms} ms")
    m.wait(ms)


def step(m: Monkey) -> None:
    trigger(m, action(m, "actionStep"))
    m.changed = True


def reset(m: Monkey) -> None:
    trigger(m, action(m, "actionReset"))
    m.changed = True


def new_data(m: Monkey) -> None:
    trigger(m, action(m, "actionRegenerate"))
    m.changed = True


def new_experiment(m: Monkey) -> None:
    trigger(m, action(m, "actionNew"))


def open_experiment(m: Monkey) -> None:
    trigger(m, action(m, "actionOpen"))


def import_csv(m: Monkey) -> None:
    before = m.window.session
    trigger(m, action(m, "actionImportCsv", "Import data from CSV"))
    m.changed = m.window.session is not before  # imported data is saved nowhere yet


def save(m: Monkey) -> None:
    trigger(m, action(m, "actionSave"))


def save_as(m: Monkey) -> None:
    trigger(m, action(m, "actionSaveAs"))


def open_example(m: Monkey) -> None:
    trigger(m, m.choice(menu_actions(m.window.examples_menu)))


def open_recent(m: Monkey) -> None:
    entries = [a for a in menu_actions(m.window.recent_menu) if a.isEnabled()]
    if not entries:
        raise Skip
    trigger(m, m.choice(entries))


def undo(m: Monkey) -> None:
    with form_change(m):
        trigger(m, action(m, "actionUndo"))


def redo(m: Monkey) -> None:
    with form_change(m):
        trigger(m, action(m, "actionRedo"))


def export_from_file_menu(m: Monkey) -> None:
    trigger(m, m.choice(menu_actions(m.window.export_menu)))


def export_from_view_menu(m: Monkey) -> None:
    """A view's right-click menu (only views the user can see)."""
    w = m.window
    views = {"loss": w.loss_plot, "boundary": w.boundary_view, "network": w.network_view}
    shown = [name for name, view in views.items() if view.isVisible()]
    if not shown:
        raise Skip
    name = m.choice(shown)
    w._update_export_actions()  # as the menu does before it pops up
    trigger(m, m.choice(w.view_menus[name].actions()))


def any_menu_or_toolbar_action(m: Monkey) -> None:
    trigger(m, m.choice(all_menu_and_toolbar_actions(m)))


def about(m: Monkey) -> None:
    trigger(m, action(m, "actionAbout"))
    boxes = [b for b in m.window.findChildren(QMessageBox, "aboutDialog") if b.isVisible()]
    assert boxes, "Help ▸ About showed no box"
    for box in boxes:
        box.done(0)


def quit_cancelled(m: Monkey) -> None:
    """Quit with unsaved changes, answered Cancel: the window stays, nothing is lost."""
    w = m.window
    if not w.isWindowModified():
        raise Skip
    ask = w._ask_unsaved_changes
    w._ask_unsaved_changes = lambda: QMessageBox.StandardButton.Cancel
    try:
        trigger(m, action(m, "actionQuit"))
    finally:
        w._ask_unsaved_changes = ask
    assert w.isVisible() and w.isWindowModified(), "Quit, then Cancel: the window went away"


def toggle_dock(m: Monkey) -> None:
    w = m.window
    inspector = w.findChild(QAction, "actionShowInspector")
    trigger(m, m.choice([w.form_dock.toggleViewAction(), inspector]))


def resize_window(m: Monkey) -> None:
    size = m.choice(WINDOW_SIZES)
    m.note(f"{size[0]}x{size[1]}")
    m.window.resize(*size)


def form_widget(m: Monkey) -> None:
    """Any enabled widget of the form, with a valid or an invalid value."""
    if not m.window.form_dock.isVisible():
        raise Skip  # a closed dock cannot be typed into
    widgets = form_inputs(m)
    if not widgets:
        raise Skip
    w = m.choice(widgets)
    m.note(describe(w))
    with form_change(m):
        if isinstance(w, QComboBox):
            change_combo(m, w)
        elif isinstance(w, QAbstractSpinBox):
            change_spin(m, w)
        elif isinstance(w, QAbstractButton):
            w.click()
        else:
            text = m.choice(["", "abc", "0.5", "-1"])
            m.note(f"type {text!r} + Enter")
            type_into(w, text)


def view_option(m: Monkey) -> None:
    """A toggle of the loss plot or the boundary view (log scale, discretize, test data)."""
    w = m.window
    boxes = [b for view in (w.loss_plot, w.boundary_view) if view.isVisible()
             for b in view.findChildren(QCheckBox) if b.isVisible() and b.isEnabled()]
    if not boxes:
        raise Skip
    box = m.choice(boxes)
    m.note(box.objectName() or box.text())
    box.click()


def step_through(m: Monkey) -> None:
    trigger(m, action(m, "actionInspect"))


def inspector_sample(m: Monkey) -> None:
    w = m.window
    spin = w.inspector.sample_spin
    if not (w.inspector_shown() and spin.isEnabled()):
        raise Skip
    m.note("sampleSpin")
    change_spin(m, spin)


def inspector_apply(m: Monkey) -> None:
    w = m.window
    button = w.inspector.apply_button
    if not (w.inspector_shown() and button.isEnabled()):
        raise Skip
    before = w.session.trainer.step
    button.click()
    m.note(f"step {before} -> {w.session.trainer.step}")
    applied = w.session.trainer.step != before
    m.edited = m.edited or applied
    m.changed = applied


def inspector_explain(m: Monkey) -> None:
    w = m.window
    if not (w.inspector_shown() and w.inspector.explain_button.isEnabled()):
        raise Skip
    w.inspector.explain_button.click()


def _edit(m: Monkey, kind: str) -> None:
    w = m.window
    sizes = w.session.network.sizes
    layer = m.rng.randrange(len(sizes) - 1)
    i, j = m.rng.randrange(sizes[layer]), m.rng.randrange(sizes[layer + 1])
    value = some_weight(m)
    m.note(f"layer {layer} ({i}, {j}) = {value}" if kind == "link" else
           f"layer {layer} neuron {j} = {value}")
    nv = w.network_view
    nv._ask_value = lambda _title, _current: value
    try:
        nv.click_link(layer, i, j) if kind == "link" else nv.click_bias(layer, j)
    finally:
        nv._ask_value = m._no_value
    if value is not None:
        m.changed = True
        m.edited = m.edited or not running(m)


def edit_weight(m: Monkey) -> None:
    _edit(m, "link")


def edit_bias(m: Monkey) -> None:
    _edit(m, "bias")


def edit_refused(m: Monkey) -> None:
    """An edit the controller must refuse with a message (not a number, no such weight)."""
    w = m.window
    sizes = w.session.network.sizes
    bad = m.choice(["nan", "inf", "layer", "row", "column"])
    value = {"nan": math.nan, "inf": -math.inf}.get(bad, 0.5)
    layer = len(sizes) - 1 if bad == "layer" else 0
    i = sizes[0] if bad == "row" else 0
    j = sizes[1] + 2 if bad == "column" else 0
    m.note(f"{bad}: layer {layer} ({i}, {j}) = {value}")
    m.allowed_banners = ("Weight not changed", "Bias not changed")
    if m.rng.random() < 0.5 or bad == "row":
        w.network_view.weightEdited.emit(layer, i, j, value)
    else:
        w.network_view.biasEdited.emit(layer, j, value)
    assert w.banner.message().startswith(m.allowed_banners), (
        f"a refused edit was not reported: banner {w.banner.message()!r}")


def hover(m: Monkey) -> None:
    w = m.window
    sizes = w.session.network.sizes
    layer = m.rng.randrange(len(sizes))
    j = m.rng.randrange(sizes[layer])
    if m.rng.random() < 0.3:
        m.note("leave")
        w.network_view.leave()
    else:
        m.note(f"node {layer}.{j}")
        w.network_view.hover_node(layer, j)


def autosave(m: Monkey) -> None:
    """What the autosave timer does every minute."""
    w = m.window
    modified = w.isWindowModified()
    path = w.autosave_now()
    m.note(f"{'modified' if modified else 'unmodified'} -> {path.name if path else None}")
    failed = w.banner.message().startswith("Autosave failed")  # reported as a problem itself
    assert path is not None or not modified or failed, (
        "autosave wrote nothing for unsaved changes, and said nothing")
    if path is not None:
        load_experiment(path)


def quit_window(m: Monkey) -> None:
    """The last action of every run: Quit, discarding; the window and its thread end."""
    w = m.window
    w._ask_unsaved_changes = lambda: QMessageBox.StandardButton.Discard
    trigger(m, action(m, "actionQuit"))
    m.settle()
    assert not w.isVisible(), "Quit (Discard) left the window open"
    assert not w.controller._thread.isRunning(), "Quit left the training thread running"


ACTIONS: list[tuple] = [  # (action, relative weight)
    (play_or_pause, 10), (let_it_train, 4), (step, 6), (reset, 3), (new_data, 2),
    (new_experiment, 1.5), (open_experiment, 2.5), (import_csv, 4), (save, 3), (save_as, 3),
    (open_example, 2), (open_recent, 1), (undo, 3), (redo, 2), (export_from_file_menu, 2),
    (export_from_view_menu, 1), (any_menu_or_toolbar_action, 4), (about, 0.5),
    (quit_cancelled, 0.5), (toggle_dock, 1), (resize_window, 0.5), (form_widget, 22),
    (view_option, 1.5), (step_through, 2), (inspector_sample, 2), (inspector_apply, 2.5),
    (inspector_explain, 0.5), (edit_weight, 4), (edit_bias, 2), (edit_refused, 1), (hover, 1),
    (autosave, 1.5),
]


# == the checks ===============================================================================
def check_play_action_follows_worker(m: Monkey) -> None:
    play = m.window.action_play
    assert play.isChecked() == running(m), (
        f"Play is {'checked' if play.isChecked() else 'unchecked'} while the worker "
        f"{'runs' if running(m) else 'is idle'}")


def check_network_matches_form(m: Monkey) -> None:
    w = m.window
    exp = w.form.experiment()
    hidden, activations = w.form.layers.layers()
    assert (hidden, activations) == (exp.architecture.hidden, exp.architecture.activations)
    sizes = list(w.session.network.sizes)
    assert sizes[1:-1] == hidden, (
        f"the network's hidden layers {sizes[1:-1]} vs the form's {hidden}")
    assert w.session.network.activation_names == [*activations, exp.architecture.output_activation]
    drawn = w.network_view._sizes
    assert drawn == sizes, f"the network view draws layers {drawn}, the network has {sizes}"
    assert w.network_view.node_count() == sum(sizes)
    assert w.network_view.link_count() == sum(a * b for a, b in itertools.pairwise(sizes))


def check_form_matches_session(m: Monkey) -> None:
    """The form shows the experiment being trained; the trainer runs with its settings."""
    w = m.window
    s = w.session
    # The name is the window's (its title follows what the experiment is until the user
    # names it); the form shows no name, so its copy may lag.
    # The runs and the pace are the window's, not the form's.
    form = dataclasses.replace(w.form.experiment(), state=None, name="", runs=[], view=None)
    trained = dataclasses.replace(s.experiment, state=None, name="", runs=[], view=None)
    diff = differences(plain(form), plain(trained), "experiment")
    assert not diff, "the form and the session's experiment differ:\n  " + "\n  ".join(diff)
    if running(m):
        return
    tr, settings = s.trainer, trained.training
    if tr._pending_lr.empty():
        assert tr.optimizer.learning_rate == settings.learning_rate, (
            f"the trainer's learning rate {tr.optimizer.learning_rate} vs "
            f"{settings.learning_rate} in the form")
    assert tr.batch_size == max(1, min(settings.batch_size, len(tr.train.x)))
    assert (tr.regularization, tr.regularization_rate) == (settings.regularization,
                                                           settings.regularization_rate)
    assert s.network.reduction == settings.reduction
    assert isinstance(tr.optimizer, OPTIMIZERS[settings.optimizer])


def check_fields_show_values(m: Monkey) -> None:
    """Every field shows the value the form holds (a refused rate may stay, with its reason)."""
    f = m.window.form
    exp = f.experiment()
    d, tr = exp.data, exp.training
    assert f.data.dataset.currentData() == (POINTS_ITEM if d.source == "points" else d.generator)
    assert f.data.noise.value() == round(d.noise * 100)
    assert f.data.train_share.value() == round(d.train_fraction * 100)
    assert f.data.seed.value() == d.seed
    checked = [name for name, box in f.features.boxes.items() if box.isChecked()]
    assert checked == [n for n in f.features.boxes if n in d.features], (
        f"feature boxes {checked} vs features {d.features}")
    for k, (n, act) in enumerate(zip(exp.architecture.hidden, exp.architecture.activations,
                                     strict=True), start=1):
        assert f.findChild(QSpinBox, f"layer{k}NeuronsSpin").value() == n
        assert f.findChild(QComboBox, f"layer{k}ActivationCombo").currentData() == act
    assert f.output.activation.currentData() == exp.architecture.output_activation
    assert f.output.loss.currentData() == tr.loss
    assert f.output.reduction.currentData() == tr.reduction
    assert f.training.optimizer.currentData() == tr.optimizer
    defaults = OPTIMIZERS[tr.optimizer].defaults
    for key, spin in f.training.param_spins.items():
        assert spin.value() == pytest.approx(tr.optimizer_params.get(key, defaults[key])), key
    if f.training.lr_error.isHidden():
        shown, _ = parse_learning_rate(f.training.learning_rate.currentText())
        assert shown == tr.learning_rate, (
            f"the learning-rate field shows {f.training.learning_rate.currentText()!r}, "
            f"the rate is {tr.learning_rate}")
    assert f.training.batch.value() == tr.batch_size
    assert f.training.regularization.currentData() == tr.regularization
    assert f.training.reg_rate.value() == pytest.approx(tr.regularization_rate)
    assert f.training.initializer.currentData() == tr.initializer
    assert f.training.weight_seed.value() == tr.seed


def check_boundary_shown_iff_2d(m: Monkey) -> None:
    """Features feed 2-column data only; the boundary shows any data of 2 or more columns
    (a chosen pair of inputs, the others held at their mean, beyond two)."""
    w = m.window
    s = w.session
    columns = s.dataset.x.shape[1]
    plane = columns == 2
    assert (s.plane is not None) == plane
    assert is_2d(w.form.experiment()) == plane
    # Relative to the output page: the step-through or doctor tab may be in front of it.
    page = w.right_splitter
    shown = w.boundary_view.isVisibleTo(page)
    assert shown == (columns >= 2), (
        f"boundary view {'shown' if shown else 'hidden'} for {columns}-column data")
    boxes = {name: box.isVisibleTo(w.form) for name, box in w.form.features.boxes.items()}
    assert all(on == plane for on in boxes.values()), f"feature boxes shown: {boxes}"


def check_views_show_current_state(m: Monkey) -> None:
    """Paused: the status bar and the views show the trainer's epoch and the network's weights."""
    if running(m):
        return
    w = m.window
    tr, net = w.session.trainer, w.session.network
    assert w.epoch_label.text() == f"Epoch {tr.epoch}", (
        f"status bar {w.epoch_label.text()!r}, trainer at epoch {tr.epoch}")
    snap = w.last_snapshot
    assert snap is not None and (snap.epoch, snap.step) == (tr.epoch, tr.step), (
        f"views show epoch/step {snap and (snap.epoch, snap.step)}, trainer {tr.epoch}/{tr.step}")
    for shown, real in zip((*snap.weights, *snap.biases), (*net.W, *net.b), strict=True):
        assert np.array_equal(shown, real, equal_nan=True), "the views show other weights"


def check_loss_curve_ends_at_history(m: Monkey) -> None:
    if running(m):
        return
    w = m.window
    h = w.session.trainer.history
    w.loss_plot.flush()
    epochs, train, _ = w.loss_plot.data()
    assert len(h) and len(epochs), "no loss history or no loss curve"
    assert epochs[-1] == h.epoch[-1], f"the loss curve ends at epoch {epochs[-1]}, history at " \
                                      f"{h.epoch[-1]}"
    assert np.array_equal(train[-1], h.train_loss[-1], equal_nan=True)


def check_changes_are_unsaved(m: Monkey) -> None:
    """An action that changed the experiment or its training leaves it marked unsaved."""
    if m.changed:
        assert m.window.isWindowModified(), "the change is not marked unsaved in the title"


def check_title(m: Monkey) -> None:
    w = m.window
    label = os.path.basename(w.path) if w.path else "Untitled"
    name = w.session.experiment.name
    # A file named after the experiment ("run.bplab.json" for "run") does not say it twice.
    named = "" if w.path and label.startswith(name + ".") else f" — {name}"
    expected = f"{label}[*]{named} — bplab"
    assert w.windowTitle() == expected, f"title {w.windowTitle()!r}, expected {expected!r}"


_saved_cache: dict[tuple, object] = {}


def check_unmodified_means_saved(m: Monkey) -> None:
    """No '*' in the title: the file on disk holds what the window shows."""
    w = m.window
    if running(m) or w.isWindowModified() or not w.path:
        return
    path = Path(w.path)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _saved_cache:
        _saved_cache.clear()
        _saved_cache[key] = load_experiment(path)
    exp = _saved_cache[key]
    tr, net = w.session.trainer, w.session.network
    assert exp.state is not None and (exp.state.epoch, exp.state.step) == (tr.epoch, tr.step), (
        f"unmodified, but {path.name} holds epoch/step "
        f"{exp.state and (exp.state.epoch, exp.state.step)} and the window {tr.epoch}/{tr.step}")
    for saved, real in zip((*exp.state.weights, *exp.state.biases), (*net.W, *net.b),
                           strict=True):
        assert np.array_equal(saved, real, equal_nan=True), (
            f"unmodified, but {path.name} holds other weights")


def check_status_bar_after_edit(m: Monkey) -> None:
    """After a weight or bias edit or an applied step, the figures describe the edited net."""
    if running(m) or not m.edited:
        return
    m.edited = False
    w = m.window
    s = w.session
    if s.trainer.status == "diverged":
        return
    now = s.trainer.evaluate()
    if s.dataset.task == "classification":
        shown = floats_in(w.accuracy_label.text())
        assert shown and shown[0] == pytest.approx(100 * now["train_accuracy"], abs=0.051), (
            f"after the edit the status bar says {w.accuracy_label.text()!r}; the network's "
            f"train accuracy is {100 * now['train_accuracy']:.1f}%")
    if s.network.reduction == "mean" and math.isfinite(now["train_loss"]):
        shown = floats_in(w.loss_label.text())
        assert shown and shown[0] == pytest.approx(now["train_loss"], rel=1e-3, abs=1e-12), (
            f"after the edit the status bar says {w.loss_label.text()!r}; the network's "
            f"train loss is {now['train_loss']:.4g}")


def check_inspector_explains_current_step(m: Monkey) -> None:
    w = m.window
    if running(m) or not w.inspector_shown():
        return
    panel = w.inspector
    wt = panel.walkthrough
    assert wt is not None, f"the step-through shows nothing: {panel.status.text()!r}"
    if w.session.trainer.status != "diverged":
        assert not panel.status.text().startswith("Cannot explain"), panel.status.text()
        assert wt.is_current(w.session), "the step-through explains a state that is gone"


CHECKS = [
    check_play_action_follows_worker, check_network_matches_form, check_form_matches_session,
    check_fields_show_values, check_boundary_shown_iff_2d, check_views_show_current_state,
    check_loss_curve_ends_at_history, check_changes_are_unsaved, check_title,
    check_unmodified_means_saved,
    check_status_bar_after_edit, check_inspector_explains_current_step,
]


# == the test ==================================================================================
def test_random_actions(qtbot, tmp_path, seed: int, n_actions: int) -> None:
    window = make_window(qtbot)
    window.recent.clear()  # the recent list lives in settings shared by the whole session
    window._fill_recent_menu()
    m = Monkey(window, seed, tmp_path / "files", qtbot.wait)
    try:
        run_actions(m, ACTIONS, CHECKS, n_actions, last=quit_window)
    finally:
        window._ask_unsaved_changes = lambda: QMessageBox.StandardButton.Discard
        window.close()
