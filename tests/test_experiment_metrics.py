"""The confusion matrix, per-class accuracy, R² and RMSE, checked against counts made here
from the network's own predictions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bplab.experiment import Architecture, DataSpec, Experiment, Session, TrainingSettings
from bplab.experiment.metrics import confusion_matrix, evaluate, per_class_accuracy, r2_score


def blobs(k: int, output: str = "softmax") -> Session:
    loss = {"softmax": "softmax_cross_entropy", "sigmoid": "binary_cross_entropy"}.get(
        output, "squared_error")
    exp = Experiment(
        data=DataSpec(generator="gauss", n_classes=k, n_points=240, noise=0.4, seed=1),
        architecture=Architecture(hidden=[6], activations=["tanh"], output_activation=output),
        training=TrainingSettings(loss=loss, optimizer="adam", learning_rate=0.02, seed=2),
    )
    session = Session(exp)
    session.trainer.run_epochs(3)  # part-trained: some points right, some wrong
    return session


def counted_by_hand(session: Session, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    y_hat = session.network.predict(session.inputs(x))
    out = session.network.activation_names[-1]
    if out == "softmax":
        predicted = [int(np.argmax(row)) for row in y_hat]
    else:
        threshold = 0.5 if out == "sigmoid" else 0.0
        predicted = [int(row[0] > threshold) for row in y_hat]
    k = session.dataset.n_classes
    cm = np.zeros((k, k), np.int64)
    for true, pred in zip(y.tolist(), predicted, strict=True):
        cm[true, pred] += 1
    return cm


@pytest.mark.parametrize(("k", "output"), [(4, "softmax"), (2, "tanh"), (2, "sigmoid")])
def test_the_confusion_matrix_counts_the_predictions(k, output):
    session = blobs(k, output)
    m = evaluate(session)
    assert (m.task, m.n_classes) == ("classification", k)
    for part, data in ((m.train, session.train_set), (m.test, session.test_set)):
        expected = counted_by_hand(session, data.x, data.y)
        np.testing.assert_array_equal(part.confusion, expected)
        assert part.n_points == len(data.y) == expected.sum()
        assert part.accuracy == pytest.approx(np.trace(expected) / expected.sum())
        for c in range(k):
            assert part.per_class_accuracy[c] == pytest.approx(expected[c, c] / expected[c].sum())
        assert math.isnan(part.r2) and math.isnan(part.rmse)
    assert 0 < m.test.accuracy < 1  # the test is not trivially all right or all wrong
    # the loss and accuracy are the history's
    ref = session.trainer.evaluate()
    assert (m.train.loss, m.test.loss) == (ref["train_loss"], ref["test_loss"])
    assert m.train.accuracy == pytest.approx(ref["train_accuracy"], abs=1e-15)
    assert m.test.accuracy == pytest.approx(ref["test_accuracy"], abs=1e-15)


def test_regression_gets_r2_and_rmse():
    exp = Experiment(
        data=DataSpec(generator="plane", n_points=300, noise=0.1, seed=4),
        architecture=Architecture(hidden=[4], activations=["tanh"], output_activation="linear"),
        training=TrainingSettings(learning_rate=0.01, seed=1),
    )
    session = Session(exp)
    session.trainer.run_epochs(5)
    m = evaluate(session)
    for part, data in ((m.train, session.train_set), (m.test, session.test_set)):
        y = data.y
        y_hat = session.network.predict(session.inputs(data.x))[:, 0]
        residual = sum((a - b) ** 2 for a, b in zip(y.tolist(), y_hat.tolist(), strict=True))
        mean = sum(y.tolist()) / len(y)
        total = sum((a - mean) ** 2 for a in y.tolist())
        assert part.r2 == pytest.approx(1 - residual / total, rel=1e-10)
        assert part.rmse == pytest.approx(math.sqrt(residual / len(y)), rel=1e-10)
        assert part.confusion is None and part.per_class_accuracy is None
        assert math.isnan(part.accuracy)
    assert 0 < m.test.r2 < 1


def test_no_test_set_and_edge_cases():
    exp = Experiment(data=DataSpec(generator="article_xor"),
                     architecture=Architecture(hidden=[2], activations=["sigmoid"]))
    assert evaluate(Session(exp)).test is None
    cm = confusion_matrix(np.array([0, 0, 2]), np.array([0, 2, 2]), 3)
    np.testing.assert_array_equal(cm, [[1, 0, 1], [0, 0, 0], [0, 0, 1]])
    acc = per_class_accuracy(cm)
    assert acc[0] == 0.5 and math.isnan(acc[1]) and acc[2] == 1.0  # class 1 has no points
    assert math.isnan(r2_score(np.array([2.0, 2.0]), np.array([1.0, 3.0])))  # nothing varies
