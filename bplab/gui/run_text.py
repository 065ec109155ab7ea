"""Runs' labels and settings as the window shows them: in the interface's language.

A run's label is stored in English (``bplab.experiment.run_labels``); the window
words it again through Qt's translator.  A label that no longer reads as its
settings would now (it was written by an older version, or the run before it was
deleted since) is shown as stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from bplab.experiment.model import Experiment, Run
from bplab.experiment.run_labels import describe_change, settings_summary


def shown_label(run: Run, runs: Sequence[Run]) -> str:
    """``run``'s label (``run`` is one of ``runs``, in order) in the current language."""
    i = next(i for i, r in enumerate(runs) if r is run)
    before = runs[i - 1].settings if i > 0 else None
    if run.label != describe_change(before, run.settings):
        return run.label
    return describe_change(before, run.settings, QCoreApplication.translate)


def shown_title(run: Run, runs: Sequence[Run]) -> str:
    """The name the user gave the run, else its label."""
    return run.name or shown_label(run, runs)


def shown_summary(exp: Experiment) -> str:
    """The main settings in one line, in the current language."""
    return settings_summary(exp, QCoreApplication.translate)
