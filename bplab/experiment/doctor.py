"""The training doctor: finds why a run does not learn, with the numbers and a fix.

``diagnose(session)`` examines the network as it stands, on the whole
training set, and the history of the run; it returns a list of ``Finding``s.
Each check is a small function in the ``CHECKS`` table; docs/maths.md
("Training doctor") gives every threshold and why.

* ``divergence``: the loss became NaN or infinite, or grew ``GROWTH`` times
  above its best.  The cause is named, tried in this order: a weight edited
  to an extreme value (from ``edits``, or a weight ``OUTLIER_RATIO`` times its
  layer's median), a hidden layer that amplifies its inputs, or hidden
  layers that amplify the network's inputs, ``EXPLODING_GAIN`` times or more
  (naming the layer that amplifies most), else the learning rate
  (with the stable limit from the loss's curvature when the optimizer is
  gradient descent or momentum).
* ``vanishing_gradients``: ‖∂L/∂W‖ of the first layer below ``VANISHING_RATIO``
  times that of the last (3 layers or more).
* ``dead_relu``: ReLU neurons whose output is 0 on every training point.
* ``saturation``: sigmoid/tanh neurons with |net| beyond a threshold on most
  training points (``bplab.engine.layer_stats``).
* ``small_learning_rate``: the loss falls less than ``SLOW_PROGRESS`` per epoch
  while the curvature would allow a rate ``1 / SMALL_RATE_SHARE`` times larger.
* ``plateau``: the best loss of the last ``PLATEAU_EPOCHS`` epochs is not
  ``PLATEAU_IMPROVEMENT`` better than the best before them.

The last two stay quiet once the task is solved (train accuracy ≥
``SOLVED_ACCURACY``, or for regression a loss below ``SOLVED_SHARE`` of the
loss of always predicting the mean).  After a divergence only the
divergence is reported: the other checks read a network that no longer
means anything.

A finding is data: a stable ``kind`` and ``id`` (the window shows each id
once), where it is (``layer``: node layer 1 … L, the graph's numbering;
``neuron``: 0-based, or None for the whole layer or network), a message id
with its numbers (``bplab.experiment.doctor_messages``, translatable), and
an optional ``Fix`` whose ``apply(experiment)`` returns the changed copy to
run.  ``Doctor`` follows one run for the window: it remembers the last sound
weights and the user's edits, so a divergence can be traced back to them.
Qt-free.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from bplab.data.features import input_label
from bplab.engine.curvature import sharpness
from bplab.engine.layer_stats import SATURATION_NET, LayerStats, layer_stats_of
from bplab.engine.network import Network
from bplab.engine.targets import predicted_class
from bplab.experiment import doctor_fixes as fixes
from bplab.experiment.doctor_messages import FIX_MESSAGES, MESSAGES, render
from bplab.experiment.model import Experiment
from bplab.experiment.session import Session

Array = np.ndarray
Parameters = tuple[list[Array], list[Array]]  # (W per layer, b per layer)

GROWTH = 100.0  # divergence: the loss grew this many times above its best
OUTLIER_RATIO = 1000.0  # a weight this many times its layer's other weights' median |w|
OUTLIER_MIN = 100.0  # … and at least this large
EDIT_RATIO = 100.0  # an edit logged by the window counts from this ratio on
EXPLODING_GAIN = 30.0  # a hidden layer's net this many times (RMS) its inputs or the net's
VANISHING_RATIO = 1e-4  # first layer's gradient norm below this share of the last's
SLOW_PROGRESS = 1e-3  # small learning rate: the loss falls less than 0.1% per epoch …
SMALL_RATE_SHARE = 0.01  # … and the rate is below 1% of the largest stable one
PLATEAU_EPOCHS = 100  # plateau: no improvement over this many epochs …
PLATEAU_IMPROVEMENT = 0.01  # … of at least 1% of the best loss before them
SOLVED_ACCURACY = 0.99  # classification this accurate is solved: no plateau, no slow rate
SOLVED_SHARE = 0.01  # regression with a loss under 1% of the predict-the-mean loss too
CURVATURE_POINTS = 256  # training points the curvature is estimated on, at most …
CURVATURE_BUDGET = 4_000_000  # … and fewer for big nets: points × parameters at most this
MIN_CURVATURE_POINTS = 16
STEPPING_OPTIMIZERS = ("sgd", "momentum", "nesterov")  # whose stability limit is 2(1+μ)/λ

DIVERGENCE = "divergence"
VANISHING = "vanishing_gradients"
DEAD_RELU = "dead_relu"
SATURATION = "saturation"
PLATEAU = "plateau"
SMALL_LEARNING_RATE = "small_learning_rate"
PER_LAYER = frozenset({DEAD_RELU, SATURATION})  # kinds found layer by layer


# -- the data -----------------------------------------------------------------------------
@dataclass(frozen=True)
class WeightEdit:
    """A parameter changed by hand (the window logs them for the doctor)."""

    layer: int  # node layer 1 … L
    neuron: int  # j of w_ji, 0-based
    source: int | None  # i of w_ji; None for the bias b_j
    old: float
    new: float


@dataclass(frozen=True)
class Fix:
    """A suggested change: ``apply(experiment)`` returns the changed copy (a new run)."""

    kind: str  # key of FIX_MESSAGES
    params: Mapping[str, object] = field(hash=False)
    apply: Callable[[Experiment], Experiment] = field(compare=False, hash=False, repr=False)

    @property
    def template(self) -> str:
        return FIX_MESSAGES[self.kind]

    def message(self) -> str:
        """The suggestion in English."""
        return render(self.template, self.params)


@dataclass(frozen=True)
class Finding:
    """One problem: what, where, the numbers, and what to change."""

    kind: str  # DIVERGENCE, VANISHING, DEAD_RELU, SATURATION, PLATEAU, SMALL_LEARNING_RATE
    message_id: str  # key of MESSAGES
    params: Mapping[str, object] = field(hash=False)  # the numbers of the message
    layer: int | None = None  # node layer 1 … L; None: the whole network
    neuron: int | None = None  # 0-based; None: the whole layer (see ``neurons``)
    neurons: tuple[int, ...] = ()  # every neuron concerned in ``layer``, 0-based
    fix: Fix | None = None

    @property
    def id(self) -> str:
        """Stable while the problem lasts, whatever its numbers or cause: show each id once.

        The kind, and for the per-layer kinds (dead ReLUs, saturation) ``@layer``.
        """
        return f"{self.kind}@{self.layer}" if self.kind in PER_LAYER else self.kind

    @property
    def template(self) -> str:
        return MESSAGES[self.message_id]

    def message(self) -> str:
        """The finding in English."""
        return render(self.template, self.params)


# -- what the checks read ----------------------------------------------------------------------
class Evidence:
    """The numbers every check reads, computed once (the expensive ones when first asked)."""

    def __init__(self, session: Session, reference: Parameters | None,
                 edits: Sequence[WeightEdit]) -> None:
        tr = session.trainer
        self.session = session
        self.experiment = session.experiment
        self.edits = list(edits)
        self.x = np.asarray(tr.train.x, np.float64)
        self.t = np.asarray(tr.train.t, np.float64)
        self.labels = tr.train.labels
        history = tr.history
        self.epochs: list[int] = list(history.epoch)
        self.losses: list[float] = list(history.train_loss)
        opt = tr.optimizer
        self.optimizer = opt.name
        self.learning_rate = float(opt.learning_rate)
        self.momentum = float(opt.hyper.get("momentum", 0.0))
        # the mean loss of the doctor's networks, times this, is the loss a step descends
        self.batch_scale = tr.batch_size if session.network.reduction == "sum" else 1
        self.steps_per_epoch = tr.steps_per_epoch()
        self.status = tr.status
        self.epoch = tr.epoch
        self.network = _examined(session.network, None)  # None when not finite
        # the weights a divergence's cause is looked for in
        self.reference = self.network if reference is None else (
            _examined(session.network, reference) or self.network)
        self.stats: list[LayerStats] = []
        if self.network is not None:
            with np.errstate(all="ignore"):
                fp = self.network.forward(self.x)
                bp = self.network.backward(fp, self.t)
                self.stats = layer_stats_of(self.network, fp, bp)
                self.loss = self.network.loss_value(fp, self.t)
                self.gradient_sq = float(sum((g * g).sum() for g in bp.grads))
                self.y_hat = fp.y_hat

    @property
    def hidden_activations(self) -> list[str]:
        return list(self.session.network.activation_names[:-1])

    def stability_limit(self, net: Network | None) -> float | None:
        """The largest stable learning rate 2(1 + μ)/λ_max for gradient descent and momentum."""
        if net is None or self.optimizer not in STEPPING_OPTIMIZERS:
            return None
        lam = (self.sharpness if net is self.network
               else _sharpness(net, self.x, self.t))
        if lam is None:
            return None
        return 2.0 * (1.0 + self.momentum) / (lam * self.batch_scale)

    @cached_property
    def sharpness(self) -> float | None:
        return None if self.network is None else _sharpness(self.network, self.x, self.t)

    @cached_property
    def solved(self) -> bool:
        """Train accuracy ≥ SOLVED_ACCURACY, or a regression loss < SOLVED_SHARE of the mean's."""
        if self.network is None:
            return False
        if self.labels is not None:
            act = self.session.network.activation_names[-1]
            accuracy = float(np.mean(predicted_class(self.y_hat, act) == self.labels))
            return accuracy >= SOLVED_ACCURACY
        baseline = 0.5 * float(((self.t - self.t.mean(axis=0)) ** 2).sum(axis=1).mean())
        return self.loss <= SOLVED_SHARE * baseline


