"""Experiments: the spec of a run, its state, and the files that keep them."""

from bplab.experiment.examples import examples_dir, list_examples
from bplab.experiment.io import (
    FORMAT,
    MIGRATIONS,
    VERSION,
    SaveError,
    experiment_from_json,
    experiment_to_json,
    load_experiment,
    save_experiment,
)
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
from bplab.experiment.validate import ExperimentFileError

__all__ = ["FORMAT", "MIGRATIONS", "VERSION", "Architecture", "DataSpec", "Experiment",
           "ExperimentFileError", "Plane", "Points", "SaveError", "Session", "TrainingSettings",
           "TrainingState", "default_experiment", "examples_dir", "experiment_from_json",
           "experiment_to_json", "list_examples", "load_experiment", "save_experiment"]
