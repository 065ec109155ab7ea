"""The machinery of the random-action GUI test (tests/test_gui_random_actions.py).

``Monkey`` drives one main window with a seeded ``random.Random``: it answers
every question the window asks (unsaved changes, file names, PNG scale, the
value of an edited weight), writes the CSV and experiment files the actions
pick from, watches everything that counts as a failure (uncaught exceptions
in any thread, Qt warnings, crash reports, error dialogs and banners nobody
expected, a training worker that failed) and keeps the log of actions that a
failure message prints.  ``run_actions`` is the loop: pick an action, do it,
let Qt settle, run the checks.
"""

from __future__ import annotations

import dataclasses
import faulthandler
import math
import os
import random
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from bplab.gui.dialogs import default_extension
from bplab.gui.file_actions import FILE_FILTER
from bplab.gui.main_window import MainWindow

Button = QMessageBox.StandardButton
LOG_TAIL = 30  # actions a failure message shows
ACTION_WATCHDOG_S = 120  # a single action taking longer than this dumps every thread's stack
PICK_ATTEMPTS = 50  # actions tried before giving up when none applies
WORKER_JOB_WAIT_S = 60  # how long a check waits for a Step or a picture in the worker

# Qt warnings that say nothing is wrong in bplab (offscreen platform chatter).
BENIGN_QT_MESSAGES = (
    "This plugin does not support",  # offscreen: propagateSizeHints, raise(), grabWindow…
    "QFont::",  # fonts missing on a bare test machine
    "Populating font family aliases",
    "QStandardPaths:",
)


class Skip(Exception):
    """The chosen action does not apply right now; the loop picks another one."""


@dataclass
class Entry:
    """One line of the action log."""

    number: int
    name: str
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0  # how long the action and its checks took

    def __str__(self) -> str:
        more = f": {'; '.join(self.details)}" if self.details else ""
        slow = f"  ({self.seconds:.1f} s)" if self.seconds >= 1 else ""
        return f"{self.number:4d}  {self.name}{more}{slow}"


# -- files the actions pick from ------------------------------------------------------
def _rows(x: np.ndarray, y: np.ndarray, label_format: str = "{:d}") -> list[str]:
    return [",".join([*(f"{v:.6g}" for v in row), label_format.format(label)])
            for row, label in zip(x, y, strict=True)]


