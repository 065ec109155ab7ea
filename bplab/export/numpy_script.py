"""Export a session as a standalone NumPy training script, written to be read.

The script follows the article's XOR example — activation functions beside
their derivatives, then forward pass, loss, backward pass and update — with
the article's shape bug fixed the lab's way: ``W_l`` is ``(n_in, n_out)`` and
``net_l = h_(l-1) @ W_l + b_l``.  Every operation is the engine's, in the
engine's order, and the mini-batch order comes from the same generator state,
so the script continues training exactly where the lab stands.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bplab.engine.activations import ELU_ALPHA, LEAKY_SLOPE
from bplab.experiment.session import Session
from bplab.export import article_format, literals, sections
from bplab.export.state import ExportState, capture

Array = np.ndarray
ARTICLE_OPTION = "article_log"  # the script's --article-log (bplab.export.article_format)

# name -> (value function, derivative function); the same formulas as
# bplab/engine/activations.py, so the numbers agree to the last bit.
_ACTIVATIONS: dict[str, tuple[str, str]] = {
    "sigmoid": (
        "def sigmoid(net):\n"
        "    # σ(net) = 1 / (1 + e^(−net)); the floor at −700 keeps exp from overflowing\n"
        "    return 1.0 / (1.0 + np.exp(-np.maximum(net, -700.0)))\n",
        "def sigmoid_derivative(net, h):\n"
        "    return h * (1.0 - h)  # σ' = σ(1 − σ), from the output as in the article\n",
    ),
    "tanh": (
        "def tanh(net):\n"
        "    return np.tanh(net)\n",
        "def tanh_derivative(net, h):\n"
        "    return 1.0 - h * h  # tanh' = 1 − tanh²\n",
    ),
    "relu": (
        "def relu(net):\n"
        "    return np.maximum(net, 0.0)\n",
        "def relu_derivative(net, h):\n"
        "    return (net > 0).astype(net.dtype)  # 1 where net > 0, else 0\n",
    ),
    "leaky_relu": (
        "def leaky_relu(net):\n"
        f"    return np.where(net > 0, net, {LEAKY_SLOPE!r} * net)\n",
        "def leaky_relu_derivative(net, h):\n"
        f"    return np.where(net > 0, 1.0, {LEAKY_SLOPE!r}).astype(net.dtype)\n",
    ),
    "elu": (
        "def elu(net):\n"
        "    # net if net > 0, else α(e^net − 1); expm1 is exact near 0\n"
        f"    return np.where(net > 0, net, {ELU_ALPHA!r} * np.expm1(np.minimum(net, 0.0)))\n",
        "def elu_derivative(net, h):\n"
        "    # for net ≤ 0: α·e^net = h + α\n"
        f"    return np.where(net > 0, 1.0, h + {ELU_ALPHA!r}).astype(net.dtype)\n",
    ),
    "softplus": (
        "def softplus(net):\n"
        "    return np.logaddexp(0.0, net)  # ln(1 + e^net) without overflow\n",
        "def softplus_derivative(net, h):\n"
        "    return sigmoid(net)\n",
    ),
    "swish": (
        "def swish(net):\n"
        "    return net * sigmoid(net)\n",
        "def swish_derivative(net, h):\n"
        "    s = sigmoid(net)\n"
        "    return s + h * (1.0 - s)\n",
    ),
    "linear": (
        "def linear(net):\n"
        "    return net\n",
        "def linear_derivative(net, h):\n"
        "    return np.ones_like(net)\n",
    ),
    "softmax": (
        "def softmax(net):\n"
        "    shifted = net - net.max(axis=-1, keepdims=True)  # the largest exponent becomes 0\n"
        "    e = np.exp(shifted)\n"
        "    return e / e.sum(axis=-1, keepdims=True)\n",
        "",  # never needed: softmax always pairs with cross-entropy, whose δ is ŷ − y
    ),
}

# loss name -> (docstring, body computing ``per_point`` from net_out, y_hat, y)
_LOSSES: dict[str, tuple[str, str]] = {
    "squared_error": (
        "Squared error L = ½(y − ŷ)² (the article's loss)",
        "    per_point = 0.5 * ((y - y_hat) ** 2).sum(axis=1)\n",
    ),
    "binary_cross_entropy": (
        "Binary cross-entropy L = −y ln ŷ − (1 − y) ln(1 − ŷ)",
        "    # the same value written with net, which cannot overflow: ln(1 + e^net) − y·net\n"
        "    per_point = (np.logaddexp(0.0, net_out) - y * net_out).sum(axis=1)\n",
    ),
    "softmax_cross_entropy": (
        "Softmax cross-entropy L = −Σ_k y_k ln ŷ_k",
        "    # the same value written with net: ln Σ_k e^net_k − Σ_k y_k net_k\n"
        "    top = net_out.max(axis=1, keepdims=True)\n"
        "    log_sum_exp = top[:, 0] + np.log(np.exp(net_out - top).sum(axis=1))\n"
        "    per_point = log_sum_exp - (y * net_out).sum(axis=1)\n",
    ),
}

# optimizer name -> (formula comment, (script name, engine slot) per state list)
_UPDATES: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "sgd": ("gradient descent: w ← w − η·∂L/∂w", ()),
    "momentum": ("momentum: v ← μ·v + g;  w ← w − η·v", (("velocity", "velocity"),)),
    "nesterov": ("Nesterov momentum: v ← μ·v + g;  w ← w − η·(g + μ·v)",
                 (("velocity", "velocity"),)),
    "rmsprop": ("RMSProp: s ← ρ·s + (1 − ρ)·g²;  w ← w − η·g / (√s + ε)",
                (("square_avg", "square_avg"),)),
    "adam": ("Adam: m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  w ← w − η·m̂ / (√v̂ + ε)",
             (("adam_m", "m"), ("adam_v", "v"))),
}


def _array_literal(dtype: str) -> Callable[[Array, str], str]:
    suffix = "" if dtype == "float64" else ", dtype=np.float32"
    return lambda a, indent: f"np.array({literals.nested_list(a, indent)}{suffix})"


def _needed_functions(s: ExportState) -> list[str]:
    """Source of the activation functions this network uses, each once."""
    values = list(dict.fromkeys(s.activations))
    derivs = list(dict.fromkeys(s.activations[:-1]))
    if s.loss == "squared_error" and s.activations[-1] not in derivs:
        derivs.append(s.activations[-1])
    # softplus' and swish are written with sigmoid
    if {"softplus", "swish"} & set(values) and "sigmoid" not in values:
        values.insert(0, "sigmoid")
    out = []
    for name in values:
        value, deriv = _ACTIVATIONS[name]
        out.append(value)
        if name in derivs:
            out.append(deriv)
    return out


def _functions(s: ExportState) -> str:
    return (
        "\n\n# Activation functions and their derivatives.  A derivative gets both the input\n"
        "# net and the output h = f(net) and uses whichever is cheaper.\n"
        + "\n\n".join(_needed_functions(s)) + "\n"
    )


def _settings(s: ExportState) -> str:
    lines = ["\n# Hyper-parameters",
             f"learning_rate = {literals.float_literal(s.learning_rate)}  # η"]
    for key, value in s.hyper.items():
        lines.append(f"{key} = {literals.float_literal(value)}")  # named as in the engine
    if s.regularized:
        what = "λ·Σ|w|" if s.regularization == "l1" else "λ·½Σw²"
        lines.append(f"{s.regularization}_rate = {literals.float_literal(s.regularization_rate)}"
                     f"  # λ of the {s.regularization.upper()} penalty {what} on the weights")
    lines += sections.batch_settings(s)
    return "\n".join(lines) + "\n"


def _params_list(s: ExportState) -> str:
    return "[" + ", ".join(f"W{i}, b{i}" for i in range(1, s.n_layers + 1)) + "]"


def _optimizer_state(s: ExportState) -> str:
    if s.optimizer == "sgd":
        return ""
    _, slots = _UPDATES[s.optimizer]
    lines = ["\n# Optimizer state, one array per parameter in the order of `params`."]
    lines.append(f"params = {_params_list(s)}  # updated in place")
    for name, slot in slots:
        arrays = s.optimizer_slots[slot]
        if not any(a.any() for a in arrays):
            lines.append(f"{name} = [np.zeros_like(p) for p in params]")
        else:
            array = _array_literal(s.dtype)
            items = ",\n".join(f"    {array(a, '        ')}" for a in arrays)
            lines.append(f"{name} = [\n{items},\n]")
    if s.optimizer == "adam":
        lines.append(f"t = {s.optimizer_t}  # updates done so far, for the bias correction")
    return "\n".join(lines) + "\n"


def _forward(s: ExportState) -> str:
    L = s.n_layers
    lines = [
        "\n\ndef forward(x):",
        f'    """Forward pass: net_l and h_l = f(net_l) per layer; h{L} is the output ŷ."""',
    ]
    for i, act in enumerate(s.activations, start=1):
        prev = "x" if i == 1 else f"h{i - 1}"
        lines.append(f"    net{i} = {prev} @ W{i} + b{i}")
        lines.append(f"    h{i} = {act}(net{i})")
    outs = ", ".join(f"net{i}, h{i}" for i in range(1, L + 1))
    lines.append(f"    return {outs}")
    return "\n".join(lines) + "\n"


def _loss(s: ExportState) -> str:
    doc, body = _LOSSES[s.loss]
    how = "averaged over" if s.reduction == "mean" else "summed over"
    total = ("    return float(per_point.sum()) / len(per_point)\n" if s.reduction == "mean"
             else "    return float(per_point.sum())\n")
    return (
        "\n\ndef loss(x, y):\n"
        f'    """{doc}, {how} the points.\n\n'
        '    The data loss alone: a regularization penalty is not included.\n'
        '    """\n'
        "    *_, net_out, y_hat = forward(x)\n"
        f"{body}{total}"
    )


