"""File menu: new, open, save, recent files, examples, unsaved changes, drag and drop,
failed opens and saves (offscreen; every question answered by the test)."""

from __future__ import annotations

import copy
import errno
import json
import os
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
    small_experiment,
    state_of,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from bplab.experiment import list_examples, load_experiment, save_experiment
from bplab.experiment.io import experiment_to_json
from bplab.gui.main_window import MainWindow
from bplab.gui.recent_files import MAX_RECENT

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("no_modal_dialogs")]


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot)
    yield w
    close_window(w)


@pytest.fixture
def answers(window) -> Answers:
    return Answers(window)


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def menu(window: MainWindow, name: str) -> QMenu:
    found = window.findChild(QMenu, name)
    assert found is not None, name
    return found


def train(window: MainWindow, epochs: int) -> None:
    window.controller.run_epochs_now(epochs)  # synchronous: deterministic, no thread


def saved_file(tmp_path: Path, name: str = "run.json", epochs: int = 2) -> Path:
    """A trained experiment on disk, made without a window."""
    from bplab.experiment import Session

    session = Session(small_experiment())
    session.trainer.record()
    session.trainer.run_epochs(epochs)
    path = tmp_path / name
    save_experiment(session.to_experiment(), path)
    return path


# -- the menu ----------------------------------------------------------------------------
def test_file_menu_has_every_entry_with_standard_shortcuts(window):
    file_menu = menu(window, "menuFile")
    names = [a.objectName() or (a.menu().objectName() if a.menu() else "")
             for a in file_menu.actions() if not a.isSeparator()]
    assert names == ["actionNew", "actionOpen", "menuRecent", "menuExamples", "actionImportCsv",
                     "actionSave",
                     "actionSaveAs", "menuExport", "actionQuit"]
    for name, key in (("actionNew", QKeySequence.StandardKey.New),
                      ("actionOpen", QKeySequence.StandardKey.Open),
                      ("actionSave", QKeySequence.StandardKey.Save),
                      ("actionSaveAs", QKeySequence.StandardKey.SaveAs),
                      ("actionQuit", QKeySequence.StandardKey.Quit)):
        wanted = QKeySequence.keyBindings(key)
        if wanted:  # some platforms have no standard key (Save As on Linux has Ctrl+Shift+S)
            assert action(window, name).shortcut() == wanted[0], name


def test_examples_menu_lists_every_example_and_opens_it_untitled(window, answers):
    examples = list_examples()
    assert examples, "resources/examples is empty"
    items = [a for a in menu(window, "menuExamples").actions() if not a.isSeparator()]
    assert [a.text() for a in items] == [title for title, _ in examples]
    title, _ = examples[-1]
    items[-1].trigger()
    assert window.session.experiment.name == title
    assert window.path is None  # the shipped example is never overwritten by Save
    assert window.displayed_title().startswith("Untitled — ")
    assert not window.isWindowModified()


# -- title and unsaved changes -----------------------------------------------------------
def test_title_shows_the_file_name_and_a_star_while_modified(window, answers, tmp_path):
    assert window.displayed_title().startswith("Untitled — ")
    assert "*" not in window.displayed_title() and "[*]" in window.windowTitle()
    action(window, "actionStep").trigger()
    assert window.isWindowModified()
    assert window.displayed_title().startswith("Untitled* — ")
    answers.save_path = str(tmp_path / "mine.json")
    action(window, "actionSave").trigger()
    assert window.displayed_title().startswith("mine.json — ")
    assert not window.isWindowModified()


def test_form_changes_weight_edits_and_training_mark_unsaved(window, tmp_path):
    path = str(tmp_path / "a.json")
    window.form.findChild(object, "batchSizeSpin").setValue(20)
    assert window.isWindowModified()
    assert window.save_file(path) and not window.isWindowModified()
    window.controller.edit_weight(0, 0, 0, 0.5)  # what a click on a link does, then:
    window._on_weight_edited(0, 0, 0, 0.5)
    assert window.isWindowModified()
    assert window.save_file(path) and not window.isWindowModified()
    train(window, 1)  # progress arrives as a snapshot
    assert window.isWindowModified()


def test_save_while_training_pauses_saves_and_resumes(window, qtbot, tmp_path):
    path = tmp_path / "live.json"
    window.play()
    qtbot.waitUntil(lambda: window.session.trainer.epoch >= 3, timeout=10_000)
    assert window.save_file(str(path))
    assert window.is_running()  # resumed
    saved = load_experiment(path)
    assert saved.state is not None and saved.state.epoch >= 3
    # Training goes on after the save: that progress is unsaved again.
    qtbot.waitUntil(window.isWindowModified, timeout=10_000)
    window.pause()