def write_csv_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """(good, bad) CSV files; the bad ones must each be refused with a message."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    x2 = rng.normal(0, 2, (60, 2))
    y2 = (x2[:, 0] * x2[:, 1] > 0).astype(int)
    x3 = rng.normal(0, 1, (50, 3))
    y3 = (x3.sum(axis=1) > 0).astype(int)
    x1 = rng.uniform(-3, 3, (40, 1))
    classes3 = np.repeat(np.arange(3), 15)
    xc = rng.normal(0, 0.5, (45, 2)) + np.array([[-2, -2], [2, 2], [2, -2]])[classes3]
    good = {
        "two-inputs.csv": _rows(x2, y2),
        "abc-label.csv": ["a,b,c,label", *_rows(x3, y3)],
        "one-input.csv": ["x,label", *_rows(x1, (x1[:, 0] > 0).astype(int))],
        "three-classes.csv": ["x,y,label", *_rows(xc, classes3)],
        "regression-3d.csv": _rows(x3, x3 @ np.array([0.5, -1.0, 2.0]) + 0.25, "{:.6g}"),
    }
    bad = {
        "text-cell.csv": ["x1,x2,label", "0.5,1.0,0", "red,2.0,1"],
        "ragged.csv": ["1,2,0", "3,4", "5,6,1"],
        "empty.csv": [],
        "header-only.csv": ["a,b,label"],
        "one-column.csv": ["1", "0", "1"],
        "not-a-number-label.csv": ["1,2,yes", "3,4,no"],
    }
    paths = ([], [])
    for kind, files in enumerate((good, bad)):
        for name, lines in files.items():
            path = folder / name
            path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
            paths[kind].append(path)
    binary = folder / "binary.csv"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04")
    paths[1].append(binary)
    return paths


def write_bad_experiments(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {"truncated.bplab.json": '{"format": "bplab-experiment", "version": 1, "data": {',
             "not-json.bplab.json": "hello, world\n",
             "wrong-kind.bplab.json": '{"format": "something else"}\n'}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in files]


# -- catching what goes wrong -----------------------------------------------------------
@contextmanager
def error_hooks(report: Callable[[str], None]) -> Iterator[None]:
    """Route uncaught exceptions (any thread) and Qt warnings to ``report``.

    bplab's own crash handler is installed behind our hooks, as ``run_gui``
    installs it, so an exception also writes a crash report (checked separately).
    """
    from bplab import crash

    saved = (sys.excepthook, threading.excepthook)
    crash.install_crash_handler(show_dialog=False)
    crash_sys, crash_thread = sys.excepthook, threading.excepthook

    def sys_hook(exc_type, exc, tb) -> None:
        report("uncaught exception:\n" + "".join(traceback.format_exception(exc_type, exc, tb)))
        crash_sys(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        name = args.thread.name if args.thread is not None else "?"
        report(f"uncaught exception in thread {name}:\n" + "".join(
            traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)))
        crash_thread(args)

    def qt_handler(mode: QtMsgType, _context: object, message: str) -> None:
        if mode == QtMsgType.QtDebugMsg or mode == QtMsgType.QtInfoMsg:
            return
        if mode == QtMsgType.QtWarningMsg and message.startswith(BENIGN_QT_MESSAGES):
            return
        report(f"Qt {mode.name}: {message}")

    sys.excepthook, threading.excepthook = sys_hook, thread_hook
    previous = qInstallMessageHandler(qt_handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)
        sys.excepthook, threading.excepthook = saved


# -- the driver -----------------------------------------------------------------------
class Monkey:
    """Drives ``window`` at random (see the module docstring)."""

    def __init__(self, window: MainWindow, seed: int, folder: Path,
                 wait: Callable[[int], None]) -> None:
        self.window = window
        self.seed = seed
        self.rng = random.Random(seed)
        self.folder = folder
        self.wait = wait  # runs Qt's event loop for that many milliseconds
        self.crash_dir = Path(os.environ["BPLAB_DATA_DIR"]) / "crash-reports"
        self.log: list[Entry] = []
        self.journal = folder.parent / "actions.log"
        folder.mkdir(parents=True, exist_ok=True)
        self.journal.write_text(f"random GUI actions, seed {seed}\n", encoding="utf-8")
        self.problems: list[str] = []
        self.errors: list[tuple[str, str]] = []  # every error dialog, expected or not
        self.allowed_errors: set[str] = set()  # dialog titles the current action may cause
        self.refusal_due: str | None = None  # a bad file was chosen: this dialog must come
        self.allowed_banners: tuple[str, ...] = ()  # banner prefixes the action may cause
        self.edited = False  # the network was changed by hand since the last check
        self.changed = False  # the current action changed what a file would hold
        self.experiments: list[Path] = []  # files saved by the window
        self.exports: list[Path] = []  # files the current action exported
        self.good_csv, self.bad_csv = write_csv_files(folder / "csv")
        self.bad_experiments = write_bad_experiments(folder / "bad")
        self._names = 0
        self._install_answers()
        self._watch_window()

    # -- the log -------------------------------------------------------------------
    def begin(self, number: int, name: str) -> None:
        self.log.append(Entry(number, name))
        self.allowed_errors, self.refusal_due, self.allowed_banners = set(), None, ()
        self.exports, self.changed = [], False
        self._journal(f"\n{number:4d}  {name}")

    def note(self, text: str) -> None:
        """Add to the current action's log line (what was chosen, what was answered)."""
        if self.log:
            self.log[-1].details.append(text)
        self._journal(f"; {text}")

    def problem(self, text: str) -> None:
        self.problems.append(text)
        self._journal(f"\nPROBLEM: {text}\n")

    def _journal(self, text: str) -> None:
        """The log, written as it happens: if Qt aborts the process, the file still tells."""
        with self.journal.open("a", encoding="utf-8") as f:
            f.write(text)

    def choice(self, items: Sequence):
        return items[self.rng.randrange(len(items))]

    def new_name(self, stem: str) -> str:
        self._names += 1
        return f"{stem}{self._names}"

    # -- answers to the window's questions -------------------------------------------
    def _install_answers(self) -> None:
        w = self.window
        w._ask_unsaved_changes = self._unsaved
        w._ask_save_path = self._save_path
        w._ask_open_path = self._open_path
        w._ask_csv_path = self._csv_path
        w._ask_png_scale = self._png_scale
        w._ask_restore = lambda _text: None
        w._show_error = self._error
        w.network_view._ask_value = self._no_value  # edit actions put their own answer

    def _unsaved(self) -> Button:
        answer = self.rng.choices([Button.Save, Button.Discard, Button.Cancel], [1, 2, 1])[0]
        self.note(f"unsaved changes? {answer.name}")
        return answer

    def _save_path(self, title: str, _suggested: str, file_filter: str) -> str | None:
        if self.rng.random() < 0.15:
            self.note(f"{title}? cancelled")
            return None
        if file_filter == FILE_FILTER:
            roll = self.rng.random()
            if roll < 0.25 and self.experiments:
                path = str(self.choice(self.experiments))  # overwrite one
            elif roll < 0.4:
                path = str(self.folder / self.new_name("typed-without-suffix"))
            else:
                path = str(self.folder / f"{self.new_name('experiment')}.bplab.json")
        else:
            exports = self.folder / "exports"
            exports.mkdir(exist_ok=True)
            path = str(exports / (self.new_name("export") + default_extension(file_filter)))
        self.note(f"{title}? {os.path.basename(path)}")
        return path

    def _open_path(self) -> str | None:
        roll = self.rng.random()
        if roll < 0.1 or not (self.experiments or roll < 0.3):
            self.note("open? cancelled")
            return None
        if roll < 0.3:
            path = self.choice(self.bad_experiments)
            self.refusal_due = "Could not open the experiment"
        else:
            path = self.choice(self.experiments)
        self.note(f"open? {path.name}")
        return str(path)

    def _csv_path(self) -> str | None:
        roll = self.rng.random()
        if roll < 0.1:
            self.note("csv? cancelled")
            return None
        if roll < 0.35:
            path = self.choice(self.bad_csv)
            self.refusal_due = "Cannot import data"
        else:
            path = self.choice(self.good_csv)
        self.note(f"csv? {path.name}")
        return str(path)

    def _png_scale(self, _size: object) -> int | None:
        scale = self.choice([1, 1, 1, 2, None])
        self.note(f"png scale? {scale}")
        return scale

    @staticmethod
    def _no_value(_title: str, _current: float) -> float | None:
        return None

    def _error(self, title: str, text: str) -> None:
        self.errors.append((title, text))
        self.note(f"error dialog {title!r}")
        if title == self.refusal_due:
            self.refusal_due = None  # refused, as it should be
        elif self.unexpected_error(title, text):
            self.problem(f"error dialog {title!r}:\n{text}")

    def unexpected_error(self, title: str, text: str) -> bool:
        """Whether an error dialog is a fault (not one the current action called for)."""
        if title == "Could not save the experiment" and self.refuses_to_save(text):
            return False
        return title not in self.allowed_errors

    def unexpected_banner(self, kind: str, text: str) -> bool:
        """Whether a banner is a fault: errors and warnings other than divergence are,
        unless the current action called for them."""
        if kind == "warning" and self.window.session.trainer.status == "diverged":
            return False  # divergence is a result, not a fault
        if text.startswith("Autosave failed") and self.refuses_to_save(text):
            return False
        return kind in ("error", "warning") and not text.startswith(self.allowed_banners)

    def refuses_to_save(self, text: str) -> bool:
        """Weights that are NaN or infinite cannot be written (JSON has no such numbers):
        refusing them, with a message that says so, is by design."""
        net = self.window.session.network
        broken = not all(np.isfinite(a).all() for a in (*net.W, *net.b))
        return broken and "NaN or infinity" in text

    # -- watching the window ---------------------------------------------------------
    def _watch_window(self) -> None:
        w = self.window
        show_message, save_file, write_export = w.show_message, w.save_file, w.write_export

        def banner(text: str, kind: str = "error") -> None:
            show_message(text, kind)
            self.note(f"banner ({kind}) {text[:60]!r}")
            if self.unexpected_banner(kind, text):
                self.problem(f"{kind} banner: {text}")

        def saving(path: str) -> bool:
            ok = save_file(path)
            if ok:
                self.note(f"saved {os.path.basename(path)}")
                self.after_save(path)
            return ok

        def exporting(key: str, path: str, scale: float = 2.0) -> None:
            write_export(key, path, scale)
            self.exports.append(Path(path))

        w.show_message, w.save_file, w.write_export = banner, saving, exporting
        w.controller.failed.connect(lambda text: self.problem(f"training failed: {text}"))

    def after_save(self, path: str) -> None:
        """A save that said it worked: the file reopens, and the window says it is saved."""
        from bplab.experiment import Session, load_experiment

        p = Path(path)
        if p not in self.experiments:
            self.experiments.append(p)
        w = self.window
        if w.path != path:
            self.problem(f"saved to {path} but the window's file is {w.path}")
        if w.isWindowModified():
            self.problem(f"saved to {p.name}, yet the title still says there are unsaved changes")
        try:
            Session(load_experiment(path))
        except Exception as exc:  # any failure to reopen is the finding
            self.problem(f"the saved file {p.name} does not reopen: {exc!r}")

    # -- the end of an action ---------------------------------------------------------
    def settle(self) -> None:
        """Let queued signals (snapshots, the worker's last frame) arrive.

        A worker that stops by itself (divergence) is idle a moment before its
        ``stopped`` signal is queued: give the window up to a second to hear it.
        """
        app = QApplication.instance()
        for _ in range(3):
            app.processEvents()
        w = self.window
        # A big net's Step and its picture go on in the worker after the action returns
        # (is_running() is False: that is Play alone). Until the job ends, the trainer
        # moves under the checks and its frame is still to come: the window is not
        # paused yet.
        deadline = time.perf_counter() + WORKER_JOB_WAIT_S
        while (w.isVisible() and w.controller.is_running() and not w.is_running()
               and time.perf_counter() < deadline):
            self.wait(10)
        for _ in range(3):  # its last frame, sent before the worker went idle
            app.processEvents()
        for _ in range(100):
            if not w.isVisible() or w.action_play.isChecked() == w.is_running():
                return
            self.wait(10)

    def finish_action(self) -> None:
        if self.refusal_due is not None:
            self.problem(f"a bad file was accepted: no {self.refusal_due!r} dialog")
        for path in self.exports:
            if not path.is_file() or path.stat().st_size == 0:
                self.problem(f"export reported success but {path.name} is missing or empty")
        if self.crash_dir.is_dir() and any(self.crash_dir.iterdir()):
            names = ", ".join(p.name for p in self.crash_dir.iterdir())
            self.problem(f"crash report written: {names}")

    def failure_message(self, number: int, n_actions: int) -> str:
        tail = "\n".join(str(e) for e in self.log[-LOG_TAIL:])
        problems = "\n\n".join(self.problems)
        return (f"random GUI actions: seed {self.seed} failed at action {number} of "
                f"{n_actions}\n\n{problems}\n\nreplay: pytest tests/test_gui_random_actions.py "
                f"--random-seed={self.seed} --random-actions={n_actions}\n"
                f"last {min(LOG_TAIL, len(self.log))} actions:\n{tail}")