def _backward(s: ExportState, ind: str) -> list[str]:
    L, acts = s.n_layers, s.activations
    lines = ["", f"{ind}# backward pass: delta_l = ∂L/∂net_l, from the output layer back"]
    if s.loss == "squared_error":
        lines.append(f"{ind}delta{L} = (h{L} - y) * {acts[-1]}_derivative(net{L}, h{L})"
                     "  # ∂L/∂ŷ · f'(net)")
    else:
        lines.append(f"{ind}delta{L} = h{L} - y  # {acts[-1]} with cross-entropy: δ = ŷ − y")
    if s.reduction == "mean":
        lines.append(f"{ind}delta{L} = delta{L} / len(y)  # the loss is the batch mean")
    for i in range(L, 0, -1):
        prev = "x" if i == 1 else f"h{i - 1}"
        lines.append(f"{ind}dW{i} = {prev}.T @ delta{i}")
        lines.append(f"{ind}db{i} = delta{i}.sum(axis=0)")
        if i > 1:
            lines.append(f"{ind}delta{i - 1} = (delta{i} @ W{i}.T) * "
                         f"{acts[i - 2]}_derivative(net{i - 1}, h{i - 1})")
    if s.regularized:
        if s.regularization == "l1":
            lines.append(f"{ind}# L1 penalty λ·Σ|w| adds λ·sign(w) to each weight gradient")
            term = "l1_rate * np.sign(W{i})"
        else:
            lines.append(f"{ind}# L2 penalty λ·½Σw² adds λ·w to each weight gradient")
            term = "l2_rate * W{i}"
        lines += [f"{ind}dW{i} += " + term.format(i=i) for i in range(1, L + 1)]
    return lines


