"""``bplab evaluate FILE``: the loss, accuracy (or R² and RMSE) and confusion matrices of an
experiment's network as saved, on its training and test points."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np

from bplab.experiment import Session, load_experiment
from bplab.experiment.metrics import Metrics, SplitMetrics, evaluate


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``evaluate`` with the ``bplab`` command's sub-parsers."""
    p = sub.add_parser(
        "evaluate", help="print loss, accuracy (or R² and RMSE) and confusion matrices",
        description="Measure the network saved in FILE on its training and test points: the "
                    "loss, then for classification the accuracy, the confusion matrix (rows: "
                    "true class, columns: predicted class) and each class's accuracy; for "
                    "regression R² and RMSE. Nothing is trained or written.")
    p.add_argument("file", metavar="FILE", help="experiment (.json), usually trained")
    p.set_defaults(run=run_evaluate)


def _number(x: float) -> str:
    return "—" if math.isnan(x) else f"{x:.6g}"


def _percent(x: float) -> str:
    return "—" if math.isnan(x) else f"{100 * x:.1f}%"


def confusion_lines(confusion: np.ndarray) -> list[str]:
    """The matrix as text: a header of predicted classes, one row per true class."""
    k = len(confusion)
    width = max(len(str(int(confusion.max()))), len(str(k - 1)), 3)
    head = " " * 6 + " ".join(f"{c:>{width}}" for c in range(k))
    rows = [f"  {t:>3} " + " ".join(f"{int(v):>{width}}" for v in row)
            for t, row in enumerate(confusion)]
    return [head, *rows]


def split_lines(name: str, m: SplitMetrics) -> list[str]:
    lines = [f"{name} ({m.n_points} points): loss {_number(m.loss)}"]
    if m.confusion is None:
        lines[0] += f"   R² {_number(m.r2)}   RMSE {_number(m.rmse)}"
        return lines
    right = int(np.trace(m.confusion))
    lines[0] += f"   accuracy {_percent(m.accuracy)} ({right} of {m.n_points})"
    lines.append("  confusion matrix (rows: true class, columns: predicted class)")
    lines += ["  " + line for line in confusion_lines(m.confusion)]
    assert m.per_class_accuracy is not None
    per_class = "   ".join(f"{c}: {_percent(a)}" for c, a in enumerate(m.per_class_accuracy))
    lines.append(f"  accuracy per class   {per_class}")
    return lines


def report(metrics: Metrics, session: Session, source: str) -> str:
    kind = (f"classification, {metrics.n_classes} classes" if metrics.task == "classification"
            else "regression")
    epoch = session.trainer.epoch
    lines = [f"{source}: {kind}; after {epoch} epoch{'' if epoch == 1 else 's'} of training"]
    lines += split_lines("train", metrics.train)
    lines += split_lines("test", metrics.test) if metrics.test is not None else [
        "test: no test points"]
    return "\n".join(lines)


def run_evaluate(args: argparse.Namespace) -> int:
    session = Session(load_experiment(args.file))
    print(report(evaluate(session), session, Path(args.file).name))
    return 0