# -- save, new, open -----------------------------------------------------------------------
def spec_of(exp) -> dict:
    doc = experiment_to_json(exp)
    doc.pop("state")
    return doc


def test_save_new_open_gives_identical_weights_history_and_settings(window, answers, tmp_path):
    window.form.findChild(object, "batchSizeSpin").setValue(7)
    train(window, 3)
    QApplication.processEvents()
    before = window.session.to_experiment()
    image = window.boundary_view.image_item().image.copy()
    path = tmp_path / "run.json"
    assert window.save_file(str(path))
    before.name = "run"  # saving an experiment not named yet names it after the file
    action(window, "actionNew").trigger()
    assert window.session.trainer.epoch == 0 and window.path is None
    answers.open_path = str(path)
    action(window, "actionOpen").trigger()
    after = window.session.to_experiment()
    assert window.path == str(path) and not window.isWindowModified()
    assert spec_of(after) == spec_of(before)
    for a, b in zip(before.state.weights + before.state.biases,
                    after.state.weights + after.state.biases, strict=True):
        assert np.array_equal(a, b)
    cols_before, cols_after = before.state.history.as_columns(), after.state.history.as_columns()
    for key, values in cols_before.items():
        np.testing.assert_array_equal(cols_after[key], values)
    # The views show the same run: the whole loss curve and the same boundary.
    epochs, train_loss, test_loss = window.loss_plot.data()
    np.testing.assert_array_equal(epochs, cols_before["epoch"])
    np.testing.assert_array_equal(train_loss, cols_before["train_loss"])
    np.testing.assert_array_equal(test_loss, cols_before["test_loss"])
    assert window.last_snapshot.epoch == 3
    np.testing.assert_array_equal(window.boundary_view.image_item().image, image)


def test_continuing_a_reopened_run_equals_an_uninterrupted_run(qtbot, tmp_path):
    first = open_window(qtbot)
    train(first, 3)
    path = tmp_path / "three.json"
    assert first.save_file(str(path))
    close_window(first)
    reopened = open_window(qtbot)
    assert reopened.open_file(str(path))
    train(reopened, 2)
    straight = open_window(qtbot)
    train(straight, 5)
    for a, b in ((reopened.session, straight.session),):
        assert a.trainer.epoch == b.trainer.epoch == 5
        assert a.trainer.step == b.trainer.step
        for x, y in zip(a.network.W + a.network.b, b.network.W + b.network.b, strict=True):
            assert np.array_equal(x, y)  # bit for bit
        ha, hb = a.trainer.history.as_columns(), b.trainer.history.as_columns()
        for key in hb:
            np.testing.assert_array_equal(ha[key], hb[key])
    # Play continues from the reopened state, too.
    reopened.play()
    qtbot.waitUntil(lambda: reopened.session.trainer.epoch > 5, timeout=10_000)
    reopened.pause()
    close_window(reopened)
    close_window(straight)


# -- the unsaved-changes question ----------------------------------------------------------
def test_new_with_changes_and_cancel_keeps_everything(window, answers):
    train(window, 2)
    before = state_of(window)
    answers.unsaved = Button.Cancel
    action(window, "actionNew").trigger()
    assert answers.asked == ["unsaved"]
    assert_same_state(before, window)
    assert window.isWindowModified()


def test_new_with_changes_and_discard_replaces(window, answers):
    train(window, 2)
    answers.unsaved = Button.Discard
    action(window, "actionNew").trigger()
    assert window.session.trainer.epoch == 0
    assert not window.isWindowModified() and window.path is None


def test_new_with_changes_and_save_saves_first(window, answers, tmp_path):
    train(window, 2)
    weights = [w.copy() for w in window.session.network.W]
    answers.unsaved = Button.Save
    answers.save_path = str(tmp_path / "kept.json")
    action(window, "actionNew").trigger()
    saved = load_experiment(tmp_path / "kept.json")
    assert saved.state.epoch == 2
    assert all(np.array_equal(a, b) for a, b in zip(weights, saved.state.weights, strict=True))
    assert window.session.trainer.epoch == 0


def test_save_cancelled_in_the_file_dialog_cancels_new(window, answers):
    train(window, 1)
    before = state_of(window)
    answers.unsaved = Button.Save
    answers.save_path = None  # the Save As dialog was cancelled
    action(window, "actionNew").trigger()
    assert_same_state(before, window)