def _examined(network: Network, params: Parameters | None) -> Network | None:
    """A float64 copy with a mean loss, of the network's or the given parameters; None if any
    of them is not finite."""
    W, b = params if params is not None else (network.W, network.b)
    if not all(np.all(np.isfinite(a)) for a in (*W, *b)):
        return None
    net = Network(network.sizes, network.activation_names, network.loss_name, "mean")
    net.set_parameters([np.asarray(w, np.float64) for w in W],
                       [np.asarray(v, np.float64) for v in b])
    return net


def _sharpness(net: Network, x: Array, t: Array) -> float | None:
    n_params = sum(p.size for p in net.parameters())
    points = max(MIN_CURVATURE_POINTS, min(CURVATURE_POINTS, CURVATURE_BUDGET // n_params))
    step = max(1, len(x) // points)  # evenly spread over the training set
    return sharpness(net, x[::step][:points], t[::step][:points])


def _fix(kind: str, function: Callable[..., Experiment], shown: Mapping[str, object] | None = None,
         **arguments: object) -> Fix:
    """A Fix whose text shows ``shown`` (default: ``arguments``) and which calls
    ``function(experiment, **arguments)``."""
    return Fix(kind, dict(arguments if shown is None else shown),
               functools.partial(function, **arguments))


# -- divergence -----------------------------------------------------------------------------
def loss_diverging(losses: Sequence[float]) -> bool:
    """The last loss is NaN or infinite, or ``GROWTH`` times above the best before it."""
    if not losses:
        return False
    last = losses[-1]
    if not math.isfinite(last):
        return True
    best = min((v for v in losses if math.isfinite(v)), default=math.nan)
    return best > 0 and last >= GROWTH * best


def check_divergence(ev: Evidence) -> list[Finding]:
    finite = [v for v in ev.losses if math.isfinite(v)]
    last = ev.losses[-1] if ev.losses else math.nan
    not_finite = ev.network is None or ev.status == "diverged"
    best = min(finite) if finite else math.nan
    if not (not_finite or loss_diverging(ev.losses)):
        return []
    numbers = {"before": best, "after": last,
               "epoch": ev.epochs[-1] if ev.epochs else ev.epoch}
    for cause in (_edited_weight, _outlier_weight, _exploding_layer, _learning_rate):
        finding = cause(ev, numbers)
        if finding is not None:
            return [finding]
    return []  # pragma: no cover - _learning_rate always answers


def _typical(net: Network, layer: int, source: int | None, neuron: int) -> float:
    """The median |w| of the layer's weights other than w (source, neuron); with no others, of
    the network's other weights (0 if they are all 0)."""
    values = np.abs(net.W[layer - 1]).ravel()
    if source is not None:
        values = np.delete(values, source * net.W[layer - 1].shape[1] + neuron)
    if len(values) == 0:
        values = np.concatenate([np.abs(w).ravel() for k, w in enumerate(net.W)
                                 if k != layer - 1])
    return float(np.median(values)) if len(values) else 0.0


def _ratio(value: float, typical: float) -> float:
    return abs(value) / typical if typical > 0 else math.inf


def _edited_weight(ev: Evidence, numbers: dict[str, object]) -> Finding | None:
    net = ev.reference
    if net is None or not ev.edits:
        return None
    ratio, edit = max(((_ratio(e.new, _typical(net, e.layer, e.source, e.neuron)), e)
                       for e in ev.edits), key=lambda pair: pair[0])
    if ratio < EDIT_RATIO:
        return None
    return _edit_finding("edited", edit.layer, edit.neuron, edit.source, edit.new, ratio,
                         numbers)


def _outlier_weight(ev: Evidence, numbers: dict[str, object]) -> Finding | None:
    net = ev.reference
    if net is None:
        return None
    found: tuple[float, int, int, int | None, float] | None = None
    for layer in range(1, net.n_layers + 1):
        W, b = net.W[layer - 1], net.b[layer - 1]
        big = [(float(W[i, j]), j, i) for i, j in zip(*np.nonzero(np.abs(W) >= OUTLIER_MIN),
                                                       strict=True)]
        big += [(float(b[j]), j, None) for j in np.flatnonzero(np.abs(b) >= OUTLIER_MIN)]
        for value, j, i in big:
            ratio = _ratio(value, _typical(net, layer, i, j))
            if ratio >= OUTLIER_RATIO and (found is None or ratio > found[0]):
                found = (ratio, layer, int(j), None if i is None else int(i), value)
    if found is None:
        return None
    ratio, layer, j, i, value = found
    return _edit_finding("outlier", layer, j, i, value, ratio, numbers)


def _edit_finding(how: str, layer: int, j: int, i: int | None, value: float, ratio: float,
                  numbers: dict[str, object]) -> Finding:
    what = "weight" if i is not None else "bias"
    params = {**numbers, "layer": layer, "neuron": j + 1, "value": value, "ratio": ratio}
    if i is not None:
        params["source"] = i + 1
    return Finding(DIVERGENCE, f"divergence.{how}_{what}", params, layer, j, (j,),
                   _fix("fresh_weights", fixes.fresh_weights))


def signal_gains(net: Network, x: Array) -> tuple[list[float], list[float]]:
    """Per hidden layer: how many times it amplifies its inputs, RMS(net_l) / RMS(h_(l−1)), and
    how many times its net is the network's inputs, RMS(net_l) / RMS(x)."""
    with np.errstate(all="ignore"):
        fp = net.forward(x)
        rms = [float(np.sqrt(np.mean(a * a))) for a in (*fp.h[:-1], *fp.net[:-1])]
    inputs, nets = rms[:net.n_layers], rms[net.n_layers:]
    return ([_ratio(z, h) for z, h in zip(nets, inputs[:-1], strict=True)],
            [_ratio(z, inputs[0]) for z in nets])


def _exploding_layer(ev: Evidence, numbers: dict[str, object]) -> Finding | None:
    net = ev.reference
    if net is None or net.n_layers < 2:
        return None
    gains, totals = signal_gains(net, ev.x)
    last = int(np.argmax(totals))
    if max(gains) >= EXPLODING_GAIN:  # one layer alone: name it
        top = int(np.argmax(gains))
        message, params = "divergence.exploding_layer", {"gain": gains[top]}
    elif totals[last] >= EXPLODING_GAIN:  # layer after layer: name the one that adds most
        top = int(np.argmax(gains[:last + 1]))
        message, params = "divergence.exploding_layers", {"gain": gains[top], "last": last + 1,
                                                          "total": totals[last]}
    else:
        return None
    name = "he" if any(a in ("relu", "leaky_relu") for a in ev.hidden_activations) else "glorot"
    if ev.experiment.training.initializer != name:
        fix = _fix(name, fixes.with_initializer, {}, name=name)
    else:
        fix = _fix("fresh_weights", fixes.fresh_weights)
    return Finding(DIVERGENCE, message, {**numbers, **params, "layer": top + 1}, top + 1,
                   fix=fix)


def _learning_rate(ev: Evidence, numbers: dict[str, object]) -> Finding:
    lr = ev.learning_rate
    limit = ev.stability_limit(ev.reference)
    if limit is not None and limit < lr:
        new = fixes.lower_rate(lr, limit)
        message, params = "divergence.learning_rate_limit", {**numbers, "lr": lr,
                                                              "limit": limit}
    else:
        new = fixes.lower_rate(lr)
        message, params = "divergence.learning_rate", {**numbers, "lr": lr}
    return Finding(DIVERGENCE, message, params,
                   fix=_fix("lower_learning_rate", fixes.with_learning_rate, lr=new))


# -- gradients and units ----------------------------------------------------------------------
def check_vanishing_gradients(ev: Evidence) -> list[Finding]:
    if len(ev.stats) < 3:
        return []
    first, last = ev.stats[0].gradient_norm, ev.stats[-1].gradient_norm
    if not (last > 0 and math.isfinite(first)) or first >= VANISHING_RATIO * last:
        return []
    if any(a in fixes.SQUASHING for a in ev.hidden_activations):
        fix = _fix("relu_he", fixes.with_relu_he)
    elif ev.experiment.training.initializer != "he":
        fix = _fix("he", fixes.with_initializer, {}, name="he")
    else:
        fix = None
    return [Finding(VANISHING, "vanishing_gradients",
                    {"first": 1, "last": len(ev.stats), "ratio": first / last}, 1, fix=fix)]


def check_dead_relus(ev: Evidence) -> list[Finding]:
    found = []
    for s in ev.stats:
        if not s.dead:
            continue
        one = len(s.dead) == 1
        params = ({"layer": s.layer, "neuron": s.dead[0] + 1} if one else
                  {"layer": s.layer, "count": len(s.dead), "size": s.n_neurons})
        found.append(Finding(DEAD_RELU, "dead_relu.one" if one else "dead_relu.many", params,
                             s.layer, s.dead[0] if one else None, s.dead,
                             _fix("leaky_relu", fixes.with_hidden_activation, {"layer": s.layer},
                                  layer=s.layer, name="leaky_relu")))
    return found


def check_saturation(ev: Evidence) -> list[Finding]:
    found = []
    for s in ev.stats:
        if not s.saturated:
            continue
        one = len(s.saturated) == 1
        share = 100.0 * min(s.saturated_shares[j] for j in s.saturated)
        params: dict[str, object] = {"layer": s.layer, "activation": s.activation,
                                     "threshold": SATURATION_NET[s.activation], "share": share}
        if one:
            params["neuron"] = s.saturated[0] + 1
        else:
            params.update(count=len(s.saturated), size=s.n_neurons)
        if ev.experiment.training.initializer != "glorot":
            fix = _fix("glorot", fixes.with_initializer, {}, name="glorot")
        else:
            fix = _fix("relu_he", fixes.with_relu_he)
        found.append(Finding(SATURATION, "saturation.one" if one else "saturation.many", params,
                             s.layer, s.saturated[0] if one else None, s.saturated, fix))
    return found


# -- progress -----------------------------------------------------------------------------------
def check_small_learning_rate(ev: Evidence) -> list[Finding]:
    if ev.network is None or ev.solved or not ev.loss > 0:
        return []
    # first-order prediction of the loss's fall per epoch: steps × η_eff × ‖∇L‖² (× batch for
    # "sum"), where momentum's steady velocity makes η_eff = η / (1 − μ)
    eta = ev.learning_rate / (1.0 - ev.momentum)
    per_epoch = ev.steps_per_epoch * eta * ev.batch_scale * ev.gradient_sq / ev.loss
    if not per_epoch < SLOW_PROGRESS:
        return []
    limit = ev.stability_limit(ev.network)
    if limit is None or ev.learning_rate >= SMALL_RATE_SHARE * limit:
        return []
    new = fixes.raise_rate(ev.learning_rate)
    return [Finding(SMALL_LEARNING_RATE, "small_learning_rate",
                    {"lr": ev.learning_rate, "percent": 100.0 * per_epoch, "limit": limit},
                    fix=_fix("raise_learning_rate", fixes.with_learning_rate, lr=new))]


def plateau_start(epochs: Sequence[int], losses: Sequence[float]) -> int | None:
    """Index of the record where the plateau began, or None when there is none.

    A cut after record i "holds" when no later loss is ``PLATEAU_IMPROVEMENT``
    below the best loss up to i.  There is a plateau when the cut
    ``PLATEAU_EPOCHS`` before the last record holds; it began at the earliest
    record from which every cut up to that one holds.  NaN counts as no loss.
    """
    if not epochs:
        return None
    values = np.array([v if math.isfinite(v) else np.inf for v in losses])
    best_so_far = np.minimum.accumulate(values)
    best_after = np.append(np.minimum.accumulate(values[::-1])[::-1][1:], np.inf)
    holds = best_after >= (1.0 - PLATEAU_IMPROVEMENT) * best_so_far
    due = [i for i, e in enumerate(epochs[:-1]) if e <= epochs[-1] - PLATEAU_EPOCHS]
    if not due or not holds[due[-1]] or not np.isfinite(best_so_far[due[-1]]):
        return None
    start = due[-1]
    while start > 0 and holds[start - 1]:
        start -= 1
    return start


def check_plateau(ev: Evidence) -> list[Finding]:
    if ev.network is None or ev.solved:
        return []
    start = plateau_start(ev.epochs, ev.losses)
    if start is None:
        return []
    exp = ev.experiment
    features = exp.data.features
    more = fixes.added_features(features)
    if ev.session.is_2d and more != list(features):
        columns = list(ev.session.dataset.columns)
        extra = ", ".join(input_label(name, columns) for name in more if name not in features)
        fix = _fix("add_features", fixes.with_features, {"features": extra}, features=more)
    else:
        sizes = fixes.more_neurons(exp.architecture.hidden)
        fix = _fix("more_neurons", fixes.with_hidden_sizes,
                   {"sizes": ", ".join(str(s) for s in sizes)}, sizes=sizes)
    at_start = min(v for v in ev.losses[:start + 1] if math.isfinite(v))
    best = min(v for v in ev.losses if math.isfinite(v))
    return [Finding(PLATEAU, "plateau",
                    {"epochs": ev.epochs[-1] - ev.epochs[start], "loss": ev.losses[-1],
                     "percent": 100.0 * max(0.0, at_start - best) / at_start, "best": best,
                     "start": ev.epochs[start]}, fix=fix)]


# -- the table ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    kind: str
    run: Callable[[Evidence], list[Finding]]
    unless: tuple[str, ...] = ()  # skipped when a finding of one of these kinds came first


CHECKS: tuple[Check, ...] = (
    Check(DIVERGENCE, check_divergence),
    Check(VANISHING, check_vanishing_gradients, (DIVERGENCE,)),
    Check(DEAD_RELU, check_dead_relus, (DIVERGENCE,)),
    Check(SATURATION, check_saturation, (DIVERGENCE,)),
    Check(SMALL_LEARNING_RATE, check_small_learning_rate, (DIVERGENCE,)),
    # a rate too small explains a plateau; say it once
    Check(PLATEAU, check_plateau, (DIVERGENCE, SMALL_LEARNING_RATE)),
)


def diagnose(session: Session, *, reference: Parameters | None = None,
             edits: Sequence[WeightEdit] = ()) -> list[Finding]:
    """Every finding for the session's run as it stands, in the order of ``CHECKS``.

    ``reference``: (W, b) of an earlier, sound moment of the run (e.g. before
    training), examined to name the cause of a divergence when the current
    weights are no longer finite.  ``edits``: parameters changed by hand.
    The session is not changed.
    """
    ev = Evidence(session, reference, edits)
    findings: list[Finding] = []
    for check in CHECKS:
        if any(f.kind in check.unless for f in findings):
            continue
        findings.extend(check.run(ev))
    return findings


class Doctor:
    """Follows one run for the window: remembers its last sound weights and the user's edits,
    and tells which findings are new.

    Call ``remember(session)`` whenever the run is sound (e.g. at each snapshot),
    ``note_edit`` for each parameter changed by hand, and ``examine(session)``
    (or ``new_findings``) when wanted.  Not thread-safe: call from one thread.
    """

    def __init__(self) -> None:
        self.reference: Parameters | None = None  # the last sound weights seen
        self.edits: list[WeightEdit] = []
        self.shown: set[str] = set()  # ids new_findings has returned

    def reset(self) -> None:
        """Forget everything: a new run starts."""
        self.reference, self.edits, self.shown = None, [], set()

    def remember(self, session: Session) -> None:
        """Keep a copy of the weights if the run is sound: finite, and its loss not
        diverging. Weights on their way to infinity are no reference: in them, a weight
        grown by too high a learning rate would pass for one edited by hand."""
        tr = session.trainer
        if tr.status == "diverged" or loss_diverging(tr.history.train_loss):
            return
        W, b = session.network.copy_parameters()
        if all(np.all(np.isfinite(a)) for a in (*W, *b)):
            self.reference = (W, b)

    def note_edit(self, edit: WeightEdit) -> None:
        self.edits.append(edit)

    def examine(self, session: Session) -> list[Finding]:
        return diagnose(session, reference=self.reference, edits=self.edits)

    def new_findings(self, session: Session) -> list[Finding]:
        """The findings whose id has not been returned before."""
        fresh = [f for f in self.examine(session) if f.id not in self.shown]
        self.shown.update(f.id for f in fresh)
        return fresh
