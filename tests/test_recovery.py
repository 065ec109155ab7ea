"""Autosave and crash recovery: the recovery file, clean exits, and restoring after a crash."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from gui_helpers import (  # noqa: F401  (no_modal_dialogs is a fixture)
    Answers,
    Button,
    close_window,
    no_modal_dialogs,
    open_window,
    small_experiment,
)
from PySide6.QtWidgets import QApplication

from bplab.experiment import load_experiment, save_experiment
from bplab.gui import recovery
from bplab.gui.main_window import MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("no_modal_dialogs")]
REPO = Path(__file__).resolve().parents[1]


def recovery_files() -> list[Path]:
    folder = recovery.recovery_dir()
    return sorted(folder.glob("autosave-*")) if folder.is_dir() else []


def experiments_in(files: list[Path]) -> list[Path]:
    return [p for p in files if p.suffix == ".json" and not p.name.endswith(".meta.json")]


# -- the recovery file on its own ------------------------------------------------------------
def test_the_data_folder_comes_from_the_environment(tmp_path):
    assert recovery.data_dir() == tmp_path / "data"  # set by no_modal_dialogs
    assert recovery.recovery_dir() == tmp_path / "data" / "recovery"


def test_a_recovery_file_is_written_with_a_sidecar_and_removed(qapp):
    store = recovery.RecoveryFile()
    assert store.path is None and recovery_files() == []  # nothing before the first write
    exp = small_experiment()
    path = store.write(exp, "/somewhere/orig.json")
    names = {p.name for p in recovery_files()}
    stem = path.stem
    assert names == {f"{stem}.json", f"{stem}.meta.json", f"{stem}.lock"}
    meta = json.loads(store.sidecar.read_text())
    assert meta["original_path"] == "/somewhere/orig.json" and meta["name"] == exp.name
    assert load_experiment(path).name == exp.name
    assert recovery.find_leftover() is None  # its window is alive: not a leftover
    store.remove()
    assert recovery_files() == []


def test_a_released_file_is_a_leftover_once(qapp):
    store = recovery.RecoveryFile()
    store.write(small_experiment(), None)
    store.release()  # what a crash does to the lock
    leftover = recovery.find_leftover()
    assert leftover is not None and leftover.original_path is None
    assert "Untitled" in leftover.describe()
    assert recovery.find_leftover() is None  # the finder holds it now
    leftover.file.release()
    assert recovery.find_leftover() is not None


def test_a_broken_sidecar_still_gives_the_experiment(qapp):
    store = recovery.RecoveryFile()
    store.write(small_experiment(), "/x/y.json")
    store.sidecar.write_text("{ not json")
    store.release()
    leftover = recovery.find_leftover()
    assert leftover is not None and leftover.original_path is None
    assert leftover.load().name == small_experiment().name


# -- autosave in the window -----------------------------------------------------------------------
@pytest.fixture
def fast_autosave(monkeypatch):
    monkeypatch.setattr(MainWindow, "autosave_interval_ms", 50)


def test_the_timer_autosaves_only_unsaved_changes(qtbot, fast_autosave):
    window = open_window(qtbot)
    assert window.autosave_timer.interval() == 50 and window.autosave_timer.isActive()
    qtbot.wait(200)
    assert recovery_files() == []  # nothing unsaved, nothing written
    window.controller.run_epochs_now(2)
    assert window.isWindowModified()
    qtbot.waitUntil(lambda: len(experiments_in(recovery_files())) == 1, timeout=3000)
    saved = load_experiment(experiments_in(recovery_files())[0])
    assert saved.state.epoch == 2
    for a, b in zip(saved.state.weights, window.session.network.W, strict=True):
        assert np.array_equal(a, b)
    close_window(window)


def test_autosave_while_training_pauses_and_resumes(qtbot):
    window = open_window(qtbot)
    window.play()
    qtbot.waitUntil(window.isWindowModified, timeout=10_000)
    path = window.autosave_now()
    assert path is not None and path.is_file()
    assert window.is_running()
    window.pause()
    close_window(window)


def test_a_failed_autosave_is_said_in_the_banner_and_the_status_bar(qtbot, monkeypatch):
    window = open_window(qtbot)

    def refuse(*args: object) -> None:
        raise OSError("the disk is full")

    monkeypatch.setattr(window._recovery, "write", refuse)
    window.controller.run_epochs_now(1)
    assert window.isWindowModified()
    window.autosave_timer.timeout.emit()  # what the 60-second timer does
    for shown in (window.statusBar().currentMessage(), window.banner.message()):
        assert "Autosave failed" in shown and "the disk is full" in shown
    close_window(window)


@pytest.mark.parametrize("how", ["save", "discard on quit", "new"])
def test_a_clean_exit_removes_the_recovery_file(qtbot, tmp_path, how):
    window = open_window(qtbot)
    answers = Answers(window)
    window.controller.run_epochs_now(1)
    assert window.autosave_now() is not None
    assert recovery_files()
    if how == "save":
        assert window.save_file(str(tmp_path / "s.json"))
    elif how == "discard on quit":
        answers.unsaved = Button.Discard
        assert window.close()
    else:
        answers.unsaved = Button.Discard
        assert window.file_new()
    assert recovery_files() == []
    close_window(window)


def test_cancelling_quit_keeps_the_recovery_file(qtbot):
    window = open_window(qtbot)
    answers = Answers(window)
    window.controller.run_epochs_now(1)
    window.autosave_now()
    answers.unsaved = Button.Cancel
    assert not window.close()
    assert experiments_in(recovery_files())
    close_window(window)
    assert recovery_files() == []


# -- after a crash ---------------------------------------------------------------------------
CRASHING_RUN = textwrap.dedent("""
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import numpy as np
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from bplab.experiment import load_experiment
    from bplab.gui.main_window import MainWindow
    original, expected = sys.argv[1], sys.argv[2]
    window = MainWindow(load_experiment(original), original, remember_layout=False)
    window.controller.run_epochs_now(3)
    app.processEvents()
    assert window.isWindowModified()
    window.autosave_timer.timeout.emit()  # what the 60-second timer does
    s = window.session
    np.savez(expected, epoch=s.trainer.epoch, *s.network.W, *s.network.b)
    os._exit(3)  # a crash: no closeEvent, no cleanup, the lock file stays behind
