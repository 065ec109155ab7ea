"""``bplab check-gradients FILE``: backpropagation against finite differences, without the window.

Prints one line per layer with the largest relative error between the
gradient backpropagation computes and the central finite difference, on the
mini-batch the experiment trains on next.  Exit code 0 when every layer is
within ``TOLERANCE``, 1 when one is not (bad files and arguments: 2, as for
every command).  The check itself is ``bplab.engine.gradcheck``.
"""

from __future__ import annotations

import argparse
import sys

from bplab.engine.gradcheck import TOLERANCE, LayerCheck, check_next_batch
from bplab.experiment.io import load_experiment
from bplab.experiment.session import Session


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``check-gradients`` with the ``bplab`` command's sub-parsers."""
    p = sub.add_parser(
        "check-gradients", help="compare backpropagation with finite differences",
        description="Compare the gradients backpropagation computes (regularization included) "
                    "with fourth-order central finite differences, on the mini-batch FILE "
                    "trains on next, and print the largest relative error of each layer. "
                    f"Exit code 1 when a layer's error exceeds {TOLERANCE:g}. Layers with many "
                    "parameters, or deep in a big net, are checked on a random sample unless "
                    "--all-parameters is given. docs/maths.md defines the error.")
    p.add_argument("file", metavar="FILE", help="experiment (.json)")
    p.add_argument("--all-parameters", action="store_true",
                   help="compare every parameter, however big the layers (slow for big nets)")
    p.set_defaults(run=run_check_gradients)


def layer_line(check: LayerCheck, activation: str, is_output: bool) -> str:
    """``layer 2 (tanh): largest relative error 4.9e-09 over 10 of 10 parameters  ok``."""
    what = f"output · {activation}" if is_output else activation
    counted = f"over {check.checked:,} of {check.total:,} parameters"
    if check.skipped:
        counted += f" ({check.skipped:,} skipped: their stencil crosses a kink)"
    verdict = "ok" if check.passed() else f"FAILS (more than {TOLERANCE:g})"
    return (f"layer {check.layer} ({what}): largest relative error {check.max_error:.1e} "
            f"{counted}  {verdict}")


def run_check_gradients(args: argparse.Namespace) -> int:
    session = Session(load_experiment(args.file))
    net = session.network
    limit = {"max_per_layer": None, "work_per_layer": None} if args.all_parameters else {}
    checks = check_next_batch(session.trainer, **limit)
    for c in checks:
        print(layer_line(c, net.activation_names[c.layer - 1], c.layer == net.n_layers))
    failed = [c for c in checks if not c.passed()]
    if failed:
        worst = failed[0]
        print(f"bplab: backpropagation disagrees with finite differences in layer "
              f"{worst.layer}: {worst.worst_param} at {list(worst.worst_index)} is "
              f"{worst.worst_backprop:.10g} by backpropagation and {worst.worst_numeric:.10g} "
              "numerically", file=sys.stderr)
        return 1
    return 0
