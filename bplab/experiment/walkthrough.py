"""One training step written out as the article's equations, with the engine's numbers.

``explain_step(session)`` takes the mini-batch the trainer will use next
(without advancing it), runs the engine's own forward pass, backward pass,
regularization gradient and optimizer update on copies, and writes what
happens to one sample of that batch as ordered equation lines:

    net₁ = w₁₁x₁ + w₁₂x₂ + b₁ = 0.4170 × 0.000 + … = −0.3482

Every ``Line.value`` is a number the engine computed (an element of
``ForwardPass.net``/``h``, ``BackwardPass.delta``/``dW``/``db``, the loss,
or the parameter the optimizer will write), never a recomputation, so the
inspector is exact down to the last bit.  The ``substituted`` text rounds
the operands to 4 significant digits.  ``apply_step(session)`` then performs
exactly the explained update.

Indices: ``Line.layer`` is the node layer (0 = inputs, L = output) and
``Line.neuron`` the neuron in it, as in ``NetworkView.nodeHovered``.  Lines
about the weight ``w_ji`` have ``neuron = j`` and ``source = i``: the engine's
``W[layer - 1][source, neuron]``.  Qt-free: NumPy only.

The sentences (section titles, notes, asides) go through
``translation.translate("Walkthrough", …)``, so the window shows them in its
language; symbols, equations and numbers are the same in every language.
"""

from __future__ import annotations

import copy
import hashlib
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from bplab.data import FEATURES
from bplab.engine import regularizers
from bplab.engine.network import BackwardPass, ForwardPass, Network
from bplab.engine.optimizers import Optimizer
from bplab.experiment.session import Session
from bplab.experiment.translation import QT_TRANSLATE_NOOP, translate

Array = np.ndarray

MAX_NEURONS_SHOWN = 8  # neurons per layer written out; bigger layers say "… and N more"
MAX_TERMS_SHOWN = 8  # terms of a sum written with numbers before "+ … (N more)"
MAX_SYMBOLIC_TERMS = 4  # sums this short are spelled out symbolically, longer ones use Σ
MAX_BATCH_TERMS = 4  # batch sums this short list every sample's term
KINDS = ("forward", "loss", "backward", "gradient", "update")
LOSS_NOTES = {  # translated where used
    "squared_error": QT_TRANSLATE_NOOP(
        "Walkthrough", "Squared error, the article's loss: L = ½(y − ŷ)² for one sample "
                       "(½ Σₖ (yₖ − ŷₖ)² with several outputs)."),
    "binary_cross_entropy": QT_TRANSLATE_NOOP(
        "Walkthrough", "Binary cross-entropy for one sample: L = −y ln ŷ − (1 − y) ln(1 − ŷ)."),
    "softmax_cross_entropy": QT_TRANSLATE_NOOP(
        "Walkthrough", "Softmax cross-entropy for one sample: L = −Σₖ yₖ ln ŷₖ, that is −ln of "
                       "the probability given to the true class."),
}
# "… and N more": what is left out of a long list, as templates for translate().
MORE_NEURONS = QT_TRANSLATE_NOOP("Walkthrough", "… and {0} more neurons in this layer")
MORE_OUTPUTS = QT_TRANSLATE_NOOP("Walkthrough", "… and {0} more outputs")
MORE_INPUTS = QT_TRANSLATE_NOOP("Walkthrough", "… and {0} more inputs")
MORE_WEIGHTS = QT_TRANSLATE_NOOP("Walkthrough", "… and {0} more weights into this neuron")

MINUS = "\u2212"
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


# -- the data model -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Line:
    """One equation: ``symbol = formula = substituted = value`` (``←`` for updates)."""

    symbol: str  # article notation, e.g. "net₁", "δ₂⁽¹⁾", "∂L/∂w₁₂"
    formula: str  # symbolic right-hand side
    substituted: str  # the same with the numbers, 4 significant digits
    value: float  # the engine's value, exact
    layer: int  # node layer: 0 = inputs, L = output
    neuron: int  # neuron in that layer (-1: the whole layer, e.g. the batch loss)
    kind: str  # one of KINDS
    source: int = -1  # i of a weight w_ji (W[layer - 1][source, neuron]); -1 otherwise
    param: str = ""  # "w" or "b" when the line is about one weight or bias
    state: str = ""  # optimizer state slot ("velocity", "m", …) for state updates
    comment: str = ""  # a short aside shown under the line
    digits: int = 4  # significant digits to show the value with (more when an update is tiny)


@dataclass(frozen=True, slots=True)
class Section:
    title: str  # in the reader's language
    lines: list[Line]
    notes: list[str] = field(default_factory=list)  # prose shown above the lines
    kind: str = ""  # which of KINDS the section is, whatever its title's language


@dataclass(frozen=True, slots=True)
class StepArrays:
    """The engine's arrays of the explained step, for every neuron and link (copies).

    The lines write out at most MAX_NEURONS_SHOWN neurons a layer; the graph's
    step-through (``step_stages``) shows every node and link from these.
    """

    net: list[Array]  # ForwardPass.net: (batch, n) per layer
    h: list[Array]  # ForwardPass.h: h[0] the inputs, h[-1] ŷ
    delta: list[Array]  # BackwardPass.delta: (batch, n) per layer
    dW: list[Array]  # ∂L/∂W of the mini-batch as the optimizer sees it (regularization included)
    db: list[Array]  # ∂L/∂b of the mini-batch
    per_sample_loss: Array  # the loss's per-sample values, (batch,)
    batch_loss: float  # Network.loss_value: their sum or mean, as the loss reduces them
    old_W: list[Array]  # the parameters before the step
    old_b: list[Array]
    t: Array | None = None  # the batch's targets, as the loss saw them