@pytest.mark.parametrize("how", ["open", "example", "recent", "drop"])
def test_other_replacing_commands_ask_too(window, answers, tmp_path, how, qtbot):
    other = saved_file(tmp_path)
    window.recent.add(str(other))
    window._fill_recent_menu()
    train(window, 1)
    before = state_of(window)
    answers.unsaved = Button.Cancel
    answers.open_path = str(other)
    if how == "open":
        action(window, "actionOpen").trigger()
    elif how == "example":
        menu(window, "menuExamples").actions()[0].trigger()
    elif how == "recent":
        action(window, "recentFile1").trigger()
    else:
        drop(window, [other])
        qtbot.waitUntil(lambda: answers.asked == ["unsaved"], timeout=2000)
    assert answers.asked == ["unsaved"]
    assert_same_state(before, window)


def test_quit_and_close_with_changes_ask(qtbot, tmp_path):
    window = open_window(qtbot)
    answers = Answers(window)
    train(window, 1)
    answers.unsaved = Button.Cancel
    action(window, "actionQuit").trigger()
    assert window.isVisible() and answers.asked == ["unsaved"]
    assert not window.close()
    assert window.isVisible()
    answers.unsaved = Button.Save
    answers.save_path = str(tmp_path / "bye.json")
    assert window.close()
    assert not window.isVisible()
    assert load_experiment(tmp_path / "bye.json").state.epoch == 1


def test_closing_without_changes_does_not_ask(qtbot):
    window = open_window(qtbot)
    answers = Answers(window)
    assert window.close()
    assert answers.asked == []


# -- recent files ----------------------------------------------------------------------------
def test_recent_files_update_newest_first_and_cap_at_ten(window, answers, tmp_path):
    window.clear_recent()
    paths = [str(tmp_path / f"r{n}.json") for n in range(12)]
    for p in paths:
        assert window.save_file(p)
    assert window.recent.paths() == list(reversed(paths))[:MAX_RECENT]
    window._fill_recent_menu()
    items = [a for a in menu(window, "menuRecent").actions()
             if a.objectName().startswith("recentFile")]
    assert len(items) == MAX_RECENT
    assert items[0].data() == paths[-1]
    assert window.open_file(paths[3])  # opening moves a file to the top
    assert window.recent.paths()[0] == paths[3]
    assert len(window.recent.paths()) == MAX_RECENT


def test_recent_files_survive_a_new_window(qtbot, tmp_path):
    first = open_window(qtbot)
    first.clear_recent()
    assert first.save_file(str(tmp_path / "x.json"))
    close_window(first)
    second = open_window(qtbot)
    assert second.recent.paths() == [str(tmp_path / "x.json")]
    close_window(second)


def test_a_missing_recent_file_is_removed_with_a_message(window, answers, tmp_path):
    window.clear_recent()
    gone = saved_file(tmp_path, "gone.json")
    kept = saved_file(tmp_path, "kept.json")
    window.recent.add(str(gone))
    window.recent.add(str(kept))
    gone.unlink()
    window._fill_recent_menu()
    before = state_of(window)
    target = next(a for a in menu(window, "menuRecent").actions() if a.data() == str(gone))
    target.trigger()
    assert len(answers.errors) == 1 and "gone.json" in answers.errors[0][1]
    assert window.recent.paths() == [str(kept)]
    assert_same_state(before, window)


def test_clear_list_empties_the_recent_menu(window, tmp_path):
    assert window.save_file(str(tmp_path / "x.json"))
    action(window, "actionClearRecent").trigger()
    assert window.recent.paths() == []
    assert not action(window, "actionClearRecent").isEnabled()


