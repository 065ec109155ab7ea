"""The names the Qt-free layers give things, as the window shows them: translated.

The engine, the data and the export layers label their choices in English
("Squared error ½(y − ŷ)²", "Spiral", "Loss curve as PNG") and import no Qt, so
their labels are marked here for ``pyside6-lupdate``, and ``shown`` translates
one where the window puts it on screen.  The example experiments' names and the
default experiment's are listed too: the window shows them translated while the
files keep them as they are.  tests/test_i18n.py checks that every label of
those tables is listed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from bplab.gui.i18n import QT_TRANSLATE_NOOP

CONTEXT = "Names"

LABELS = (
    # activations (bplab.engine.activations)
    QT_TRANSLATE_NOOP("Names", "Sigmoid"),
    QT_TRANSLATE_NOOP("Names", "Tanh"),
    QT_TRANSLATE_NOOP("Names", "ReLU"),
    QT_TRANSLATE_NOOP("Names", "Leaky ReLU"),
    QT_TRANSLATE_NOOP("Names", "ELU"),
    QT_TRANSLATE_NOOP("Names", "Softplus"),
    QT_TRANSLATE_NOOP("Names", "Swish"),
    QT_TRANSLATE_NOOP("Names", "Linear"),
    QT_TRANSLATE_NOOP("Names", "Softmax"),
    QT_TRANSLATE_NOOP("Names", "net if net > 0 else e^net − 1"),  # ELU's formula, in words
    # losses (bplab.engine.losses)
    QT_TRANSLATE_NOOP("Names", "Squared error ½(y − ŷ)²"),
    QT_TRANSLATE_NOOP("Names", "Binary cross-entropy"),
    QT_TRANSLATE_NOOP("Names", "Softmax cross-entropy"),
    # optimizers (bplab.engine.optimizers)
    QT_TRANSLATE_NOOP("Names", "Gradient descent"),
    QT_TRANSLATE_NOOP("Names", "Momentum"),
    QT_TRANSLATE_NOOP("Names", "Nesterov momentum"),
    QT_TRANSLATE_NOOP("Names", "RMSProp"),
    QT_TRANSLATE_NOOP("Names", "Adam"),
    # regularizers (bplab.engine.regularizers)
    QT_TRANSLATE_NOOP("Names", "None"),
    QT_TRANSLATE_NOOP("Names", "L1  λ·Σ|w|"),
    QT_TRANSLATE_NOOP("Names", "L2  λ·½Σw²"),
    # initializers (bplab.engine.initializers)
    QT_TRANSLATE_NOOP("Names", "Standard normal (article)"),
    QT_TRANSLATE_NOOP("Names", "Uniform ±0.5, bias 0.1 (TF Playground)"),
    QT_TRANSLATE_NOOP("Names", "Glorot / Xavier uniform"),
    QT_TRANSLATE_NOOP("Names", "He normal"),
    QT_TRANSLATE_NOOP("Names", "Zeros"),
    # data sets (bplab.data.generators)
    QT_TRANSLATE_NOOP("Names", "Circle"),
    QT_TRANSLATE_NOOP("Names", "Exclusive or"),
    QT_TRANSLATE_NOOP("Names", "Gaussian"),
    QT_TRANSLATE_NOOP("Names", "Spiral"),
    QT_TRANSLATE_NOOP("Names", "Two moons"),
    QT_TRANSLATE_NOOP("Names", "Three Gaussians"),
    QT_TRANSLATE_NOOP("Names", "XOR (4 points)"),
    QT_TRANSLATE_NOOP("Names", "Plane"),
    QT_TRANSLATE_NOOP("Names", "Multi Gaussian"),
    # exports (bplab.export.kinds)
    QT_TRANSLATE_NOOP("Names", "Loss curve as PNG"),
    QT_TRANSLATE_NOOP("Names", "Loss curve as SVG"),
    QT_TRANSLATE_NOOP("Names", "Loss curve as CSV"),
    QT_TRANSLATE_NOOP("Names", "Decision boundary as PNG"),
    QT_TRANSLATE_NOOP("Names", "Decision boundary as SVG"),
    QT_TRANSLATE_NOOP("Names", "Network graph as PNG"),
    QT_TRANSLATE_NOOP("Names", "Network graph as SVG"),
    QT_TRANSLATE_NOOP("Names", "Whole window as PNG"),
    QT_TRANSLATE_NOOP("Names", "Training history as CSV"),
    QT_TRANSLATE_NOOP("Names", "Data set as CSV"),
    QT_TRANSLATE_NOOP("Names", "Weights as NumPy .npz"),
    QT_TRANSLATE_NOOP("Names", "Standalone NumPy script"),
    QT_TRANSLATE_NOOP("Names", "PyTorch script"),
    QT_TRANSLATE_NOOP("Names", "All runs as CSV"),
    # the default experiment and the examples (resources/examples/*.json)
    QT_TRANSLATE_NOOP("Names", "Circle (TF Playground defaults)"),
    QT_TRANSLATE_NOOP("Names", "XOR from the article (2-2-1 sigmoid)"),
    QT_TRANSLATE_NOOP("Names", "Two Gaussians (a single neuron)"),
    QT_TRANSLATE_NOOP("Names", "Three Gaussians (softmax, 3 classes)"),
    QT_TRANSLATE_NOOP("Names", "Plane (regression, linear output)"),
    QT_TRANSLATE_NOOP("Names", "Spiral (six features, three hidden layers)"),
    QT_TRANSLATE_NOOP("Names", "Exclusive or (4 tanh neurons)"),
    QT_TRANSLATE_NOOP("Names", "Article §4.1: sigmoid hidden layer, linear output (regression)"),
)


# Activation keys the graph writes under a layer ("tanh", "relu"): names, shown as they
# are, except where a language has a word for one.
KEYS = (QT_TRANSLATE_NOOP("Keys", "linear"),)


# Qt's own file dialog, in Qt's zh_CN catalogue (Qt 6.11) without these two labels since
# they gained a shortcut letter; bplab's catalogue has them (context: Qt's class).
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
)


def shown(label: str) -> str:
    """``label`` in the current language (itself when it is not one of LABELS)."""
    return QCoreApplication.translate(CONTEXT, label)


def shown_key(key: str) -> str:
    """An activation key as the graph writes it: "linear" is 线性 in Chinese."""
    return QCoreApplication.translate("Keys", key)
