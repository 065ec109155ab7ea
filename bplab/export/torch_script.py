"""Export a session as a standalone PyTorch training script.

Same data, weights, optimizer state and mini-batch order as the NumPy export,
written the way PyTorch users write it: an ``nn.Sequential`` of ``nn.Linear``
layers, a loss module, autograd and a ``torch.optim`` optimizer.  The engine
follows PyTorch's optimizer conventions, so in float64 the two agree to
rounding error.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bplab.engine.activations import ELU_ALPHA, LEAKY_SLOPE
from bplab.experiment.session import Session
from bplab.export import literals, sections
from bplab.export.state import ExportState, capture

Array = np.ndarray
IND = sections.IND

# engine activation -> torch module; softmax never appears as a module (see _logits)
_MODULES = {
    "sigmoid": "nn.Sigmoid()",
    "tanh": "nn.Tanh()",
    "relu": "nn.ReLU()",
    "leaky_relu": f"nn.LeakyReLU({LEAKY_SLOPE!r})",
    "elu": f"nn.ELU(alpha={ELU_ALPHA!r})",
    "softplus": "nn.Softplus()",
    "swish": "nn.SiLU()",
    "linear": "nn.Identity()",
}

# engine optimizer -> (torch state key per engine slot)
_STATE_KEYS = {
    "momentum": {"velocity": "momentum_buffer"},
    "nesterov": {"velocity": "momentum_buffer"},
    "rmsprop": {"square_avg": "square_avg"},
    "adam": {"m": "exp_avg", "v": "exp_avg_sq"},
}


def _logits(s: ExportState) -> bool:
    """The model ends at net: the cross-entropy losses apply sigmoid/softmax themselves."""
    return s.loss != "squared_error"


def _array_literal(a: Array, indent: str) -> str:
    return f"torch.tensor({literals.nested_list(a, indent)})"


def _float64_literal(a: Array, indent: str) -> str:
    return f"torch.tensor({literals.nested_list(a, indent)}, dtype=torch.float64)"


def _torch_layout(a: Array, indent: str) -> str:
    """A lab weight-shaped array in torch's layout: Linear.weight is W.T."""
    text = _array_literal(a, indent)
    return f"{text}.T.contiguous()" if np.ndim(a) == 2 else text


def _imports(s: ExportState) -> list[str]:
    # NumPy draws the mini-batch order; a full batch in stored order needs none
    numpy = [] if s.full_batch else ["import numpy as np"]
    return [*numpy, "import torch", "from torch import nn"]


def _setup(s: ExportState) -> str:
    torch_dtype = "torch.float64" if s.dtype == "float64" else "torch.float32"
    return f"torch.set_default_dtype({torch_dtype})  # the lab's precision\n"


def _model(s: ExportState) -> str:
    rows = []
    for i, (n_in, n_out, act) in enumerate(
            zip(s.sizes, s.sizes[1:], s.activations, strict=False), start=1):
        last = i == s.n_layers
        if last and _logits(s):
            rows.append(f"{IND}nn.Linear({n_in}, {n_out}),  # logits: {act} is in the loss")
        else:
            rows.append(f"{IND}nn.Linear({n_in}, {n_out}), {_MODULES[act]},")
    lines = [
        "\n# The network: nn.Linear layers, each followed by its activation.",
        "model = nn.Sequential(", *rows, ")",
        "linears = [m for m in model if isinstance(m, nn.Linear)]",
        "with torch.no_grad():  # nn.Linear keeps its weight as (n_out, n_in): the lab's W.T",
    ]
    for i in range(1, s.n_layers + 1):
        lines += [f"{IND}linears[{i - 1}].weight.copy_(W{i}.T)",
                  f"{IND}linears[{i - 1}].bias.copy_(b{i})"]
    if "softplus" in s.activations:
        lines.append("# (nn.Softplus is exactly linear above net = 20, the lab's within 3e-9)")
    return "\n".join(lines) + "\n"


def _criterion(s: ExportState) -> str:
    red = s.reduction
    if s.loss == "squared_error":
        body = [
            "\n\ndef criterion(y_hat, y):",
            f'{IND}"""Squared error L = ½(y − ŷ)² per point, {red} over the points."""',
            f"{IND}per_point = 0.5 * ((y - y_hat) ** 2).sum(dim=1)",
            f"{IND}return per_point.{red}()",
        ]
        return "\n".join(body) + "\n\n"
    if s.loss == "binary_cross_entropy":
        return ("\n# Binary cross-entropy on the logits (sigmoid inside, computed stably).\n"
                f'criterion = nn.BCEWithLogitsLoss(reduction="{red}")\n')
    return ("\n# Softmax cross-entropy on the logits; the targets are one-hot rows.\n"
            f'criterion = nn.CrossEntropyLoss(reduction="{red}")\n')