@dataclass(frozen=True, slots=True)
class Walkthrough:
    batch_indices: Array  # rows of the training set in the batch, in the trainer's order
    sample: int  # which row of the batch the lines follow
    sections: list[Section]
    step: int  # the trainer's completed steps: this is update number step + 1
    epoch: int  # completed epochs
    layer_titles: list[str]  # "input layer", "hidden layer · sigmoid", …, per node layer
    x: tuple[float, ...]  # the sample's network inputs
    y: tuple[float, ...]  # its targets
    fingerprint: str  # state the explanation was made from (see state_fingerprint)
    new_W: list[Array] = field(repr=False, default_factory=list)  # what apply_step writes
    new_b: list[Array] = field(repr=False, default_factory=list)
    arrays: StepArrays | None = field(repr=False, default=None)  # the whole step's numbers

    @property
    def batch_size(self) -> int:
        return len(self.batch_indices)

    @property
    def point(self) -> int:
        """Index of the followed sample in the training set."""
        return int(self.batch_indices[self.sample])

    def lines(self, kind: str | None = None) -> list[Line]:
        """All lines in order, optionally only those of one kind."""
        return [ln for s in self.sections for ln in s.lines if kind is None or ln.kind == kind]

    def is_current(self, session: Session) -> bool:
        """True while the session is still in the state this explanation was made from."""
        return self.fingerprint == state_fingerprint(session)


class StaleWalkthrough(RuntimeError):
    """apply_step was asked to perform an explanation the session has moved away from."""


# -- numbers and symbols ----------------------------------------------------------
def num(v: float, digits: int = 4) -> str:
    """4 significant digits, trailing zeros kept (0.1220), Unicode minus, ×10ⁿ exponents."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else f"{MINUS}∞"
    text = f"{v:#.{digits}g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        text = f"{mantissa}×10{str(int(exp)).translate(_SUP)}"
    return text.replace("-", MINUS)


def term(v: float, digits: int = 4) -> str:
    """A number as an operand: negatives in parentheses."""
    text = num(v, digits)
    return f"({text})" if text.startswith(MINUS) else text


def setting(v: float) -> str:
    """A hyper-parameter as the user typed it (0.03, not 0.03000)."""
    text = f"{float(v):g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        power = f"10{str(int(exp)).translate(_SUP)}"
        text = power if mantissa == "1" else f"{mantissa}×{power}"
    return text.replace("-", MINUS)


def change_digits(old: float, new: float, limit: int = 10) -> int:
    """Digits needed for old and new to read differently (4 if they do already or are equal)."""
    if old == new or not (math.isfinite(old) and math.isfinite(new)):
        return 4
    for digits in range(4, limit + 1):
        if num(old, digits) != num(new, digits):
            return digits
    return limit


def sub(n: int) -> str:
    return str(n).translate(_SUB)


def sup(n: int) -> str:
    return str(n).translate(_SUP)


class Notation:
    """The article's symbols, extended with layer superscripts for deep nets.

    With one hidden layer and one output the symbols are exactly the
    article's: x_i, net_j, h_j, w_ji, b_j, δ_j, then net, ŷ, w_j, b, δ.  When
    that would be ambiguous (several hidden layers, or several outputs whose
    net₁ would clash with the hidden net₁), layers get a superscript ⁽ˡ⁾ —
    except a single output, whose symbols carry no index at all.  Indices
    are 1-based, as in the article.
    """

    def __init__(self, sizes: Sequence[int]) -> None:
        self.sizes = list(sizes)
        self.L = len(sizes) - 1  # output layer
        hidden = self.L - 1
        self._superscripts = hidden > 1 or (hidden == 1 and sizes[-1] > 1)
        self._comma = max(sizes) >= 10  # w₁₂ is ambiguous once an index has two digits

    def _tag(self, layer: int) -> str:
        if not self._superscripts or layer == 0 or self._single_output(layer):
            return ""
        return f"⁽{sup(layer)}⁾"

    def _single_output(self, layer: int) -> bool:
        return layer == self.L and self.sizes[-1] == 1

    def node(self, base: str, layer: int, j: int) -> str:
        """net, h, δ or b of neuron j in a layer; h of layer 0 is x, of the output ŷ."""
        if layer == 0:
            return f"x{sub(j + 1)}"
        if layer == self.L and base == "h":
            return "ŷ" if self._single_output(layer) else f"ŷ{sub(j + 1)}"
        if self._single_output(layer):
            return base
        return f"{base}{sub(j + 1)}{self._tag(layer)}"

    def out(self, layer: int, i: int) -> str:
        """The output of neuron i of a layer (x_i, h_i, ŷ)."""
        return self.node("h", layer, i)

    def target(self, k: int) -> str:
        return "y" if self.sizes[-1] == 1 else f"y{sub(k + 1)}"

    def weight(self, layer: int, j: int, i: int) -> str:
        """w_ji into neuron j of ``layer`` from neuron i of the layer before."""
        if self._single_output(layer):
            idx = sub(i + 1)  # the article's w_j
        else:
            idx = sub(j + 1) + ("," if self._comma else "") + sub(i + 1)
        return f"w{idx}{self._tag(layer)}"

    def index_letter(self, layer: int) -> str:
        """Letter of the source index of a layer's sums (i into hidden, j into the output)."""
        return "ⱼ" if layer == self.L and self.L > 1 else "ᵢ"

    def sigma(self, layer: int, j: int) -> str:
        """Σ-form of net: Σᵢ w₁ᵢ xᵢ + b₁."""
        letter = self.index_letter(layer)
        if self._single_output(layer):
            w = f"w{letter}"
        else:
            w = f"w{sub(j + 1)}{letter}{self._tag(layer)}"
        prev = "x" if layer == 1 else ("h" if layer - 1 < self.L else "ŷ")
        prev += letter + self._tag(layer - 1)
        return f"Σ{letter} {w} {prev} + {self.node('b', layer, j)}"


def shown(n: int) -> range:
    return range(min(n, MAX_NEURONS_SHOWN))