# -- drag and drop -----------------------------------------------------------------------------
def mime_for(paths: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop(window: MainWindow, paths: list[Path]) -> QDropEvent:
    mime = mime_for(paths)
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    event.mime = mime  # keep the data alive as long as the event
    return event


def test_dropping_an_experiment_file_opens_it(window, answers, tmp_path, qtbot):
    path = saved_file(tmp_path, "dropped.json", epochs=3)
    mime = mime_for([tmp_path / "notes.txt", path])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = drop(window, [path])
    assert event.isAccepted()
    qtbot.waitUntil(lambda: window.path == str(path), timeout=2000)
    assert window.session.trainer.epoch == 3


def test_dragging_other_files_is_refused(window, tmp_path):
    mime = mime_for([tmp_path / "picture.png"])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()
    assert window.acceptDrops()


# -- files that cannot be opened ------------------------------------------------------------------
def _doc(tmp_path: Path) -> dict:
    return json.loads(saved_file(tmp_path, "valid.json").read_text())


def _edit(change):
    def make(doc: dict) -> str:
        doc = copy.deepcopy(doc)
        change(doc)
        return json.dumps(doc)
    return make


BAD_FILES = {
    # name: (make the file's content from a valid document, what the message must name)
    "corrupt JSON": (lambda d: json.dumps(d).replace(",", ";", 1), "not valid JSON at line"),
    "wrong type": (_edit(lambda d: d["training"].__setitem__("learning_rate", "fast")),
                   "training.learning_rate"),
    "unknown version": (_edit(lambda d: d.__setitem__("version", 99)), "version 99"),
    "shape mismatch": (_edit(lambda d: d["state"]["weights"][0].pop()), "state.weights[0]"),
    "NaN weights": (lambda d: json.dumps(d).replace(
        json.dumps(d["state"]["weights"][1][0][0]), "NaN", 1), "NaN"),
    "truncated": (lambda d: json.dumps(d)[: len(json.dumps(d)) // 2], "ends too early"),
    "not an experiment (list)": (lambda d: "[1, 2, 3]", "not a bplab experiment"),
    "not an experiment (object)": (lambda d: '{"hello": "world"}', "format"),
    "not an experiment (binary)": (lambda d: "\x89PNG\r\n\x1a\n", "not a bplab experiment"),
    "empty": (lambda d: "", "empty"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_shows_why_and_changes_nothing(window, answers, tmp_path, case):
    make, expected = BAD_FILES[case]
    good = tmp_path / "current.json"
    train(window, 2)
    assert window.save_file(str(good))
    train(window, 1)  # unsaved progress must survive the failed open too
    bad = tmp_path / "bad.json"
    content = make(_doc(tmp_path))
    bad.write_bytes(content.encode("latin-1") if case.endswith("(binary)") else content.encode())
    before = state_of(window)
    assert not window.open_file(str(bad))
    assert len(answers.errors) == 1
    _, text = answers.errors[0]
    assert "bad.json" in text and expected in text, text
    assert_same_state(before, window)
    assert window.recent.paths()[0] == str(good)  # the bad file is not remembered


def test_a_bad_file_through_the_open_dialog(window, answers, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "bplab-experiment", "version": 1, "data": 3}')
    before = state_of(window)
    answers.open_path = str(bad)
    action(window, "actionOpen").trigger()
    assert answers.errors and "data" in answers.errors[0][1]
    assert_same_state(before, window)


def test_the_error_dialog_is_a_warning_box_that_does_not_block(window, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert not window.open_file(str(bad))  # the real _show_error: window-modal, non-blocking
    box = window._dialog
    assert box is not None and box.isVisible()
    assert box.icon() == box.Icon.Warning and "bad.json" in box.text()
    box.close()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_truncated_or_mutated_files_never_break_the_window(window, answers, tmp_path, data):
    valid = json.dumps(_doc(tmp_path)).encode()
    if data.draw(st.booleans(), label="truncate"):
        content = valid[: data.draw(st.integers(0, len(valid) - 2), label="length")]
    else:
        pos = data.draw(st.integers(0, len(valid) - 1), label="position")
        byte = data.draw(st.integers(0, 255), label="byte")
        content = valid[:pos] + bytes([byte]) + valid[pos + 1:]
    bad = tmp_path / "mutant.json"
    bad.write_bytes(content)
    answers.errors.clear()
    before = state_of(window)
    if window.open_file(str(bad)):  # a harmless mutation (a digit of a weight, say)
        assert not answers.errors and window.path == str(bad)
        assert window.new_experiment() is None
        return
    assert len(answers.errors) == 1 and "mutant.json" in answers.errors[0][1]
    assert_same_state(before, window)


# -- files that cannot be saved ----------------------------------------------------------------
def test_a_failed_save_shows_why_and_keeps_the_old_file(window, answers, tmp_path, monkeypatch):
    path = tmp_path / "kept.json"
    train(window, 1)
    assert window.save_file(str(path))
    old = path.read_bytes()
    train(window, 1)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("bplab.experiment.io.os.fsync", disk_full)
    before = state_of(window)
    assert not window.save_file(str(path))
    assert len(answers.errors) == 1 and "disk is full" in answers.errors[0][1]
    assert path.read_bytes() == old
    assert_same_state(before, window)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kept")] == []


def test_saving_into_a_missing_folder_shows_why(window, answers, tmp_path):
    train(window, 1)
    before = state_of(window)
    assert not window.save_file(str(tmp_path / "no" / "such" / "x.json"))
    assert "does not exist" in answers.errors[0][1]
    assert_same_state(before, window)


def test_saving_diverged_weights_is_refused_with_a_reason(window, answers, tmp_path):
    window.session.network.W[0][0, 0] = np.nan
    window.setWindowModified(True)
    assert not window.save_file(str(tmp_path / "nan.json"))
    assert "state.weights[0]" in answers.errors[0][1]
    assert not (tmp_path / "nan.json").exists()


def test_saving_into_a_read_only_folder_shows_why(window, answers, tmp_path, monkeypatch):
    path = tmp_path / "ro.json"
    assert window.save_file(str(path))
    old = path.read_bytes()
    train(window, 1)

    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    # Tests may run as root, for whom chmod does not make a folder read-only.
    monkeypatch.setattr("bplab.experiment.io.os.open", read_only)
    before = state_of(window)
    assert not window.save_file(str(path))
    assert "read-only" in answers.errors[0][1] and "ro.json" in answers.errors[0][1]
    assert path.read_bytes() == old
    assert_same_state(before, window)


def test_dropped_bplab_files_are_recognised_and_new_files_get_the_registered_suffix() -> None:
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from bplab.gui.file_actions import EXPERIMENT_SUFFIX, dropped_experiment

    assert EXPERIMENT_SUFFIX == ".bplab.json"  # what resources/bplab-mime.xml registers
    for name, expected in [("/tmp/a.bplab", True), ("/tmp/a.bplab.json", True),
                           ("/tmp/a.json", True), ("/tmp/a.csv", False)]:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(name)])
        event = QDropEvent(QPoint(1, 1), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        assert (dropped_experiment(event) == name) is expected


# -- training pauses while a question about the current experiment is open ---------------
def _pausing_question(window: MainWindow, qtbot, answer: Button, seen: list) -> None:
    """Answer the unsaved-changes question after 300 ms of events, noting what trained."""

    def ask() -> Button:
        step = window.session.trainer.step
        qtbot.wait(300)  # a user reading the question; the event loop keeps running
        seen.append((step, window.session.trainer.step, window.is_running()))
        return answer

    window._ask_unsaved_changes = ask


@pytest.mark.parametrize("how", ["new", "open", "example", "recent", "drop", "csv", "close"])
def test_training_pauses_while_asking_and_resumes_on_cancel(window, answers, tmp_path, how,
                                                           qtbot):
    other = saved_file(tmp_path)
    window.recent.add(str(other))
    window._fill_recent_menu()
    answers.open_path = str(other)
    seen: list = []
    _pausing_question(window, qtbot, Button.Cancel, seen)
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: window.session.trainer.epoch > 2 and window.isWindowModified(),
                    timeout=10_000)
    session = window.session
    if how == "new":
        assert not window.file_new()
    elif how == "open":
        assert not window.open_dialog()
    elif how == "example":
        assert not window.open_example(str(list_examples()[0][1]))
    elif how == "recent":
        assert not window.open_recent(str(other))
    elif how == "drop":
        assert not window.open_dropped(str(other))
    elif how == "csv":
        assert not window.import_csv_dialog()
    else:
        assert not window.close()
    assert len(seen) == 1
    before, after, running = seen[0]
    assert before == after and not running  # not one step while the question was open
    assert window.session is session and window.is_running()  # cancelled: training goes on
    step = session.trainer.step
    qtbot.waitUntil(lambda: session.trainer.step > step, timeout=5000)
    window.pause()


def test_quitting_saves_what_the_question_showed(qtbot, tmp_path):
    window = open_window(qtbot)
    answers = Answers(window)
    answers.save_path = str(tmp_path / "bye.bplab.json")
    seen: list = []
    _pausing_question(window, qtbot, Button.Save, seen)
    action(window, "actionPlay").trigger()
    qtbot.waitUntil(lambda: window.session.trainer.epoch > 2 and window.isWindowModified(),
                    timeout=10_000)
    assert window.close()
    before, after, _ = seen[0]
    assert load_experiment(tmp_path / "bye.bplab.json").state.step == before == after
    assert not window.controller._thread.isRunning()