def _penalty(s: ExportState) -> str:
    if not s.regularized:
        return ""
    rate = literals.float_literal(s.regularization_rate)
    if s.regularization == "l1":
        term = "l1_rate * sum(linear.weight.abs().sum() for linear in linears)"
        what = "L1 penalty λ·Σ|w|"
    else:
        term = "l2_rate * 0.5 * sum((linear.weight ** 2).sum() for linear in linears)"
        what = "L2 penalty λ·½Σw²"
    return "\n".join([
        f"\n{s.regularization}_rate = {rate}  # λ",
        "\n\ndef penalty():",
        f'{IND}"""The {what} on the weights (never the biases), added to the training loss."""',
        f"{IND}return {term}",
    ]) + "\n\n"


def _optimizer(s: ExportState) -> str:
    lr = literals.float_literal(s.learning_rate)
    h = {k: literals.float_literal(v) for k, v in s.hyper.items()}
    params = "model.parameters()"
    if s.optimizer == "sgd":
        make = f"torch.optim.SGD({params}, lr={lr})"
    elif s.optimizer in ("momentum", "nesterov"):
        # torch refuses Nesterov without momentum; with μ = 0 both are plain descent
        nesterov = ", nesterov=True" if s.optimizer == "nesterov" and s.hyper["momentum"] else ""
        make = f"torch.optim.SGD({params}, lr={lr}, momentum={h['momentum']}{nesterov})"
    elif s.optimizer == "rmsprop":
        make = f"torch.optim.RMSprop({params}, lr={lr}, alpha={h['rho']}, eps={h['eps']})"
    else:
        make = (f"torch.optim.Adam({params}, lr={lr}, betas=({h['beta1']}, {h['beta2']}), "
                f"eps={h['eps']})")
    lines = ["\noptimizer = " + make]
    lines += sections.batch_settings(s)
    if s.optimizer in _STATE_KEYS and s.optimizer_t > 0:
        lines += _optimizer_state(s)
    return "\n".join(lines) + "\n"


def _optimizer_state(s: ExportState) -> list[str]:
    """Load the lab's optimizer state, one entry per parameter in model order."""
    keys = _STATE_KEYS[s.optimizer]
    entries = []
    for i in range(2 * s.n_layers):
        fields = [f'"{key}": {_torch_layout(s.optimizer_slots[slot][i], IND * 3)}'
                  for slot, key in keys.items()]
        if s.optimizer in ("rmsprop", "adam"):
            fields.insert(0, f'"step": {float(s.optimizer_t)!r}')
        entries.append(f"{IND}{i}: {{\n" + "".join(f"{IND * 2}{f},\n" for f in fields)
                       + f"{IND}}},")
    return [
        "# Resume the lab's optimizer state (parameters in model order: weight, bias, ...).",
        "state = optimizer.state_dict()",
        "state[\"state\"] = {",
        *entries,
        "}",
        "optimizer.load_state_dict(state)",
    ]


def _data_loss() -> str:
    return "\n".join([
        "\n\ndef data_loss(x, y):",
        f'{IND}"""The loss on a whole data set, without the penalty."""',
        f"{IND}with torch.no_grad():",
        f"{IND}{IND}return criterion(model(x), y).item()",
    ]) + "\n"


def _loop(s: ExportState) -> str:
    loss = "criterion(model(x), y)" + (" + penalty()" if s.regularized else "")
    lines = [
        *sections.loop_start(s, "torch.from_numpy"),
        "",
        f"{IND}optimizer.zero_grad()",
        f"{IND}loss = {loss}  # forward pass",
        f"{IND}loss.backward()  # backward pass: autograd fills each parameter's .grad",
        f"{IND}optimizer.step()  # update",
    ]
    return "\n".join(lines) + "\n" + sections.loop_end(s, "data_loss")


def render(s: ExportState) -> str:
    """The PyTorch script for a captured session state."""
    array: Callable[[Array, str], str] = _array_literal
    return "".join([
        sections.header(s, "PyTorch", _imports(s)),
        _setup(s),
        sections.data(s, array, _float64_literal,
                      "" if s.dtype == "float64" else ".to(torch.get_default_dtype())"),
        sections.weights(s, array, "the lab's layout, W_l is (n_in, n_out)."),
        _model(s), _criterion(s), _penalty(s), _optimizer(s), sections.progress(s),
        _data_loss(), sections.report(s, "data_loss"), _loop(s),
    ])


def torch_script(session: Session) -> str:
    """A standalone PyTorch script that continues training ``session``."""
    return render(capture(session))
