"""Bad experiment files: every problem is an ExperimentFileError naming its field."""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bplab.experiment import (
    MIGRATIONS,
    VERSION,
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
from bplab.experiment import io as exp_io
from bplab.experiment.io import experiment_to_text


def _trained_doc() -> dict:
    exp = Experiment(
        name="base",
        data=DataSpec(generator="circle", n_points=24, seed=1),
        architecture=Architecture(hidden=[3], activations=["tanh"], output_activation="tanh"),
        training=TrainingSettings(optimizer="adam", learning_rate=0.01, batch_size=5),
    )
    s = Session(exp)
    s.trainer.run_epochs(2)
    s.trainer.run_steps(1)
    return experiment_to_json(s.to_experiment())


BASE = _trained_doc()


def _points_doc() -> dict:
    doc = copy.deepcopy(BASE)
    doc["data"]["source"] = "points"
    doc["data"]["points"] = {"task": "classification", "n_classes": 2, "columns": ["u", "v"],
                             "x": [[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]],
                             "y": [0, 1, 1, 0], "is_train": None}
    doc["state"] = None
    return doc


def mutate(change: Callable[[dict], object]) -> dict:
    doc = copy.deepcopy(BASE)
    change(doc)
    return doc


def setter(path: str, value: object) -> Callable[[dict], None]:
    """Set a value at a dotted path such as 'state.weights.0.1.0'."""
    def change(doc: dict) -> None:
        *parents, last = path.split(".")
        node = doc
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return change


def delete(path: str) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        *parents, last = path.split(".")
        node = doc
        for key in parents:
            node = node[key]
        del node[last]
    return change


def _set_all(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        for c in changes:
            c(doc)
    return change


def _drop_row(doc: dict) -> None:
    doc["state"]["weights"][1].pop()


def _short_history(doc: dict) -> None:
    doc["state"]["history"]["test_loss"].pop()


def _bad_opt_state(doc: dict) -> None:
    doc["state"]["optimizer_state"]["m"][0] = [[0.0, 0.0, 0.0]]


def _three_classes_tanh(doc: dict) -> None:
    doc["data"]["generator"] = "gauss3"
    doc["state"] = None


# (description, change, field named, words in the message)
DOC_CASES = [
    ("wrong format", setter("format", "something-else"), "format", "not a bplab experiment"),
    ("no format", delete("format"), "format", "not a bplab experiment"),
    ("newer version", setter("version", 7), "version",
     "made by a newer bplab (version 7); this bplab reads up to version 3 — update bplab"),
    ("version is text", setter("version", "1"), "version", "whole number"),
    ("no version", delete("version"), "version", "no format version"),
    ("name not text", setter("name", 5), "name", "found the number 5"),
    ("missing section", delete("training"), "training", "missing"),
    ("unknown top field", setter("extra", 1), "extra", "unknown field"),
    ("v0 name in v1", _set_all(setter("training.lr", 0.1), delete("training.learning_rate")),
     "training.lr", "did you mean 'learning_rate'"),
    ("lr as text", setter("training.learning_rate", "fast"), "training.learning_rate",
     "the text 'fast'"),
    ("lr too high", setter("training.learning_rate", 50), "training.learning_rate", "between"),
    ("lr too low", setter("training.learning_rate", 1e-9), "training.learning_rate", "between"),
    ("unknown generator", setter("data.generator", "circel"), "data.generator",
     "did you mean 'circle'"),
    ("unknown activation", setter("architecture.activations", ["sigmod"]),
     "architecture.activations[0]", "did you mean 'sigmoid'"),
    ("softmax hidden", setter("architecture.activations", ["softmax"]),
     "architecture.activations[0]", "expected one of"),
    ("unknown output", setter("architecture.output_activation", "relu"),
     "architecture.output_activation", "expected one of"),
    ("unknown loss", setter("training.loss", "hinge"), "training.loss", "expected one of"),
    ("unknown optimizer", setter("training.optimizer", "adamw"), "training.optimizer",
     "did you mean 'adam'"),
    ("unknown optimizer parameter", setter("training.optimizer_params", {"beta3": 0.5}),
     "training.optimizer_params.beta3", "unknown field"),
    ("unknown initializer", setter("training.initializer", "xavier"), "training.initializer",
     "expected one of"),
    ("unknown feature", setter("data.features", ["x1", "x3"]), "data.features[1]",
     "expected one of"),
    ("no features", setter("data.features", []), "data.features", "no input feature"),
    ("repeated feature", setter("data.features", ["x1", "x1"]), "data.features[1]", "twice"),
    ("unknown regularization", setter("training.regularization", "l3"),
     "training.regularization", "expected one of"),
    ("regularization rate", setter("training.regularization_rate", -1),
     "training.regularization_rate", "between 0 and 10"),
    ("noise", setter("data.noise", 0.9), "data.noise", "from 0 to 0.5"),
    ("train share", setter("data.train_fraction", 0.95), "data.train_fraction",
     "from 0.1 to 0.9"),
    ("n_points", setter("data.n_points", 2), "data.n_points", "from 4 to 5000"),
    ("seed negative", setter("training.seed", -1), "training.seed", "whole number"),
    ("batch size 0", setter("training.batch_size", 0), "training.batch_size", "from 1 to 10000"),
    ("batch size huge", setter("training.batch_size", 20000), "training.batch_size",
     "from 1 to 10000"),
    ("batch size fraction", setter("training.batch_size", 2.5), "training.batch_size",
     "the number 2.5"),
    ("shuffle not bool", setter("training.shuffle", "yes"), "training.shuffle", "true or false"),
    ("too many layers", _set_all(setter("architecture.hidden", [2] * 11),
                                 setter("architecture.activations", ["tanh"] * 11)),
     "architecture.hidden", "0 to 10 hidden layers"),
    ("too many neurons", setter("architecture.hidden", [300]), "architecture.hidden[0]",
     "from 1 to 256"),
    ("activations count", setter("architecture.activations", ["tanh", "tanh"]),
     "architecture.activations", "expected 1 activation names"),
    ("loss and output", setter("training.loss", "softmax_cross_entropy"), "training.loss",
     "softmax"),
    ("3 classes, tanh output", _three_classes_tanh, "architecture.output_activation",
     "3 classes"),
    ("weights row missing", _drop_row, "state.weights[1]", "expected 3 rows, found 2"),
    ("weights for other features", setter("data.features", ["x1", "x2", "x1_sq"]),
     "state.weights[0]", "expected 3 rows, found 2"),
    ("weights layer missing", lambda d: d["state"]["weights"].pop(), "state.weights",
     "expected 2 weight arrays"),
    ("NaN weight", setter("state.weights.0.1.2", math.nan), "state.weights[0][1][2]",
     "NaN or infinity"),
    ("inf bias", setter("state.biases.1.0", math.inf), "state.biases[1][0]", "NaN or infinity"),
    ("text weight", setter("state.weights.0.0.0", "0.5"), "state.weights[0][0][0]",
     "expected a number"),
    ("bool weight", setter("state.weights.0.0.0", True), "state.weights[0][0][0]",
     "expected a number"),
    ("huge int weight", setter("state.weights.0.0.0", 10**400), "state.weights[0][0][0]",
     "finite number"),
    ("optimizer state shape", _bad_opt_state, "state.optimizer_state.m[0]",
     "expected 2 rows, found 1"),
    ("optimizer state slot", delete("state.optimizer_state.v"), "state.optimizer_state.v",
     "missing"),
    ("optimizer state for sgd", setter("training.optimizer", "sgd"),
     "state.optimizer_state.m", "unknown field"),
    ("history lengths", _short_history, "state.history", "different lengths"),
    ("history column missing", delete("state.history.train_accuracy"),
     "state.history.train_accuracy", "no 'train_accuracy'"),
    ("history value", setter("state.history.train_loss", ["x", 1.0, 2.0]),
     "state.history.train_loss[0]", "expected a finite number"),
    ("order not a permutation", setter("state.order", [0] * 12), "state.order",
     "each of the 12"),
    ("order wrong length", setter("state.order", [0, 1, 2]), "state.order", "each of the 12"),
    ("position", setter("state.position", 12), "state.position", "from 0 to 11"),
    ("epoch negative", setter("state.epoch", -3), "state.epoch", "whole number from 0"),
    ("rng state", setter("state.rng_state", {"bit_generator": "MT19937"}), "state.rng_state",
     "PCG64"),
    ("rng state values", setter("state.rng_state.state", {"state": "x", "inc": 1}),
     "state.rng_state", "not a valid PCG64 state"),
    ("weights missing", delete("state.weights"), "state.weights", "no 'weights'"),
    ("state not object", setter("state", [1, 2]), "state", "expected an object"),
]


@pytest.mark.parametrize(("change", "field", "words"),
                         [c[1:] for c in DOC_CASES], ids=[c[0] for c in DOC_CASES])
def test_bad_documents(change, field, words):
    doc = mutate(change)
    with pytest.raises(ExperimentFileError) as info:
        experiment_from_json(doc, "bad.json")
    err = info.value
    assert err.path == "bad.json"
    assert err.field == field
    assert words in str(err)
    assert str(err).startswith(f"bad.json: {field}: ")


POINT_CASES = [
    ("ragged rows", "data.points.x.1", [1.0], "data.points.x[1]", "expected 2 numbers, found 1"),
    ("NaN point", "data.points.x.2.0", math.nan, "data.points.x[2][0]", "NaN"),
    ("label out of range", "data.points.y.3", 2, "data.points.y[3]", "from 0 to 1"),
    ("label count", "data.points.y", [0, 1], "data.points.y", "expected 4 class numbers"),
    ("task", "data.points.task", "clustering", "data.points.task", "expected one of"),
    ("classes", "data.points.n_classes", 1, "data.points.n_classes", "from 2 to 10"),
    ("columns", "data.points.columns", ["u"], "data.points.columns", "expected 2 column names"),
    ("is_train all false", "data.points.is_train", [False] * 4, "data.points.is_train",
     "no point is marked"),
    ("is_train type", "data.points.is_train", [1, 0, 1, 1], "data.points.is_train[0]",
     "true or false"),
    ("no points", "data.points", None, "data.points", "no points"),
]


@pytest.mark.parametrize(("path", "value", "field", "words"),
                         [c[1:] for c in POINT_CASES], ids=[c[0] for c in POINT_CASES])
def test_bad_points(path, value, field, words):
    doc = _points_doc()
    experiment_from_json(copy.deepcopy(doc), "p.json")  # the unchanged document is fine
    setter(path, value)(doc)
    with pytest.raises(ExperimentFileError) as info:
        experiment_from_json(doc, "p.json")
    assert info.value.field == field
    assert words in str(info.value)


TEXT = experiment_to_text(experiment_from_json(BASE))

TEXT_CASES = [
    ("not JSON", b"{not json", "not valid JSON at line 1, column 2"),
    ("truncated", TEXT[: len(TEXT) // 2].encode(), "ends too early at line"),
    ("cut inside a number", b'{"version": 2, "weights": [[0.', "ends too early at line"),
    ("cut inside an exponent", b'{"version": 1e', "ends too early at line"),
    ("empty", b"  \n", "the file is empty"),
    ("a list", b"[1, 2, 3]", "this is not a bplab experiment: the file holds a list"),
    ("a number", b"42", "this is not a bplab experiment"),
    ("not UTF-8", b"\xff\xfe{\x00}", "not UTF-8 text (byte 0xff"),
    ("NaN literal", TEXT.replace('"noise": 0.0', '"noise": NaN').encode(),
     "NaN is not allowed in bplab files at line 10"),
    ("Infinity literal", TEXT.replace('"noise": 0.0', '"noise": -Infinity').encode(),
     "-Infinity is not allowed"),
    ("huge float", TEXT.replace('"noise": 0.0', '"noise": 1e999').encode(),
     "the number 1e999 is too large"),
    ("duplicate key", TEXT.replace('"noise": 0.0', '"noise": 0.0, "noise": 0.2').encode(),
     "the field 'noise' appears twice"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
]


@pytest.mark.parametrize(("data", "words"), [c[1:] for c in TEXT_CASES],
                         ids=[c[0] for c in TEXT_CASES])
def test_bad_text(data, words, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(ExperimentFileError) as info:
        load_experiment(path)
    assert info.value.path == str(path)
    assert words in str(info.value)
    assert "\n" not in str(info.value)


def test_good_text_loads(tmp_path):
    (tmp_path / "ok.json").write_text(TEXT, encoding="utf-8")
    assert load_experiment(tmp_path / "ok.json").name == "base"


def test_utf8_bom_is_accepted(tmp_path):
    (tmp_path / "bom.json").write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    assert load_experiment(tmp_path / "bom.json").name == "base"


def test_file_problems(tmp_path, monkeypatch):
    with pytest.raises(ExperimentFileError, match="file not found"):
        load_experiment(tmp_path / "missing.json")
    with pytest.raises(ExperimentFileError, match="this is a folder"):
        load_experiment(tmp_path)
    (tmp_path / "big.json").write_text(TEXT)
    monkeypatch.setattr(exp_io, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ExperimentFileError, match="bplab reads experiment files up to 1,000"):
        load_experiment(tmp_path / "big.json")


def test_failed_load_changes_nothing(tmp_path):
    good = tmp_path / "e.json"
    good.write_text(TEXT)
    before = good.read_bytes()
    bad = mutate(setter("state.weights.0.0.0", "x"))
    with pytest.raises(ExperimentFileError):
        experiment_from_json(bad, str(good))
    assert good.read_bytes() == before


def test_saving_nan_weights_is_refused(tmp_path):
    exp = experiment_from_json(BASE)
    exp.state.weights[0][0, 0] = math.nan
    target = tmp_path / "e.json"
    target.write_text("old")
    with pytest.raises(ExperimentFileError) as info:
        save_experiment(exp, target)
    assert info.value.field == "state.weights[0]"
    assert "cannot save" in str(info.value) and "diverged" in str(info.value)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["e.json"]


# -- migration -------------------------------------------------------------------
V0_DOC = {
    "format": "bplab-experiment",
    "version": 0,
    "name": "draft",
    "data": {"generator": "xor", "n_points": 40},
    "architecture": {"hidden": [3, 2], "activation": "relu", "output_activation": "tanh"},
    "training": {"lr": 0.3, "batch_size": 4},
    "state": None,
}


def test_migration_from_version_0():
    exp = experiment_from_json(copy.deepcopy(V0_DOC), "draft.json")
    assert exp.training.learning_rate == 0.3
    assert exp.training.reduction == "mean"
    assert exp.architecture.activations == ["relu", "relu"]
    assert exp.data.generator == "xor" and exp.data.n_points == 40
    # and it saves as the current version
    doc = experiment_to_json(exp)
    assert doc["version"] == VERSION and "lr" not in doc["training"]


def test_migration_table_covers_every_older_version():
    assert sorted(MIGRATIONS) == list(range(VERSION))


def test_v0_errors_name_the_current_fields():
    doc = copy.deepcopy(V0_DOC)
    doc["training"]["lr"] = 99
    with pytest.raises(ExperimentFileError) as info:
        experiment_from_json(doc, "draft.json")
    assert info.value.field == "training.learning_rate"


def test_v0_migration_leaves_odd_documents_to_the_checks():
    doc = copy.deepcopy(V0_DOC)
    doc["training"] = "fast"
    with pytest.raises(ExperimentFileError) as info:
        experiment_from_json(doc, "draft.json")
    assert info.value.field == "training"


# -- fuzzing ---------------------------------------------------------------------
def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node[:2]):  # the first items stand for the rest
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(BASE)[1:]
ODD_VALUES = [None, True, False, 0, -1, 1, 2**70, 1e308, -1e-320, 0.5, math.nan, math.inf,
              -math.inf, "", "NaN", "tanh", "x1", [], [0], [[1.0]], {}, {"a": 1}]


def _check(load: Callable[[], object]) -> None:
    try:
        exp = load()
    except ExperimentFileError as err:
        assert str(err)
        return
    assert isinstance(exp, Experiment)
    Session(exp)  # whatever loads can be used


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_documents_load_or_fail_cleanly(data):
    doc = copy.deepcopy(BASE)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(PATHS))
        node = doc
        try:
            for key in path[:-1]:
                node = node[key]
            if data.draw(st.booleans()) and isinstance(node, dict):
                node.pop(path[-1], None)
            else:
                node[path[-1]] = data.draw(st.sampled_from(ODD_VALUES))
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation removed or replaced this path
    _check(lambda: experiment_from_json(doc, "fuzz.json"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_text_loads_or_fails_cleanly(data):
    raw = bytearray(TEXT.encode())
    kind = data.draw(st.sampled_from(["truncate", "byte", "insert", "random"]))
    if kind == "truncate":
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    elif kind == "byte":
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    elif kind == "insert":
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=8))
    else:
        raw = bytearray(data.draw(st.binary(max_size=200)))
    _check(lambda: experiment_from_json(exp_io.parse_text(bytes(raw), "fuzz.json"),
                                        "fuzz.json"))


def test_hand_written_minimal_file(tmp_path):
    # Every field inside the sections may be left out.
    (tmp_path / "min.json").write_text(json.dumps(
        {"format": "bplab-experiment", "version": 1, "data": {}, "architecture": {},
         "training": {}}))
    exp = load_experiment(tmp_path / "min.json")
    assert exp.architecture.hidden == [4, 2] and exp.state is None
    assert np.isclose(exp.training.learning_rate, 0.03)