def more(n: int, template: str = MORE_NEURONS) -> str:
    """"… and 3 more neurons in this layer" for a list of n cut at MAX_NEURONS_SHOWN."""
    extra = n - MAX_NEURONS_SHOWN
    return translate("Walkthrough", template).format(extra) if extra > 0 else ""


def _sum_text(parts: list[str], rest: float, n_rest: int) -> str:
    """Shown terms joined by +, then the sum of the ``n_rest`` terms left out."""
    text = " + ".join(parts)
    if n_rest:
        more_terms = translate("Walkthrough", "{0} more terms: {1}").format(n_rest, num(rest))
        text += f" + … ({more_terms})"
    return text


def state_fingerprint(session: Session) -> str:
    """A digest of everything the next step depends on (weights, optimizer, batch, settings)."""
    tr, net = session.trainer, session.network
    opt = tr.optimizer
    digest = hashlib.blake2b(digest_size=16)
    arrays = [*net.W, *net.b, *(a for slot in opt.state.values() for a in slot), tr.order]
    for a in arrays:
        digest.update(np.ascontiguousarray(a).data)  # a buffer: no copy for big nets
    settings = (id(tr), tr.step, tr.epoch, tr.position, tr.batch_size, tr.shuffle, opt.name,
                opt.t, opt.learning_rate, sorted(opt.hyper.items()), tr.regularization,
                tr.regularization_rate, net.reduction, net.loss_name, tr.status)
    digest.update(repr(settings).encode())
    return digest.hexdigest()


# -- explaining ------------------------------------------------------------------------
@dataclass
class _Pass:
    """Everything the line builders read: the engine's arrays for one batch."""

    session: Session
    net: Network
    nt: Notation
    fp: ForwardPass
    bp: BackwardPass  # gradients include the regularization term, as the optimizer sees them
    data_dW: list[Array]  # ∂L/∂W of the data loss alone
    t: Array  # targets of the batch
    s: int  # the followed sample
    optimizer: Optimizer  # the trainer's, state before the step
    after: Optimizer  # a copy that has taken the step: new parameters and state

    @property
    def N(self) -> int:
        return len(self.t)

    @property
    def L(self) -> int:
        return self.net.n_layers


def explain_step(session: Session, sample_index: int | None = None) -> Walkthrough:
    """The next training step, written out for one sample of its mini-batch.

    The trainer does not move.  A learning rate queued with
    ``Trainer.set_learning_rate`` is applied first, because the step would
    apply it before anything else.
    """
    tr, net = session.trainer, session.network
    tr.apply_pending()  # harmless: the next step does it first
    idx, x, t = tr.next_batch()  # the trainer's own choice: what the step will train on
    s = 0 if sample_index is None else int(sample_index)
    if not 0 <= s < len(idx):
        raise ValueError(f"the batch has {len(idx)} samples; sample {s} does not exist")
    with np.errstate(all="ignore"):  # as run_steps: overflow shows up as NaN, not an error
        fp = net.forward(x)
        bp = net.backward(fp, t)
        data_dW = [g.copy() for g in bp.dW]
        if tr.regularization != "none":  # exactly Trainer.train_step
            regularizers.add_gradient(tr.regularization, tr.regularization_rate, net.W, bp.dW)
        after = copy.deepcopy(tr.optimizer)  # its params are copies of the network's arrays
        after.step(bp.grads)
    p = _Pass(session, net, Notation(net.sizes), fp, bp, data_dW, t, s, tr.optimizer, after)
    with np.errstate(all="ignore"):
        sections = [_forward(p), _loss(p), _backward(p), _gradients(p), _update(p)]
        arrays = StepArrays(
            net=[a.copy() for a in fp.net], h=[a.copy() for a in fp.h],
            delta=[a.copy() for a in bp.delta], dW=[a.copy() for a in bp.dW],
            db=[a.copy() for a in bp.db],
            per_sample_loss=np.array(net.loss.per_sample(fp.net[-1], fp.y_hat, t)),
            batch_loss=net.loss_value(fp, t),
            old_W=[a.copy() for a in net.W], old_b=[a.copy() for a in net.b],
            t=t.copy())
    return Walkthrough(
        batch_indices=idx.copy(), sample=s, sections=sections, step=tr.step, epoch=tr.epoch,
        layer_titles=layer_titles(net), x=tuple(float(v) for v in fp.h[0][s]),
        y=tuple(float(v) for v in t[s]), fingerprint=state_fingerprint(session),
        new_W=[a.copy() for a in after.params[0::2]], new_b=[a.copy() for a in after.params[1::2]],
        arrays=arrays,
    )


def apply_step(session: Session, walkthrough: Walkthrough | None = None) -> int:
    """Perform the next training step (the explained one); returns the steps done (0 or 1).

    With ``walkthrough``, refuse (StaleWalkthrough) if the session has changed
    since it was explained, so that what is applied is what was shown.
    """
    tr = session.trainer
    tr.apply_pending()
    if walkthrough is not None and not walkthrough.is_current(session):
        raise StaleWalkthrough("the network changed since this step was explained")
    tr.stop.clear()  # a paused trainer keeps its stop flag set; run_steps would do nothing
    return tr.run_steps(1)


def layer_titles(net: Network) -> list[str]:
    titles = [translate("Walkthrough", "input layer")]
    hidden = net.n_layers - 1
    for layer, act in enumerate(net.activations, start=1):
        label = translate("Names", act.label)
        if layer == net.n_layers:
            titles.append(translate("Walkthrough", "output layer · {0}").format(label))
        elif hidden > 1:
            titles.append(translate("Walkthrough", "hidden layer {0} · {1}").format(layer, label))
        else:
            titles.append(translate("Walkthrough", "hidden layer · {0}").format(label))
    return titles


