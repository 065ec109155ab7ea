"""The article's XOR program: its text as printed, its one correction, and when it applies.

The article prints a NumPy program that does not run: its weights are drawn
in the ``(n_in, n_out)`` layout (``np.random.randn(2, 2)``, ``(2, 1)``), yet
the forward pass multiplies by ``W1.T`` and ``W2.T`` and the hidden delta by
``W2``.  The lab's correction keeps the shapes and drops the transposes (the
hidden delta takes ``W2.T`` instead), and changes nothing else.  The printed
text ships in ``resources/article/`` with its Chinese comments; the corrected
text is made from it with the three replacements below, so the two cannot
drift apart.  Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bplab.experiment.session import Session
from bplab.resources import resource_path

PROGRAM_FILE = ("article", "xor_program.txt")


@dataclass(frozen=True, slots=True)
class Correction:
    printed: str  # the expression as the article prints it
    corrected: str  # the lab's correction


CORRECTIONS = (
    Correction("np.dot(X, W1.T)", "np.dot(X, W1)"),
    Correction("np.dot(layer1, W2.T)", "np.dot(layer1, W2)"),
    Correction("np.dot(delta2, W2)", "np.dot(delta2, W2.T)"),
)


@dataclass(frozen=True, slots=True)
class ArticleProgram:
    printed: str  # the program as the article prints it
    corrected: str  # the same with CORRECTIONS applied
    changed: tuple[int, ...]  # 0-based numbers of the corrected lines
    printed_lines: tuple[str, ...]  # those lines as printed, stripped
    error: str  # what NumPy says when the printed program reaches its first bad line


def printed_text() -> str:
    return resource_path(*PROGRAM_FILE).read_text(encoding="utf-8")


def correct(printed: str) -> ArticleProgram:
    """Apply CORRECTIONS line by line; each must match exactly one line."""
    lines = printed.split("\n")
    changed: list[int] = []
    before: list[str] = []
    for fix in CORRECTIONS:
        hits = [k for k, line in enumerate(lines) if fix.printed in line]
        if len(hits) != 1:
            raise ValueError(f"the article's program should contain {fix.printed!r} once, "
                             f"found it {len(hits)} times")
        k = hits[0]
        before.append(lines[k].strip())
        lines[k] = lines[k].replace(fix.printed, fix.corrected)
        changed.append(k)
    order = sorted(range(len(changed)), key=changed.__getitem__)
    return ArticleProgram(printed, "\n".join(lines), tuple(changed[i] for i in order),
                          tuple(before[i] for i in order), printed_error())


def printed_error() -> str:
    """NumPy's own message for the printed forward pass's second product.

    ``np.dot(X, W1.T)`` runs (W1 is square, so only its meaning is wrong);
    ``np.dot(layer1, W2.T)`` multiplies (4, 2) by (1, 2) and fails.
    """
    layer1, w2 = np.zeros((4, 2)), np.zeros((2, 1))
    try:
        np.dot(layer1, w2.T)
    except ValueError as exc:
        return f"ValueError: {exc}"
    return ""  # pragma: no cover - NumPy always refuses these shapes


def article_program() -> ArticleProgram:
    return correct(printed_text())


def is_article_setup(session: Session) -> bool:
    """True when one step of ``session`` is one pass of the article's loop, line for line.

    The four XOR points in the article's order as the whole batch, a 2-2-1 sigmoid
    net with the summed squared error, plain gradient descent at η = 0.1, the
    article's initial draw, no regularization, no input scaling, float64.
    """
    tr, net, exp = session.trainer, session.network, session.experiment
    return (exp.data.source == "generator" and exp.data.generator == "article_xor"
            and list(session.input_names) == ["x1", "x2"]
            and list(net.sizes) == [2, 2, 1]
            and list(net.activation_names) == ["sigmoid", "sigmoid"]
            and net.loss_name == "squared_error" and net.reduction == "sum"
            and tr.optimizer.name == "sgd" and float(tr.optimizer.learning_rate) == 0.1
            and tr.batch_size >= len(tr.train.x) and not tr.shuffle
            and tr.regularization == "none" and session.scaling is None
            and net.dtype_name == "float64"
            and exp.training.initializer == "article" and exp.training.seed == 1)
