"""Turning labels into training targets and predictions back into classes.

Classification labels are class indices ``0..K-1``.  What the network is
trained towards depends on its output: one-hot rows for softmax, 0/1 for a
sigmoid, and −1/+1 for tanh or linear outputs (TF Playground's convention).
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray


def output_size(task: str, n_classes: int, output_activation: str) -> int:
    if task == "classification" and output_activation == "softmax":
        return n_classes
    return 1


def encode(labels: Array, task: str, n_classes: int, output_activation: str,
           dtype: type = np.float64) -> Array:
    """Targets of shape ``(n, n_outputs)`` for the loss."""
    labels = np.asarray(labels)
    if task == "regression":
        return labels.astype(dtype).reshape(-1, 1)
    if output_activation == "softmax":
        return np.eye(n_classes, dtype=dtype)[labels.astype(np.int64)]
    if n_classes != 2:
        raise ValueError(f"{n_classes} classes need a softmax output with {n_classes} neurons")
    t = labels.astype(dtype).reshape(-1, 1)
    return t if output_activation == "sigmoid" else 2.0 * t - 1.0


def predicted_class(y_hat: Array, output_activation: str) -> Array:
    if y_hat.shape[1] > 1:
        return y_hat.argmax(axis=1)
    threshold = 0.5 if output_activation == "sigmoid" else 0.0
    return (y_hat[:, 0] > threshold).astype(np.int64)
