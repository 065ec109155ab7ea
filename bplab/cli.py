"""The ``bplab`` command: the window by default, and headless sub-commands.

``bplab [FILE]`` opens the GUI (imported lazily, so that the headless
commands ``train``, ``predict``, ``export-weights``, ``new`` and ``evaluate``
never import Qt).  Commands with more than a few options live in modules of
their own (``bplab.cli_export``, ``bplab.cli_new``, ``bplab.cli_evaluate``),
each registering itself with ``add_parser``.
Errors in arguments or files print one line, ``bplab: error: …``, and exit
with code 2; a diverged training run exits with code 1.
"""

from __future__ import annotations

import argparse
import difflib
import math
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TextIO

import numpy as np

from bplab import __version__
from bplab.data import CsvError
from bplab.data.input_points import read_input_points
from bplab.engine import targets
from bplab.engine.trainer import AUTO_RECORD, Trainer
from bplab.experiment.io import (
    ExperimentFileError,
    load_experiment,
    save_experiment,
    write_atomically,
)
from bplab.experiment.runs import restart_experiment
from bplab.experiment.session import Session
from bplab.experiment.stop_rules import StopWatch, rules_with
from bplab.export.tables import point_columns

COMMANDS = ("train", "predict", "export-weights", "export", "new", "evaluate", "check-gradients",
            "diagnose")
DEFAULT_EPOCHS = 100
MAX_EPOCHS = 100_000_000
MAX_RECORD_EVERY = 1_000_000
LANGUAGES = ("en", "zh_CN")  # the window's (bplab.gui.i18n.LANGUAGES; Qt is not loaded here)