# -- forward ------------------------------------------------------------------------------
def _fill(template: str, symbol: str, value: float | None) -> str:
    """Put a symbol (value None) or a number in place of ``net`` in an activation formula."""
    def put(m: re.Match[str]) -> str:
        if value is None:
            return symbol
        before = template[:m.start()].rstrip()[-1:]
        # An operand after an operator needs its sign in parentheses: e^(−(−0.5)).
        return term(value) if before and before in "−-^·×*/" else num(value)
    return re.sub(r"\bnet\b", put, template)


def _activation_line(p: _Pass, layer: int, j: int) -> Line:
    act, nt = p.net.activations[layer - 1], p.nt
    net_row, h = p.fp.net[layer - 1][p.s], p.fp.h[layer][p.s, j]
    net_sym = nt.node("net", layer, j)
    if act.name == "softmax":
        n = len(net_row)
        syms = [nt.node("net", layer, k) for k in range(n)]
        denominator = (" + ".join(f"e^{s}" for s in syms) if n <= MAX_SYMBOLIC_TERMS
                       else "Σₖ e^netₖ")
        formula = f"e^{net_sym} / ({denominator})"
        parts = [f"e^{term(v)}" for v in net_row[:MAX_TERMS_SHOWN]]
        rest = float(np.exp(net_row[MAX_TERMS_SHOWN:]).sum())
        substituted = (f"e^{term(net_row[j])} / "
                       f"({_sum_text(parts, rest, max(0, n - MAX_TERMS_SHOWN))})")
    else:
        template = translate("Names", act.formula)  # ELU's has words: "net if net > 0 else …"
        formula = _fill(template, net_sym, None)
        substituted = _fill(template.split(" = ")[-1], net_sym, float(net_row[j]))
    return Line(nt.node("h", layer, j), formula, substituted, float(h), layer, j, "forward")


def _net_line(p: _Pass, layer: int, j: int) -> Line:
    nt, s = p.nt, p.s
    W, b = p.net.W[layer - 1], p.net.b[layer - 1]
    prev = p.fp.h[layer - 1][s]
    n_in = len(prev)
    if n_in <= MAX_SYMBOLIC_TERMS:
        formula = " + ".join(f"{nt.weight(layer, j, i)}{nt.out(layer - 1, i)}"
                             for i in range(n_in))
        formula += f" + {nt.node('b', layer, j)}"
    else:
        formula = nt.sigma(layer, j)
    parts = [f"{term(W[i, j])} × {term(prev[i])}" for i in range(min(n_in, MAX_TERMS_SHOWN))]
    rest = float(np.dot(W[MAX_TERMS_SHOWN:, j], prev[MAX_TERMS_SHOWN:]))
    substituted = _sum_text(parts, rest, max(0, n_in - MAX_TERMS_SHOWN)) + f" + {term(b[j])}"
    return Line(nt.node("net", layer, j), formula, substituted,
                float(p.fp.net[layer - 1][s, j]), layer, j, "forward")


def _forward(p: _Pass) -> Section:
    nt, names = p.nt, p.session.input_names
    lines: list[Line] = []
    x = p.fp.h[0][p.s]
    for i in shown(len(x)):
        name = names[i] if i < len(names) else f"x{i + 1}"
        label = FEATURES[name].label if name in FEATURES else name
        what = (translate("Walkthrough", "feature {0} of the point") if p.session.is_2d
                else translate("Walkthrough", "column {0} of the point"))
        notes = [] if label == nt.out(0, i) else [what.format(label)]
        if i == MAX_NEURONS_SHOWN - 1 and len(x) > MAX_NEURONS_SHOWN:
            notes.append(more(len(x), MORE_INPUTS))
        lines.append(Line(nt.out(0, i), "", num(x[i]), float(x[i]), 0, i, "forward",
                          comment="; ".join(notes)))
    for layer in range(1, p.L + 1):
        size = p.net.sizes[layer]
        for j in shown(size):
            lines.append(_net_line(p, layer, j))
            act_line = _activation_line(p, layer, j)
            if j == MAX_NEURONS_SHOWN - 1 and size > MAX_NEURONS_SHOWN:
                act_line = _with_comment(act_line, more(size))
            lines.append(act_line)
    notes = [translate("Walkthrough", "Each neuron adds up its weighted inputs and its bias, "
                                      "net = Σ w x + b, then applies its activation: "
                                      "h = f(net).  Layer by layer, from the inputs to the "
                                      "output ŷ.")]
    return Section(translate("Walkthrough", "Forward pass"), lines, notes, "forward")


def _with_comment(line: Line, comment: str) -> Line:
    return replace(line, comment=f"{line.comment}; {comment}" if line.comment
                               else comment)