""")


def crash_a_window(tmp_path: Path) -> tuple[Path, Path]:
    original = tmp_path / "orig.json"
    save_experiment(small_experiment(), original)
    expected = tmp_path / "expected.npz"
    done = subprocess.run([sys.executable, "-c", CRASHING_RUN, str(original), str(expected)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    return original, expected


def test_after_a_crash_the_next_start_offers_the_autosave(qtbot, tmp_path):
    original, expected = crash_a_window(tmp_path)
    assert experiments_in(recovery_files()), "the crash left no recovery file"
    window = open_window(qtbot)
    answers = Answers(window)
    answers.restore = True
    assert window.offer_recovery()
    assert len([a for a in answers.asked if a.startswith("restore:")]) == 1
    assert "orig.json" in answers.asked[0]
    # The restored experiment is the autosaved one, unsaved, titled after its original file.
    with np.load(expected) as z:
        s = window.session
        assert s.trainer.epoch == int(z["epoch"]) == 3
        arrays = [z[f"arr_{i}"] for i in range(2 * len(s.network.W))]
        for a, b in zip(arrays, s.network.W + s.network.b, strict=True):
            assert np.array_equal(a, b)
    assert window.isWindowModified() and window.path == str(original)
    assert window.displayed_title().startswith("orig.json* — ")
    assert recovery.find_leftover() is None  # the window owns the file now
    # Saving writes the restored work to the original file and ends the recovery.
    assert window.save()
    assert load_experiment(original).state.epoch == 3
    assert recovery_files() == []
    close_window(window)


def test_declining_deletes_the_autosave_and_nobody_answering_keeps_it(qtbot, tmp_path):
    crash_a_window(tmp_path)
    window = open_window(qtbot)
    answers = Answers(window)
    answers.restore = None  # no display: the question could not be asked
    assert not window.offer_recovery()
    assert experiments_in(recovery_files()) and not window.isWindowModified()
    answers.restore = False
    assert not window.offer_recovery()
    assert recovery_files() == []
    assert window.session.trainer.epoch == 0
    assert not window.offer_recovery()  # nothing left to offer
    close_window(window)


def test_run_gui_offers_the_autosave_once_the_window_is_up(qapp, qtbot, tmp_path, monkeypatch):
    from bplab.gui.app import run_gui

    store = recovery.RecoveryFile()
    exp = small_experiment()
    exp.name = "Left behind"
    store.write(exp, None)
    store.release()  # as if its process had died
    asked = []
    monkeypatch.setattr(MainWindow, "_ask_restore", lambda self, text: asked.append(text) or True)

    def event_loop(self) -> int:  # instead of app.exec(): run what is queued, then return
        for _ in range(3):
            QApplication.processEvents()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    before = set(QApplication.topLevelWidgets())
    assert run_gui() == 0
    windows = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, MainWindow) and w not in before]
    assert len(windows) == 1 and len(asked) == 1 and "Left behind" in asked[0]
    window = windows[0]
    qtbot.addWidget(window)
    assert window.session.experiment.name == "Left behind" and window.isWindowModified()
    close_window(window)
    assert recovery_files() == []
