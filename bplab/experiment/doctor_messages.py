"""Every text of the training doctor, in one table, and their English rendering.

A finding carries a message id (a key of ``MESSAGES``) and its numbers as
``params``; a suggested fix likewise carries a key of ``FIX_MESSAGES``.
``render(template, params)`` fills a template with the numbers written for
people (``3·10⁻⁷``, ``0.0312``, ``NaN``).  The window translates the
template first and renders the translation with the same params::

    text = render(QCoreApplication.translate("doctor", MESSAGES[finding.message_id]),
                  finding.params)

so the templates stay plain string literals here (no expressions, for the
translation tools to find), and a translation may reorder the ``{names}``
freely.  Neuron and layer numbers in ``params`` are
already the ones people read (neurons counted from 1, layers as the graph
shows them: layer 1 is the first hidden layer).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from bplab.experiment.translation import QT_TRANSLATE_NOOP

MINUS = "\u2212"
_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")

MESSAGES: dict[str, str] = {
    "divergence.learning_rate": QT_TRANSLATE_NOOP(
        "doctor",
        "Training diverges: the loss went from {before} to {after} by epoch {epoch}. "
        "The learning rate {lr} is too high."),
    "divergence.learning_rate_limit": QT_TRANSLATE_NOOP(
        "doctor",
        "Training diverges: the loss went from {before} to {after} by epoch {epoch}. "
        "The learning rate {lr} is too high: the curvature of the loss allows at "
        "most about {limit} here."),
    "divergence.edited_weight": QT_TRANSLATE_NOOP(
        "doctor",
        "Training diverges: the loss went from {before} to {after} by epoch {epoch}. "
        "The weight from neuron {source} into neuron {neuron} of layer {layer} "
        "was set to {value}, {ratio} times the layer's typical weight."),
    "divergence.edited_bias": QT_TRANSLATE_NOOP(
        "doctor",
        "Training diverges: the loss went from {before} to {after} by epoch {epoch}. "
        "The bias of neuron {neuron} of layer {layer} was set to {value}, {ratio} "
        "times the layer's typical weight."),
    "divergence.outlier_weight": QT_TRANSLATE_NOOP(
        "doctor",
        "Training diverges: the loss went from {before} to {after} by epoch {epoch}. "
        "The weight from neuron {source} into neuron {neuron} of layer {layer} is "
        "{value}, {ratio} times the layer's typical weight: was it edited?"),
    "divergence.outlier_bias": QT_TRANSLATE_NOOP(
        "doctor",
        "Training diverges: the loss went from {before} to {after} by epoch {epoch}. "
        "The bias of neuron {neuron} of layer {layer} is {value}, {ratio} times "
        "the layer's typical weight: was it edited?"),
    "divergence.exploding_layer": QT_TRANSLATE_NOOP(
        "doctor",
        "Training diverges: the loss went from {before} to {after} by epoch {epoch}. "
        "Layer {layer} amplifies its inputs {gain} times (RMS of its net over RMS "
        "of its inputs), so the signals after it and the gradients before it explode."),
    "divergence.exploding_layers": QT_TRANSLATE_NOOP(
        "doctor",
        "Training diverges: the loss went from {before} to {after} by epoch {epoch}. "
        "The hidden layers amplify the network's inputs {total} times by layer "
        "{last} (RMS), most of all layer {layer}, {gain} times, so the gradients explode."),
    "vanishing_gradients": QT_TRANSLATE_NOOP(
        "doctor",
        "Vanishing gradients: layer {first}'s gradient is {ratio} of layer {last}'s, so the "
        "first layers hardly learn."),
    "dead_relu.one": QT_TRANSLATE_NOOP(
        "doctor",
        "Neuron {neuron} of layer {layer} is a dead ReLU: its output is 0 on every training "
        "point, so it gets no gradient and no longer learns."),
    "dead_relu.many": QT_TRANSLATE_NOOP(
        "doctor",
        "{count} of the {size} ReLU neurons of layer {layer} are dead: their output is 0 on "
        "every training point, so they get no gradient and no longer learn."),
    "saturation.one": QT_TRANSLATE_NOOP(
        "doctor",
        "Neuron {neuron} of layer {layer} ({activation}) is saturated: |net| > {threshold} on "
        "{share}% of the training points, where its derivative is almost 0."),
    "saturation.many": QT_TRANSLATE_NOOP(
        "doctor",
        "{count} of the {size} {activation} neurons of layer {layer} are saturated: |net| > "
        "{threshold} on at least {share}% of the training points, where the derivative is "
        "almost 0."),
    "plateau": QT_TRANSLATE_NOOP(
        "doctor",
        "The loss has hardly improved for {epochs} epochs: by {percent}% since epoch {start}. "
        "It is {loss} (best {best})."),
    "small_learning_rate": QT_TRANSLATE_NOOP(
        "doctor",
        "The learning rate {lr} is too small: the loss falls only about {percent}% per epoch, "
        "and the curvature of the loss would allow a rate up to about {limit}."),
}

FIX_MESSAGES: dict[str, str] = {
    "lower_learning_rate": QT_TRANSLATE_NOOP("doctor", "Lower the learning rate to {lr}"),
    "raise_learning_rate": QT_TRANSLATE_NOOP("doctor", "Raise the learning rate to {lr}"),
    "relu_he": QT_TRANSLATE_NOOP("doctor", "Use ReLU and He initialisation in the hidden layers"),
    "he": QT_TRANSLATE_NOOP("doctor", "Use He initialisation"),
    "glorot": QT_TRANSLATE_NOOP("doctor", "Use Glorot initialisation"),
    "leaky_relu": QT_TRANSLATE_NOOP("doctor", "Use leaky ReLU in layer {layer}"),
    "add_features": QT_TRANSLATE_NOOP("doctor", "Add the input features {features}"),
    "more_neurons": QT_TRANSLATE_NOOP("doctor", "Use more neurons: {sizes} in the hidden layers"),
    "fresh_weights": QT_TRANSLATE_NOOP("doctor", "Start again from fresh initial weights"),
}


def format_number(value: object) -> str:
    """A number for people: ``3·10⁻⁷``, ``0.0312``, ``12.5``, ``1,234``, ``NaN``, ``∞``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace("-", MINUS)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else f"{MINUS}∞"
    size = abs(value)
    if size == 0.0:
        text = "0"
    elif 1e-3 <= size < 100:
        text = f"{value:.3g}"
    elif 100 <= size < 1e5:
        text = f"{value:,.0f}"
    else:
        mantissa, exponent = f"{value:.1e}".split("e")
        mantissa = mantissa.removesuffix(".0")
        power = f"10{str(int(exponent)).translate(_SUP)}"
        text = power if mantissa in ("1", "-1") else f"{mantissa}·{power}"
        if mantissa == "-1":
            text = "-" + text
    return text.replace("-", MINUS)


def render(template: str, params: Mapping[str, object]) -> str:
    """Fill ``template``'s ``{names}`` with ``params``, numbers written by ``format_number``."""
    return template.format(**{k: format_number(v) for k, v in params.items()})