# -- loss ---------------------------------------------------------------------------
def _loss(p: _Pass) -> Section:
    nt, s, L, net = p.nt, p.s, p.L, p.net
    y, y_hat, logits = p.t[s], p.fp.y_hat[s], p.fp.net[-1][s]
    n_out = len(y)
    lines = [Line(nt.target(k), "", num(y[k]), float(y[k]), L, k, "loss",
                  comment=translate("Walkthrough", "the target") if n_out == 1
                  else translate("Walkthrough", "target for output {0}").format(k + 1))
             for k in shown(n_out)]
    per_sample = net.loss.per_sample(p.fp.net[-1], p.fp.y_hat, p.t)  # the engine's own
    name = net.loss_name
    if name == "squared_error":
        if n_out == 1:
            formula = f"½({nt.target(0)} − {nt.out(L, 0)})²"
            substituted = f"½ × ({num(y[0])} − {term(y_hat[0])})²"
        else:
            formula = "½ Σₖ (yₖ − ŷₖ)²"
            cut = MAX_TERMS_SHOWN
            parts = [f"({num(y[k])} − {term(y_hat[k])})²" for k in range(min(n_out, cut))]
            rest = float(((y[cut:] - y_hat[cut:]) ** 2).sum())
            substituted = f"½ × ({_sum_text(parts, rest, max(0, n_out - cut))})"
        comment = ""
    elif name == "binary_cross_entropy":
        formula = "−y ln ŷ − (1 − y) ln(1 − ŷ)"
        substituted = (f"−{term(y[0])} × ln {term(y_hat[0])} − (1 − {term(y[0])}) × "
                       f"ln(1 − {term(y_hat[0])})")
        comment = translate("Walkthrough", "computed from net = {0} as ln(1 + e^net) − y·net, "
                                           "the same quantity without rounding ŷ first").format(
            num(logits[0]))
    else:
        formula = "−Σₖ yₖ ln ŷₖ"
        hot = [k for k in range(n_out) if y[k] != 0]
        substituted = " − ".join(f"{num(y[k])} × ln {num(y_hat[k])}"
                                 for k in hot[:MAX_TERMS_SHOWN])
        substituted = f"−{substituted}" if substituted else "0"
        comment = translate("Walkthrough", "computed from the logits as ln Σₖ e^netₖ − Σₖ yₖ "
                                           "netₖ, the same quantity without rounding ŷ first")
    lines.append(Line(f"L{sub(s + 1)}" if p.N > 1 else "L", formula, substituted,
                      float(per_sample[s]), L, -1, "loss", comment=comment))
    lines.append(_batch_loss_line(p, per_sample))
    other = translate("Walkthrough", "{0}: {1} for one sample.").format(
        translate("Names", net.loss.label), net.loss.formula)
    batch = (translate("Walkthrough", "The mini-batch loss is the mean of the {0} samples' "
                                      "losses.") if net.reduction == "mean" else
             translate("Walkthrough", "The mini-batch loss is the sum of the {0} samples' "
                                      "losses."))
    notes = [translate("Walkthrough", LOSS_NOTES[name]) if name in LOSS_NOTES else other,
             batch.format(p.N)]
    tr = p.session.trainer
    if tr.regularization != "none" and tr.regularization_rate > 0:
        pen = regularizers.penalty(tr.regularization, tr.regularization_rate, net.W)
        rate = setting(tr.regularization_rate)
        if tr.regularization == "l1":
            sym, text = "λ Σ|w|", f"{rate} × {num(sum(np.abs(w).sum() for w in net.W))}"
        else:
            sym, text = "λ · ½ Σ w²", f"{rate} × ½ × {num(sum((w * w).sum() for w in net.W))}"
        lines.append(Line(translate("Walkthrough", "penalty"), sym, text, pen, L, -1, "loss",
                          comment=translate("Walkthrough", "added to the training objective "
                                                           "(its gradient below); the loss the "
                                                           "lab reports is the data loss "
                                                           "alone")))
    return Section(translate("Walkthrough", "Loss"), lines, notes, "loss")


def _batch_loss_line(p: _Pass, per_sample: Array) -> Line:
    n, mean = p.N, p.net.reduction == "mean"
    value = p.net.loss_value(p.fp, p.t)
    symbols = " + ".join(f"L{sub(k + 1)}" for k in range(n)) if n <= MAX_BATCH_TERMS else "Σₙ Lₙ"
    parts = [num(v) for v in per_sample[:MAX_TERMS_SHOWN]]
    total = _sum_text(parts, float(per_sample[MAX_TERMS_SHOWN:].sum()),
                      max(0, n - MAX_TERMS_SHOWN))
    if n == 1:
        formula, substituted = "L₁", parts[0]
    elif mean:
        formula, substituted = f"({symbols}) / {n}", f"({total}) / {n}"
    else:
        formula, substituted = symbols, total
    how = (translate("Walkthrough", "mean over {0} samples") if mean
           else translate("Walkthrough", "sum over {0} samples")).format(n)
    return Line(translate("Walkthrough", "L(batch)"), formula, substituted, value, p.L, -1,
                "loss", comment=how)


# -- backward -----------------------------------------------------------------------------
# The comment on a linear output's δ under the squared error: the article's f′(net) = 1.
LINEAR_OUTPUT_DELTA = QT_TRANSLATE_NOOP(
    "Walkthrough", "f′(net) = 1: the output is linear, ŷ = net, so the f′(net) of "
                   "(ŷ − y) f′(net) drops out")


def _derivative(p: _Pass, layer: int, j: int) -> tuple[str, str]:
    """f′(net) of one neuron: (symbolic, with numbers), in the cheapest article form."""
    act, nt = p.net.activations[layer - 1], p.nt
    h_sym, h = nt.out(layer, j), float(p.fp.h[layer][p.s, j])
    if act.name == "sigmoid":
        return f"{h_sym}(1 − {h_sym})", f"{num(h)} × (1 − {num(h)})"
    if act.name == "tanh":
        return f"(1 − {h_sym}²)", f"(1 − {term(h)}²)"
    if act.name == "linear":
        return "1", "1"
    d = float(act.derivative(p.fp.net[layer - 1][p.s:p.s + 1], p.fp.h[layer][p.s:p.s + 1])[0, j])
    exact = d.is_integer() and abs(d) < 10  # ReLU's 0 and 1 are exact: no 1.000
    return f"f′({nt.node('net', layer, j)})", str(int(d)) if exact else term(d)


def _output_delta_lines(p: _Pass) -> list[Line]:
    nt, L, s = p.nt, p.L, p.s
    y, y_hat = p.t[s], p.fp.y_hat[s]
    scale, scale_n = ("", "") if p.net.reduction == "sum" else (" / N", f" / {p.N}")
    lines = []
    for k in shown(len(y)):
        diff = f"({nt.out(L, k)} − {nt.target(k)})"
        diff_n = f"({num(y_hat[k])} − {term(y[k])})"
        comment = ""
        if p.net.loss_name == "squared_error":
            d_sym, d_num = _derivative(p, L, k)
            if d_sym == "1":  # linear output: f′ = 1, as the article notes
                formula, substituted = f"{diff}{scale}", f"{diff_n}{scale_n}"
                comment = translate("Walkthrough", LINEAR_OUTPUT_DELTA)
            else:
                formula = f"{diff} · {d_sym}{scale}"
                substituted = f"{diff_n} × {d_num}{scale_n}"
        else:
            formula, substituted = f"{diff}{scale}", f"{diff_n}{scale_n}"
        if k == MAX_NEURONS_SHOWN - 1:
            comment = "; ".join(c for c in (comment, more(len(y), MORE_OUTPUTS)) if c)
        lines.append(Line(nt.node("δ", L, k), formula, substituted,
                          float(p.bp.delta[-1][s, k]), L, k, "backward", comment=comment))
    return lines