class UsageError(Exception):
    """Bad command-line arguments: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    # argparse would print the usage and exit; one line and a pointer to --help is friendlier.
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _count(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if not 0 <= n <= MAX_EPOCHS:
        raise argparse.ArgumentTypeError(f"expected 0 to {MAX_EPOCHS:,}, found {n}")
    return n


def _record_every(text: str) -> int:
    if text == "auto":
        return AUTO_RECORD
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected \"auto\" or a whole number of epochs, "
                                         f"found {text!r}") from None
    if not 1 <= n <= MAX_RECORD_EVERY:
        raise argparse.ArgumentTypeError(f"expected \"auto\" or 1 to {MAX_RECORD_EVERY:,}, "
                                         f"found {n}")
    return n


def _positive_loss(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
    if not (math.isfinite(x) and x > 0):
        raise argparse.ArgumentTypeError(f"expected a loss above 0, found {text}")
    return x


def _patience(text: str) -> int:
    n = _count(text)
    if n < 1:
        raise argparse.ArgumentTypeError("expected at least 1 epoch, found 0")
    return n


def _gui_parser() -> _Parser:
    p = _Parser(
        prog="bplab",
        description="A training lab for small neural networks: opens the window on FILE, or "
                    "on TF Playground's circle experiment.",
        epilog="Headless commands (no window): 'bplab train FILE', 'bplab predict FILE --input "
               "CSV', 'bplab export-weights FILE --out WEIGHTS.npz', 'bplab export FILE --what "
               "KIND --out PATH', 'bplab new --csv DATA.csv --out EXPERIMENT.json', 'bplab "
               "evaluate FILE', 'bplab check-gradients FILE', 'bplab diagnose FILE [--epochs N]'; "
               "see 'bplab COMMAND --help'.",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="experiment (.json) to open")
    p.add_argument("--screenshot", metavar="OUT.png",
                   help="save a picture of the window to OUT.png and quit")
    p.add_argument("--epochs", type=_count, default=0, metavar="N",
                   help="train N epochs before the screenshot")
    p.add_argument("--lang", choices=LANGUAGES, metavar="LANG",
                   help="language of the window: en or zh_CN (default: the one chosen in "
                        "View > Language, else the system's)")
    p.add_argument("--version", action="version", version=f"bplab {__version__}")
    checks = p.add_mutually_exclusive_group()
    checks.add_argument("--self-test", action="store_true",
                        help="open the window on an example, train, save, reload and export; "
                             "print each check and exit 0 if all pass (works without a display)")
    checks.add_argument("--startup-time", action="store_true",
                        help="open the window, print the seconds from process start until it "
                             "is first painted, and quit")
    return p


def _command_parser() -> _Parser:
    p = _Parser(prog="bplab", description="bplab's headless commands.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    t = sub.add_parser("train", help="train an experiment without the window",
                       description="Train FILE for N more epochs and save the trained "
                                   "experiment. A progress bar is shown on a terminal.")
    t.add_argument("file", metavar="FILE", help="experiment (.json) to train")
    t.add_argument("--epochs", type=_count, default=DEFAULT_EPOCHS, metavar="N",
                   help=f"epochs to train (default: {DEFAULT_EPOCHS})")
    t.add_argument("--out", metavar="FILE",
                   help="where to save the trained experiment (default: FILE with '-trained' "
                        "added to its name, e.g. circle-trained.json; FILE itself is not "
                        "changed)")
    t.add_argument("--history", metavar="CSV",
                   help="also save the history (loss per point and summed, accuracy) as CSV")
    t.add_argument("--record-every", type=_record_every, metavar="N|auto",
                   help="evaluate the whole train and test sets every N epochs for the "
                        "history, or 'auto': every epoch for the first 1,000, then as often "
                        "as costs about 4%% of the training (default: the file's "
                        "training.record_every; saved with the result)")
    t.add_argument("--until-loss", type=_positive_loss, metavar="X",
                   help="stop when the train loss reaches X or less (over the file's own rule)")
    t.add_argument("--patience", type=_patience, metavar="K",
                   help="stop when the test loss (the train loss without a test set) has not "
                        "improved for K epochs, and go back to the best weights")
    t.add_argument("--keep-last", action="store_true",
                   help="with a patience stop, keep the last weights instead of the best")
    t.add_argument("--restart", action="store_true",
                   help="start a new run from the same initial weights and data; the trained "
                        "run is kept among the file's runs")
    t.add_argument("--article-log", action="store_true",
                   help="print what the article's XOR program prints instead of the report: "
                        "'Epoch N: Loss = mean((y - y_hat)^2)' every 1,000 epochs, measured "
                        "before that epoch's update, then the last forward pass's outputs "
                        "(the report goes to standard error)")
    t.set_defaults(run=_train)
    pr = sub.add_parser("predict", help="print the network's predictions for points in a CSV",
                        description="Print one prediction per input row as CSV: 'class,"
                                    "probability' (or 'class,score' for tanh and linear "
                                    "outputs) for classification, 'value' for regression. "
                                    "The CSV has one column per raw input (x1, x2 for 2-D "
                                    "data), optionally a header row, and optionally one more "
                                    "column last (a label), which is ignored. A header picks "
                                    "the inputs by name, so the file that 'bplab export --what "
                                    "data-csv' writes works as it is (its label and split "
                                    "columns are left out).")
    pr.add_argument("file", metavar="FILE", help="experiment (.json), usually trained")
    pr.add_argument("--input", required=True, metavar="CSV", help="points to predict")
    pr.set_defaults(run=_predict)
    ex = sub.add_parser("export-weights", help="save the weights as a NumPy .npz file",
                        description="Save W1, b1, W2, b2, … (W_l has shape (n_in, n_out)), "
                                    "'sizes', 'activations' and 'inputs' with np.savez; load "
                                    "with np.load(path, allow_pickle=False).")
    ex.add_argument("file", metavar="FILE", help="experiment (.json)")
    ex.add_argument("--out", required=True, metavar="WEIGHTS.npz", help="file to write")
    ex.set_defaults(run=_export_weights)
    from bplab import cli_check_gradients, cli_diagnose, cli_evaluate, cli_export, cli_new

    cli_export.add_parser(sub)  # `bplab export`: pictures, tables, scripts
    cli_new.add_parser(sub)  # `bplab new --csv`: an experiment from a CSV
    cli_evaluate.add_parser(sub)  # `bplab evaluate`: loss, accuracy, confusion matrices
    cli_check_gradients.add_parser(sub)  # backpropagation against finite differences
    cli_diagnose.add_parser(sub)  # the training doctor's findings
    return p


# -- the window ----------------------------------------------------------------
def _check_command_typo(argv: list[str]) -> None:
    # 'bplab trian x.json' would otherwise be read as the GUI form with two files.
    first = argv[0] if argv else ""
    if first and not first.startswith("-") and not Path(first).exists():
        close = difflib.get_close_matches(first, COMMANDS, 1)
        if close:
            raise UsageError(f"unknown command {first!r}; did you mean '{close[0]}'?")


def _check_gui_options(args: argparse.Namespace) -> None:
    """Refuse option mixes that would be silently ignored, and a picture that can't be written,
    before any training."""
    if args.epochs and not args.screenshot:
        raise UsageError("--epochs goes with --screenshot (it sets how long to train before the "
                         "picture); to train headless use 'bplab train FILE --epochs N'")
    if args.screenshot and (args.self_test or args.startup_time):
        raise UsageError("--screenshot cannot be combined with --self-test or --startup-time")
    if args.lang and (args.self_test or args.startup_time):
        raise UsageError("--lang goes with the window or --screenshot, not with --self-test "
                         "or --startup-time")
    if args.screenshot:
        out = Path(args.screenshot)
        if out.suffix.lower() not in SCREENSHOT_SUFFIXES:
            raise UsageError(f"--screenshot {out}: give a file name ending in "
                             f"{' or '.join(SCREENSHOT_SUFFIXES)}")
        if not out.parent.is_dir():
            raise UsageError(f"--screenshot {out}: the folder {out.parent} does not exist")


def _load_gui(args: argparse.Namespace) -> Callable[..., int | None]:
    if args.file is not None and not Path(args.file).is_file():
        raise UsageError(f"{args.file}: file not found; check the name and the folder")
    _check_gui_options(args)
    try:
        from bplab.gui.app import run_gui  # lazy: Qt is imported only for the window
    except ImportError as err:
        raise UsageError(f"the window cannot start ({err}); install PySide6 and pyqtgraph, or "
                         f"use a headless command: {', '.join(COMMANDS)}") from None
    return run_gui


SCREENSHOT_SUFFIXES = (".png", ".jpg", ".jpeg")  # formats QImage writes without plugins


# -- train -------------------------------------------------------------------
class Progress:
    """A one-line text bar, redrawn at most 10 times a second, only on a terminal."""

    def __init__(self, total: int, stream: TextIO, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic, width: int = 30) -> None:
        self.total = max(total, 1)
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.clock = clock
        self.width = width
        self._last = -math.inf  # when the bar was last drawn
        self._drawn = False

    def update(self, done: int, loss: float) -> None:
        now = self.clock()
        if not self.enabled or (now - self._last < 0.1 and done < self.total):
            return
        self._last = now
        filled = round(self.width * min(done / self.total, 1.0))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {100 * done / self.total:3.0f}%  epoch {done:,}/"
                          f"{self.total:,}  loss {loss:.4g}  ")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def _run_epochs(tr: Trainer, n: int, progress: Progress) -> None:
    """Train n epochs in chunks sized to take roughly 50 ms each, between bar updates.

    The chunks do not add records of their own (the history is what one run of
    n epochs records, however fast the machine); the last epoch is recorded.
    """
    done, chunk = 0, 1
    while done < n and tr.status != "diverged":
        want = min(chunk, n - done)
        start = time.perf_counter()
        ran = tr.run_epochs(want, record_last=False)
        elapsed = time.perf_counter() - start
        done += ran
        progress.update(done, tr.history.latest()["train_loss"])
        if ran < want:  # stopped or diverged
            break
        if elapsed < 0.025:
            chunk *= 2
        elif elapsed > 0.1:
            chunk = max(1, chunk // 2)
    if tr.epoch > 0 and tr.status != "diverged":
        tr.record()  # the last epoch, as run_epochs records it


def _trained_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-trained{path.suffix or '.json'}")


def _check_folder(path: Path) -> None:
    # Fail before a long run rather than after it.
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(f"cannot save to {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise UsageError(f"cannot save to {path}: that is a folder; give a file name")


def _percent(x: float) -> str:
    return f"{100 * x:.1f}%"


def _train(args: argparse.Namespace) -> int:
    path = Path(args.file)
    out = Path(args.out) if args.out else _trained_path(path)
    hist_path = Path(args.history) if args.history else None
    for p in (out, hist_path):
        if p is not None:
            _check_folder(p)
    exp = load_experiment(path)
    if args.restart:
        exp = restart_experiment(exp)
    session = Session(exp)
    tr = session.trainer
    if args.record_every is not None:
        tr.record_every = session.experiment.training.record_every = args.record_every
    if args.article_log:
        from bplab.cli_article_log import train_article_log

        return train_article_log(args, session, path, out, hist_path)
    first_epoch, first_step = tr.epoch, tr.step
    watch = StopWatch(tr, rules_with(exp.stop, at_loss=args.until_loss, patience=args.patience,
                                     restore_best=False if args.keep_last else None))
    epochs = watch.epochs_left(args.epochs)
    progress = Progress(epochs, sys.stderr)
    start = time.perf_counter()
    try:
        with watch.attached():
            _run_epochs(tr, epochs, progress)
    except KeyboardInterrupt:
        progress.close()
        print("bplab: interrupted; nothing was written", file=sys.stderr)
        return 130
    seconds = time.perf_counter() - start
    progress.close()
    watch.check_epoch()
    stopped = watch.finish() if tr.status != "diverged" else None
    if tr.status == "diverged":
        lr = tr.optimizer.learning_rate
        print(f"bplab: training diverged at epoch {tr.epoch}: the loss became NaN or infinite; "
              f"lower training.learning_rate in {path} (now {lr:g}) and train again; nothing "
              "was written", file=sys.stderr)
        return 1
    save_experiment(session.to_experiment(), out)
    if hist_path is not None:
        from bplab.export.tables import history_csv  # only when asked: keeps start-up short

        history_csv(tr.history, hist_path)
    # The record of the last epoch already holds the figures; evaluate only if
    # there is none (no epoch trained).
    m = tr.history.latest() if tr.history.last_epoch == tr.epoch else tr.evaluate()
    steps = tr.step - first_step
    rate = f", {steps / seconds:,.0f} steps/s" if seconds > 0 else ""
    print(f"trained {path.name}: epochs {first_epoch:,} → {tr.epoch:,} ({steps:,} steps) in "
          f"{seconds:.2f} s{rate}")
    if stopped is not None:
        print(stopped.describe())
    losses = f"train loss {m['train_loss']:.6g}"
    if not math.isnan(m["test_loss"]):
        losses += f"   test loss {m['test_loss']:.6g}"
    if tr.network.reduction == "sum":  # what training minimises: the sum over each set
        losses += f"   (per point; summed: train {m['train_loss_sum']:.6g}"
        if not math.isnan(m["test_loss_sum"]):
            losses += f", test {m['test_loss_sum']:.6g}"
        losses += ")"
    print(losses)
    if not math.isnan(m["train_accuracy"]):
        acc = f"train accuracy {_percent(m['train_accuracy'])}"
        if not math.isnan(m["test_accuracy"]):
            acc += f"   test accuracy {_percent(m['test_accuracy'])}"
        print(acc)
    print(f"saved {out}")
    if hist_path is not None:
        print(f"saved history to {hist_path}")
    return 0


# -- predict -----------------------------------------------------------------
def _predict(args: argparse.Namespace) -> int:
    session = Session(load_experiment(args.file))
    x = read_input_points(args.input, session.dataset.x.shape[1], point_columns(session))
    with np.errstate(all="ignore"):
        y_hat = session.network.predict(session.inputs(x)).astype(np.float64)
    out_act = session.network.activation_names[-1]
    lines: list[str]
    if session.dataset.task == "regression":
        lines = ["value", *(repr(float(v)) for v in y_hat[:, 0])]
    else:
        cls = targets.predicted_class(y_hat, out_act)
        if out_act == "softmax":
            score = y_hat[np.arange(len(cls)), cls]
        elif out_act == "sigmoid":
            score = np.where(cls == 1, y_hat[:, 0], 1.0 - y_hat[:, 0])
        else:
            score = y_hat[:, 0]
        head = "class,probability" if out_act in ("softmax", "sigmoid") else "class,score"
        lines = [head, *(f"{int(k)},{float(s)!r}" for k, s in zip(cls, score, strict=True))]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


# -- export-weights -------------------------------------------------------------
def _export_weights(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.suffix != ".npz":  # like np.savez, which adds it to file names
        out = out.with_name(out.name + ".npz")
    _check_folder(out)
    from bplab.export.tables import weights_arrays

    arrays = weights_arrays(Session(load_experiment(args.file)))

    def write(f: IO[bytes]) -> None:
        np.savez(f, **arrays)

    write_atomically(out, write)
    print(f"saved {', '.join(arrays)} to {out}")
    return 0


# -- entry point -------------------------------------------------------------------
def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``bplab`` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            return args.run(args)
        _check_command_typo(argv)
        args = _gui_parser().parse_args(argv)
        run_gui = _load_gui(args)
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else 0
    except (UsageError, ExperimentFileError, CsvError, ValueError, OSError) as err:
        print(f"bplab: error: {_one_line(err)}", file=sys.stderr)
        return 2
    # Outside the try: a failure inside the window deserves its full traceback.
    if args.self_test or args.startup_time:
        from bplab import selftest  # Qt is importable: _load_gui checked it

        if args.self_test:
            return selftest.run_self_test()
        return selftest.measure_startup(args.file)
    return int(run_gui(file=args.file, screenshot=args.screenshot, epochs=args.epochs,
                       lang=args.lang) or 0)
