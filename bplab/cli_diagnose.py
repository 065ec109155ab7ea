"""``bplab diagnose FILE [--epochs N]``: the training doctor, without the window.

Trains FILE for N epochs (0: examines the file as it is), then prints the
doctor's findings on stdout, one a line: its id (kind and place), what with
its numbers, and the suggested change; a one-line summary goes to stderr.
Exit code 0 whatever was found (bad files and arguments: 2, as for every
command); nothing is written.  The checks are
``bplab.experiment.doctor``'s.
"""

from __future__ import annotations

import argparse
import sys

from bplab.experiment.doctor import Finding, diagnose
from bplab.experiment.io import load_experiment
from bplab.experiment.session import Session

MAX_EPOCHS = 1_000_000


def _epochs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if not 0 <= n <= MAX_EPOCHS:
        raise argparse.ArgumentTypeError(f"expected 0 to {MAX_EPOCHS:,}, found {n}")
    return n


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``diagnose`` with the ``bplab`` command's sub-parsers."""
    p = sub.add_parser(
        "diagnose", help="train, then look for why the network does not learn",
        description="Train FILE for N more epochs (nothing is saved), then print what the "
                    "training doctor finds, one finding a line: divergence (naming the "
                    "learning rate, an edited weight or an exploding layer), vanishing "
                    "gradients, dead ReLUs, saturated sigmoid/tanh units, a learning rate too "
                    "small, a plateau; each with its numbers and a suggested change. "
                    "docs/maths.md gives the thresholds.")
    p.add_argument("file", metavar="FILE", help="experiment (.json)")
    p.add_argument("--epochs", type=_epochs, default=0, metavar="N",
                   help="epochs to train first (default 0: the file as it is)")
    p.set_defaults(run=run_diagnose)


def finding_line(finding: Finding) -> str:
    """``[dead_relu@2] 3 of the 8 ReLU neurons … → Use leaky ReLU in layer 2``."""
    line = f"[{finding.id}] {finding.message()}"
    if finding.fix is not None:
        line += f" → {finding.fix.message()}"
    return line


def run_diagnose(args: argparse.Namespace) -> int:
    session = Session(load_experiment(args.file))
    tr = session.trainer
    if args.epochs and len(tr.history) == 0:
        tr.record()  # the loss before training: a divergence is measured against it
    start = session.network.copy_parameters()  # sound: a file's weights are finite
    tr.run_epochs(args.epochs)
    findings = diagnose(session, reference=start)
    # The summary goes to stderr, so that stdout holds the findings alone, one a line.
    trained = f" after {args.epochs:,} epochs of training" if args.epochs else ""
    print(f"{args.file} at epoch {tr.epoch:,}{trained}: {len(findings) or 'no'} "
          f"finding{'s' * (len(findings) != 1)}", file=sys.stderr)
    for f in findings:
        print(finding_line(f))
    return 0