def _hidden_delta_line(p: _Pass, layer: int, j: int) -> Line:
    nt, s = p.nt, p.s
    W_next = p.net.W[layer]  # (n_layer, n_next): W_next[j, k] = w_kj
    d_next = p.bp.delta[layer][s]
    n_next = len(d_next)
    d_sym, d_num = _derivative(p, layer, j)
    if n_next == 1 and layer + 1 == p.L:
        back = f"{nt.node('δ', layer + 1, 0)} {nt.weight(layer + 1, 0, j)}"  # the article's δ w_j
        back_n = f"{term(d_next[0])} × {term(W_next[j, 0])}"
    else:
        if n_next <= MAX_SYMBOLIC_TERMS:
            back = " + ".join(f"{nt.node('δ', layer + 1, k)}{nt.weight(layer + 1, k, j)}"
                              for k in range(n_next))
        else:
            back = f"Σₖ δₖ wₖ{sub(j + 1)}"
        parts = [f"{term(d_next[k])} × {term(W_next[j, k])}"
                 for k in range(min(n_next, MAX_TERMS_SHOWN))]
        rest = float(np.dot(d_next[MAX_TERMS_SHOWN:], W_next[j, MAX_TERMS_SHOWN:]))
        back, back_n = f"({back})", f"({_sum_text(parts, rest, max(0, n_next - MAX_TERMS_SHOWN))})"
    if d_sym != "1":  # a linear hidden layer passes δ back unchanged
        back, back_n = f"{back} · {d_sym}", f"{back_n} × {d_num}"
    return Line(nt.node("δ", layer, j), back, back_n, float(p.bp.delta[layer - 1][s, j]),
                layer, j, "backward")


def _backward(p: _Pass) -> Section:
    lines = _output_delta_lines(p)
    for layer in range(p.L - 1, 0, -1):
        size = p.net.sizes[layer]
        for j in shown(size):
            line = _hidden_delta_line(p, layer, j)
            if j == MAX_NEURONS_SHOWN - 1 and size > MAX_NEURONS_SHOWN:
                line = _with_comment(line, more(size))
            lines.append(line)
    return Section(translate("Walkthrough", "Backward pass"), lines, _backward_notes(p),
                   "backward")


def _backward_notes(p: _Pass) -> list[str]:
    notes = []
    name = p.net.loss_name
    if name == "squared_error":
        notes.append(translate("Walkthrough", "Output: δ = ∂L/∂net = (ŷ − y) f′(net), the "
                                              "article's output error."))
        if p.net.activation_names[-1] == "linear":
            notes.append(translate("Walkthrough", "The output is linear, ŷ = f(net) = net, so "
                                                  "f′(net) = 1 and δ = ŷ − y, as the article "
                                                  "writes for its linear output."))
    elif name == "binary_cross_entropy":
        notes.append(translate("Walkthrough", "Output: δ = ŷ − y.  With a sigmoid output and "
                                              "cross-entropy, ∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) and "
                                              "f′(net) = ŷ(1 − ŷ) cancel."))
    else:
        notes.append(translate("Walkthrough", "Output: δₖ = ŷₖ − yₖ.  With a softmax output "
                                              "and cross-entropy, the softmax Jacobian cancels "
                                              "against ∂L/∂ŷ, so no f′ appears."))
    if p.net.reduction == "mean":
        notes.append(translate("Walkthrough", "The batch loss is the mean over N = {0} "
                                              "samples, so every δ carries the factor 1/{0}.")
                     .format(p.N))
    if p.L > 1:
        notes.append(translate("Walkthrough", "Hidden: δⱼ = ∂L/∂netⱼ = (Σₖ δₖ wₖⱼ) f′(netⱼ): "
                                              "each neuron collects the errors of the neurons "
                                              "it feeds, through the same weights (the "
                                              "article's δⱼ = δ wⱼ f′(netⱼ) for one output).  "
                                              "f′ = h(1 − h) for the sigmoid, 1 − h² for "
                                              "tanh."))
    return notes


# -- gradients --------------------------------------------------------------------------------
def _batch_sum(p: _Pass, products: Array, text: Callable[[int], str]) -> tuple[str, str]:
    """A sum over the batch with numbers, and an aside naming the followed sample's term."""
    s, n = p.s, len(products)
    if n == 1:
        return text(s), ""
    mine = f"{text(s)} = {num(products[s])}"
    if n <= MAX_BATCH_TERMS:
        return (" + ".join(text(k) for k in range(n)),
                translate("Walkthrough", "sample {0}'s term: {1}").format(s + 1, mine))
    others = float(products.sum() - products[s])
    return (f"{text(s)} + {term(others)}",
            translate("Walkthrough", "this sample: {0}; the other {1} samples together: {2}")
            .format(mine, n - 1, num(others)))


