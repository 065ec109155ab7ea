"""The File menu's behaviour for the main window: new, open, save, recent files,
examples, the unsaved-changes question, drag and drop, autosave and recovery.

``FileActions`` is a mixin of ``MainWindow``; it uses the window's
``controller``, ``session``, ``path``, ``load_experiment`` and ``show_message``.
Every question goes through one small method (``_ask_unsaved_changes``,
``_ask_open_path``, ``_ask_save_path``, ``_ask_restore``, ``_show_error``) so
that tests can replace it and never meet a modal dialog.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QMenu, QMessageBox

from bplab.data.csv_reader import read_csv
from bplab.experiment import (
    Experiment,
    ExperimentFileError,
    default_experiment,
    list_examples,
)
from bplab.experiment.adapt import experiment_for_points
from bplab.gui import dialogs, names
from bplab.gui.recent_files import RecentFiles
from bplab.gui.recovery import Leftover, RecoveryFile, find_leftover
from bplab.gui.worker import TrainingBusy

if TYPE_CHECKING:
    from bplab.gui.main_window import MainWindow

FILE_FILTER = "bplab experiments (*.bplab.json *.bplab *.json);;All files (*)"  # see _filter
# New files get the double suffix: desktops map it to bplab (resources/bplab-mime.xml)
# while editors still see JSON.
EXPERIMENT_SUFFIX = ".bplab.json"
OPENABLE_SUFFIXES = (".json", ".bplab")
CSV_FILTER = "CSV files (*.csv)"  # see _filter
AUTOSAVE_INTERVAL_MS = 60_000
AUTOSAVE_NOTICE_MS = 15_000  # how long the status bar says that an autosave failed
Button = QMessageBox.StandardButton
LOAD_ERRORS = (ExperimentFileError, OSError, ValueError)  # ValueError: a network not buildable


def _filter(file_filter: str) -> str:
    """A file dialog's filter in the current language (the patterns stay as they are)."""
    names = {FILE_FILTER: QCoreApplication.translate(
                 "FileActions", "bplab experiments (*.bplab.json *.bplab *.json);;All files (*)"),
             CSV_FILTER: QCoreApplication.translate("FileActions", "CSV files (*.csv)")}
    return names.get(file_filter, file_filter)


