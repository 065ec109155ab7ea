"""Short labels for runs: what differs from the run before ("lr 0.3", "[8, 8] relu", "seed 4").

``describe_change(before, after)`` compares two experiment specs (data,
architecture, training; never weights) and names each difference in a few
characters; ``describe_run`` sums up a first run.  Labels are stored in files
as written, in English; the window shows them in its language by passing
``translate`` (Qt's, through ``bplab.experiment.translation``), which each
phrase and each key goes through.  Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable

from bplab.experiment.model import Architecture, DataSpec, Experiment, TrainingSettings
from bplab.experiment.translation import QT_TRANSLATE_NOOP, Translator, english

MAX_PARTS = 3  # differences named one by one; more are counted ("+2 more")
SAME = "same settings"
CONTEXT = "RunLabels"

# The keys a label names (data sets, optimizers, initializers, activations, losses), for
# the translation tools; English shows them as they are (underscores as spaces).
KEYS = (
    QT_TRANSLATE_NOOP("RunLabels", "circle"), QT_TRANSLATE_NOOP("RunLabels", "xor"),
    QT_TRANSLATE_NOOP("RunLabels", "gauss"), QT_TRANSLATE_NOOP("RunLabels", "spiral"),
    QT_TRANSLATE_NOOP("RunLabels", "moons"), QT_TRANSLATE_NOOP("RunLabels", "gauss3"),
    QT_TRANSLATE_NOOP("RunLabels", "article xor"), QT_TRANSLATE_NOOP("RunLabels", "plane"),
    QT_TRANSLATE_NOOP("RunLabels", "multi gauss"),
    QT_TRANSLATE_NOOP("RunLabels", "sgd"), QT_TRANSLATE_NOOP("RunLabels", "momentum"),
    QT_TRANSLATE_NOOP("RunLabels", "nesterov"), QT_TRANSLATE_NOOP("RunLabels", "rmsprop"),
    QT_TRANSLATE_NOOP("RunLabels", "adam"),
    QT_TRANSLATE_NOOP("RunLabels", "article"), QT_TRANSLATE_NOOP("RunLabels", "uniform"),
    QT_TRANSLATE_NOOP("RunLabels", "glorot"), QT_TRANSLATE_NOOP("RunLabels", "he"),
    QT_TRANSLATE_NOOP("RunLabels", "zeros"),
    QT_TRANSLATE_NOOP("RunLabels", "linear"),
    QT_TRANSLATE_NOOP("RunLabels", "squared error"),
    QT_TRANSLATE_NOOP("RunLabels", "cross-entropy"),
    QT_TRANSLATE_NOOP("RunLabels", "softmax cross-entropy"),
    QT_TRANSLATE_NOOP("RunLabels", "mean"), QT_TRANSLATE_NOOP("RunLabels", "sum"),
)

FEATURE_NAMES = {"x1": "x₁", "x2": "x₂", "x1_sq": "x₁²", "x2_sq": "x₂²", "x1_x2": "x₁x₂",
                 "sin_x1": "sin x₁", "sin_x2": "sin x₂"}
SHORT_LOSSES = {"squared_error": "squared error", "binary_cross_entropy": "cross-entropy",
                "softmax_cross_entropy": "softmax cross-entropy"}


def _g(x: float) -> str:
    return f"{x:g}"


def _key(key: str, translate: Translator) -> str:
    """A key (``"multi_gauss"``, ``"adam"``) as a label writes it."""
    return translate(CONTEXT, key.replace("_", " "))


def layers_text(arch: Architecture, translate: Translator = english) -> str:
    """'[8, 8] relu', '[4 tanh, 2 relu]', or 'no hidden layer'."""
    if not arch.hidden:
        return translate("RunLabels", "no hidden layer")
    acts = set(arch.activations)
    if len(acts) == 1:
        return f"[{', '.join(map(str, arch.hidden))}] {_key(arch.activations[0], translate)}"
    pairs = ", ".join(f"{n} {_key(a, translate)}"
                      for n, a in zip(arch.hidden, arch.activations, strict=True))
    return f"[{pairs}]"


def _data_name(d: DataSpec, translate: Translator) -> str:
    return (translate("RunLabels", "loaded points") if d.source == "points"
            else _key(d.generator, translate))


def _data_parts(a: DataSpec, b: DataSpec, translate: Translator) -> list[str]:
    t = translate
    parts = []
    if (a.source, a.generator) != (b.source, b.generator):
        parts.append(_data_name(b, t))
    if a.n_points != b.n_points:
        parts.append(translate("RunLabels", "default points") if b.n_points is None
                     else translate("RunLabels", "{0} points").format(b.n_points))
    if a.noise != b.noise:
        parts.append(translate("RunLabels", "noise {0}%").format(f"{b.noise * 100:g}"))
    if a.train_fraction != b.train_fraction:
        parts.append(translate("RunLabels", "train {0}%").format(f"{b.train_fraction * 100:g}"))
    if a.seed != b.seed:
        parts.append(translate("RunLabels", "data seed {0}").format(b.seed))
    if a.features != b.features:
        parts.append(", ".join(FEATURE_NAMES.get(f, f) for f in b.features)
                     or translate("RunLabels", "no features"))
    return parts


def _optimizer_text(t: TrainingSettings, translate: Translator) -> str:
    params = " ".join(f"{k} {_g(v)}" for k, v in sorted(t.optimizer_params.items()))
    return f"{_key(t.optimizer, translate)} {params}".strip()


def _lr(t: TrainingSettings, translate: Translator) -> str:
    return translate("RunLabels", "lr {0}").format(_g(t.learning_rate))


def _init(t: TrainingSettings, translate: Translator) -> str:
    return translate("RunLabels", "{0} init").format(_key(t.initializer, translate))


def _seed(t: TrainingSettings, translate: Translator) -> str:
    return translate("RunLabels", "seed {0}").format(t.seed)


def _batch(t: TrainingSettings, translate: Translator) -> str:
    return translate("RunLabels", "batch {0}").format(t.batch_size)


def _training_parts(a: TrainingSettings, b: TrainingSettings,
                    translate: Translator) -> list[str]:
    t = translate
    checks: list[tuple[bool, Callable[[], str]]] = [
        (a.learning_rate != b.learning_rate, lambda: _lr(b, t)),
        (a.batch_size != b.batch_size, lambda: _batch(b, t)),
        ((a.optimizer, a.optimizer_params) != (b.optimizer, b.optimizer_params),
         lambda: _optimizer_text(b, t)),
        ((a.regularization, a.regularization_rate) != (b.regularization, b.regularization_rate),
         lambda: (translate("RunLabels", "no regularization") if b.regularization == "none"
                  else f"{b.regularization.upper()} {_g(b.regularization_rate)}")),
        (a.loss != b.loss, lambda: _key(SHORT_LOSSES.get(b.loss, b.loss), t)),
        (a.reduction != b.reduction,
         lambda: translate("RunLabels", "{0} over the batch").format(_key(b.reduction, t))),
        (a.initializer != b.initializer, lambda: _init(b, t)),
        (a.seed != b.seed, lambda: _seed(b, t)),
        (a.shuffle != b.shuffle,
         lambda: (translate("RunLabels", "shuffled") if b.shuffle
                  else translate("RunLabels", "not shuffled"))),
        (a.dtype != b.dtype, lambda: b.dtype),
    ]
    return [text() for changed, text in checks if changed]


def _output(arch: Architecture, translate: Translator) -> str:
    return translate("RunLabels", "{0} output").format(_key(arch.output_activation, translate))


def differences(before: Experiment, after: Experiment,
                translate: Translator = english) -> list[str]:
    """Every difference between two specs, each named briefly, data first."""
    parts = _data_parts(before.data, after.data, translate)
    a, b = before.architecture, after.architecture
    if (a.hidden, a.activations) != (b.hidden, b.activations):
        parts.append(layers_text(b, translate))
    if a.output_activation != b.output_activation:
        parts.append(_output(b, translate))
    return parts + _training_parts(before.training, after.training, translate)


def describe_change(before: Experiment | None, after: Experiment,
                    translate: Translator = english) -> str:
    """The label of a run with spec ``after`` that follows a run with spec ``before``."""
    if before is None:
        return describe_run(after, translate)
    parts = differences(before, after, translate)
    if not parts:
        return translate("RunLabels", "same settings")
    if len(parts) > MAX_PARTS:
        more = translate("RunLabels", " +{0} more").format(len(parts) - MAX_PARTS)
        return ", ".join(parts[:MAX_PARTS]) + more
    return ", ".join(parts)


def describe_run(exp: Experiment, translate: Translator = english) -> str:
    """A first run's label: its layers and learning rate, e.g. '[4, 2] tanh, lr 0.03'."""
    return f"{layers_text(exp.architecture, translate)}, {_lr(exp.training, translate)}"


def settings_summary(exp: Experiment, translate: Translator = english) -> str:
    """The main settings in one line, e.g. for a tooltip."""
    d, t, tr = exp.data, exp.training, translate
    noise = translate("RunLabels", "noise {0}%").format(f"{d.noise * 100:g}")
    parts = [", ".join((_data_name(d, tr), noise,
                        translate("RunLabels", "data seed {0}").format(d.seed))),
             f"{layers_text(exp.architecture, tr)}, {_output(exp.architecture, tr)}",
             ", ".join((_optimizer_text(t, tr), _lr(t, tr), _batch(t, tr))),
             f"{_init(t, tr)}, {_seed(t, tr)}"]
    if t.regularization != "none":
        parts.append(f"{t.regularization.upper()} {_g(t.regularization_rate)}")
    return "; ".join(parts)