def _regularized(p: _Pass, layer: int, j: int, i: int, w_sym: str, formula: str,
                 substituted: str, comment: str) -> tuple[str, str, str]:
    tr = p.session.trainer
    if tr.regularization == "none" or tr.regularization_rate == 0:
        return formula, substituted, comment
    w = float(p.net.W[layer - 1][i, j])
    data = num(p.data_dW[layer - 1][i, j])
    rate = setting(tr.regularization_rate)
    if tr.regularization == "l2":
        formula, penalty = f"{formula} + λ{w_sym}", f"{rate} × {term(w)}"
    else:
        sign = {1.0: "1", -1.0: f"({MINUS}1)"}.get(float(np.sign(w)), "0")
        formula, penalty = f"{formula} + λ sign({w_sym})", f"{rate} × {sign}"
    aside = translate("Walkthrough", "data part = {0} = {1}").format(substituted, data)
    return formula, f"{data} + {penalty}", f"{aside}; {comment}" if comment else aside


def _weight_gradient_line(p: _Pass, layer: int, j: int, i: int) -> Line:
    nt = p.nt
    d, h = p.bp.delta[layer - 1][:, j], p.fp.h[layer - 1][:, i]
    w_sym = nt.weight(layer, j, i)
    core = f"{nt.node('δ', layer, j)}{nt.out(layer - 1, i)}"
    formula = core if p.N == 1 else f"Σₙ {core}"
    substituted, comment = _batch_sum(p, d * h, lambda k: f"{term(d[k])} × {term(h[k])}")
    formula, substituted, comment = _regularized(p, layer, j, i, w_sym, formula, substituted,
                                                 comment)
    return Line(f"∂L/∂{w_sym}", formula, substituted, float(p.bp.dW[layer - 1][i, j]),
                layer, j, "gradient", source=i, param="w", comment=comment)


def _bias_gradient_line(p: _Pass, layer: int, j: int) -> Line:
    d = p.bp.delta[layer - 1][:, j]
    d_sym = p.nt.node("δ", layer, j)
    formula = d_sym if p.N == 1 else f"Σₙ {d_sym}"
    substituted, comment = _batch_sum(p, d, lambda k: term(d[k]))
    return Line(f"∂L/∂{p.nt.node('b', layer, j)}", formula, substituted,
                float(p.bp.db[layer - 1][j]), layer, j, "gradient", param="b", comment=comment)


def _gradients(p: _Pass) -> Section:
    lines: list[Line] = []
    for layer in range(p.L, 0, -1):
        n_in, size = p.net.sizes[layer - 1], p.net.sizes[layer]
        for j in shown(size):
            for i in shown(n_in):
                line = _weight_gradient_line(p, layer, j, i)
                if i == MAX_NEURONS_SHOWN - 1 and n_in > MAX_NEURONS_SHOWN:
                    line = _with_comment(line, more(n_in, MORE_WEIGHTS))
                lines.append(line)
            line = _bias_gradient_line(p, layer, j)
            if j == MAX_NEURONS_SHOWN - 1 and size > MAX_NEURONS_SHOWN:
                line = _with_comment(line, more(size))
            lines.append(line)
    if p.N > 1:
        notes = [translate("Walkthrough", "For one sample ∂L/∂wⱼᵢ = δⱼ xᵢ and ∂L/∂bⱼ = δⱼ; the "
                                          "step adds these up over the {0} samples of the "
                                          "mini-batch (Σₙ).").format(p.N)]
    else:
        notes = [translate("Walkthrough", "∂L/∂wⱼᵢ = δⱼ xᵢ and ∂L/∂bⱼ = δⱼ (xᵢ is the input "
                                          "the weight multiplies).")]
    if p.net.reduction == "mean" and p.N > 1:
        notes.append(translate("Walkthrough", "The 1/{0} of the mean is already inside each "
                                              "δ.").format(p.N))
    tr = p.session.trainer
    if tr.regularization != "none" and tr.regularization_rate > 0:
        what = "λ sign(w) (L1: λ Σ|w|)" if tr.regularization == "l1" else "λw (L2: λ · ½ Σ w²)"
        notes.append(translate("Walkthrough", "Regularization with λ = {0} adds {1} to every "
                                              "weight gradient; biases are not regularized.")
                     .format(setting(tr.regularization_rate), what))
    return Section(translate("Walkthrough", "Gradients"), lines, notes, "gradient")


# -- update ---------------------------------------------------------------------------------------
_SLOT_SYMBOLS = {"velocity": "v", "square_avg": "s", "m": "m", "v": "v"}


@dataclass
class _Param:
    """One weight or bias around the update: old value, gradient, new value, state."""

    symbol: str
    k: int  # index in the optimizer's parameter list
    elem: tuple[int, ...]
    layer: int
    neuron: int
    source: int
    kind: str  # "w" or "b"

    def old(self, p: _Pass) -> float:
        return float(p.optimizer.params[self.k][self.elem])

    def grad(self, p: _Pass) -> float:
        return float(p.bp.grads[self.k][self.elem])

    def new(self, p: _Pass) -> float:
        return float(p.after.params[self.k][self.elem])

    def state(self, p: _Pass, slot: str, after: bool) -> float:
        opt = p.after if after else p.optimizer
        return float(opt.state[slot][self.k][self.elem])

    def slot_symbol(self, slot: str) -> str:
        return f"{_SLOT_SYMBOLS.get(slot, slot)}({self.symbol})"

    def line(self, p: _Pass, symbol: str, formula: str, substituted: str, value: float,
             state: str = "", digits: int = 4) -> Line:
        return Line(symbol, formula, substituted, value, self.layer, self.neuron, "update",
                    self.source, self.kind, state, digits=digits)


