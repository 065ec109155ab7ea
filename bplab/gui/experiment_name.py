"""The name an experiment goes by until the user names it.

An untitled experiment (the default, an example, an import) is renamed after
what it now is whenever its data or network change: "Spiral, [4, 2] tanh".
Saving it under a file name names it after the file, and that name sticks.

Such automatic names are stored in English, whatever the interface's language,
and ``shown_name`` translates them for the title bar: a file names the same
experiment in every language, and a language switch renames nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from bplab.data import GENERATORS
from bplab.experiment import Experiment, default_experiment, list_examples
from bplab.gui import names
from bplab.gui.file_actions import EXPERIMENT_SUFFIX
from bplab.gui.i18n import QT_TRANSLATE_NOOP


def _english(context: str, text: str) -> str:
    return text


def derived_name(exp: Experiment,
                 translate: Callable[[str, str], str] = _english) -> str:
    """What the experiment is, in a few words: its data, hidden layers and activations.

    In English (the stored name) unless ``translate`` is QCoreApplication.translate.
    """
    spec = exp.data
    if spec.source == "points" and spec.points is not None:
        data = translate("ExperimentName", IMPORTED).format(len(spec.points.y))
    else:
        info = GENERATORS.get(spec.generator)
        data = translate(names.CONTEXT, info.label) if info is not None else spec.generator
    arch = exp.architecture
    if not arch.hidden:
        net = translate("ExperimentName", NO_HIDDEN)
    elif len(set(arch.activations)) == 1:
        net = f"[{', '.join(map(str, arch.hidden))}] {translate('Keys', arch.activations[0])}"
    else:
        net = "[" + ", ".join(f"{n} {translate('Keys', a)}" for n, a in
                              zip(arch.hidden, arch.activations, strict=True)) + "]"
    return f"{data}, {net}"


IMPORTED = QT_TRANSLATE_NOOP("ExperimentName", "{0} imported points")
NO_HIDDEN = QT_TRANSLATE_NOOP("ExperimentName", "no hidden layer")


def shown_name(exp: Experiment) -> str:
    """The name for the title bar: an automatic one in the current language, a given one
    as it is."""
    if exp.name == derived_name(exp):
        return derived_name(exp, QCoreApplication.translate)
    return names.shown(exp.name)  # the default's and the examples' names are translated


def shape_of(exp: Experiment) -> tuple:
    """What a name describes: data and network, but not the seeds or training settings
    (Reset and New data keep the name)."""
    d, a, t = exp.data, exp.architecture, exp.training
    points = None if d.points is None else (len(d.points.y), d.points.x.shape[1])
    return (d.source, d.generator, points, d.noise, d.train_fraction, tuple(d.features),
            tuple(a.hidden), tuple(a.activations), a.output_activation, t.loss, t.initializer)


def is_automatic(exp: Experiment) -> bool:
    """True for names nobody chose: the default's, an example's or a derived one."""
    automatic = {default_experiment().name, Experiment().name, derived_name(exp)}
    automatic.update(title for title, _path in list_examples())
    return exp.name in automatic


def file_stem(path: str) -> str:
    """The name a file gives: 'runs/spiral-study.bplab.json' → 'spiral-study'."""
    base = os.path.basename(path)
    for suffix in (EXPERIMENT_SUFFIX, ".json", ".bplab"):
        if base.lower().endswith(suffix):
            return base[: -len(suffix)] or base
    return base
