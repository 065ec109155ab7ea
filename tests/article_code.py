"""The article's XOR code, as an independent reference for the engine's tests."""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def article_loop(epochs: int) -> tuple[Array, Array, Array, Array]:
    """The article's code, with only its shape bug corrected: the weights stay
    in the (n_in, n_out) layout, so ``np.dot(X, W1)`` and ``np.dot(delta2, W2.T)``."""

    def sigmoid(x: Array) -> Array:
        return 1 / (1 + np.exp(-x))

    def sigmoid_derivative(x: Array) -> Array:
        return x * (1 - x)

    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y = np.array([[0], [1], [1], [0]])
    np.random.seed(1)
    W1 = np.random.randn(2, 2)
    b1 = np.random.randn(2)
    W2 = np.random.randn(2, 1)
    b2 = np.random.randn(1)
    lr = 0.1
    for _epoch in range(epochs):
        layer1 = sigmoid(np.dot(X, W1) + b1)
        layer2 = sigmoid(np.dot(layer1, W2) + b2)
        error = y - layer2
        delta2 = error * sigmoid_derivative(layer2)
        delta1 = np.dot(delta2, W2.T) * sigmoid_derivative(layer1)
        W2 += lr * np.dot(layer1.T, delta2)
        b2 += lr * np.sum(delta2, axis=0)
        W1 += lr * np.dot(X.T, delta1)
        b1 += lr * np.sum(delta1, axis=0)
    return W1, b1, W2, b2