Action = Callable[[Monkey], None]
Check = Callable[[Monkey], None]


def run_actions(m: Monkey, actions: Sequence[tuple[Action, float]], checks: Sequence[Check],
                n_actions: int, last: Action | None = None) -> None:
    """Do ``n_actions`` random actions (then ``last``), checking after each; fail with the
    seed and the log on the first problem."""
    funcs = [a for a, _ in actions]
    weights = [w for _, w in actions]
    total = n_actions + (last is not None)
    with error_hooks(m.problem):
        try:
            for number in range(1, total + 1):
                started = time.perf_counter()
                for _ in range(PICK_ATTEMPTS):
                    action = last if number > n_actions else m.rng.choices(funcs, weights)[0]
                    m.begin(number, action.__name__)
                    faulthandler.dump_traceback_later(ACTION_WATCHDOG_S)
                    try:
                        action(m)
                    except Skip:
                        m.log.pop()
                        m._journal(" (does not apply now)")
                        continue
                    except Exception:  # the action itself hit an error in the window
                        m.problem("exception in the action:\n" + traceback.format_exc())
                    break
                else:
                    raise AssertionError(f"no action applied in {PICK_ATTEMPTS} tries")
                m.settle()
                m.finish_action()
                for check in checks if number <= n_actions else ():  # last may close the window
                    if m.problems:
                        break
                    try:
                        check(m)
                    except AssertionError as exc:
                        m.problem(f"{check.__name__}: {exc}")
                m.log[-1].seconds = time.perf_counter() - started
                if m.problems:  # the message says it all: no traceback of the loop
                    pytest.fail(m.failure_message(number, n_actions), pytrace=False)
        finally:
            faulthandler.cancel_dump_traceback_later()


def floats_in(text: str) -> list[float]:
    """The numbers in a status text, in order ('–' for NaN and '∞' count too)."""
    import re

    out = []
    for token in re.findall(r"[-−]?(?:\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?)|–|∞", text):
        if token == "–":
            out.append(math.nan)
        elif token == "∞":
            out.append(math.inf)
        else:
            out.append(float(token.replace(",", "").replace("−", "-")))
    return out


def plain(value: object) -> object:
    """Dataclasses, arrays and containers as plain, comparable Python values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def differences(a: object, b: object, where: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in sorted(set(a) | set(b), key=str)
                for d in differences(a.get(k), b.get(k), f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and len(a) < 20:
        return [d for k, (x, y) in enumerate(zip(a, b, strict=True))
                for d in differences(x, y, f"{where}[{k}]")]
    return [] if a == b else [f"{where}: {str(a)[:80]} != {str(b)[:80]}"]
