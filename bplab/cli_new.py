"""``bplab new --csv DATA.csv --out EXPERIMENT.json``: an experiment from a CSV, headless.

The same reading, checks and messages as File ▸ Import data from CSV
(``bplab.data.csv_reader.read_csv`` and ``bplab.experiment.adapt.
experiment_for_points``), with TF Playground's default settings in place of
the form's, and the layers and activation given on the command line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bplab.data.csv_reader import read_csv
from bplab.engine import HIDDEN_ACTIVATIONS
from bplab.engine.network import MAX_HIDDEN_LAYERS, MAX_NEURONS
from bplab.experiment import Session, default_experiment, save_experiment
from bplab.experiment.adapt import experiment_for_points
from bplab.experiment.model import Experiment

TASKS = ("auto", "classification", "regression")


class NewUsageError(ValueError):
    """Bad arguments for ``bplab new``: one line on stderr, exit code 2."""


def _hidden(text: str) -> list[int]:
    """'8,8' -> [8, 8]; 'none' (or '') -> no hidden layer."""
    if text.strip().lower() in ("", "none"):
        return []
    sizes = []
    for part in text.split(","):
        try:
            size = int(part)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected neurons per layer separated by commas, "
                                             f"such as 8,8 (or none), found {text!r}") from None
        if not 1 <= size <= MAX_NEURONS:
            raise argparse.ArgumentTypeError(f"a layer has 1 to {MAX_NEURONS} neurons, "
                                             f"found {size}")
        sizes.append(size)
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise argparse.ArgumentTypeError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, found "
                                         f"{len(sizes)}")
    return sizes


def _label(text: str) -> str | int:
    # A number counts columns from 1, as the error messages do; anything else is a name.
    if text.isdigit():
        if int(text) < 1:
            raise argparse.ArgumentTypeError("column numbers start at 1")
        return int(text) - 1
    return text


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``new`` with the ``bplab`` command's sub-parsers."""
    p = sub.add_parser(
        "new", help="create an experiment from a CSV file",
        description="Create an experiment from the points of a CSV file, without the window, "
                    "as File ▸ Import data from CSV does: one row per point, numbers only, "
                    "optionally a header row; the label column (the last unless --label says "
                    "otherwise) holds class numbers 0, 1, 2, … (up to 10 classes) or regression "
                    "values. Training settings are TF Playground's defaults. The experiment is "
                    "saved untrained, ready for 'bplab train' or the window.")
    p.add_argument("--csv", required=True, metavar="DATA.csv", help="the points")
    p.add_argument("--out", required=True, metavar="EXPERIMENT.json", help="file to write")
    p.add_argument("--label", type=_label, default=-1, metavar="COLUMN",
                   help="the label column: its header name, or its number counting from 1 "
                        "(default: the last column)")
    p.add_argument("--task", choices=TASKS, default="auto",
                   help="classification or regression; auto (the default): whole-number "
                        "labels with 2 to 10 values are classes, anything else regression")
    p.add_argument("--hidden", type=_hidden, default=None, metavar="N,N",
                   help="neurons per hidden layer, e.g. 8,8 ('none': no hidden layer; "
                        "default 4,2)")
    p.add_argument("--activation", choices=HIDDEN_ACTIVATIONS, default=None,
                   help="activation of every hidden layer (default tanh)")
    p.add_argument("--standardize", action="store_true",
                   help="standardise the inputs (mean 0, variance 1, from the training points)")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.set_defaults(run=run_new)


def build_experiment(args: argparse.Namespace) -> Experiment:
    """The experiment the arguments describe; CsvError or ValueError say what is wrong."""
    task = None if args.task == "auto" else args.task
    ds = read_csv(args.csv, label_column=args.label, task=task)
    exp = experiment_for_points(default_experiment(), ds)
    arch = exp.architecture
    if args.hidden is not None:
        arch.hidden = list(args.hidden)
        arch.activations = [args.activation or "tanh"] * len(arch.hidden)
    elif args.activation is not None:
        arch.activations = [args.activation] * len(arch.hidden)
    exp.data.standardize = args.standardize
    return exp


def _check_out(out: Path, force: bool) -> None:
    if out.is_dir():
        raise NewUsageError(f"cannot write {out}: that is a folder; give a file name")
    if not out.parent.is_dir():
        raise NewUsageError(f"cannot write {out}: the folder {out.parent} does not exist")
    if out.exists() and not force:
        raise NewUsageError(f"{out} already exists; choose another name, or add --force to "
                            "replace it")


def summary(session: Session, source: str) -> str:
    """What was made, in two lines."""
    ds, net = session.dataset, session.network
    kind = (f"classification, {ds.n_classes} classes" if ds.task == "classification"
            else "regression")
    shape = "-".join(str(n) for n in net.sizes)
    hidden = ", ".join(dict.fromkeys(net.activation_names[:-1])) or "no hidden layer"
    scaled = "; inputs standardised" if session.scaling is not None else ""
    return (f"{len(ds.y)} points from {source} ({kind}); inputs: "
            f"{', '.join(session.input_names)}\n"
            f"network {shape} ({hidden}; {net.activation_names[-1]} output, "
            f"{net.loss_name} loss){scaled}")


def run_new(args: argparse.Namespace) -> int:
    out = Path(args.out)
    _check_out(out, args.force)
    session = Session(build_experiment(args))  # builds the network: bad sizes fail here
    save_experiment(session.to_experiment(), out)  # with the input statistics, if any
    print(summary(session, Path(args.csv).name))
    print(f"saved {out}")
    return 0
