"""Experiments: the spec of a run, its state, and the files that keep them."""

from bplab.experiment.model import (
    Architecture,
    DataSpec,
    Experiment,
    Points,
    TrainingSettings,
    TrainingState,
    default_experiment,
)
from bplab.experiment.session import Plane, Session

__all__ = ["Architecture", "DataSpec", "Experiment", "Plane", "Points", "Session",
           "TrainingSettings", "TrainingState", "default_experiment"]