def _update_lines(p: _Pass, q: _Param) -> list[Line]:
    opt, name = p.optimizer, p.optimizer.name
    lr, hp = setting(opt.learning_rate), {k: setting(v) for k, v in opt.hyper.items()}
    sym, g_sym = q.symbol, f"∂L/∂{q.symbol}"
    new = q.new(p)
    # A small step can vanish in 4 digits (−1.073 ← −1.073): show as many as the change needs.
    digits = change_digits(q.old(p), new)
    old, g = num(q.old(p), digits), term(q.grad(p))
    if name == "sgd":
        return [q.line(p, sym, f"{sym} − η {g_sym}", f"{old} − {lr} × {g}", new, "", digits)]
    if name in ("momentum", "nesterov"):
        v = q.slot_symbol("velocity")
        v_old, v_new = q.state(p, "velocity", False), q.state(p, "velocity", True)
        lines = [q.line(p, v, f"μ {v} + {g_sym}", f"{hp['momentum']} × {term(v_old)} + {g}",
                        v_new, "velocity")]
        if name == "momentum":
            lines.append(q.line(p, sym, f"{sym} − η {v}", f"{old} − {lr} × {term(v_new)}", new,
                                "", digits))
        else:
            lines.append(q.line(p, sym, f"{sym} − η ({g_sym} + μ {v})",
                                f"{old} − {lr} × ({g} + {hp['momentum']} × {term(v_new)})", new,
                                "", digits))
        return lines
    if name == "rmsprop":
        s = q.slot_symbol("square_avg")
        s_old, s_new = q.state(p, "square_avg", False), q.state(p, "square_avg", True)
        rho = opt.hyper["rho"]
        return [
            q.line(p, s, f"ρ {s} + (1 − ρ)({g_sym})²",
                   f"{hp['rho']} × {term(s_old)} + {setting(1 - rho)} × {g}²", s_new, "square_avg"),
            q.line(p, sym, f"{sym} − η {g_sym} / (√{s} + ε)",
                   f"{old} − {lr} × {g} / (√{num(s_new)} + {hp['eps']})", new, "", digits),
        ]
    if name == "adam":
        m, v = q.slot_symbol("m"), q.slot_symbol("v")
        b1, b2 = opt.hyper["beta1"], opt.hyper["beta2"]
        t = p.after.t
        c1, c2 = 1.0 - b1**t, 1.0 - b2**t  # the bias corrections, as Adam computes them
        m_new, v_new = q.state(p, "m", True), q.state(p, "v", True)
        return [
            q.line(p, m, f"β₁ {m} + (1 − β₁) {g_sym}",
                   f"{hp['beta1']} × {term(q.state(p, 'm', False))} + {setting(1 - b1)} × {g}",
                   m_new, "m"),
            q.line(p, v, f"β₂ {v} + (1 − β₂)({g_sym})²",
                   f"{hp['beta2']} × {term(q.state(p, 'v', False))} + {setting(1 - b2)} × {g}²",
                   v_new, "v"),
            q.line(p, sym, f"{sym} − η ({m} / (1 − β₁ᵗ)) / (√({v} / (1 − β₂ᵗ)) + ε)",
                   f"{old} − {lr} × ({term(m_new)} / {num(c1)}) / "
                   f"(√({num(v_new)} / {num(c2)}) + {hp['eps']})", new, "", digits),
        ]
    # An optimizer this module does not know yet: still the engine's exact new value.
    return [q.line(p, sym, translate("Walkthrough", "{0} update of {1}").format(
                       translate("Names", opt.label or name), sym),
                   f"{old} → {num(new, digits)}", new, "", digits)]


def _update_notes(p: _Pass) -> list[str]:
    opt = p.optimizer
    lr = setting(opt.learning_rate)
    hp = {k: setting(v) for k, v in opt.hyper.items()}
    t = p.after.t
    if opt.name == "sgd":
        note = translate("Walkthrough", "Gradient descent with learning rate η = {0}: "
                                        "w ← w − η ∂L/∂w, the article's rule.").format(lr)
    elif opt.name == "momentum":
        note = translate("Walkthrough", "Momentum, η = {0}, μ = {1}: v ← μv + ∂L/∂w, then "
                                        "w ← w − ηv.  v(w) is the velocity the parameter has "
                                        "gathered over the steps so far.").format(
            lr, hp.get("momentum"))
    elif opt.name == "nesterov":
        note = translate("Walkthrough", "Nesterov momentum, η = {0}, μ = {1}: v ← μv + ∂L/∂w, "
                                        "then w ← w − η(∂L/∂w + μv).").format(
            lr, hp.get("momentum"))
    elif opt.name == "rmsprop":
        note = translate("Walkthrough", "RMSProp, η = {0}, ρ = {1}, ε = {2}: s(w) is a running "
                                        "average of the squared gradient; each step is divided "
                                        "by its root.").format(lr, hp.get("rho"), hp.get("eps"))
    elif opt.name == "adam":
        note = translate("Walkthrough", "Adam, η = {0}, β₁ = {1}, β₂ = {2}, ε = {3}, step "
                                        "t = {4}: m and v are running averages of the gradient "
                                        "and its square; the bias corrections are "
                                        "1 − β₁ᵗ = {5} and 1 − β₂ᵗ = {6}.").format(
            lr, hp.get("beta1"), hp.get("beta2"), hp.get("eps"), t,
            num(1.0 - opt.hyper.get("beta1", 0.0) ** t),
            num(1.0 - opt.hyper.get("beta2", 0.0) ** t))
    else:
        note = f"{translate('Names', opt.label or opt.name)}, η = {lr}."
    return [note, translate("Walkthrough", "The new values are exactly what “Apply this "
                                           "step” writes into the network.")]


def _update(p: _Pass) -> Section:
    nt, lines = p.nt, []
    for layer in range(p.L, 0, -1):
        n_in, size = p.net.sizes[layer - 1], p.net.sizes[layer]
        for j in shown(size):
            for i in shown(n_in):
                q = _Param(nt.weight(layer, j, i), 2 * (layer - 1), (i, j), layer, j, i, "w")
                lines += _update_lines(p, q)
            q = _Param(nt.node("b", layer, j), 2 * layer - 1, (j,), layer, j, -1, "b")
            lines += _update_lines(p, q)
            if j == MAX_NEURONS_SHOWN - 1 and size > MAX_NEURONS_SHOWN:
                lines[-1] = _with_comment(lines[-1], more(size))
    return Section(translate("Walkthrough", "Update"), lines, _update_notes(p), "update")