def _update(s: ExportState, ind: str) -> list[str]:
    L = s.n_layers
    formula, _ = _UPDATES[s.optimizer]
    lines = ["", f"{ind}# update ({formula})"]
    if s.optimizer == "sgd":
        for i in range(L, 0, -1):
            lines += [f"{ind}W{i} -= learning_rate * dW{i}", f"{ind}b{i} -= learning_rate * db{i}"]
        return lines
    grads = "[" + ", ".join(f"dW{i}, db{i}" for i in range(1, L + 1)) + "]"
    lines.append(f"{ind}grads = {grads}")
    if s.optimizer in ("momentum", "nesterov"):
        step = "v" if s.optimizer == "momentum" else "(g + momentum * v)"
        lines += [f"{ind}for p, g, v in zip(params, grads, velocity):",
                  f"{ind}    v *= momentum", f"{ind}    v += g",
                  f"{ind}    p -= learning_rate * {step}"]
    elif s.optimizer == "rmsprop":
        lines += [f"{ind}for p, g, s in zip(params, grads, square_avg):",
                  f"{ind}    s *= rho", f"{ind}    s += (1.0 - rho) * g * g",
                  f"{ind}    p -= learning_rate * g / (np.sqrt(s) + eps)"]
    else:
        lines += [f"{ind}t += 1",
                  f"{ind}c1 = 1.0 - beta1**t  # bias corrections: m̂ = m / c1, v̂ = v / c2",
                  f"{ind}c2 = 1.0 - beta2**t",
                  f"{ind}for p, g, m, v in zip(params, grads, adam_m, adam_v):",
                  f"{ind}    m *= beta1", f"{ind}    m += (1.0 - beta1) * g",
                  f"{ind}    v *= beta2", f"{ind}    v += (1.0 - beta2) * g * g",
                  f"{ind}    p -= learning_rate * (m / c1) / (np.sqrt(v / c2) + eps)"]
    return lines


def _loop(s: ExportState) -> str:
    outs = ", ".join(f"net{i}, h{i}" for i in range(1, s.n_layers + 1))
    ind = sections.IND
    start = sections.loop_start(s, before=article_format.before_loop(),
                                first=article_format.epoch_start(s))
    lines = [*start, "", f"{ind}# forward pass", f"{ind}{outs} = forward(x)",
             *_backward(s, ind), *_update(s, ind)]
    return "\n".join(lines) + "\n" + sections.loop_end(s, "loss", ARTICLE_OPTION,
                                                       article_format.after_loop())


def render(s: ExportState) -> str:
    """The NumPy script for a captured session state."""
    array = _array_literal(s.dtype)
    return "".join([
        sections.header(s, "NumPy alone", ["import numpy as np"], article_format.option()),
        'np.seterr(all="ignore")  # an overflow shows up as a NaN loss, reported below\n',
        _functions(s),
        sections.data(s, array, _array_literal("float64"),
                      "" if s.dtype == "float64" else ".astype(np.float32)"),
        sections.weights(s, array, "W_l has shape (n_in, n_out), so net_l = h_(l-1) @ W_l + b_l."),
        _settings(s), _optimizer_state(s), sections.progress(s),
        _forward(s), _loss(s), sections.report(s, "loss", ARTICLE_OPTION), _loop(s),
    ])


def numpy_script(session: Session) -> str:
    """A standalone NumPy script that continues training ``session`` exactly."""
    return render(capture(session))
