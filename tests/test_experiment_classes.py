"""k classes from the generators: the data spec, the file, the output, and training."""

from __future__ import annotations

import copy

import pytest

from bplab.experiment import (
    Architecture,
    DataSpec,
    Experiment,
    ExperimentFileError,
    Session,
    TrainingSettings,
    experiment_from_json,
    experiment_to_json,
    load_experiment,
    save_experiment,
)
from bplab.experiment.adapt import fit_output_to_data, task_of


def spiral3() -> Experiment:
    """A 3-arm spiral and a net that separates it in a few dozen epochs."""
    exp = Experiment(
        name="Three-arm spiral",
        data=DataSpec(generator="spiral", n_classes=3, features=["x1", "x2", "sin_x1", "sin_x2"]),
        architecture=Architecture(hidden=[16, 16], activations=["tanh", "tanh"]),
        training=TrainingSettings(optimizer="adam", learning_rate=0.01, batch_size=10,
                                  initializer="glorot"),
    )
    fit_output_to_data(exp)
    return exp


def test_more_than_two_classes_get_softmax_with_cross_entropy():
    exp = spiral3()
    assert task_of(exp) == ("classification", 3)
    assert (exp.architecture.output_activation, exp.training.loss) == (
        "softmax", "softmax_cross_entropy")
    assert Session(exp).network.sizes[-1] == 3
    exp.data.n_classes = 2  # back to two: the softmax may stay, a tanh output is allowed again
    fit_output_to_data(exp)
    assert exp.architecture.output_activation == "softmax"


def test_a_three_class_spiral_is_learned():
    session = Session(spiral3())
    accuracy, epochs = 0.0, 0
    while accuracy <= 0.9 and epochs < 60:
        epochs += session.trainer.run_epochs(5)
        accuracy = session.trainer.evaluate()["test_accuracy"]
    assert accuracy > 0.9, (epochs, accuracy)


def test_the_class_count_is_saved_and_old_files_load(tmp_path):
    path = tmp_path / "spiral3.json"
    save_experiment(spiral3(), path)
    assert '"n_classes": 3' in path.read_text(encoding="utf-8")
    assert load_experiment(path).data.n_classes == 3
    # the default (the data set's own count) writes nothing new: today's files stay as they are
    plain = Experiment()
    doc = experiment_to_json(plain)
    assert "n_classes" not in doc["data"]
    assert experiment_from_json(doc).data.n_classes is None


@pytest.mark.parametrize(("generator", "value", "words"), [
    ("spiral", 11, "from 2 to 10"),
    ("spiral", 1, "from 2 to 10"),
    ("spiral", "three", "whole number"),
    ("circle", 3, "always has 2 classes, not 3"),
])
def test_bad_class_counts_in_a_file(generator, value, words):
    doc = experiment_to_json(spiral3())
    doc = copy.deepcopy(doc)
    doc["data"]["generator"] = generator
    doc["data"]["n_classes"] = value
    with pytest.raises(ExperimentFileError) as info:
        experiment_from_json(doc, "k.json")
    assert info.value.field == "data.n_classes" and words in str(info.value)


def test_a_three_class_file_needs_a_softmax_output():
    doc = experiment_to_json(spiral3())
    doc["architecture"]["output_activation"] = "tanh"
    doc["training"]["loss"] = "squared_error"
    with pytest.raises(ExperimentFileError, match="3 classes, so the output must be softmax"):
        experiment_from_json(doc)
