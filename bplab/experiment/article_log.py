"""The article's printout: the lines its XOR program prints, for any experiment.

The article's program (with its shape bug corrected) prints, every 1,000
epochs, ``Epoch {epoch}: Loss = {np.mean(error**2)}``, the error measured by
that epoch's forward pass, before its update; after the loop it prints
``Output:`` and ``layer2``, the outputs of the last epoch's forward pass, so of
the weights before the last update.  ``train_with_article_log`` trains a
trainer the same number of epochs and writes the same lines from the engine's
numbers: for the article's example they agree digit for digit.

Epoch numbers are the trainer's completed epochs, so "Epoch k" describes the
weights after k epochs, as the history's record of epoch k does.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bplab.engine.trainer import Trainer, article_mse

ARTICLE_EVERY = 1000  # the article prints every 1,000 epochs


def loss_line(epoch: int, mse: float) -> str:
    """One of the article's progress lines (its f-string, its float formatting)."""
    return f"Epoch {epoch}: Loss = {np.float64(mse)}"


def output_lines(outputs: np.ndarray) -> list[str]:
    """The article's closing lines: ``Output:`` and the outputs as ``print`` shows an array."""
    return ["Output:", str(outputs)]


def train_outputs(trainer: Trainer) -> np.ndarray:
    """The network's outputs on the training points, as a forward pass of training sees them."""
    with np.errstate(all="ignore"):
        return trainer.network.forward(trainer.train.x).y_hat


def current_mse(trainer: Trainer) -> float:
    """The article's printed loss for the weights as they are."""
    return article_mse(trainer.train.t, train_outputs(trainer))


def train_with_article_log(trainer: Trainer, epochs: int, write: Callable[[str], object],
                           every: int = ARTICLE_EVERY,
                           progress: Callable[[int], object] | None = None) -> int:
    """Train ``epochs`` epochs, writing the article's lines with ``write`` (one per call).

    The history is what a plain run of the same epochs records (the run goes in
    pieces that do not record their ends; the last epoch is recorded).  A line
    is written at every epoch divisible by ``every`` that starts an epoch
    (a file saved in the middle of an epoch gets none for it).  Stops early
    if training diverges or is stopped.  Returns the epochs trained.
    """
    start = trainer.epoch
    end = start + epochs
    outputs: np.ndarray | None = None
    while trainer.epoch < end and trainer.status != "diverged" and not trainer.stop.is_set():
        e = trainer.epoch
        if trainer.position == 0:
            if e % every == 0:
                write(loss_line(e, current_mse(trainer)))
            if e == end - 1:
                outputs = train_outputs(trainer)  # the article prints the last forward pass
        # the next epoch that prints a line or whose forward pass is the last one
        stop_at = min((e // every + 1) * every, end - 1 if e < end - 1 else end)
        ran = trainer.run_epochs(stop_at - e, record_last=False)
        if progress is not None:
            progress(trainer.epoch - start)
        if ran == 0:
            break
    if trainer.epoch > 0 and trainer.status != "diverged":
        trainer.record()  # the last epoch, as a plain run records it
    for line in output_lines(train_outputs(trainer) if outputs is None else outputs):
        write(line)
    return trainer.epoch - start
