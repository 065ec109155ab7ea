"""The window's runs: keeping each run, Restart, restoring a run, and the Runs panel.

``RunsActions`` is a mixin of ``MainWindow``.  The runs live in the session's
experiment (``session.experiment.runs``), so saving, autosave and exports see
them without asking; the bookkeeping itself is ``bplab.experiment.runs``.  A
run ends when a new one starts (Reset, New data, a rebuild, Restart): the
window finishes it (``_carry_runs``) before installing the new session.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt

from bplab.experiment import Session
from bplab.experiment.model import Run
from bplab.experiment.runs import (
    current_run,
    find_run,
    finish_current,
    relabel_current,
    restore_run,
    start_run,
)
from bplab.experiment.snapshot import Snapshot
from bplab.experiment.stop_rules import StopReason

# A window shorter than SHORT_WINDOW at first shows the Runs panel as a tab beside the form,
# at the same height below which the code view goes there too.
from bplab.gui.code_view import SHORT_WINDOW
from bplab.gui.run_text import shown_label, shown_summary, shown_title
from bplab.gui.runs_panel import RunRow, RunsPanel
from bplab.gui.stop_text import stop_text
from bplab.gui.views.loss_plot import Overlay

if TYPE_CHECKING:
    from bplab.gui.main_window import MainWindow

RUNS_REFRESH_S = 0.5  # while training, the current run's row is refreshed this often
STOP_NOTICE_MS = 60_000  # how long the status bar says which rule stopped training
RUNS_PANEL_HEIGHT = (80, 170)  # px of the Runs panel at first: least, most
RUNS_PANEL_SHARE = 0.16  # … and its share of the window's height in between


class RunsActions:
    """Mixin: the runs of the window's experiment (see the module doc)."""

    def _init_runs(self: MainWindow) -> None:
        self.runs_panel = RunsPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.runs_panel)
        panel = self.runs_panel
        panel.overlaysChanged.connect(self._update_overlays)
        panel.restoreRequested.connect(self.restore_run)
        panel.renameRequested.connect(self.rename_run)
        panel.pinRequested.connect(self.pin_run)
        panel.deleteRequested.connect(self.delete_runs)
        panel.exportRequested.connect(lambda: self.export("runs-csv"))
        self._runs_shown_at = -math.inf  # when the current run's row was last refreshed

    def _size_runs_panel(self: MainWindow) -> None:
        """The panel's first height: a few rows, never much of a small window."""
        if self.height() < SHORT_WINDOW:  # the plots need the height: a tab beside the form
            self.tabifyDockWidget(self.form_dock, self.runs_panel)
            self.form_dock.raise_()
            return
        least, most = RUNS_PANEL_HEIGHT
        height = max(least, min(most, round(RUNS_PANEL_SHARE * self.height())))
        self.resizeDocks([self.runs_panel], [height], Qt.Orientation.Vertical)

    @property
    def runs(self: MainWindow) -> list[Run]:
        """The experiment's runs, oldest first (the current one included)."""
        return self.session.experiment.runs

    # -- runs starting and ending ----------------------------------------------------
    def _carry_runs(self: MainWindow, old: Session, new: Session) -> None:
        """A new run begins with ``new``: finish ``old``'s current run and keep the runs."""
        runs = finish_current(old.to_experiment())
        new.experiment.runs = runs
        new.experiment.view = old.experiment.view
        start_run(runs, new.experiment)

    def _install_runs(self: MainWindow, session: Session) -> None:
        """For a session being installed: make sure it has a current run, and show the runs."""
        if current_run(session.experiment.runs) is None:
            start_run(session.experiment.runs, session.experiment)
        self._refresh_runs()

    def restart(self: MainWindow) -> bool:
        """A new run from the same initial weights and the same data, with the settings in
        force: what one change does from the same starting point."""
        if not self._rebuild(self.form.experiment()):
            return False
        run = current_run(self.runs)
        self.status_notice.show_notice(self.tr(
            "Restarted: run {0} begins from the same initial weights and data").format(
            run.number if run else ""))
        return True

    def restore_run(self: MainWindow, number: int) -> bool:
        """Go back to run ``number``: its settings and final weights (asks first if the
        current state is unsaved); the current run is kept among the runs."""
        run = next((r for r in self.runs if r.number == number), None)
        if run is None:
            return False
        if run.current:
            self.status_notice.show_notice(self.tr("Run {0} is the current run").format(number))
            return False

        def restore() -> bool:
            return self._confirm_discard() and self._restore_run_now(number)
        return self._paused_while_asking(restore)

    def _restore_run_now(self: MainWindow, number: int) -> bool:
        had_weights = find_run(self.runs, number).weights is not None
        try:
            exp = restore_run(self.session.to_experiment(), number)
            session = Session(exp)
        except ValueError as exc:
            self.show_message(self.tr("Run {0} cannot be restored: {1}").format(number, exc),
                              "error")
            return False
        self.form.set_experiment(exp)
        self._form_state = self.form.experiment()
        self.undo_stack.clear()
        self._install(session)
        self.setWindowModified(True)
        self.status_notice.show_notice(
            self.tr("Run {0} restored: its settings and final weights").format(number)
            if had_weights else
            self.tr("Run {0} restored: its settings; its weights were not kept (a large "
                    "network), so it starts again from its initial weights").format(number))
        return True

    # -- the panel's requests ----------------------------------------------------------
    def rename_run(self: MainWindow, number: int, name: str) -> None:
        find_run(self.runs, number).name = name
        self.setWindowModified(True)
        self._refresh_runs()

    def pin_run(self: MainWindow, number: int, on: bool) -> None:
        find_run(self.runs, number).pinned = on
        self.setWindowModified(True)
        self._refresh_runs()

    def delete_runs(self: MainWindow, numbers: list[int]) -> None:
        gone = {n for n in numbers}
        kept = [r for r in self.runs if r.current or r.number not in gone]
        if len(kept) == len(self.runs):
            return
        self.runs[:] = kept
        self.setWindowModified(True)
        self._refresh_runs()

    # -- showing them ------------------------------------------------------------------
    def _current_row(self: MainWindow, run: Run) -> RunRow:
        snap, tr = self.last_snapshot, self.session.trainer
        figures = ((snap.train_loss, snap.test_loss, snap.train_accuracy, snap.test_accuracy)
                   if snap is not None else (math.nan,) * 4)
        return RunRow(run.number, shown_label(run, self.runs), run.name, tr.epoch, *figures,
                      current=True, pinned=run.pinned,
                      tip=shown_summary(self.session.experiment))

    def _refresh_runs(self: MainWindow) -> None:
        rows = []
        for run in self.runs:
            if run.current:
                rows.append(self._current_row(run))
                continue
            f = run.final
            rows.append(RunRow(run.number, shown_label(run, self.runs), run.name, run.epochs,
                               f.get("train_loss", math.nan), f.get("test_loss", math.nan),
                               f.get("train_accuracy", math.nan),
                               f.get("test_accuracy", math.nan), pinned=run.pinned,
                               tip=shown_summary(run.settings)))
        self.runs_panel.set_rows(rows)
        self._runs_shown_at = time.perf_counter()
        self._update_overlays()

    def _update_overlays(self: MainWindow) -> None:
        by_number = {r.number: r for r in self.runs}
        overlays = []
        for number in self.runs_panel.ticked():
            run = by_number[number]
            h = run.history
            overlays.append(Overlay(
                number, self.tr("Run {0} ({1})").format(number, shown_title(run, self.runs)),
                np.asarray(h.get("epoch", []), float), np.asarray(h.get("train_loss", []), float),
                np.asarray(h.get("test_loss", []), float)))
        self.loss_plot.set_overlays(overlays)
        current = current_run(self.runs)
        self.loss_plot.set_current_name(
            self.tr("Run {0} ({1})").format(current.number, shown_title(current, self.runs))
            if overlays and current is not None else None)

    def _runs_on_snapshot(self: MainWindow, snap: Snapshot) -> None:
        """Keep the current run's row up to date, a few times a second while training."""
        now = time.perf_counter()
        if self.is_running() and now - self._runs_shown_at < RUNS_REFRESH_S:
            return
        run = current_run(self.runs)
        if run is not None:
            self.runs_panel.update_current(self._current_row(run))
        self._runs_shown_at = now

    def _relabel_current_run(self: MainWindow) -> None:
        """After a setting changed without a new run: the current run's label follows."""
        relabel_current(self.runs, self.session.experiment)
        self._refresh_runs()

    def _on_rule_stopped(self: MainWindow, reason: StopReason) -> None:
        self.status_notice.show_notice(stop_text(reason), STOP_NOTICE_MS)
        self._refresh_runs()
