"""All runs of an experiment in one CSV: run, label, epoch, losses, accuracies.

The runs are those the experiment file keeps (``bplab.experiment.runs``), the
current one summed up from the live session.  Empty cells mean "no value" (no
test set, no accuracy for regression), as in the other tables.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from bplab.experiment.model import Run
from bplab.experiment.runs import runs_table
from bplab.experiment.session import Session
from bplab.export.atomic import atomic_text
from bplab.export.tables import _cell

PathLike = str | os.PathLike[str]
RUNS_COLUMNS = ("run", "label", "epoch", "train_loss", "test_loss", "train_accuracy",
                "test_accuracy")


def write_runs_csv(runs: list[Run], path: PathLike) -> Path:
    """One row per recorded epoch of every run, runs in order."""
    with atomic_text(path, newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(RUNS_COLUMNS)
        for number, title, epoch, *figures in runs_table(runs):
            out.writerow([number, title, epoch, *(_cell(v) for v in figures)])
    return Path(path)


def runs_csv(session: Session, path: PathLike) -> Path:
    """The runs of ``session``'s experiment, the current one included (call while paused)."""
    return write_runs_csv(session.to_experiment().runs, path)