def dropped_experiment(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> str | None:
    """The first local experiment file (.json, .bplab) among the dragged URLs, if any."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(OPENABLE_SUFFIXES):
            return url.toLocalFile()
    return None


class FileActions:
    """Mixin: what File ▸ New/Open/Save/… do, and the window's unsaved-changes bookkeeping."""

    autosave_interval_ms = AUTOSAVE_INTERVAL_MS  # tests shorten it before building a window

    def _init_files(self: MainWindow, settings: tuple[str, str]) -> None:
        self.recent = RecentFiles(*settings)
        self._recovery = RecoveryFile()  # writes nothing until the first autosave
        self._closed = False  # a close was accepted: later close events pass silently
        self._clean_step = self.session.trainer.step  # steps past this are unsaved progress
        self.setAcceptDrops(True)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setObjectName("autosaveTimer")
        self.autosave_timer.setInterval(self.autosave_interval_ms)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()

    def _build_file_menu(self: MainWindow, menu: QMenu, export_menu: QMenu) -> None:
        menu.addAction(self.action_new)
        menu.addAction(self.action_open)
        self.recent_menu = menu.addMenu("")  # titles: _retranslate_files
        self.recent_menu.setObjectName("menuRecent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.examples_menu = menu.addMenu("")
        self.examples_menu.setObjectName("menuExamples")
        self._fill_examples_menu()
        menu.addAction(self.action_import_csv)
        menu.addSeparator()
        menu.addAction(self.action_save)
        menu.addAction(self.action_save_as)
        menu.addSeparator()
        menu.addMenu(export_menu)
        menu.addSeparator()
        menu.addAction(self.action_quit)
        self._fill_recent_menu()

    def _retranslate_files(self: MainWindow) -> None:
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.examples_menu.setTitle(self.tr("E&xamples"))
        self._fill_recent_menu()
        self._fill_examples_menu()

    def _fill_recent_menu(self: MainWindow) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent.paths()
        for n, path in enumerate(paths, start=1):
            # &1 … &9, then 1&0: keyboard access without stealing letters of the name
            digit = f"&{n}" if n < 10 else "1&0"
            action = menu.addAction(f"{digit}  {os.path.basename(path)}")
            action.setObjectName(f"recentFile{n}")
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if not paths:
            empty = menu.addAction(self.tr("No recent files"))
            empty.setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction(self.tr("&Clear list"))
        clear.setObjectName("actionClearRecent")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self.clear_recent)
        menu.setToolTipsVisible(True)

    def _fill_examples_menu(self: MainWindow) -> None:
        self.examples_menu.clear()
        examples = list_examples()
        for title, path in examples:
            action = self.examples_menu.addAction(names.shown(title))
            action.setObjectName(f"example_{path.stem}")
            action.setToolTip(path.name)
            action.setData(str(path))
            action.triggered.connect(lambda _=False, p=str(path): self.open_example(p))
        if not examples:
            self.examples_menu.addAction(self.tr("No examples installed")).setEnabled(False)
        self.examples_menu.setToolTipsVisible(True)

    # -- the title and the unsaved-changes flag ----------------------------------
    def _file_label(self: MainWindow) -> str:
        return os.path.basename(self.path) if self.path else self.tr("Untitled")

    def _update_title(self: MainWindow) -> None:
        label, name = self._file_label(), self.session.experiment.name
        same = self.path and os.path.basename(self.path).startswith(name + ".")
        name = self._shown_name()
        named = "" if same else f" — {name}"  # "run.bplab.json — run" says it twice
        self.setWindowTitle(f"{label}[*]{named} — bplab")

    def displayed_title(self: MainWindow) -> str:
        """The title as the window manager shows it: '[*]' becomes '*' while modified."""
        return self.windowTitle().replace("[*]", "*" if self.isWindowModified() else "")

    def _mark_clean(self: MainWindow, step: int | None = None) -> None:
        """Nothing unsaved: after save, open and new.  The autosave is not needed any more."""
        self._clean_step = self.session.trainer.step if step is None else step
        self.setWindowModified(False)
        self._recovery.remove()
        self._update_title()

    def _note_progress(self: MainWindow, step: int) -> None:
        """Training past the saved state is an unsaved change."""
        if step > self._clean_step and not self.isWindowModified():
            self.setWindowModified(True)

    # -- questions (tests replace these) --------------------------------------------
    def _ask_unsaved_changes(self: MainWindow) -> Button:
        return dialogs.unsaved_changes(self, self._file_label())

    def _ask_open_path(self: MainWindow) -> str | None:
        folder = os.path.dirname(self.path) if self.path else ""
        return dialogs.open_path(self, folder, _filter(FILE_FILTER))

    def _ask_csv_path(self: MainWindow) -> str | None:
        folder = os.path.dirname(self.path) if self.path else ""
        return dialogs.open_path(self, folder, _filter(CSV_FILTER),
                                 self.tr("Import data from CSV"))

    def _ask_save_path(self: MainWindow, title: str, suggested_name: str,
                       file_filter: str) -> str | None:
        return dialogs.save_path(self, title, suggested_name, _filter(file_filter))

    def _ask_restore(self: MainWindow, text: str) -> bool | None:
        return dialogs.restore_recovered(self, text)

    def _show_error(self: MainWindow, title: str, text: str) -> None:
        """A warning box that does not block the event loop (window-modal ``open``)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, Button.Ok, self)
        box.setObjectName("errorDialog")
        box.open()
        self._dialog = box
        print(f"bplab: {title}: {text}", file=sys.stderr)

    def _confirm_discard(self: MainWindow) -> bool:
        """True when the current experiment may be replaced: nothing unsaved, saved, or
        discarded on purpose; False when the user cancelled (or saving failed)."""
        if not self.isWindowModified():
            return True
        answer = self._ask_unsaved_changes()
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def _paused_while_asking(self: MainWindow, command: Callable[[], bool]) -> bool:
        """Run a command that may ask about the current experiment, with training paused.

        What the user is asked to save is then what the window shows.  If the
        command fails and leaves the experiment in place (Cancel, a failed
        open, …), training resumes as it was.
        """
        session, was_running = self.session, self.is_running()
        try:
            self.controller.require_paused()
        except TrainingBusy as exc:
            self._refuse_busy(exc)
            return False
        done = False
        try:
            done = command()
            return done
        finally:
            if was_running and not done and self.session is session:
                self.controller.start()

    # -- commands ---------------------------------------------------------------------
    def file_new(self: MainWindow) -> bool:
        def new() -> bool:
            if not self._confirm_discard():
                return False
            self.new_experiment()
            return True
        return self._paused_while_asking(new)

    def new_experiment(self: MainWindow) -> None:
        """The default experiment, untitled, without asking."""
        self.load_experiment(default_experiment(), None)
        self._mark_clean()

    def open_dialog(self: MainWindow) -> bool:
        def ask_and_open() -> bool:
            if not self._confirm_discard():
                return False
            path = self._ask_open_path()
            return bool(path) and self.open_file(path)
        return self._paused_while_asking(ask_and_open)

    def open_file(self: MainWindow, path: str) -> bool:
        """Load ``path`` without asking; on failure show why and change nothing."""
        from bplab.experiment import Session, load_experiment

        try:
            exp = load_experiment(path)
            session = Session(exp)  # built before anything is replaced
        except LOAD_ERRORS as exc:
            self._show_error(self.tr("Could not open the experiment"),
                             self.tr("Could not open {0}:\n{1}").format(os.path.basename(path),
                                                                        exc))
            return False
        if not self.load_experiment(exp, path, session):
            return False
        self._mark_clean()
        self.recent.add(path)
        self._fill_recent_menu()
        return True

    def open_recent(self: MainWindow, path: str) -> bool:
        if not os.path.isfile(path):
            self.recent.remove(path)
            self._fill_recent_menu()
            self._show_error(self.tr("File not found"),
                             self.tr("{0} does not exist any more (moved, renamed or deleted); "
                                     "it was removed from the recent files.").format(path))
            return False
        return self._paused_while_asking(lambda: self._confirm_discard()
                                         and self.open_file(path))

    def clear_recent(self: MainWindow) -> None:
        self.recent.clear()
        self._fill_recent_menu()

    def open_example(self: MainWindow, path: str) -> bool:
        """Open a shipped example as a new, untitled experiment (the example stays as it is)."""
        return self._paused_while_asking(lambda: self._confirm_discard()
                                         and self._open_example(path))

    def _open_example(self: MainWindow, path: str) -> bool:
        from bplab.experiment import Session, load_experiment

        try:
            exp = load_experiment(path)
            session = Session(exp)
        except LOAD_ERRORS as exc:
            self._show_error(self.tr("Could not open the example"), f"{exc}")
            return False
        if not self.load_experiment(exp, None, session):
            return False
        self._mark_clean()
        return True

    def import_csv_dialog(self: MainWindow) -> bool:
        def ask_and_import() -> bool:
            if not self._confirm_discard():
                return False
            path = self._ask_csv_path()
            return bool(path) and self.import_csv(path)
        return self._paused_while_asking(ask_and_import)

    def import_csv(self: MainWindow, path: str) -> bool:
        """A new, untitled experiment: the CSV's points (last column the label) with the
        form's architecture and training settings; on failure show why, change nothing."""
        from bplab.experiment import Session

        try:
            ds = read_csv(path)
            exp = experiment_for_points(self.form.experiment(), ds)
            session = Session(exp)
        except ValueError as exc:  # CsvError too
            self._show_error(self.tr("Cannot import data"), str(exc))
            return False
        if not self.load_experiment(exp, None, session):
            return False
        self._clean_step = -1  # nothing of this is saved
        self.setWindowModified(True)
        self._update_title()
        return True

    def save(self: MainWindow) -> bool:
        return self.save_file(self.path) if self.path else self.save_as_dialog()

    def save_as_dialog(self: MainWindow) -> bool:
        suggested = self.path or os.path.join(self._export_folder(),
                                              self._suggested_stem() + EXPERIMENT_SUFFIX)
        path = self._ask_save_path(self.tr("Save experiment as"), suggested, FILE_FILTER)
        if not path:
            return False
        if not os.path.splitext(path)[1]:
            path += EXPERIMENT_SUFFIX
        return self.save_file(path)

    def save_file(self: MainWindow, path: str) -> bool:
        """Save everything needed to continue; training pauses for the copy and resumes."""
        from bplab.experiment import save_experiment

        try:
            with self.controller.paused():  # weights, optimizer and history of one moment
                exp = self.session.to_experiment()
            save_experiment(exp, path)
        except (ExperimentFileError, OSError) as exc:  # OSError: TrainingBusy too
            self._show_error(self.tr("Could not save the experiment"),
                             self.tr("Could not save to {0}:\n{1}\n\nThe file on disk was not "
                                     "changed.").format(path, exc))
            return False
        self.path = path
        assert exp.state is not None
        self._mark_clean(exp.state.step)
        self.recent.add(path)
        self._fill_recent_menu()
        return True

    # -- drag and drop --------------------------------------------------------------
    def dragEnterEvent(self: MainWindow, event: QDragEnterEvent) -> None:
        if dropped_experiment(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self: MainWindow, event: QDragMoveEvent) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self: MainWindow, event: QDropEvent) -> None:
        path = dropped_experiment(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # After the drop returns: the unsaved-changes question must not run inside
        # the drag's own event handling (the source application waits meanwhile).
        QTimer.singleShot(0, lambda: self.open_dropped(path))

    def open_dropped(self: MainWindow, path: str) -> bool:
        return self._paused_while_asking(lambda: self._confirm_discard()
                                         and self.open_file(path))

    # -- autosave and recovery ---------------------------------------------------------
    def autosave_now(self: MainWindow) -> Path | None:
        """Write the recovery file if there are unsaved changes; its path, or None."""
        if not self.isWindowModified() or self._closed or self.controller.is_stepping():
            return None  # (a Step is not cancelled for it: the next autosave comes soon)
        try:
            with self.controller.paused():
                exp = self.session.to_experiment()
            return self._recovery.write(exp, self.path)
        except (ExperimentFileError, OSError) as exc:  # NaN weights, disk full, TrainingBusy
            # Said where it stays seen (the banner) and where it is looked for (the status bar).
            text = self.tr("Autosave failed: {0}").format(exc)
            self.show_message(text, "warning")
            self.statusBar().showMessage(text, AUTOSAVE_NOTICE_MS)
            print(f"bplab: {text}", file=sys.stderr)
            return None

    def offer_recovery(self: MainWindow) -> bool:
        """If a crashed window left an autosave, offer it; True if it was restored."""
        leftover = find_leftover()
        if leftover is None:
            return False
        answer = self._ask_restore(leftover.describe())
        if answer is None:  # nobody could answer: keep it for the next start
            leftover.file.release()
            return False
        if not answer:
            leftover.file.remove()
            return False
        return self.restore_leftover(leftover)

    def restore_leftover(self: MainWindow, leftover: Leftover) -> bool:
        """Open the autosave as an unsaved, modified version of its original file."""
        from bplab.experiment import Session

        try:
            exp: Experiment = leftover.load()
            session = Session(exp)
        except LOAD_ERRORS as exc:
            leftover.file.remove()  # unreadable: offering it again would not help
            self._show_error(self.tr("Could not restore the autosave"), str(exc))
            return False
        if not self.load_experiment(exp, leftover.original_path, session):
            leftover.file.remove()
            return False
        self._recovery.remove()
        self._recovery = leftover.file  # keep autosaving into it: a second crash loses nothing
        self._clean_step = -1  # nothing of this is saved
        self.setWindowModified(True)
        self._update_title()
        return True

    def _close_requested(self: MainWindow, event: QCloseEvent) -> bool:
        """closeEvent's question; True if the window may close (the recovery file goes)."""
        if self._closed:
            return True
        if not self._paused_while_asking(self._confirm_discard):
            event.ignore()
            return False
        self._closed = True
        self.autosave_timer.stop()
        self._recovery.remove()  # a clean exit: saved, discarded or unchanged
        return True
